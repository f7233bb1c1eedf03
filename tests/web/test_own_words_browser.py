"""Own words first in a real headless Chromium, by the keyboard: the reply typed with a new line and sent with
Ctrl+Enter, a mark of its checklist turned over with its box, the options, and the verdict showing the reply
with the mark as the trainee left it."""

from __future__ import annotations

from pathlib import Path

from tests.browser import open_chromium
from tests.rubric.support import HERE
from tests.serve.served import serve
from tests.web.browsing import Trainee


def test_a_reply_sent_with_ctrl_enter_its_mark_turned_over_and_kept_to_the_verdict(tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    with serve(tmp_path, stories_too=(HERE / "rubrics.yaml",)) as served:
        driver = open_chromium(tmp_path / "profile", 1000, 900)
        try:
            aino = Trainee(driver, served, tmp_path)
            aino.open_as("Aino")
            aino.go("/settings")
            aino.element("own_words-on").click()
            aino.click("save", "/settings?note=saved")
            aino.go("/stories/rubric-measure")
            aino.click("start", "/play/rubric-measure")
            assert not driver.find_elements("id", "choices"), "no options before the reply"

            box = aino.element("own-reply")
            box.send_keys("Sorry, let's look", Keys.ENTER, "at the wristband's history")  # Enter: a new line, not sent
            assert aino.path() == "/play/rubric-measure" and aino.element("own-reply").get_attribute("value") == (
                "Sorry, let's look\nat the wristband's history"
            )
            # Pressed on whatever has the focus (the box): sent to the element, the keys' release would find the
            # page already gone.
            ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
            aino.element("own-done")
            aino.sees("✓ Looks up the wristband's history (found)")
            aino.sees("○ Offers a way forward (missing)")
            aino.element("own-done")  # the checklist's form, then its box for the missing mark
            driver.find_element("name", "turn-next").click()
            aino.element("own-done").click()  # to the same address: wait for the options, not for the address
            aino.element("choices")
            aino.sees("Now choose the option closest to what you wrote.")
            aino.click("choice-1", "/play/rubric-measure/verdict/1")
            aino.sees("Sorry, let's look\nat the wristband's history")
            aino.sees("✓ Offers a way forward (found) (you corrected)")
        finally:
            driver.quit()
