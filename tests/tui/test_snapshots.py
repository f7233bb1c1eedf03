"""Snapshots of the main screens at 80×24 and 120×40 (update with `pytest --snapshot-update`, then look)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from scenarios.tui.app import ScenariosApp
from tests.tui.helpers import AppPilot, MakeApp, SnapCompare, search_and_open

SMALL = (80, 24)
LARGE = (120, 40)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])


def exam(app: ScenariosApp) -> ScenariosApp:
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    return app


@SIZES
def test_library(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(language="fi"), terminal_size=size)


def test_library_broken_entry(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#search", Input).value = "broken.yaml"
        await pilot.pause()

    assert snap_compare(make_app(language="en"), terminal_size=LARGE, run_before=run_before)


@SIZES
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
        await search_and_open(pilot.app, pilot, query)
        await pilot.press(*press)
        await pilot.pause()

    assert snap_compare(exam(make_app(language=language)), terminal_size=size, run_before=run_before)


@SIZES
def test_feedback(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await search_and_open(pilot.app, pilot, "wristband")
        await pilot.press("1")
        await pilot.pause()

    assert snap_compare(make_app(language="en"), terminal_size=size, run_before=run_before)


@SIZES
def test_debrief(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await search_and_open(pilot.app, pilot, "wristband")
        await pilot.press("1", "2", "enter")
        await pilot.pause()

    assert snap_compare(exam(make_app(language="en")), terminal_size=size, run_before=run_before)


@SIZES
def test_progress(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await search_and_open(pilot.app, pilot, "goal net")
        await pilot.press("1", "enter", "f3")
        await pilot.pause()

    assert snap_compare(exam(make_app(language="fi")), terminal_size=size, run_before=run_before)


def test_settings(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(language="en"), terminal_size=SMALL, press=["f4"])
