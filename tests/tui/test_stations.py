"""Pilot tests of the chapter 6 station rotation: setup, the rotation screen, a station's entry, time up, export."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Digits, Input, Select, Static, TextArea
from textual.widgets._footer import FooterKey

from scenarios.i18n.catalog import t
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store, exports_dir
from scenarios.tui.rehearse.app import RehearsalApp, create_rehearsal_app
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from scenarios.tui.rehearse.station_closing import StationClosingScreen
from scenarios.tui.rehearse.station_entry import StationEntryScreen
from scenarios.tui.rehearse.station_guide import StationGuideScreen
from scenarios.tui.rehearse.stations import StationsScreen
from tests.conftest import MINI
from tests.rehearsal.conftest import FakeClock
from tests.tui.helpers import screen_text, until, until_screen
from tests.tui.test_rehearse_projector import assert_footer_fits

PROJECTOR = (100, 30)
S = TypeVar("S", bound=Screen[None])
PEOPLE = "Aino, Bo, Cai, Dan, Eve, Fia, Gus, Hil, Ida, Jon"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI, encoding="utf-8")
    return folder


def make(library: Path, clock: FakeClock, database: Path, language: str = "fi", **kwargs: object) -> RehearsalApp:
    return create_rehearsal_app(
        paths=[library], language=language, clock=clock, seed=0, cursor_blink=False,
        store=Store(database, clock=clock), **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


async def shown(app: RehearsalApp, pilot: Pilot[None], kind: type[S]) -> S:
    """The screen `kind` once it is up (on a busy machine a screen takes a few turns of the loop to mount)."""
    await until_screen(pilot, kind, f"{kind.__name__} to come up")
    screen = app.screen
    assert isinstance(screen, kind)
    return screen


async def start_rotation(app: RehearsalApp, pilot: Pilot[None], keepers: str = "Aino, Bo, Cai, Dan") -> StationsScreen:
    setup = app.screen
    assert isinstance(setup, RehearseSetupScreen)
    setup.query_one("#team", Input).value = "Kirjasto"
    setup.query_one("#participants", Input).value = PEOPLE
    setup.query_one("#keepers", Input).value = keepers
    setup.query_one("#start", Button).press()
    return await shown(app, pilot, StationsScreen)


async def test_a_facilitator_runs_a_rotation_at_the_projector(library: Path, tmp_path: Path) -> None:
    clock = FakeClock(1_750_000_000.0)
    app = make(library, clock, tmp_path / "db.sqlite3", stations=True)
    async with app.run_test(size=PROJECTOR) as pilot:
        assert app.screen.query_one("#session-kind", Select).value == "stations"
        assert not app.screen.query_one("#plan").display and app.screen.query_one("#keepers").display
        screen = await start_rotation(app, pilot)
        session = screen.session
        text = screen_text(app)
        assert "Kierros 1/4" in text and "Kierros 1: nuori aikuinen → asiointipiste" in text
        assert "Seuraavaksi: nuori aikuinen → sähköposti" in text
        assert "1  asiointipiste · pitäjä Aino · nyt: nuori aikuinen · kirjattu 0/15" in text
        for widget in ("#round-clock", "#rotation", "#station-list"):  # all on the projector without scrolling
            region = screen.query_one(widget).region
            assert region.bottom <= PROJECTOR[1] - 1 and region.right <= PROJECTOR[0], widget

        # The phone's keeper writes what the visiting family told, then the skills.
        await pilot.press("4")
        entry = await shown(app, pilot, StationEntryScreen)
        assert entry.role == "foreign-language-family"
        await pilot.press(*"Selkokieli", "enter", *"tulkki")
        entry.query_one("#skills-toolset", TextArea).focus()
        await pilot.press(*"Tulkkipalvelu")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "app.screen is screen")
        assert session.grid("phone", "foreign-language-family")["expects"] == "Selkokieli\ntulkki"
        assert session.station_skills("phone")["toolset"] == "Tulkkipalvelu"
        assert "4  puhelin · pitäjä Dan · nyt: vieraskielinen perhe · kirjattu 2/15" in screen_text(app)

        # Time runs out: the digits and the line turn red and say so.
        clock.advance(20 * 60)
        screen.tick()
        state = screen.query_one("#round-state", Static)
        assert "AIKA LOPPUI" in str(state.visual) and state.has_class("-up")
        assert screen.query_one("#round-clock", Digits).has_class("-up")
        await pilot.press("plus")
        assert str(screen.query_one("#round-clock", Digits).value) == "1:00" and not state.has_class("-up")

        await pilot.press("n")
        assert "Kierros 2: nuori aikuinen → sähköposti" in screen_text(app)
        await pilot.press("b", "n", "n", "n")
        assert "Kierros 4/4" in screen_text(app)
        await pilot.press("n")
        assert session.is_done and "kierto päättyi" in screen_text(app)
        await pilot.click("#export-md")
        exported = exports_dir() / "rehearsal-1.md"
        await until(pilot, exported.exists, "the export")
        written = exported.read_text(encoding="utf-8")
        assert "Selkokieli<br>tulkki" in written and "Tulkkipalvelu" in written


async def test_the_rotation_screen_prints_the_cards_of_the_rotation_it_runs(library: Path, tmp_path: Path) -> None:
    clock = FakeClock(1_750_000_000.0)
    app = make(library, clock, tmp_path / "db.sqlite3", language="en", stations=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_rotation(app, pilot, keepers="Gus, Hil, Ida, Jon")
        await assert_footer_fits(app, pilot)
        assert "Cards" in [key.description for key in screen.query(FooterKey)]
        await pilot.press("c")
        sheet = exports_dir() / "cards-1.html"
        await until(pilot, sheet.exists, "the cards")
        page = sheet.read_text(encoding="utf-8")
        for keeper, station in zip(("Gus", "Hil", "Ida", "Jon"), ("front desk", "email", "chat", "phone"), strict=True):
            assert f"You serve: {station}</h2><p><strong>Name:</strong> {keeper}</p>" in page
        for visit in screen.session.visits():
            role = t(f"customer.{visit.role}", "en")
            for person in visit.people:
                assert f"You are the customer: {role}</h2><p><strong>Name:</strong> {person}</p>" in page
        assert "station rotation 1 · Kirjasto" in page
        await until(pilot, lambda: str(sheet) in screen_text(app), "where the cards went")


async def test_the_entry_switches_customer_role_and_keeps_both(library: Path, tmp_path: Path) -> None:
    clock = FakeClock(1_750_000_000.0)
    app = make(library, clock, tmp_path / "db.sqlite3", language="en", stations=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_rotation(app, pilot)
        assert "Round 1: young adult → front desk" in screen_text(app)
        for widget in ("#round-clock", "#rotation", "#station-list"):  # readable at 80×24 without scrolling
            region = screen.query_one(widget).region
            assert region.bottom <= 23 and region.right <= 80, widget
        await pilot.press("1")
        entry = await shown(app, pilot, StationEntryScreen)
        assert entry.role == "young-adult"
        await pilot.press(*"No queue")
        entry.query_one("#role", Select).value = "retired-couple"
        await until(
            pilot,
            lambda: entry.query_one("#grid-expects", TextArea).text == "",
            "the field's text",
        )
        entry.query_one("#grid-expects", TextArea).focus()
        await pilot.press(*"Time to talk")
        await pilot.press("escape")
        await until(
            pilot,
            lambda: screen.session.grid("desk", "young-adult")["expects"] == "No queue",
            "the grid's text kept",
        )
        assert screen.session.grid("desk", "retired-couple")["expects"] == "Time to talk"


async def test_an_interrupted_rotation_resumes_from_the_setup_with_its_clock_running(
    library: Path, tmp_path: Path
) -> None:
    clock = FakeClock(1_750_000_000.0)
    database = tmp_path / "db.sqlite3"
    app = make(library, clock, database)
    async with app.run_test(size=PROJECTOR) as pilot:
        setup = app.screen
        setup.query_one("#session-kind", Select).value = "stations"
        await until(pilot, lambda: setup.query_one("#station-fields").display, "the rotation's fields")
        await start_rotation(app, pilot)
        await pilot.press("n")
    clock.advance(5 * 60)  # the app is gone for five minutes, as after a crash
    again = make(library, clock, database)
    async with again.run_test(size=PROJECTOR) as pilot:
        buttons = [b for b in again.screen.query(Button) if (b.id or "").startswith("resume-")]
        assert len(buttons) == 1 and "asemakierto" in str(buttons[0].label)
        buttons[0].press()
        screen = await shown(again, pilot, StationsScreen)
        assert screen.session.round_index == 1
        assert str(screen.query_one("#round-clock", Digits).value) == "15:00"
    assert StoryRecords(Store(database)).interrupted()[0].kind == "stations"


async def test_the_setup_says_what_a_rotation_needs(library: Path, tmp_path: Path) -> None:
    app = make(library, FakeClock(), tmp_path / "db.sqlite3", language="en", stations=True)
    async with app.run_test(size=PROJECTOR) as pilot:
        setup = app.screen
        setup.query_one("#participants", Input).value = "Aino, Bo, Cai"
        setup.query_one("#start", Button).press()
        await until(
            pilot,
            lambda: "at least five participants" in str(setup.query_one("#setup-error", Static).visual),
            "at least five participants",
        )
        setup.query_one("#participants", Input).value = PEOPLE
        setup.query_one("#round-minutes", Input).value = "0"
        setup.query_one("#start", Button).press()
        await until(
            pilot,
            lambda: "length of a round" in str(setup.query_one("#setup-error", Static).visual),
            "length of a round",
        )


async def test_the_team_closes_the_rotation_with_the_shared_row_and_the_six_questions(
    library: Path, tmp_path: Path
) -> None:
    clock = FakeClock(1_750_000_000.0)
    app = make(library, clock, tmp_path / "db.sqlite3", language="en", stations=True)
    async with app.run_test(size=PROJECTOR) as pilot:
        screen = await start_rotation(app, pilot)
        session = screen.session
        assert "Wrap-up" not in [key.description for key in screen.query(FooterKey)]  # not while the rounds run
        await pilot.press("n", "n", "n", "n")
        await until(pilot, lambda: session.is_done, "the end of the rotation")
        await until(pilot, lambda: "Wrap-up" in [k.description for k in screen.query(FooterKey)], "the wrap-up key")
        assert "y: gather together what every channel asks" in screen_text(app)
        await pilot.press("y")
        closing = await shown(app, pilot, StationClosingScreen)
        assert "What did I learn that was new to me?" in screen_text(app)
        await pilot.press(*"Understanding difference", "tab", *"Plain language", "enter", *"Searching")
        for _ in range(2):  # past the toolset to the first question
            await pilot.press("tab")
        await pilot.press(*"Chat needs warmth too")
        await until(pilot, lambda: closing.query_one("#answer-0", TextArea).has_focus, "the first question")
        await pilot.press("escape")
        await shown(app, pilot, StationsScreen)
        assert session.common_skills() == {
            "mindset": "Understanding difference",
            "skillset": "Plain language\nSearching",
            "toolset": "",
        }
        assert session.answers == {0: "Chat needs warmth too"}
        await pilot.click("#export-md")
        exported = exports_dir() / "rehearsal-1.md"
        await until(pilot, exported.exists, "the export")
        written = exported.read_text(encoding="utf-8")
        assert "| Understanding difference |" in written and "Plain language<br>Searching |" in written
        assert "### What did I learn that was new to me?\n\nChat needs warmth too" in written


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_the_facilitators_guide_is_one_key_away_and_says_the_roles_are_not_boxes(
    library: Path, tmp_path: Path, language: str
) -> None:
    app = make(library, FakeClock(1_750_000_000.0), tmp_path / "db.sqlite3", language=language, stations=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_rotation(app, pilot)
        await assert_footer_fits(app, pilot)
        await pilot.press("i")
        await shown(app, pilot, StationGuideScreen)
        text = screen_text(app)
        said = {"fi": ("ei ole kategorisoida", "mielikuva"), "en": ("not to categorise customers", "what image")}
        for words in said[language]:
            assert words in text, words
        await pilot.press("escape")
        await shown(app, pilot, StationsScreen)
