"""`rehearse --list/--export` on a damaged database, and hostile team names, never reach the user raw."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scenarios.cli.main import main
from scenarios.rehearsal import IDEAL, Participants, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store, database_path
from scenarios.story.model import Story
from tests.rehearsal.conftest import FakeClock

LEAK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE_TEAM = "Team\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x1b\\\x9b2J <script>x</script>"


@pytest.fixture
def hostile_session(
    mini: Story, clock: FakeClock, tmp_path: Path, mini_text: str, monkeypatch: pytest.MonkeyPatch
) -> int:
    """The id of a stored session whose team name is full of terminal escapes."""
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "mini.yaml").write_text(mini_text, encoding="utf-8")
    monkeypatch.setattr("scenarios.story.library.builtin_dir", lambda: folder)
    records = StoryRecords(Store())
    session = Session.new([mini], team=HOSTILE_TEAM, participants=Participants.of(count=2), clock=clock, language="en")
    session_id = records.start(session)
    session.start()
    session.set_count("online", 2)
    session.reveal()
    session.continue_with(IDEAL)
    records.flush()  # the app's writer thread has kept it all before the command line reads it
    return session_id


def test_a_hostile_team_name_is_listed_inert(hostile_session: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rehearse", "--list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Team\\x1b]0;pwned\\x07" in out
    assert not LEAK.search(out)


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_a_hostile_team_name_is_exported_inert(
    hostile_session: int, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"record.{fmt}"
    assert main(["rehearse", "--export", str(hostile_session), "--format", fmt, "-o", str(target), "--lang", "en"]) == 0
    text = target.read_text(encoding="utf-8")
    assert not LEAK.search(text)
    assert fmt == "csv" or "<script>" not in text
    assert main(["rehearse", "--export", str(hostile_session), "--format", fmt, "-o", "-", "--lang", "en"]) == 0
    assert not LEAK.search(capsys.readouterr().out)


def _garbage() -> None:
    database_path().write_bytes(b"this is not a database" * 100)


def _too_new() -> None:
    Store().close()
    with sqlite3.connect(database_path()) as conn:
        conn.execute("UPDATE schema_version SET version = 999")


def _tampered_time() -> None:
    Store().close()
    StoryRecords(Store())  # the rehearsal tables
    with sqlite3.connect(database_path()) as conn:
        conn.execute(
            "INSERT INTO rehearsal_session (team, plan, created_at, updated_at, phase, state) "
            "VALUES ('x', 'not json', 'NaN', 0, 'setup', '{')"
        )


def _a_folder() -> None:
    database_path().mkdir()


@pytest.mark.parametrize("damage", [_garbage, _too_new, _tampered_time, _a_folder])
@pytest.mark.parametrize("command", [["--list"], ["--export", "1"]])
def test_a_damaged_database_gets_a_message_not_a_traceback(
    damage: Callable[[], None], command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    damage()
    code = main(["rehearse", *command, "--lang", "en"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert code != 0 or "x" in captured.out
    if code != 0:
        assert captured.err.strip()


def test_a_locked_database_gets_a_message(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite3, "connect", _quick(sqlite3.connect))
    holder = sqlite3.connect(database_path(), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code = main(["rehearse", "--list", "--lang", "en"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    captured = capsys.readouterr()
    assert code == 1 and "database" in captured.err and "Traceback" not in captured.err


def _quick(connect: Callable[..., sqlite3.Connection]) -> Callable[..., sqlite3.Connection]:
    """`sqlite3.connect` that gives up on a lock at once (its many parameters are passed through as they come)."""

    def connect_without_waiting(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs["timeout"] = 0.01  # the lock is held for the whole test: waiting longer changes nothing
        return connect(*args, **kwargs)

    return connect_without_waiting
