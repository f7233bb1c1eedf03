"""The trainee's lessons and review over the store, headless, with a clock the test moves: what the app and line
mode show is what these give."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from scenarios.engine import Playthrough, to_json
from scenarios.mastery.rule import LEARNING, MASTERED, NOT_SEEN, state_of
from scenarios.mastery.schedule import INTERVALS
from scenarios.records.outbox import waiting_statements
from scenarios.store import SchemaTooNewError, Store
from scenarios.store.answers import card_rows, reviews
from scenarios.story.lessons import load_lessons
from scenarios.trainer.due import due_count
from scenarios.trainer.lessons import LessonBook
from scenarios.trainer.review import DecisionRound, lesson_round
from scenarios.trainer.session import Trainer
from tests.mastery.stories import play, stories
from tests.rehearsal.conftest import FakeClock

STORIES = stories()
DESK, PHONE, EMAIL = STORIES
BY_ID = {story.id: story for story in STORIES}
DAY = 86400.0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_750_068_000.0)  # a morning


@pytest.fixture
def trainer(tmp_path: Path, clock: FakeClock, store_backend: str | None) -> Trainer:
    """A trainer over a SQLite file, or a PostgreSQL database (each test runs on both)."""
    return Trainer(Store(store_backend or tmp_path / "s.sqlite3", clock=clock), clock=clock)


def three_stories(trainer: Trainer) -> None:
    """The desk story with a promise made unchecked and jargon; the phone call with 'it was nothing'; the email
    answered as the ideal."""
    play(trainer, DESK, ["promise", "jargon"])
    play(trainer, PHONE, ["tell", "nothing"])
    play(trainer, EMAIL, ["steps"])


def test_after_three_stories_the_trainee_has_lessons_and_tomorrow_a_review_of_what_they_missed(
    trainer: Trainer, clock: FakeClock
) -> None:
    three_stories(trainer)
    book = trainer.lessons
    states = book.states()
    assert {lesson: state_of(states, lesson) for lesson in states} == {
        "check-before-promising": LEARNING,  # broken by the promise
        "plain-language": LEARNING,  # broken by the jargon (a sound reply, yet a miss)
        "friendly-is-not-enough": LEARNING,  # one right answer: not yet three
        "accept-praise": LEARNING,  # 'it was nothing' names no lesson: it counts against both
        "thank-the-customer": LEARNING,
        "colleague-is-a-customer": LEARNING,
        "no-assumed-knowledge": LEARNING,
    }
    assert states["check-before-promising"].right == 0 and states["friendly-is-not-enough"].right == 1
    assert book.due() == []  # missed today: nothing is due yet
    clock.advance(DAY)
    due = book.due()
    assert {(card.story, card.node) for card in due} == {("desk-card", "start"), ("desk-card", "wait"),
                                                          ("phone-hours", "thanks")}  # fmt: skip
    items = book.plan(STORIES)
    assert [(i.reason, i.story, i.node) for i in items[:3]] == [
        ("missed", "desk-card", "start"), ("missed", "desk-card", "wait"), ("missed", "phone-hours", "thanks"),
    ]  # fmt: skip
    assert {i.reason for i in items[3:]} <= {"new"}  # every lesson these stories test is met: nothing new
    assert len(items) == 3


def test_a_missed_decision_is_played_where_the_story_stood_and_the_answer_is_kept(
    trainer: Trainer, clock: FakeClock
) -> None:
    three_stories(trainer)
    clock.advance(DAY)
    book = trainer.lessons
    round_ = DecisionRound(book, book.plan(STORIES), BY_ID.get, seed=2)
    assert round_.open_next() and round_.play is not None and round_.item is not None
    assert (round_.item.story, round_.item.node, round_.start) == ("desk-card", "start", 0)
    round_.choose(round_.play.ideal_choice() or 1)
    assert round_.item_done and round_.right == 1
    assert round_.open_next() and round_.play is not None
    # The desk's second decision, replayed along the way the trainee went: after the unchecked promise.
    assert [r.option_id for r in round_.play.history] == ["promise"] and round_.play.node == "wait"
    round_.choose(next(c.number for c in round_.play.beat().choices if c.option_id == "jargon"))
    assert round_.right == 1 and round_.answered == 2
    round_.end()
    kept = reviews(book.store.conn, book.trainee)
    assert [(r.items, r.answered, r.right, r.finished_at is not None) for r in kept] == [(3, 2, 1, True)]
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in waiting_statements(book.store)]
    assert verbs.count("initialized") == 4 and "terminated" in verbs  # 3 playthroughs and the round, left early
    review = [s for s in waiting_statements(book.store) if s["object"]["id"].endswith("/review")]
    assert [s["verb"]["id"].rsplit("/", 1)[-1] for s in review] == ["initialized", "terminated"]
    assert review[1]["result"]["score"] == {"raw": 1, "min": 0, "max": 2, "scaled": 0.5}


def test_missed_decisions_come_back_on_schedule_and_drop_out_when_right_at_the_longest_interval(
    trainer: Trainer, clock: FakeClock
) -> None:
    play(trainer, EMAIL, ["form"])  # missed on day 0
    book = trainer.lessons
    day = 0
    for interval in INTERVALS:
        for _ in range(interval - 1):  # not due on the days between
            clock.advance(DAY)
            day += 1
            assert book.due() == [], f"due on day {day}"
        clock.advance(DAY)
        day += 1
        assert [(c.story, c.node) for c in book.due()] == [("email-login", "start")], f"not due on day {day}"
        round_ = DecisionRound(book, book.plan([EMAIL]), BY_ID.get)
        assert round_.open_next() and round_.play is not None
        round_.choose(round_.play.ideal_choice() or 1)
        round_.end()
    assert day == sum(INTERVALS)
    for _ in range(60):  # right at the longest interval: never due again
        clock.advance(DAY)
        assert book.due() == []
    states = book.states()
    assert state_of(states, "no-assumed-knowledge") == MASTERED  # missed, then right four times


def test_a_miss_in_review_brings_the_decision_back_the_next_day(trainer: Trainer, clock: FakeClock) -> None:
    play(trainer, EMAIL, ["form"])
    book = trainer.lessons
    clock.advance(DAY)
    round_ = DecisionRound(book, book.plan([EMAIL]), BY_ID.get)
    assert round_.open_next() and round_.play is not None
    round_.choose(next(c.number for c in round_.play.beat().choices if c.option_id == "form"))
    round_.end()
    assert book.due() == []
    assert [c.box for c in book.due(book.today() + timedelta(days=1))] == [1]


def test_a_review_of_unseen_lessons_is_offered_before_anything_was_missed(trainer: Trainer) -> None:
    items = trainer.lessons.plan(STORIES)
    assert [(i.reason, i.story, i.node, i.lessons) for i in items] == [  # the lessons in the catalog's order
        ("new", "desk-card", "start", ("find-the-need", "check-before-promising")),
        ("new", "email-login", "start", ("colleague-is-a-customer", "no-assumed-knowledge")),
        ("new", "phone-hours", "start", ("friendly-is-not-enough",)),
        ("new", "phone-hours", "thanks", ("thank-the-customer", "accept-praise")),
        ("new", "desk-card", "wait", ("plain-language",)),
    ]


def test_a_decision_testing_a_lesson_is_played_from_the_lessons_view(trainer: Trainer) -> None:
    book = trainer.lessons
    round_ = lesson_round(book, DESK, "wait", BY_ID.get)
    assert round_.open_next() and round_.play is not None
    assert [r.option_id for r in round_.play.history] == ["look"]  # the conversation along the ideal path
    round_.choose(round_.play.ideal_choice() or 1)
    round_.end()
    assert round_.done and state_of(book.states(), "plain-language") == LEARNING


def stored_before(path: Path, clock: FakeClock) -> None:
    """A store as the trainer kept it before answers were: playthroughs with their saves, nothing else."""
    store = Store(path, clock=clock)
    desk = (DESK, ["look", "plain"])
    for story, options in (desk, (PHONE, ["online", "accept"]), desk, desk):
        game = Playthrough(story, seed=1, clock=clock)
        for option in options:
            game.choose_option(option)
            clock.advance(5)
        record = store.start(story.id, story.id, "fi", "practice", to_json(game))
        assert store.finish(record, to_json(game), decisions=2, solution_focused=2, ideal=2, outcome="resolved")
    store.close()


def test_a_store_from_before_the_answers_opens_with_every_lessons_state_filled_in(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "old.sqlite3"
    stored_before(path, clock)
    before = sqlite3.connect(path)
    assert before.execute("SELECT COUNT(*) FROM schema_version WHERE component = 'mastery'").fetchone() == (0,)
    before.close()
    book = LessonBook(Store(path, clock=clock), clock=clock)
    assert book.catch_up(BY_ID.get) == 8
    states = book.states()
    filled = {lesson.id: state_of(states, lesson.id) for lesson in load_lessons().lessons}
    mastered = {"check-before-promising", "find-the-need", "plain-language"}  # right three times at the desk
    learning = {"friendly-is-not-enough", "accept-praise", "thank-the-customer"}  # met once, on the phone
    assert {lesson for lesson, state in filled.items() if state == MASTERED} == mastered
    assert {lesson for lesson, state in filled.items() if state == LEARNING} == learning
    assert list(filled.values()).count(NOT_SEEN) == len(filled) - 6
    assert book.catch_up(BY_ID.get) == 0  # read once


def test_a_store_from_before_the_schedule_was_kept_opens_with_the_same_decisions_due(
    tmp_path: Path, clock: FakeClock
) -> None:
    three_stories(trainer := Trainer(Store(tmp_path / "s.sqlite3", clock=clock), clock=clock))
    clock.advance(DAY)
    due_then = trainer.lessons.due()
    missed = [("desk-card", "start"), ("desk-card", "wait"), ("phone-hours", "thanks")]
    assert [(c.story, c.node) for c in due_then] == missed
    for statement in (  # the mastery tables as the first version made them
        "DROP TABLE review_card",
        "DROP TABLE review_kept",
        "UPDATE schema_version SET version = 1 WHERE component = 'mastery'",
    ):
        trainer.store.conn.execute(statement)
    trainer.store.close()
    store = Store(tmp_path / "s.sqlite3", clock=clock)
    assert due_count(store, {story.id for story in STORIES}, clock) == 3  # the answers folded, not yet kept
    book = LessonBook(store, clock=clock)
    assert book.due() == due_then
    assert len(card_rows(store.conn, store.trainee.key)) == 3  # kept now


def test_a_store_with_a_newer_mastery_schema_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    store = Store(tmp_path / "s.sqlite3", clock=clock)
    LessonBook(store, clock=clock)
    store.conn.execute("UPDATE schema_version SET version = 99 WHERE component = 'mastery'")  # as a newer release
    store.close()
    again = Store(tmp_path / "s.sqlite3", clock=clock)
    with pytest.raises(SchemaTooNewError):
        LessonBook(again, clock=clock)
    again.close()
