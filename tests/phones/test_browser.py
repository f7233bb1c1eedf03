"""End to end in real browsers: three headless Chromiums join the facilitator's running app by its link,
vote and change a vote; the facilitator sees how many voted and not what; the reveal reaches the phones;
a note typed on a phone reaches the facilitator's notes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TextArea

from scenarios.rehearsal import Participants, Phase, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store
from scenarios.tui.rehearse.debrief import RehearseDebriefScreen
from scenarios.tui.rehearse.reflect import RehearseReflectScreen
from scenarios.tui.rehearse.session import RehearseSessionScreen
from tests.browser import chromium_paths, open_chromium
from tests.conftest import MINI
from tests.phones.conftest import NAMES, Stored, load
from tests.phones.facilitator import SIZE, pass_without_votes, rehearsal_app, running, shown, start_with_phones
from tests.rehearsal.conftest import FakeClock
from tests.tui.helpers import PATIENCE, until, until_screen

pytestmark = pytest.mark.skipif(chromium_paths() is None, reason="needs Debian's chromium and chromium-driver")


class Phone:
    """One participant's headless Chromium, driven from a thread (Selenium blocks; the app's loop must not)."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    async def do(self, step: Callable[[Any], object]) -> object:
        return await asyncio.to_thread(step, self.driver)

    async def open(self, url: str) -> None:
        await self.do(lambda d: d.get(url))

    async def press(self, xpath: str) -> None:
        """Tap the button (or link) at `xpath`."""
        from selenium.webdriver.common.by import By

        await self.do(lambda d: d.find_element(By.XPATH, xpath).click())

    async def type(self, element_id: str, text: str) -> None:
        from selenium.webdriver.common.by import By

        await self.do(lambda d: d.find_element(By.ID, element_id).send_keys(text))

    async def sees(self, *texts: str, element: str | None = None) -> str:
        """Wait until the page shows every text (and the `element` xpath, if given); returns the page's text.

        The page may be reloading under the wait (a live update): an element gone stale is looked up again.
        """
        from selenium.common.exceptions import (
            NoSuchElementException,
            StaleElementReferenceException,
            WebDriverException,
        )
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        def shows(driver: Any) -> str | bool:
            try:
                body = str(driver.find_element(By.TAG_NAME, "body").text)
                if element is not None and not driver.find_elements(By.XPATH, element):
                    return False
            except WebDriverException as error:
                # A reload replaced the document between finding the body and reading it: Chromium says so in
                # its own words (not as a stale element). Look again; any other error is a real one.
                if "does not belong to the document" not in str(error.msg):
                    raise
                return False
            return body if all(text in body for text in texts) else False

        ignored = (StaleElementReferenceException, NoSuchElementException)
        wait = lambda d: WebDriverWait(d, PATIENCE, poll_frequency=0.05, ignored_exceptions=ignored).until(shows)  # noqa: E731
        return str(await self.do(wait))

    async def voted(self, option: str) -> None:
        """Tap the option's vote button and wait until the page shows it as this phone's vote."""
        await self.press(f"//button[@value='{option}']")
        await self.sees("Your vote is in.", element=f"//button[@value='{option}' and @aria-pressed='true']")


async def test_three_phones_vote_and_take_notes_in_a_running_rehearsal(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    profiles = [tmp_path_factory.mktemp(f"phone-{n}") for n in range(3)]
    drivers: list[Any] = list(await asyncio.gather(*(asyncio.to_thread(open_chromium, p, 412, 915) for p in profiles)))
    aino, bo, cai = (Phone(driver) for driver in drivers)
    app = rehearsal_app(tmp_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await start_with_phones(app, pilot)
            session, server = running(app)
            # Everyone opens the link of the QR code and picks their name.
            for phone, name in ((aino, "Aino"), (bo, "Bo"), (cai, "Cai")):
                await phone.open(server.url)
                await phone.sees("Who are you?", "Pick your name:")
                await phone.press(f"//button[@value='{name}']")
                await phone.sees(f"You are in as {name}.", "Discuss first.", "Hi! When is the swimming hall open?")
            await pilot.press("escape")
            await until_screen(pilot, RehearseSessionScreen, "the session screen")
            assert "Joined by phone: 3" in shown(app)
            # The facilitator opens the vote: every phone shows the vote buttons by itself.
            await pilot.press("v")
            await until(pilot, lambda: session.phase == Phase.VOTE, "the vote")
            for phone in (aino, bo, cai):
                await phone.sees("Vote: what do you do?", "Nobody sees who voted what.")
            await aino.voted("online")
            await aino.voted("check")  # she changed her mind
            await bo.voted("check")
            await until(pilot, lambda: "2/3 voted by phone" in shown(app), "the count of two")
            text = shown(app)
            assert "2/3 voted by phone" in text
            assert "Aino" not in text and "Bo" not in text and "%" not in text
            await cai.voted("online")
            await until(pilot, lambda: "3/3 voted by phone" in shown(app), "the count of three")
            assert "%" not in shown(app) and "majority" not in shown(app)
            # The reveal: from the phone votes, on the shared screen and on every phone.
            await pilot.click("#reveal")
            await until(pilot, lambda: "votes 2 · 67 %" in shown(app), "the reveal")
            assert session.phase == Phase.REVEAL and session.decisions[0].ballots.tally() == {"online": 1, "check": 2}
            page = await aino.sees("The reveal", "The ideal response: Check the system.", "votes 2 · 67 %")
            assert "Friendly but solves nothing." in page and "Your vote" in page
            await bo.sees("Model answer", "Solution-focused", "Not solution-focused")
            # On to the reflection: the second decision without votes, along the ideal path.
            await pilot.press("i")
            await until(pilot, lambda: session.decisions[0].chosen is not None, "the ideal path at decision 1")
            await pass_without_votes(pilot)
            await pilot.click("#next-story")
            await until_screen(pilot, RehearseDebriefScreen, "the team debrief")
            await cai.sees("The team debrief is on the shared screen.")
            await pilot.click("#reflect")
            await until_screen(pilot, RehearseReflectScreen, "the reflection")
            await cai.sees("What did I learn that was new to me?", "A note for the facilitator")
            await cai.type("note", "Checking first <b>pays off</b>")
            await cai.press("//button[@type='submit']")
            await cai.sees("Your note reached the facilitator.")
            await until(pilot, lambda: "Checking first" in shown(app), "the answer on the shared screen")
            assert "• Checking first <b>pays off</b>" in shown(app) and "Cai:" not in shown(app)
            assert app.screen.query_one("#note", TextArea).text == ""  # the facilitator's note is theirs
            await pilot.press("f7")
            await pilot.click("#finish")
            await aino.sees("The session is over. Thank you!")
            await pilot.press("f1")  # the facilitator leaves the finished session: its phones close
            await until(pilot, lambda: not server.running, "the server to stop with the session")
    finally:
        await asyncio.gather(*(asyncio.to_thread(driver.quit) for driver in drivers))


async def test_an_open_page_reconnects_by_itself_when_the_app_comes_back(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("store")
    clock = FakeClock(1_750_000_000.0)
    store = Store(folder / "scenarios.sqlite", clock=clock)
    session = Session.new([load(MINI)], participants=Participants.of(names=NAMES), clock=clock, language="en")
    records = StoryRecords(store)
    stored = Stored(store, records, session, records.start(session), {"mini": session.stories[0]})
    session.start()
    driver: Any = await asyncio.to_thread(open_chromium, tmp_path_factory.mktemp("phone"), 412, 915)
    aino = Phone(driver)
    first = stored.server()
    try:
        await first.start()
        await aino.open(first.url)
        await aino.press("//button[@value='Aino']")
        await aino.sees("You are in as Aino.", "Discuss first.")
        await first.stop()  # the app is gone (a crash, a closed terminal)
        await aino.sees("Connection lost, reconnecting…")
        again = stored.reopen()
        second = again.server(first.port)
        await second.start()
        try:
            again.session.open_vote()  # the facilitator carries on: the page follows without a tap
            await aino.sees("You are in as Aino.", "Vote: what do you do?")
            await aino.voted("check")
            assert again.session.phone_vote_of(next(iter(second.access.participants()))) == "check"
        finally:
            await second.stop()
            again.store.close()
    finally:
        await asyncio.to_thread(driver.quit)
        store.close()


async def test_a_tap_while_the_app_is_down_keeps_the_page_and_goes_through_when_it_is_back(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("store")
    clock = FakeClock(1_750_000_000.0)
    store = Store(folder / "scenarios.sqlite", clock=clock)
    session = Session.new([load(MINI)], participants=Participants.of(names=NAMES), clock=clock, language="en")
    records = StoryRecords(store)
    stored = Stored(store, records, session, records.start(session), {"mini": session.stories[0]})
    session.start()
    session.open_vote()
    driver: Any = await asyncio.to_thread(open_chromium, tmp_path_factory.mktemp("phone"), 412, 915)
    aino = Phone(driver)
    first = stored.server()
    try:
        await first.start()
        await aino.open(first.url)
        await aino.press("//button[@value='Aino']")
        await aino.sees("You are in as Aino.", "Vote: what do you do?")
        await first.stop()  # the app is gone (a crash, a closed terminal) while Aino reads the options
        await aino.sees("Connection lost, reconnecting…")
        await aino.press("//button[@value='check']")  # she taps an option anyway
        await aino.sees("Connection lost, reconnecting…", "Vote: what do you do?")  # the page, not an error page
        again = stored.reopen()
        second = again.server(first.port)
        await second.start()
        try:
            await aino.sees("Your vote is in.", element="//button[@value='check' and @aria-pressed='true']")
            assert again.session.phone_vote_of(next(iter(second.access.participants()))) == "check"
        finally:
            await second.stop()
            again.store.close()
    finally:
        await asyncio.to_thread(driver.quit)
        store.close()
