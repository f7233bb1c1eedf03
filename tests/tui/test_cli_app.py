"""The command line opens the app: plain `scenarios`, and `scenarios play STORY` without line-mode flags."""

from __future__ import annotations

import sys

import pytest

from scenarios.cli import main as cli
from scenarios.engine import Playthrough
from scenarios.store import Store, load_settings, save_settings
from scenarios.story.library import Library, builtin_dir
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.settings import SettingsScreen
from tests.tui.conftest import STORIES
from tests.tui.helpers import play_screen, screen_text, to_first_decision, until, until_screen


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


def test_review_without_flags_opens_the_app_on_the_review(opened: list[ScenariosApp]) -> None:
    assert cli.main(["review", "--lang", "en"]) == 0
    assert opened[0].review_to_open and opened[0].open_story is None


def test_review_with_plain_or_lessons_stays_in_line_mode(
    opened: list[ScenariosApp], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "readline", lambda: "", raising=False)  # no answers: the input ends at once
    assert cli.main(["review", "--lessons", "--lang", "en"]) == 0
    assert cli.main(["review", "--plain", "--lang", "en"]) == 1
    assert opened == []
    out = capsys.readouterr().out
    assert "Your lessons: 0 of 52 met" in out and "The day's review:" in out


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


async def test_play_with_a_seed_shows_the_options_in_that_seeds_order(opened: list[ScenariosApp]) -> None:
    story = Library.load([builtin_dir()]).get("do-you-know-who-i-am")  # the test stories do not shuffle
    assert story is not None

    def order(seed: int) -> list[str]:
        return [choice.option_id for choice in Playthrough(story, seed=seed).beat().choices]

    other = next(seed for seed in range(4, 100) if order(seed) != order(3))
    orders = []
    for seed in (3, 3, other):
        assert cli.main(["play", "do-you-know-who-i-am", "--seed", str(seed), "--lang", "en"]) == 0
        app = opened[-1]
        async with app.run_test(size=(80, 24)) as pilot:
            await to_first_decision(app, pilot)
            shown = [choice.option_id for choice in play_screen(app).session.play.beat().choices]
        assert shown == order(seed)
        orders.append(shown)
    assert orders[0] == orders[1] != orders[2]


def saved_language(language: str) -> None:
    """The trainee chose `language` in the settings on an earlier run."""
    store = Store()
    save_settings(store, load_settings(store).model_copy(update={"language": language}))
    store.close()


def test_the_environment_wins_over_the_saved_language_and_the_flag_over_both(
    opened: list[ScenariosApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_language("fi")
    assert cli.main([]) == 0 and opened[-1].language == "fi"
    monkeypatch.setenv("SCENARIOS_LANG", "en_GB.UTF-8")
    assert cli.main([]) == 0 and opened[-1].language == "en"
    assert opened[-1].language_from == "SCENARIOS_LANG"
    assert cli.main(["play", str(STORIES / "desk.yaml")]) == 0 and opened[-1].language == "en"
    assert cli.main(["--lang", "fi"]) == 0 and opened[-1].language == "fi"
    monkeypatch.setenv("SCENARIOS_LANG", "de")  # not a language of the app: the saved one decides
    saved_language("en")
    assert cli.main([]) == 0 and opened[-1].language == "en" and opened[-1].language_from is None


async def test_a_language_from_the_environment_is_not_saved_unless_chosen_in_the_settings(
    opened: list[ScenariosApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_language("fi")
    monkeypatch.setenv("SCENARIOS_LANG", "en")
    assert cli.main([]) == 0
    app = opened[-1]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await until_screen(pilot, SettingsScreen, "the settings")
        assert "SCENARIOS_LANG sets the language at every start" in screen_text(app)
        app.apply_settings(app.settings.model_copy(update={"theme": "textual-light"}))
        assert load_settings(Store()).language == "fi"  # the theme is saved, the language stays the trainee's
        app.apply_settings(app.settings.model_copy(update={"language": "fi"}))
        await until(pilot, lambda: "SCENARIOS_LANG valitsee kielen" in screen_text(app), "the settings in Finnish")
    assert load_settings(Store()).language == "fi"
    saved_language("en")
    monkeypatch.delenv("SCENARIOS_LANG")
    assert cli.main([]) == 0 and opened[-1].language == "en"
