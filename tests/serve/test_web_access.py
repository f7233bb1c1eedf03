"""The web trainer behind `scenarios serve`'s guard, over HTTP on loopback: every form needs this browser's token,
a form over 64 KiB is refused with a page in the trainee's language, every answer carries the security headers,
and a browser cookie the server did not sign reaches no one's stories."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from urllib.parse import urlencode, urlsplit

import pytest
from aiohttp import web

from scenarios.serve.guard import ACCESS_COOKIE, TRAINEE_COOKIE
from scenarios.web.server import BROWSER_COOKIE, LESSON, STORY, WebRoutes
from tests.serve.served import Served, serve
from tests.serve.test_routes import access, name_form, named

FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
STEP = re.compile(r'name="step" value="(\d+)"')
OPTION = re.compile(r'name="choice" value="(\d+)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("web-access")) as running:
        yield running


class Browser:
    """A trainee's browser: its cookies (kept as the server sets them) and its language."""

    def __init__(self, served: Served, cookies: dict[str, str], language: str = "en") -> None:
        self.served, self.cookies, self.language = served, dict(cookies), language

    def ask(
        self, method: str, path: str, fields: dict[str, str] | None = None, *, body: str | None = None
    ) -> tuple[http.client.HTTPResponse, str]:
        """One request (a form's `fields`, or a raw `body`); the response and its text."""
        address = urlsplit(self.served.base)
        conn = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
        headers = {"Accept-Language": self.language, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if fields is not None or body is not None:
            headers.update(FORM)
            body = body if body is not None else urlencode(fields or {})
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name] = value
        return response, text

    def token(self) -> str:
        """The token of the forms this browser is shown."""
        _, page = self.ask("GET", "/")
        found = FORM_TOKEN.search(page)
        assert found is not None, page
        return found.group(1)


def trainee(served: Served, name: str, language: str = "en") -> Browser:
    """A browser that opened the address, gave `name` and saw the library (its browser cookie set)."""
    browser = Browser(served, named(served, name), language)
    browser.token()
    assert BROWSER_COOKIE in browser.cookies
    return browser


def post_routes() -> list[str]:
    """Every address the web trainer takes a form at, with the test story and a lesson filled in."""
    routes = WebRoutes(
        "unused.sqlite3", sign=lambda *parts: "", trainee_of=lambda request: None, secure=lambda r: False
    )
    paths = [route.path for route in routes.routes() if isinstance(route, web.RouteDef) and route.method == "POST"]
    return [path.replace(STORY, "web-demo").replace(LESSON, "find-the-need") for path in paths]


def assert_secure(headers: dict[str, str]) -> None:
    """The headers every answer of the server carries."""
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "script-src 'self';" in policy
    assert "form-action 'self'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_every_form_of_the_web_trainer_needs_this_browsers_token_and_without_it_nothing_is_done(
    served: Served,
) -> None:
    aino, bo = trainee(served, "Aino Access"), trainee(served, "Bo Access")
    token = aino.token()
    response, _ = aino.ask("POST", "/stories/web-demo/begin", {"form_token": token, "answer": "start"})
    assert response.status == 303 and response.headers["Location"] == "/play/web-demo"
    _, play = aino.ask("GET", "/play/web-demo")
    step, option = STEP.findall(play)[0], OPTION.findall(play)[0]
    posted = post_routes()
    assert len(posted) == 12 and "/play/web-demo/choose" in posted and "/language" in posted
    for path in posted:
        fields = {"step": step, "choice": option, "answer": "start", "theme": "textual-light", "language": "fi"}
        for sent in ({}, {"form_token": bo.token()}, {"form_token": token + "x"}):  # none, another browser's, forged
            response, page = aino.ask("POST", path, {**fields, **sent})
            assert response.status == 403 and "The form had expired" in page, (path, sent)
    _, play = aino.ask("GET", "/play/web-demo")
    assert STEP.findall(play)[0] == step == "0"  # not chosen, not left, not begun again
    assert served.database_rows("SELECT key FROM setting WHERE key LIKE 'settings:%'") == []  # no setting changed
    response, _ = aino.ask("POST", "/play/web-demo/choose", {"form_token": token, "step": step, "choice": option})
    assert response.status == 303 and "/verdict/1" in response.headers["Location"]  # with the token it is taken


def test_the_name_form_needs_this_browsers_token_too(served: Served) -> None:
    mallory, aino = access(served), access(served)
    mallorys = name_form(served, mallory)  # Mallory's own form, with its token
    name_form(served, aino)
    for body in ("name=Mallory", f"form_token={mallorys}&name=Mallory", "form_token=&name=Mallory"):
        response, page = Browser(served, aino).ask("POST", "/trainee", body=body)
        assert response.status == 403 and "The form had expired" in page and "Give your name again." in page
        assert TRAINEE_COOKIE not in (response.headers.get("Set-Cookie") or "")
    response, _ = Browser(served, aino).ask("POST", "/trainee", body=f"form_token={name_form(served, aino)}&name=Aino")
    assert response.status == 303 and TRAINEE_COOKIE in (response.headers.get("Set-Cookie") or "")


def test_a_form_over_64_kib_is_refused_in_the_trainees_language_and_one_under_it_is_taken(served: Served) -> None:
    aino = trainee(served, "Aino Big")
    token = aino.token()
    too_big = {"form_token": token, "theme": "textual-light", "padding": "x" * (64 * 1024)}
    response, page = aino.ask("POST", "/settings", too_big)
    assert response.status == 413 and "The server takes at most 64 KiB in one form" in page
    assert "Nothing was saved." in page and "<html" in page  # a page of ours, not aiohttp's plain text
    aino.language = "fi"
    response, page = aino.ask("POST", "/settings", too_big)
    assert response.status == 413 and "Palvelin ottaa yhdellä lomakkeella vastaan enintään 64 KiB" in page
    rows = "SELECT value FROM setting WHERE key = 'settings:web:aino big'"
    assert served.database_rows(rows) == []  # nothing kept
    under = {"form_token": token, "theme": "textual-light", "padding": "x" * (60 * 1024)}
    response, _ = aino.ask("POST", "/settings", under)
    assert response.status == 303
    assert "textual-light" in str(served.database_rows(rows))


def test_every_answer_of_the_web_trainer_carries_the_security_headers(served: Served) -> None:
    aino = trainee(served, "Aino Headers")
    token = aino.token()
    answers = [aino.ask("GET", "/"), aino.ask("GET", "/stories/web-demo")]
    answers.append(aino.ask("POST", "/stories/web-demo/begin", {"form_token": token, "answer": "start"}))
    for _ in range(2):  # both decisions: a choice's redirect, its verdict, the next page
        _, play = aino.ask("GET", "/play/web-demo")
        fields = {"form_token": token, "step": STEP.findall(play)[0], "choice": OPTION.findall(play)[0]}
        answers.append(chosen := aino.ask("POST", "/play/web-demo/choose", fields))
        answers.append(aino.ask("GET", chosen[0].headers["Location"].split("#")[0]))
    answers += [
        aino.ask("GET", "/play/web-demo/debrief"),
        aino.ask("GET", "/play/web-demo/debrief.md"),  # a download
        aino.ask("GET", "/web/web.css"),
        aino.ask("GET", "/alive"),
        aino.ask("GET", "/progress"),
        aino.ask("GET", "/nowhere"),  # the trainer's own "not found"
        aino.ask("POST", "/settings", {"theme": "textual-light"}),  # no token
        aino.ask("POST", "/settings", {"form_token": token, "padding": "x" * (64 * 1024)}),  # too big
    ]
    statuses = [response.status for response, _ in answers]
    assert statuses == [200, 200, 303, 303, 200, 303, 200, 200, 200, 200, 204, 200, 404, 403, 413]
    assert answers[8][0].headers["Content-Disposition"].startswith("attachment;")
    for response, _ in answers:
        assert_secure(dict(response.headers))


def test_a_browser_cookie_the_server_did_not_sign_is_a_new_browser_and_reaches_no_ones_stories(
    served: Served,
) -> None:
    aino, bo = trainee(served, "Aino Cookie"), trainee(served, "Bo Cookie")
    response, _ = aino.ask("POST", "/stories/web-demo/begin", {"form_token": aino.token(), "answer": "start"})
    assert response.status == 303
    browser_id = aino.cookies[BROWSER_COOKIE].partition(".")[0]
    for forged in (f"{browser_id}.{'A' * 43}", browser_id, f"{browser_id}.", f"{browser_id}.x.y"):
        bo.cookies[BROWSER_COOKIE] = forged
        response, _ = bo.ask("GET", "/play/web-demo")
        assert response.status == 303 and response.headers["Location"] == "/stories/web-demo?note=closed", forged
        assert not bo.cookies[BROWSER_COOKIE].startswith(browser_id)  # given a browser of its own
    response, play = aino.ask("GET", "/play/web-demo")
    assert response.status == 200 and "Check the system." in play  # Aino's story is still open in her browser
    assert ACCESS_COOKIE in aino.cookies
