"""One browser session of `scenarios serve`: the trainer app as the trainee the server names.

The server starts `python -m scenarios.cli.served WORD [LANG]` for each browser, WORD being the trainee's
name (from the browser's signed cookie) as URL-safe base64 and LANG the browser's language, used until
the trainee chooses one in the settings; Textual's web driver, chosen by the server through the
environment, talks to the browser over this process's stdin and stdout.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence

from scenarios.i18n.catalog import LANGUAGES, resolve_language, t
from scenarios.serve.guard import decode_trainee
from scenarios.store import SchemaTooNewError, Store
from scenarios.store.settings import settings_key


def main(argv: Sequence[str] | None = None) -> int:
    """Run the trainer for the trainee named in the arguments; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    asked = arguments[1] if len(arguments) > 1 and arguments[1] in LANGUAGES else None
    language = resolve_language(asked)
    try:
        trainee = decode_trainee(arguments[0])
    except (IndexError, ValueError):
        print("usage: python -m scenarios.cli.served TRAINEE (started by `scenarios serve`)", file=sys.stderr)
        return 2
    from scenarios.tui.app import create_app

    try:
        store = Store(trainee=trainee)
        chosen = store.read_setting(settings_key(store)) is not None
        app = create_app(store=store, language=None if chosen else asked)
    except (sqlite3.Error, SchemaTooNewError, OSError) as error:
        print(t("tui.error.database", language, detail=str(error)), file=sys.stderr)
        return 1
    app.run()
    return 1 if app.crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
