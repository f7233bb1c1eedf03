"""The web trainer of `scenarios serve`: the trainer as server-rendered pages, for browsers and phones.

A front end beside `tui/` and `cli/`: its pages show the same session objects (`scenarios.trainer`) over the
same store and learning records, so a trainee who switches between the terminal and the browser sees one
history. A trainee's session is the engine's state in the store and a few kilobytes in memory, not a process.

- `browsers`: the browsers with a story open, each one of the trainee's windows (its `Trainer`, its leases);
- `actions`: what each page does and shows, run in the store's thread (no web imports);
- `views`: what a page shows of a playthrough (the transcript, the status, the verdict, the debrief);
- `pages`: the templates (Jinja2 through `exports/html.py`), `templates/` and `static/`;
- `server`: the routes, forms and cookies (aiohttp), mounted by `scenarios.serve.server`.
"""
