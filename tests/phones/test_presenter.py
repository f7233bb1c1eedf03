"""The presenter view (issue #26, "a presenter view with one key per step"): the facilitator's own page, with what
the room does not see before the reveal and the shared screen's keys as buttons that press them there."""

from __future__ import annotations

import asyncio
import re
import webbrowser
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from textual.pilot import Pilot

from scenarios.rehearsal import Phase
from scenarios.tui.rehearse.app import RehearsalApp
from scenarios.tui.rehearse.debrief import RehearseDebriefScreen
from scenarios.tui.rehearse.phones import PhonesScreen
from scenarios.tui.rehearse.reflect import RehearseReflectScreen
from scenarios.tui.rehearse.session import RehearseSessionScreen
from tests.phones.conftest import form_token
from tests.phones.facilitator import SIZE, rehearsal_app, running, shown, start_with_phones
from tests.phones.test_app import join_and_vote
from tests.tui.helpers import notices, until, until_screen

STAGE = re.compile(r'name="stage" value="([^"]*)"')
KEYS = re.compile(r'name="key" value="([^"]+)"')


async def presenter_page(client: aiohttp.ClientSession, url: str) -> str:
    async with client.get(url) as response:
        assert response.status == 200
        return await response.text()


async def press(client: aiohttp.ClientSession, url: str, page: str, key: str) -> str:
    """Tap `key` on the presenter view `page`: the page that comes back."""
    found = STAGE.search(page)
    assert found is not None, page
    data = {"form": form_token(page), "stage": found.group(1).replace("&amp;", "&"), "key": key}
    async with client.post(f"{url}/key", data=data) as response:
        assert response.status == 200
        return await response.text()


async def started(app: RehearsalApp, pilot: Pilot[None]) -> None:
    await start_with_phones(app, pilot)
    await pilot.press("escape")
    await until_screen(pilot, RehearseSessionScreen, "the session screen")


async def test_the_presenter_view_runs_a_decision_by_the_shared_screens_keys(tmp_path: Path) -> None:
    app = rehearsal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        session, server = running(app)
        url = server.presenter_url
        assert server.access.presenter_key not in shown(app)  # never on the screen the room sees
        async with aiohttp.ClientSession() as presenter, aiohttp.ClientSession() as stranger:
            async with stranger.get(url.replace(server.access.presenter_key, "0" * 64)) as response:
                assert response.status == 404  # a guessed address finds nothing
            page = await presenter_page(presenter, url)
            # Before the vote: what only the facilitator sees, the ideal and every verdict with its feedback.
            assert "For you, the facilitator" in page and "Decision 1" in page
            assert "Check the system." in page and "★ ideal" in page and "Friendly but solves nothing." in page
            assert "Model answer: “Let&#39;s look together.”" in page
            assert KEYS.findall(page) == ["f7", "f5", "f6", "s"] and ">F7</span> Vote<" in page
            page = await press(presenter, url, page, "f7")
            await until(pilot, lambda: session.phase == Phase.VOTE, "the vote, opened from the presenter view")
            assert "Votes in: 0 of 3, 0 of them by phone" in page and KEYS.findall(page) == ["f7"]
            assert "but there are 3 participants" not in page  # said only once the shared screen says so
            stale = page
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as aino:
                await join_and_vote(aino, server.url, "Aino", "online")
            page = await presenter_page(presenter, url)
            assert "Votes in: 1 of 3, 1 of them by phone" in page
            # A tap from a page that no longer shows the session as it stands presses nothing.
            again = await press(presenter, url, stale, "f7")
            assert "nothing was pressed" in again and session.phase == Phase.VOTE
            # One of three voted: F7 says so on the shared screen, then F7 is 'Reveal anyway' on both.
            page = await press(presenter, url, page, "f7")
            said = "Votes entered: 1, but there are 3 participants."
            assert session.phase == Phase.VOTE and said in shown(app)
            assert said in page and ">F7</span> Reveal anyway<" in page
            page = await press(presenter, url, page, "f7")
            await until(pilot, lambda: session.phase == Phase.REVEAL, "the reveal")
            assert KEYS.findall(page) == ["m", "i", "1", "2"] and "Pick 2" in page  # on a tie, pick one
            page = await press(presenter, url, page, "i")
            await until(pilot, lambda: session.phase == Phase.DISCUSS and len(session.decisions) == 2, "decision 2")
            assert "Decision 2" in page and "Open six to nine." in page
            # Behind a dialog on the shared screen the presenter view presses nothing.
            await pilot.press("f8")
            await until_screen(pilot, PhonesScreen, "the join code")
            page = await presenter_page(presenter, url)
            assert "No key to press from here just now" in page and KEYS.findall(page) == []
            assert server.access.presenter_key not in shown(app)  # nor in the join code's dialog


async def test_the_presenter_view_follows_the_reflection_with_the_answers_sent_from_phones(tmp_path: Path) -> None:
    app = rehearsal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        session, server = running(app)
        url = server.presenter_url
        async with aiohttp.ClientSession() as presenter:
            page = await presenter_page(presenter, url)
            for key in ("f7", "f7", "f7", "i", "f7", "f7", "f7", "i"):  # two decisions nobody voted in
                page = await press(presenter, url, page, key)
            await until(pilot, lambda: session.phase == Phase.STORY_END, "the story's end")
            assert "The story ended: resolved" in page
            await press(presenter, url, page, "f7")  # to the team debrief, a screen of its own
            await until_screen(pilot, RehearseDebriefScreen, "the team debrief")
            page = await presenter_page(presenter, url)
            assert "Team debrief on the shared screen" in page and KEYS.findall(page) == ["f7"]
            await press(presenter, url, page, "f7")  # to the first question
            await until_screen(pilot, RehearseReflectScreen, "the reflection")
            await until(pilot, lambda: session.phase == Phase.REFLECT, "the first question")
            page = await presenter_page(presenter, url)
            first = session.reflections[0].question.get_text("en", ("fi", "en"))
            assert first in page and "Next question:" in page and KEYS.findall(page) == ["f5", "f6", "f7"]
            session.add_phone_note("Bo", "We should check first.")
            page = await presenter_page(presenter, url)
            assert "Answers from phones (1)" in page and "Bo: We should check first." in page


async def test_f9_opens_the_presenter_view_in_this_computers_browser_and_never_shows_its_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def browser(url: str, *args: object, **kwargs: object) -> bool:
        """This computer's browser, as Python's `webbrowser` opens it (none is started in a test)."""
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", browser)
    monkeypatch.setenv("DISPLAY", ":0")
    app = rehearsal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        said = notices(app)
        await started(app, pilot)
        _, server = running(app)
        await pilot.press("f9")
        await until(pilot, lambda: opened == [server.presenter_url], "the browser to be asked")
        assert server.access.presenter_key not in shown(app)
        told = " ".join(said)
        assert "The presenter view opened in this computer's browser" in told


async def test_in_a_real_browser_the_presenter_view_runs_the_session_and_follows_it_by_itself(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.browser import open_chromium
    from tests.phones.test_browser import Phone

    driver: Any = await asyncio.to_thread(open_chromium, tmp_path_factory.mktemp("presenter"), 412, 915)
    mine = Phone(driver)
    app = rehearsal_app(tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            session, server = running(app)
            await mine.open(server.presenter_url)
            await mine.sees("Presenter view", "F7 Vote", "★ ideal", "Friendly but solves nothing.")
            await mine.press("//button[@value='f7']")  # a tap on the phone: the shared screen opens the vote
            await until(pilot, lambda: session.phase == Phase.VOTE, "the vote, tapped on the presenter view")
            await mine.sees("Votes in: 0 of 3", "F7 Reveal")
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as aino:
                await join_and_vote(aino, server.url, "Aino", "check")
            await mine.sees("Votes in: 1 of 3, 1 of them by phone")  # by itself, without a reload
            await pilot.press("f7")  # the facilitator at the keyboard: the same session on both
            await mine.sees("Votes entered: 1, but there are 3 participants.", "F7 Reveal anyway")
            await mine.press("//button[@value='f7']")
            await until(pilot, lambda: session.phase == Phase.REVEAL, "the reveal, tapped on the presenter view")
            await mine.sees("M Majority", "I Ideal path")
            await pilot.press("f8")  # a dialog on the shared screen: the presenter view says it can press nothing
            await until_screen(pilot, PhonesScreen, "the join code")
            await mine.sees("No key to press from here just now")
            await pilot.press("escape")
            await mine.sees("M Majority")
    finally:
        await asyncio.to_thread(driver.quit)


async def test_the_presenter_view_runs_a_station_rotation_from_another_room(tmp_path: Path) -> None:
    """Chapter 6's stations are each in a room of their own: the facilitator pauses, extends and moves the rounds
    on from their phone while walking between them."""
    from tests.phones.stations import start_rotation_with_phones, station_app

    app = station_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, server = await start_rotation_with_phones(app, pilot)
        session = screen.session
        url = server.presenter_url
        assert server.access.presenter_key not in shown(app)
        async with aiohttp.ClientSession() as presenter:
            page = await presenter_page(presenter, url)
            visit = session.visits()[0]
            assert "Round 1/" in page and "Time left" in page and ", ".join(visit.people) in page  # who is where
            assert KEYS.findall(page) == ["f5", "f6", "n"] and ">N</span> Next round<" in page
            page = await press(presenter, url, page, "f5")
            assert not session.round_clock.is_running and ">F5</span> Resume<" in page
            page = await press(presenter, url, page, "n")
            await until(pilot, lambda: session.round_index == 1, "the second round, from the presenter view")
            assert "Round 2/" in page
