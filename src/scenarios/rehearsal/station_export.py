"""A station rotation's record: the grids merged into one table per channel × customer (ch. 6, figures 3-6),
the skills table (figure 7, with its row of what every channel asks) and the team's answers to the chapter's
six questions, as Markdown, HTML and CSV. Every text is escaped as in the story records."""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.exports.csvfile import excel_csv
from scenarios.exports.markdown import md, md_line
from scenarios.i18n.catalog import moment_text, t
from scenarios.rehearsal.export import CSS
from scenarios.rehearsal.pages import render_page
from scenarios.rehearsal.stations import GRID_FIELDS, QUESTIONS, SKILL_KINDS, STATIONS, StationSession

FORMATS = ("md", "html", "csv")


@dataclass(frozen=True)
class ChannelTable:
    """One channel's figure: a row per customer role, the keeper's three fields in it."""

    station: str
    title: str
    keeper: str
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    """(customer role's name, the texts of `GRID_FIELDS`)."""


@dataclass(frozen=True)
class StationRecordText:
    """Everything an export shows, in words of one language."""

    language: str
    heading: str
    date: str
    team: str
    keepers: tuple[tuple[str, str], ...]
    groups: tuple[tuple[str, str, str], ...]
    """(group's name, its customer role, its people)."""
    rotation: tuple[tuple[str, tuple[str, ...]], ...]
    """(round's name, the customer role at each station: '' when it stands empty)."""
    stations: tuple[str, ...]
    fields: tuple[str, ...]
    channels: tuple[ChannelTable, ...]
    kinds: tuple[str, ...]
    skills: tuple[tuple[str, tuple[str, ...]], ...]
    """(skill kind's name, the text of each station, then what every channel asks)."""
    skill_columns: tuple[str, ...]
    """The skills table's columns: the stations, then every channel together."""
    answers: tuple[tuple[str, str], ...]
    """(one of the chapter's six questions, the team's answer)."""
    notes: str


def build_record(session: StationSession, language: str) -> StationRecordText:
    """The session in words of `language`, ready for any format."""
    lang = language
    channel = {s: t(f"channel.{s}", lang) for s in STATIONS}
    role_name = {r: t(f"customer.{r}", lang) for r in session.roles}
    date = moment_text(session.created_at, lang)
    rotation = []
    for number in range(session.rounds):
        at = {v.station: role_name[v.role] for v in session.visits(number)}
        rotation.append((t("stations.round", lang, number=number + 1), tuple(at.get(s, "") for s in STATIONS)))
    return StationRecordText(
        language=lang,
        heading=t("stations.export.title", lang) + (f" · {session.team}" if session.team else ""),
        date=date,
        team=session.team,
        keepers=tuple((channel[s], session.keepers[s]) for s in STATIONS),
        groups=tuple(
            (t("stations.group", lang, number=g + 1), role_name[role], ", ".join(session.groups[g]))
            for g, role in enumerate(session.roles)
        ),
        rotation=tuple(rotation),
        stations=tuple(channel[s] for s in STATIONS),
        fields=tuple(t(f"stations.field.{f}", lang) for f in GRID_FIELDS),
        channels=tuple(
            ChannelTable(
                s,
                t(f"stations.export.figure.{s}", lang),
                session.keepers[s],
                tuple((role_name[r], tuple(session.grid(s, r)[f] for f in GRID_FIELDS)) for r in session.roles),
            )
            for s in STATIONS
        ),
        kinds=tuple(t(f"stations.kind.{k}", lang) for k in SKILL_KINDS),
        skills=tuple(
            (
                t(f"stations.kind.{k}", lang),
                (*(session.station_skills(s)[k] for s in STATIONS), session.common_skills()[k]),
            )
            for k in SKILL_KINDS
        ),
        skill_columns=(*(channel[s] for s in STATIONS), t("stations.export.all_channels", lang)),
        answers=tuple(
            (question.get_text(lang, ("fi", "en")), session.answers.get(index, ""))
            for index, question in enumerate(QUESTIONS)
        ),
        notes=session.notes,
    )


def export_stations(session: StationSession, fmt: str, language: str) -> str:
    """The station session's record in `fmt` (`md`, `html` or `csv`)."""
    record = build_record(session, language)
    if fmt == "md":
        return to_markdown(record)
    if fmt == "html":
        return render_page("stations.html.j2", record.language, css=CSS + STATIONS_CSS, r=record)
    if fmt == "csv":
        return to_csv(record)
    raise ValueError(fmt)


def _cell(text: str) -> str:
    """A multi-line text in one Markdown table cell: its lines joined by `<br>` (markup in the text stays escaped)."""
    return "<br>".join(md_line(line) for line in text.split("\n")) if text.strip() else "—"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def to_markdown(r: StationRecordText) -> str:
    """The record as Markdown: who kept which station, the groups, the rotation, the channel tables, the skills."""
    lang = r.language
    out = [f"# {md(r.heading)}", "", f"- **{t('stations.export.date', lang)}:** {r.date}"]
    keepers = "; ".join(f"{md_line(channel)}: {md_line(name)}" for channel, name in r.keepers)
    out.append(f"- **{t('stations.export.keepers', lang)}:** {keepers}")
    for group, role, people in r.groups:
        out.append(f"- **{md_line(group)}** ({md_line(role)}): {md_line(people)}")
    out += ["", f"## {t('stations.export.rotation', lang)}", ""]
    out += [_row(["", *(md_line(s) for s in r.stations)]), "|---" * (len(r.stations) + 1) + "|"]
    out += [_row([md_line(name), *(md_line(role) or "—" for role in roles)]) for name, roles in r.rotation]
    out += ["", f"## {t('stations.export.channels', lang)}", ""]
    for table in r.channels:
        out += [f"### {md(table.title)}", "", f"{t('stations.keeper', lang)}: {md_line(table.keeper)}", ""]
        out += [_row([t("stations.export.customer", lang), *r.fields]), "|---" * (len(r.fields) + 1) + "|"]
        out += [_row([md_line(role), *(_cell(text) for text in texts)]) for role, texts in table.rows]
        out.append("")
    out += [f"## {t('stations.export.skills', lang)}", ""]
    out += [_row(["", *(md_line(s) for s in r.skill_columns)]), "|---" * (len(r.skill_columns) + 1) + "|"]
    out += [_row([f"**{md_line(kind)}**", *(_cell(text) for text in texts)]) for kind, texts in r.skills]
    out += ["", f"## {t('stations.export.questions', lang)}", ""]
    for question, answer in r.answers:
        out += [f"### {md(question)}", "", md(answer) if answer.strip() else "—", ""]
    if r.notes:
        out += [f"## {t('stations.export.notes', lang)}", "", md(r.notes), ""]
    out += ["---", t("rehearsal.export.generated", lang), ""]
    return "\n".join(out)


def to_csv(r: StationRecordText) -> str:
    """Three tables for a spreadsheet: a row per channel × customer with the three fields, the skills per channel
    (and what every channel asks), then the six questions and the team's answers."""
    lang = r.language
    rows: list[list[str | None]] = []
    for channel, table in zip(r.stations, r.channels, strict=True):
        rows += [[channel, role, *texts] for role, texts in table.rows]
    rows += [[], [t("stations.export.channel", lang), *r.kinds]]
    for index, channel in enumerate(r.skill_columns):
        rows.append([channel, *(texts[index] for _, texts in r.skills)])
    rows += [[], [t("stations.export.question", lang), t("stations.export.answer", lang)]]
    rows += [[question, answer] for question, answer in r.answers]
    return excel_csv([t("stations.export.channel", lang), t("stations.export.customer", lang), *r.fields], rows)


STATIONS_CSS = """
td { white-space: pre-line; } th[scope=row] { white-space: nowrap; }
section.channel { break-inside: avoid; page-break-inside: avoid; }
"""
