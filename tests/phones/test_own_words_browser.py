"""Own words first end to end: three headless Chromiums write their own replies before the options, the shared
screen (100×30) shows them grouped by the rubric's elements and without names, each phone sees its own checklist,
and then the options come."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from scenarios.rehearsal import Phase
from scenarios.tui.rehearse.presenter import ScreenRemote
from scenarios.tui.rehearse.session import RehearseSessionScreen
from tests.browser import chromium_paths, open_chromium
from tests.phones.facilitator import rehearsal_app, running, shown, start_with_phones
from tests.phones.test_browser import Phone
from tests.rehearsal.conftest import OWN_WORDS
from tests.tui.helpers import until, until_screen

pytestmark = pytest.mark.skipif(chromium_paths() is None, reason="needs Debian's chromium and chromium-driver")

REPLIES = {
    "Aino": "Hello! Let me check that for you.",
    "Bo": "Good morning, look it up online.",
    "Cai": "Wait a moment, please.",
}


async def test_three_phones_write_their_own_replies_and_the_shared_screen_groups_them(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    profiles = [tmp_path_factory.mktemp(f"writer-{n}") for n in range(3)]
    drivers: list[Any] = list(await asyncio.gather(*(asyncio.to_thread(open_chromium, p, 412, 915) for p in profiles)))
    phones = dict(zip(REPLIES, (Phone(driver) for driver in drivers), strict=True))
    app = rehearsal_app(tmp_path, story=OWN_WORDS)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await start_with_phones(app, pilot, plan="own-words", own_words=True)
            session, server = running(app)
            for name, phone in phones.items():
                await phone.open(server.url)
                await phone.press(f"//button[@value='{name}']")
                await phone.sees(f"You are in as {name}.", "Your own reply", "Hi! When is the swimming hall open?")
            await pilot.press("escape")
            await until_screen(pilot, RehearseSessionScreen, "the session screen")
            text = shown(app)
            assert "What would you say to the customer?" in text and "Replies in: 0 of 3" in text
            assert "Check the system." not in text  # no options before the replies
            assert [k.word for k in ScreenRemote(app).keys() if k.key == "f7"] == ["Show replies"]
            for name, phone in phones.items():
                await phone.type("reply", REPLIES[name])
                await phone.press("//form[@action]//button[@type='submit']")
                await phone.sees("Your reply is in. You can still change it.")
            await until(pilot, lambda: "Replies in: 3 of 3" in shown(app), "three replies counted")
            assert not any(reply in shown(app) for reply in REPLIES.values())  # none before the facilitator says
            await pilot.press("f7")
            await until(pilot, lambda: session.phase == Phase.REPLIES, "the replies on the shared screen")
            text = shown(app)
            assert "Own replies from phones · Replies: 3 (anonymous)" in text
            assert "✓ Offers to check (2/3)" in text and "✓ Greets (2/3)" in text
            assert "Nobody's reply had" in text and "○ Tells the opening hours" in text
            assert "✓ Offers to check, Greets" in text and "No element of the ideal reply" in text
            for reply in REPLIES.values():
                lines = [line for line in text.splitlines() if reply[:12] in line]
                assert lines, reply
                assert not any(n in line for line in lines for n in REPLIES), lines  # never beside a name
            # The two replies with both elements stand together, in alphabetical order, before the one with none.
            assert text.index("Good morning, look") < text.index("Hello! Let me") < text.index("Wait a moment")
            await phones["Bo"].sees("✓ Offers to check", "○ Tells the opening hours", "✗ Sends them to the website")
            page = await phones["Cai"].sees("Your reply", "○ Offers to check")
            assert "Hello! Let me" not in page  # a phone shows its own reply only
            assert [k.word for k in ScreenRemote(app).keys() if k.key == "f7"] == ["Show options"]
            await pilot.press("f7")  # the options, and the discussion's clock
            await until(pilot, lambda: session.phase == Phase.DISCUSS, "the options")
            assert re.search(r"^\d\. Check the system\.$", shown(app), re.MULTILINE)  # numbered, in the seed's order
            await phones["Aino"].sees("Discuss first.", "Look it up online.")
    finally:
        await asyncio.gather(*(asyncio.to_thread(driver.quit) for driver in drivers))
