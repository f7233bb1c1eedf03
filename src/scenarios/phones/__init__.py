"""Participants take part from their phones: a small web server inside the rehearsal app (no UI imports).

`access` keeps each session's join token, short code, signing secret and the participants who
joined (in the store, so a resumed session keeps its links and cookies); `address` finds where to
listen; `views` is what a participant's page shows; `server` the aiohttp app; `qr` the join code
drawn as text. aiohttp and segno are imported only by `server` and `qr`, when phones are opened.
"""
