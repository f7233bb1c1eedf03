"""Role-play cards: channel × customer roles, situations from the library, the rotation."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarios.i18n.catalog import t
from scenarios.rehearsal.cards import CUSTOMER, SERVER, CardsError, card_text, deal, deal_rotation, to_html, to_markdown
from scenarios.rehearsal.customer_roles import PERSONAS, SITUATIONS, persona, situation
from scenarios.rehearsal.stations import GRID_FIELDS, StationSession
from scenarios.story.model import CUSTOMER_TYPES, Channel, Story

PEOPLE = [f"P{n}" for n in range(10)]


def test_four_serve_the_channels_and_the_others_play_customers(mini: Story, lookup: Story) -> None:
    d = deal(PEOPLE, [mini, lookup], seed=1)
    servers = [c for c in d.cards if c.role == SERVER]
    customers = [c for c in d.cards if c.role == CUSTOMER]
    assert {c.channel for c in servers} == set(Channel) and len(customers) == 6
    assert {c.customer for c in customers} == {
        "young-adult",
        "retired-couple",
        "wheelchair-user",
        "foreign-language-family",
    }
    assert next(c for c in servers if c.channel == Channel.desk).situation == mini  # the desk story
    assert next(c for c in servers if c.channel == Channel.phone).situation == lookup
    assert next(c for c in servers if c.channel == Channel.chat).situation is None
    assert all(c.situation is None for c in customers)  # a library story is told from the server's side
    assert d.minutes == 20 and len(d.rounds) == 4
    assert deal(PEOPLE, [mini, lookup], seed=1) == d and deal(PEOPLE, [mini, lookup], seed=2) != d


@given(st.integers(2, 30), st.integers())
def test_every_customer_role_visits_every_station_once(count: int, seed: int) -> None:
    d = deal([f"p{n}" for n in range(count)], [], seed=seed)
    assert sorted(c.person for c in d.cards) == sorted(f"p{n}" for n in range(count))
    roles = {c.customer for c in d.cards if c.role == CUSTOMER}
    for role in roles:
        visited = [station for stations in d.rounds for station, who in stations if role in who]
        assert sorted(visited) == sorted(d.stations)


def test_too_few_people() -> None:
    with pytest.raises(CardsError):
        deal(["Aino"], [])


def test_the_sheets_carry_every_card_and_escape_story_text(mini: Story, lookup: Story) -> None:
    d = deal([*PEOPLE[:6], "<b>Eve</b>"], [mini, lookup], seed=3, minutes=15)
    text = to_markdown(d, "en")
    assert text.count("\n## ") == 7 + 1
    assert "You serve: front desk" in text and "You are the customer:" in text
    assert "\\<b\\>Eve\\</b\\>" in text and "Round 2 (0:15–0:30)" in text
    page = to_html(d, "fi")
    tags: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)

    Collect().feed(page)
    assert "b" not in tags and "&lt;b&gt;Eve&lt;/b&gt;" in page
    assert (
        page.count('<section class="card">') == 3
        and page.count('<section class="card keeper">') == 4
        and "@media print" in page
    )
    assert "Palvelet: asiointipiste" in page and "Kierros 1 (0:00–0:15)" in page


def test_customer_cards_are_told_from_the_customers_side_for_every_station_they_visit() -> None:
    d = deal(PEOPLE, [], seed=5)
    text = to_markdown(d, "fi")
    assert "Sinä palvelet" not in text and "Tehtäväsi on" not in text
    for card in (c for c in d.cards if c.role == CUSTOMER):
        assert card.customer is not None
        visits = [station.value for stations in d.rounds for station, who in stations if card.customer in who]
        lines = card_text(card, d, "fi").lines
        assert lines[0] == persona(card.customer, "fi") and len(lines) == 1 + len(visits) + 1 == 6
        for line, channel in zip(lines[1:-1], visits, strict=True):
            assert line.endswith(situation(card.customer, channel, "fi"))
    young = next(c for c in d.cards if c.customer == "young-adult")
    assert card_text(young, d, "fi").lines[0].startswith("Olet 19-vuotias")
    family = next(c for c in d.cards if c.customer == "foreign-language-family")
    assert card_text(family, d, "en").lines[0].startswith("You are a family who moved to Turku")


def test_station_cards_list_the_visitors_of_each_round() -> None:
    d = deal(PEOPLE[:6], [], seed=2, minutes=15)  # four stations, two customer roles: some rounds are empty
    for card in (c for c in d.cards if c.role == SERVER):
        lines = card_text(card, d, "en").lines
        rounds = [line for line in lines if line.startswith("Round ")]
        assert len(rounds) == 4
        for number, stations in enumerate(d.rounds, start=1):
            roles = next(roles for channel, roles in stations if channel == card.channel)
            expected = ", ".join(t(f"customer.{r}", "en") for r in roles) or "no customer"
            assert rounds[number - 1].endswith(f": {expected}")
    assert d.stations == (Channel.desk, Channel.email, Channel.chat, Channel.phone)  # the rotation's order


@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_customer_role_has_a_persona_and_a_situation_for_every_channel(language: str) -> None:
    for role in CUSTOMER_TYPES:
        assert len(persona(role, language)) > 40
        for channel in Channel:
            assert len(situation(role, channel.value, language)) > 40
    assert set(PERSONAS) == set(CUSTOMER_TYPES)
    assert set(SITUATIONS) == {(role, channel.value) for role in CUSTOMER_TYPES for channel in Channel}


def test_a_round_shorter_than_a_minute_is_refused() -> None:
    with pytest.raises(CardsError) as error:
        deal(PEOPLE, [], minutes=0)
    assert error.value.code == "bad_minutes"


def test_the_cards_of_a_saved_rotation_agree_with_the_rotation_being_run(mini: Story, lookup: Story) -> None:
    keepers = {"desk": "Dee", "email": "Eli", "chat": "Fay", "phone": "Gil"}
    session = StationSession.new(keepers=keepers, groups=[["Aino", "Bo"], ["Cai"]], round_minutes=0.5)
    d = deal_rotation(session, [mini, lookup], seed=7)
    servers = {c.channel.value: c.person for c in d.cards if c.role == SERVER and c.channel is not None}
    assert servers == keepers  # the keepers drawn at setup, not a new draw
    customers = {c.person: c.customer for c in d.cards if c.role == CUSTOMER}
    assert customers == {"Aino": "young-adult", "Bo": "young-adult", "Cai": "retired-couple"}
    for number in range(session.rounds):  # the rounds as the rotation screen shows them
        expected = {v.station: (v.role,) for v in session.visits(number)}
        assert {channel.value: roles for channel, roles in d.rounds[number] if roles} == expected
    assert d.minutes == 0.5 and deal_rotation(session, [mini, lookup], seed=7) == d
    text = to_markdown(d, "fi")
    assert "Kierros 2 (0:30–1:00)" in text and "0,5 minuutin välein" in text
    # A keeper's card holds the grid: a row per visiting customer, a column per field; then the skills.
    desk = card_text(next(c for c in d.cards if c.person == "Dee"), d, "en")
    assert desk.grid_heading == ("Customer", *(t(f"stations.field.{name}", "en") for name in GRID_FIELDS))
    assert desk.grid_rows == ("young adult (round 1)", "retired couple (round 4)")
    assert desk.skills == ("Mindset (attitude)", "Skillset (working skills)", "Toolset (knowledge and tools)")
    assert "| young adult (round 1) | | | |" in to_markdown(d, "en")
    assert "not meant to categorise customers" in to_markdown(d, "en")
    page = to_html(d, "en")
    assert page.count('<section class="card keeper">') == 4
    assert page.count('<th scope="row">') == 4 * (2 + 3)  # per keeper: two visitors, three skills
