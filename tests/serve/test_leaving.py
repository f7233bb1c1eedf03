"""A trainee leaves the trainer's page the ways a user does, and each frees their app process on the server
within 30 seconds, whatever the browser does with the page it left (keeps it in its back/forward cache,
freezes it, throws it away): nothing they did is lost, and a page shown again continues where they were."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import open_chromium
from tests.serve.served import Served, descendants, serve
from tests.serve.test_browser import Browser

FREED_WITHIN = 30.0
"""The most seconds a left page's app process may outlive it (the issue's bar for a trainee who navigates away)."""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serve(tmp_path) as running:
        yield running


def one_decision_in(browser: Browser) -> None:
    """Give a name, start the story and make its first choice: the trainee is at the second decision."""
    browser.open_as("Aino Virtanen")
    browser.to_the_second_decision()


def freed(served: Served, leave: Callable[[], None]) -> None:
    """Leave the page with `leave`; the trainee's app process must end within `FREED_WITHIN` seconds, and
    the decision made before is kept."""
    [process] = descendants(served.process.pid)
    leave()
    deadline = time.monotonic() + FREED_WITHIN
    while descendants(served.process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)  # polling a condition (the process's end), not a fixed wait
    assert not descendants(served.process.pid), f"the app process {process} outlived its page by {FREED_WITHIN} s"
    rows = served.database_rows("SELECT trainee, status, decisions FROM playthrough")
    assert rows == [("web:aino virtanen", "active", 1)]
    assert not [line for line in served.output if "Unknown child process" in line or "Traceback" in line]


def continues(browser: Browser) -> None:
    """The page is shown again: a new app process offers the unfinished story, and it goes on from there."""
    from selenium.webdriver.common.keys import Keys

    browser.sees("Continue an unfinished story?")
    browser.press(Keys.ENTER)
    browser.sees("Is there a sauna too?")


def test_navigating_away_frees_the_app_process_and_coming_back_continues(
    chromium: Any, served: Served, tmp_path: Path
) -> None:
    aino = Browser(chromium, served, tmp_path)
    one_decision_in(aino)
    freed(served, lambda: chromium.get("about:blank"))
    aino.open_trainer()
    continues(aino)


def test_going_back_frees_the_app_process_and_going_forward_again_continues(
    chromium: Any, served: Served, tmp_path: Path
) -> None:
    aino = Browser(chromium, served, tmp_path)
    one_decision_in(aino)  # the name page, the web trainer, then the terminal, in this tab's history
    freed(served, chromium.back)
    assert chromium.current_url == served.base + "/"  # the web trainer's library
    chromium.forward()  # the trainer again: from the browser's cache, or loaded anew
    continues(aino)


def test_closing_the_tab_frees_the_app_process(chromium: Any, served: Served, tmp_path: Path) -> None:
    aino = Browser(chromium, served, tmp_path)
    one_decision_in(aino)
    trainer = chromium.current_window_handle
    chromium.switch_to.new_window("tab")  # the browser stays open with another tab
    other = chromium.current_window_handle
    chromium.switch_to.window(trainer)

    def close_the_tab() -> None:
        chromium.close()
        chromium.switch_to.window(other)

    freed(served, close_the_tab)


def test_closing_the_browser_frees_the_app_process(served: Served, tmp_path: Path) -> None:
    browser = open_chromium(tmp_path / "own-browser", own=True)  # closed for good, not given back
    try:
        one_decision_in(Browser(browser, served, tmp_path))
    except BaseException:
        browser.quit()
        raise
    freed(served, browser.quit)


def test_a_frozen_background_page_frees_the_app_process_and_continues_when_thawed(
    chromium: Any, served: Served, tmp_path: Path
) -> None:
    aino = Browser(chromium, served, tmp_path)
    one_decision_in(aino)
    freed(served, lambda: chromium.execute_cdp_cmd("Page.setWebLifecycleState", {"state": "frozen"}))
    chromium.execute_cdp_cmd("Page.setWebLifecycleState", {"state": "active"})
    continues(aino)
