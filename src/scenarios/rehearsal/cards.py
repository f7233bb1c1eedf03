"""Role-play cards, channel × customer, as the workshop of chapter 6 dealt them.

Four people each hold one channel's station (desk, email, chat, phone) and serve; the
others take one of the four customer roles (young adult, retired couple, wheelchair
user, family with a foreign language) and move to the next station every 20 minutes,
in the same order as the station rotation of `scenarios rehearse --stations`. A station
card carries a situation from the library for its channel and the visitors of each round;
a customer card says who the customer is and, for every station they visit, what brings
them there, told from the customer's side.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from scenarios.exports.markdown import md
from scenarios.i18n.catalog import t
from scenarios.i18n.present import story_language, text_in
from scenarios.rehearsal.customer_roles import persona, situation
from scenarios.rehearsal.pages import render_page
from scenarios.rehearsal.stations import STATIONS
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
    minutes: int


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


def _pick(rng: random.Random, stories: list[Story]) -> Story | None:
    return rng.choice(stories) if stories else None


def _time(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _round_label(d: Deal, number: int, language: str) -> str:
    start, end = (number - 1) * d.minutes, number * d.minutes
    return t("cards.round", language, number=number, start=_time(start), end=_time(end))


def _visits(d: Deal, role: str) -> list[tuple[int, Channel]]:
    """(round number, station) of each round in which customer role `role` visits a station."""
    return [
        (number, channel)
        for number, stations in enumerate(d.rounds, start=1)
        for channel, roles in stations
        if role in roles
    ]


def card_lines(card: Card, d: Deal, language: str) -> tuple[str, list[str], list[str]]:
    """A card's heading, its lines (situations, the rounds) and the prompts to fill in."""
    if card.role == SERVER:
        assert card.channel is not None
        heading = t("cards.server", language, channel=t(f"channel.{card.channel.value}", language))
        prompts = [t(f"cards.grid.{key}", language) for key in ("expectations", "at_best", "questions", "competences")]
        story = card.situation
        if story is None:
            lines = [t("cards.no_situation", language)]
        else:
            lang = story_language(story, language)
            lines = [
                t("cards.situation", language, title=text_in(story.title, lang, story)),
                text_in(story.summary, lang, story),
            ]
        for number, stations in enumerate(d.rounds, start=1):
            roles = next(roles for channel, roles in stations if channel == card.channel)
            visitors = ", ".join(t(f"customer.{role}", language) for role in roles) or t("cards.nobody", language)
            lines.append(t("cards.visitors", language, round=_round_label(d, number, language), customers=visitors))
        return heading, lines, prompts
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
    return heading, [*lines, t("cards.customer_prompt", language)], []


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


def to_markdown(d: Deal, language: str) -> str:
    """The sheet as Markdown: the rules, one card per person, the rotation schedule."""
    out = [f"# {t('cards.title', language)}", "", t("cards.intro", language, minutes=d.minutes), ""]
    for card in d.cards:
        heading, lines, prompts = card_lines(card, d, language)
        out += [f"## {md(heading)}", "", f"**{t('cards.name', language)}:** {md(card.person)}", ""]
        for line in lines:
            out += [md(line), ""]
        out += [f"- {md(prompt)}: ____________________" for prompt in prompts] + [""]
    out += [f"## {t('cards.rotation', language, minutes=d.minutes)}", ""]
    out += [f"| | {' | '.join(md(name) for name, _ in _schedule(d, language)[0][1])} |"]
    out += ["|---" * (len(d.stations) + 1) + "|"]
    for label, visits in _schedule(d, language):
        out.append(f"| {label} | " + " | ".join(md(who) for _, who in visits) + " |")
    return "\n".join(out) + "\n"


CARDS_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #000; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1rem; }
.card { border: 2px dashed #000; padding: .8rem 1rem; break-inside: avoid; page-break-inside: avoid; }
.card h2 { font-size: 1.2rem; margin: 0 0 .4rem; } .role { text-transform: uppercase; font-size: .8rem; }
.line { border-bottom: 1px solid #000; min-height: 2.2rem; margin-bottom: .3rem; }
table { border-collapse: collapse; margin-top: 1rem; } th, td { border: 1px solid #000; padding: .3rem .6rem; }
@media print { body { margin: 0; } .cards { grid-template-columns: 1fr 1fr; } h1 { font-size: 1.3rem; } }
"""


def to_html(d: Deal, language: str) -> str:
    """The sheet as a printable page: cards with dashed cutting lines, then the schedule."""
    cards = [(heading, card.person, lines, prompts) for card in d.cards for heading, lines, prompts in
             [card_lines(card, d, language)]]  # fmt: skip
    schedule = _schedule(d, language)
    return render_page("cards.html.j2", language, css=CARDS_CSS, cards=cards, schedule=schedule, minutes=d.minutes)
