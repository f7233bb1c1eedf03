"""Every route of `scenarios serve` is closed without the token or the cookie it buys; the trainee comes only
from the server's own signed cookie."""

from __future__ import annotations

import base64
import http.client
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from scenarios.serve.guard import ACCESS_COOKIE, TRAINEE_COOKIE
from scenarios.serve.server import NAME_FORM_COOKIE
from tests.serve.clients import NAME_TOKEN
from tests.serve.served import Served, serve

ROUTES = ["/", "/terminal", "/trainee", "/static/js/textual.js", "/static/", "/ws", "/download/any-key", "/nowhere"]
WEB_ROUTES = ["/stories/web-demo", "/play/web-demo", "/progress", "/progress/1", "/glossary", "/settings", "/web/x.css"]
"""The web trainer's pages (a wrong token is tried on `ROUTES` only: more would be throttled)."""
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


def exchange(
    served: Served,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> tuple[http.client.HTTPResponse, str]:
    """One request to the server; the response and its text."""
    address = urlsplit(served.base)
    conn = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
    sent = dict(headers or {})
    if cookies:
        sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    conn.close()
    return response, text


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
    return exchange(served, method, path, cookies=cookies, headers=headers, body=body)[0]


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


def name_form(served: Served, cookies: dict[str, str]) -> str:
    """The token of the name form this browser is shown (its cookie for the form is added to `cookies`)."""
    response, page = exchange(served, "GET", "/trainee", cookies=cookies)
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith(f"{NAME_FORM_COOKIE}="):
            cookies[NAME_FORM_COOKIE] = header.split(";")[0].partition("=")[2]
    found = NAME_TOKEN.search(page)
    assert found is not None, page
    return found.group(1)


def named(served: Served, name: str) -> dict[str, str]:
    """The cookies of a browser that opened the address and gave `name`."""
    cookies = access(served)
    body = f"form_token={name_form(served, cookies)}&name={name}"
    response = request(served, "POST", "/trainee", cookies=cookies, headers=FORM, body=body)
    assert response.status == 303
    return {**cookies, TRAINEE_COOKIE: cookie_of(response, TRAINEE_COOKIE)}


@pytest.mark.parametrize("path", ROUTES)
def test_without_the_token_every_route_is_forbidden(served: Served, path: str) -> None:
    assert request(served, "GET", path).status == 403
    assert request(served, "GET", path, headers=WEBSOCKET).status == 403
    assert request(served, "GET", path + "?token=wrong-token").status == 403
    assert request(served, "POST", "/trainee", body="name=Aino").status == 403


@pytest.mark.parametrize("path", WEB_ROUTES)
def test_without_the_token_every_page_of_the_web_trainer_is_forbidden(served: Served, path: str) -> None:
    assert request(served, "GET", path).status == 403
    for method, form in (("POST", "/stories/web-demo/begin"), ("POST", "/settings"), ("POST", "/language")):
        assert request(served, method, form, headers=FORM, body="answer=start").status == 403


@pytest.mark.parametrize("path", ROUTES + WEB_ROUTES)
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
    cookies = access(served)
    body = f"form_token={name_form(served, cookies)}&name={name}"
    response = request(served, "POST", "/trainee", cookies=cookies, headers=FORM, body=body)
    assert response.status == 400 and response.headers.get("Set-Cookie") is None


def test_the_server_listens_on_loopback_unless_told_otherwise(served: Served) -> None:
    assert urlsplit(served.base).hostname == "127.0.0.1"


@pytest.mark.parametrize("path", ROUTES + WEB_ROUTES)
def test_a_crafted_cookie_is_refused_never_an_error(served: Served, path: str) -> None:
    crafted = ["1.é", "é.x", "1.\udcff", "²." + "a" * 43, "1.2.3", "." * 5000]
    for value in crafted:
        for name in (ACCESS_COOKIE, TRAINEE_COOKIE):
            header = f"{name}={value}".encode("utf-8", "surrogateescape").decode("latin-1")
            assert request(served, "GET", path, headers={"Cookie": header}).status == 403, value
    with_access = access(served)
    for value in crafted:
        cookies = {**with_access, TRAINEE_COOKIE: value}
        header = "; ".join(f"{k}={v}" for k, v in cookies.items()).encode("utf-8", "surrogateescape").decode("latin-1")
        response = request(served, "GET", "/ws", headers={"Cookie": header, **WEBSOCKET})
        assert response.status == 403, value
    assert not [line for line in served.output if "Traceback" in line or "Error" in line]


def test_every_answer_carries_the_security_headers(served: Served) -> None:
    cookies = named(served, "Aino")
    answers = [
        request(served, "GET", "/"),  # refused
        request(served, "GET", "/?token=" + served.url.rpartition("token=")[2]),  # a redirect with a cookie
        request(served, "GET", "/", cookies=cookies),  # the trainer's page
        request(served, "GET", "/trainee", cookies=cookies),  # the name form
        request(served, "GET", "/static/js/textual.js", cookies=cookies),
        request(served, "GET", "/assets/trainer.js", cookies=cookies),
        request(served, "GET", "/download/unknown", cookies=cookies),  # not found
        request(served, "GET", "/nowhere", cookies=cookies),
    ]
    statuses = [answer.status for answer in answers]
    assert statuses == [403, 303, 200, 200, 200, 200, 404, 404]
    headers = [dict(answer.headers) for answer in answers] + [upgrade_headers(served, cookies)]
    for sent in headers:
        assert "default-src 'none'" in sent["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in sent["Content-Security-Policy"]
        assert "script-src 'self';" in sent["Content-Security-Policy"]
        assert sent["X-Frame-Options"] == "DENY"
        assert sent["X-Content-Type-Options"] == "nosniff"
        assert sent["Referrer-Policy"] == "same-origin"


def upgrade_headers(served: Served, cookies: dict[str, str]) -> dict[str, str]:
    """The headers of the server's answer to a websocket upgrade (101), read off the socket."""
    import socket

    address = urlsplit(served.base)
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    lines = ["GET /ws HTTP/1.1", f"Host: {address.netloc}", f"Cookie: {cookie}"]
    lines += [f"{name}: {value}" for name, value in WEBSOCKET.items()]
    with socket.create_connection((address.hostname or "127.0.0.1", address.port or 80), timeout=30) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(4096)
            assert chunk, answer
            answer += chunk
    status, *fields = answer.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    assert " 101 " in status, status
    return dict(field.split(": ", 1) for field in fields)


def test_a_form_posted_from_another_sites_page_without_an_origin_is_refused(served: Served) -> None:
    cookies = access(served)
    elsewhere = {"Referer": "https://evil.example/page"}
    posted = request(served, "POST", "/trainee", cookies=cookies, headers={**FORM, **elsewhere}, body="name=Mallory")
    assert posted.status == 403 and posted.headers.get("Set-Cookie") is None
    ours = {**FORM, "Referer": served.base + "/trainee"}
    body = f"form_token={name_form(served, cookies)}&name=Aino"
    assert request(served, "POST", "/trainee", cookies=cookies, headers=ours, body=body).status == 303
    assert request(served, "POST", "/trainee", cookies=cookies, headers=FORM, body=body).status == 303


def test_the_terminal_s_page_speaks_the_browser_s_language_and_loads_nothing_from_elsewhere(served: Served) -> None:
    cookies = named(served, "Aino")
    for language, ended, again in (
        ("fi", "Harjoitusistunto päättyi.", "Aloita uudelleen"),
        ("en", "The practice session ended.", "Start again"),
    ):
        address = urlsplit(served.base)
        conn = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        conn.request("GET", "/terminal", headers={"Cookie": cookie, "Accept-Language": f"{language};q=0.9"})
        page = conn.getresponse().read().decode("utf-8")
        conn.close()
        assert f'<html lang="{language}">' in page and ended in page and again in page
        assert "Session ended" not in page and "Restart" not in page
        assert "googleapis" not in page and "https://" not in page
