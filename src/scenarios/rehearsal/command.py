"""The `rehearse` and `cards` commands: wired into the CLI by `add_commands` and `run`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scenarios.i18n.catalog import LANGUAGES, moment_text, t
from scenarios.visible import visible

# What a command runs is imported when it runs: `scenarios --help` builds these parsers without the
# sessions, the engine or the stories' model.

FORMATS = ("md", "html", "csv")
"""The formats of `--export`: `rehearsal.export.FORMATS` (not imported here: it imports the engine)."""

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
COMMANDS = ("rehearse", "cards")


def add_commands(commands: Any, language: str) -> None:
    """Add `rehearse` and `cards` to the CLI's subcommands."""
    rehearse = commands.add_parser("rehearse", help=t("cli.help.rehearse", language))
    rehearse.add_argument("story", nargs="?", help=t("cli.help.rehearse.story", language))
    rehearse.add_argument("--list", action="store_true", help=t("cli.help.rehearse.list", language))
    rehearse.add_argument("--stations", action="store_true", help=t("cli.help.rehearse.stations", language))
    rehearse.add_argument("--export", metavar="SESSION", type=int, help=t("cli.help.rehearse.export", language))
    rehearse.add_argument("--format", choices=FORMATS, default="md", help=t("cli.help.rehearse.format", language))
    rehearse.add_argument("--output", "-o", help=t("cli.help.rehearse.output", language))
    rehearse.add_argument("--force", action="store_true", help=t("cli.help.force_output", language))
    rehearse.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    rehearse.add_argument("--phones", action="store_true", help=t("cli.help.rehearse.phones", language))
    rehearse.add_argument("--host", help=t("cli.help.rehearse.host", language))
    rehearse.add_argument("--port", type=_port, default=None, help=t("cli.help.rehearse.port", language))

    cards = commands.add_parser("cards", help=t("cli.help.cards", language))
    who = cards.add_mutually_exclusive_group()
    who.add_argument("--participants", "-n", type=int, default=8, help=t("cli.help.cards.participants", language))
    who.add_argument("--names", help=t("cli.help.cards.names", language))
    who.add_argument("--rotation", metavar="SESSION", type=int, help=t("cli.help.cards.rotation", language))
    cards.add_argument("--minutes", type=int, default=None, help=t("cli.help.cards.minutes", language))
    cards.add_argument("--seed", type=int, default=None, help=t("cli.help.cards.seed", language))
    cards.add_argument("--format", choices=("md", "html"), default="md", help=t("cli.help.cards.format", language))
    cards.add_argument("--output", "-o", help=t("cli.help.output_stdout", language))
    cards.add_argument("--force", action="store_true", help=t("cli.help.force_output", language))
    cards.add_argument("paths", nargs="*", help=t("cli.help.cards.paths", language))
    cards.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)


def _port(raw: str) -> int:
    """A TCP port number for `--port` (0: any free port)."""
    if not raw.isdigit() or int(raw) > 65535:
        raise argparse.ArgumentTypeError(raw)
    return int(raw)


def run(args: argparse.Namespace, language: str) -> int | None:
    """Run `rehearse` or `cards`; None when the rehearsal app is to open (the command line opens it: no UI here)."""
    from scenarios.store.problems import STORE_ERRORS, store_message

    if args.command == "cards":
        return cmd_cards(args, language)
    if args.list or args.export is not None:
        try:
            if args.list:
                return cmd_list(language)
            return cmd_export(args.export, args.format, args.output, language, force=args.force)
        except STORE_ERRORS as error:  # the store itself: what is wrong with it and what to do
            print(store_message(error, language), file=sys.stderr)
            return EXIT_ERRORS
        except _damaged() as error:  # a session's saved state that cannot be read
            print(t("rehearsal.cli.database", language, detail=str(error) or type(error).__name__), file=sys.stderr)
            return EXIT_ERRORS
    return None


def _damaged() -> tuple[type[Exception], ...]:
    import sqlite3

    from scenarios.store import SchemaTooNewError

    # What a damaged, locked, read-only, too new or tampered database raises on the way to a row.
    return (sqlite3.Error, SchemaTooNewError, OSError, ValueError, TypeError, OverflowError)


def cmd_list(language: str) -> int:
    """Print the saved sessions, most recent first."""

    from scenarios.rehearsal.station_saves import KIND as STATION_KIND
    from scenarios.rehearsal.story_records import StoryRecords
    from scenarios.store import Store

    records = StoryRecords(Store()).all()
    if not records:
        print(t("rehearsal.cli.no_sessions", language))
        return EXIT_OK
    titles = _titles(language)
    for record in records:
        date = moment_text(record.created_at, language)  # a tampered time is shown as "?"
        phase = t(f"rehearsal.phase.{record.phase}", language)
        plan = ", ".join(titles.get(str(story_id), str(story_id)) for story_id in record.plan)
        if record.kind == STATION_KIND:
            plan = t("stations.title", language)
        team, plan = visible(str(record.team), one_line=True), visible(plan, one_line=True)
        print(t("rehearsal.cli.session_row", language, id=record.id, date=date, phase=phase, team=team, plan=plan))
    return EXIT_OK


def _titles(language: str) -> dict[str, str]:
    """Story titles by id in `language`, from the library's index (a story no longer there shows its id)."""
    from scenarios.story.library import Library

    try:
        infos = Library.discover().infos
    except (OSError, ValueError):  # an unreadable library still lists the sessions, by story id
        return {}
    return {info.id: f"{info.text(info.title, language)} ({info.id})" for info in infos}


def cmd_export(session_id: int, fmt: str, output: str | None, language: str, *, force: bool = False) -> int:
    """Write one session's record as Markdown, HTML or CSV."""
    from scenarios.rehearsal.export import export
    from scenarios.rehearsal.saves import SessionSaveError
    from scenarios.rehearsal.station_saves import KIND as STATION_KIND
    from scenarios.rehearsal.story_records import StoryRecords
    from scenarios.store import Store, exports_dir
    from scenarios.story.library import Library

    records = StoryRecords(Store())
    record = records.get(session_id)
    if record is not None and record.kind == STATION_KIND:
        return cmd_export_stations(session_id, fmt, output, language, force=force)
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
    text = export(session, fmt, language)  # the language asked for now (--lang or the settings)
    if output is None:  # our own exports folder: the newest export of a session replaces the last
        folder = exports_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return _write(text, str(folder / f"rehearsal-{session_id}.{fmt}"), language, force=True, private=True)
    return _write(text, output, language, force=force)


def cmd_export_stations(session_id: int, fmt: str, output: str | None, language: str, *, force: bool) -> int:
    """Write a station rotation's record: the merged channel × customer tables and the skills table."""
    from scenarios.rehearsal.saves import SessionSaveError
    from scenarios.rehearsal.station_export import export_stations
    from scenarios.rehearsal.station_records import StationRecords
    from scenarios.store import Store, exports_dir

    try:
        session = StationRecords(Store()).resume(session_id)
    except SessionSaveError as error:
        print(t(f"rehearsal.save.{error.code}", language, **error.params), file=sys.stderr)
        return EXIT_ERRORS
    session.on_change = None  # exporting changes nothing
    text = export_stations(session, fmt, session.language if output is None else language)
    if output is None:
        folder = exports_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return _write(text, str(folder / f"rehearsal-{session_id}.{fmt}"), language, force=True, private=True)
    return _write(text, output, language, force=force)


def cmd_cards(args: argparse.Namespace, language: str) -> int:
    """Deal the role cards (or print a saved rotation's) and write the sheet."""
    import random

    from scenarios.rehearsal.cards import DEFAULT_ROTATION_MINUTES, CardsError, deal
    from scenarios.rehearsal.cards import to_html as cards_html
    from scenarios.rehearsal.cards import to_markdown as cards_markdown
    from scenarios.story.library import Library

    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        print(t("cli.no_such_path", language, path=missing[0]), file=sys.stderr)
        return EXIT_USAGE
    if args.rotation is not None:
        return cmd_rotation_cards(args, language)
    if args.minutes is None:
        args.minutes = DEFAULT_ROTATION_MINUTES
    if args.minutes < 1:
        print(t("cards.bad_minutes", language), file=sys.stderr)
        return EXIT_USAGE
    if args.names is not None:
        people = [name.strip() for name in args.names.split(",") if name.strip()]
        if not people:
            print(t("cards.no_names", language), file=sys.stderr)
            return EXIT_USAGE
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
    return _write(text, args.output, language, key="cards.written", force=args.force)


def cmd_rotation_cards(args: argparse.Namespace, language: str) -> int:
    """The cards of saved rotation `--rotation`: its keepers, groups, rounds and round length, as on its screen."""
    from scenarios.rehearsal.cards import rotation_cards
    from scenarios.rehearsal.saves import SessionSaveError
    from scenarios.rehearsal.station_records import StationRecords
    from scenarios.store import Store
    from scenarios.store.problems import STORE_ERRORS, store_message
    from scenarios.story.library import Library

    if args.minutes is not None:
        print(t("cards.rotation_minutes", language), file=sys.stderr)
        return EXIT_USAGE
    try:
        session = StationRecords(Store()).resume(args.rotation)
    except KeyError:
        print(t("cards.no_rotation", language, id=args.rotation), file=sys.stderr)
        return EXIT_USAGE
    except SessionSaveError as error:
        print(t(f"rehearsal.save.{error.code}", language, **error.params), file=sys.stderr)
        return EXIT_ERRORS
    except STORE_ERRORS as error:
        print(store_message(error, language), file=sys.stderr)
        return EXIT_ERRORS
    session.on_change = None  # printing changes nothing
    library = Library.load(list(args.paths)) if args.paths else Library.discover()
    seed = args.seed if args.seed is not None else args.rotation
    text = rotation_cards(session, args.rotation, library.stories, args.format, language, seed=seed)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    return _write(text, args.output, language, key="cards.written", force=args.force)


def rehearse_story(name: str, language: str) -> tuple[str, list[Path]] | int:
    """(story id, files to add to the library) for `rehearse STORY`, or the exit code after saying why not."""
    from scenarios.story.library import Library
    from scenarios.story.loader import load_file

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


def _write(
    text: str,
    output: str,
    language: str,
    key: str = "rehearsal.cli.written",
    *,
    force: bool = False,
    private: bool = False,
) -> int:
    from scenarios.output import OutputError, write_output

    if output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_output(output, text, force=force, private=private)
    except OutputError as error:
        print(t(error.key, language, **error.params), file=sys.stderr)
        return EXIT_ERRORS
    print(t(key, language, path=output))
    return EXIT_OK
