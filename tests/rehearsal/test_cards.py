"""Role-play cards: channel × customer roles, situations from the library, the rotation."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarios.rehearsal.cards import CUSTOMER, SERVER, CardsError, deal, to_html, to_markdown
from scenarios.story.model import Channel, Story

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
    assert all(c.situation == lookup for c in customers if c.customer == "retired-couple")
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
    assert page.count('<section class="card">') == 7 and "@media print" in page
    assert "Palvelet: asiointipiste" in page and "Kierros 1 (0:00–0:15)" in page
