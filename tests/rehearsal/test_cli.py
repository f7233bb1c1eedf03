"""The `rehearse --list/--export` and `cards` commands, over the store on SQLite and on PostgreSQL (`store_backend`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.rehearsal import IDEAL, Participants, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store
from scenarios.story.model import Story
from tests.rehearsal.conftest import FakeClock


@pytest.fixture
def stored(
    mini: Story, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, library: Path, store_backend: str | None
) -> int:
    """A finished session of the mini story in the store (on each backend in turn); the library is the mini story."""
    monkeypatch.setattr("scenarios.story.library.builtin_dir", lambda: library)
    records = StoryRecords(Store())
    s = Session.new([mini], team="Kirjasto", participants=Participants.of(count=2), clock=clock, language="en")
    session_id = records.start(s)
    s.start()
    s.set_count("online", 2)
    s.reveal()
    s.continue_with(IDEAL)
    records.flush()  # the app's writer thread has kept it all before the command line reads it
    return session_id


@pytest.fixture
def library(tmp_path: Path, mini_text: str) -> Path:
    """A library folder holding the mini story."""
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "mini.yaml").write_text(mini_text, encoding="utf-8")
    return folder


def test_list_shows_the_sessions(stored: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rehearse", "--list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Kirjasto" in out and "mini" in out and "discussion" in out


@pytest.mark.usefixtures("store_backend")
def test_list_when_there_are_none(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rehearse", "--list", "--lang", "en"]) == 0
    assert "No saved rehearsals." in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_export_writes_each_format(stored: int, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"record.{fmt}"
    assert main(["rehearse", "--export", str(stored), "--format", fmt, "--output", str(out), "--lang", "en"]) == 0
    assert str(out) in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert "Look it up online." in text
    assert {"md": "# Team rehearsal record: Kirjasto", "html": "<!DOCTYPE html>", "csv": "section;team;date"}[
        fmt
    ] in text


def test_export_defaults_to_the_exports_folder_in_the_session_language(
    stored: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rehearse", "--export", str(stored)]) == 0
    out = capsys.readouterr().out
    assert f"rehearsal-{stored}.md" in out


@pytest.mark.usefixtures("store_backend")
def test_export_of_an_unknown_session_says_how_to_find_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rehearse", "--export", "99", "--lang", "en"]) == 2
    assert "No rehearsal 99. The saved rehearsals: scenarios rehearse --list" in capsys.readouterr().err


def test_export_when_the_story_is_gone(stored: int, library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (library / "mini.yaml").unlink()
    assert main(["rehearse", "--export", str(stored), "--lang", "en"]) == 1
    assert "The rehearsal's story 'mini' is no longer in the library." in capsys.readouterr().err


def test_cards_to_stdout_and_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards", "--names", "Aino, Bo, Cai", "--seed", "4", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("You serve:") == 2 and out.count("You are the customer:") == 1 and "Aino" in out
    sheet = tmp_path / "cards.html"
    assert main(["cards", "-n", "9", "--format", "html", "-o", str(sheet), "--minutes", "15"]) == 0
    assert "Roolikortit kirjoitettu" in capsys.readouterr().out
    assert sheet.read_text(encoding="utf-8").count('<section class="card') == 9


def test_cards_need_two_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards", "-n", "1", "--lang", "en"]) == 2
    assert "at least two participants" in capsys.readouterr().err


def test_list_shows_the_story_titles(stored: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rehearse", "--list", "--lang", "en"]) == 0
    assert "A small story (mini)" in capsys.readouterr().out
    assert main(["rehearse", "--list", "--lang", "fi"]) == 0
    assert "Pieni tarina (mini)" in capsys.readouterr().out


def test_export_follows_the_language_chosen_now(stored: int, capsys: pytest.CaptureFixture[str]) -> None:
    """The session ran in English; exported with `--lang fi` the record is in Finnish."""
    assert main(["rehearse", "--export", str(stored), "--lang", "fi", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "# Tiimiharjoituksen muistio: Kirjasto" in out and "Team rehearsal record" not in out
