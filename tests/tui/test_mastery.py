"""Issue #24 in the app: the lessons view (F6), the day's review as a round (F7) with the library saying what is due,
and the lesson behind the verdict in the wide screen's side panel; at 80x24 and 120x40, in Finnish and English."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from scenarios.store import Store
from scenarios.story.lessons import load_lessons
from scenarios.trainer.session import Trainer
from scenarios.tui.app import ScenariosApp
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from scenarios.tui.screens.keys import KeysScreen
from scenarios.tui.screens.lessons import LessonScreen, LessonsScreen
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.progress import ProgressScreen
from scenarios.tui.screens.review import ReviewScreen, RoundEnd, RoundIntro
from tests.mastery.stories import TEXTS, play, stories
from tests.rubric.support import HERE as RUBRIC_FILES
from tests.tui.conftest import NOW
from tests.tui.helpers import (
    AppPilot,
    MakeApp,
    feedback_shown,
    footer_keys,
    play_screen,
    screen_text,
    search_and_open,
    until,
    until_screen,
)
from tests.tui.test_lessons import tagged_folder
from tests.tui.test_own_words import REPLY, write_and_send

SMALL, LARGE = (80, 24), (120, 40)
RUBRICS = RUBRIC_FILES / "rubrics.yaml"
DAY = 86400.0


class Clock:
    """The trainer's clock, moved on by the test (a day at a time, as a trainee comes back)."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The mastery tests' three stories (every decision tagged with lessons), alone in a folder."""
    found = tmp_path / "mastery-stories"
    found.mkdir()
    for number, text in enumerate(TEXTS):
        (found / f"story{number}.yaml").write_text(text, encoding="utf-8")
    return found


def miss_some(store: Store, clock: Clock) -> None:
    """The trainee's day: the desk with an unchecked promise and jargon, the call with 'it was nothing', the email
    right (as the line mode tests play them)."""
    trainer = Trainer(store, clock=clock)
    desk, phone, email = stories()
    play(trainer, desk, ["promise", "jargon"])
    play(trainer, phone, ["tell", "nothing"])
    play(trainer, email, ["steps"])


def fits(app: ScenariosApp, widget_id: str) -> None:
    """The widget lies wholly on the screen, above the keys line."""
    region = app.screen.query_one(widget_id).region
    width, height = app.screen.size
    assert region.right <= width and region.bottom <= height - 1, (widget_id, region, app.screen.size)


def palette_offers(app: ScenariosApp, name: str) -> bool:
    """The command palette's first hit is the command `name`."""
    options = app.screen.query_one(OptionList).options
    return bool(options) and str(options[0].prompt).startswith(name)


async def answer_ideally(app: ScenariosApp, pilot: AppPilot) -> None:
    """Answer the review's decision on show with its ideal option (by its number, as the trainee would), read the
    feedback, and go on (to the next decision, or the round's end)."""
    screen = play_screen(app)
    assert isinstance(screen, ReviewScreen)
    number = screen.session.play.ideal_choice()
    assert number is not None
    await pilot.press(str(number))
    await until(pilot, lambda: feedback_shown(app), "the feedback")
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is not screen and app.screen.is_mounted, "the next decision")


@pytest.mark.parametrize(("language", "size"), [("en", SMALL), ("fi", SMALL), ("en", LARGE)])
async def test_the_lessons_view_shows_each_lessons_state_and_plays_a_decision_that_tests_it(
    make_app: MakeApp, folder: Path, language: str, size: tuple[int, int]
) -> None:
    clock = Clock()
    app = make_app(language=language, paths=[folder], clock=clock, offer_resume=False)
    miss_some(app.store, clock)
    words = {
        "en": ("Your lessons: 7 of 52 met, 0 mastered.", "Practise next:", "Check before you promise (chapter 4)"),
        "fi": ("Oppisi: 7/52 kohdattu, 0 hallussa.", "Harjoittele seuraavaksi:", "Tarkista ennen kuin lupaat (luku 4)"),
    }[language]
    async with app.run_test(size=size) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("f6")
        await until_screen(pilot, LessonsScreen, "the lessons")
        text = screen_text(app)
        assert words[0] in text and words[1] in text
        lessons = app.screen.query_one("#lessons", OptionList)
        assert lessons.has_focus
        shown = [str(option.prompt) for option in lessons.options]
        # What to practise next first: the lessons being learned, fewest right first, then the chapters.
        assert shown[0] == words[1] and words[2] in shown[1]
        learning, not_seen = {"en": ("learning", "not seen"), "fi": ("harjoittelussa", "ei kohdattu")}[language]
        checked = next(line for line in shown[4:] if words[2].split(" (")[0] in line)
        assert (
            checked.startswith(f"~ {learning}") and ("2025-06-15" if language == "en" else "15.6.2025") in checked
        )  # state, last practised
        assert any(line.startswith(f"· {not_seen}") for line in shown)
        for widget_id in ("#lessons", "#lessons-hint"):
            fits(app, widget_id)
        keys = (
            ["esc Close", "f3 Progress", "f7 Review"]
            if language == "en"
            else ["esc Sulje", "f3 Edistyminen", "f7 Kertaus"]
        )
        await until(pilot, lambda: footer_keys(app)[:3] == keys, "the keys line")

        await pilot.press("enter")  # the first lesson to practise next
        await until_screen(pilot, LessonScreen, "the lesson")
        decisions = app.screen.query_one("#lesson-decisions", OptionList)
        rows = [str(option.prompt) for option in decisions.options]
        where = "decision 1 on the ideal path" if language == "en" else "ihannepolun 1. päätös"
        title = "A card at the desk" if language == "en" else "Kortti tiskillä"
        assert (
            rows[0].startswith(f"{title} · {where}") and ("2025-06-16" if language == "en" else "16.6.2025") in rows[0]
        )  # review tomorrow
        fits(app, "#lesson-decisions")
        state = app.screen.query_one("#lesson-state", Static)
        before = str(state.visual)

        await pilot.press("enter")  # play it where its story stands
        await until_screen(pilot, ReviewScreen, "the decision")
        screen = play_screen(app)
        assert "Is my card ready?" in screen_text(app) or "Onko korttini valmis?" in screen_text(app)
        tests = "This decision tests: " if language == "en" else "Tämä päätös testaa: "
        assert str(screen.query_one("#review-why", Static).visual).startswith(tests)
        fits(app, "#choices")
        await answer_ideally(app, pilot)
        await until_screen(pilot, RoundEnd, "the end of the round")
        end = screen_text(app)
        assert words[2] in end  # the round is named by its lesson
        # Right before it is due: the miss still comes back tomorrow (spacing is what makes practice stick).
        back = "back for review on 2025-06-16 (interval 1 of 4)" if language == "en" else "palaa kertaukseen 16.6.2025"
        assert back in end
        met = "Find the need behind the question (chapter 2): not seen → learning"
        assert met in end if language == "en" else "Selvitä tarve kysymyksen takana (luku 2): ei kohdattu" in end
        await pilot.press("escape")
        await until_screen(pilot, LessonScreen, "the lesson again")
        await until(pilot, lambda: str(state.visual) != before, "the lesson's state to be read again")


@pytest.mark.parametrize(("language", "size"), [("en", SMALL), ("fi", SMALL), ("en", LARGE)])
async def test_the_next_day_the_library_says_what_is_due_and_the_review_plays_each_decision_in_context(
    make_app: MakeApp, folder: Path, language: str, size: tuple[int, int]
) -> None:
    clock = Clock()
    today = make_app(language=language, paths=[folder], clock=clock, offer_resume=False)
    miss_some(today.store, clock)
    async with today.run_test(size=size) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        assert not today.screen.query_one("#review-due").display  # nothing is due on the day of the misses
    today.store.close()

    clock.now += DAY
    app = make_app(language=language, paths=[folder], clock=clock, offer_resume=False)
    due = {"en": "3 to review (F7)", "fi": "3 kertattavaa (F7)"}[language]
    async with app.run_test(size=size) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await until(pilot, lambda: due in screen_text(app), "the library to say what is due")
        fits(app, "#review-due")
        await pilot.press("f7")
        await until_screen(pilot, RoundIntro, "what the review holds")
        intro = {"en": "3 earlier misses again.", "fi": "3 aiempaa virhettä uudelleen."}[language]
        assert intro in screen_text(app)
        await pilot.press("enter")
        await until_screen(pilot, ReviewScreen, "the first decision")
        screen = play_screen(app)
        assert screen.status.decision == ("1 of 3" if language == "en" else "1/3")  # each lesson met: only misses
        missed = "Your choice here on 2025-06-15 missed" if language == "en" else "Valintasi tässä 15.6.2025 ei osunut"
        assert str(screen.query_one("#review-why", Static).visual).startswith(missed)
        seen = []
        while isinstance(app.screen, ReviewScreen):
            shown = app.screen
            assert isinstance(shown, ReviewScreen) and shown.query_one("#choices").display
            fits(app, "#choices")
            seen.append((shown.round.item.node if shown.round.item else "", screen_text(app)))
            await answer_ideally(app, pilot)
        # The desk's second decision where the trainee stood: after the promise they made.
        wait = next(text for node, text in seen if node == "wait")
        promise = "It surely is!" if language == "en" else "On varmasti!"
        assert wait.index("Is my card ready?" if language == "en" else "Onko korttini valmis?") < wait.index(promise)
        await until_screen(pilot, RoundEnd, "the end of the round")
        end = screen_text(app)
        assert ("Review done: 3 of 3 right." if language == "en" else "Kertaus tehty: 3/3 osui.") in end
        back = "back for review on 2025-06-19 (interval 2 of 4)" if language == "en" else "palaa kertaukseen 19.6.2025"
        assert end.count(back) == 3  # the three misses, answered right on their day, come back after 3 days
        await pilot.press("enter")
        await until_screen(pilot, LibraryScreen, "the library")
        await until(pilot, lambda: not app.screen.query_one("#review-due").display, "nothing due any more")


async def test_a_lessons_decision_due_today_says_so_and_f7_reviews_it(make_app: MakeApp, folder: Path) -> None:
    clock = Clock()
    app = make_app(language="fi", paths=[folder], clock=clock, offer_resume=False)
    miss_some(app.store, clock)
    clock.now += DAY
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("f6")
        await until_screen(pilot, LessonsScreen, "the lessons")
        await pilot.press("enter")  # the first lesson to practise next: its decision was missed yesterday
        await until_screen(pilot, LessonScreen, "the lesson")
        rows = [str(option.prompt) for option in app.screen.query_one("#lesson-decisions", OptionList).options]
        assert "Kortti tiskillä · ihannepolun 1. päätös · kertaus tänään (F7)" in rows[0]
        await pilot.press("f7")
        await until_screen(pilot, RoundIntro, "what the review holds")


@pytest.mark.parametrize("in_background", [False, True])
async def test_scenarios_review_opens_the_app_on_the_days_review(
    make_app: MakeApp, folder: Path, in_background: bool
) -> None:
    clock = Clock()
    store = Store(clock=clock)
    miss_some(store, clock)
    clock.now += DAY
    app = make_app(
        language="en", paths=[folder], clock=clock, store=store, review=True, library_in_background=in_background
    )
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, RoundIntro, "what the review holds")  # once the stories are loaded
        assert "3 earlier misses again." in screen_text(app)
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library under it")


async def test_escape_ends_the_review_keeping_what_was_answered(make_app: MakeApp, folder: Path) -> None:
    clock = Clock()
    app = make_app(language="en", paths=[folder], clock=clock, offer_resume=False)
    miss_some(app.store, clock)
    clock.now += DAY
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("ctrl+p")
        await until_screen(pilot, CommandPalette, "the commands")
        await pilot.press(*"Review")
        await until(pilot, lambda: palette_offers(app, "Review"), "the review among the commands")
        await pilot.press("enter")
        await until_screen(pilot, RoundIntro, "what the review holds")
        await pilot.press("enter")
        await until_screen(pilot, ReviewScreen, "the first decision")
        await answer_ideally(app, pilot)
        await pilot.press("escape")
        await until_screen(pilot, RoundEnd, "the end of the round")
        assert "Review left unfinished: 1 of 1 right." in screen_text(app)
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        await until(pilot, lambda: "2 to review (F7)" in screen_text(app), "the rest still due")


async def test_the_lessons_keys_are_listed_by_the_help_and_found_in_the_commands(make_app: MakeApp) -> None:
    app = make_app(language="fi", offer_resume=False)
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("question_mark")
        await until_screen(pilot, KeysScreen, "the keys")
        keys = screen_text(app)
        assert re.search(r"^f6 +Opit$", keys, re.M) and re.search(r"^f7 +Kertaus$", keys, re.M)
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("ctrl+p")
        await until_screen(pilot, CommandPalette, "the commands")
        await pilot.press(*"Opit")
        await until(pilot, lambda: palette_offers(app, "Opit"), "the lessons among the commands")
        await pilot.press("enter")
        await until_screen(pilot, LessonsScreen, "the lessons")
        assert "Oppisi: 0/52 kohdattu, 0 hallussa." in screen_text(app)


MORE_KEYS = {"fi": ["f6 Opit", "f7 Kertaus"], "en": ["f6 Lessons", "f7 Review"], "sv": ["f6 Lärdomar", "f7 Repetition"]}


@pytest.mark.parametrize("language", ["fi", "en", "sv"])
async def test_at_80x24_the_library_offers_f6_and_f7_on_a_second_keys_line_and_a_click_opens_each(
    make_app: MakeApp, folder: Path, language: str
) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(language=language, offer_resume=False, paths=[folder])
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await until(pilot, lambda: all(key in footer_keys(app) for key in MORE_KEYS[language]), "F6 and F7 shown")
        keys = [key for key in app.screen.query(FooterKey) if key.region.width]
        lines = {key.region.y for key in keys}
        assert lines == {22, 23}  # the second line right over the keys line, nothing cut on either
        for line in lines:
            row = sorted((key.region for key in keys if key.region.y == line), key=lambda region: region.x)
            assert all(a.right <= b.x for a, b in itertools.pairwise(row)) and row[-1].right <= SMALL[0]
        more = [key for key in keys if key.region.y == 22]
        assert [f"{key.key_display} {key.description}" for key in more] == MORE_KEYS[language]
        await pilot.click(more[0])
        await until_screen(pilot, LessonsScreen, "the lessons")
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        await until(pilot, lambda: all(key in footer_keys(app) for key in MORE_KEYS[language]), "F6 and F7 again")
        review = next(key for key in app.screen.query(FooterKey) if key.key == "f7")
        await pilot.click(review)
        await until_screen(pilot, RoundIntro, "the day's review")


async def test_progress_and_the_lessons_are_neighbours_one_key_apart(make_app: MakeApp) -> None:
    app = make_app(language="fi", offer_resume=False)
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("f3")
        await until_screen(pilot, ProgressScreen, "Progress")
        await until(pilot, lambda: "f6 Opit" in footer_keys(app), "the lessons' key on Progress's keys line")
        await pilot.press("f6")
        await until_screen(pilot, LessonsScreen, "the lessons in Progress's place")
        await pilot.press("f3")
        await until_screen(pilot, ProgressScreen, "Progress again")
        await pilot.press("f6")
        await until_screen(pilot, LessonsScreen, "the lessons again")
        await pilot.press("escape")  # one step back, however often the trainee went between them
        await until_screen(pilot, LibraryScreen, "the library")


async def test_the_lessons_and_the_review_never_open_over_a_rehearsal(make_app: MakeApp, folder: Path) -> None:
    clock = Clock()
    app = make_app(language="en", paths=[folder], clock=clock, offer_resume=False)
    miss_some(app.store, clock)
    clock.now += DAY  # a review is due
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("f5")
        await until_screen(pilot, RehearseSetupScreen, "the rehearsal's setup")
        field = app.focused
        assert isinstance(field, Input)
        before = field.value
        await pilot.press("f6", "f7", "x")  # a letter last: once it is typed in the setup, F6 and F7 were handled
        await until(pilot, lambda: field.value != before, "the letter typed")
        assert app.screen is field.screen
        assert not [screen for screen in app.screen_stack if isinstance(screen, LessonsScreen | RoundIntro)]


async def test_own_words_first_holds_in_a_decision_played_from_the_lessons(make_app: MakeApp, tmp_path: Path) -> None:
    found = tmp_path / "rubric-story"
    found.mkdir()
    shutil.copy(RUBRICS, found / "rubrics.yaml")
    app = make_app(language="fi", paths=[found], offer_resume=False)
    app.settings = app.settings.model_copy(update={"own_words": "on", "mode": "practice"})
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("f6")
        await until_screen(pilot, LessonsScreen, "the lessons")
        lessons = app.screen.query_one("#lessons", OptionList)
        wanted = "lesson:explain-the-why"  # what the story's first decision tests
        for _ in range(lessons.option_count):
            option = lessons.highlighted_option
            if option is not None and option.id == wanted:
                break
            await pilot.press("down")
        await until(pilot, lambda: (lessons.highlighted_option or Option("")).id == wanted, "the lesson highlighted")
        await pilot.press("enter")
        await until_screen(pilot, LessonScreen, "the lesson")
        await pilot.press("enter")
        await until_screen(pilot, ReviewScreen, "the decision")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert not screen.query_one("#choices").display, "no options before the reply"
        await write_and_send(pilot, REPLY)
        checklist = screen.query_one("#own-checklist", OptionList)
        await until(pilot, lambda: checklist.display and checklist.option_count == 4, "the checklist")
        await pilot.press("down", "down", "down", "enter")  # on to the options
        await until(pilot, lambda: screen.query_one("#choices").display, "the options")
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        assert f"Oma vastauksesi: ”{REPLY}”" in screen_text(app)
        (result,) = screen.round.own_choices()
        assert result.own is not None and result.own.text == REPLY  # the reply went with the round's answer


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_on_a_wide_screen_the_lesson_behind_the_verdict_fills_its_place_only_after_the_choice(
    make_app: MakeApp, tmp_path: Path, language: str
) -> None:
    app = make_app(language=language, paths=[tagged_folder(tmp_path)])
    names = {
        "fi": ("Arvion perusteena", "Asia etenee sinun kauttasi (luku 4)"),
        "en": ("Behind the verdict", "Move the matter on yourself (chapter 4)"),
    }[language]
    async with app.run_test(size=LARGE) as pilot:
        await search_and_open(app, pilot, "ranneke" if language == "fi" else "wristband")
        screen = play_screen(app)
        lesson = screen.query_one("#side-lesson", Static)
        await until(pilot, lambda: screen.side_shown, "the side panel")
        assert not str(lesson.visual) and lesson.region.height == 0  # before the choice: nothing to give it away
        await pilot.press("1")  # "It is probably empty": breaks own-the-next-step
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        await until(pilot, lambda: lesson.region.height > 0, "the lesson in its place")
        text = str(lesson.visual)
        assert text.startswith(names[0]) and names[1] in text
        own_step = load_lessons().get("own-the-next-step")
        assert own_step is not None and text.endswith(own_step.text.get_text(language))  # and what it says
        feedback = str(screen.query_one("#feedback-text", Static).visual)
        assert names[1] not in feedback  # said once, in its place
        await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(app), "the next decision")
        await until(pilot, lambda: lesson.region.height == 0 and not str(lesson.visual), "the lesson to go")


async def test_in_an_exam_the_side_panel_keeps_the_lesson_for_the_debrief(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(language="en", paths=[tagged_folder(tmp_path)])
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=LARGE) as pilot:
        await search_and_open(app, pilot, "wristband")
        screen = play_screen(app)
        made = len(screen.session.play.history)
        await pilot.press("1")
        await until(pilot, lambda: len(screen.session.play.history) > made and not screen.busy, "the next decision")
        assert not str(screen.query_one("#side-lesson", Static).visual)
