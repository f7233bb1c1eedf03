"""The report in the terminal: tables with bar charts drawn in Unicode blocks, fitted to the width."""

from __future__ import annotations

import textwrap

from scenarios.i18n.catalog import t
from scenarios.records.report import DecisionStats, Report, pick

EIGHTHS = " ▏▎▍▌▋▊▉"
MIN_WIDTH = 60


def bar(share: float, width: int) -> str:
    """A horizontal bar of `share` (0–1) in `width` cells, to an eighth of a cell; the rest light shade."""
    share = min(1.0, max(0.0, share))
    eighths = round(share * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[part] if part else "")
    return text + "░" * (width - len(text))


def percent(share: float) -> str:
    """A share as a whole percent, e.g. `70 %`."""
    return f"{round(share * 100)} %"


def number(value: float, language: str) -> str:
    """A number with one decimal, in the language's way (a decimal comma in Finnish)."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "fi" else text


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
    lines = _heading(report, language)
    if report.empty:
        lines.append(t("report.empty", language))
        return "\n".join(lines) + "\n"
    bar_width = max(10, min(30, width // 5))
    lines += ["", t("report.missed.title", language)]
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
        for dim in report.dimensions:
            label = fit(t(f"dimension.{dim.dimension}", language), 22)
            got, ideal = number(dim.got, language), number(dim.ideal, language)
            lines.append(f"    {label} {bar(dim.share, bar_width)} {got:>5} / {ideal}")
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
        if story.dimensions:
            parts = [
                f"{t(f'dimension.{d.dimension}', language)} {number(d.got, language)}/{number(d.ideal, language)}"
                for d in story.dimensions
            ]
            text = t("report.story.dimensions", language, values=" · ".join(parts))
            lines += ["", *textwrap.wrap(text, width, subsequent_indent="  ")]
    lines += ["", t("report.legend", language)]
    return "\n".join(lines) + "\n"


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
