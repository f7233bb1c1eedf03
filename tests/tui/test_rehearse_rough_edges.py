"""Issue #13's rough edges, pressed as a facilitator: F5 on the rotation, the entry's words after a language
change, no title bar on the rotation's screens (they fit 100×30 and 80×24), the groups label per kind of
session, and the reflection's keys in a stable order."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Header, Label, Select, TextArea
from textual.widgets._footer import FooterKey

from scenarios.rehearsal import Phase
from scenarios.tui.messages import ShowRun
from scenarios.tui.rehearse.app import RehearsalApp
from scenarios.tui.rehearse.debrief import RehearseDebriefScreen
from scenarios.tui.rehearse.reflect import RehearseReflectScreen
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from scenarios.tui.rehearse.station_entry import StationEntryScreen
from scenarios.tui.screens.settings import SettingsScreen
from tests.rehearsal.conftest import FakeClock
from tests.tui.helpers import screen_text, until, until_screen, whole
from tests.tui.test_rehearse_projector import assert_footer_fits, session_of, small_library, start
from tests.tui.test_rehearse_projector import make as make_story_app
from tests.tui.test_stations import library, make, shown, start_rotation

__all__ = ["library", "small_library"]  # the fixtures, used by name

PROJECTOR = (100, 30)
SMALL = (80, 24)
SIZES = [(PROJECTOR, "fi"), (SMALL, "en")]


def assert_whole(app: RehearsalApp, *widgets: Widget) -> None:
    """Each widget is shown whole: not empty, and wholly inside the screen."""
    screen = app.screen.region
    for widget in widgets:
        assert widget.region.area > 0, f"{widget!r} is not shown"
        assert screen.contains_region(widget.region), f"{widget!r} at {widget.region} is cut by {screen}"


def current(app: RehearsalApp) -> object:
    """The screen on top now (not narrowed by an earlier check)."""
    return app.screen


def setups(app: RehearsalApp) -> int:
    return sum(isinstance(screen, RehearseSetupScreen) for screen in app.screen_stack)


async def ask_for_a_rehearsal(app: RehearsalApp, pilot: Pilot[None]) -> None:
    """F5, then the command palette's "Team rehearsal" (the two ways the trainer opens a rehearsal)."""
    await pilot.press("f5")
    assert setups(app) == 1  # a screen F5 opened would be on the stack as soon as the key was handled
    await pilot.press("ctrl+p")
    palette = await shown(app, pilot, CommandPalette)
    await pilot.press(*app.tr("rehearsal.title"))
    hits = palette.query_one(CommandList)

    def found() -> bool:  # the palette searches in the background: until the command typed in full is found
        highlighted = hits.highlighted_option
        return highlighted is not None and app.tr("rehearsal.title") in str(highlighted.prompt)

    await until(pilot, found, "the command found")
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette closed")


@pytest.mark.parametrize(("size", "language"), SIZES)
async def test_a_rehearsal_asked_for_on_the_rotation_opens_no_second_setup(
    library: Path, tmp_path: Path, size: tuple[int, int], language: str
) -> None:
    app = make(library, FakeClock(1_750_000_000.0), tmp_path / "db.sqlite3", language=language, stations=True)
    async with app.run_test(size=size) as pilot:
        rotation = await start_rotation(app, pilot)
        await ask_for_a_rehearsal(app, pilot)
        assert current(app) is rotation and setups(app) == 1
        await pilot.press("1")
        entry = await shown(app, pilot, StationEntryScreen)
        await ask_for_a_rehearsal(app, pilot)
        assert current(app) is entry and setups(app) == 1


@pytest.mark.parametrize(("size", "language"), SIZES)
async def test_the_rotation_and_the_entry_have_no_title_bar_and_fit(
    library: Path, tmp_path: Path, size: tuple[int, int], language: str
) -> None:
    app = make(library, FakeClock(1_750_000_000.0), tmp_path / "db.sqlite3", language=language, stations=True)
    async with app.run_test(size=size) as pilot:
        rotation = await start_rotation(app, pilot)
        await until(pilot, lambda: not rotation.query(Header), "not rotation.query(Header)")
        names = ("#stations-heading", "#round-clock", "#round-state", "#rotation", "#station-list", "#stations-hint")
        assert_whole(app, *(rotation.query_one(name) for name in names))
        assert rotation.query_one("#stations-stage").max_scroll_y == 0  # nothing below to scroll to
        await assert_footer_fits(app, pilot)
        await pilot.press("2")
        entry = await shown(app, pilot, StationEntryScreen)
        await until(pilot, lambda: not entry.query(Header), "not entry.query(Header)")
        assert_whole(app, entry.query_one("#entry-heading"), entry.query_one("#role"), *entry.query(Label))
        areas = list(entry.query(TextArea))
        assert len(areas) == 6
        assert_whole(app, *areas)
        assert all(area.region.height >= 3 for area in areas)  # room for a line or two of typing
        await assert_footer_fits(app, pilot)


async def test_the_entry_speaks_the_new_language_after_the_settings(library: Path, tmp_path: Path) -> None:
    app = make(library, FakeClock(1_750_000_000.0), tmp_path / "db.sqlite3", language="fi", stations=True)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start_rotation(app, pilot)
        await pilot.press("1")
        entry = await shown(app, pilot, StationEntryScreen)
        await pilot.press(*"Jonossa")  # typed before the switch: kept
        assert "Odotukset ja mielikuvat kanavasta" in screen_text(app)
        await pilot.press("f4")
        await shown(app, pilot, SettingsScreen)
        await pilot.press("down", "enter")  # the language set: English
        await until(pilot, lambda: app.language == "en", "app.language == 'en'")
        await pilot.press("escape")
        await until(pilot, lambda: current(app) is entry, "current(app) is entry")
        text = screen_text(app)
        expected = (
            "Expectations and image of the channel",
            "Mindset (attitude)",
            "Customer: young adult",
            "keeper Aino",
        )
        for words in expected:
            assert words in text, words
        assert "Mitä asiakas" not in text and "Asiakas:" not in text and "pitäjä" not in text
        assert entry.query_one("#role", Select).value == "young-adult"
        assert next(key.description for key in entry.query(FooterKey)) == "Back"
        assert entry.query_one("#grid-expects", TextArea).text == "Jonossa"
        await pilot.press("escape")
        await until(
            pilot,
            lambda: entry.session.grid("desk", "young-adult")["expects"] == "Jonossa",
            "the grid's text kept",
        )


@pytest.mark.parametrize(("size", "language"), SIZES)
async def test_the_groups_label_says_what_empty_means_in_the_kind_shown(
    library: Path, tmp_path: Path, size: tuple[int, int], language: str
) -> None:
    app = make(library, FakeClock(1_750_000_000.0), tmp_path / "db.sqlite3", language=language)
    story, rotation = {"fi": ("tyhjä = ei ryhmiä", "tyhjä = neljä"), "en": ("empty = none", "empty = four")}[language]
    async with app.run_test(size=size) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        await until(pilot, lambda: whole(app, "#groups-label", "#groups", "#participants"), "the fields drawn")
        setup = app.screen
        label = setup.query_one("#groups-label", Label)
        assert story in str(label.visual) and rotation not in screen_text(app)
        assert_whole(app, label, setup.query_one("#groups"), setup.query_one("#participants"))
        setup.query_one("#session-kind", Select).focus()
        await pilot.press("enter", "down", "enter")  # the kind of session: a station rotation
        await until(
            pilot,
            lambda: setup.query_one("#session-kind", Select).value == "stations",
            "the kind chosen",
        )
        assert rotation in str(label.visual) and story not in screen_text(app)
        assert_whole(app, label, setup.query_one("#groups"), setup.query_one("#participants"))


@pytest.mark.parametrize(("size", "language"), SIZES)
async def test_the_reflections_keys_keep_their_order_wherever_the_focus_is(
    small_library: Path, size: tuple[int, int], language: str
) -> None:
    app = make_story_app(FakeClock(1_750_000_000.0), language, paths=small_library)
    async with app.run_test(size=size) as pilot:
        await start(app, pilot, "mini", participants="1")
        session = session_of(app)
        while session.phase != Phase.STORY_END:
            session.open_vote() if session.phase == Phase.DISCUSS else None
            session.reveal(accept_mismatch=True)
            session.continue_with("ideal")
        session.next_story()  # the story ended: the team debrief, where Enter goes on to the reflection
        app.screen.post_message(ShowRun(app.screen.run))  # type: ignore[attr-defined]
        await shown(app, pilot, RehearseDebriefScreen)
        await pilot.press("enter")
        screen = await shown(app, pilot, RehearseReflectScreen)

        async def assert_keys_in_order(focus: str) -> None:
            await assert_footer_fits(app, pilot)
            keys = [key.key for key in screen.query(FooterKey)]
            assert [key for key in keys if key in ("f5", "f6", "f7")] == ["f5", "f6", "f7"], (focus, keys)

        await until(pilot, lambda: isinstance(app.focused, TextArea), "the focus in the note")
        await assert_keys_in_order("the note")
        await pilot.press("tab")
        await until(pilot, lambda: isinstance(app.focused, Button), "the focus on a button")
        await assert_keys_in_order("a button")
        await pilot.press("shift+tab")
        await until(pilot, lambda: isinstance(app.focused, TextArea), "the focus back in the note")
        await assert_keys_in_order("the note again")
