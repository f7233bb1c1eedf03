"""The lesson behind each verdict in the app: the practice feedback after a choice and the debrief (in exam mode,
the debrief only), at 80x24, in Finnish and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.play import PlayScreen
from tests.tui.conftest import STORIES
from tests.tui.helpers import MakeApp, feedback_shown, screen_text, search_and_open, until, until_screen


def tagged_folder(tmp_path: Path) -> Path:
    """The test library's desk story with its decisions and weak options tagged, alone in a folder."""
    text = (STORIES / "desk.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    model_answer: {fi: Katsotaan heti yhdessä., en: Let us look right away together.}\n",
        "    model_answer: {fi: Katsotaan heti yhdessä., en: Let us look right away together.}\n"
        "    lessons: [explain-the-why]\n",
    )
    text = text.replace("        solution_focused: no\n        feedback: {fi: Asiakas", "        solution_focused: no\n"
                        "        breaks: own-the-next-step\n        feedback: {fi: Asiakas")  # fmt: skip
    text = text.replace("  report:\n    say: {fi: No mitä nyt?, en: So what now?}\n", "  report:\n"
                        "    say: {fi: No mitä nyt?, en: So what now?}\n    lessons: [turn-it-forward]\n")  # fmt: skip
    text = text.replace("        solution_focused: no\n        feedback: {fi: Raja", "        solution_focused: no\n"
                        "        breaks: [limits-are-care, turn-it-forward]\n        feedback: {fi: Raja")  # fmt: skip
    assert text.count("lessons:") == 2 and text.count("breaks:") == 2
    folder = tmp_path / "tagged"
    folder.mkdir()
    (folder / "desk.yaml").write_text(text, encoding="utf-8")
    return folder


LINES = {
    "fi": {
        "broken": "Oppi: Asia etenee sinun kauttasi (luku 4)",
        "tested": "Oppi: Näytä ja selitä, älä vain totea (luku 5)",
        "both": "Opit: Rajat on rakkautta (luku 5); Käännä puhe seuraavaan kertaan (luku 5)",
    },
    "en": {
        "broken": "Lesson: Move the matter on yourself (chapter 4)",
        "tested": "Lesson: Show and explain, don't just state (chapter 5)",
        "both": "Lessons: Limits are care (chapter 5); Turn the talk to next time (chapter 5)",
    },
}


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_the_feedback_names_the_lesson_a_weak_choice_broke_and_the_debrief_every_verdicts(
    make_app: MakeApp, tmp_path: Path, language: str
) -> None:
    lines = LINES[language]
    app = make_app(language=language, paths=[tagged_folder(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "ranneke" if language == "fi" else "wristband")
        await until_screen(pilot, PlayScreen, "the play screen")
        await pilot.press("1")  # "It is probably empty": breaks own-the-next-step
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        assert lines["broken"] in screen_text(app)
        assert lines["tested"] not in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(app), "the options again")
        await pilot.press("2")  # "Rules are rules": breaks two lessons
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        assert lines["both"] in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(app), "the ending")
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")
        shown = screen_text(app)
        assert lines["broken"] in shown and lines["both"] in shown


async def test_the_ideal_choice_names_the_lessons_its_decision_tests(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(language="en", paths=[tagged_folder(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "wristband")
        await until_screen(pilot, PlayScreen, "the play screen")
        await pilot.press("2")  # the ideal: pull the report
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        assert LINES["en"]["tested"] in screen_text(app)


async def test_in_exam_mode_the_lessons_wait_for_the_debrief(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(language="fi", paths=[tagged_folder(tmp_path)])
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "ranneke")
        await until_screen(pilot, PlayScreen, "the play screen")
        await pilot.press("1")
        await until(pilot, lambda: "No mitä nyt?" in screen_text(app), "the next decision")
        assert not feedback_shown(app) and "Oppi" not in screen_text(app)
        await pilot.press("1")  # "Näytän raportin": the ideal of a decision that tests turn-it-forward
        await until(pilot, lambda: "Asiakas kiittää ja lähtee uimaan." in screen_text(app), "the ending")
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")
        shown = screen_text(app)
        assert LINES["fi"]["broken"] in shown
        assert "Oppi: Käännä puhe seuraavaan kertaan (luku 5)" in shown


async def test_an_untagged_story_names_no_lesson(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "wristband")
        await until_screen(pilot, PlayScreen, "the play screen")
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        assert "Lesson" not in screen_text(app)
