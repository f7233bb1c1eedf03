"""Behind an organisation's sign-in: a real nginx in front of `scenarios serve --trust-user-header X-Remote-User
--trusted-proxy 127.0.0.2` signs the trainee in and names them in the header. The trainee plays as that id with
no token and no name page; the header is believed only from the proxy's address, and a request from anywhere
else is refused, whatever it says."""

from __future__ import annotations

import base64
import http.client
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.serve.nginx import PROXY_ADDRESS, USER_HEADER, free_port, nginx, nginx_binary
from tests.serve.served import TOKEN, Served, descendants, serve
from tests.serve.test_browser import Browser

USERS = {"aino.virtanen": "aino-password", "bo": "bo-password"}


@dataclass
class Behind:
    """The server, and the sign-in proxy's address in front of it."""

    served: Served
    proxy: str


@pytest.fixture
def behind(tmp_path: Path) -> Iterator[Behind]:
    nginx_binary()  # skipped before anything starts where nginx is missing
    extra = ("--trust-user-header", USER_HEADER, "--trusted-proxy", PROXY_ADDRESS)
    with serve(tmp_path, extra=extra) as served:
        backend = urlsplit(served.base).port
        assert backend is not None
        with nginx(tmp_path / "nginx", port=free_port(), backend=backend, users=USERS) as proxy:
            yield Behind(served, proxy)


def get(
    base: str, path: str, *, user: str | None = None, headers: dict[str, str] | None = None, source: str = ""
) -> tuple[int, str]:
    """One GET to `base` (signed in as `user` at the proxy; from the address `source`); the status and the page."""
    address = urlsplit(base)
    sent = {"Accept-Language": "en", **(headers or {})}
    if user is not None:
        sent["Authorization"] = "Basic " + base64.b64encode(f"{user}:{USERS[user]}".encode()).decode()
    conn = http.client.HTTPConnection(
        address.hostname or "127.0.0.1", address.port, timeout=30, source_address=(source, 0) if source else None
    )
    conn.request("GET", path, headers=sent)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, body


def title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page)
    return found.group(1) if found else ""


def test_the_signed_in_trainee_is_the_proxy_s_user_and_no_one_else(behind: Behind) -> None:
    assert get(behind.proxy, "/")[0] == 401  # the sign-in asks first
    status, page = get(behind.proxy, "/terminal", user="aino.virtanen")
    assert status == 200 and title(page).endswith("· aino.virtanen")  # no token, no name page: the trainer
    status, page = get(behind.proxy, "/", user="aino.virtanen")
    assert status == 200 and "You are training as aino.virtanen." in page and 'href="/trainee"' not in page
    # What the browser says about who it is does not count: the proxy sets the header.
    status, page = get(behind.proxy, "/terminal", user="bo", headers={USER_HEADER: "aino.virtanen"})
    assert status == 200 and title(page).endswith("· bo")
    assert get(behind.proxy, "/trainee", user="bo")[0] == 404  # the name page is gone
    assert get(behind.proxy, "/static/js/textual.js", user="bo")[0] == 200


def test_a_request_that_does_not_come_through_the_proxy_is_refused_whatever_it_says(behind: Behind) -> None:
    direct = behind.served.base
    for headers in ({}, {USER_HEADER: "aino.virtanen"}, {USER_HEADER: "aino.virtanen", "X-Forwarded-For": "1.2.3.4"}):
        for path in ("/", f"/?token={TOKEN}", "/static/js/textual.js", "/ws", "/stories/web-demo", "/progress"):
            status, page = get(direct, path, headers=headers)
            assert status == 403 and "This trainer is reached only through your organisation" in page, (path, headers)


def test_a_trainee_plays_in_a_real_browser_through_the_sign_in_proxy(
    behind: Behind, chromium: Any, tmp_path: Path
) -> None:

    signed_in = behind.proxy.replace("http://", "http://aino.virtanen:aino-password@", 1)
    aino = Browser(chromium, behind.served, tmp_path)
    chromium.get(signed_in + "/terminal")
    aino.to_the_second_decision()
    rows = behind.served.database_rows("SELECT trainee, decisions FROM playthrough")
    assert rows == [("web:aino.virtanen", 1)]
    chromium.get("about:blank")
    aino.wait_for(lambda: not descendants(behind.served.process.pid), "the app process ended")


def test_a_proxy_that_names_no_one_is_told_so(behind: Behind) -> None:
    # From the proxy's own address, as a proxy whose sign-in is misconfigured would send it.
    for headers in ({}, {USER_HEADER: ""}, {USER_HEADER: "x" * 65}):
        status, page = get(behind.served.base, "/", headers=headers, source=PROXY_ADDRESS)
        assert status == 403 and "The sign-in proxy did not give your id (the X-Remote-User header" in page
    assert get(behind.served.base, "/", headers={USER_HEADER: "Cai"}, source=PROXY_ADDRESS)[0] == 200


@pytest.mark.parametrize(
    ("arguments", "told"),
    [
        (["--trust-user-header", "X-Remote-User"], "--trust-user-header X-Remote-User needs --trusted-proxy too"),
        (["--trust-user-header", "X-Remote-User", "--trusted-proxy", "proxy.example"], "--trusted-proxy is not valid"),
    ],
)
def test_a_sign_in_that_could_be_forged_is_refused_at_start(
    arguments: list[str], told: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from scenarios.cli.main import main

    monkeypatch.setenv("SCENARIOS_DATA_DIR", str(tmp_path / "data"))
    assert main(["--lang", "en", "serve", "--port", "0", *arguments]) == 2
    assert told in capsys.readouterr().err


def test_a_trainee_plays_the_web_trainer_through_the_sign_in_proxy_and_its_forms_are_taken(
    behind: Behind, chromium: Any
) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def until(condition: Any, what: str) -> None:
        # A page replaced while it is read (the form's post answered) is read again, not an error.
        wait = WebDriverWait(chromium, 90, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,))
        wait.until(lambda _: condition(), message=what)

    signed_in = behind.proxy.replace("http://", "http://aino.virtanen:aino-password@", 1)
    chromium.get(signed_in + "/stories/web-demo")
    until(lambda: chromium.find_elements(By.ID, "start"), "the story's page")
    chromium.find_element(By.ID, "start").click()  # a form, with its token, posted through the proxy
    until(lambda: "Check the system." in chromium.find_element(By.TAG_NAME, "body").text, "the first decision")
    option = next(b for b in chromium.find_elements(By.CSS_SELECTOR, "button.option") if "Check the system." in b.text)
    option.click()
    until(lambda: "/play/web-demo/verdict/1" in chromium.current_url, "the verdict")
    assert "Solution-focused" in chromium.find_element(By.TAG_NAME, "body").text
    assert "You are training as aino.virtanen." in chromium.find_element(By.TAG_NAME, "body").text
    assert behind.served.database_rows("SELECT trainee, decisions FROM playthrough") == [("web:aino.virtanen", 1)]
