"""The facilitator's side with phones: the join code, the live count (never who voted what), the reveal
from phone votes plus typed counts, notes from phones, and the server's life with the session and the app."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp
from textual.pilot import Pilot
from textual.widgets import Button, Input, SelectionList, TextArea
from yarl import URL

from scenarios.rehearsal import Phase
from scenarios.tui.rehearse.app import RehearsalApp
from scenarios.tui.rehearse.debrief import RehearseDebriefScreen
from scenarios.tui.rehearse.phones import PhonesScreen
from scenarios.tui.rehearse.reflect import RehearseReflectScreen
from scenarios.tui.rehearse.session import RehearseSessionScreen
from tests.phones.conftest import form_token
from tests.phones.facilitator import SIZE, pass_without_votes, rehearsal_app, running, shown, start_with_phones
from tests.rehearsal.conftest import FakeClock
from tests.tui.helpers import notices, until, until_screen, whole


async def join_and_vote(client: aiohttp.ClientSession, url: str, name: str, option: str | None) -> None:
    async with client.get(url) as response:
        page = await response.text()
    async with client.post(f"{url}/join", data={"form": form_token(page), "name": name}) as response:
        page = await response.text()
        assert f"You are in as {name}." in page
    if option is not None:
        async with client.post(f"{url}/vote", data={"form": form_token(page), "option": option}) as response:
            assert response.status == 200


async def test_phone_votes_and_typed_counts_make_the_reveal_and_the_screen_shows_only_how_many(
    tmp_path: Path,
) -> None:
    app = rehearsal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_with_phones(app, pilot)
        session, server = running(app)
        text = shown(app)
        assert "Join from your phone" in text and server.url in text and server.access.code in text
        assert "▀" in text or "▄" in text  # the QR code
        await pilot.press("escape")
        await until_screen(pilot, RehearseSessionScreen, "the session screen")
        assert "Joined by phone: 0 · F8: join code" in shown(app)
        await pilot.press("v")
        await until(pilot, lambda: "0/3 voted by phone" in shown(app), "0/3 voted by phone")
        numbers = {c.option_id: c.number for c in session.beat().choices}
        jar = aiohttp.CookieJar(unsafe=True)
        async with (
            aiohttp.ClientSession(cookie_jar=jar) as aino,
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as bo,
        ):
            await join_and_vote(aino, server.url, "Aino", "online")
            await join_and_vote(bo, server.url, "Bo", "online")
            await until(pilot, lambda: "2/3 voted by phone · 2 joined" in shown(app), "2/3 voted by phone")
            text = shown(app)
            assert "2/3 voted by phone · 2 joined" in text
            assert "Aino" not in text and "Bo" not in text and "%" not in text and "votes 2" not in text
            assert "Votes in all: 2 · participants: 3" in text
            # Cai has no phone: the facilitator types one vote for them.
            app.screen.query_one(f"#count-{numbers['check']}", Input).value = "1"
            await until(
                pilot, lambda: "Votes in all: 3 · participants: 3" in shown(app), "Votes in all: 3 · participants: 3"
            )
            await pilot.click("#reveal")
            await until(pilot, lambda: "votes 2 · 67 %" in shown(app), "the reveal")
        assert session.phase == Phase.REVEAL
        assert session.decisions[0].ballots.tally() == {"online": 2, "check": 1}
        text = shown(app)
        assert "votes 2 · 67 %" in text and "votes 1 · 33 %" in text
        await pilot.press("f8")
        await until_screen(pilot, PhonesScreen, "the join code")
        await until(pilot, lambda: "Joined by phone: 2" in shown(app), "Joined by phone: 2")
        await pilot.press("escape")
        await until_screen(pilot, RehearseSessionScreen, "the session screen")


async def test_the_server_stops_with_the_app_and_a_resumed_session_gets_its_phones_back(tmp_path: Path) -> None:
    app = rehearsal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_with_phones(app, pilot)
        session, server = running(app)
        url, session_id = server.url, app.screen.run.session_id  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.press("v")
        await until(pilot, lambda: session.phase == Phase.VOTE, "the vote")
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as aino:
            await join_and_vote(aino, url, "Aino", "check")
            cookies = aino.cookie_jar.filter_cookies(URL(url))
    assert not server.running  # the app closed: so did the server
    async with aiohttp.ClientSession() as client:
        try:
            async with client.get(url) as response:
                refused = False
        except aiohttp.ClientConnectionError:
            refused = True
    assert refused
    # The app again (after a crash, say): the facilitator continues the stored session.
    again = rehearsal_app(tmp_path, port=server.port)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.click(f"#resume-{session_id}")
        await until(pilot, lambda: isinstance(again.screen, PhonesScreen), "the join code")
        session, server = running(again)
        assert session.phone_votes_in() == 1 and server.url == url  # the same link: phones reconnect by themselves
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as aino:
            kept = {key: morsel.value for key, morsel in cookies.items()}
            aino.cookie_jar.update_cookies(kept, URL(url))
            async with aino.get(url) as response:
                page = await response.text()
            assert "You are in as Aino." in page and 'value="check" class="choice mine"' in page
        await pilot.press("escape")
        await until(pilot, lambda: "1/3 voted by phone" in shown(again), "1/3 voted by phone")


async def test_a_note_from_a_phone_is_shown_beside_the_facilitators_note(tmp_path: Path) -> None:
    app = rehearsal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_with_phones(app, pilot)
        session, server = running(app)
        await pilot.press("escape")
        for _ in range(2):  # the mini story's two decisions, along the ideal path
            await pass_without_votes(pilot)
        await pilot.click("#next-story")
        await until_screen(pilot, RehearseDebriefScreen, "the team debrief")
        await pilot.click("#reflect")
        await until_screen(pilot, RehearseReflectScreen, "the reflection")
        await pilot.press(*"We check first")
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as aino:
            await join_and_vote(aino, server.url, "Aino", None)
            async with aino.get(server.url) as response:
                page = await response.text()
            assert "What did I learn that was new to me?" in page
            async with aino.post(f"{server.url}/note", data={"form": form_token(page), "text": "Ask first"}) as reply:
                assert "Your note reached the facilitator." in await reply.text()
        await until(pilot, lambda: "Ask first" in shown(app), "the answer on the shared screen")
        assert "Answers from phones (1), without names:" in shown(app) and "Aino" not in shown(app)
        assert app.screen.query_one("#note", TextArea).text == "We check first"  # the facilitator's, untouched
        assert session.reflections[0].notes_with_phones() == "We check first\nAino: Ask first"
        await pilot.press("f7")
        await pilot.click("#finish")
        await until(pilot, lambda: session.phase == Phase.DONE, "the end")
        assert server.running  # a note to the last question may still be on its way
        await pilot.press("f1")  # the facilitator leaves the finished session
        await until(pilot, lambda: not server.running, "the server to stop")


async def test_a_port_in_use_is_said_in_words_and_the_session_goes_on_without_phones(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        app = rehearsal_app(tmp_path, port=taken.getsockname()[1])
        async with app.run_test(size=SIZE) as pilot:
            said = notices(app)
            screen = app.screen
            screen.query_one("#participants", Input).value = "3"
            screen.query_one("#plan", SelectionList).select("mini")
            screen.query_one("#start", Button).scroll_visible(animate=False)
            await until(pilot, lambda: whole(app, "#start"), "the start button in sight")
            await pilot.click("#start")
            await until_screen(pilot, RehearseSessionScreen, "the session")

            def told() -> str:
                return " ".join(said)

            await until(pilot, lambda: "The session goes on without phones." in told(), "the port's problem told")
            assert "Could not open 127.0.0.1:" in told()
            assert app.screen.run.phones is None and "by phone" not in shown(app)  # type: ignore[attr-defined]
            await pilot.press("f8")  # nothing to show: no dialog opens
            await until_screen(pilot, RehearseSessionScreen, "the session screen")


async def reach_the_reflection(app: RehearsalApp, pilot: Pilot[None]) -> None:
    """Start with phones and play the mini story along the ideal path to its first reflection question."""
    await start_with_phones(app, pilot)
    await pilot.press("escape")
    for _ in range(2):
        await pass_without_votes(pilot)
    await pilot.click("#next-story")
    await until_screen(pilot, RehearseDebriefScreen, "the team debrief")
    await pilot.click("#reflect")
    await until_screen(pilot, RehearseReflectScreen, "the reflection")


async def test_notes_sent_from_a_phone_while_the_facilitator_moves_on_and_types_are_filed_and_nothing_breaks(
    tmp_path: Path,
) -> None:
    """The crash of issue #26: a phone's note arriving as F7 redraws the screen (every question, to the end)."""
    app = rehearsal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await reach_the_reflection(app, pilot)
        session, server = running(app)
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as bo:
            await join_and_vote(bo, server.url, "Bo", None)
            for number in range(len(session.reflections)):
                await until(pilot, lambda n=number: session.question_index == n, f"question {number + 1}")  # type: ignore[misc]
                await until_screen(pilot, RehearseReflectScreen, "the reflection")
                async with bo.get(server.url) as response:
                    page = await response.text()  # the page of this question, as Bo's phone shows it
                await pilot.press(*f"said {number}")
                note = {"form": form_token(page), "question": str(number), "text": f"Bo on {number}"}
                sent = asyncio.create_task(bo.post(f"{server.url}/note", data=note))
                await pilot.press("f7")  # the facilitator moves on as the note is on its way
                async with await sent as reply:
                    assert reply.status == 200 and "Your note reached the facilitator." in await reply.text()
        await until(pilot, lambda: session.phase == Phase.DONE, "the end of the reflection")
        await until_screen(pilot, RehearseReflectScreen, "the end screen")
        assert app.screen.query_one("#export-md", Button)  # the end screen with its exports is there
        for number, reflection in enumerate(session.reflections):
            assert reflection.note == f"said {number}", (number, reflection.note)  # nothing glued on
            assert [(n.author, n.text) for n in reflection.phone_notes] == [("Bo", f"Bo on {number}")]


async def test_the_discussion_clock_waits_behind_the_join_code_that_opens_the_session(tmp_path: Path) -> None:
    """Issue #26: the clock ran 1:59 → 1:19 while phones joined; nobody had seen it start."""
    app = rehearsal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_with_phones(app, pilot)
        session, _ = running(app)
        clock = app.clock
        assert isinstance(clock, FakeClock)
        full = session.remaining()
        assert full is not None
        clock.advance(40)
        assert session.remaining() == full, "the clock ran behind the join code"
        await pilot.press("escape")
        await until_screen(pilot, RehearseSessionScreen, "the session screen")
        timer = session.timer()
        assert timer is not None and timer.is_running  # it runs once the code is closed
        clock.advance(5)
        assert session.remaining() == full - 5
