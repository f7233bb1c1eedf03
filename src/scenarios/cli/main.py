"""The command line: `scenarios list | validate | play`. Thin: it wires parts together."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from scenarios.i18n.catalog import LANGUAGES, language_override, resolve_language, t
from scenarios.visible import json_visible, visible_output

# Each command imports what it needs when it runs: opening the app imports none of these before
# its first frame, and `list` or `validate` none of the engine, the rehearsal or the UI.
if TYPE_CHECKING:
    from scenarios.phones.address import PhoneOptions
    from scenarios.story.diagnostics import Diagnostic
    from scenarios.story.model import Story
    from scenarios.tui.app import ScenariosApp

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line message, as usage errors should, in the help's language."""

    language = "en"
    """The language of the messages (set with the help's words by `_translate_argparse`)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {argparse_message(message, self.language)}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (?P<names>.+)", "cli.error.required"),
    (r"unrecognized arguments: (?P<names>.+)", "cli.error.unrecognized"),
    (r"one of the arguments (?P<names>.+) is required", "cli.error.one_required"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "cli.error.ambiguous"),
    (r"argument (?P<argument>.+?): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)", "cli.error.choice"),
    (r"argument (?P<argument>.+?): invalid (?:int|float) value: (?P<value>.+)", "cli.error.number"),
    (r"argument (?P<argument>.+?): expected one argument", "cli.error.one_value"),
    (r"argument (?P<argument>.+?): expected at least one argument", "cli.error.some_values"),
    (r"argument (?P<argument>.+?): not allowed with argument (?P<other>.+)", "cli.error.not_with"),
)
"""argparse's own error messages (as Python 3.11 words them) and their catalog keys (ours are in the user's words)."""


def argparse_message(message: str, language: str) -> str:
    """An error message of argparse in `language`; any other message as it is."""
    for pattern, key in _ARGPARSE_MESSAGES:
        found = re.fullmatch(pattern, message)
        if found:
            return t(key, language, **found.groupdict())
    return message


OTHER_COMMANDS: dict[str, tuple[tuple[str, str], ...]] = {
    "authoring": (
        ("new", "cli.help.new"),
        ("schema", "cli.help.schema"),
        ("lint", "cli.help.lint"),
        ("graph", "cli.help.graph"),
        ("help", "cli.help.guide"),
        ("test", "cli.help.test"),
        ("lessons", "cli.help.lessons"),
    ),
    "rehearsal": (("rehearse", "cli.help.rehearse"), ("cards", "cli.help.cards")),
    "records": (("records", "cli.help.records"), ("report", "cli.help.report")),
    "review": (("review", "cli.help.review"),),
    "serve": (("serve", "cli.help.serve"),),
}
"""The commands whose modules add their own parsers, by module, with the catalog key of their one-line help.
Only the module of the command being run is imported and asked for its arguments; the others are listed by
name and help alone (what `scenarios --help` and a mistyped command's error show), which keeps `--help`
from importing the records, rehearsal and serve modules and building some 200 translated arguments.
A test checks this table against what the modules add."""


def _add_commands(kind: str, commands: Any, language: str) -> None:
    """Let one module of `OTHER_COMMANDS` add its commands' whole parsers."""
    if kind == "authoring":
        from scenarios.authoring import commands as authoring

        authoring.add_commands(commands, language)
    elif kind == "rehearsal":
        from scenarios.rehearsal import command as rehearsal_command

        rehearsal_command.add_commands(commands, language)
    elif kind == "records":
        from scenarios.records import command as records_command

        records_command.add_commands(commands, language)
    elif kind == "review":
        from scenarios.cli import review as review_command

        review_command.add_command(commands, language)
    else:
        from scenarios.serve import command as serve_command

        serve_command.add_commands(commands, language)


def build_parser(
    language: str | None = None, *, command: str | None = None, whole: bool = False
) -> argparse.ArgumentParser:
    """The argument parser, its help in `language` (default: as `resolve_language`): every subcommand by name
    and help, with its arguments only for `command` (the one being run), or for all with `whole`."""
    language = resolve_language(language)
    parser = _Parser(prog="scenarios", description=t("cli.help.description", language))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.help.lang", language))
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    listing = commands.add_parser("list", help=t("cli.help.list", language))
    listing.add_argument("paths", nargs="*", help=t("cli.help.list.paths", language))
    listing.add_argument("--json", action="store_true", help=t("cli.help.list.json", language))
    listing.add_argument("--folders", action="store_true", help=t("cli.help.list.folders", language))
    listing.add_argument("--markdown", action="store_true", help=t("cli.help.list.markdown", language))
    listing.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)

    story_folders = commands.add_parser("folders", help=t("cli.help.folders", language))
    story_folders.add_argument("--add", metavar="FOLDER", help=t("cli.help.folders.add", language))
    story_folders.add_argument("--remove", metavar="FOLDER", help=t("cli.help.folders.remove", language))
    story_folders.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)

    translations = commands.add_parser("translations", help=t("cli.help.translations", language))
    translations.add_argument("languages", nargs="*", help=t("cli.help.translations.languages", language))
    translations.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)

    validate = commands.add_parser("validate", help=t("cli.help.validate", language))
    validate.add_argument("paths", nargs="+", help=t("cli.help.paths", language))
    validate.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)

    play = commands.add_parser("play", help=t("cli.help.play", language))
    play.add_argument("story", help=t("cli.help.story", language))
    play.add_argument("--plain", action="store_true", help=t("cli.help.play.plain", language))
    play.add_argument("--choices", help=t("cli.help.play.choices", language))
    play.add_argument("--json", action="store_true", help=t("cli.help.play.json", language))
    play.add_argument("--watch", action="store_true", help=t("cli.help.play.watch", language))
    play.add_argument("--seed", type=int, help=t("cli.help.play.seed", language))
    play.add_argument("--no-save", action="store_true", help=t("cli.help.play.no_save", language))
    play.add_argument("--own-words", action="store_true", help=t("cli.help.play.own_words", language))
    play.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    for kind, entries in OTHER_COMMANDS.items():
        if whole or any(name == command for name, _ in entries):
            _add_commands(kind, commands, language)
        else:
            for name, key in entries:
                commands.add_parser(name, help=t(key, language))
    return _translate_argparse(parser, language)


def _translate_argparse(parser: argparse.ArgumentParser, language: str) -> argparse.ArgumentParser:
    """argparse's own words in `parser` and its subcommands' parsers ("usage:", the section titles,
    -h's help) in `language`."""
    usage = t("cli.help.usage", language)

    class Formatter(argparse.HelpFormatter):
        def add_usage(
            self,
            usage_text: str | None,
            actions: Iterable[argparse.Action],
            groups: Iterable[argparse._MutuallyExclusiveGroup],
            prefix: str | None = None,
        ) -> None:
            super().add_usage(usage_text, actions, groups, usage if prefix is None else prefix)

    parsers = [parser]
    while parsers:
        each = parsers.pop()
        each.formatter_class = Formatter
        if isinstance(each, _Parser):
            each.language = language
        each._positionals.title = t("cli.help.positionals", language)
        each._optionals.title = t("cli.help.options", language)
        for action in each._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = t("cli.help.help", language)
            elif action.dest == "lang" and action.help is None:
                action.help = t("cli.help.lang", language)
            elif isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
    return parser


def _language_flag(argv: Sequence[str]) -> str | None:
    """The language asked for with `--lang X` or `--lang=X` anywhere in the arguments (for the help)."""
    for index, argument in enumerate(argv):
        if argument.startswith("--lang="):
            return argument.partition("=")[2]
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
    return None


def _app_launch(argv: Sequence[str]) -> tuple[bool, str | None]:
    """Whether the arguments only open the app (nothing, or just `--lang fi|en|sv`), and the language flag."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--lang" and argv[1] in LANGUAGES:
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--lang=") and argv[0].partition("=")[2] in LANGUAGES:
        return True, argv[0].partition("=")[2]
    return False, None


def _first_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in the arguments (after an optional `--lang X`), if any."""
    rest = list(argv)
    while rest and rest[0].startswith("--lang"):
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    return rest[0] if rest and not rest[0].startswith("-") else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. Nothing it prints can drive the terminal."""
    with visible_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    launch, flag = _app_launch(arguments)
    if launch and sys.stdin.isatty() and sys.stdout.isatty():
        # Straight to the app: building every subcommand's parser would import them all first.
        return _run_app(lambda: cmd_app(flag, None, resolve_language(flag)), resolve_language(flag))
    help_language = resolve_language(_language_flag(arguments))
    parser = build_parser(help_language, command=_first_command(arguments))
    args = parser.parse_args(arguments)
    language = resolve_language(args.lang)
    try:
        if args.command == "list" and args.folders:
            return cmd_folders(None, None, language)
        if args.command == "list":
            return cmd_list(args.paths, args.json, language, markdown=args.markdown)
        if args.command == "folders":
            return cmd_folders(args.add, args.remove, language)
        if args.command == "validate":
            return cmd_validate(args.paths, language)
        if args.command == "translations":
            return cmd_translations(args.languages, language)
        if args.command == "play":
            return cmd_play(args, language)
        from scenarios.authoring import commands as authoring
        from scenarios.rehearsal import command as rehearsal_command

        if args.command in rehearsal_command.COMMANDS:
            code = rehearsal_command.run(args, language)
            if code is not None:
                return code
            return cmd_rehearsal_app(
                getattr(args, "lang", None),
                language,
                getattr(args, "story", None),
                phones=_phone_options(args),
                stations=args.stations,
            )
        from scenarios.records import command as records_command

        if args.command in records_command.COMMANDS:
            return records_command.run(args, language)
        if args.command == "review":
            if not (args.plain or args.lessons) and sys.stdin.isatty() and sys.stdout.isatty():
                return cmd_app(getattr(args, "lang", None), None, language, seed=args.seed, review=True)
            from scenarios.cli import review as review_command

            return review_command.run(args, language)
        if args.command == "serve":
            from scenarios.serve import command as serve_command

            return serve_command.run(args, language)
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


def _run_app(run: Callable[[], int], language: str) -> int:
    try:
        return run()
    except KeyboardInterrupt:
        print(f"\n{t('plain.interrupted', language)}", file=sys.stderr)
        return 130


def cmd_list(paths: list[str], as_json: bool, language: str, *, markdown: bool = False) -> int:
    """Print the library (or the stories in `paths`): id, title, channel, customer, theme, and where each is from.

    Only metadata is needed: it comes from the index cache, so an unchanged library parses no YAML.
    """
    from scenarios.story.library import index_path

    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        print(t("cli.no_such_path", language, path=missing[0]), file=sys.stderr)
        return EXIT_USAGE
    from scenarios.story.library import Library, markdown_table

    library = Library.load(list(paths), cache=index_path()) if paths else Library.discover()
    if markdown:
        sys.stdout.write(markdown_table(library))
        return EXIT_OK
    infos = library.infos
    rows: list[dict[str, Any]] = []
    for info in infos:
        lang = info.language(language)
        rows.append(
            {
                "id": info.id,
                "title": info.text(info.title, lang),
                "channel": info.channel,
                "customer": info.customer,
                "customer_description": info.text(info.customer_description, lang) or None,
                "theme": info.theme,
                "difficulty": info.difficulty,
                "minutes": info.minutes,
                "languages": list(info.languages),
                "fictional": info.fictional,
                "fictional_note": info.text(info.fictional_note, lang) or None,
                "origin": info.origin.kind,
                "folder": info.origin.folder,
                "replaces_built_in": info.origin.replaces,
                "path": info.path,
                "broken": False,
            }
        )
    stories = list(rows)
    broken = library.broken_infos
    for entry in broken:  # listed with their errors, as stories are: nothing vanishes into stderr
        rows.append(
            {
                "id": None,
                "path": entry.path,
                "origin": entry.origin.kind,
                "folder": entry.origin.folder,
                "broken": True,
                "problems": [_one_line(diagnostic, language) for diagnostic in entry.diagnostics],
            }
        )
    if as_json:
        import json

        print(json_visible(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        width = max((len(row["id"]) for row in stories), default=2)
        # In a terminal the lines wrap between words, indented under the title; in a pipe each stays whole.
        import shutil

        columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else 0
        for info, row in zip(infos, stories, strict=True):
            customer = row["customer_description"] or t(f"customer.{info.customer}", language)
            details = [t(f"channel.{row['channel']}", language), customer, t(f"theme.{row['theme']}", language)]
            if info.origin.notable:
                details.append(info.origin.label(language))
            print(_list_lines(f"{row['id']:<{width}}  {row['title']}", width + 2, columns))
            print(_list_lines(f"{'':<{width}}  {' · '.join(details)}", width + 2, columns))
        for entry in broken:
            print()
            if entry.diagnostics and entry.diagnostics[0].code == "folder_unreachable":
                print(entry.diagnostics[0].message(language))
                continue
            where = entry.origin.label(language)
            print(t("cli.broken_story", language, path=entry.path, count=len(entry.diagnostics), origin=where))
            for diagnostic in entry.diagnostics:
                print(f"  {_one_line(diagnostic, language)}")
    return EXIT_OK


def _list_lines(line: str, indent: int, columns: int) -> str:
    """`line` wrapped between words to `columns` (0: not at all), its later lines indented by `indent`."""
    if not columns or len(line) <= columns:
        return line
    import textwrap

    return textwrap.fill(
        line, max(columns, indent + 20), subsequent_indent=" " * indent, break_long_words=False, break_on_hyphens=False
    )


def _one_line(diagnostic: Diagnostic, language: str) -> str:
    """`file:line:col: message` (without the source line and caret of the full format)."""
    return diagnostic.format(language).split("\n", 1)[0]


def cmd_translations(languages: list[str], language: str) -> int:
    """List, per catalog, the messages shown in English because they are not translated (or are fuzzy: their
    English changed since); exit 1 when there are any."""
    from scenarios.i18n.catalog import SOURCE_LANGUAGE, catalog_languages, untranslated

    known = catalog_languages()
    for asked in languages:
        if asked not in known:
            print(t("cli.translations.unknown", language, code=asked, languages=", ".join(known)), file=sys.stderr)
            return EXIT_USAGE
    missing_any = False
    for code in languages or [code for code in known if code != SOURCE_LANGUAGE]:
        missing, total = untranslated(code)
        if not missing:
            print(t("cli.translations.complete", language, code=code, total=total))
            continue
        missing_any = True
        print(t("cli.translations.count", language, code=code, count=len(missing), total=total))
        for message in missing:
            english = message.source if message.source_plural is None else message.source_plural
            fuzzy = f"  {t('cli.translations.fuzzy', language)}" if message.fuzzy else ""
            print(f"  {message.key}  {' '.join(english.split())}{fuzzy}")
    return EXIT_ERRORS if missing_any else EXIT_OK


def cmd_folders(add: str | None, remove: str | None, language: str) -> int:
    """Show the library's folders; `add`/`remove` change the team folders kept in the settings."""
    from scenarios.store import Store
    from scenarios.store.folders import read_story_folders, write_story_folders
    from scenarios.store.problems import STORE_ERRORS, store_message
    from scenarios.story.library import folders, user_dir

    try:
        store = Store()
    except STORE_ERRORS as error:  # the folders are still shown, without those kept in the settings
        print(store_message(error, language), file=sys.stderr)
        if add is not None or remove is not None:
            return EXIT_ERRORS
        stored, code = [], EXIT_ERRORS
    else:
        try:
            stored, code = read_story_folders(store), EXIT_OK
            if add is not None:
                folder = str(Path(add).expanduser().resolve())
                if folder in stored:
                    print(t("cli.folders.already", language, path=folder))
                else:
                    write_story_folders(store, [*stored, folder])
                    print(t("cli.folders.added", language, path=folder))
                    if not Path(folder).is_dir():
                        print(t("cli.folders.added_missing", language, path=folder), file=sys.stderr)
                stored = read_story_folders(store)
            if remove is not None:
                wanted = {remove, str(Path(remove).expanduser().resolve())}
                kept = [folder for folder in stored if folder not in wanted]
                if kept == stored:
                    print(t("cli.folders.not_listed", language, path=remove), file=sys.stderr)
                    return EXIT_USAGE
                write_story_folders(store, kept)
                print(t("cli.folders.removed", language, path=remove))
                stored = kept
        except STORE_ERRORS as error:
            print(store_message(error, language, store.path), file=sys.stderr)
            return EXIT_ERRORS
        finally:
            store.close()
    mine = user_dir()
    try:
        mine.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # a read-only data directory: the folder is listed as missing
    print(t("cli.folders.title", language))
    for story_folder in folders(stored):
        note = "" if story_folder.path.is_dir() else t("cli.folders.missing", language)
        kind = t(f"cli.folders.kind.{story_folder.kind}", language)
        print(t("cli.folders.row", language, kind=kind, path=story_folder.path, note=note))
    print()
    print(t("cli.folders.hint", language, mine=mine))
    return code


def cmd_validate(paths: list[str], language: str) -> int:
    """Check files and folders; print every problem; exit 0 when all are valid (unchanged files come from the cache)."""

    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        print(t("cli.no_such_path", language, path=missing[0]), file=sys.stderr)
        return EXIT_USAGE
    from scenarios.story.library import GIVEN, Library, StoryFolder, index_path

    library = Library.scan([StoryFolder(Path(path), GIVEN) for path in paths], cache=index_path())
    problems = 0
    broken = 0
    files = 0
    for _path, diagnostics in library.diagnostics():
        files += 1
        for diagnostic in diagnostics:
            print(diagnostic.format(language))
            problems += 1
        broken += bool(diagnostics)
    if broken:
        print(t("cli.validate_summary", language, files=files, valid=files - broken, broken=broken, problems=problems))
        return EXIT_ERRORS
    print(t("cli.validate_ok", language, files=files))
    return EXIT_OK


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
    from scenarios.story.finding import find_story

    story = find_story(args.story, language, sys.stderr)
    if story is None:
        return EXIT_ERRORS if Path(args.story).suffix in (".yaml", ".yml") or Path(args.story).exists() else EXIT_USAGE
    line_mode = args.plain or args.choices or args.json or args.own_words
    if not line_mode and sys.stdin.isatty() and sys.stdout.isatty():
        return cmd_app(args.lang, story, language, watch=Path(args.story) if args.watch else None, seed=args.seed)
    from scenarios.cli.plain import ChoicesRanOutError, PlainPlayer, PlainProgress, ScriptedChoiceError
    from scenarios.engine import Playthrough
    from scenarios.i18n.present import LESSON_FALLBACKS, language_fallback, story_language
    from scenarios.store.clock import now
    from scenarios.story.lessons import verdict_lessons

    lang = story_language(story, language)
    out = sys.stderr if args.json else sys.stdout
    if lang != language:
        print(language_fallback(language, lang), file=out)
    import random

    seed = args.seed if args.seed is not None else (0 if args.choices else random.randrange(1 << 30))
    play = Playthrough(story, seed=seed, clock=now)
    own_words = None
    if args.own_words:
        from scenarios.trainer.own_words import SHARED, has_own_words, warm_up

        if has_own_words(story):
            own_words = SHARED
            warm_up([lang])  # the word lists open while the trainee reads the story's opening
        else:
            print(t("plain.own.none", language), file=out)
    # Labels in the trainee's language; story texts fall back.
    player = PlainPlayer(story, language, out, own_words=own_words)
    progress = None if args.no_save else PlainProgress(story, lang, sys.stderr)
    try:
        # Answers given with --choices are the whole script: when they run out, it ends (never waits for input).
        report = player.play(play, iter(choices), None if args.choices else _ask(out), progress)
    except ScriptedChoiceError as error:
        print(
            t("cli.choice_unavailable", language, number=error.number, step=error.step, count=error.count),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except ChoicesRanOutError as error:
        print(t("cli.choices_ran_out", language, step=error.step, count=error.count), file=sys.stderr)
        if progress is not None and progress.kept:
            print(t("plain.left_unfinished", language), file=sys.stderr)
        return EXIT_USAGE
    except EOFError:
        print(t("plain.input_ended", language), file=sys.stderr)
        if progress is not None and progress.kept:
            print(t("plain.left_unfinished", language), file=sys.stderr)
        return EXIT_ERRORS
    finally:
        if progress is not None:  # left unfinished (input ended, Ctrl-C) it stays to resume in the app
            progress.leave()
    if args.json:
        data = report.to_dict(lang, story.languages)
        for decision in data["decisions"]:  # the lessons behind each verdict, as the debrief names them
            decision["lessons"] = [
                {"id": lesson.id, "title": lesson.title.get_text(lang, LESSON_FALLBACKS), "chapter": lesson.chapter}
                for lesson in verdict_lessons(story, decision["node"], decision["chosen"])
            ]
        import json

        print(json_visible(json.dumps(data, ensure_ascii=False, indent=2)))
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


def cmd_app(
    language_flag: str | None,
    story: Story | None,
    language: str,
    *,
    watch: Path | None = None,
    seed: int | None = None,
    review: bool = False,
) -> int:
    """Open the terminal app (on `story`, reloading the file `watch` when saved; `seed` fixes the options' order;
    `review`: on the day's review).

    `--lang`, else `SCENARIOS_LANG`, wins over the language saved in the settings (as the LRS's variables do).
    """
    from scenarios.tui.app import create_app

    override = language_override(language_flag)
    asked, told_by = override if override is not None else (None, None)
    return _open_app(
        lambda: create_app(language=asked, language_from=told_by, story=story, watch=watch, seed=seed, review=review),
        language,
    )


def _open_app(build: Callable[[], ScenariosApp], language: str) -> int:
    """Build and run an app; a database that cannot be opened is one plain sentence, a crash exit code 1."""
    from scenarios.store.problems import STORE_ERRORS, store_message

    try:
        app = build()
    except STORE_ERRORS as error:
        print(store_message(error, language), file=sys.stderr)
        return EXIT_ERRORS
    app.run()
    return EXIT_ERRORS if app.crashed else EXIT_OK


def _phone_options(args: argparse.Namespace) -> PhoneOptions | None:
    """`rehearse --phones [--host H] [--port P]` (a host or port alone asks for phones too)."""
    from scenarios.phones.address import DEFAULT_PORT, PhoneOptions

    host, port = getattr(args, "host", None), getattr(args, "port", None)
    if not (getattr(args, "phones", False) or host or port is not None):
        return None
    return PhoneOptions(host or None, DEFAULT_PORT if port is None else port)


def cmd_rehearsal_app(
    language_flag: str | None,
    language: str,
    story: str | None = None,
    *,
    phones: PhoneOptions | None = None,
    stations: bool = False,
) -> int:
    """Open the team rehearsal in the terminal app, with `story` (a file or an id) ticked, or set up for the
    chapter 6 station rotation (`stations`); `--lang`, else `SCENARIOS_LANG`, overrides the saved language;
    `phones` opens new sessions to phones on that address."""
    from scenarios.rehearsal.command import rehearse_story
    from scenarios.tui.rehearse.app import create_rehearsal_app

    story_id: str | None = None
    extra: list[Path] = []
    if story is not None:
        found = rehearse_story(story, language)
        if isinstance(found, int):
            return found
        story_id, extra = found
    override = language_override(language_flag)
    asked = override[0] if override is not None else None
    return _open_app(
        lambda: create_rehearsal_app(language=asked, extra=extra, preselect=story_id, phones=phones, stations=stations),
        language,
    )


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
