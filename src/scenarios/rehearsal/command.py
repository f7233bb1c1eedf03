"""The `rehearse` and `cards` commands: wired into the CLI by `add_commands` and `run`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from scenarios.catalog import t
from scenarios.library import Library
from scenarios.rehearsal.cards import DEFAULT_ROTATION_MINUTES, CardsError, deal
from scenarios.rehearsal.cards import to_html as cards_html
from scenarios.rehearsal.cards import to_markdown as cards_markdown
from scenarios.rehearsal.export import FORMATS, export
from scenarios.rehearsal.records import Records
from scenarios.rehearsal.saves import SessionSaveError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
COMMANDS = ("rehearse", "cards")


def add_commands(commands: Any) -> None:
    """Add `rehearse` and `cards` to the CLI's subcommands."""
    rehearse = commands.add_parser("rehearse", help="run a team rehearsal on a shared screen, or export one")
    rehearse.add_argument(
        "story", nargs="?", help="a story file or a library story id to put in the plan (any story is offered)"
    )
    rehearse.add_argument("--list", action="store_true", help="list the saved rehearsal sessions")
    rehearse.add_argument("--export", metavar="SESSION", type=int, help="write the record of session SESSION")
    rehearse.add_argument("--format", choices=FORMATS, default="md", help="export format (default: md)")
    rehearse.add_argument("--output", "-o", help="file to write (default: the exports folder; '-' for stdout)")
    rehearse.add_argument("--lang", choices=("fi", "en"), default=argparse.SUPPRESS)

    cards = commands.add_parser("cards", help="deal channel × customer role-play cards as a printable sheet")
    who = cards.add_mutually_exclusive_group()
    who.add_argument("--participants", "-n", type=int, default=8, help="how many people (default: 8)")
    who.add_argument("--names", help="the people's names, separated by commas")
    cards.add_argument("--minutes", type=int, default=DEFAULT_ROTATION_MINUTES, help="rotation time (default: 20)")
    cards.add_argument("--seed", type=int, default=None, help="deal the same cards again with the same seed")
    cards.add_argument("--format", choices=("md", "html"), default="md", help="sheet format (default: md)")
    cards.add_argument("--output", "-o", help="file to write (default: print to stdout)")
    cards.add_argument("paths", nargs="*", help="story files or folders for the situations (default: built-in)")
    cards.add_argument("--lang", choices=("fi", "en"), default=argparse.SUPPRESS)


def run(args: argparse.Namespace, language: str) -> int:
    """Run `rehearse` or `cards`."""
    if args.command == "cards":
        return cmd_cards(args, language)
    if args.list:
        return cmd_list(language)
    if args.export is not None:
        return cmd_export(args.export, args.format, args.output, language)
    return cmd_open(args, language)


def cmd_list(language: str) -> int:
    """Print the saved sessions, most recent first."""
    from scenarios.store import Store

    records = Records(Store()).all()
    if not records:
        print(t("rehearsal.cli.no_sessions", language))
    for record in records:
        date = datetime.fromtimestamp(record.created_at).strftime("%Y-%m-%d %H:%M")
        phase = t(f"rehearsal.phase.{record.phase}", language)
        print(t("rehearsal.cli.session_row", language, id=record.id, date=date, phase=phase, team=record.team,
                plan=", ".join(record.plan)))  # fmt: skip
    return EXIT_OK


def cmd_export(session_id: int, fmt: str, output: str | None, language: str) -> int:
    """Write one session's record as Markdown, HTML or CSV."""
    from scenarios.store import Store, exports_dir

    records = Records(Store())
    library = Library.discover()  # a session may have rehearsed a story of the user's or the team's folder
    try:
        session = records.resume(session_id, library.get)
    except KeyError:
        print(t("rehearsal.cli.unknown_session", language, id=session_id), file=sys.stderr)
        return EXIT_USAGE
    except SessionSaveError as error:
        print(t(f"rehearsal.save.{error.code}", language, **error.params), file=sys.stderr)
        return EXIT_ERRORS
    session.on_change = None  # exporting changes nothing
    text = export(session, fmt, session.language if output is None else language)
    return _write(text, output or str(exports_dir() / f"rehearsal-{session_id}.{fmt}"), language)


def cmd_cards(args: argparse.Namespace, language: str) -> int:
    """Deal the role cards and write the sheet."""
    import random

    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        print(t("cli.no_such_path", language, path=missing[0]), file=sys.stderr)
        return EXIT_USAGE
    if args.names:
        people = [name.strip() for name in args.names.split(",") if name.strip()]
    else:
        people = [t("rehearsal.participant", language, number=n) for n in range(1, max(0, args.participants) + 1)]
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    try:
        library = Library.load(list(args.paths)) if args.paths else Library.discover()
        dealt = deal(people, library.stories, seed=seed, minutes=args.minutes)
    except CardsError as error:
        print(t(f"cards.{error.code}", language), file=sys.stderr)
        return EXIT_USAGE
    text = cards_html(dealt, language) if args.format == "html" else cards_markdown(dealt, language)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    return _write(text, args.output, language, key="cards.written")


def cmd_open(args: argparse.Namespace, language: str) -> int:
    """Open the rehearsal in the terminal app."""
    import sqlite3

    from scenarios.store import SchemaTooNewError
    from scenarios.tui.screens.rehearse_app import create_rehearsal_app

    story_id: str | None = None
    extra: list[Path] = []
    if args.story is not None:
        found = _rehearse_story(args.story, language)
        if isinstance(found, int):
            return found
        story_id, extra = found
    try:
        app = create_rehearsal_app(language=getattr(args, "lang", None), extra=extra, preselect=story_id)
    except (sqlite3.Error, SchemaTooNewError, OSError) as error:
        print(t("tui.error.database", language, detail=str(error)), file=sys.stderr)
        return EXIT_ERRORS
    app.run()
    return EXIT_OK


def _rehearse_story(name: str, language: str) -> tuple[str, list[Path]] | int:
    """(story id, files to add to the library) for `rehearse STORY`, or the exit code after saying why not."""
    from scenarios.loader import load_file

    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        result = load_file(path)
        for diagnostic in result.diagnostics:
            print(diagnostic.format(language), file=sys.stderr)
        if result.story is None:
            return EXIT_ERRORS
        return result.story.id, [path]
    library = Library.discover()
    if library.path_of(name) is None:
        print(t("cli.unknown_story", language, name=name), file=sys.stderr)
        print(t("cli.see_list", language), file=sys.stderr)
        return EXIT_USAGE
    return name, []


def _write(text: str, output: str, language: str, key: str = "rehearsal.cli.written") -> int:
    if output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        print(t("rehearsal.cli.cannot_write", language, path=output, reason=error.strerror), file=sys.stderr)
        return EXIT_ERRORS
    print(t(key, language, path=output))
    return EXIT_OK
