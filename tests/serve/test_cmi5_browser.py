"""cmi5 end to end: the course package imported into the test's LMS, a story launched from it into a real headless
Chromium on `scenarios serve`, played through and left with F10, back to the LMS; the statements a real Ralph then
holds for the registration keep every cmi5 rule the test checks (tests/records/cmi5_rules.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scenarios.cli.main import main
from tests.records.cmi5_rules import broken, verb
from tests.records.conftest import ralph, running_ralph
from tests.records.lms import Lms
from tests.records.ralph import Ralph
from tests.serve.served import Served, descendants, serve
from tests.serve.test_browser import Browser

__all__ = ["ralph", "running_ralph"]  # the real Ralph of the records tests, for this module too


@pytest.fixture
def lms(running_ralph: Ralph) -> Iterator[Lms]:
    held = Lms(running_ralph)
    held.start()
    yield held
    held.stop()


@pytest.fixture
def served(tmp_path: Path, lms: Lms) -> Iterator[Served]:
    """`scenarios serve` that takes launches from the test's LMS (and from no other)."""
    with serve(tmp_path, extra=("--cmi5-lms", lms.base)) as running:
        yield running


def test_a_story_launched_from_the_lms_is_played_in_the_browser_and_its_statements_keep_the_cmi5_rules(
    chromium: Any, served: Served, lms: Lms, running_ralph: Ralph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selenium.webdriver.common.keys import Keys

    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(tmp_path / "serve-stories"))  # the server's library
    course = tmp_path / "course.zip"
    assert main(["records", "cmi5-package", "-o", str(course), "--url", served.base, "--story", "web-demo"]) == 0
    (au,) = lms.publish(course.read_bytes())
    actor = {"objectType": "Agent", "account": {"homePage": "https://lms.example.org", "name": "u-42"}, "name": "Aino"}
    registration = str(uuid.uuid4())
    url, session = lms.launch(au, actor, registration, preference="en-GB")

    browser = Browser(chromium, served, tmp_path / "downloads")
    chromium.get(url)  # what the LMS does: opens the AU's URL with the launch parameters
    browser.sees("▶ Start (Enter)")  # the launched story's briefing, in the learner's language
    browser.press(Keys.ENTER)
    browser.sees("Hi! When is the swimming hall open?")
    assert session.fetched == 1  # cmi5 8.2: the token was fetched once, by the server
    browser.chooses("1")
    browser.press(Keys.ENTER)
    browser.sees("Is there a sauna too?")  # the second decision drawn: its key goes to it, not to the feedback
    browser.to_the_debrief()
    browser.press(Keys.F10)  # back to the LMS
    browser.wait_for(lambda: session.session_id in lms.returned, "the learner back at the LMS's return URL")
    assert chromium.current_url == f"{lms.base}/return/{session.session_id}"
    browser.wait_for(lambda: not descendants(served.process.pid), "the app process ended")

    held = [s for s in running_ralph.statements() if s.get("context", {}).get("registration") == registration]
    names = [verb(s) for s in sorted(held, key=lambda s: s["timestamp"])]
    assert names[:2] == ["launched", "initialized"] and names[-1] == "terminated"
    assert "completed" in names and ("passed" in names or "failed" in names)
    assert len([n for n in names if n in ("answered", "interacted")]) == 2
    assert broken(held, actor=actor, registration=registration, activity_id=au.activity_id, publisher_id=au.id) == []

    # The page opened again after the session ended: the LMS starts the next one, this server will not.
    chromium.get(served.base + "/terminal")
    assert "The session from the learning platform has ended" in chromium.page_source


def test_a_launch_from_an_lms_the_server_does_not_trust_is_refused_in_plain_words(
    chromium: Any, tmp_path: Path, running_ralph: Ralph, lms: Lms, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = Lms(running_ralph)  # an LMS the server was not told about
    other.start()
    try:
        with serve(tmp_path, extra=("--cmi5-lms", lms.base)) as served:
            monkeypatch.setenv("SCENARIOS_STORY_PATH", str(tmp_path / "serve-stories"))
            course = tmp_path / "course.zip"
            assert main(["records", "cmi5-package", "-o", str(course), "--url", served.base]) == 0
            (au,) = [a for a in other.publish(course.read_bytes()) if a.url.endswith("web-demo")]
            url, session = other.launch(
                au, {"account": {"homePage": "https://x.example", "name": "n"}}, str(uuid.uuid4())
            )
            chromium.get(url)
            assert "This server does not trust the learning platform" in chromium.page_source
            assert session.fetched == 0  # nothing was asked of it
    finally:
        other.stop()
