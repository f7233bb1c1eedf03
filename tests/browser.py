"""A real headless Chromium for the web tests: Debian's `chromium` driven by Selenium through `chromedriver`.

Selenium never downloads a browser here: the driver and the browser are the system's (`.ci/run` installs
the Debian packages `chromium` and `chromium-driver`). Where they are missing, the web tests are skipped
with a reason, so the README's test command still works on a machine that has only Python and pip.

A browser takes seconds of CPU to start, and the web tests open about a hundred: each test process keeps the
browsers its tests have given back and lends them again. A lent browser is as a new one for what a test can
see: one new tab on `about:blank` (no history, no emulation, no injected scripts), no cookies, no cache, no
site data of any origin it visited, downloads as the browser's default, and the window size asked for. A test
that needs a browser of its own (to see what closing the whole browser does) asks for `own=True`.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:  # selenium is imported when a browser is opened, so the web tests can skip without it
    from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER_PATHS = ("/usr/bin/chromedriver",)
KEPT = 4
"""At most this many idle browsers of one kind are kept per test process (the phone tests open four at once)."""
PAGE_LOAD = 300.0
"""Seconds Chromium's driver waits for a page to load, by default: a new browser's, and a lent one's."""
EMPTYING = 10.0
"""Seconds a browser given back may take to be emptied, in each of its steps, before it is ended instead."""


def _first(paths: tuple[str, ...], name: str) -> str | None:
    for path in paths:
        if Path(path).exists():
            return path
    return shutil.which(name)


def chromium_paths() -> tuple[str, str] | None:
    """The system's Chromium and its matching chromedriver, or None where either is missing."""
    browser = _first(CHROMIUM_PATHS, "chromium")
    driver = _first(DRIVER_PATHS, "chromedriver")
    if browser is None or driver is None:
        return None
    return browser, driver


def open_chromium(
    profile: Path | None = None,
    width: int = 1000,
    height: int = 900,
    *,
    record: bool = False,
    text_size: int = 100,
    own: bool = False,
) -> WebDriver:
    """A headless Chromium as a new one with an empty profile, at `width`×`height` (a WebDriver).

    Its `quit()` gives it back to this test process's browsers, emptied (see the module's docstring); with
    `own`, it is a browser of its own in `profile` (a new temporary folder if None), and `quit()` ends it.
    The flags keep Chromium off the network it cannot reach here (background updates, sync, QUIC), and let
    it run as root in CI. With `record`, the browser keeps its network events and console messages for
    `driver.get_log("performance")` and `driver.get_log("browser")` (each lent one starts with none).
    `text_size` is the browser's own font-size setting, in per cent of its default (16 px), as a trainee
    sets it.
    """
    found = chromium_paths()
    if found is None:
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    try:
        import selenium  # noqa: F401
    except ImportError:  # pragma: no cover - selenium is in the test extra
        pytest.skip("needs selenium (pip install -e '.[test]')")
    if own:
        profile = profile or Path(tempfile.mkdtemp(prefix="scenarios-test-chromium-"))
        driver = _start(found, profile, width, height, record=record, text_size=text_size)
    else:
        driver = _BROWSERS.lend(found, width, height, record=record, text_size=text_size)
    # A new browser's window is at least 500 px wide whatever `--window-size` says, a resized one is as asked:
    # every test gets the size it asks for, in a new browser or a lent one.
    driver.set_window_size(width, height)
    return driver


def _start(
    found: tuple[str, str], profile: Path, width: int, height: int, *, record: bool, text_size: int, kept: bool = False
) -> WebDriver:
    """Start a new headless Chromium in `profile`; a `kept` one's `quit()` gives it back to `_BROWSERS`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = found
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    if text_size != 100:
        options.add_experimental_option("prefs", {"webkit": {"webprefs": {"default_font_size": 16 * text_size // 100}}})
    if record:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(executable_path=driver)
    if not kept:
        return webdriver.Chrome(service=service, options=options)

    class KeptChromium(webdriver.Chrome):
        """A browser of `_BROWSERS`: `quit()` gives it back, `end()` ends it."""

        def quit(self) -> None:
            _BROWSERS.give_back(self, (record, text_size))

        def end(self) -> None:
            super().quit()
            shutil.rmtree(profile, ignore_errors=True)

    return KeptChromium(service=service, options=options)


class _Browsers:
    """The browsers this test process keeps between tests, by the options they were started with."""

    def __init__(self) -> None:
        self.idle: dict[tuple[bool, int], list[Any]] = {}
        self.lock = threading.Lock()

    def lend(self, found: tuple[str, str], width: int, height: int, *, record: bool, text_size: int) -> WebDriver:
        """An idle browser of these options at `width`×`height`, or a new one."""
        with self.lock:
            idle = self.idle.get((record, text_size), [])
            driver = idle.pop() if idle else None
        if driver is None:
            profile = Path(tempfile.mkdtemp(prefix="scenarios-test-chromium-"))
            return _start(found, profile, width, height, record=record, text_size=text_size, kept=True)
        if record:  # what the browser recorded while it was idle, or for an earlier test, is not this test's
            driver.get_log("performance")
            driver.get_log("browser")
        return driver  # type: ignore[no-any-return]

    def give_back(self, driver: Any, kind: tuple[bool, int]) -> None:
        """Empty `driver` (one new blank tab, no cookies, cache or site data) and keep it; end it when it cannot
        be emptied (the test closed its last tab, or the browser crashed) or enough are kept."""
        try:
            _empty(driver)
        except Exception:  # a browser that cannot be emptied is not lent again
            with contextlib.suppress(Exception):  # nor waited for when it has crashed
                driver.end()
            return
        with self.lock:
            idle = self.idle.setdefault(kind, [])
            if len(idle) < KEPT:
                idle.append(driver)
                return
        driver.end()

    def end(self) -> None:
        """End every kept browser."""
        with self.lock:
            drivers = [driver for idle in self.idle.values() for driver in idle]
            self.idle.clear()
        for driver in drivers:
            with contextlib.suppress(Exception):  # the process is ending; a browser already gone needs nothing
                driver.end()


def _empty(driver: Any) -> None:
    """Leave `driver` with one new tab on about:blank and nothing any site stored: every old tab is closed (its
    pages unloaded, its history, emulation and scripts gone with it), then the cookies, the cache and the
    storage of every origin the old tabs visited are cleared, and downloads go back to the browser's default."""
    # Every driver command first waits for the tab's pending page load. A tab the test left loading from a server
    # that took the connection and never answers (its app gone by now) held a worker for the driver's default
    # five minutes: the test's 30 s took 330 s once under load. Such a browser is ended after `EMPTYING` instead.
    driver.set_page_load_timeout(EMPTYING)
    old = driver.window_handles
    origins: set[str] = set()
    for handle in old:
        driver.switch_to.window(handle)
        history = driver.execute_cdp_cmd("Page.getNavigationHistory", {})
        for entry in history["entries"]:
            parts = urlsplit(entry["url"])
            if parts.scheme in ("http", "https"):
                origins.add(f"{parts.scheme}://{parts.netloc}")
    driver.switch_to.new_window("tab")
    fresh = driver.current_window_handle
    for handle in old:
        driver.execute_cdp_cmd("Target.closeTarget", {"targetId": handle})
    driver.switch_to.window(fresh)
    driver.execute_cdp_cmd("Page.bringToFront", {})  # focused, as a new browser's one tab is
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    for origin in sorted(origins):
        driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "default"})
    deadline = time.monotonic() + EMPTYING
    while driver.window_handles != [fresh]:  # closing a tab is asked for, then done
        if time.monotonic() > deadline:
            raise RuntimeError("an old tab is still open")
        time.sleep(0.05)
    driver.set_page_load_timeout(PAGE_LOAD)  # as a new browser's


_BROWSERS = _Browsers()
atexit.register(_BROWSERS.end)


def pytest_sessionfinish() -> None:
    """The test process's kept browsers end with its tests."""
    _BROWSERS.end()


@pytest.fixture
def chromium() -> Iterator[WebDriver]:
    """A headless Chromium for the test, as a new one with an empty profile, given back after it."""
    driver = open_chromium()
    try:
        yield driver
    finally:
        driver.quit()
