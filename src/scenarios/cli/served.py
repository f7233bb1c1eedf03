"""One browser session of `scenarios serve`: the trainer app as the trainee the server names.

The server starts `python -m scenarios.cli.served WORD [LANG]` for each browser, WORD being the trainee's
name (from the browser's signed cookie) as URL-safe base64 and LANG the browser's language, used until
the trainee chooses one in the settings; Textual's web driver, chosen by the server through the
environment, talks to the browser over this process's stdin and stdout. With `--launch ID` it plays the story
an LMS launched (cmi5), as the learner the launch names (`scenarios.records.cmi5`).
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence

from scenarios.i18n.catalog import LANGUAGES, resolve_language
from scenarios.records.outbox import find_launch
from scenarios.serve.guard import decode_trainee
from scenarios.store import SchemaTooNewError, Store
from scenarios.store.problems import store_message
from scenarios.store.settings import settings_key
from scenarios.store.trainee import lms_trainee


def main(argv: Sequence[str] | None = None) -> int:
    """Run the trainer for the trainee named in the arguments; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    launch_id = None
    if "--launch" in arguments:  # a story an LMS launched (cmi5): its launch id, kept in the store
        at = arguments.index("--launch")
        launch_id = arguments[at + 1] if at + 1 < len(arguments) else ""
        del arguments[at : at + 2]
    asked = arguments[1] if len(arguments) > 1 and arguments[1] in LANGUAGES else None
    language = resolve_language(asked)
    try:
        trainee = decode_trainee(arguments[0])
    except (IndexError, ValueError):
        print("usage: python -m scenarios.cli.served TRAINEE (started by `scenarios serve`)", file=sys.stderr)
        return 2
    from scenarios.tui.app import create_app

    try:
        launch = None
        if launch_id is not None:
            kept = Store()
            launch = find_launch(kept, launch_id)
            kept.close()
            if launch is None:
                print(f"no such launch: {launch_id!r}", file=sys.stderr)
                return 2
            account = launch.actor["account"]
            trainee = lms_trainee(str(account["name"]), str(account["homePage"]), launch.actor.get("name"))
            asked = launch.language or asked  # the learner's preference in the LMS comes first
        store = Store(trainee=trainee)
        chosen = store.read_setting(settings_key(store)) is not None
        story = launch.story if launch is not None else None
        app = create_app(store=store, language=None if chosen else asked, story=story, launch=launch)
    except (sqlite3.Error, SchemaTooNewError, OSError) as error:
        print(store_message(error, language), file=sys.stderr)
        return 1
    app.run()
    return 1 if app.crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
