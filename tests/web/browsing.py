"""A trainee's real Chromium on the web trainer: open it, click or tap, type keys, and read what the page says,
where the focus is and what a screen reader was told; every page checked by axe-core as it is reached."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.axe import violations
from tests.serve.served import Served

WAIT = 90.0
"""Seconds a condition may take on a loaded machine before the test gives up (it goes on as soon as it holds)."""

TOO_SMALL = """
const least = arguments[0];
const seen = (e) => e.offsetParent !== null || e.getClientRects().length > 0;
const label = (e) => e.closest("label") || (e.id ? document.querySelector(`label[for="${e.id}"]`) : null);
return Array.from(document.querySelectorAll("a[href], button, input:not([type=hidden]), select, summary"))
  .filter(seen)
  .map((e) => {
    // A radio button's or a checkbox's target is its row: the input and its label, which sets it too.
    const parts = [e, label(e)].filter(Boolean).map((p) => p.getBoundingClientRect());
    const box = parts.reduce((a, b) => ({left: Math.min(a.left, b.left), right: Math.max(a.right, b.right),
                                         top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom)}));
    return [e.id || e.textContent.trim().slice(0, 40), Math.round(box.right - box.left),
            Math.round(box.bottom - box.top)];
  })
  .filter(([, width, height]) => width < least || height < least)
  .map(([name, width, height]) => `${name} ${width}x${height}`);
"""
TWICE = """
const ids = Array.from(document.querySelectorAll("[id]")).map((e) => e.id);
return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
"""
FOCUSED = """
const e = document.activeElement;
if (!e || e === document.body) return null;
const style = getComputedStyle(e);
const shown = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== "none";
return [e.id || e.getAttribute("href") || e.tagName, shown];
"""


class Trainee:
    """One trainee's browser on the served web trainer."""

    def __init__(self, driver: Any, served: Served, shots: Path) -> None:
        self.driver = driver
        self.served = served
        self.shots = shots
        self.audited: list[str] = []
        """The pages and states axe-core checked, in order (a test can say it saw each)."""

    # --- waiting and reading -----------------------------------------------------------
    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Go on as soon as `condition` holds; fail with a screenshot and the server's output after `WAIT` s."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            WebDriverWait(self.driver, WAIT, poll_frequency=0.1).until(lambda _: condition())
        except TimeoutException:
            self.driver.save_screenshot(str(self.shots / "failed.png"))
            raise AssertionError(
                f"never saw {what} at {self.driver.current_url}; the page says:\n{self.text()[:2000]}\n"
                f"server: {self.served.output}"
            ) from None

    def text(self) -> str:
        """What the page says (its visible text)."""
        from selenium.webdriver.common.by import By

        return str(self.driver.find_element(By.TAG_NAME, "body").text)

    def path(self) -> str:
        """The page's address on the server (path, query and fragment)."""
        return str(self.driver.current_url).removeprefix(self.served.base)

    def on(self, path: str) -> None:
        """Wait until the browser is at `path` and the page has loaded (its script has run)."""
        self.wait_for(
            lambda: (
                self.path().split("#")[0] == path
                and self.driver.execute_script("return document.readyState") == "complete"
            ),
            f"the page {path}",
        )

    def sees(self, text: str) -> None:
        """Wait until the page says `text`."""
        self.wait_for(lambda: text in self.text(), repr(text))

    def element(self, element_id: str) -> Any:
        """The element with id `element_id` (waiting for it)."""
        from selenium.webdriver.common.by import By

        self.wait_for(lambda: bool(self.driver.find_elements(By.ID, element_id)), f"#{element_id}")
        return self.driver.find_element(By.ID, element_id)

    def focused(self) -> tuple[str, bool] | None:
        """The focused element (its id, else its link or tag) and whether its focus is drawn; None: the page."""
        found = self.driver.execute_script(FOCUSED)
        return None if found is None else (str(found[0]), bool(found[1]))

    def focus_on(self, name: str) -> None:
        """Wait until the element `name` (an id, else a tag) has the focus, which the page's script may move
        there after loading; then it must be drawn."""
        self.wait_for(lambda: (self.focused() or ("",))[0] == name, f"the focus on {name}")
        assert self.focused() == (name, True), f"{name} has the focus but nothing shows it"

    def announced(self) -> str:
        """What the page's live region says (a screen reader reads it out when it changes)."""
        return str(self.driver.execute_script("return document.getElementById('live').textContent")).strip()

    # --- doing -------------------------------------------------------------------------
    def open_as(self, name: str) -> None:
        """Open the printed address and give the name: the library."""
        self.driver.get(self.served.url)
        self.element("name").send_keys(name)
        self.element("go").click()
        self.on("/")

    def go(self, path: str) -> None:
        """Type the address `path` of the server."""
        self.driver.get(self.served.base + path)
        self.on(path)

    def click(self, element_id: str, then: str) -> None:
        """Click (or tap) the control `element_id`; wait for the page `then`."""
        self.element(element_id).click()
        self.on(then)

    def option(self, text: str) -> str:
        """The id of the option button whose words are `text`."""
        from selenium.webdriver.common.by import By

        for button in self.driver.find_elements(By.CSS_SELECTOR, "button.option"):
            if text in button.text:
                return str(button.get_attribute("id"))
        raise AssertionError(f"no option says {text!r}: {self.text()}")

    def keys(self, *keys: str) -> None:
        """Press keys, as on a keyboard (to whatever has the focus)."""
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(*keys).perform()

    def chord(self, modifier: str, key: str) -> None:
        """Press `key` while holding `modifier` (Ctrl+Enter: `chord(Keys.CONTROL, Keys.ENTER)`)."""
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).key_down(modifier).send_keys(key).key_up(modifier).perform()

    def tab_to(self, element_id: str, most: int = 60, *, backwards: bool = False) -> list[str]:
        """Press Tab (or Shift+Tab) until `element_id` has the focus, each focus drawn on the way; the ids passed."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        passed: list[str] = []
        for _ in range(most):
            if backwards:
                ActionChains(self.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
            else:
                self.keys(Keys.TAB)
            now = self.focused()
            assert now is not None, f"Tab left the page's controls after {passed}"
            name, drawn = now
            assert drawn, f"{name} has the focus but nothing shows it"
            passed.append(name)
            if name == element_id:
                return passed
        raise AssertionError(f"Tab never reached #{element_id}; it went {passed}")

    # --- checking ----------------------------------------------------------------------
    def accessible(self, state: str) -> None:
        """axe-core finds nothing against WCAG 2.1 AA on the page as it stands, and no two elements share an id
        (a label would name, and a click on it press, the first of them; `state` names the page in a failure)."""
        twice = self.driver.execute_script(TWICE)
        assert not twice, f"ids used twice on {state} ({self.path()}): {twice}"
        found = violations(self.driver)
        assert not found, f"axe-core on {state} ({self.path()}):\n" + "\n".join(found)
        self.audited.append(state)

    def fits(self, state: str, least: int = 44) -> None:
        """Nothing scrolls sideways and every control is a target at least `least` px wide and tall."""
        width, view = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width <= view, f"{state} scrolls sideways: {width} px of content in {view} px"
        small = self.driver.execute_script(TOO_SMALL, least)
        assert not small, f"{state} has targets under {least} px: {small}"
