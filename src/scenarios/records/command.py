"""The `records` command: `status`, `sync` and `export` of the learning records in the outbox, and the
administrator's `set-aside`, `retry` and `discard` of the statements the LRS refused."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from scenarios.i18n.catalog import LANGUAGES, t
from scenarios.records import MOVE_ON, report_command

# What a command runs is imported when it runs: `scenarios records --help` builds the parsers without it.
if TYPE_CHECKING:
    from scenarios.exports.csvfile import Cell

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
COMMANDS = ("records", "report")
CSV_COLUMNS = (
    "id",
    "timestamp",
    "registration",
    "learner",
    "team",
    "verb",
    "story",
    "node",
    "response",
    "success",
    "ideal_option",
    "is_ideal",
    "encounter",
    "interaction",
    "expert",
    "positivity",
    "outcome",
    "score_raw",
    "score_max",
    "mode",
)


def add_commands(commands: Any, language: str) -> None:
    """Add `records` (status, sync, export) to the CLI's subcommands."""
    records = commands.add_parser("records", help=t("cli.help.records", language))
    records.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    actions = records.add_subparsers(
        dest="records_command",
        required=True,
        metavar="{status,sync,export,set-aside,retry,discard,profile,cmi5-package}",
        parser_class=type(records),
    )
    status = actions.add_parser("status", help=t("cli.help.records.status", language))
    status.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    sync = actions.add_parser("sync", help=t("cli.help.records.sync", language))
    sync.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    export = actions.add_parser("export", help=t("cli.help.records.export", language))
    export.add_argument(
        "--format", choices=("xapi", "csv"), default="xapi", help=t("cli.help.records.format", language)
    )
    export.add_argument("--output", "-o", help=t("cli.help.output_stdout", language))
    export.add_argument("--force", action="store_true", help=t("cli.help.force", language))
    export.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    held = actions.add_parser("set-aside", help=t("cli.help.records.set_aside", language))
    held.add_argument("--json", action="store_true", help=t("cli.help.records.set_aside.json", language))
    held.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    for name in ("retry", "discard"):
        action = actions.add_parser(name, help=t(f"cli.help.records.{name}", language))
        action.add_argument("ids", nargs="*", metavar="ID", help=t("cli.help.records.ids", language))
        action.add_argument("--all", action="store_true", help=t(f"cli.help.records.{name}.all", language))
        action.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    profile = actions.add_parser("profile", help=t("cli.help.records.profile", language))
    profile.add_argument("--output", "-o", help=t("cli.help.output_stdout", language))
    profile.add_argument("--force", action="store_true", help=t("cli.help.force", language))
    profile.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    course = actions.add_parser("cmi5-package", help=t("cli.help.records.cmi5", language))
    course.add_argument("--output", "-o", required=True, help=t("cli.help.records.cmi5.output", language))
    course.add_argument("--url", required=True, metavar="URL", help=t("cli.help.records.cmi5.url", language))
    course.add_argument("--story", action="append", default=[], help=t("cli.help.records.cmi5.story", language))
    course.add_argument(
        "--move-on", choices=MOVE_ON, default="Passed", help=t("cli.help.records.cmi5.move_on", language)
    )
    course.add_argument("--mastery", type=float, metavar="0-1", help=t("cli.help.records.cmi5.mastery", language))
    course.add_argument("--by-chapter", action="store_true", help=t("cli.help.records.cmi5.by_chapter", language))
    course.add_argument("--force", action="store_true", help=t("cli.help.force", language))
    course.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    report_command.add_command(commands, language)


def run(args: argparse.Namespace, language: str) -> int:
    """Run `records status|sync|export` or `report`."""
    import sqlite3

    from scenarios.store import SchemaTooNewError, Store
    from scenarios.store.problems import store_message

    if args.command == "report":
        return report_command.run(args, language)

    try:
        store = Store()
    except (sqlite3.Error, SchemaTooNewError, OSError) as error:
        print(store_message(error, language), file=sys.stderr)
        return EXIT_ERRORS
    try:
        if args.records_command == "status":
            return cmd_status(store, language)
        if args.records_command == "sync":
            return cmd_sync(store, language)
        if args.records_command == "set-aside":
            return cmd_set_aside(store, args.json, language)
        if args.records_command == "cmi5-package":
            return cmd_cmi5_package(store, args, language)
        if args.records_command == "profile":
            return cmd_profile(store, args.output, language, force=args.force)
        if args.records_command in ("retry", "discard"):
            return cmd_retry_or_discard(store, args.records_command, args.ids, args.all, language)
        return cmd_export(store, args.format, args.output, language, force=args.force)
    except (sqlite3.Error, SchemaTooNewError) as error:
        print(store_message(error, language), file=sys.stderr)
        return EXIT_ERRORS
    finally:
        store.close()


def cmd_status(store: Any, language: str) -> int:
    """Print where statements go, how many wait, and the last problem."""
    from scenarios.records.outbox import load_config, status

    config = load_config(store)
    now = status(store)
    print(t("records.lrs", language, url=config.url) if config.url else t("records.no_lrs", language))
    if not config.base_ok:
        print(base_warning(config.base, language))
    print(t("records.waiting", language, waiting=now.waiting, sent=now.sent))
    if now.last_sent_at is not None:
        print(t("records.last_sent", language, when=local_time(now.last_sent_at)))
    if now.last_error and now.waiting:
        print(t("records.last_error", language, error=now.last_error))
    if now.set_aside:
        print(t("records.set_aside.status", language, count=now.set_aside))
    return EXIT_OK


def base_warning(base: str, language: str) -> str:
    """What is wrong with the base of activity ids that is set, and what the statements use meanwhile."""
    from scenarios.records.statements import DEFAULT_BASE

    return t("records.bad_base", language, base=base, default=DEFAULT_BASE)


def local_time(seconds: float) -> str:
    """A moment as the local date and time to the minute."""
    from datetime import datetime

    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def cmd_sync(store: Any, language: str) -> int:
    """Send the waiting statements (and those of cmi5 launches, to their LMSs); exit 1 when some could not be
    sent or were set aside."""
    from scenarios.records.outbox import SyncReport, load_config, open_launches, status, sync, sync_launches

    config = load_config(store)
    launches = bool(open_launches(store))
    if not config.url and not launches:
        print(t("records.no_lrs", language), file=sys.stderr)
        return EXIT_USAGE
    if not config.base_ok:
        print(base_warning(config.base, language), file=sys.stderr)
    lms = sync_launches(store, retries=3) if launches else SyncReport(0, 0, 0, None)
    report = sync(store, config) if config.url else SyncReport(0, 0, 0, None)
    sent, set_aside, error = report.sent + lms.sent, report.set_aside + lms.set_aside, report.error or lms.error
    waiting = status(store).waiting
    if set_aside:
        print(t("records.set_aside.now", language, count=set_aside), file=sys.stderr)
    if error:
        print(t("records.sync_failed", language, error=error, waiting=waiting), file=sys.stderr)
        return EXIT_ERRORS
    print(t("records.synced", language, sent=sent, waiting=waiting))
    return EXIT_ERRORS if set_aside else EXIT_OK


def cmd_set_aside(store: Any, as_json: bool, language: str) -> int:
    """List the statements set aside: when, what, and the LRS's reason (or the statements as JSON lines)."""
    from scenarios.records.outbox import set_aside_statements

    held = set_aside_statements(store)
    if as_json:
        sys.stdout.write("".join(json.dumps(item.statement, ensure_ascii=False) + "\n" for item in held))
        return EXIT_OK
    if not held:
        print(t("records.set_aside.none", language))
        return EXIT_OK
    print(t("records.set_aside.count", language, count=len(held)))
    for item in held:
        row = csv_row(item.statement)
        where = "/".join(str(part) for part in (row["story"], row["node"]) if part)
        what = " ".join(str(part) for part in (row["verb"], where) if part)
        print(f"{item.id}  {local_time(item.at)}  {what}")
        print("    " + t("records.set_aside.reason", language, reason=item.reason))
    print(t("records.set_aside.hint", language))
    return EXIT_OK


def cmd_retry_or_discard(store: Any, action: str, ids: list[str], every: bool, language: str) -> int:
    """Put set-aside statements back in the queue (`retry`) or delete them (`discard`): those named, or all."""
    from scenarios.records.outbox import discard, find_set_aside, retry

    if every == bool(ids):
        print(t("records.set_aside.which", language, action=action), file=sys.stderr)
        return EXIT_USAGE
    chosen: list[str] | None = None
    if not every:
        chosen, unknown = find_set_aside(store, ids)
        if unknown:
            print(t("records.set_aside.unknown", language, ids=", ".join(unknown)), file=sys.stderr)
            return EXIT_USAGE
    count = retry(store, chosen) if action == "retry" else discard(store, chosen)
    print(t(f"records.{action}.done", language, count=count) if count else t("records.set_aside.none", language))
    return EXIT_OK


def cmd_export(store: Any, form: str, output: str | None, language: str, *, force: bool = False) -> int:
    """Write every statement (sent or not) as JSON lines or CSV, to stdout or a new file (`force`: or over one)."""
    from scenarios.output import OutputError, write_output
    from scenarios.records.outbox import waiting_statements

    statements = waiting_statements(store, include_sent=True)
    text = (
        to_csv(statements) if form == "csv" else "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in statements)
    )
    if output is None or output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_output(output, text, force=force)
    except OutputError as error:
        print(t(error.key, language, **error.params), file=sys.stderr)
        return EXIT_ERRORS
    print(t("records.exported", language, count=len(statements), path=output), file=sys.stderr)
    return EXIT_OK


def cmd_profile(store: Any, output: str | None, language: str, *, force: bool = False) -> int:
    """Write the xAPI Profile (JSON-LD) of the statements made under the base that is set."""
    from scenarios.output import OutputError, write_output
    from scenarios.records.outbox import load_config
    from scenarios.records.profile import profile_text

    config = load_config(store)
    if not config.base_ok:
        print(base_warning(config.base, language), file=sys.stderr)
    text = profile_text(config.statement_base)
    if output is None or output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_output(output, text, force=force)
    except OutputError as error:
        print(t(error.key, language, **error.params), file=sys.stderr)
        return EXIT_ERRORS
    print(t("records.profile.written", language, path=output, base=config.statement_base), file=sys.stderr)
    return EXIT_OK


def cmd_cmi5_package(store: Any, args: argparse.Namespace, language: str) -> int:
    """Write the cmi5 course package of the library's stories (or those named) for the server at `--url`."""
    from scenarios.output import OutputError, write_output
    from scenarios.records.cmi5_course import Course, package
    from scenarios.records.outbox import load_config
    from scenarios.story.library import Library

    if not args.url.startswith(("http://", "https://")):
        print(t("records.cmi5.bad_url", language, url=args.url), file=sys.stderr)
        return EXIT_USAGE
    if args.mastery is not None and not 0 <= args.mastery <= 1:
        print(t("records.cmi5.bad_mastery", language, value=args.mastery), file=sys.stderr)
        return EXIT_USAGE
    library = Library.discover()
    stories = library.stories
    if args.story:
        known = {story.id: story for story in stories}
        missing = [name for name in args.story if name not in known]
        if missing:
            print(t("records.cmi5.no_story", language, stories=", ".join(missing)), file=sys.stderr)
            return EXIT_USAGE
        stories = [known[name] for name in dict.fromkeys(args.story)]
    config = load_config(store)
    if not config.base_ok:
        print(base_warning(config.base, language), file=sys.stderr)
    course = Course(
        title={lang: t("records.cmi5.course_title", lang) for lang in LANGUAGES},
        description={lang: t("records.cmi5.course_description", lang) for lang in LANGUAGES},
        move_on=args.move_on,
        mastery=args.mastery,
        by_chapter=args.by_chapter,
    )
    content = package(stories, course, args.url, config.statement_base)
    try:
        write_output(args.output, content, force=args.force)
    except OutputError as error:
        print(t(error.key, language, **error.params), file=sys.stderr)
        return EXIT_ERRORS
    print(t("records.cmi5.written", language, path=args.output, count=len(stories), url=args.url), file=sys.stderr)
    return EXIT_OK


def to_csv(statements: list[dict[str, Any]]) -> str:
    """One row per statement: who, in which registration and team, what, which decision, the answer and its
    points; written like the report's CSV (`exports.csvfile`: `;`, a byte order mark, every cell inert)."""
    from scenarios.exports.csvfile import excel_csv

    rows = [csv_row(statement) for statement in statements]
    return excel_csv(CSV_COLUMNS, [[row[column] for column in CSV_COLUMNS] for row in rows])


def csv_row(statement: dict[str, Any]) -> dict[str, Cell]:
    """The flat row of one statement (empty cells where the statement has no such part)."""
    result = statement.get("result", {})
    extensions = {key.rsplit("/", 1)[1]: value for key, value in result.get("extensions", {}).items()}
    context = statement.get("context", {})
    mode = next((v for k, v in context.get("extensions", {}).items() if k.endswith("/mode")), "")
    path = statement["object"]["id"].split("/stories/", 1)[-1].split("/")
    points = extensions.get("points") or {
        name: score["got"] for name, score in (extensions.get("dimension-points") or {}).items()
    }
    score = result.get("score", {})
    return {
        "id": statement["id"],
        "timestamp": statement.get("timestamp", ""),
        "registration": context.get("registration", ""),
        "learner": statement["actor"].get("account", {}).get("name", statement["actor"].get("name", "")),
        "team": context.get("team", {}).get("name") or _group_name(statement["actor"]),
        "verb": statement["verb"]["id"].rsplit("/", 1)[1],
        "story": path[0],
        "node": path[2] if len(path) > 2 else "",
        "response": result.get("response", ""),
        "success": "" if "success" not in result else str(result["success"]).lower(),
        "ideal_option": str(extensions.get("ideal-option", "")).rsplit("/", 1)[-1],
        "is_ideal": "" if "is-ideal" not in extensions else str(extensions["is-ideal"]).lower(),
        **{name: points.get(name, "") for name in ("encounter", "interaction", "expert", "positivity")},
        "outcome": extensions.get("outcome") or "",
        "score_raw": score.get("raw", ""),
        "score_max": score.get("max", ""),
        "mode": mode,
    }


def _group_name(actor: dict[str, Any]) -> str:
    """A team rehearsal's statements have the team itself as their actor."""
    return str(actor.get("name", "")) if actor.get("objectType") == "Group" else ""
