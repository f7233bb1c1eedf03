"""The sessions' limits seen from a real browser: a trainee at their limit reloads the trainer as usual (the
old page's session makes room for the new one), and a tab beyond the limit is told why and how to go on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.serve.served import serve
from tests.serve.test_browser import Browser


def test_a_trainee_at_their_limit_can_reload_and_a_tab_beyond_it_is_told_why(chromium: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    with serve(tmp_path, extra=("--max-sessions-per-trainee", "1")) as served:
        aino = Browser(chromium, served, tmp_path)
        aino.open_as("Aino Virtanen")
        aino.sees("Search stories…")
        chromium.refresh()  # the old page closes its session as the new one asks for its own
        aino.sees("Search stories…")

        first = chromium.current_window_handle
        chromium.switch_to.new_window("tab")
        chromium.get(served.base + "/terminal")  # the terminal's page, whose session is refused: it goes to say why
        aino.wait_for(lambda: "/refused/yours" in chromium.current_url, "the refusal's page")
        message = chromium.find_element(By.ID, "message").text
        assert message.startswith("You already have the trainer open in as many tabs or devices as you may at once (1)")
        assert chromium.title == "The trainer is already open"

        second = chromium.current_window_handle
        chromium.switch_to.window(first)
        chromium.close()  # the trainee closes the other tab, and tries again here
        chromium.switch_to.window(second)
        here = Browser(chromium, served, tmp_path)  # what this tab's terminal is sent
        chromium.find_element(By.ID, "again").click()
        here.sees("Search stories…")
