"""The report as one self-contained HTML page: tables and SVG bar charts drawn by our own code (no CDN, no JS).

Every value reaches the page through the Jinja2 template's autoescaping (with control characters shown
as visible escapes first); the charts are geometry computed here and drawn as SVG by the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios.exports.html import html_templates
from scenarios.i18n.catalog import t
from scenarios.mastery.rule import MASTERED
from scenarios.records import MODES
from scenarios.records.mastery_report import LessonFigures, LessonsReport, catalog_info
from scenarios.records.report import FEW_CHOICES, DecisionStats, Report, pick
from scenarios.records.report_text import (
    STATE_MARKS,
    decision_label,
    duration_words,
    left_out_line,
    lesson_label,
    mastered_of,
    number,
    percent,
)
from scenarios.records.trainees import TraineeView
from scenarios.story.lessons import chapter_heading

CHART_WIDTH = 720
LABEL_WIDTH = 300
ROW = 26


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal chart: its label, its length in pixels, the value written after it, where it sits."""

    label: str
    length: float
    value: str
    y: int
    good: bool = True
    full: str = ""
    """The whole label, for the tooltip, when `label` was shortened."""
    x: float = 0.0
    """Where the bar starts, from the start of the bar space (left of the zero line for a negative value)."""


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: the bars and the drawing's size."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_space: int
    zero: float = 0.0
    """Where zero is, from the start of the bar space (0 unless some value is negative)."""

    @property
    def label_chars(self) -> int:
        """How many characters of a label fit before its bar (longer ones are cut, the whole in a tooltip)."""
        return max(10, int(self.label_width / 7.4))


@dataclass(frozen=True)
class Column:
    """One column of the weekly chart."""

    label: str
    x: float
    width: float
    height: float
    y: float
    value: str


def hbar_chart(
    rows: list[tuple[str, float, str, bool]], *, label_width: int = LABEL_WIDTH, full: list[str] | None = None
) -> Chart:
    """A chart of (label, share 0–1, value text, good) rows; `full` the whole labels of shortened ones."""
    bar_space = CHART_WIDTH - label_width - 90
    wholes = full if full is not None else [row[0] for row in rows]
    # A negative share (a dimension's average below zero) is drawn left of a zero line, to its own scale.
    lowest = min((max(-1.0, share) for _, share, _, _ in rows), default=0.0)
    zero = round(bar_space * -lowest / (1 - lowest), 1) if lowest < 0 else 0.0
    scale = bar_space - zero
    bars = []
    for i, (label, share, value, good) in enumerate(rows):
        length = round(abs(max(-1.0, min(1.0, share))) * scale, 1)
        x = zero - length if share < 0 else zero
        bars.append(Bar(label, length, value, 6 + i * ROW, good and share >= 0, wholes[i], x))
    return Chart(bars, CHART_WIDTH, 12 + len(rows) * ROW, label_width, bar_space, zero)


def week_columns(report: Report, language: str, height: int = 160) -> list[Column]:
    """The weekly share of solution-focused choices as columns (empty weeks have none)."""
    weeks = report.weeks
    if not weeks:
        return []
    step = (CHART_WIDTH - 60) / len(weeks)
    columns = []
    for i, week in enumerate(weeks):
        tall = round(week.share * (height - 20), 1) if week.choices else 0.0
        columns.append(
            Column(
                label=t("report.week.short", language, week=week.week),
                x=round(50 + i * step + step * 0.15, 1),
                width=round(step * 0.7, 1),
                height=tall,
                y=round(height - tall, 1),
                value=percent(week.share) if week.choices else "–",
            )
        )
    return columns


_ENVIRONMENT = html_templates(Path(__file__).parent / "templates", keep_trailing_newline=True)


def render_html(
    reports: list[Report], views: list[TraineeView], language: str, lessons: LessonsReport | None = None
) -> str:
    """The whole report as an HTML page in `language`: an analysis per mode (practice, exam), the lessons, then the
    trainees."""

    def tr(key: str, **params: Any) -> str:
        return t(key, language, **params)

    page = _ENVIRONMENT.get_template("report.html.j2").render(
        lang=language,
        tr=tr,
        sections=[_section(report, language) for report in reports],
        trainees=[_trainee(view, language) for view in views],
        lessons=_lessons(lessons, language) if lessons is not None else None,
        few=FEW_CHOICES,
        percent=percent,
        pick=pick,
    )
    return page if page.endswith("\n") else page + "\n"


def _section(report: Report, language: str) -> dict[str, Any]:
    """What the template draws of one mode's analysis."""
    room = Chart([], CHART_WIDTH, 0, LABEL_WIDTH, 0).label_chars
    missed = hbar_chart(
        [
            (
                decision_label(report.story_title(d.story, language), d.node, room),
                d.missed_share,
                f"{d.missed}/{d.choices} · {percent(d.missed_share)}",
                False,
            )
            for d in report.missed
        ],
        full=[f"{report.story_title(d.story, language)} · {d.node}" for d in report.missed],
    )
    dimensions = hbar_chart(
        [
            (
                t(f"dimension.{d.dimension}", language),
                d.share,
                f"{number(d.got, language)} / {number(d.ideal, language)}",
                True,
            )
            for d in report.dimensions
        ],
        label_width=220,
    )
    stories = []
    for story in report.stories:
        decisions = []
        for index, decision in enumerate(story.decisions, start=1):
            options = sorted(decision.options, key=lambda o: (-o.chosen, o.option))
            rows = [
                (
                    pick(o.text, language) or o.option,
                    o.chosen / decision.choices if decision.choices else 0.0,
                    f"{o.chosen} · {percent(o.chosen / decision.choices if decision.choices else 0.0)}",
                    bool(o.solution_focused),
                )
                for o in options
            ]
            decisions.append(
                {
                    "number": index,
                    "stats": decision,
                    "share": percent(decision.solution_focused_share),
                    "options": options,
                    "chart": hbar_chart(rows, label_width=340),
                    "own": left_out_line(decision, language) if decision.own_replies else "",
                    "left_out": left_out_chart(decision, language) if decision.own_replies else None,
                }
            )
        stories.append(
            {
                "stats": story,
                "title": pick(story.title, language) or story.story,
                "share": percent(story.solution_focused_share),
                "decisions": decisions,
                "dimensions": [
                    (t(f"dimension.{d.dimension}", language), number(d.got, language), number(d.ideal, language))
                    for d in story.dimensions
                ],
            }
        )
    return {
        "report": report,
        "mode": report.filters.mode,
        "missed": missed,
        "dimensions": dimensions,
        "columns": week_columns(report, language),
        "weeks": report.weeks,
        "stories": stories,
    }


def left_out_chart(decision: DecisionStats, language: str) -> Chart:
    """Each element of the decision's ideal reply by the share of own replies that left it out, most first."""
    elements = set(decision.element_labels) | set(decision.left_out)
    counts = sorted(((decision.left_out[item], item) for item in elements), key=lambda entry: (-entry[0], entry[1]))
    rows = [
        (
            pick(decision.element_labels.get(item, {}), language) or item,
            count / decision.own_replies,
            f"{count}/{decision.own_replies} · {percent(count / decision.own_replies)}",
            count == 0,
        )
        for count, item in counts
    ]
    return hbar_chart(rows, label_width=340)


def _lessons(report: LessonsReport, language: str) -> dict[str, Any]:
    """What the template shows of the lessons: the chart of those missed most and the table by chapter."""
    labels = [lesson_label(f.lesson, language) for f in report.missed]
    missed = hbar_chart(
        [
            (label, f.missed_share, f"{f.against}/{f.answers} · {percent(f.missed_share)}", False)
            for label, f in zip(labels, report.missed, strict=True)
        ],
        full=labels,
    )
    chapters: dict[int | None, list[tuple[str, LessonFigures]]] = {}
    for figures in report.lessons:
        title = pick(figures.lesson.title, language) or figures.lesson.lesson
        chapters.setdefault(figures.lesson.chapter, []).append((title, figures))
    headed = [(chapter_heading(chapter, language) if chapter else "–", rows) for chapter, rows in chapters.items()]
    return {"report": report, "missed": missed, "chapters": headed}


def _trainee(view: TraineeView, language: str) -> dict[str, Any]:
    """What the template shows of one trainee: their figures, their paths and their lessons, by mode."""
    passed, failed = view.verdicts()
    modes = []
    for mode in MODES:
        attempts = view.in_mode(mode)
        if not attempts:
            continue
        modes.append(
            {
                "mode": mode,
                "count": len(attempts),
                "share": percent(view.share(mode)),
                "time": duration_words(view.seconds(mode), language),
                "attempts": [
                    {
                        "when": a.started.strftime("%Y-%m-%d %H:%M"),
                        "title": pick(a.title, language) or a.story,
                        "time": duration_words(a.seconds, language),
                        "steps": [(s, pick(s.text, language) or s.option) for s in a.steps],
                        "ending": a.ending,
                    }
                    for a in attempts
                ],
                "lessons": [
                    (pick(m.lesson.title, language) or m.lesson.lesson, m.lesson.chapter, m)
                    for m in view.lessons.get(mode, [])
                ],
            }
        )
    return {
        "view": view,
        "practice": len(view.in_mode("practice")),
        "practice_share": percent(view.share("practice")) if view.in_mode("practice") else "–",
        "exams": len(view.in_mode("exam")),
        "passed": passed,
        "failed": failed,
        "time": duration_words(view.seconds(), language),
        "modes": modes,
        "lessons": mastered_of(view),
        "mastered": sum(state.state == MASTERED for state in view.mastery.values()),
        "mastery": [
            (
                STATE_MARKS[state.state],
                t(f"mastery.state.{state.state}", language),
                lesson_label(catalog_info(state.lesson), language),
                "".join("✓" if right else "✗" for right in state.recent),
            )
            for state in sorted(view.mastery.values(), key=lambda s: (s.state == MASTERED, sum(s.recent), s.lesson))
        ],
    }


TEMPLATE_KEYS = (
    "report.html.title",
    "report.col.week",
    "report.col.playthroughs",
    "report.col.choices",
    "report.col.share",
    "report.col.option",
    "report.col.verdict",
    "report.col.chosen",
    "report.col.dimension",
    "report.col.average",
    "report.col.ideal",
    "report.legend.html",
    "report.mode.practice",
    "report.mode.exam",
    "report.trainees.title",
    "report.trainees.who",
    "report.trainees.col.practice",
    "report.trainees.col.share",
    "report.trainees.col.exams",
    "report.trainees.col.passed",
    "report.trainees.col.time",
    "report.trainees.col.lessons",
    "report.lessons.title",
    "report.lessons.empty",
    "report.lessons.intro",
    "report.lessons.missed",
    "report.lessons.missed_order",
    "report.lessons.table",
    "report.lessons.col.lesson",
    "report.lessons.col.mastered",
    "report.lessons.col.missed",
    "report.lessons.unmet",
    "report.trainee.mastery",
    "report.trainee.reviews",
    "report.trainee.mastery_legend",
    "report.trainee.title",
    "report.trainee.summary",
    "report.trainee.unfinished",
    "report.trainee.lessons",
    "report.trainee.chapter",
    "report.verdict.passed",
    "report.verdict.failed",
)
"""The catalog keys `templates/report.html.j2` uses (named here so the catalog test sees them used)."""
