"""Opening the trainer sends nothing to anyone but the server: a real Chromium records every request a trainee's
browser makes (pages, scripts, styles, fonts, images, the websocket) while they give a name, play and
download their debrief, and each one goes to the server's own origin. The page's font is the server's
(Roboto Mono, which textual-serve's page fetched from Google's font service), and the page's security policy
is never broken by its own parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.browser import open_chromium
from tests.serve.served import serve
from tests.serve.test_browser import Browser


def requested(driver: Any) -> list[str]:
    """Every URL the browser's tab asked for since the last call (requests, websockets), from its network events."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            urls.append(message["params"]["url"])
    return urls


def test_the_trainer_sends_no_request_to_any_origin_but_the_server_s(tmp_path: Path) -> None:

    driver: Any = open_chromium(tmp_path / "profile", record=True)
    try:
        with serve(tmp_path) as served:
            downloads = tmp_path / "downloads"
            downloads.mkdir()
            aino = Browser(driver, served, downloads)
            aino.open_as("Aino Virtanen")
            aino.sees("Search stories…")
            fonts = "return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
            assert "Roboto Mono" in driver.execute_script(fonts)  # the server's copy: nothing else is allowed
            aino.to_the_second_decision()
            aino.to_the_debrief()
            aino.press("e")
            aino.wait_for(lambda: any(p.suffix == ".md" for p in downloads.iterdir()), "the debrief downloaded")
            urls = requested(driver)
            console: list[dict[str, Any]] = driver.get_log("browser")
        own = urlsplit(served.base).netloc
        web = [url for url in urls if urlsplit(url).scheme in ("http", "https", "ws", "wss")]  # not the browser's own
        assert f"ws://{own}/ws" in {url.partition("?")[0] for url in web}  # the log holds the whole visit
        assert f"http://{own}/static/fonts/RobotoMono-VariableFont_wght.ttf" in web
        assert [url for url in web if urlsplit(url).netloc != own] == []
        assert not [line for line in console if "Content Security Policy" in line["message"]]
    finally:
        driver.quit()
