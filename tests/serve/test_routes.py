"""Every route of `scenarios serve` is closed without the token or the cookie it buys; the trainee comes only
from the server's own signed cookie."""

from __future__ import annotations

import base64
import http.client
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from scenarios.serve.guard import ACCESS_COOKIE, TRAINEE_COOKIE
from tests.serve.served import Served, serve

ROUTES = ["/", "/trainee", "/static/js/textual.js", "/static/", "/ws", "/download/any-key", "/nowhere"]
WEBSOCKET = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": base64.b64encode(b"0123456789abcdef").decode(),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("routes")) as running:
        yield running


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def request(
    served: Served,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> http.client.HTTPResponse:
    """One request to the server; the response (read)."""
    address = urlsplit(served.base)
    conn = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
    sent = dict(headers or {})
    if cookies:
        sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def cookie_of(response: http.client.HTTPResponse, name: str) -> str:
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith(f"{name}="):
            return header.split(";")[0].partition("=")[2]
    raise AssertionError(f"no {name} cookie in {response.headers}")


def access(served: Served) -> dict[str, str]:
    """The cookies of a browser that opened the printed address."""
    response = request(served, "GET", "/?token=" + served.url.rpartition("token=")[2])
    assert response.status == 303 and response.headers["Location"] == "/"
    return {ACCESS_COOKIE: cookie_of(response, ACCESS_COOKIE)}


def named(served: Served, name: str) -> dict[str, str]:
    """The cookies of a browser that opened the address and gave `name`."""
    cookies = access(served)
    response = request(served, "POST", "/trainee", cookies=cookies, headers=FORM, body=f"name={name}")
    assert response.status == 303
    return {**cookies, TRAINEE_COOKIE: cookie_of(response, TRAINEE_COOKIE)}


@pytest.mark.parametrize("path", ROUTES)
def test_without_the_token_every_route_is_forbidden(served: Served, path: str) -> None:
    assert request(served, "GET", path).status == 403
    assert request(served, "GET", path, headers=WEBSOCKET).status == 403
    assert request(served, "GET", path + "?token=wrong-token").status == 403
    assert request(served, "POST", "/trainee", body="name=Aino").status == 403


@pytest.mark.parametrize("path", ROUTES)
def test_a_forged_or_foreign_access_cookie_is_forbidden(served: Served, path: str) -> None:
    real = access(served)[ACCESS_COOKIE]
    issued, _, signature = real.partition(".")
    for forged in (f"{int(issued) + 1}.{signature}", f"{issued}.{signature[:-2]}AA", "1.x", "", "anything"):
        assert request(served, "GET", path, cookies={ACCESS_COOKIE: forged}).status == 403, forged


def test_the_token_buys_a_cookie_that_opens_the_static_files_and_the_name_page(served: Served) -> None:
    cookies = access(served)
    assert request(served, "GET", "/static/js/textual.js", cookies=cookies).status == 200
    assert request(served, "GET", "/trainee", cookies=cookies).status == 200
    assert request(served, "GET", "/", cookies=cookies).headers["Location"] == "/trainee"  # no name yet
    assert request(served, "GET", "/download/unknown", cookies=cookies).status == 404


def test_the_trainee_comes_only_from_the_servers_own_cookie(served: Served) -> None:
    cookies = named(served, "Aino")
    assert request(served, "GET", "/", cookies=cookies).status == 200
    value = cookies[TRAINEE_COOKIE]
    encoded, _, signature = value.partition(".")
    bo = base64.urlsafe_b64encode(b"Bo").decode().rstrip("=")
    for forged in (f"{bo}.{signature}", f"{encoded}.{signature[:-2]}AA", bo, ""):
        with_forged = {**cookies, TRAINEE_COOKIE: forged}
        assert request(served, "GET", "/ws", cookies=with_forged, headers=WEBSOCKET).status == 403, forged
        assert request(served, "GET", "/", cookies=with_forged).headers["Location"] == "/trainee"


def test_another_sites_page_cannot_open_a_session_with_the_browsers_cookies(served: Served) -> None:
    cookies = named(served, "Aino")
    elsewhere = {"Origin": "https://evil.example"}
    assert request(served, "GET", "/ws", cookies=cookies, headers={**WEBSOCKET, **elsewhere}).status == 403
    posted = request(served, "POST", "/trainee", cookies=cookies, headers={**FORM, **elsewhere}, body="name=Mallory")
    assert posted.status == 403


@pytest.mark.parametrize("name", ["", "   ", "x" * 65, "%1B%5B2J"])
def test_a_name_that_cannot_be_one_is_asked_again(served: Served, name: str) -> None:
    response = request(served, "POST", "/trainee", cookies=access(served), headers=FORM, body=f"name={name}")
    assert response.status == 400 and response.headers.get("Set-Cookie") is None


def test_the_server_listens_on_loopback_unless_told_otherwise(served: Served) -> None:
    assert urlsplit(served.base).hostname == "127.0.0.1"
