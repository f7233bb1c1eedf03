"""The guard's token and signed cookies, without a server."""

from __future__ import annotations

import shlex
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarios.serve.guard import ACCESS_DAYS, Guard, decode_trainee, encode_trainee, load_secret
from scenarios.store.trainee import clean_name, served_trainee

SECRET = b"s" * 32


class Clock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_access_cookie_is_bound_to_the_token_the_secret_and_its_age() -> None:
    clock = Clock()
    guard = Guard("team-token", SECRET, clock=clock)
    cookie = guard.access_cookie()
    assert guard.access_ok(cookie)
    assert not Guard("new-token", SECRET, clock=clock).access_ok(cookie)  # a new token locks old cookies out
    assert not Guard("team-token", b"t" * 32, clock=clock).access_ok(cookie)  # another server's secret
    clock.now += ACCESS_DAYS * 86400 + 1
    assert not guard.access_ok(cookie)


def test_only_the_exact_token_passes() -> None:
    guard = Guard("team-token", SECRET)
    assert guard.token_ok("team-token")
    assert not any(guard.token_ok(other) for other in (None, "", "team-token ", "TEAM-TOKEN", "team-toke"))
    with pytest.raises(ValueError):
        Guard("", SECRET)


def test_the_trainee_cookie_names_only_the_trainee_it_was_signed_for() -> None:
    guard = Guard("team-token", SECRET)
    cookie = guard.trainee_cookie(served_trainee("Aino Virtanen"))
    assert guard.trainee_of(cookie) == served_trainee("Aino Virtanen")
    assert Guard("other-token", SECRET).trainee_of(cookie) is not None  # the name outlives a new token
    assert Guard("team-token", b"t" * 32).trainee_of(cookie) is None
    other = guard.trainee_cookie(served_trainee("Bo"))
    spliced = cookie.split(".")[0] + "." + other.split(".")[1]
    assert guard.trainee_of(spliced) is None


def test_the_secret_is_kept_for_the_next_start_and_readable_only_by_its_owner(tmp_path: Path) -> None:
    secret = load_secret(tmp_path)
    assert load_secret(tmp_path) == secret and len(secret) == 32
    assert (tmp_path / "serve-secret").stat().st_mode & 0o077 == 0


@given(st.text(min_size=1, max_size=64))
def test_any_name_reaches_the_app_process_as_one_word_the_shell_leaves_alone(raw: str) -> None:
    if clean_name(raw) is None:
        return
    word = encode_trainee(served_trainee(raw))
    assert shlex.split(word) == [word] and word.isascii()
    assert decode_trainee(word) == served_trainee(raw)


# `(?s).` is any character, as `[\x00-\U0010ffff]` was: hypothesis draws it without listing each one (which took
# seconds of CPU, once per run).
@given(st.text(max_size=80) | st.from_regex(r"(?s)[0-9a-zA-Z_\-é]*\..*", fullmatch=True))
def test_whatever_a_browser_sends_as_a_cookie_or_token_is_only_refused(sent: str) -> None:
    guard = Guard("team-token-0123456789", SECRET)
    assert guard.access_ok(sent) is False
    assert guard.trainee_of(sent) is None
    assert guard.token_ok(sent) is False


def test_a_cookie_with_letters_outside_ascii_is_refused_not_an_error() -> None:
    guard = Guard("team-token-0123456789", SECRET)
    for crafted in ("1.é", "é.x", "².a", "1.\udcff", "\udcff.1", "1." + guard.access_cookie().split(".")[1] + "é"):
        assert not guard.access_ok(crafted) and guard.trainee_of(crafted) is None, crafted


def test_servers_starting_together_on_a_shared_folder_keep_one_secret(tmp_path: Path) -> None:
    """Several servers behind one balancer share the data folder for its secret: the first start of all of them at
    once must leave them one secret, or a trainee's cookies would hold on one server only."""
    for attempt in range(10):
        folder = tmp_path / f"shared-{attempt}"
        folder.mkdir()
        start = threading.Barrier(8)
        secrets: list[bytes] = []

        def start_one(folder: Path = folder, start: threading.Barrier = start, kept: list[bytes] = secrets) -> None:
            start.wait()
            kept.append(load_secret(folder))

        servers = [threading.Thread(target=start_one) for _ in range(8)]
        for server in servers:
            server.start()
        for server in servers:
            server.join()
        assert len(set(secrets)) == 1 and secrets[0] == (folder / "serve-secret").read_bytes()
        assert [path.name for path in folder.iterdir()] == ["serve-secret"]  # nothing of the making left behind
