"""The command line: `scenarios list | validate | play`. Thin: it wires parts together."""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from scenarios.authoring import commands as authoring
from scenarios.catalog import resolve_language, t
from scenarios.checks import suggest
from scenarios.engine import Playthrough
from scenarios.library import Library, markdown_table
from scenarios.loader import Diagnostic, LoadResult, load_file, story_files
from scenarios.model import Story
from scenarios.plain import PlainPlayer, ScriptedChoiceError
from scenarios.present import customer_label, story_language, text_in
from scenarios.records import command as records_command
from scenarios.rehearsal import command as rehearsal_command

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line message, as usage errors should."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="scenarios", description="Customer-service scenario trainer.")
    parser.add_argument("--lang", choices=("fi", "en"), help="language of the trainer (default: fi)")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    listing = commands.add_parser("list", help="list the stories in the library")
    listing.add_argument("paths", nargs="*", help="story files or folders (default: the built-in library)")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.add_argument("--markdown", action="store_true", help="print the table of stories/README.md")
    listing.add_argument("--lang", choices=("fi", "en"), default=argparse.SUPPRESS)

    validate = commands.add_parser("validate", help="check story files and report every problem")
    validate.add_argument("paths", nargs="+", help="story files or folders")
    validate.add_argument("--lang", choices=("fi", "en"), default=argparse.SUPPRESS)

    play = commands.add_parser("play", help="play a story")
    play.add_argument("story", help="a built-in story id or a path to a story file")
    play.add_argument("--plain", action="store_true", help="line-by-line mode (works in pipes and with screen readers)")
    play.add_argument("--choices", help="answer the decisions in order by the numbers shown, e.g. 2,1,3")
    play.add_argument("--json", action="store_true", help="print the debrief as JSON (the story goes to stderr)")
    play.add_argument("--watch", action="store_true", help="reload the story file in the terminal app when it is saved")
    play.add_argument("--seed", type=int, help="seed for the order of options (default: random, 0 with --choices)")
    play.add_argument("--lang", choices=("fi", "en"), default=argparse.SUPPRESS)
    authoring.add_commands(commands)
    rehearsal_command.add_commands(commands)
    records_command.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    language = resolve_language(args.lang)
    try:
        if args.command == "list":
            return cmd_list(args.paths, args.json, language, markdown=args.markdown)
        if args.command == "validate":
            return cmd_validate(args.paths, language)
        if args.command == "play":
            return cmd_play(args, language)
        if args.command in rehearsal_command.COMMANDS:
            return rehearsal_command.run(args, language)
        if args.command in records_command.COMMANDS:
            return records_command.run(args, language)
        if args.command is None and sys.stdin.isatty() and sys.stdout.isatty():
            return cmd_app(args.lang, None, language)
        code = authoring.run(args, language)
        if code is not None:
            return code
    except KeyboardInterrupt:
        print(f"\n{t('plain.interrupted', language)}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    parser.print_help()
    return EXIT_OK


def cmd_list(paths: list[str], as_json: bool, language: str, *, markdown: bool = False) -> int:
    """Print the library: id, title, channel, customer, theme."""
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        print(t("cli.no_such_path", language, path=missing[0]), file=sys.stderr)
        return EXIT_USAGE
    library = Library.load(list(paths) or None)
    if markdown:
        sys.stdout.write(markdown_table(library))
        return EXIT_OK
    rows = []
    for story in library.stories:
        lang = story_language(story, language)
        rows.append(
            {
                "id": story.id,
                "title": text_in(story.title, lang, story),
                "channel": story.channel.value,
                "customer": story.customer_type,
                "customer_description": text_in(story.customer_description, lang, story) or None,
                "theme": story.theme.value,
                "difficulty": story.difficulty.value,
                "minutes": story.minutes,
                "languages": list(story.languages),
            }
        )
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        width = max((len(row["id"]) for row in rows), default=2)
        for story, row in zip(library.stories, rows, strict=True):
            lang = story_language(story, language)
            details = " · ".join(
                (
                    t(f"channel.{row['channel']}", language),
                    customer_label(story, lang),
                    t(f"theme.{row['theme']}", language),
                )
            )
            print(f"{row['id']:<{width}}  {row['title']}")
            print(f"{'':<{width}}  {details}")
    for entry in library.broken:
        print(t("cli.broken_story", language, path=entry.path, count=len(entry.diagnostics)), file=sys.stderr)
    return EXIT_OK


def cmd_validate(paths: list[str], language: str) -> int:
    """Check files and folders; print every problem; exit 0 when all are valid."""
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        print(t("cli.no_such_path", language, path=missing[0]), file=sys.stderr)
        return EXIT_USAGE
    results = [load_file(path) for path in story_files(list(paths))]
    results = _with_duplicate_ids(results, language)
    problems = 0
    for result in results:
        for diagnostic in result.diagnostics:
            print(diagnostic.format(language))
            problems += 1
    broken = sum(1 for result in results if result.diagnostics)
    if broken:
        print(
            t(
                "cli.validate_summary",
                language,
                files=len(results),
                valid=len(results) - broken,
                broken=broken,
                problems=problems,
            )
        )
        return EXIT_ERRORS
    print(t("cli.validate_ok", language, files=len(results)))
    return EXIT_OK


def _with_duplicate_ids(results: list[LoadResult], language: str) -> list[LoadResult]:
    """Two files with the same story id make the id ambiguous: report the later one."""
    seen: dict[str, str] = {}
    checked = []
    for result in results:
        story = result.story
        if story is not None and story.id in seen:
            line = _line_of(result.path, "id:")
            message = t("cli.duplicate_id", language, id=story.id, other=seen[story.id])
            result = LoadResult(result.path, None, (Diagnostic(result.path, line, 1, "invalid", {"detail": message}),))
        elif story is not None:
            seen[story.id] = result.path
        checked.append(result)
    return checked


def _line_of(path: str, prefix: str) -> int:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, start=1) if line.startswith(prefix)), 1)


def find_story(name: str, language: str, err: TextIO) -> Story | None:
    """A story by built-in id or path; prints why not when it cannot be had."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        result = load_file(path)
        for diagnostic in result.diagnostics:
            print(diagnostic.format(language), file=err)
        return result.story
    library = Library.load()
    story = library.get(name)
    if story is None:
        print(t("cli.unknown_story", language, name=name), file=err)
        close = suggest(name, [s.id for s in library.stories])
        if close:
            print(t("cli.did_you_mean", language, name=close), file=err)
        print(t("cli.see_list", language), file=err)
    return story


def _parse_choices(raw: str | None) -> list[int] | None:
    if raw is None:
        return []
    parts = [part.strip() for part in raw.replace(" ", ",").split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def cmd_play(args: argparse.Namespace, language: str) -> int:
    """Play a story: in the terminal app, or line by line with --plain/--choices/--json (or in a pipe)."""
    choices = _parse_choices(args.choices)
    if choices is None:
        print(t("cli.bad_choices", language, value=args.choices), file=sys.stderr)
        return EXIT_USAGE
    if args.watch:
        problem = _watch_problem(args, language)
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_USAGE
    story = find_story(args.story, language, sys.stderr)
    if story is None:
        return EXIT_ERRORS if Path(args.story).suffix in (".yaml", ".yml") or Path(args.story).exists() else EXIT_USAGE
    if not (args.plain or args.choices or args.json) and sys.stdin.isatty() and sys.stdout.isatty():
        return cmd_app(args.lang, story, language, watch=Path(args.story) if args.watch else None)
    lang = story_language(story, language)
    out = sys.stderr if args.json else sys.stdout
    if lang != language:
        print(t("plain.language_fallback", language, asked=language, shown=lang), file=out)
    seed = args.seed if args.seed is not None else (0 if args.choices else random.randrange(1 << 30))
    play = Playthrough(story, seed=seed)
    player = PlainPlayer(story, lang, out)
    try:
        report = player.play(play, iter(choices), _ask(out))
    except ScriptedChoiceError as error:
        print(
            t("cli.choice_unavailable", language, number=error.number, step=error.step, count=error.count),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except EOFError:
        print(t("plain.input_ended", language, node=play.beat().node), file=sys.stderr)
        return EXIT_ERRORS
    if args.json:
        print(json.dumps(report.to_dict(lang, story.languages), ensure_ascii=False, indent=2))
    return EXIT_OK


def _watch_problem(args: argparse.Namespace, language: str) -> str | None:
    """Why `play --watch` cannot run as asked, or None: it needs a story file and a terminal."""
    if args.plain or args.choices or args.json:
        return t("tui.watch.not_plain", language)
    if not Path(args.story).is_file():
        return t("tui.watch.needs_file", language, name=args.story)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return t("tui.watch.needs_terminal", language)
    return None


def cmd_app(language_flag: str | None, story: Story | None, language: str, *, watch: Path | None = None) -> int:
    """Open the terminal app (on `story`, reloading the file `watch` when saved); `--lang` overrides the language."""
    import sqlite3

    from scenarios.store import SchemaTooNewError
    from scenarios.tui.app import create_app

    try:
        app = create_app(language=language_flag, story=story, watch=watch)
    except (sqlite3.Error, SchemaTooNewError, OSError) as error:
        print(t("tui.error.database", language, detail=str(error)), file=sys.stderr)
        return EXIT_ERRORS
    app.run()
    return EXIT_OK


def _ask(out: TextIO) -> Callable[[str], str]:
    def ask(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        line = sys.stdin.readline()
        if not line:
            out.write("\n")
            raise EOFError
        return line

    return ask
