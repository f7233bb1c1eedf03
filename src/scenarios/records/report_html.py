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
from scenarios.records.report import Report, pick
from scenarios.records.report_text import decision_label, number, percent

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


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: the bars and the drawing's size."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_space: int

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
    bars = [
        Bar(label, round(max(0.0, min(1.0, share)) * bar_space, 1), value, 6 + i * ROW, good, wholes[i])
        for i, (label, share, value, good) in enumerate(rows)
    ]
    return Chart(bars, CHART_WIDTH, 12 + len(rows) * ROW, label_width, bar_space)


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


def render_html(report: Report, language: str) -> str:
    """The whole report as an HTML page in `language`."""

    def tr(key: str, **params: Any) -> str:
        return t(key, language, **params)

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
    page = _ENVIRONMENT.get_template("report.html.j2").render(
        lang=language,
        tr=tr,
        report=report,
        missed=missed,
        dimensions=dimensions,
        columns=week_columns(report, language),
        weeks=report.weeks,
        stories=stories,
        percent=percent,
        pick=pick,
    )
    return page if page.endswith("\n") else page + "\n"


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
)
"""The catalog keys `templates/report.html.j2` uses (named here so the catalog test sees them used)."""
