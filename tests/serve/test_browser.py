"""The trainer served to a real headless Chromium: a name, the library, a choice and its verdict, resume after
the page was closed, the debrief downloaded; a second browser's trainee sees none of the first one's progress."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import open_chromium
from tests.serve.served import Served, descendants, serve

WAIT = 90.0
"""Seconds a condition may take on a loaded machine before the test gives up (it goes on as soon as it holds)."""

# Keep what the server sends to the page's terminal, as text: the screen as it was drawn for the trainee.
RECORD_SCREEN = """
window.__screen = "";
const decoder = new TextDecoder();
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__screen += decoder.decode(new Uint8Array(event.data), {stream: true});
      }
    });
  }
};
"""
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
VERDICTS = ("✓ Solution-focused", "✗ Not solution-focused")


class Browser:
    """One trainee's browser: its driver, what its terminal was sent since the page opened, keys typed into it."""

    def __init__(self, driver: Any, served: Served, downloads: Path) -> None:
        self.driver = driver
        self.served = served
        self.downloads = downloads
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SCREEN})
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})

    def screen(self) -> str:
        """Everything drawn in the terminal since the page opened, escape sequences removed."""
        return ESCAPES.sub("", str(self.driver.execute_script("return window.__screen || ''")))

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Go on as soon as `condition` holds; fail with the screen's end after `WAIT` seconds."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            WebDriverWait(self.driver, WAIT, poll_frequency=0.2).until(lambda _: condition())
        except TimeoutException:
            self.driver.save_screenshot(str(self.downloads.parent / "failed.png"))
            tail = self.screen()[-1500:]
            message = f"never saw {what}; the screen ends with:\n{tail}\nserver: {self.served.output}"
            raise AssertionError(message) from None

    def sees(self, text: str) -> None:
        """Wait until `text` has been drawn."""
        self.wait_for(lambda: text in self.screen(), repr(text))

    def verdicts(self) -> int:
        """How many verdicts have been drawn since the page opened."""
        screen = self.screen()
        return sum(screen.count(verdict) for verdict in VERDICTS)

    def chooses(self, key: str) -> None:
        """Press an option's number and wait for its verdict (a new one: earlier ones stay in the screen's past)."""
        before = self.verdicts()
        self.press(key)
        self.wait_for(lambda: self.verdicts() > before, "a verdict")

    def open_trainer(self) -> None:
        """Open the terminal's page (the browser already has its cookies) and wait for the first frame."""
        self.driver.get(self.served.base + "/terminal")
        self.wait_for(
            lambda: bool(self.driver.execute_script("return document.body.classList.contains('-first-byte')")),
            "the first frame",
        )

    def open_as(self, name: str) -> None:
        """Open the printed address, give the name, open the terminal's page and wait for its first frame."""
        from selenium.webdriver.common.by import By

        self.driver.get(self.served.url)
        self.driver.find_element(By.ID, "name").send_keys(name)
        self.driver.find_element(By.ID, "go").click()
        self.wait_for(lambda: self.driver.current_url == self.served.base + "/", "the web trainer")
        self.driver.get(self.served.base + "/terminal")
        self.wait_for(
            lambda: bool(self.driver.execute_script("return document.body.classList.contains('-first-byte')")),
            "the first frame",
        )

    def press(self, *keys: str) -> None:
        """Type into the terminal, as the trainee does."""
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(*keys)

    def to_the_second_decision(self) -> None:
        """From the library: find the test story, start it and make its first choice, as a trainee does."""
        from selenium.webdriver.common.keys import Keys

        self.sees("Search stories…")  # the search box has the focus: typing searches
        self.press("Browser story")
        self.sees("Start: Browser story (Enter)")  # found, and highlighted
        self.press(Keys.ENTER)
        self.sees("▶ Start (Enter)")  # the story's briefing
        self.press(Keys.ENTER)
        self.sees("Hi! When is the swimming hall open?")
        self.chooses("1")
        self.press(Keys.ENTER)
        self.sees("Is there a sauna too?")

    def to_the_debrief(self) -> None:
        """From the second decision: make its choice and open the debrief."""
        from selenium.webdriver.common.keys import Keys

        self.chooses("2")
        self.press(Keys.ENTER)
        self.sees("Go to the debrief")
        self.press(Keys.ENTER)
        self.sees("Your path beside the ideal one")

    def leave(self) -> None:
        """Close the trainer's page and wait until the server has ended its app process."""
        self.driver.get("about:blank")
        self.wait_for(lambda: not descendants(self.served.process.pid), "the app process ended")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serve(tmp_path) as running:
        yield running


def test_trainees_in_two_browsers_play_resume_and_export_apart(chromium: Any, served: Served, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    aino = Browser(chromium, served, downloads)
    aino.open_as("Aino Virtanen")
    aino.to_the_second_decision()  # the library in the browser's language; the story found by typing, started
    aino.leave()  # the page closed in the middle of the story
    assert served.database_rows("SELECT trainee, status, decisions FROM playthrough") == [
        ("web:aino virtanen", "active", 1)
    ]

    second: Any = open_chromium(tmp_path / "second-browser")
    try:
        bo = Browser(second, served, tmp_path)
        bo.open_as("Bo")
        bo.sees("Search stories…")
        bo.press(Keys.F3)
        bo.sees("You have not finished a story yet.")
        assert "Continue an unfinished story?" not in bo.screen()  # Aino's playthrough is not offered to Bo

        # Aino comes back: her browser remembers her, and her playthrough is offered where she left it.
        aino.open_trainer()
        aino.sees("Continue an unfinished story?")
        aino.press(Keys.ENTER)
        aino.sees("Is there a sauna too?")
        aino.chooses("1")
        aino.press(Keys.ENTER)
        aino.sees("Go to the debrief")
        aino.press(Keys.ENTER)
        aino.sees("Your path beside the ideal one")  # the debrief
        aino.press("e")
        aino.sees("Your browser downloads the debrief as")
        aino.wait_for(lambda: any(p.suffix == ".md" for p in downloads.iterdir()), "the debrief downloaded")
        [downloaded] = [p for p in downloads.iterdir() if p.suffix == ".md"]
        assert downloaded.name.startswith("web-demo-") and "Browser story" in downloaded.read_text("utf-8")
        assert not any((served.data / "exports").glob("*")), "a served export was written on the server"
        aino.press(Keys.F3)
        aino.sees("Best result per story")

        bo.open_trainer()  # Bo's Progress read again, after Aino finished
        bo.sees("Search stories…")
        bo.press(Keys.F3)
        bo.sees("You have not finished a story yet.")
        assert "Continue an unfinished story?" not in bo.screen()
    finally:
        second.quit()
    assert served.database_rows("SELECT trainee, status, decisions FROM playthrough") == [
        ("web:aino virtanen", "finished", 2)
    ]
