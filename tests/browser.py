"""A real headless Chromium for the web tests: Debian's `chromium` driven by Selenium through `chromedriver`.

Selenium never downloads a browser here: the driver and the browser are the system's (`.ci/run` installs
the Debian packages `chromium` and `chromium-driver`). Where they are missing, the web tests are skipped
with a reason, so the README's test command still works on a machine that has only Python and pip.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # selenium is imported when a browser is opened, so the web tests can skip without it
    from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER_PATHS = ("/usr/bin/chromedriver",)


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
    profile: Path, width: int = 1000, height: int = 900, *, record: bool = False, text_size: int = 100
) -> WebDriver:
    """A new headless Chromium with an empty profile in `profile` (a WebDriver).

    The flags keep Chromium off the network it cannot reach here (background updates, sync, QUIC),
    and let it run as root in CI. With `record`, the browser keeps its network events and console messages
    for `driver.get_log("performance")` and `driver.get_log("browser")`. `text_size` is the browser's own
    font-size setting, in per cent of its default (16 px), as a trainee sets it.
    """
    found = chromium_paths()
    if found is None:
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:  # pragma: no cover - selenium is in the test extra
        pytest.skip("needs selenium (pip install -e '.[test]')")
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
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


@pytest.fixture
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """One headless Chromium for the test, closed after it (each call gets its own empty profile)."""
    driver = open_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()
