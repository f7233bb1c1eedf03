"""Role-play cards, channel × customer, as the workshop of chapter 6 dealt them.

Four people each hold one channel's station (desk, email, chat, phone) and serve; the
others take one of the four customer roles (young adult, retired couple, wheelchair
user, family with a foreign language) and move to the next station every 20 minutes,
in the same order as the station rotation of `scenarios rehearse --stations`. A station
card carries a situation from the library for its channel, the visitors of each round and
the grid to fill in (a row per customer: expectations and image of the channel, service at
its best, questions; then what the channel asks of the worker); a customer card says who the
customer is and, for every station they visit, what brings them there, told from the
customer's side. Chapter 6 warns the roles are not boxes: every sheet says so.

`deal` draws the roles for a rotation yet to be set up; `deal_rotation` prints the cards of a
rotation as it is being run (its keepers, groups, rounds and round length), so the cards and
the shared screen agree.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from scenarios.exports.markdown import md
from scenarios.i18n.catalog import decimal, t
from scenarios.i18n.present import story_language, text_in
from scenarios.rehearsal.customer_roles import persona, situation
from scenarios.rehearsal.pages import render_page
from scenarios.rehearsal.stations import GRID_FIELDS, ROLES, SKILL_KINDS, STATIONS, StationSession
from scenarios.story.model import CUSTOMER_TYPES, Channel, Story

DEFAULT_ROTATION_MINUTES = 20
SERVER, CUSTOMER = "server", "customer"


class CardsError(ValueError):
    """Cards that cannot be dealt. `code` names the message (`cards.*`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Card:
    """One person's role: a channel to serve or a customer to play, with a situation."""

    person: str
    role: str
    channel: Channel | None
    customer: str | None
    situation: Story | None
    """A library story of the channel for a station keeper; None for a customer, whose situations are told
    from the customer's side (`customer_roles`), one for each station on the way."""


@dataclass(frozen=True)
class Deal:
    """The cards, the stations and the rotation schedule."""

    cards: tuple[Card, ...]
    stations: tuple[Channel, ...]
    rounds: tuple[tuple[tuple[Channel, tuple[str, ...]], ...], ...]
    """Per round, per station: the customer roles that visit it."""
    minutes: float
    title: str = ""
    """What the sheet is of (a saved rotation's number and team), or "" for roles drawn for a rotation to come."""


@dataclass(frozen=True)
class CardText:
    """One card in words: what it is, whose, its lines, and for a station keeper the grid to fill in."""

    heading: str
    person: str
    lines: tuple[str, ...]
    grid_heading: tuple[str, ...] = ()
    """The grid's column headings (the customer, then `GRID_FIELDS`); empty on a customer's card."""
    grid_rows: tuple[str, ...] = ()
    """A row per customer who visits the station (with the round), to write in."""
    skills: tuple[str, ...] = ()
    """What the channel asks of the worker (`SKILL_KINDS`), a row each to write in."""


def deal(
    people: Sequence[str], stories: Sequence[Story], *, seed: int = 0, minutes: int = DEFAULT_ROTATION_MINUTES
) -> Deal:
    """Deal the roles at random (the same seed deals the same cards); at least two people."""
    if len(people) < 2:
        raise CardsError("too_few")
    if minutes < 1:
        raise CardsError("bad_minutes")
    rng = random.Random(seed)
    order = list(people)
    rng.shuffle(order)
    stations = tuple(Channel(s) for s in STATIONS)[: min(len(STATIONS), len(order) - 1)]
    cards = [
        Card(person, SERVER, channel, None, _pick(rng, [s for s in stories if s.channel == channel]))
        for person, channel in zip(order, stations, strict=False)
    ]
    customers = order[len(stations) :]
    roles = list(CUSTOMER_TYPES)
    rng.shuffle(roles)
    for number, person in enumerate(customers):
        role = roles[number % len(roles)]
        cards.append(Card(person, CUSTOMER, None, role, None))
    present = [role for role in roles if any(c.customer == role for c in cards)]
    rounds = tuple(
        tuple(
            (station, tuple(r for g, r in enumerate(present) if (g + number) % len(stations) == index))
            for index, station in enumerate(stations)
        )
        for number in range(len(stations))
    )
    return Deal(tuple(cards), stations, rounds, minutes)


def deal_rotation(session: StationSession, stories: Sequence[Story], *, seed: int = 0, title: str = "") -> Deal:
    """The cards of a rotation as it is being run: its keepers keep their stations, each group's people play
    the group's customer, and the rounds and their length are the rotation's. The keepers' situations are
    picked from `stories` with `seed` (the same rotation and seed print the same cards)."""
    rng = random.Random(seed)
    cards = [
        Card(session.keepers[station], SERVER, Channel(station), None,
             _pick(rng, [s for s in stories if s.channel == Channel(station)]))
        for station in STATIONS
    ]  # fmt: skip
    for group, people in enumerate(session.groups):
        cards += [Card(person, CUSTOMER, None, ROLES[group], None) for person in people]
    rounds = tuple(
        tuple((Channel(s), tuple(v.role for v in session.visits(number) if v.station == s)) for s in STATIONS)
        for number in range(session.rounds)
    )
    return Deal(tuple(cards), tuple(Channel(s) for s in STATIONS), rounds, session.round_seconds / 60, title)


def rotation_cards(
    session: StationSession, session_id: int, stories: Sequence[Story], fmt: str, language: str, *, seed: int
) -> str:
    """The printable sheet (`md` or `html`) of saved rotation `session_id`, titled with its number and team."""
    title = t("cards.of_rotation", language, id=session_id) + (f" · {session.team}" if session.team else "")
    dealt = deal_rotation(session, stories, seed=seed, title=title)
    return to_html(dealt, language) if fmt == "html" else to_markdown(dealt, language)


def _pick(rng: random.Random, stories: list[Story]) -> Story | None:
    return rng.choice(stories) if stories else None


def _time(seconds: float, whole_minutes: bool) -> str:
    """A time into the rotation: h:mm, or m:ss when the rounds are not whole minutes."""
    whole = round(seconds)
    if whole_minutes:
        return f"{whole // 3600}:{whole // 60 % 60:02d}"
    return f"{whole // 60}:{whole % 60:02d}"


def _round_label(d: Deal, number: int, language: str) -> str:
    seconds = d.minutes * 60
    whole = float(d.minutes).is_integer()
    start, end = _time((number - 1) * seconds, whole), _time(number * seconds, whole)
    return t("cards.round", language, number=number, start=start, end=end)


def _minutes(d: Deal, language: str) -> str:
    """The round's length in minutes as a person writes it (20, or 0,5 in Finnish)."""
    if float(d.minutes).is_integer():
        return str(int(d.minutes))
    text = f"{d.minutes:g}"
    return decimal(text, language)


def _visits(d: Deal, role: str) -> list[tuple[int, Channel]]:
    """(round number, station) of each round in which customer role `role` visits a station."""
    return [
        (number, channel)
        for number, stations in enumerate(d.rounds, start=1)
        for channel, roles in stations
        if role in roles
    ]


def card_text(card: Card, d: Deal, language: str) -> CardText:
    """A card in words of `language`: heading, lines (situation, rounds), and a keeper's grid to fill in."""
    if card.role == SERVER:
        assert card.channel is not None
        heading = t("cards.server", language, channel=t(f"channel.{card.channel.value}", language))
        story = card.situation
        if story is None:
            lines = [t("cards.no_situation", language)]
        else:
            lang = story_language(story, language)
            lines = [
                t("cards.situation", language, title=text_in(story.title, lang, story)),
                text_in(story.summary, lang, story),
            ]
        rows = []
        for number, stations in enumerate(d.rounds, start=1):
            roles = next(roles for channel, roles in stations if channel == card.channel)
            visitors = ", ".join(t(f"customer.{role}", language) for role in roles) or t("cards.nobody", language)
            lines.append(t("cards.visitors", language, round=_round_label(d, number, language), customers=visitors))
            rows += [t("cards.grid.row", language, customer=t(f"customer.{role}", language), number=number)
                     for role in roles]  # fmt: skip
        lines.append(t("cards.grid.intro", language))
        return CardText(
            heading,
            card.person,
            tuple(lines),
            grid_heading=(t("stations.export.customer", language),
                          *(t(f"stations.field.{name}", language) for name in GRID_FIELDS)),
            grid_rows=tuple(rows),
            skills=tuple(t(f"stations.kind.{kind}", language) for kind in SKILL_KINDS),
        )  # fmt: skip
    assert card.customer is not None
    heading = t("cards.customer", language, customer=t(f"customer.{card.customer}", language))
    lines = [persona(card.customer, language)]
    for number, channel in _visits(d, card.customer):
        where = t(
            "cards.visit",
            language,
            round=_round_label(d, number, language),
            channel=t(f"channel.{channel.value}", language),
        )
        lines.append(f"{where} {situation(card.customer, channel.value, language)}")
    return CardText(heading, card.person, (*lines, t("cards.customer_prompt", language)))


def _schedule(d: Deal, language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = []
    for number, stations in enumerate(d.rounds, start=1):
        label = _round_label(d, number, language)
        visits = [
            (t(f"channel.{channel.value}", language), ", ".join(t(f"customer.{r}", language) for r in roles) or "—")
            for channel, roles in stations
        ]
        rows.append((label, visits))
    return rows


def _title(d: Deal, language: str) -> str:
    return t("cards.title", language) + (f" · {d.title}" if d.title else "")


def to_markdown(d: Deal, language: str) -> str:
    """The sheet as Markdown: the rules, one card per person (a keeper's with its grid), the rotation schedule."""
    out = [f"# {md(_title(d, language))}", "", t("cards.intro", language, minutes=_minutes(d, language)), ""]
    out += [f"*{t('cards.boxes', language)}*", ""]
    for card in (card_text(card, d, language) for card in d.cards):
        out += [f"## {md(card.heading)}", "", f"**{t('cards.name', language)}:** {md(card.person)}", ""]
        for line in card.lines:
            out += [md(line), ""]
        if card.grid_heading:
            out += ["| " + " | ".join(md(cell) for cell in card.grid_heading) + " |"]
            out += ["|---" * len(card.grid_heading) + "|"]
            out += [f"| {md(row)} |" + " |" * len(GRID_FIELDS) for row in card.grid_rows]
            out += ["", f"**{t('cards.grid.competences', language)}**", ""]
            out += [f"- {md(kind)}: ____________________" for kind in card.skills]
            out += [""]
    out += [f"## {t('cards.rotation', language, minutes=_minutes(d, language))}", ""]
    out += [f"| | {' | '.join(md(name) for name, _ in _schedule(d, language)[0][1])} |"]
    out += ["|---" * (len(d.stations) + 1) + "|"]
    for label, visits in _schedule(d, language):
        out.append(f"| {label} | " + " | ".join(md(who) for _, who in visits) + " |")
    return "\n".join(out) + "\n"


CARDS_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #000; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1rem; }
.card { border: 2px dashed #000; padding: .8rem 1rem; break-inside: avoid; page-break-inside: avoid; }
.card.keeper { grid-column: 1 / -1; }
.card h2 { font-size: 1.2rem; margin: 0 0 .4rem; } .boxes { font-style: italic; }
.line { border-bottom: 1px solid #000; min-height: 2.2rem; margin-bottom: .3rem; }
table { border-collapse: collapse; margin-top: 1rem; } th, td { border: 1px solid #000; padding: .3rem .6rem; }
table.grid { width: 100%; table-layout: fixed; } table.grid th { text-align: left; vertical-align: top; }
table.grid td { height: 5.5rem; } table.skills td { height: 3rem; }
@media print { body { margin: 0; } .cards { grid-template-columns: 1fr 1fr; } h1 { font-size: 1.3rem; } }
"""


def to_html(d: Deal, language: str) -> str:
    """The sheet as a printable page: cards with dashed cutting lines (a keeper's across the page, with its
    grid), then the schedule."""
    cards = [card_text(card, d, language) for card in d.cards]
    return render_page("cards.html.j2", language, css=CARDS_CSS, cards=cards, schedule=_schedule(d, language),
                       minutes=_minutes(d, language), title=_title(d, language))  # fmt: skip
