"""`scenarios serve`: the trainer in browsers (textual-serve), behind an access token, one trainee per browser.

`guard` checks the token and signs the cookies (stdlib only), `pages` the server's own pages, `server`
the aiohttp application and the app processes (imported only when the server runs), `command` the CLI.
"""
