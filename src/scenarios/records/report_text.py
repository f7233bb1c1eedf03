"""The report in the terminal: tables with bar charts drawn in Unicode blocks, fitted to the width."""

from __future__ import annotations

import textwrap

from scenarios.i18n.catalog import decimal, t
from scenarios.mastery.rule import LEARNING, MASTERED
from scenarios.records.mastery_report import LessonFigures, LessonsReport, catalog_info
from scenarios.records.report import FEW_CHOICES, DecisionStats, LessonInfo, Report, pick
from scenarios.records.trainees import TraineeView
from scenarios.story.lessons import chapter_heading

EIGHTHS = " ▏▎▍▌▋▊▉"
MIN_WIDTH = 60


def bar(share: float, width: int) -> str:
    """A horizontal bar of `share` (0–1) in `width` cells, to an eighth of a cell; the rest light shade."""
    share = min(1.0, max(0.0, share))
    eighths = round(share * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[part] if part else "")
    return text + "░" * (width - len(text))


def signed_bar(share: float, width: int, left: int) -> str:
    """A bar of `share` (-1–1) from a zero axis after `left` cells: to the right for a positive share (as `bar`),
    to the left for a negative one (whole and half cells: a negative bar reads as one, never as a short
    positive one)."""
    share = min(1.0, max(-1.0, share))
    if share >= 0:
        return " " * left + "│" + bar(share, width - left - 1)
    halves = round(-share * left * 2)
    full, half = divmod(halves, 2)
    drawn = ("▐" if half else "") + "█" * full
    return drawn.rjust(left, "░")[-left:] + "│" + "░" * (width - left - 1)


def duration_words(seconds: float, language: str) -> str:
    """Time on task in minutes (or seconds when under a minute), e.g. `12 min`."""
    if seconds < 60:
        return t("report.seconds", language, count=round(seconds))
    return t("report.minutes", language, count=round(seconds / 60))


def percent(share: float) -> str:
    """A share as a whole percent, e.g. `70 %`."""
    return f"{round(share * 100)} %"


def number(value: float, language: str) -> str:
    """A number with one decimal, in the language's way (a decimal comma in Finnish and Swedish)."""
    text = f"{value:.1f}"
    return decimal(text, language)


def fit(text: str, width: int) -> str:
    """The text cut to `width` characters (with an ellipsis) and padded to it."""
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: max(0, width - 1)] + "…"
    return text.ljust(width)


def decision_label(title: str, node: str, chars: int) -> str:
    """`story title · node` in `chars` characters: the title is shortened, the decision's node kept whole."""
    keep = chars - len(node) - 3
    if len(title) > keep:
        title = title[: max(1, keep - 1)] + "…"
    return f"{title} · {node}"


def render(report: Report, language: str, width: int = 80) -> str:
    """The whole report as text lines for a terminal `width` columns wide."""
    width = max(MIN_WIDTH, width)
    lines = []
    if report.filters.mode is not None:
        title = t(f"report.mode.{report.filters.mode}", language)
        lines += ["█ " + title, ""]
    lines += _heading(report, language)
    if report.empty:
        lines.append(t("report.empty", language))
        return "\n".join(lines) + "\n"
    bar_width = max(10, min(30, width // 5))
    lines += ["", t("report.missed.title", language)]
    lines += textwrap.wrap(
        t("report.missed.order", language, few=FEW_CHOICES), width, initial_indent="  ", subsequent_indent="  "
    )
    label_width = width - bar_width - 20
    for rank, decision in enumerate(report.missed, start=1):
        label = decision_label(report.story_title(decision.story, language), decision.node, label_width)
        lines.append(
            f"{rank:>2}. {fit(label, label_width)} {bar(decision.missed_share, bar_width)}"
            f" {decision.missed:>3}/{decision.choices:<3} {percent(decision.missed_share):>5}"
        )
        ideal = _ideal_text(decision, language)
        if ideal:
            lines.append("    " + fit(t("report.ideal", language, text=ideal), width - 5).rstrip())
    if report.dimensions:
        lines += ["", t("report.dimensions.title", language)]
        negative = any(dim.share < 0 for dim in report.dimensions)
        left = bar_width // 3 if negative else 0
        for dim in report.dimensions:
            label = fit(t(f"dimension.{dim.dimension}", language), 22)
            got, ideal = number(dim.got, language), number(dim.ideal, language)
            drawn = signed_bar(dim.share, bar_width + 1, left) if negative else bar(dim.share, bar_width)
            lines.append(f"    {label} {drawn} {got:>5} / {ideal}")
    if report.weeks:
        lines += ["", t("report.weeks.title", language)]
        for week in report.weeks:
            label = fit(t("report.week", language, week=week.week, monday=week.monday.strftime("%d.%m.")), 16)
            if not week.choices:
                lines.append(f"    {label} {'·' * bar_width}")
                continue
            count = t("report.choices", language, count=week.choices)
            lines.append(f"    {label} {bar(week.share, bar_width)} {percent(week.share):>5}  {count}")
    for story in report.stories:
        title = pick(story.title, language) or story.story
        lines += ["", "═" * width, fit(f"{title} ({story.story})", width).rstrip()]
        lines.append(
            t(
                "report.story.counts",
                language,
                playthroughs=story.playthroughs,
                completed=story.completed,
                share=percent(story.solution_focused_share),
            )
        )
        for number_, decision in enumerate(story.decisions, start=1):
            lines.append("")
            lines.append(
                t(
                    "report.decision",
                    language,
                    number=number_,
                    node=decision.node,
                    share=percent(decision.solution_focused_share),
                    count=decision.choices,
                )
            )
            text_width = width - bar_width - 22
            for option in sorted(decision.options, key=lambda o: (-o.chosen, o.option)):
                mark = {True: "✓", False: "✗", None: " "}[option.solution_focused]
                star = "★" if option.ideal else " "
                share = option.chosen / decision.choices if decision.choices else 0.0
                text = pick(option.text, language) or option.option
                lines.append(
                    f"  {mark}{star} {fit(text, text_width)} {bar(share, bar_width)}"
                    f" {option.chosen:>4} {percent(share):>6}"
                )
            if decision.own_replies:
                lines += textwrap.wrap(
                    left_out_line(decision, language), width - 2, initial_indent="  ", subsequent_indent="    "
                )
        if story.dimensions:
            parts = [
                f"{t(f'dimension.{d.dimension}', language)} {number(d.got, language)}/{number(d.ideal, language)}"
                for d in story.dimensions
            ]
            text = t("report.story.dimensions", language, values=" · ".join(parts))
            lines += ["", *textwrap.wrap(text, width, subsequent_indent="  ")]
    lines += ["", t("report.legend", language)]
    return "\n".join(lines) + "\n"


def left_out_line(decision: DecisionStats, language: str) -> str:
    """How many own replies the decision got and the elements of the ideal reply they left out most."""
    most = [
        t(
            "report.own.element",
            language,
            label=pick(decision.element_labels.get(item, {}), language) or item,
            count=count,
            of=decision.own_replies,
        )
        for item, count in decision.most_left_out()
        if count
    ]
    line = (
        t("report.own.none_left_out", language, count=decision.own_replies)
        if not most
        else t("report.own.left_out", language, count=decision.own_replies, elements=", ".join(most))
    )
    if decision.corrections:
        line += " " + t("report.own.corrections", language, count=decision.corrections)
    return line


def _heading(report: Report, language: str) -> list[str]:
    lines = [
        t(
            "report.heading",
            language,
            playthroughs=report.playthroughs,
            trainees=report.trainees,
            stories=len(report.stories),
        )
    ]
    if report.first is not None and report.last is not None:
        lines.append(t("report.period", language, first=report.first.isoformat(), last=report.last.isoformat()))
    filters = report.filters
    shown = []
    if filters.team:
        shown.append(t("report.filter.team", language, team=filters.team))
    if filters.stories:
        shown.append(t("report.filter.stories", language, stories=", ".join(filters.stories)))
    if filters.since:
        shown.append(t("report.filter.since", language, date=filters.since.isoformat()))
    if filters.until:
        shown.append(t("report.filter.until", language, date=filters.until.isoformat()))
    if shown:
        lines.append(t("report.filters", language, filters=" · ".join(shown)))
    if report.team_statements:
        lines.append(t("report.team_statements", language, count=report.team_statements))
    return lines


def _ideal_text(decision: DecisionStats, language: str) -> str:
    for option in decision.options:
        if option.ideal:
            return pick(option.text, language) or option.option
    return ""


def render_trainees(views: list[TraineeView], language: str, width: int = 80) -> str:
    """One line per trainee: practice playthroughs and their share, exams passed of taken, time on task."""
    width = max(MIN_WIDTH, width)
    if not views:
        return ""
    lines = ["═" * width, t("report.trainees.title", language), ""]
    widths = (9, 6, 6, 9, 10, 9)
    name_width = max(12, width - sum(widths) - len(widths) - 3)
    keys = ("practice", "share", "exams", "passed", "time", "lessons")
    heads = [t(f"report.trainees.col.{key}", language) for key in keys]
    header = " ".join(head[:w].rjust(w) for head, w in zip(heads, widths, strict=True))
    lines.append(f"  {fit(t('report.trainees.who', language), name_width)} {header}")
    for view in views:
        practice, exams = view.in_mode("practice"), view.in_mode("exam")
        passed, failed = view.verdicts()
        cells = (
            str(len(practice)),
            percent(view.share("practice")) if practice else "–",
            str(len(exams)),
            f"{passed}/{passed + failed}" if exams else "–",
            duration_words(view.seconds(), language),
            mastered_of(view),
        )
        row = " ".join(cell.rjust(w) for cell, w in zip(cells, widths, strict=True))
        lines.append(f"  {fit(view.label, name_width)} {row}")
    lines += ["", *textwrap.wrap(t("report.trainees.hint", language), width)]
    return "\n".join(lines) + "\n"


def render_trainee(view: TraineeView, language: str, width: int = 80) -> str:
    """One trainee's view: each playthrough's path with the verdicts, time on task, exams, and the lessons met
    (weakest first), practice and exam apart."""
    width = max(MIN_WIDTH, width)
    lines = [t("report.trainee.title", language, name=view.label), ""]
    for mode in ("practice", "exam"):
        attempts = view.in_mode(mode)
        if not attempts:
            continue
        lines += ["█ " + t(f"report.mode.{mode}", language)]
        lines.append(
            t(
                "report.trainee.summary",
                language,
                count=len(attempts),
                share=percent(view.share(mode)),
                time=duration_words(view.seconds(mode), language),
            )
        )
        for attempt in attempts:
            title = pick(attempt.title, language) or attempt.story
            ending = ""
            if attempt.ending is not None and attempt.ending.outcome:
                ending = t(f"outcome.{attempt.ending.outcome}", language)
            if attempt.ending is not None and attempt.ending.verdict:
                ending += " · " + t(f"report.verdict.{attempt.ending.verdict}", language)
            when = attempt.started.strftime("%Y-%m-%d %H:%M")
            head = f"{when}  {title}  ({duration_words(attempt.seconds, language)})"
            lines += ["", fit(head, width).rstrip()]
            for number, step in enumerate(attempt.steps, start=1):
                mark = "✓" if step.solution_focused else "✗"
                star = "★" if step.ideal else " "
                text = pick(step.text, language) or step.option
                prefix = f"  {number:>2}. {mark}{star} "
                lines.append(prefix + fit(f"{step.node}: {text}", width - len(prefix)).rstrip())
            lines.append("      " + (ending.strip(" ·") or t("report.trainee.unfinished", language)))
        lessons = view.lessons.get(mode, [])
        if lessons:
            lines += ["", *textwrap.wrap(t("report.trainee.lessons", language), width)]
            bar_width = max(10, min(20, width // 6))
            for lesson in lessons:
                title = pick(lesson.lesson.title, language) or lesson.lesson.lesson
                chapter = (
                    t("report.trainee.chapter", language, chapter=lesson.lesson.chapter)
                    if lesson.lesson.chapter
                    else ""
                )
                counts = f"{lesson.solution_focused}/{lesson.choices}"
                label = fit(f"{title} {chapter}".strip(), width - bar_width - 14)
                lines.append(f"  {label} {bar(lesson.share, bar_width)} {counts:>6}")
        lines.append("")
    lines += trainee_mastery(view, language, width)
    lines.append(t("report.legend", language))
    return "\n".join(lines) + "\n"


def mastered_of(view: TraineeView) -> str:
    """Lessons mastered of those met, e.g. `3/12` ('–' when none was met)."""
    states = view.mastery.values()
    return f"{sum(s.state == MASTERED for s in states)}/{len(view.mastery)}" if view.mastery else "–"


STATE_MARKS = {MASTERED: "✓", LEARNING: "~"}


def lesson_label(lesson: LessonInfo, language: str) -> str:
    """A lesson's title with its chapter: `Check before you promise (ch. 4)`."""
    title = pick(lesson.title, language) or lesson.lesson
    chapter = t("report.trainee.chapter", language, chapter=lesson.chapter) if lesson.chapter else ""
    return f"{title} {chapter}".strip()


def trainee_mastery(view: TraineeView, language: str, width: int) -> list[str]:
    """A trainee's lessons by the mastery rule (every choice, review rounds too): each met lesson's state and its
    last answers (✓ right, ✗ not), those being learned first."""
    if not view.mastery:
        return []
    states = view.mastery.values()
    mastered = sum(s.state == MASTERED for s in states)
    heading = "█ " + t("report.trainee.mastery", language, mastered=mastered, learning=len(view.mastery) - mastered)
    lines = textwrap.wrap(heading, width, subsequent_indent="  ")
    if view.reviews:
        lines.append(t("report.trainee.reviews", language, count=view.reviews))
    lines += textwrap.wrap(t("report.trainee.mastery_legend", language), width)
    infos = {m.lesson.lesson: m.lesson for lessons in view.lessons.values() for m in lessons}
    ordered = sorted(view.mastery.values(), key=lambda s: (s.state == MASTERED, sum(s.recent), s.lesson))
    for state in ordered:
        info = infos.get(state.lesson) or catalog_info(state.lesson)
        recent = "".join("✓" if right else "✗" for right in state.recent)
        word = t(f"mastery.state.{state.state}", language)
        head = f"  {STATE_MARKS[state.state]} {fit(word, 14)} "
        lines.append(head + fit(lesson_label(info, language), width - len(head) - 5) + f" {recent:>3}")
    return [*lines, ""]


def render_lessons(report: LessonsReport, language: str, width: int = 80, top: int = 10) -> str:
    """The lessons over every trainee: the lessons missed most, then each lesson met, by chapter, with the share
    of the trainees who met it that have mastered it, and the answers that went against it."""
    width = max(MIN_WIDTH, width)
    lines = ["═" * width, t("report.lessons.title", language), ""]
    if report.empty:
        lines.append(t("report.lessons.empty", language))
        return "\n".join(lines) + "\n"
    lines += textwrap.wrap(t("report.lessons.intro", language, count=report.trainees), width)
    bar_width = max(10, min(24, width // 5))
    label_width = width - bar_width - 25
    if report.missed:
        lines += ["", t("report.lessons.missed", language)]
        lines += textwrap.wrap(
            t("report.lessons.missed_order", language, few=FEW_CHOICES), width, initial_indent="  ",
            subsequent_indent="  ",
        )  # fmt: skip
        for rank, figures in enumerate(report.missed[:top], start=1):
            label = fit(lesson_label(figures.lesson, language), label_width)
            lines.append(
                f"{rank:>2}. {label} {bar(figures.missed_share, bar_width)}"
                f" {figures.against:>3}/{figures.answers:<3} {percent(figures.missed_share):>5}"
            )
    lines += ["", *textwrap.wrap(t("report.lessons.table", language), width)]
    chapter: int | None = -1
    for figures in report.lessons:
        if figures.lesson.chapter != chapter:
            chapter = figures.lesson.chapter
            heading = chapter_heading(chapter, language) if chapter else "–"
            lines += ["", heading]
        lines.append(lesson_row(figures, language, label_width, bar_width))
    if report.unmet:
        lines += ["", t("report.lessons.unmet", language, count=report.unmet)]
    return "\n".join(lines) + "\n"


def lesson_row(figures: LessonFigures, language: str, label_width: int, bar_width: int) -> str:
    """One lesson: title, a bar of the share mastered, mastered of met, and ✗ answers against of all."""
    title = fit(pick(figures.lesson.title, language) or figures.lesson.lesson, label_width)
    counts = f"{figures.mastered}/{figures.trainees}"
    missed = f"✗{figures.against}/{figures.answers}"
    share = percent(figures.mastered_share)
    return f"  {title} {bar(figures.mastered_share, bar_width)} {counts:>5} {share:>5} {missed:>8}"
