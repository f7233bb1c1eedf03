"""The access token: never on a command line other users see in `ps`, nor in an app process's environment;
read from the environment or a file; refused when it is short enough to guess; and wrong tokens from one
address are limited, so it cannot be guessed at speed."""

from __future__ import annotations

import time
from pathlib import Path

import aiohttp
import pytest

from scenarios.cli.main import main
from scenarios.serve.guard import WRONG_TOKEN_EVERY, WRONG_TOKENS, Throttle
from tests.serve.clients import TOKEN, Tab, eventually, named_browser, running
from tests.serve.served import Served, descendants, serve


def process_text(pid: int, what: str) -> str:
    """A process's command line or environment as `ps` and /proc show them (NULs as spaces)."""
    return Path(f"/proc/{pid}/{what}").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")


def printed(served: Served, text: str) -> bool:
    """The server prints `text` (its output is read in a thread: wait for it)."""
    deadline = time.monotonic() + 30
    while not any(text in line for line in served.output):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)  # polling a condition (the line read), not a fixed wait
    return True


async def test_the_token_is_on_no_command_line_and_in_no_app_process_s_environment(tmp_path: Path) -> None:
    with serve(tmp_path) as served:  # the token in the server's environment, as the README says
        browser = await named_browser(served.base, "Aino")
        tab = Tab(browser, served.base)
        try:
            await tab.open()
            await eventually(lambda: tab.received > 0, "the first frame")
            apps = descendants(served.process.pid)
            assert apps
            for pid in (served.process.pid, *apps):
                assert TOKEN not in process_text(pid, "cmdline")
            for pid in apps:
                assert TOKEN not in process_text(pid, "environ")
        finally:
            await tab.close()
            await browser.close()


def test_the_token_can_be_read_from_a_file(tmp_path: Path) -> None:
    secret = "from-a-file-0123456789"
    path = tmp_path / "token"
    path.write_text(secret + "\n", encoding="utf-8")
    with serve(tmp_path, token=None, extra=("--token-file", str(path))) as served:
        assert served.url.endswith(f"?token={secret}")
        assert secret not in process_text(served.process.pid, "cmdline")


def test_a_token_on_the_command_line_still_works_and_the_server_says_others_see_it(tmp_path: Path) -> None:
    with serve(tmp_path, token=None, extra=("--token", "on-the-command-line-0123")) as served:
        assert served.url.endswith("?token=on-the-command-line-0123")
        assert printed(served, "--token is visible to every user of this machine (ps)")


@pytest.mark.parametrize(
    ("how", "told"),
    [
        ("environment", "The access token is too short (9 characters): give at least 16"),
        ("file", "The access token is too short (9 characters): give at least 16"),
        ("empty file", "holds no access token: its first line is empty"),
        ("missing file", "Cannot read the access token from"),
    ],
)
def test_a_token_that_can_be_guessed_or_cannot_be_read_stops_the_server_with_the_reason(
    how: str, told: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCENARIOS_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "token"
    arguments = ["--lang", "en", "serve", "--port", "0"]
    if how == "environment":
        monkeypatch.setenv("SCENARIOS_SERVE_TOKEN", "123456789")
    else:
        monkeypatch.delenv("SCENARIOS_SERVE_TOKEN", raising=False)
        if how != "missing file":
            path.write_text("" if how == "empty file" else "123456789\n", encoding="utf-8")
        arguments += ["--token-file", str(path)]
    assert main(arguments) == 2
    error = capsys.readouterr().err
    assert told in error and "Traceback" not in error


def test_an_address_gets_ten_wrong_tokens_at_once_then_one_every_six_seconds() -> None:
    now = [0.0]
    throttle = Throttle(clock=lambda: now[0])
    for _ in range(WRONG_TOKENS):
        assert not throttle.blocked("192.0.2.7")
        throttle.wrong("192.0.2.7")
    assert throttle.blocked("192.0.2.7") and not throttle.blocked("192.0.2.8")
    now[0] += WRONG_TOKEN_EVERY
    assert not throttle.blocked("192.0.2.7")
    throttle.wrong("192.0.2.7")
    assert throttle.blocked("192.0.2.7")
    # One machine holds a whole IPv6 /64: its addresses count together.
    for last in range(WRONG_TOKENS):
        throttle.wrong(f"2001:db8::{last + 1:x}")
    assert throttle.blocked("2001:db8::ffff") and not throttle.blocked("2001:db8:0:1::1")


def test_the_throttle_remembers_a_bounded_number_of_addresses() -> None:
    now = [0.0]
    throttle = Throttle(clock=lambda: now[0], keep=100)
    for number in range(1000):
        now[0] += 0.001
        throttle.wrong(f"10.0.{number // 256}.{number % 256}")
    assert len(throttle._left) <= 100
    assert throttle._tries("10.0.3.231") < WRONG_TOKENS  # the latest are remembered


async def test_wrong_tokens_from_one_address_are_refused_after_ten_even_the_right_one(tmp_path: Path) -> None:
    async with running(tmp_path) as run:
        async with aiohttp.ClientSession() as guesser:
            statuses = []
            for guess in range(30):
                async with guesser.get(f"{run.base}/?token=guess-{guess:012d}", allow_redirects=False) as answer:
                    statuses.append(answer.status)
            assert statuses == [403] * WRONG_TOKENS + [429] * (30 - WRONG_TOKENS)
            async with guesser.get(f"{run.base}/?token={TOKEN}", allow_redirects=False) as answer:
                assert answer.status == 429  # the guesser learns nothing, not even when right
                assert "Too many wrong access tokens came from your address" in await answer.text()
        # Another address (another machine) is let in as usual.
        other = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
        async with aiohttp.ClientSession(connector=other) as browser:
            async with browser.get(f"{run.base}/?token={TOKEN}", allow_redirects=False) as answer:
                assert answer.status == 303
