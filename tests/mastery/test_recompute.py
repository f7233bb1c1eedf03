"""Mastery and the review's schedule are kept in the store one answer at a time, and are the same when folded again
from the raw choices: from the answers kept, and from the playthroughs' saves (as a store from before the answers
were kept is read)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios.mastery.rule import LessonState, fold
from scenarios.mastery.schedule import cards
from scenarios.store import Store
from scenarios.store.answers import StoredAnswer, kept_cards, lesson_rows
from scenarios.trainer.lessons import LessonBook, from_row
from scenarios.trainer.review import DecisionRound
from scenarios.trainer.session import Trainer
from tests.mastery.stories import stories
from tests.rehearsal.conftest import FakeClock

STORIES = stories()
BY_ID = {story.id: story for story in STORIES}


@dataclass(frozen=True)
class Play:
    """A trainee plays a story, choosing by these picks (each taken modulo the options on offer)."""

    story: int
    picks: tuple[int, ...]
    mode: str
    gap: float
    """Seconds since the last event (negative: another window's clock runs behind)."""


@dataclass(frozen=True)
class Review:
    """A trainee plays the day's review round, choosing by these picks."""

    picks: tuple[int, ...]
    gap: float


gaps = st.one_of(st.just(0.0), st.floats(-7200, 4 * 86400, allow_nan=False))
picks = st.lists(st.integers(0, 5), max_size=5).map(tuple)
plays = st.builds(Play, st.integers(0, len(STORIES) - 1), picks, st.sampled_from(["practice", "exam"]), gaps)
reviews = st.builds(Review, picks, gaps)
histories = st.lists(st.one_of(plays, plays, reviews), min_size=1, max_size=8)


def choose(picks: list[int], offered: int) -> int:
    return (picks.pop(0) if picks else 0) % offered + 1


def live(trainer: Trainer, clock: FakeClock, history: list[Play | Review]) -> None:
    """Play the history through the trainer, as the app and line mode do."""
    for event in history:
        clock.advance(event.gap)
        wanted = list(event.picks)
        if isinstance(event, Play):
            story = STORIES[event.story]
            session = trainer.start(story, title=story.id, language="en", mode=event.mode, seed=3)
            while not session.play.is_over:
                session.choose(choose(wanted, len(session.play.beat().choices)))
                clock.advance(7)
            assert session.finish()
        else:
            book = trainer.lessons
            round_ = DecisionRound(book, book.plan(STORIES), BY_ID.get, seed=5)
            while round_.open_next():
                while not round_.item_done:
                    assert round_.play is not None
                    round_.choose(choose(wanted, len(round_.play.beat().choices)))
                    clock.advance(5)
            round_.end()
            assert round_.problem is None


def kept_states(store: Store) -> dict[str, LessonState]:
    return {lesson: from_row(row) for lesson, row in lesson_rows(store.conn, store.trainee.key).items()}


def without_ids(answers: list[StoredAnswer]) -> set[tuple[object, ...]]:
    return {(a.story, a.node, a.option, a.solution_focused, a.tested, a.broken, a.at, a.mode, a.step, a.path,
             a.playthrough, a.review) for a in answers}  # fmt: skip


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories)
def test_mastery_and_the_schedule_kept_one_answer_at_a_time_are_those_folded_from_the_raw_choices(
    history: list[Play | Review],
) -> None:
    with tempfile.TemporaryDirectory(prefix="mastery-") as folder:
        clock = FakeClock(1_750_000_000.0)
        store = Store(Path(folder) / "s.sqlite3", clock=clock)
        trainer = Trainer(store, clock=clock)
        live(trainer, clock, history)
        book = trainer.lessons
        answers = book.answers()
        kept = kept_states(store)
        assert kept == fold(answers)  # kept incrementally = folded from the answers in one go
        assert kept_cards(store.conn, store.trainee.key) == (len(answers), max((a.at for a in answers), default=None))
        schedule = book.cards()
        assert schedule == cards(answers)

        # The states and cards lost (a store from before, rows deleted): folded again from the answers, the same.
        store.conn.execute("DELETE FROM lesson_state")
        store.conn.execute("DELETE FROM mastery_kept")
        store.conn.execute("DELETE FROM review_card")
        store.conn.execute("DELETE FROM review_kept")
        assert LessonBook(store, clock=clock).states() == kept
        assert LessonBook(store, clock=clock).cards() == schedule

        # The playthroughs' answers lost too: read again from their saves, the same answers and states.
        store.conn.execute("DELETE FROM answer WHERE playthrough IS NOT NULL")
        store.conn.execute("INSERT OR IGNORE INTO answers_pending (playthrough) SELECT id FROM playthrough")
        again = LessonBook(store, clock=clock)
        again.catch_up(BY_ID.get)
        assert without_ids(again.answers()) == without_ids(answers)
        assert again.states() == kept == kept_states(store)
        assert again.cards() == schedule
        store.close()
