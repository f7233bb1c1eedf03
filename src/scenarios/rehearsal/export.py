"""Session records as Markdown, HTML (opens in a browser, prints well) and CSV. Every story text is escaped."""

from __future__ import annotations

import csv
import html
import io
import re

from scenarios.catalog import t
from scenarios.rehearsal.record import DecisionRow, SessionRecordText, build_record
from scenarios.rehearsal.session import Session

FORMATS = ("md", "html", "csv")
BAR_WIDTH = 20

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+\.)", re.MULTILINE)


def md(text: str) -> str:
    """Plain text made inert in Markdown: markup characters backslash-escaped, line breaks kept as breaks."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(_escape_line_start, text)
    return text.replace("\n", "  \n")


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.group(1), match.group(2)
    return lead + (mark[:-1] + "\\." if mark.endswith(".") else "\\" + mark)


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
    """The record as a standalone HTML page with print styles; no scripts, everything escaped."""
    e, lang = html.escape, r.language
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(r.heading)}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(r.heading)}</h1><dl>",
        f"<dt>{e(t('rehearsal.export.date', lang))}</dt><dd>{e(r.date)}</dd>",
        f"<dt>{e(t('rehearsal.export.participants', lang))}</dt><dd>{e(r.participants)}</dd>",
    ]
    if r.groups:
        groups = "".join(f"<li>{e(g)}</li>" for g in r.groups)
        out.append(f"<dt>{e(t('rehearsal.export.groups', lang))}</dt><dd><ul>{groups}</ul></dd>")
    plan = "".join(f"<li>{e(title)} <code>{e(story_id)}</code></li>" for story_id, title in r.plan)
    out.append(f"<dt>{e(t('rehearsal.export.plan', lang))}</dt><dd><ol>{plan}</ol></dd></dl>")
    for story in r.stories:
        out.append(f"<h2>{e(t('rehearsal.export.story', lang, number=story.number, title=story.title))}</h2>")
        out += [_html_decision(d, lang) for d in story.decisions]
        if story.ending:
            said = "".join(f"<p>{e(line)}</p>" for line in story.ending_lines)
            out.append(f'<p><strong>{e(story.ending)}</strong></p><blockquote class="said">{said}</blockquote>')
    out.append(f"<h2>{e(t('rehearsal.export.debrief', lang))}</h2>")
    out.append(f"<p>{e(r.majority_ideal)}</p><p>{e(r.votes_sf)}</p>")
    rows = "".join(
        f"<tr><td>{d.number}</td><td>{e(_majority(d, lang))}</td><td>{d.ideal_number}</td>"
        f"<td>{e(_match(d, lang))}</td></tr>"
        for story in r.stories
        for d in story.decisions
    )
    out.append(
        f"<table><thead><tr><th>#</th><th>{e(t('rehearsal.export.majority', lang))}</th>"
        f"<th>{e(t('rehearsal.export.ideal', lang))}</th><th>{e(t('rehearsal.export.match', lang))}</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )
    if r.reflections:
        items = "".join(
            f"<li><strong>{e(q.question)}</strong> ({e(q.time)})"
            + (f"<p>{_br(q.note)}</p>" if q.note else "")
            + "</li>"
            for q in r.reflections
        )
        out.append(f"<h2>{e(t('rehearsal.export.reflection', lang))}</h2><ol>{items}</ol>")
    if r.notes:
        out.append(f"<h2>{e(t('rehearsal.export.session_notes', lang))}</h2><p>{_br(r.notes)}</p>")
    out.append(f"<hr><p><small>{e(t('rehearsal.export.generated', lang))}</small></p></body></html>")
    return "\n".join(out) + "\n"


def _br(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _html_decision(d: DecisionRow, lang: str) -> str:
    e = html.escape
    parts = [f'<section class="decision"><h3>{e(t("rehearsal.export.decision", lang, number=d.number))}</h3>']
    if d.lines:
        parts.append('<blockquote class="said">' + "".join(f"<p>{e(line)}</p>" for line in d.lines) + "</blockquote>")
    parts.append(
        f"<table><thead><tr><th>#</th><th>{e(t('rehearsal.export.option', lang))}</th>"
        f"<th>{e(t('rehearsal.export.votes', lang))}</th><th>{e(t('rehearsal.export.verdict', lang))}</th>"
        f"<th>{e(t('rehearsal.export.feedback', lang))}</th></tr></thead><tbody>"
    )
    for o in d.options:
        votes = e(t("rehearsal.votes_share", lang, votes=o.votes, percent=o.percent))
        meter = f'<span class="track"><span class="bar" style="width: {o.percent}%"></span></span>{votes}'
        marks = f'<div class="marks">{e(" ".join(o.marks))}</div>' if o.marks else ""
        row_class = ' class="ideal"' if o.is_ideal else ""
        parts.append(
            f"<tr{row_class}><td>{o.number}</td><td>{e(o.text)}{marks}</td>"
            f"<td>{meter}</td><td>{e(o.verdict)}</td><td>{e(o.feedback)}</td></tr>"
        )
    parts.append("</tbody></table>")
    if d.tie:
        message = t("rehearsal.no_votes", lang) if d.total == 0 else t("rehearsal.tie", lang, options=_nums(d))
        parts.append(f"<p>{e(message)}</p>")
    if d.mismatch:
        parts.append(f"<p>{e(d.mismatch)}</p>")
    parts.append(f"<p><strong>{e(t('rehearsal.ideal', lang, text=d.ideal_text))}</strong></p>")
    if d.model_answer:
        parts.append(f"<p>{e(t('rehearsal.model_answer', lang, text=d.model_answer))}</p>")
    parts.append(f"<p>{e(d.continued)} · {e(d.discussion_time)}</p>")
    if d.note:
        parts.append(f"<p><strong>{e(t('rehearsal.export.note', lang))}:</strong> {_br(d.note)}</p>")
    return "".join(parts) + "</section>"


# --- CSV --------------------------------------------------------------------------------
CSV_COLUMNS = (
    "team", "date", "story", "title", "decision", "node", "number", "option", "kind", "text", "votes", "share",
    "solution_focused", "ideal", "chosen", "continued_by", "discussion_seconds", "note",
)  # fmt: skip


def to_csv(r: SessionRecordText) -> str:
    """One row per option per decision (votes, verdict, ideal, the path taken): for a spreadsheet."""
    lang = r.language
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([t(f"rehearsal.csv.{column}", lang) for column in CSV_COLUMNS])
    yes, no = t("rehearsal.export.yes", lang), t("rehearsal.export.no", lang)
    for story in r.stories:
        for d in story.decisions:
            for o in d.options:
                writer.writerow([
                    _csv_safe(r.team), r.date, story.story_id, _csv_safe(story.title), d.number, d.node, o.number,
                    o.option_id, o.kind, _csv_safe(o.text), o.votes, o.percent,
                    yes if o.solution_focused else no, yes if o.is_ideal else no, yes if o.chosen else no,
                    d.continued_by, d.discussion_seconds, _csv_safe(d.note),
                ])  # fmt: skip
    return buffer.getvalue()


def _csv_safe(text: str) -> str:
    """A spreadsheet would run a cell starting with = + - @ as a formula: prefix it with a quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
