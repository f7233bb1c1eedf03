"""Snapshots of the main screens at 80×24 and 120×40, the play screen at 200×60 too (update with
`pytest --snapshot-update`, then look)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.keys import KeysScreen
from scenarios.tui.screens.progress import ProgressScreen
from scenarios.tui.screens.settings import SettingsScreen
from tests.tui.helpers import (
    AppPilot,
    MakeApp,
    SnapCompare,
    choose_number,
    feedback_shown,
    search_and_open,
    until,
    until_screen,
)

SMALL = (80, 24)
LARGE = (120, 40)
WIDE = (200, 60)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
PLAY_SIZES = pytest.mark.parametrize("size", [SMALL, LARGE, WIDE], ids=["80x24", "120x40", "200x60"])


def exam(app: ScenariosApp) -> ScenariosApp:
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    return app


@SIZES
def test_library(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(language="fi"), terminal_size=size)


def test_library_broken_entry(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await until(pilot, lambda: bool(pilot.app.screen.query("#search")), "the library")
        library = pilot.app.screen
        library.query_one("#search", Input).value = "broken.yaml"
        await until(pilot, lambda: "broken.yaml" in str(library.query_one("#card-body", Static).visual), "the card")

    assert snap_compare(make_app(language="en"), terminal_size=LARGE, run_before=run_before)


@PLAY_SIZES
@pytest.mark.parametrize(
    ("query", "press", "language"),
    [
        ("ranneke", (), "fi"),
        ("goal net", (), "en"),
        ("credentials", ("1",), "en"),
        ("bussikortin", ("1",), "fi"),
    ],
    ids=["desk", "phone", "email", "chat"],
)
def test_play(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    query: str,
    press: tuple[str, ...],
    language: str,
    size: tuple[int, int],
) -> None:
    async def run_before(pilot: AppPilot) -> None:
        app = pilot.app
        assert isinstance(app, ScenariosApp)
        await search_and_open(app, pilot, query)
        for key in press:
            await choose_number(app, pilot, key)

    assert snap_compare(exam(make_app(language=language)), terminal_size=size, run_before=run_before)


@PLAY_SIZES
def test_feedback(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await search_and_open(pilot.app, pilot, "wristband")
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(pilot.app), "the feedback")

    assert snap_compare(make_app(language="en"), terminal_size=size, run_before=run_before)


@SIZES
def test_debrief(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await search_and_open(pilot.app, pilot, "wristband")
        await pilot.press("1", "2", "enter")
        await until_screen(pilot, DebriefScreen, "the debrief")

    assert snap_compare(exam(make_app(language="en")), terminal_size=size, run_before=run_before)


@SIZES
def test_progress(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await search_and_open(pilot.app, pilot, "goal net")
        await pilot.press("1", "enter", "f3")
        await until_screen(pilot, ProgressScreen, "the progress screen")

    assert snap_compare(exam(make_app(language="fi")), terminal_size=size, run_before=run_before)


def test_settings(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await pilot.press("f4")
        await until_screen(pilot, SettingsScreen, "the settings")

    assert snap_compare(make_app(language="en"), terminal_size=SMALL, run_before=run_before)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_briefing(snap_compare: SnapCompare, make_app: MakeApp, language: str) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await until(pilot, lambda: bool(pilot.app.screen.query("#search")), "the library")
        pilot.app.screen.query_one("#search", Input).value = "ranneke" if language == "fi" else "wristband"
        await until(pilot, lambda: getattr(pilot.app.screen, "query_text", "") != "", "the search")
        await pilot.press("enter")
        await until(pilot, lambda: bool(pilot.app.screen.query("#begin")), "the briefing")

    assert snap_compare(exam(make_app(language=language)), terminal_size=SMALL, run_before=run_before)


def test_keys(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await search_and_open(pilot.app, pilot, "wristband")
        await pilot.press("question_mark")
        await until_screen(pilot, KeysScreen, "the keys")

    assert snap_compare(make_app(language="fi"), terminal_size=SMALL, run_before=run_before)
