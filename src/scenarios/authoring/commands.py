"""The authoring commands of the CLI: `new`, `schema`, `lint`, `graph`, `test` and `lessons`.

`add_commands(subparsers, language)` adds them to the main parser; `run(args, language)` runs
one of them and returns its exit code (None when the command is not one of these).
Exit codes are those of `validate`: 0 ok, 1 problems found, 2 usage errors.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenarios.authoring.guide import SCHEMA_PATH, TOPICS
from scenarios.i18n.catalog import LANGUAGES, t
from scenarios.output import OutputError, write_output
from scenarios.story.files import LINK_OUTSIDE, links_out, story_files
from scenarios.story.kinds import Channel

if TYPE_CHECKING:
    from scenarios.authoring.lint import LintResult
    from scenarios.authoring.walkthroughs import WalkResult
    from scenarios.story.model import Story

# The tools (and pydantic, ruamel.yaml) are imported when a command runs, so the trainer itself and every
# command's --help start no slower.
EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
COMMANDS = ("new", "schema", "lint", "graph", "test", "lessons", "help")
FORMATS = ("mermaid", "dot", "html")


def add_commands(subparsers: Any, language: str) -> None:
    """Add the authoring subcommands to the CLI's subparsers."""
    ui_lang: dict[str, Any] = {
        "choices": LANGUAGES,
        "default": argparse.SUPPRESS,
        "help": t("cli.help.messages_lang", language),
    }

    new = subparsers.add_parser("new", help=t("cli.help.new", language))
    new.add_argument("id", help=t("cli.help.new.id", language))
    new.add_argument(
        "--channel", required=True, choices=[c.value for c in Channel], help=t("cli.help.new.channel", language)
    )
    new.add_argument(
        "--languages",
        dest="story_languages",
        default="fi,en",
        metavar="fi,en",
        help=t("cli.help.new.languages", language),
    )
    new.add_argument("--lang", **{**ui_lang, "help": t("cli.help.new.lang", language)})
    where = new.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", help=t("cli.help.new.output", language))
    where.add_argument("--mine", action="store_true", help=t("cli.help.new.mine", language))
    where.add_argument(
        "--team", nargs="?", const="", metavar="FOLDER", help=t("cli.help.new.team", language)
    )  # the only team folder, or the one named (its path or its name)
    new.add_argument("--force", action="store_true", help=t("cli.help.force", language))

    schema = subparsers.add_parser("schema", help=t("cli.help.schema", language))
    schema.add_argument("-o", "--output", help=t("cli.help.schema.output", language, path=SCHEMA_PATH))
    schema.add_argument("--check", action="store_true", help=t("cli.help.schema.check", language))
    schema.add_argument("--force", action="store_true", help=t("cli.help.force_output", language))

    lint = subparsers.add_parser("lint", help=t("cli.help.lint", language))
    lint.add_argument("paths", nargs="+", help=t("cli.help.paths", language))
    lint.add_argument("--lang", **ui_lang)

    graph = subparsers.add_parser("graph", help=t("cli.help.graph", language))
    graph.add_argument("story", help=t("cli.help.story", language))
    graph.add_argument("--format", choices=FORMATS, default="mermaid", help=t("cli.help.graph.format", language))
    graph.add_argument("-o", "--output", help=t("cli.help.graph.output", language))
    graph.add_argument("--force", action="store_true", help=t("cli.help.force_output", language))
    graph.add_argument("--lang", **ui_lang)

    guide = subparsers.add_parser("help", help=t("cli.help.guide", language))
    guide.add_argument("topic", nargs="?", choices=TOPICS, help=t("cli.help.guide.topic", language))
    guide.add_argument("--lang", **ui_lang)

    test = subparsers.add_parser("test", help=t("cli.help.test", language))
    test.add_argument("paths", nargs="+", help=t("cli.help.paths", language))
    test.add_argument(
        "--transcripts",
        nargs="?",
        const="transcripts",
        metavar="FOLDER",
        help=t("cli.help.test.transcripts", language),
    )
    test.add_argument("--force", action="store_true", help=t("cli.help.force_output", language))
    test.add_argument("--lang", **ui_lang)

    lessons = subparsers.add_parser("lessons", help=t("cli.help.lessons", language))
    lessons.add_argument("--json", action="store_true", help=t("cli.help.lessons.json", language))
    lessons.add_argument("--lang", **ui_lang)


def run(args: argparse.Namespace, language: str) -> int | None:
    """Run an authoring command; None when `args.command` is not one."""
    if args.command == "new":
        return cmd_new(args, language)
    if args.command == "schema":
        return cmd_schema(args.output, args.check, force=args.force, language=language)
    if args.command == "lint":
        return cmd_lint(args.paths, language)
    if args.command == "graph":
        return cmd_graph(args.story, args.format, args.output, language, force=args.force)
    if args.command == "test":
        return cmd_test(args.paths, language, transcripts=args.transcripts, force=args.force)
    if args.command == "lessons":
        return cmd_lessons(args.json, language)
    if args.command == "help":
        return cmd_help(args.topic, language)
    return None


def cmd_help(topic: str | None, language: str) -> int:
    """Print a help topic for authors (the guide, the format, ...), or the list of topics."""
    from scenarios.authoring.guide import topic_text, topics_text

    try:
        sys.stdout.write(topics_text(language) if topic is None else topic_text(topic, language))
    except (OSError, ValueError) as error:  # a broken installation without its docs
        print(t("authoring.help.missing", language, detail=str(error)), file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def cmd_new(args: argparse.Namespace, language: str) -> int:
    """Write a story skeleton."""
    from scenarios.authoring.scaffold import schema_reference, skeleton
    from scenarios.story.model import ID_PATTERN

    if not re.match(ID_PATTERN, args.id) or len(args.id) > 64:
        print(t("authoring.bad_id", language, value=args.id), file=sys.stderr)
        return EXIT_USAGE
    languages = [part.strip() for part in args.story_languages.split(",") if part.strip()]
    if (
        not languages
        or not all(re.fullmatch(r"[a-z]{2,3}", code) for code in languages)
        or len(set(languages)) != len(languages)
    ):
        print(t("authoring.bad_languages", language, value=args.story_languages), file=sys.stderr)
        return EXIT_USAGE
    default = Path("stories") / f"{args.id}.yaml" if Path("stories").is_dir() else Path(f"{args.id}.yaml")
    if args.mine:
        from scenarios.store.paths import stories_dir

        default = stories_dir() / f"{args.id}.yaml"
    if args.team is not None:
        team = team_folder(args.team, language)
        if team is None:
            return EXIT_USAGE
        default = team / f"{args.id}.yaml"
    target = Path(args.output) if args.output else default
    if target.exists() and not args.force:
        print(t("authoring.exists", language, path=target), file=sys.stderr)
        return EXIT_USAGE
    # The user's and the team's folders are read from anywhere: their schema lives beside the stories.
    into_library = (args.mine or args.team is not None) and not args.output
    schema = target.parent / "story.schema.json" if into_library else _find_schema(target)
    if args.mine and not args.output:  # the user's own folder is made on first use; others must exist
        target.parent.mkdir(parents=True, exist_ok=True)
    text = skeleton(
        args.id, args.channel, languages, schema_reference(target, schema), comments=language, path=str(target)
    )
    if not _written(target, text, args.force, language):
        return EXIT_ERRORS
    print(t("authoring.wrote", language, path=target))
    if not schema.exists():
        # Outside the repository there is no docs/: the schema goes beside the story, where the modeline points.
        from scenarios.authoring.schema import schema_text

        try:
            schema.write_text(schema_text(), encoding="utf-8")
        except OSError:
            print(t("authoring.schema_hint", language, schema=schema))
    print(t("authoring.next_steps", language, path=target))
    return EXIT_OK


def team_folder(wanted: str, language: str) -> Path | None:
    """The team folder `scenarios new --team` writes into: the only one, or the one named by its path or
    its name; None (having said why and which there are) when there is no such folder."""
    from scenarios.story.library import TEAM, folders, same_path, stored_folders

    teams = [folder.path for folder in folders(stored_folders()) if folder.kind == TEAM]
    if not teams:
        print(t("authoring.team.none", language), file=sys.stderr)
        return None
    if wanted:
        chosen = [path for path in teams if same_path(path) == same_path(Path(wanted)) or path.name == wanted]
    else:
        chosen = teams if len(teams) == 1 else []
    if len(chosen) != 1:
        key = "authoring.team.which" if not wanted else "authoring.team.unknown"
        listed = "\n".join(f"  {path}" for path in teams)
        print(t(key, language, name=wanted, folders=listed, folders_first=teams[0].name), file=sys.stderr)
        return None
    if not chosen[0].is_dir():
        print(t("authoring.team.missing", language, path=chosen[0]), file=sys.stderr)
        return None
    return chosen[0]


def _find_schema(target: Path) -> Path:
    """docs/story.schema.json in the nearest folder above the new file that has one."""
    for folder in [target.resolve().parent, *target.resolve().parents, Path.cwd()]:
        if (folder / SCHEMA_PATH).is_file():
            return folder / SCHEMA_PATH
    return target.resolve().parent / "story.schema.json"


def cmd_schema(output: str | None, check: bool, *, force: bool = False, language: str = "fi") -> int:
    """Print the schema, write it (replacing a file only with `force`), or check that a written one is up to date."""
    from scenarios.authoring.schema import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    path = Path(output)
    if check:
        try:
            current = path.read_text(encoding="utf-8") if path.is_file() else ""
        except (OSError, UnicodeDecodeError):
            current = ""
        return EXIT_OK if current == text else EXIT_ERRORS
    return EXIT_OK if _written(path, text, force, language) else EXIT_ERRORS


def _written(path: Path, text: str, force: bool, language: str) -> bool:
    """Write an output file; on failure say why (no traceback) and return False."""
    try:
        write_output(path, text, force=force)
    except OutputError as error:
        print(t(error.key, language, **error.params), file=sys.stderr)
        return False
    return True


def _report_links_out(paths: list[str], language: str) -> int:
    """Say of each link that leads out of its story folder that it is not read; returns how many there are."""
    from scenarios.story.diagnostics import Diagnostic

    found = links_out(paths)
    for path, folder in found:
        print(Diagnostic(str(path), 1, 1, LINK_OUTSIDE, {"folder": str(folder)}).format(language))
    return len(found)


def _missing(paths: list[str], language: str) -> bool:
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        print(t("cli.no_such_path", language, path=missing[0]), file=sys.stderr)
    return bool(missing)


def cmd_lint(paths: list[str], language: str) -> int:
    """Lint files and folders; exit 1 when any file has errors (or does not load)."""
    from scenarios.authoring.lint import lint_file

    if _missing(paths, language):
        return EXIT_USAGE
    links = _report_links_out(paths, language)
    results = [lint_file(path) for path in story_files(list(paths))]
    for result in results:
        for diagnostic in result.diagnostics:
            print(diagnostic.format(language))
    errors = links + sum(result.errors for result in results)
    warnings = sum(result.warnings for result in results)
    if len(results) > 1:
        warnings += _lint_library(paths, results, language)
    if errors or warnings:
        print(t("authoring.lint_summary", language, files=len(results), errors=errors, warnings=warnings))
    else:
        print(t("authoring.lint_ok", language, files=len(results)))
    return EXIT_ERRORS if errors else EXIT_OK


def _lint_library(paths: list[str], results: list[LintResult], language: str) -> int:
    """Print the library-level shares and findings over the stories that loaded; return how many findings."""
    from scenarios.authoring.library_lint import languages_of, library_findings, percent, tell_shares

    loaded = [result for result in results if result.story is not None]
    stories = [result.story for result in loaded if result.story is not None]
    if not stories:
        return 0
    where = ", ".join(paths)
    for code in languages_of(stories):
        shares = {share.tell.name: share for share in tell_shares(stories, code)}
        figures = {
            name: t(
                "authoring.library_share",
                language,
                share=percent(share.share, language),
                count=len(share.marked),
                limit=percent(share.tell.limit, language),
            )
            for name, share in shares.items()
        }
        decisions = shares["question"].decisions
        print(t("authoring.library_shares", language, where=where, code=code, decisions=decisions, **figures))
    findings = library_findings(stories)
    for finding in findings:
        print(f"{where}: {finding.message(language)}")
        for place in finding.places:
            result = loaded[place.index]
            position = result.document.position(("nodes", place.node), key=True) if result.document else None
            line, column = (position.line, position.column) if position else (1, 1)
            print(f"  {result.path}:{line}:{column}: {place.node}")
        for entry in finding.lessons:
            channels = ", ".join(entry.channels) or "—"
            print(
                t(
                    "authoring.lesson_coverage",
                    language,
                    lesson=entry.lesson,
                    decisions=entry.decisions,
                    channels=channels,
                )
            )
    return len(findings)


def cmd_graph(name: str, fmt: str, output: str | None, language: str, *, force: bool = False) -> int:
    """Print (or write) the story graph."""
    from scenarios.authoring.graph import render
    from scenarios.story.finding import find_story

    story = find_story(name, language, sys.stderr)
    if story is None:
        return EXIT_ERRORS if Path(name).suffix in (".yaml", ".yml") or Path(name).exists() else EXIT_USAGE
    if fmt == "html":
        from scenarios.authoring.graph_html import render_html

        text = render_html(story, language)
    else:
        text = render(story, fmt, language)
    if output:
        return EXIT_OK if _written(Path(output), text, force, language) else EXIT_ERRORS
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_test(paths: list[str], language: str, *, transcripts: str | None = None, force: bool = False) -> int:
    """Run every declared walkthrough; report failures and coverage; with `transcripts`, write every path
    of each story as a readable transcript into that folder (`<story id>.txt`)."""
    from scenarios.authoring.codes import WalkDiagnostic
    from scenarios.authoring.walkthroughs import run_walkthrough
    from scenarios.story.loader import load_file

    if _missing(paths, language):
        return EXIT_USAGE
    total = passed = 0
    failed_files = _report_links_out(paths, language)
    for path in story_files(list(paths)):
        loaded = load_file(path)
        if loaded.story is None:
            for diagnostic in loaded.diagnostics:
                print(diagnostic.format(language))
            failed_files += 1
            continue
        if transcripts is not None and not _transcribed(path, loaded.story, Path(transcripts), language, force):
            failed_files += 1
        results = [run_walkthrough(loaded.story, number) for number in range(len(loaded.story.walkthroughs))]
        if not results:
            print(t("authoring.test_no_walkthroughs", language, file=path))
            continue
        located = _locator(path)
        for number, result in enumerate(results):
            for failure in result.failures:
                params = {**failure.params, "walkthrough": loaded.story.walkthroughs[number].name}
                line, column, source = located(failure.path)
                print(WalkDiagnostic(str(path), line, column, failure.code, params, source).format(language))
        total += len(results)
        passed += sum(1 for result in results if result.passed)
        print(
            t("authoring.test_passed", language, file=path, passed=sum(r.passed for r in results), total=len(results))
        )
        _print_coverage(str(path), loaded.story, results, located, language)
    print(t("authoring.test_summary", language, total=total, passed=passed, failed=total - passed))
    return EXIT_ERRORS if failed_files or passed < total else EXIT_OK


def cmd_lessons(as_json: bool, language: str) -> int:
    """Print the catalog of lessons: by chapter, each id with its title and sentence (or all of it as JSON)."""
    import json
    import textwrap

    from scenarios.i18n.present import LESSON_FALLBACKS
    from scenarios.story.lessons import chapter_heading, load_lessons

    catalog = load_lessons()
    if as_json:
        entries = [
            {
                "id": lesson.id,
                "chapter": lesson.chapter,
                "source": lesson.source,
                "title": dict(lesson.title),
                "text": dict(lesson.text),
                "note": dict(lesson.note) if lesson.note is not None else None,
            }
            for lesson in catalog.lessons
        ]
        print(json.dumps({"source": catalog.source, "lessons": entries}, ensure_ascii=False, indent=2))
        return EXIT_OK
    chapter = None
    for lesson in catalog.lessons:
        if lesson.chapter != chapter:
            chapter = lesson.chapter
            print(("\n" if lesson is not catalog.lessons[0] else "") + chapter_heading(chapter, language))
        print(f"  {lesson.id}: {lesson.title.get_text(language, LESSON_FALLBACKS)}")
        text = lesson.text.get_text(language, LESSON_FALLBACKS)
        print(textwrap.fill(text, width=92, initial_indent="      ", subsequent_indent="      "))
    print()
    print(t("lessons.total", language, count=len(catalog.lessons)))
    return EXIT_OK


def _transcribed(source: Path, story: Story, folder: Path, language: str, force: bool) -> bool:
    """Write the story's transcripts into `folder` (made if need be); say where, or why not."""
    from scenarios.authoring.transcripts import transcripts

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(t("output.cannot_write", language, path=folder, reason=error.strerror or str(error)), file=sys.stderr)
        return False
    target = folder / f"{story.id}.txt"
    text, count = transcripts(story, language)
    if not _written(target, text, force, language):
        return False
    print(t("authoring.transcripts_written", language, file=source, count=count, path=target))
    return True


def _locator(path: Path) -> Any:
    """A function from a path in the story file to (line, column, source line)."""
    from scenarios.story.safeyaml import Document, YamlProblem, decode, parse

    text = decode(path.read_bytes())
    try:
        document: Document | None = parse(text)
    except YamlProblem:
        document = None
    lines = text.splitlines()

    def locate(where: tuple[str | int, ...], key: bool = False) -> tuple[int, int, str]:
        if document is None:
            return 1, 1, ""
        position = document.position(where, key=key)
        source = lines[position.line - 1] if 0 < position.line <= len(lines) else ""
        return position.line, position.column, source

    return locate


def _print_coverage(file: str, story: Story, results: list[WalkResult], located: Any, language: str) -> None:
    from scenarios.authoring.walkthroughs import coverage

    missed = coverage(story, results)
    print(
        t(
            "authoring.coverage",
            language,
            file=file,
            nodes_seen=missed.total_nodes - len(missed.nodes),
            nodes=missed.total_nodes,
            options_seen=missed.total_options - len(missed.options),
            options=missed.total_options,
        )
    )
    for name in missed.nodes:
        print(t("authoring.coverage_node", language, file=file, line=located(("nodes", name), True)[0], name=name))
    for name, index, option_id in missed.options:
        line = located(("nodes", name, "options", index))[0]
        print(t("authoring.coverage_option", language, file=file, line=line, name=name, option=option_id))
