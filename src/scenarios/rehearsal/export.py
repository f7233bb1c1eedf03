"""Session records as Markdown, HTML (opens in a browser, prints well) and CSV. Every story text is escaped:
Markdown by `scenarios.exports.markdown.md`, HTML by the template's autoescaping, CSV by the one guarded
writer (`scenarios.exports.csvfile`)."""

from __future__ import annotations

from collections.abc import Sequence

from scenarios.exports.csvfile import Cell, excel_csv
from scenarios.exports.markdown import md
from scenarios.i18n.catalog import t
from scenarios.rehearsal.pages import render_page
from scenarios.rehearsal.record_text import DecisionRow, SessionRecordText, build_record
from scenarios.rehearsal.session import Session

FORMATS = ("md", "html", "csv")
BAR_WIDTH = 20


def percent_bar(percent: int, width: int = BAR_WIDTH) -> str:
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
            out += [f"**{md(story.ending)}**", "", *_quote(story.ending_lines), ""]
    out += [f"## {t('rehearsal.export.debrief', lang)}", "", md(r.majority_ideal), "", md(r.votes_sf), ""]
    out += _md_debrief_table(r)
    if r.reflections:
        out += [f"## {t('rehearsal.export.reflection', lang)}", ""]
        for number, q in enumerate(r.reflections, start=1):
            out.append(f"{number}. **{_indented(q.question)}** ({q.time})")
            if q.note:
                out.append(f"   {_indented(q.note)}")
        out.append("")
    if r.notes:
        out += [f"## {t('rehearsal.export.session_notes', lang)}", "", md(r.notes), ""]
    out += ["---", t("rehearsal.export.generated", lang), ""]
    return "\n".join(out)


def _cell(text: str) -> str:
    return md(text).replace("  \n", " ")


def _quote(lines: Sequence[str]) -> list[str]:
    """Lines as one Markdown quote, every line of a multi-line text (an email) inside it."""
    quoted = []
    for line in lines:
        quoted += [f"> {part}" if part else ">" for part in md(line).split("\n")]
    return quoted


def _indented(text: str, indent: str = "   ") -> str:
    """`md(text)` inside a list item: its further lines indented so they stay in the item."""
    return md(text).replace("\n", "\n" + indent)


def _md_decision(d: DecisionRow, lang: str) -> list[str]:
    out = [f"### {t('rehearsal.export.decision', lang, number=d.number)}", ""]
    out += _quote(d.lines) + ([""] if d.lines else [])
    out += _replies_markdown(d, lang)  # before the options, as the room wrote them
    out += [
        f"| # | {t('rehearsal.export.option', lang)} | {t('rehearsal.export.votes', lang)} | "
        f"{t('rehearsal.export.verdict', lang)} | |",
        "|---|---|---|---|---|",
    ]
    for o in d.options:
        votes = f"`{percent_bar(o.percent)}` {t('rehearsal.votes_share', lang, votes=o.votes, percent=o.percent)}"
        out.append(f"| {o.number} | {_cell(o.text)} | {votes} | {o.verdict} | {' '.join(o.marks)} |")
    out.append("")
    if d.total == 0:
        out += [md(t("rehearsal.no_votes", lang)), ""]
    elif d.tie:
        out += [md(t("rehearsal.tie", lang, options=_nums(d))), ""]
    if d.mismatch:
        out += [md(d.mismatch), ""]
    for o in d.options:
        if o.feedback or o.breaks:
            said = " ".join(part for part in (_indented(o.feedback, "  "), md(o.breaks)) if part)
            out.append(f"- **{o.number}. {md(o.verdict)}:** {said}")
    out += ["", md(t("rehearsal.ideal", lang, text=d.ideal_text))]
    if d.lessons:
        out += ["", md(d.lessons)]
    if d.model_answer:
        out += ["", md(t("rehearsal.model_answer", lang, text=d.model_answer))]
    out += ["", f"{md(d.continued)} · {md(d.discussion_time)}", ""]
    if d.result:
        out += [md(t("rehearsal.result", lang, text=d.result)), ""]
    if d.note:
        out += [f"**{t('rehearsal.export.note', lang)}:** {md(d.note)}", ""]
    return out


def _replies_markdown(d: DecisionRow, lang: str) -> list[str]:
    """The room's own replies (before the options, as in the session): what they found, then each group."""
    room = d.replies
    if room is None:
        return []
    out = [f"**{t('rehearsal.export.replies', lang)}:** {md(room.summary)}", ""]
    for key, lines in (("found", room.found), ("missed", room.missed), ("mistakes", room.mistakes)):
        if lines:
            out += [f"{md(t(f'rehearsal.replies.{key}', lang))}:", "", *(f"- {md(line)}" for line in lines), ""]
    for heading, texts in room.groups:
        out += [f"*{md(heading)}*", "", *(f"- {_indented(reply.line, '  ')}" for reply in texts), ""]
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
            out.append(f"| {story.number}.{d.number} | {_majority(d, lang)} | {d.ideal_number} | {_match(d, lang)} |")
    return [*out, ""]


def _majority(d: DecisionRow, lang: str) -> str:
    if d.total == 0:
        return t("rehearsal.export.no_votes", lang)
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
.ideal { font-weight: bold; } .marks { white-space: nowrap; } .lesson { font-style: italic; }
p, td, li, dd { white-space: pre-line; }
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
    "section", "team", "date", "story", "title", "decision", "node", "number", "option", "kind", "text", "votes",
    "share", "solution_focused", "ideal", "lesson", "chosen", "continued_by", "result", "discussion_seconds", "note",
)  # fmt: skip


def to_csv(r: SessionRecordText) -> str:
    """The record for a spreadsheet: the participants and groups, one row per option per decision (votes,
    verdict, ideal, the lesson behind the verdict, the path taken), the reflection questions with the team's
    notes, and the facilitator's notes.
    The first column says which kind of row it is; every word is in the record's language."""
    lang = r.language
    yes, no = t("rehearsal.export.yes", lang), t("rehearsal.export.no", lang)

    def section(name: str) -> str:
        return t(f"rehearsal.csv.section.{name}", lang)

    def row(of: str, **cells: Cell) -> list[Cell]:
        values: dict[str, Cell] = {"section": section(of), "team": r.team, "date": r.date, **cells}
        return [values.get(column) for column in CSV_COLUMNS]

    rows = [row("participants", text=r.participants)]
    rows += [row("group", number=number, text=group) for number, group in enumerate(r.groups, start=1)]
    for story in r.stories:
        for d in story.decisions:
            for o in d.options:
                rows.append(row(
                    "decision", story=story.story_id, title=story.title, decision=d.number, node=d.node,
                    number=o.number, option=o.option_id, kind=o.kind, text=o.text, votes=o.votes, share=o.percent,
                    solution_focused=yes if o.solution_focused else no, ideal=yes if o.is_ideal else no,
                    lesson=o.lesson, chosen=yes if o.chosen else no, continued_by=d.continued_how,
                    result=d.result if o.chosen else None, discussion_seconds=d.discussion_seconds, note=d.note,
                ))  # fmt: skip
            for heading, texts in d.replies.groups if d.replies is not None else ():
                rows += [row("reply", story=story.story_id, title=story.title, decision=d.number, node=d.node,
                             text=reply.text, note=f"{heading}  {reply.mistakes}".rstrip())
                         for reply in texts]  # fmt: skip
    for number, q in enumerate(r.reflections, start=1):
        rows.append(row("reflection", number=number, text=q.question, discussion_seconds=q.seconds, note=q.note))
    if r.notes:
        rows.append(row("notes", note=r.notes))
    return excel_csv([t(f"rehearsal.csv.{column}", lang) for column in CSV_COLUMNS], rows)
