"""The command line opens the app: plain `scenarios`, and `scenarios play STORY` without line-mode flags."""

from __future__ import annotations

import sys

import pytest

from scenarios.cli import main as cli
from scenarios.tui.app import ScenariosApp
from tests.tui.conftest import STORIES


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[ScenariosApp]:
    """Pretend to be in a terminal and record the app instead of running it."""
    apps: list[ScenariosApp] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(ScenariosApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def test_no_subcommand_opens_the_library(opened: list[ScenariosApp]) -> None:
    assert cli.main(["--lang", "en"]) == 0
    assert len(opened) == 1 and opened[0].open_story is None and opened[0].language == "en"


def test_play_without_flags_opens_the_app_on_the_story(opened: list[ScenariosApp]) -> None:
    assert cli.main(["play", str(STORIES / "desk.yaml")]) == 0
    assert opened[0].open_story is not None and opened[0].open_story.id == "desk-wristband"


def test_play_with_plain_stays_in_line_mode(opened: list[ScenariosApp], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["play", str(STORIES / "desk.yaml"), "--choices", "2,1", "--lang", "en"]) == 0
    assert opened == []
    assert "The empty wristband" in capsys.readouterr().out


def test_a_broken_story_never_opens_the_app(opened: list[ScenariosApp], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["play", str(STORIES / "broken.yaml"), "--lang", "en"]) == 1
    assert opened == []
    assert "broken.yaml:1:1" in capsys.readouterr().err


def test_play_watch_opens_the_app_watching_the_file(opened: list[ScenariosApp]) -> None:
    assert cli.main(["play", str(STORIES / "desk.yaml"), "--watch"]) == 0
    assert opened[0].watch_path == STORIES / "desk.yaml"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["play", "phone-goal-net", "--watch"], "is not a file"),
        (["play", str(STORIES / "desk.yaml"), "--watch", "--plain"], "cannot be combined"),
        (["play", str(STORIES / "desk.yaml"), "--watch", "--choices", "1"], "cannot be combined"),
    ],
)
def test_play_watch_without_a_file_or_with_line_mode_is_a_usage_error(
    opened: list[ScenariosApp], capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    assert cli.main([*argv, "--lang", "en"]) == 2
    assert opened == []
    assert says in capsys.readouterr().err


def test_play_watch_without_a_terminal_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert cli.main(["play", str(STORIES / "desk.yaml"), "--watch", "--lang", "en"]) == 2
    assert "needs a terminal" in capsys.readouterr().err
