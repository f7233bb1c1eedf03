"""A station rotation's phones over real HTTP: a keeper writes their own station's grid and skills, nobody
else writes it, texts are escaped and limited, the page follows the rounds, and nothing is lost on a restart."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from markupsafe import escape

from scenarios.phones.server import STATION_TEXT_LIMIT, PhoneServer
from scenarios.phones.views import stage_of
from scenarios.rehearsal.customer_roles import persona, situation
from tests.phones.conftest import form_token
from tests.phones.stations import StoredStations, stored_stations
from tests.rehearsal.conftest import FakeClock


@pytest.fixture
def rotation(tmp_path: Path) -> Iterator[StoredStations]:
    """The rotation in round 1, stored."""
    stored = stored_stations(tmp_path)
    yield stored
    stored.store.close()


@asynccontextmanager
async def serving(server: PhoneServer) -> AsyncIterator[PhoneServer]:
    """The server listening for the block."""
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def phone() -> AsyncIterator[aiohttp.ClientSession]:
    """A participant's browser with its own cookies."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        yield client


async def get(client: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with client.get(url) as response:
        return response.status, await response.text()


async def post(
    client: aiohttp.ClientSession, url: str, data: dict[str, str], headers: dict[str, str] | None = None
) -> tuple[int, str]:
    async with client.post(url, data=data, headers=headers) as response:
        return response.status, await response.text()


async def join(client: aiohttp.ClientSession, server: PhoneServer, name: str) -> str:
    """Join as `name`; returns the participant's page."""
    _, page = await get(client, server.url)
    status, page = await post(client, f"{server.url}/join", {"form": form_token(page), "name": name})
    assert status == 200 and f"You are in as {name}." in page, page
    return page


def own_form_token(client: aiohttp.ClientSession, server: PhoneServer) -> str:
    """The participant's form token, as their forms would carry it (a visitor's page has no form)."""
    cookie = next(c for c in client.cookie_jar if c.key == server.cookie_name)
    return server.access.form_token(cookie.value.partition(".")[0])


async def test_a_keeper_sees_their_station_and_saves_its_grid_and_skills(rotation: StoredStations) -> None:
    async with serving(rotation.server()) as server, phone() as dee:
        page = await join(dee, server, "Dee")
        assert "You keep the station: front desk" in page and "Round 1/4" in page
        assert "At your station now: young adult (Aino, Bo)" in page
        assert '<option value="young-adult" selected>' in page  # the visiting role is chosen
        fields = {"form": form_token(page), "station": "desk", "role": "young-adult",
                  "expects": "Quick service,\r\nno queue", "at_best": "", "questions": "Where do I sign?",
                  "mindset": "Patience", "skillset": "", "toolset": ""}  # fmt: skip
        status, page = await post(dee, f"{server.url}/station", fields)
        assert status == 200 and "Saved." in page and "Quick service,\nno queue</textarea>" in page
        assert rotation.session.grid("desk", "young-adult") == {
            "expects": "Quick service,\nno queue", "at_best": "", "questions": "Where do I sign?"
        }  # fmt: skip
        assert rotation.session.station_skills("desk")["mindset"] == "Patience"
        assert "desk" in server.written
        # Another customer role, chosen on the page: its own (empty) grid; the skills stay.
        status, page = await get(dee, f"{server.url}?role=retired-couple")
        assert '<option value="retired-couple" selected>' in page and "Quick service" not in page
        assert ">Patience</textarea>" in page
        # The page's script saves one field at a time, saying what it last saw there: the text as kept comes back.
        one = {"form": fields["form"], "station": "desk", "role": "retired-couple", "at_best": "Time to talk",
               "base-at_best": ""}  # fmt: skip
        status, answer = await post(dee, f"{server.url}/station", one, {"X-Requested-With": "fetch"})
        assert status == 200 and json.loads(answer) == {"fields": {"at_best": {"text": "Time to talk", "also": ""}}}
        assert rotation.session.grid("desk", "retired-couple")["at_best"] == "Time to talk"
        assert rotation.session.grid("desk", "young-adult")["expects"] == "Quick service,\nno queue"


async def test_a_keeper_and_the_facilitator_writing_one_field_both_keep_their_text(rotation: StoredStations) -> None:
    """Issue #26, bug 4: the phone said "Saved." and its text was gone: the facilitator's text had replaced it."""
    session = rotation.session
    async with serving(rotation.server()) as server, phone() as dee:
        page = await join(dee, server, "Dee")
        token = form_token(page)
        assert 'name="base-expects" value=""' in page  # the page says what it showed
        session.fill_grid("desk", "young-adult", "expects", "No queue")  # the facilitator, on the shared screen
        # The script saves the keeper's field, saying the field was empty when they began.
        typed = {"form": token, "station": "desk", "role": "young-adult", "expects": "Service in English",
                 "base-expects": ""}  # fmt: skip
        status, answer = await post(dee, f"{server.url}/station", typed, {"X-Requested-With": "fetch"})
        also = "Also written here by the facilitator on the shared screen: both texts are kept."
        assert status == 200 and json.loads(answer)["fields"]["expects"] == {
            "text": "No queue\nService in English", "also": also
        }  # fmt: skip
        assert session.grid("desk", "young-adult")["expects"] == "No queue\nService in English"
        # The facilitator edits on, having seen both; then a page without a script posts the whole form with
        # what it showed: whatever both wrote stays.
        session.fill_grid("desk", "young-adult", "expects", "No queue\nService in English\nA smile",
                          base="No queue\nService in English")  # fmt: skip
        whole = {"form": token, "station": "desk", "role": "young-adult", "expects": "Service in English, Swedish",
                 "base-expects": "No queue\nService in English"}  # fmt: skip
        status, page = await post(dee, f"{server.url}/station", whole)
        kept = "No queue\nService in English\nA smile\nService in English, Swedish"
        assert status == 200 and f"{kept}</textarea>" in page and also in page
        assert session.grid("desk", "young-adult")["expects"] == kept
        assert session.written_by("desk", "young-adult", "expects") == ("", "Dee")
        again = rotation.reopen()  # kept in the store, with who wrote
        assert again.session.grid("desk", "young-adult")["expects"] == kept
        assert again.session.written_by("desk", "young-adult", "expects") == ("", "Dee")


async def test_nobody_but_its_keeper_writes_a_station(rotation: StoredStations) -> None:
    async with serving(rotation.server()) as server, phone() as aino, phone() as eve, phone() as stranger:
        page = await join(aino, server, "Aino")
        assert "You are a customer this time." in page and "<textarea" not in page
        assert "Your group plays the young adult. Now: front desk · next: email." in page
        assert "Round 1: young adult → front desk  (Aino, Bo)" in page
        written = {
            "form": own_form_token(aino, server),
            "station": "desk",
            "role": "young-adult",
            "expects": "Mine now",
        }
        status, _ = await post(aino, f"{server.url}/station", written)
        assert status == 403
        # A keeper writes only their own station, even with the station's name in the form.
        page = await join(eve, server, "Eve")
        status, _ = await post(eve, f"{server.url}/station", {**written, "form": form_token(page)})
        assert status == 403
        # No cookie, or another participant's form token: refused too.
        status, _ = await post(stranger, f"{server.url}/station", written)
        assert status == 403
        assert rotation.session.grid("desk", "young-adult")["expects"] == ""
        assert server.written == {}
        # An unknown role is refused plainly.
        unknown = {"form": form_token(page), "station": "email", "role": "pirate", "expects": "x"}
        status, page = await post(eve, f"{server.url}/station", unknown)
        assert status == 400 and "Traceback" not in page


async def test_texts_are_escaped_and_limited(rotation: StoredStations) -> None:
    async with serving(rotation.server()) as server, phone() as dee:
        token = form_token(await join(dee, server, "Dee"))
        base = {"form": token, "station": "desk", "role": "young-adult"}
        status, page = await post(
            dee, f"{server.url}/station", {**base, "expects": '<script>alert("x")</script>\x1b[2J'}
        )
        assert status == 200 and "<script>alert" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;\\x1b[2J" in page
        too_long = "x" * (STATION_TEXT_LIMIT + 1)
        status, page = await post(dee, f"{server.url}/station", {**base, "expects": "kept?", "questions": too_long})
        assert status == 200 and "too long" in page and "Nothing was saved." in page
        assert rotation.session.grid("desk", "young-adult")["questions"] == ""
        assert rotation.session.grid("desk", "young-adult")["expects"].startswith("<script>")


async def test_the_page_follows_the_rounds(rotation: StoredStations) -> None:
    async with serving(rotation.server()) as server, phone() as dee, phone() as eve:
        await join(dee, server, "Dee")
        await join(eve, server, "Eve")
        before = stage_of(rotation.session)
        rotation.session.fill_grid("desk", "young-adult", "expects", "typing does not move the page")
        assert stage_of(rotation.session) == before
        rotation.session.next_round()
        assert stage_of(rotation.session) != before
        async with dee.get(f"{server.url}/events") as events:
            assert events.status == 200
            line = b""
            while not line.startswith(b"data:"):
                line = await events.content.readline()
            assert line.decode().strip() == f"data: {stage_of(rotation.session)}"
        _, page = await get(dee, server.url)
        assert "Round 2/4" in page and "No customer at your station this round." in page
        assert "typing does not move the page</textarea>" in page
        _, page = await get(eve, server.url)  # the young adults came on from the desk to email
        assert "At your station now: young adult (Aino, Bo)" in page
        assert '<option value="young-adult" selected>' in page


async def test_what_a_keeper_saved_survives_a_restart_and_the_phone_stays_in(rotation: StoredStations) -> None:
    async with phone() as dee:
        async with serving(rotation.server()) as server:
            token = form_token(await join(dee, server, "Dee"))
            fields = {"form": token, "station": "desk", "role": "young-adult", "questions": "Can I do this online?"}
            status, _ = await post(dee, f"{server.url}/station", fields)
            assert status == 200
        again = rotation.reopen()  # the app started again (or crashed: each save is its own transaction)
        try:
            assert again.session.grid("desk", "young-adult")["questions"] == "Can I do this online?"
            async with serving(again.server()) as server:
                _, page = await get(dee, server.url)
                assert "You are in as Dee." in page and "Can I do this online?</textarea>" in page
                fields["toolset"] = "Queue system"
                status, _ = await post(dee, f"{server.url}/station", fields)
                assert status == 200 and again.session.station_skills("desk")["toolset"] == "Queue system"
        finally:
            again.store.close()


async def next_clock(events: aiohttp.ClientResponse) -> dict[str, object]:
    """The next clock message of a page's live connection."""
    line = b""
    while line.strip() != b"event: clock":
        line = await events.content.readline()
    data = (await events.content.readline()).decode().strip()
    assert data.startswith("data: ")
    clock: dict[str, object] = json.loads(data.removeprefix("data: "))
    return clock


async def test_every_phone_shows_the_round_clock_and_what_to_do_when_the_time_is_up(
    rotation: StoredStations,
) -> None:
    session = rotation.session
    clock = session.clock
    assert isinstance(clock, FakeClock)
    async with serving(rotation.server()) as server, phone() as dee, phone() as eve, phone() as aino:
        page = await join(dee, server, "Dee")
        assert 'role="timer"' in page and ">20:00</span>" in page
        await join(eve, server, "Eve")
        page = await join(aino, server, "Aino")  # a customer: their role card for the station they are at
        assert ">20:00</span>" in page and "You are the customer: young adult" in page
        assert str(escape(persona("young-adult", "en"))) in page
        assert str(escape(situation("young-adult", "desk", "en"))) in page
        async with aino.get(f"{server.url}/events") as events:
            assert await next_clock(events) == {"remaining": 1200.0, "running": True, "up": False}
            clock.advance(30)
            session.toggle_clock()  # the facilitator pauses: every phone stops its clock
            assert await next_clock(events) == {"remaining": 1170.0, "running": False, "up": False}
            session.toggle_clock()
            assert await next_clock(events) == {"remaining": 1170.0, "running": True, "up": False}
            clock.advance(1200)
            assert session.check_time_up()  # the shared screen's tick finds the time up: so do the phones
            assert await next_clock(events) == {"remaining": 0.0, "running": True, "up": True}
        for client, told in (
            (aino, "Time is up: move on to the next station (email)."),
            (eve, "Time is up. Next at your station: young adult."),
            (dee, "Time is up. No customer at your station next round."),
        ):
            _, page = await get(client, server.url)
            assert f'<p id="time-up" class="time-up" role="alert">{told}</p>' in page
            assert '<div class="clock up" id="clock-box">' in page
        session.next_round()
        _, page = await get(aino, server.url)
        assert ">20:00</span>" in page and 'id="time-up" class="time-up" role="alert" hidden' in page
        assert str(escape(situation("young-adult", "email", "en"))) in page
