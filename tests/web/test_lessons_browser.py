"""The trainee's lessons and the day's review in a real headless Chromium, as a trainee who played a story yesterday
uses them: the library says what is due, the lessons page, a lesson's page and one of its decisions played to its
verdict and the round's end, then the day's review begun, answered and ended; axe-core finds nothing against WCAG
2.1 AA on any of these pages, the verdict takes the focus and is said in the live region, and at 360 px every page
fits with targets for a finger."""

from __future__ import annotations

import time
from pathlib import Path

from scenarios.store import Store
from scenarios.store.trainee import served_trainee
from scenarios.trainer.session import Trainer
from tests.axe import needs_axe
from tests.browser import open_chromium
from tests.mastery.stories import DESK, play
from tests.serve.served import serve
from tests.support import story_of
from tests.web.browsing import Trainee

DAY = 86400.0


def played_yesterday(tmp_path: Path) -> Path:
    """The desk story (of the mastery tests: each decision tests lessons) as a file, and Aino's store in the server's
    data folder with that story played yesterday: a promise made unchecked and jargon, both due today."""
    story_file = tmp_path / "desk-card.yaml"
    story_file.write_text(DESK, encoding="utf-8")
    data = tmp_path / "serve-data"
    data.mkdir()
    yesterday = time.time() - DAY
    store = Store(data / "scenarios.sqlite3", clock=lambda: yesterday, trainee=served_trainee("Aino"))
    play(Trainer(store, clock=lambda: yesterday), story_of(DESK), ["promise", "jargon"])
    store.close()
    return story_file


def check(aino: Trainee, state: str, *, phone: bool) -> None:
    """axe-core on the page; on a phone also its fit and its targets."""
    aino.accessible(state)
    if phone:
        aino.fits(state)


def lessons_and_review(aino: Trainee, *, phone: bool) -> None:
    """From the library: the lessons, a lesson's decision played, then the day's review; each page checked."""
    aino.sees("2 decisions are due for review today.")
    check(aino, "the library with decisions due", phone=phone)
    aino.click("nav-lessons", "/lessons")
    aino.sees("Your lessons: 2 of")
    check(aino, "the lessons", phone=phone)
    aino.click("lesson-plain-language", "/lessons/plain-language")
    aino.sees("due for review today")
    check(aino, "a lesson's page", phone=phone)
    aino.click("play-desk-card-wait", "/review/play")
    aino.sees("So when will it come?")
    check(aino, "a lesson's decision", phone=phone)
    aino.element(aino.option("Next week, by post.")).click()
    aino.focus_on("verdict-heading")  # the verdict is where the trainee is
    aino.wait_for(lambda: aino.announced() == "✓ Solution-focused", "the verdict said in the live region")
    check(aino, "a round's verdict", phone=phone)
    aino.click("next", "/review/done")
    aino.sees("Review done: 1 of 1 right.")
    check(aino, "a round's end", phone=phone)
    aino.click("back", "/lessons/plain-language")

    aino.click("nav-review", "/review")
    aino.sees("1 earlier miss again.")  # the lesson's decision was answered: the promise is left
    check(aino, "the day's review", phone=phone)
    aino.click("begin", "/review/play")
    aino.sees("Is my card ready?")
    aino.sees("missed (review interval 1 of 4)")
    check(aino, "the review's first decision", phone=phone)
    aino.element(aino.option("It surely is!")).click()
    aino.focus_on("verdict-heading")
    check(aino, "the review's first verdict", phone=phone)
    aino.click("next", "/review/play")
    check(aino, "the review's second decision", phone=phone)
    aino.go("/review")
    aino.sees("A review is under way: decision 2 of")
    check(aino, "the day's review under way", phone=phone)
    aino.click("go-on", "/review/play")
    aino.click("end-review", "/review/done")
    aino.sees("Review left unfinished: 0 of 1 right.")
    aino.sees("back for review on")
    check(aino, "a review left", phone=phone)


def test_the_lessons_and_the_review_by_clicks_break_no_wcag_rule(tmp_path: Path) -> None:
    needs_axe()
    with serve(tmp_path, stories_too=(played_yesterday(tmp_path),)) as served:
        driver = open_chromium(tmp_path / "profile", 1280, 800)
        try:
            aino = Trainee(driver, served, tmp_path)
            aino.open_as("Aino")
            lessons_and_review(aino, phone=False)
        finally:
            driver.quit()
    assert len(aino.audited) == 12


def test_on_a_360_px_phone_the_lessons_and_the_review_fit_with_targets_for_a_finger(tmp_path: Path) -> None:
    needs_axe()
    with serve(tmp_path, stories_too=(played_yesterday(tmp_path),)) as served:
        driver = open_chromium(tmp_path / "profile", 360, 740)
        try:
            metrics = {"width": 360, "height": 740, "deviceScaleFactor": 3, "mobile": True}
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
            aino = Trainee(driver, served, tmp_path)
            aino.open_as("Aino")
            lessons_and_review(aino, phone=True)
        finally:
            driver.quit()
