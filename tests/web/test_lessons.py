"""The trainee's lessons and the day's review in the web trainer, driven as the routes drive them (the browser's own
test is `test_lessons_browser.py`): the lessons by chapter, a missed decision due the next day in the library, the
lessons page and the review, a review round played decision by decision to its end, and a lesson's decision played
from its page. The next day is the trainer's clock moved on (`SCENARIOS_CLOCK_SHIFT`), as a trainee would try it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scenarios.store import Store
from scenarios.story import browse
from scenarios.web.actions import WebTrainer
from scenarios.web.lessons import LessonPages
from tests.mastery.stories import TEXTS
from tests.web.pages import Desk, location, visit_of, words

AINO = visit_of("Aino")


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    """The web trainer over the mastery tests' three stories (each decision tagged with lessons)."""
    monkeypatch.delenv("SCENARIOS_CLOCK_SHIFT", raising=False)
    folder = tmp_path / "stories"
    folder.mkdir()
    paths = []
    for text in TEXTS:
        path = folder / f"{text.split(chr(10), 1)[0].removeprefix('id: ')}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    store = Store(tmp_path / "web.sqlite3")
    trainer = WebTrainer(store, paths=list(paths), language="en", seed=7)
    try:
        yield Desk(trainer)
    finally:
        trainer.close()
        store.close()


def play_story(desk: Desk, story: str, options: list[str]) -> None:
    """Start `story` in practice and choose these options, each verdict read, to its end."""
    assert desk.start(AINO, story) == f"/play/{story}"
    for option in options:
        assert location(desk.choose(AINO, option, story)).startswith(f"/play/{story}/verdict/")
    session = desk.trainer.session(AINO, story)
    assert session is not None and session.play.is_over


def review_option(pages: LessonPages, option_id: str) -> str:
    """Choose option `option_id` at the round's decision on show; where it leads."""
    browser = pages.web.browser(AINO)
    assert browser is not None and browser.review is not None
    play = browser.review.round.play
    assert play is not None
    number = next(choice.number for choice in play.beat().choices if choice.option_id == option_id)
    return location(pages.choose(AINO, len(play.history), number))


def test_the_lessons_page_lists_the_material_by_chapter_and_what_to_practise_next(desk: Desk) -> None:
    pages = LessonPages(desk.trainer)
    said = words(pages.lessons_page(AINO))
    assert "Your lessons: 0 of" in said and "Practise next:" in said
    assert said.index("Chapter 2: The core concepts of customer service") < said.index("Chapter 4: Solution focus")
    assert "not met yet (1 decision tests it)" in said  # why a lesson is next
    assert "due for review" not in said

    play_story(desk, "desk-card", ["promise", "jargon"])
    said = words(pages.lessons_page(AINO))
    assert "Your lessons: 2 of" in said
    assert "Check before you promise ~ learning · last" in said  # the state in words after the title
    lesson = words(pages.lesson_page(AINO, "check-before-promising"))
    assert "learning · 0 of 1 answers right · last" in lesson
    assert "A card at the desk" in lesson and "decision 1 on the ideal path · in review, due" in lesson
    assert "Is my card ready?" in lesson  # the first words said there


def test_the_next_day_the_library_says_what_is_due_and_the_review_plays_it_to_the_end(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = LessonPages(desk.trainer)
    play_story(desk, "desk-card", ["promise", "jargon"])
    library = words(desk.trainer.library_page(AINO, browse.Search()))
    assert "due for review today" not in library

    monkeypatch.setenv("SCENARIOS_CLOCK_SHIFT", "1d")
    library = words(desk.trainer.library_page(AINO, browse.Search()))
    assert "2 decisions are due for review today. Review them" in library
    assert "2 decisions are due for review today." in words(pages.lessons_page(AINO))
    intro = words(pages.review_page(AINO))
    assert "The day's review: 5 decisions, about 8 min. 2 earlier misses again." in intro

    assert location(pages.begin(AINO)) == "/review/play"
    first = words(pages.play_page(AINO))
    assert "Review · 1 of 5 · A card at the desk" in first
    assert "Your choice here on" in first and "missed (review interval 1 of 4)" in first
    assert "Is my card ready?" in first
    assert review_option(pages, "look") == "/review/play#verdict"
    verdict = words(pages.play_page(AINO))
    assert "✓ Solution-focused" in verdict and "You checked first." in verdict
    assert "Next decision" in verdict
    assert location(pages.choose(AINO, 0, 1)) == "/review/play"  # the page of before chooses nothing

    assert location(pages.next(AINO)) == "/review/play"
    second = words(pages.play_page(AINO))
    assert "Review · 2 of 5" in second and "So when will it come?" in second
    assert review_option(pages, "plain") == "/review/play#verdict"
    for _ in range(3):  # the new lessons' decisions, each answered as the ideal
        assert location(pages.next(AINO)) == "/review/play"
        browser = pages.web.browser(AINO)
        assert browser is not None and browser.review is not None and browser.review.round.play is not None
        review_option(pages, browser.review.round.play.ideal_option() or "")
    assert "See how it went" in words(pages.play_page(AINO))
    assert location(pages.next(AINO)) == "/review/done"
    done = words(pages.done_page(AINO))
    assert "Review done: 5 of 5 right." in done
    assert "✓ A card at the desk (answered right)" in done
    assert "back for review on" in done and "(interval 2 of 4)" in done
    assert "Your lessons changed" in done

    library = words(desk.trainer.library_page(AINO, browse.Search()))
    assert "due for review today" not in library  # answered: due again later


def test_a_lessons_decision_is_played_from_its_page_and_counts_for_the_lesson(desk: Desk) -> None:
    pages = LessonPages(desk.trainer)
    lesson = words(pages.lesson_page(AINO, "plain-language"))
    assert "not seen · not met yet (1 decision tests it)" in lesson
    assert location(pages.play_lesson(AINO, "plain-language", "desk-card wait")) == "/review/play"
    shown = words(pages.play_page(AINO))
    assert "This decision tests: " in shown and "So when will it come?" in shown
    assert "Look the order up in the system." in shown  # the conversation so far: the ideal path's
    assert review_option(pages, "jargon") == "/review/play#verdict"
    assert "See how it went" in words(pages.play_page(AINO))
    assert location(pages.next(AINO)) == "/review/done"
    done = words(pages.done_page(AINO))
    assert "Review done: 0 of 1 right." in done and "Back to the lesson" in done
    assert "learning · 0 of 1 answers right" in words(pages.lesson_page(AINO, "plain-language"))

    # A decision that does not test the lesson, or a story not in the library, is not played.
    assert location(pages.play_lesson(AINO, "plain-language", "desk-card start")) == "/lessons/plain-language"
    assert location(pages.play_lesson(AINO, "plain-language", "nothing here")) == "/lessons/plain-language"


def test_a_review_left_early_keeps_what_was_answered(desk: Desk) -> None:
    pages = LessonPages(desk.trainer)
    assert location(pages.begin(AINO)) == "/review/play"  # the lessons not met yet
    assert location(pages.end(AINO)) == "/review"  # nothing answered: nothing to tell
    assert location(pages.begin(AINO)) == "/review/play"
    browser = pages.web.browser(AINO)
    assert browser is not None and browser.review is not None and browser.review.round.play is not None
    review_option(pages, browser.review.round.play.ideal_option() or "")
    assert "A review is under way: decision 1 of 5." in words(pages.review_page(AINO))
    assert location(pages.end(AINO)) == "/review/done"
    assert "Review left unfinished: 1 of 1 right." in words(pages.done_page(AINO))
    assert "Your lessons: 2 of" in words(pages.lessons_page(AINO))  # the first new decision's two lessons met
