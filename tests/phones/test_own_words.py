"""Own words first over real HTTP: a phone's own reply is checked against the rubric, kept without its writer, shown
back to its writer alone, replaced by a later one (also after a restart of the app), and refused once the replies
are on the shared screen; the presenter view shows the replies grouped and without names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from scenarios.phones.server import PhoneServer
from scenarios.phones.views import PresenterKey
from scenarios.rehearsal import Participants, Phase, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store
from tests.phones.conftest import NAMES, Stored, load
from tests.phones.test_server import get, join, own_form_token, phone, post, serving
from tests.rehearsal.conftest import OWN_WORDS, FakeClock


@pytest.fixture
def writing(tmp_path: Path) -> Iterator[Stored]:
    """The story with a rubric for Aino, Bo and Cai with own words first: the room writes at its first decision."""
    story = load(OWN_WORDS)
    clock = FakeClock(1_750_000_000.0)
    store = Store(tmp_path / "scenarios.sqlite", clock=clock)
    records = StoryRecords(store)
    session = Session.new(
        [story], team="Desk team", participants=Participants.of(names=NAMES), clock=clock, language="en",
        own_words=True,
    )  # fmt: skip
    session_id = records.start(session)
    session.start()
    yield Stored(store, records, session, session_id, {story.id: story})
    store.close()


async def write(client: aiohttp.ClientSession, server: PhoneServer, text: str) -> str:
    """Send `text` as this phone's own reply (as its form would, also once the page has no form); returns the page
    it lands on."""
    status, page = await post(client, f"{server.url}/reply", {"form": own_form_token(client, server), "text": text})
    assert status == 200
    return page


class Remote:
    """A shared screen that offers no keys (the presenter view's page is read, never pressed here)."""

    language = "en"

    def keys(self) -> tuple[PresenterKey, ...]:
        return ()

    async def press(self, key: str) -> bool:
        return False


async def test_a_reply_is_checked_kept_without_its_writer_and_shown_to_its_writer_alone(writing: Stored) -> None:
    session = writing.session
    assert session.phase == Phase.WRITE
    server = writing.server()
    server.remote = Remote()
    async with serving(server), phone() as aino, phone() as bo:
        await join(aino, server, "Aino")
        page = await join(bo, server, "Bo")
        assert "Your own reply" in page and "What do you do now?" not in page  # no options yet
        page = await write(aino, server, "Hello! Let me check that for you.")
        assert "Your reply is in. You can still change it." in page and "Let me check that" in page
        await write(bo, server, "Look it up online, <b>please</b>.")
        await write(aino, server, "Good morning! I'll check the opening hours.")  # she changes hers
        decision = session.decision
        assert decision is not None
        assert sorted((r.text, r.marked) for r in decision.replies) == [
            ("Good morning! I'll check the opening hours.", ("check", "greet", "hours")),
            ("Look it up online, <b>please</b>.", ("check", "online")),
        ]
        # Nothing in the saved session says who wrote which: no name, no participant id.
        writing.records.flush()
        record = writing.records.get(writing.session_id)
        assert record is not None
        kept = json.dumps(json.loads(record.state)["decisions"][0]["replies"])
        assert "Good morning" in kept
        ids = set(server.access.participants())
        assert not any(name in kept for name in NAMES) and not any(pid in kept for pid in ids)
        told = [json.dumps(event.payload) for event in writing.records.events(writing.session_id)]
        assert not any("Good morning" in line or "Look it up" in line for line in told)  # the log has counts only
        # Bo's page holds Bo's reply, never Aino's.
        _, page = await get(bo, server.url)
        assert "Look it up online" in page and "Good morning" not in page
        # The presenter view: the replies as they come in, grouped, with no name beside them.
        _, presenter = await get(aino, server.presenter_url)
        assert "Replies in: 2 of 3" in presenter and "Offers to check (2/2)" in presenter
        assert "○ Greets" not in presenter and "Tells the opening hours (1/2)" in presenter
        assert "&lt;b&gt;please&lt;/b&gt;" in presenter  # what a phone typed is text
        for line in presenter.splitlines():
            if "Good morning" in line or "Look it up" in line:
                assert not any(name in line for name in NAMES), line
        # The replies go up on the shared screen: writing closes, each phone sees its own checklist.
        session.show_replies()
        page = await write(bo, server, "Too late")
        assert "The replies are already on the shared screen." in page
        _, page = await get(aino, server.url)
        assert "✓ Offers to check" in page and "✓ Tells the opening hours" in page and "✗" not in page
        _, page = await get(bo, server.url)
        assert "○ Tells the opening hours" in page and "✗ Sends them to the website" in page
        assert "Too late" not in page


async def test_a_phone_replaces_its_own_reply_after_the_app_starts_again(writing: Stored) -> None:
    first = writing.server()
    await first.start()
    port = first.port
    async with phone() as cai:
        await join(cai, first, "Cai")
        await write(cai, first, "Hello")
        await first.stop()
        again = writing.reopen()
        assert again.session.phase == Phase.WRITE and len(again.session.decisions[0].replies) == 1
        async with serving(again.server(port)) as second:
            _, page = await get(cai, second.url)
            assert ">Hello</textarea>" in page  # the phone's cookie finds its reply; nothing else could
            await write(cai, second, "Hello, I'll check.")
        assert [r.text for r in again.session.decisions[0].replies] == ["Hello, I'll check."]
        again.store.close()


async def test_a_reply_in_another_of_the_storys_languages_is_read_in_that_language(writing: Stored) -> None:
    assert writing.session.language == "en"
    async with serving(writing.server()) as server, phone() as cai:
        await join(cai, server, "Cai")
        await write(cai, server, "Hei! Tarkistan aukioloajat.")  # Finnish in an English session
    decision = writing.session.decision
    assert decision is not None and decision.replies[0].marked == ("check", "greet", "hours")
