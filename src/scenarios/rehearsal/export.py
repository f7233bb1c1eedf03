"""Session records as Markdown, HTML (opens in a browser, prints well) and CSV. Every story text is escaped:
Markdown by `scenarios.exports.markdown.md`, HTML by the template's autoescaping, CSV against formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from scenarios.exports.markdown import md
from scenarios.i18n.catalog import t
from scenarios.rehearsal.pages import render_page
from scenarios.rehearsal.record import DecisionRow, SessionRecordText, build_record
from scenarios.rehearsal.session import Session
from scenarios.visible import visible

FORMATS = ("md", "html", "csv")
BAR_WIDTH = 20


def bar(percent: int, width: int = BAR_WIDTH) -> str:
    """A text bar for a share, readable without colour: filled and empty blocks."""
    filled = round(width * percent / 100)
    return "█" * filled + "░" * (width - filled)


def export(session: Session, fmt: str, language: str) -> str:
    """The session record in `fmt` (`md`, `html` or `csv`)."""
    record = build_record(session, language)
    if fmt == "md":
        return to_markdown(record)
    if fmt == "html":
        return to_html(record)
    if fmt == "csv":
        return to_csv(record)
    raise ValueError(fmt)


# --- Markdown ---------------------------------------------------------------------------
def to_markdown(r: SessionRecordText) -> str:
    """The record as Markdown."""
    lang = r.language
    out = [f"# {md(r.heading)}", ""]
    out.append(f"- **{t('rehearsal.export.date', lang)}:** {r.date}")
    out.append(f"- **{t('rehearsal.export.participants', lang)}:** {md(r.participants)}")
    if r.groups:
        out.append(f"- **{t('rehearsal.export.groups', lang)}:** " + "; ".join(md(g) for g in r.groups))
    titles = ", ".join(f"{md(title)} (`{story_id}`)" for story_id, title in r.plan)
    out += [f"- **{t('rehearsal.export.plan', lang)}:** {titles}", ""]
    for story in r.stories:
        out += [f"## {md(t('rehearsal.export.story', lang, number=story.number, title=story.title))}", ""]
        for d in story.decisions:
            out += _md_decision(d, lang)
        if story.ending:
            out += [f"**{md(story.ending)}**", ""] + [f"> {md(line)}" for line in story.ending_lines] + [""]
    out += [f"## {t('rehearsal.export.debrief', lang)}", "", md(r.majority_ideal), "", md(r.votes_sf), ""]
    out += _md_debrief_table(r)
    if r.reflections:
        out += [f"## {t('rehearsal.export.reflection', lang)}", ""]
        for number, q in enumerate(r.reflections, start=1):
            out.append(f"{number}. **{md(q.question)}** ({q.time})")
            if q.note:
                out.append(f"   {md(q.note)}")
        out.append("")
    if r.notes:
        out += [f"## {t('rehearsal.export.session_notes', lang)}", "", md(r.notes), ""]
    out += ["---", t("rehearsal.export.generated", lang), ""]
    return "\n".join(out)


def _cell(text: str) -> str:
    return md(text).replace("  \n", " ")


def _md_decision(d: DecisionRow, lang: str) -> list[str]:
    out = [f"### {t('rehearsal.export.decision', lang, number=d.number)}", ""]
    out += [f"> {md(line)}  " for line in d.lines] + ([""] if d.lines else [])
    out += [
        f"| # | {t('rehearsal.export.option', lang)} | {t('rehearsal.export.votes', lang)} | "
        f"{t('rehearsal.export.verdict', lang)} | |",
        "|---|---|---|---|---|",
    ]
    for o in d.options:
        votes = f"`{bar(o.percent)}` {t('rehearsal.votes_share', lang, votes=o.votes, percent=o.percent)}"
        out.append(f"| {o.number} | {_cell(o.text)} | {votes} | {o.verdict} | {' '.join(o.marks)} |")
    out.append("")
    if d.tie:
        out += [md(t("rehearsal.no_votes", lang) if d.total == 0 else t("rehearsal.tie", lang, options=_nums(d))), ""]
    if d.mismatch:
        out += [md(d.mismatch), ""]
    for o in d.options:
        if o.feedback:
            out.append(f"- **{o.number}. {md(o.verdict)}:** {md(o.feedback)}")
    out += ["", md(t("rehearsal.ideal", lang, text=d.ideal_text))]
    if d.model_answer:
        out += ["", md(t("rehearsal.model_answer", lang, text=d.model_answer))]
    out += ["", f"{md(d.continued)} · {md(d.discussion_time)}", ""]
    if d.note:
        out += [f"**{t('rehearsal.export.note', lang)}:** {md(d.note)}", ""]
    return out


def _nums(d: DecisionRow) -> str:
    return ", ".join(str(n) for n in d.majority)


def _md_debrief_table(r: SessionRecordText) -> list[str]:
    lang = r.language
    out = [
        f"| # | {t('rehearsal.export.majority', lang)} | "
        f"{t('rehearsal.export.ideal', lang)} | {t('rehearsal.export.match', lang)} |",
        "|---|---|---|---|",
    ]
    for story in r.stories:
        for d in story.decisions:
            out.append(f"| {d.number} | {_majority(d, lang)} | {d.ideal_number} | {_match(d, lang)} |")
    return [*out, ""]


def _majority(d: DecisionRow, lang: str) -> str:
    return f"{t('rehearsal.export.tie', lang)} ({_nums(d)})" if d.tie else _nums(d)


def _match(d: DecisionRow, lang: str) -> str:
    return t("rehearsal.export.yes" if d.majority_is_ideal else "rehearsal.export.no", lang)


# --- HTML -------------------------------------------------------------------------------
CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #111; } h3 { margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #555; padding: .3rem .5rem; text-align: left; vertical-align: top; }
.said { border-left: 4px solid #555; margin: .5rem 0; padding: .2rem .8rem; }
.bar { display: inline-block; height: .9rem; background: #333; border: 1px solid #000; vertical-align: middle; }
.track { display: inline-block; width: 10rem; border: 1px solid #000; background: #fff; margin-right: .4rem; }
.ideal { font-weight: bold; } .marks { white-space: nowrap; }
section.decision { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .bar { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def to_html(r: SessionRecordText) -> str:
    """The record as a standalone HTML page with print styles; no scripts, every value escaped by the template."""
    lang = r.language
    return render_page(
        "record.html.j2",
        lang,
        css=CSS,
        r=r,
        numbers=_nums,
        majority=lambda d: _majority(d, lang),
        match=lambda d: _match(d, lang),
    )


# --- CSV --------------------------------------------------------------------------------
CSV_COLUMNS = (
    "team", "date", "story", "title", "decision", "node", "number", "option", "kind", "text", "votes", "share",
    "solution_focused", "ideal", "chosen", "continued_by", "discussion_seconds", "note",
)  # fmt: skip


def to_csv(r: SessionRecordText) -> str:
    """One row per option per decision (votes, verdict, ideal, the path taken): for a spreadsheet."""
    lang = r.language
    rows: list[Sequence[object]] = [[t(f"rehearsal.csv.{column}", lang) for column in CSV_COLUMNS]]
    yes, no = t("rehearsal.export.yes", lang), t("rehearsal.export.no", lang)
    for story in r.stories:
        for d in story.decisions:
            for o in d.options:
                rows.append([
                    _csv_safe(r.team), r.date, story.story_id, _csv_safe(story.title), d.number, d.node, o.number,
                    o.option_id, o.kind, _csv_safe(o.text), o.votes, o.percent,
                    yes if o.solution_focused else no, yes if o.is_ideal else no, yes if o.chosen else no,
                    d.continued_by, d.discussion_seconds, _csv_safe(d.note),
                ])  # fmt: skip
    return csv_text(rows)


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text: the one CSV writer of the rehearsal's exports (text cells must be `_csv_safe` already)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def csv_safe(text: str) -> str:
    """A text cell made inert for a spreadsheet (see `_csv_safe`)."""
    return _csv_safe(text)


def _csv_safe(text: str) -> str:
    """A cell shown inert: control characters as escapes, and a quote before = + - @, which
    a spreadsheet would run as a formula."""
    text = visible(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
