"""The facilitator's side of a rotation with phones: the keepers' line on the rotation screen, and a keeper's
phone typing into the station entry screen without clobbering what the facilitator types there."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
from textual import events
from textual.widgets import Button, Input, Label, TextArea

from scenarios.phones.server import PhoneServer
from scenarios.tui.rehearse.phones import PhonesScreen
from scenarios.tui.rehearse.station_entry import StationEntryScreen
from scenarios.tui.rehearse.stations import StationsScreen
from tests.phones.conftest import form_token
from tests.phones.facilitator import shown
from tests.phones.stations import PEOPLE, start_rotation_with_phones, station_app
from tests.rehearsal.conftest import FakeClock
from tests.tui.helpers import until, until_screen

SIZE = (100, 30)


async def keeper_joins(client: aiohttp.ClientSession, server: PhoneServer, name: str) -> str:
    """Join as `name`; the keeper's form token."""
    async with client.get(server.url) as response:
        page = await response.text()
    async with client.post(f"{server.url}/join", data={"form": form_token(page), "name": name}) as response:
        page = await response.text()
    assert f"You are in as {name}." in page and "You keep the station" in page
    return form_token(page)


async def test_the_rotation_shows_what_keepers_type_on_their_phones(tmp_path: Path) -> None:
    app = station_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, server = await start_rotation_with_phones(app, pilot)
        session = screen.session
        assert "Keepers on phones: 0/4 · filled from phones: – · F8: join code" in shown(app)
        role = session.visitor("desk")
        assert role is not None
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as dee:
            token = await keeper_joins(dee, server, "Dee")
            await until(pilot, lambda: "Keepers on phones: 1/4" in shown(app), "Dee on the line")
            saved = {"form": token, "station": "desk", "role": role.role, "expects": "No queue", "mindset": "Calm"}
            async with dee.post(f"{server.url}/station", data=saved) as response:
                assert response.status == 200
            await until(pilot, lambda: "filled from phones: front desk" in shown(app), "the desk filled from a phone")
            assert "1  front desk · keeper Dee · now: young adult · written 2/" in shown(app)
            line = screen.query_one("#phones-line").region
            assert line.bottom <= SIZE[1] - 1, "the phones' line fits the projector"

            # The facilitator opens the desk and types in one field; the phone writes two.
            await pilot.press("1")
            await until_screen(pilot, StationEntryScreen, "entry")
            entry = app.screen
            assert isinstance(entry, StationEntryScreen)
            assert entry.query_one("#grid-expects", TextArea).text == "No queue"
            at_best = entry.query_one("#grid-at_best", TextArea)
            at_best.focus()
            await until(pilot, lambda: at_best.has_focus, "the field to take the focus")
            await pilot.press(*"Mine")
            await until(pilot, lambda: at_best.text == "Mine", "what the facilitator typed")
            entry.flush()  # what the facilitator typed is in the session before the phone writes over it
            assert session.grid("desk", role.role)["at_best"] == "Mine"
            phone_typed = {**saved, "expects": "No queue, a smile", "at_best": "From the phone"}
            async with dee.post(f"{server.url}/station", data=phone_typed) as response:
                assert response.status == 200
            expects = entry.query_one("#grid-expects", TextArea)
            await until(pilot, lambda: expects.text == "No queue, a smile", "the phone's text in the entry")
            # Issue #26, bug 4: the phone's text in a field the facilitator typed into was thrown away. Both stay,
            # and each side sees that the other wrote there.
            at_best = entry.query_one("#grid-at_best", TextArea)
            assert at_best.text == "Mine\nFrom the phone"
            label = entry.query_one("#label-grid-at_best", Label)
            assert "Dee also wrote here on a phone" in str(label.content)
            await pilot.press(*" too")  # the cursor stayed in the facilitator's own words
            await pilot.press("escape")
            await until_screen(pilot, StationsScreen, "back to the rotation")
            async with dee.get(server.url) as response:
                page = await response.text()
            assert "Also written here by the facilitator on the shared screen" in page
            assert "Mine too\nFrom the phone</textarea>" in page
        grid = session.grid("desk", role.role)
        assert grid["expects"] == "No queue, a smile" and grid["at_best"] == "Mine too\nFrom the phone"
        assert session.station_skills("desk")["mindset"] == "Calm"


async def test_a_rotation_continued_after_a_crash_opens_to_the_same_phones(tmp_path: Path) -> None:
    app = station_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        _, server = await start_rotation_with_phones(app, pilot)
        url = server.url
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as dee:
            await keeper_joins(dee, server, "Dee")
    # The app comes back on the same store: the setup offers the rotation, and it opens to phones by itself.
    again = station_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        buttons = [b for b in again.screen.query(Button) if (b.id or "").startswith("resume-")]
        assert len(buttons) == 1
        buttons[0].press()
        await until(pilot, lambda: isinstance(again.screen, PhonesScreen), "the join code again")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(again.screen, StationsScreen), "the rotation")
        resumed = again.screen
        assert isinstance(resumed, StationsScreen) and resumed.run.phones is not None
        server = resumed.run.phones.server
        assert server.url.rsplit("/", 1)[1] == url.rsplit("/", 1)[1]  # the same token: the same link
        assert "Keepers on phones: 1/4" in shown(again)
        async with aiohttp.ClientSession(cookie_jar=jar) as dee:  # Dee's phone, its cookie kept
            async with dee.get(server.url) as response:
                page = await response.text()
            assert "You are in as Dee." in page and "You keep the station: front desk" in page


async def test_the_round_clock_waits_behind_the_join_code_that_opens_the_rotation(tmp_path: Path) -> None:
    """Issue #26: the round clock ran behind the QR code."""
    app = station_app(tmp_path)
    clock = app.clock
    assert isinstance(clock, FakeClock)
    async with app.run_test(size=SIZE) as pilot:
        setup = app.screen
        setup.query_one("#participants", Input).value = PEOPLE
        setup.query_one("#keepers", Input).value = "Dee, Eve, Cai, Pia"
        setup.query_one("#groups", Input).value = "2"
        setup.query_one("#start", Button).press()
        await until_screen(pilot, PhonesScreen, "the join code")
        clock.advance(90)  # people join for a minute and a half
        await pilot.press("escape")
        await until_screen(pilot, StationsScreen, "the rotation")
        screen = app.screen
        assert isinstance(screen, StationsScreen)
        session = screen.session
        assert session.round_clock.is_running and session.remaining() == session.round_seconds
        clock.advance(30)
        assert session.remaining() == session.round_seconds - 30


async def test_a_burst_of_typing_right_after_resuming_keeps_every_field(tmp_path: Path) -> None:
    """Issue #26, bug 7: right after a rotation was continued (its phones open again), fast typing into a
    station's grid lost fields 3-6. Leaving a field saves it; the save told the phones' listeners, and the
    entry screen took the next field's typing, whose own message had not come yet, for text loaded from the
    session and put the stored (empty) text back over it."""
    app = station_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_rotation_with_phones(app, pilot)
    again = station_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        buttons = [b for b in again.screen.query(Button) if (b.id or "").startswith("resume-")]
        buttons[0].press()
        await until_screen(pilot, PhonesScreen, "the join code again")
        await pilot.press("escape")
        await until_screen(pilot, StationsScreen, "the rotation")
        rotation = again.screen
        assert isinstance(rotation, StationsScreen)
        session = rotation.session
        await pilot.press("3")
        await until_screen(pilot, StationEntryScreen, "the chat station's grid")
        typed = ["Quick", "Emojis", "Is it a bot", "Patience", "Short lines", "Canned replies"]
        keys: list[tuple[str, str | None]] = []
        for number, text in enumerate(typed):
            keys += [(character if character != " " else "space", character) for character in text]
            if number < len(typed) - 1:
                keys.append(("tab", None))
        for key, character in keys:  # a fast typist: each key arrives while the app is still busy with the last
            again.post_message(events.Key(key, character))
            await asyncio.sleep(0.002)
        entry = again.screen
        assert isinstance(entry, StationEntryScreen)
        role = entry.role  # the chat stands empty in round 1: the first customer role is shown
        toolset = entry.query_one("#skills-toolset", TextArea)
        await until(pilot, lambda: toolset.text == typed[-1], "the last field typed")
        await pilot.press("escape")
        await until_screen(pilot, StationsScreen, "back to the rotation")
        written = [*session.grid("chat", role).values(), *session.station_skills("chat").values()]
        assert written == typed
