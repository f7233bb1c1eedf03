"""The rehearsal's reveal on the shared screen names the lesson each weak option breaks and the lessons the
decision tests, with their chapters, and still fits a projector (100x30)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from scenarios.rehearsal import Phase
from tests.rehearsal.conftest import FakeClock
from tests.tui.helpers import screen_text, until
from tests.tui.test_rehearse_projector import PROJECTOR, assert_inside, make, session_of, start


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_750_000_000.0)


@pytest.mark.parametrize(
    ("language", "broken", "tested"),
    [
        ("fi", "Oppi: Näytä ja selitä, älä vain totea (luku 5)", "Opit: Näytä ja selitä, älä vain totea (luku 5); "),
        ("en", "Lesson: Move the matter on yourself (chapter 4)", "Lessons: Show and explain, don't just state (ch"),
    ],
)
async def test_the_reveal_names_the_lessons_behind_the_verdicts(
    clock: FakeClock, language: str, broken: str, tested: str
) -> None:
    app = make(clock, language)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "empty-wristband", participants="")
        await pilot.press("v")
        await until(pilot, lambda: bool(app.screen.query("Input.count")), "the vote fields")
        for field in app.screen.query(Input).filter(".count"):
            field.value = "1"
        await until(pilot, lambda: all(f.value == "1" for f in app.screen.query(Input).filter(".count")), "the counts")
        await pilot.click("#reveal")
        await until(pilot, lambda: session_of(app).phase == Phase.REVEAL, "the reveal")
        await until(pilot, lambda: bool(app.screen.query(".reveal-option")), "the revealed options")
        shown = screen_text(app)
        assert broken in shown and tested in shown
        assert_inside(app, *app.screen.query(".reveal-option"), *app.screen.query("#buttons-part Button"))
