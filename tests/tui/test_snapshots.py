"""Snapshots of the main screens at a fixed size (update with `pytest --snapshot-update`, then look)."""

from __future__ import annotations

import pytest

from scenarios.tui.app import ScenariosApp
from tests.tui.conftest import SIZE
from tests.tui.helpers import search_and_open


def exam(app: ScenariosApp) -> ScenariosApp:
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    return app


def test_library(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(language="en"), terminal_size=SIZE)


def test_library_broken_entry(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        pilot.app.screen.query_one("#search").value = "broken.yaml"
        await pilot.pause()

    assert snap_compare(make_app(language="en"), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize(
    ("query", "press", "language"),
    [
        ("ranneke", (), "fi"),
        ("goal net", (), "en"),
        ("credentials", ("1",), "en"),
        ("bus card", ("1",), "en"),
    ],
    ids=["desk", "phone", "email", "chat"],
)
def test_play(snap_compare, make_app, query: str, press: tuple[str, ...], language: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await search_and_open(pilot.app, pilot, query)
        await pilot.press(*press)
        await pilot.pause()

    assert snap_compare(exam(make_app(language=language)), terminal_size=SIZE, run_before=run_before)


def test_feedback(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await search_and_open(pilot.app, pilot, "wristband")
        await pilot.press("1")
        await pilot.pause()

    assert snap_compare(make_app(language="en"), terminal_size=SIZE, run_before=run_before)


def test_debrief(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await search_and_open(pilot.app, pilot, "wristband")
        await pilot.press("1", "2", "enter")
        await pilot.pause()

    assert snap_compare(exam(make_app(language="en")), terminal_size=SIZE, run_before=run_before)


def test_progress_and_settings(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await search_and_open(pilot.app, pilot, "goal net")
        await pilot.press("1", "enter", "f3")
        await pilot.pause()

    assert snap_compare(exam(make_app(language="fi")), terminal_size=SIZE, run_before=run_before)


def test_settings(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(language="en"), terminal_size=SIZE, press=["f4"])
