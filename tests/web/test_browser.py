"""The web trainer in a real headless Chromium, as a trainee at a work PC, on a phone and with the keyboard alone
uses it: a story played to its debrief, axe-core finding nothing against WCAG 2.1 AA on any page or state on the
way, the focus and the screen reader told of each verdict, phone-size pages that never scroll sideways with
targets big enough for a finger, and text at twice its size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.axe import needs_axe
from tests.browser import open_chromium
from tests.rubric.support import HERE
from tests.serve.served import Served, serve
from tests.web.browsing import Trainee

OTHER_CHANNELS = ("interpreter-email", "chat-in-english", "indirect-service")
"""Built-in stories of the email, the chat and the phone (the test story is at the desk)."""
RUBRICS = HERE / "rubrics.yaml"
"""A story whose decisions each have a rubric, for own words first."""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    needs_axe()  # before a server and a browser are started for nothing
    with serve(tmp_path) as running:
        yield running


def browser(tmp_path: Path, width: int, height: int, *, phone: bool = False, text_size: int = 100) -> Any:
    """A headless Chromium at `width`×`height` (a phone: a touch screen and a mobile viewport)."""
    driver = open_chromium(tmp_path / f"profile-{width}", width, height, text_size=text_size)
    if phone:
        metrics = {"width": width, "height": height, "deviceScaleFactor": 3, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    return driver


def check(aino: Trainee, state: str, *, phone: bool) -> None:
    """axe-core on the page; on a phone also its fit and its targets."""
    aino.accessible(state)
    if phone:
        aino.fits(state)


def play_to_the_debrief(aino: Trainee, *, phone: bool) -> None:
    """From the library, by clicks (or taps): the test story to its debrief, each page and state checked."""
    check(aino, "the library", phone=phone)
    aino.go("/?q=opening+hours&channel=desk")
    aino.element("story-link-web-demo")
    check(aino, "the library searched and filtered", phone=phone)
    aino.go("/?q=no-such-words")
    check(aino, "a search that finds nothing", phone=phone)

    aino.go("/")
    aino.click("story-link-web-demo", "/stories/web-demo")
    check(aino, "a story's page", phone=phone)
    aino.click("start", "/play/web-demo")
    aino.sees("Hi! When is the swimming hall open?")
    check(aino, "the first decision", phone=phone)

    aino.click(aino.option("Check the system."), "/play/web-demo/verdict/1")
    aino.focus_on("verdict-heading")  # the verdict is where the trainee is
    aino.wait_for(lambda: aino.announced() == "✓ Solution-focused", "the verdict said in the live region")
    check(aino, "a verdict for", phone=phone)
    aino.click("continue", "/play/web-demo")
    aino.sees("Is there a sauna too?")
    check(aino, "the second decision, the conversation so far above it", phone=phone)

    aino.click(aino.option("Probably."), "/play/web-demo/verdict/2")
    aino.wait_for(lambda: aino.announced() == "✗ Not solution-focused", "the verdict said in the live region")
    assert "The ideal choice:\nThere are two saunas." in aino.text()
    check(aino, "a verdict against, with the ideal", phone=phone)
    aino.click("continue", "/play/web-demo")
    aino.sees("The customer thanks you.")
    check(aino, "the story's end", phone=phone)

    aino.click("to-debrief", "/play/web-demo/debrief")
    aino.sees("Ending: resolved")
    check(aino, "the debrief", phone=phone)
    download = aino.driver.execute_async_script(
        "const done = arguments[0]; fetch(document.getElementById('download').href).then((r) => r.text()).then(done)"
    )
    assert download.startswith("# Debrief: Browser story")

    aino.click("nav-progress", "/progress")
    check(aino, "the progress", phone=phone)
    aino.click("history-1", "/progress/1")
    check(aino, "a past debrief", phone=phone)
    aino.click("nav-glossary", "/glossary")
    check(aino, "the glossary", phone=phone)


def other_channels(aino: Trainee, *, phone: bool) -> None:
    """An email, a chat and a call: the first decision, its verdict and the next, each checked."""
    for story in OTHER_CHANNELS:
        aino.go(f"/stories/{story}")
        aino.click("start", f"/play/{story}")
        check(aino, f"{story}'s first decision", phone=phone)
        aino.click("choice-1", f"/play/{story}/verdict/1")
        check(aino, f"{story}'s first verdict", phone=phone)
        aino.click("continue", f"/play/{story}")
        check(aino, f"{story}'s second decision", phone=phone)
        aino.click("leave", "/?note=left")
    check(aino, "the library with stories paused", phone=phone)
    aino.go(f"/stories/{OTHER_CHANNELS[0]}")
    check(aino, "the offer to continue a story", phone=phone)


def settings_and_themes(aino: Trainee, *, phone: bool) -> None:
    """Each theme and an exam; settings saved."""
    for theme in ("scenarios-high-contrast", "textual-light", "textual-dark"):
        aino.go("/settings")
        aino.element(f"theme-{theme}").click()
        aino.click("save", "/settings?note=saved")
        check(aino, f"settings saved, {theme}", phone=phone)
        aino.go("/stories/web-demo")
        aino.element("mode-exam").click()
        aino.click("start", "/play/web-demo")
        check(aino, f"an exam's decision, {theme}", phone=phone)
        aino.click("choice-1", "/play/web-demo")  # an exam tells nothing until the debrief
        aino.click("choice-1", "/play/web-demo")
        aino.click("to-debrief", "/play/web-demo/debrief")
        check(aino, f"an exam's debrief, {theme}", phone=phone)
        aino.go("/")
        check(aino, f"the library, {theme}", phone=phone)


def test_a_story_is_played_to_its_debrief_by_clicks_and_no_page_or_state_breaks_wcag(
    served: Served, tmp_path: Path
) -> None:
    driver = browser(tmp_path, 1280, 800)
    try:
        aino = Trainee(driver, served, tmp_path)
        aino.open_as("Aino")
        play_to_the_debrief(aino, phone=False)
        other_channels(aino, phone=False)
        settings_and_themes(aino, phone=False)
    finally:
        driver.quit()
    assert len(aino.audited) == 36  # every step above was checked


def test_on_a_phone_a_story_is_played_by_taps_and_every_page_fits_with_targets_for_a_finger(
    served: Served, tmp_path: Path
) -> None:
    driver = browser(tmp_path, 390, 844, phone=True)
    try:
        aino = Trainee(driver, served, tmp_path)
        aino.open_as("Aino")
        play_to_the_debrief(aino, phone=True)
        other_channels(aino, phone=True)
        # The narrowest phones the issue names (360 px), and WCAG's reflow width (320 px: 1280 px at 400 %).
        for decision, width in enumerate((360, 320), start=2):
            metrics = {"width": width, "height": 740, "deviceScaleFactor": 3, "mobile": True}
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            for path in ("/", "/stories/web-demo", "/progress", "/settings", "/glossary", "/stories/chat-in-english"):
                aino.go(path)
                aino.fits(f"{path} at {width} px")
            aino.click("answer-resume", "/play/chat-in-english")  # the chat goes on where it was left
            aino.fits(f"a chat's decision at {width} px")
            aino.click("choice-1", f"/play/chat-in-english/verdict/{decision}")
            aino.fits(f"a chat's verdict at {width} px")
            aino.click("continue", "/play/chat-in-english")
            aino.click("leave", "/?note=left")
    finally:
        driver.quit()


def test_with_the_keyboard_alone_a_story_is_played_to_its_debrief_in_a_sensible_order(
    served: Served, tmp_path: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    driver = browser(tmp_path, 1280, 800)
    try:
        aino = Trainee(driver, served, tmp_path)
        driver.get(served.url)
        aino.on("/trainee")
        aino.keys("Aino", Keys.ENTER)  # the name field has the focus
        aino.on("/")
        assert aino.tab_to("skip-link") == ["skip-link"]  # the first Tab offers to skip to the content
        aino.keys(Keys.ENTER)
        aino.focus_on("main")
        order = aino.tab_to("story-link-web-demo")
        assert order[:5] == ["q", "channel", "customer", "theme", "search-go"]  # the search, then the stories
        assert all(name.startswith("story-link-") for name in order[5:])
        aino.keys(Keys.ENTER)
        aino.on("/stories/web-demo")
        aino.tab_to("start")
        aino.keys(Keys.ENTER)
        aino.on("/play/web-demo")

        aino.focus_on("LI")  # the conversation's first line: a screen reader starts there
        assert aino.tab_to("leave") == ["choice-1", "choice-2", "leave"]  # the options in order, then leaving
        aino.tab_to(aino.option("Check the system."), backwards=True)
        aino.keys(Keys.ENTER)
        aino.on("/play/web-demo/verdict/1")
        aino.focus_on("verdict-heading")
        aino.wait_for(lambda: aino.announced() == "✓ Solution-focused", "the verdict said in the live region")
        assert aino.tab_to("continue") == ["continue"]  # the next step is the next Tab
        aino.keys(Keys.ENTER)
        aino.on("/play/web-demo")
        aino.focus_on("LI")  # the new lines, not the page's top
        aino.sees("Is there a sauna too?")
        aino.keys(aino.option("There are two saunas.").removeprefix("choice-"))  # its number, as in the terminal
        aino.on("/play/web-demo/verdict/2")
        aino.tab_to("continue")
        aino.keys(Keys.ENTER)
        aino.on("/play/web-demo")
        aino.tab_to("to-debrief")
        aino.keys(Keys.ENTER)
        aino.on("/play/web-demo/debrief")
        aino.sees("Ending: resolved")
        aino.focus_on("debrief-heading")
        aino.accessible("the debrief reached by keyboard")
    finally:
        driver.quit()


def test_text_at_twice_its_size_fits_a_work_pc_and_a_narrow_window(served: Served, tmp_path: Path) -> None:
    driver = browser(tmp_path, 1280, 800, text_size=200)
    try:
        aino = Trainee(driver, served, tmp_path)
        aino.open_as("Aino")
        # The text follows the browser's setting: 32 px at least where 16 px was (the layout narrows at 40 rem).
        assert float(driver.execute_script("return getComputedStyle(document.body).fontSize")[:-2]) >= 32
        aino.click("story-link-web-demo", "/stories/web-demo")
        aino.click("start", "/play/web-demo")
        pages = ["/", "/stories/web-demo", "/play/web-demo", "/settings", "/glossary"]
        for path in pages:
            aino.go(path)
            aino.fits(f"{path} with text at 200 %", least=44)
        # A work PC's smaller window (half of 1280 px): still nothing scrolls sideways.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": 640, "height": 800, "deviceScaleFactor": 1, "mobile": False}
        )
        for path in pages:
            aino.go(path)
            aino.fits(f"{path} at 640 px with text at 200 %")
    finally:
        driver.quit()


def test_in_finnish_on_a_360_px_phone_every_page_and_state_fits_and_breaks_no_wcag(tmp_path: Path) -> None:
    needs_axe()
    with serve(tmp_path, stories_too=(RUBRICS,)) as served:
        driver = browser(tmp_path, 360, 740, phone=True)
        try:
            aino = Trainee(driver, served, tmp_path)
            driver.get(served.url)
            aino.on("/trainee")
            check(aino, "the name page", phone=True)
            aino.element("name").send_keys("Aino")
            aino.click("go", "/")
            aino.click("switch-to-fi", "/")  # the header's "Suomeksi"
            assert driver.execute_script("return document.documentElement.lang") == "fi"
            aino.sees("Tarinat")
            check(aino, "the library", phone=True)
            aino.click("story-link-web-demo", "/stories/web-demo")
            check(aino, "a story's page", phone=True)
            aino.click("start", "/play/web-demo")
            aino.sees("Hei! Milloin uimahalli on auki?")
            check(aino, "the first decision", phone=True)
            aino.click(aino.option("Katso netistä."), "/play/web-demo/verdict/1")
            aino.focus_on("verdict-heading")
            check(aino, "a verdict against, with the ideal", phone=True)
            aino.click("continue", "/play/web-demo")
            aino.click(aino.option("Kyllä on kaksi saunaa."), "/play/web-demo/verdict/2")
            aino.click("continue", "/play/web-demo")
            aino.sees("Asiakas kiittää.")
            check(aino, "the story's end", phone=True)
            aino.click("to-debrief", "/play/web-demo/debrief")
            check(aino, "the debrief", phone=True)
            for page in ("progress", "glossary", "settings"):
                aino.click(f"nav-{page}", f"/{page}")
                check(aino, page, phone=True)
            aino.go("/no-such-page")
            aino.sees("Sivua ei löydy")
            check(aino, "an address that is nothing of ours", phone=True)

            # Own words first: the reply's box, its checklist, then the options.
            aino.go("/settings")
            aino.element("own_words-on").click()
            aino.click("save", "/settings?note=saved")
            aino.go("/stories/rubric-measure")
            aino.click("start", "/play/rubric-measure")
            check(aino, "own words: the reply's box", phone=True)
            aino.element("own-reply").send_keys("Ymmärrän, katsotaan rannekkeen tapahtumat.")
            aino.click("own-send", "/play/rubric-measure")
            aino.element("own-done")
            check(aino, "own words: the checklist", phone=True)
            aino.click("own-done", "/play/rubric-measure")
            aino.element("choices")
            check(aino, "own words: the options after the reply", phone=True)
            aino.click("choice-1", "/play/rubric-measure/verdict/1")
            check(aino, "own words: the verdict beside the reply", phone=True)
        finally:
            driver.quit()
    assert len(aino.audited) == 15  # every step above was checked


def test_with_the_keyboard_alone_own_words_are_turned_on_written_corrected_and_the_option_chosen(
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.keys import Keys

    needs_axe()
    with serve(tmp_path, stories_too=(RUBRICS,)) as served:
        driver = browser(tmp_path, 1280, 800)
        try:
            aino = Trainee(driver, served, tmp_path)
            aino.open_as("Aino")
            aino.go("/settings")
            aino.tab_to("own_words-off")  # a group of radio buttons is one stop; the arrows move in it
            aino.keys(Keys.ARROW_DOWN)
            aino.focus_on("own_words-on")
            aino.tab_to("save")
            aino.keys(Keys.ENTER)
            aino.on("/settings?note=saved")
            aino.go("/stories/rubric-measure")
            aino.tab_to("start")
            aino.keys(Keys.ENTER)
            aino.on("/play/rubric-measure")
            aino.tab_to("own-reply")
            aino.keys("So sorry, let me check the history.", Keys.ENTER, "Bye")  # Enter is a new line
            assert aino.path() == "/play/rubric-measure"
            aino.chord(Keys.CONTROL, Keys.ENTER)  # Ctrl+Enter sends
            aino.element("own-done")
            aino.focus_on("own-heading")  # the checklist is where the trainee is
            marks = aino.tab_to("own-done")
            assert marks == ["INPUT", "INPUT", "INPUT", "own-done"]  # a box to turn over each mark, then on
            aino.chord(Keys.SHIFT, Keys.TAB)
            aino.keys(Keys.SPACE)  # the last mark turned over
            aino.accessible("own words: the checklist by keyboard")
            aino.tab_to("own-done")
            aino.keys(Keys.ENTER)
            aino.on("/play/rubric-measure")
            aino.element("choices")
            aino.focus_on("own-ready")  # "choose the one closest to yours", then the options
            assert aino.tab_to("choice-1") == ["choice-1"]
            aino.keys(Keys.ENTER)
            aino.on("/play/rubric-measure/verdict/1")
            aino.focus_on("verdict-heading")
            aino.sees("So sorry, let me check the history.\nBye")  # the reply beside the ideal, as written
            aino.sees("(you corrected)")
            aino.accessible("own words: the verdict reached by keyboard")
        finally:
            driver.quit()


def test_in_windows_high_contrast_every_focus_on_the_way_through_a_story_is_still_drawn(
    served: Served, tmp_path: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    driver = browser(tmp_path, 1280, 800)
    try:
        # A managed Windows PC's contrast themes: the browser forces the system's few colours, drops shadows
        # and backgrounds, and keeps outlines.
        driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia", {"features": [{"name": "forced-colors", "value": "active"}]}
        )
        aino = Trainee(driver, served, tmp_path)
        aino.open_as("Aino")
        assert driver.execute_script("return matchMedia('(forced-colors: active)').matches")
        aino.tab_to("story-link-web-demo")  # the links of the header, the search, the stories
        aino.keys(Keys.ENTER)
        aino.on("/stories/web-demo")
        aino.tab_to("start")
        aino.keys(Keys.ENTER)
        aino.on("/play/web-demo")
        aino.tab_to("leave")
        aino.keys(aino.option("Check the system.").removeprefix("choice-"))  # its number (the order is shuffled)
        aino.on("/play/web-demo/verdict/1")
        aino.focus_on("verdict-heading")
        aino.sees("✓ Solution-focused")  # the sign and the words say it, whatever the colours
        aino.tab_to("nav-glossary", backwards=True)
        # No axe-core here: in forced colours the system chooses the colours, and axe reads them wrongly.
    finally:
        driver.quit()
