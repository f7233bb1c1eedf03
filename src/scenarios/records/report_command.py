"""`scenarios report`: the trainer's item analysis of many trainees' records, in the terminal, as HTML or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenarios.i18n.catalog import LANGUAGES, t
from scenarios.records import MODES

# What the report runs is imported when it runs: `scenarios report --help` builds the parser without it.
if TYPE_CHECKING:
    from datetime import date

    from scenarios.exports.csvfile import Cell
    from scenarios.records.mastery_report import LessonFigures, LessonsReport
    from scenarios.records.report import Report

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
CSV_COLUMNS = (
    "story",
    "story_title",
    "decision",
    "node",
    "decision_choices",
    "decision_missed_percent",
    "option",
    "option_text",
    "chosen",
    "chosen_percent",
    "solution_focused",
    "ideal",
    "own_replies",
    "left_out",
    "mode",
)


def add_command(commands: Any, language: str) -> None:
    """Add `report` to the CLI's subcommands."""
    report = commands.add_parser("report", help=t("cli.help.report", language))
    report.add_argument("files", nargs="*", metavar="FILE", help=t("cli.help.report.files", language))
    report.add_argument("--local", action="store_true", help=t("cli.help.report.local", language))
    report.add_argument("--lrs", action="store_true", help=t("cli.help.report.lrs", language))
    report.add_argument("--team", help=t("cli.help.report.team", language))
    report.add_argument("--story", action="append", default=[], help=t("cli.help.report.story", language))
    report.add_argument("--since", metavar="YYYY-MM-DD", help=t("cli.help.report.since", language))
    report.add_argument("--until", metavar="YYYY-MM-DD", help=t("cli.help.report.until", language))
    report.add_argument("--mode", choices=MODES, help=t("cli.help.report.mode", language))
    report.add_argument("--trainee", metavar="ID", help=t("cli.help.report.trainee", language))
    report.add_argument("--top", type=int, default=10, help=t("cli.help.report.top", language))
    report.add_argument("--html", metavar="FILE", help=t("cli.help.report.html", language))
    report.add_argument("--csv", metavar="FILE", help=t("cli.help.report.csv", language))
    report.add_argument("--lessons-csv", metavar="FILE", help=t("cli.help.report.lessons_csv", language))
    report.add_argument("--force", action="store_true", help=t("cli.help.force", language))
    report.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)


def _date(raw: str | None) -> date | None:
    from datetime import date

    return None if raw is None else date.fromisoformat(raw)


def run(args: argparse.Namespace, language: str) -> int:
    """Read the statements, analyse them, and show or write the report."""
    import shutil
    from dataclasses import replace

    from scenarios.output import OutputError, write_output
    from scenarios.records.mastery_report import lessons_report
    from scenarios.records.report import Filters, analyse, learner_of, modes_in
    from scenarios.records.report_html import render_html  # Jinja2 only when a report is made
    from scenarios.records.report_text import render, render_lessons, render_trainee, render_trainees
    from scenarios.records.trainees import trainee_views

    try:
        since, until = _date(args.since), _date(args.until)
    except ValueError:
        print(t("report.bad_date", language, value=args.since or args.until), file=sys.stderr)
        return EXIT_USAGE
    for target in (args.html, args.csv, args.lessons_csv):
        if target and Path(target).exists() and not args.force:
            print(t("report.exists", language, path=target), file=sys.stderr)
            return EXIT_USAGE
    statements = _read(args, language, since, until)
    if statements is None:
        return EXIT_ERRORS
    filters = Filters(team=args.team, stories=tuple(args.story), since=since, until=until, mode=args.mode)
    views = trainee_views(statements, filters)
    if args.trainee is not None:
        chosen = [view for view in views if view.matches(args.trainee)]
        if not chosen:
            known = ", ".join(view.label for view in views) or "–"
            print(t("report.trainee.none", language, name=args.trainee, known=known), file=sys.stderr)
            return EXIT_ERRORS
        learners = {view.learner for view in chosen}
        statements = [s for s in statements if learner_of(s) in learners]
        views = chosen
    # Practice and exam apart: each mode its own analysis (a mode nobody played in is left out).
    modes = [args.mode] if args.mode else (modes_in(statements) or ["practice"])
    reports = [analyse(statements, replace(filters, mode=mode), top=max(1, args.top)) for mode in modes]
    lessons = lessons_report(statements, filters, top=max(1, args.top))
    outputs = []
    if args.html:
        outputs.append((args.html, render_html(reports, views, language, lessons)))
    if args.csv:
        outputs.append((args.csv, to_csv(reports, language)))
    if args.lessons_csv:
        outputs.append((args.lessons_csv, lessons_csv(lessons, language)))
    for target, content in outputs:
        try:
            write_output(target, content, force=args.force)
        except OutputError as error:
            print(t(error.key, language, **error.params), file=sys.stderr)
            return EXIT_ERRORS
        print(t("report.written", language, path=target), file=sys.stderr)
    if outputs:
        return EXIT_OK
    width = shutil.get_terminal_size((80, 24)).columns
    if args.trainee is not None:
        sys.stdout.write("".join(render_trainee(view, language, width) for view in views))
        return EXIT_OK
    sys.stdout.write("\n".join(render(report, language, width) for report in reports))
    sys.stdout.write("\n" + render_lessons(lessons, language, width, max(1, args.top)))
    sys.stdout.write("\n" + render_trainees(views, language, width))
    return EXIT_OK


def _read(
    args: argparse.Namespace, language: str, since: date | None, until: date | None
) -> list[dict[str, Any]] | None:
    """The statements of every source asked for (the local store when none is); None after an error was shown."""
    import sqlite3

    from scenarios.records.outbox import LrsError, load_config
    from scenarios.records.sources import FileProblem, from_file, from_lrs, from_store
    from scenarios.store import SchemaTooNewError, Store
    from scenarios.store.problems import store_message

    statements: list[dict[str, Any]] = []
    local = args.local or not (args.files or args.lrs)
    if local or args.lrs:
        try:
            store = Store()
        except (sqlite3.Error, SchemaTooNewError, OSError) as error:
            print(store_message(error, language), file=sys.stderr)
            return None
        try:
            if local:
                statements += from_store(store)
            if args.lrs:
                config = load_config(store)
                if not config.url:
                    print(t("records.no_lrs", language), file=sys.stderr)
                    return None
                try:
                    statements += from_lrs(config, since=since)
                except LrsError as error:
                    print(t("report.lrs_failed", language, url=config.url, error=str(error)), file=sys.stderr)
                    return None
        except (sqlite3.Error, SchemaTooNewError) as error:
            print(store_message(error, language), file=sys.stderr)
            return None
        finally:
            store.close()
    problems: list[FileProblem] = []
    for name in args.files:
        try:
            statements += from_file(Path(name), problems)
        except (OSError, UnicodeDecodeError) as error:
            detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            print(t("report.file_failed", language, path=name, detail=detail), file=sys.stderr)
            return None
    for problem in problems[:10]:
        print(
            t("report.bad_line", language, path=problem.path, line=problem.line, reason=problem.reason), file=sys.stderr
        )
    if len(problems) > 10:
        print(t("report.more_bad_lines", language, count=len(problems) - 10), file=sys.stderr)
    return statements


def to_csv(reports: list[Report], language: str) -> str:
    """One row per option of every decision, with the decision's figures and the mode it was played in
    (Excel-friendly, see `exports.csvfile`)."""
    from scenarios.exports.csvfile import excel_csv
    from scenarios.records.report import pick

    header = [t(f"report.csv.{column}", language) for column in CSV_COLUMNS]
    verdict = {True: t("verdict.yes", language), False: t("verdict.no", language), None: ""}
    rows: list[list[Cell]] = []
    for report in reports:
        mode = t(f"tui.mode_name.{report.filters.mode}", language) if report.filters.mode else ""
        for story in report.stories:
            title = pick(story.title, language) or story.story
            for number, decision in enumerate(story.decisions, start=1):
                left_out = "; ".join(  # every element some own reply left out, the most often first
                    t("report.own.element", language, label=pick(decision.element_labels.get(item, {}), language)
                      or item, count=count, of=decision.own_replies)
                    for item, count in decision.most_left_out(top=len(decision.left_out))
                )  # fmt: skip
                for option in sorted(decision.options, key=lambda o: (-o.chosen, o.option)):
                    share = option.chosen / decision.choices if decision.choices else 0.0
                    rows.append(
                        [
                            story.story,
                            title,
                            number,
                            decision.node,
                            decision.choices,
                            round(decision.missed_share * 100),
                            option.option,
                            pick(option.text, language),
                            option.chosen,
                            round(share * 100),
                            verdict[option.solution_focused],
                            "★" if option.ideal else "",
                            decision.own_replies or None,
                            left_out or None,
                            mode,
                        ]
                    )
    return excel_csv(header, rows)


LESSON_COLUMNS = (
    "who",
    "lesson",
    "lesson_title",
    "chapter",
    "state",
    "trainees",
    "mastered",
    "mastered_percent",
    "answers",
    "against",
    "against_percent",
)


def lessons_csv(report: LessonsReport, language: str) -> str:
    """One row per lesson met for everyone together, then one per lesson for each trainee who met it (Excel-friendly,
    see `exports.csvfile`): how many met it and have mastered it, and the answers that went against it."""
    from scenarios.exports.csvfile import excel_csv
    from scenarios.records.report import pick

    header = [t(f"report.csv.{column}", language) for column in LESSON_COLUMNS]
    everyone = t("report.csv.everyone", language)

    def row(who: str, figures: LessonFigures, state: str) -> list[Cell]:
        lesson = figures.lesson
        return [
            who,
            lesson.lesson,
            pick(lesson.title, language),
            lesson.chapter or "",
            state,
            figures.trainees,
            figures.mastered,
            round(figures.mastered_share * 100),
            figures.answers,
            figures.against,
            round(figures.missed_share * 100),
        ]

    rows = [row(everyone, figures, "") for figures in report.lessons]
    for trainee in sorted(report.by_trainee.values(), key=lambda held: held.label.casefold()):
        for figures in trainee.lessons:
            state = trainee.states[figures.lesson.lesson].state
            rows.append(row(trainee.label, figures, t(f"mastery.state.{state}", language)))
    return excel_csv(header, rows)
