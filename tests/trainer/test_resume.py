"""Resume decisions, headless: what is offered when a story is opened or the app starts, and what each answer does."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from scenarios.store import ABANDONED, ACTIVE
from scenarios.story.loader import load_text
from scenarios.story.model import Story
from scenarios.trainer.resume import (
    CannotResume,
    Offer,
    Resumed,
    Start,
    StoreBusy,
    answer,
    at_launch,
    opening,
)
from scenarios.trainer.session import Trainer
from tests.conftest import MINI
from tests.rehearsal.conftest import FakeClock
from tests.support import record_of
from tests.trainer.helpers import pick, start, window


def left_after_one_choice(trainer: Trainer, story: Story) -> int:
    """A playthrough with one choice made, then left (the window closed)."""
    session = start(trainer, story)
    pick(session, "check")
    trainer.leave_all()
    assert session.record_id is not None
    return session.record_id


def test_a_story_without_an_unfinished_playthrough_just_starts(database: Path, clock: FakeClock, story: Story) -> None:
    trainer = window(database, clock, "a")
    assert opening(trainer, story) == Start(story)
    assert at_launch(trainer, lambda record: story) is None


def test_an_unfinished_playthrough_is_offered_and_continues_exactly(
    database: Path, clock: FakeClock, story: Story
) -> None:
    trainer = window(database, clock, "a")
    record_id = left_after_one_choice(trainer, story)
    for step in (opening(trainer, story), at_launch(trainer, lambda record: story)):
        assert isinstance(step, Offer) and step.kind == "waiting" and step.record.id == record_id
        assert step.answers[0] == "resume"
    offered = opening(trainer, story)
    assert isinstance(offered, Offer)
    resumed = answer(trainer, offered, "resume")
    assert isinstance(resumed, Resumed)
    assert [r.option_id for r in resumed.session.play.history] == ["check"]
    assert resumed.session.record_id == record_id


def test_later_keeps_it_and_start_again_gives_it_up(database: Path, clock: FakeClock, story: Story) -> None:
    trainer = window(database, clock, "a")
    record_id = left_after_one_choice(trainer, story)
    offered = opening(trainer, story)
    assert isinstance(offered, Offer)
    assert answer(trainer, offered, "later") is None and answer(trainer, offered, None) is None
    assert record_of(trainer.store, record_id).status == ACTIVE
    assert answer(trainer, offered, "discard") == Start(story)
    assert record_of(trainer.store, record_id).status == ABANDONED
    assert opening(trainer, story) == Start(story)


def test_an_answer_the_offer_does_not_take_does_nothing(database: Path, clock: FakeClock, story: Story) -> None:
    trainer = window(database, clock, "a")
    left_after_one_choice(trainer, story)
    offered = at_launch(trainer, lambda record: None)
    assert isinstance(offered, Offer) and offered.kind == "missing" and offered.story is None
    assert answer(trainer, offered, "resume") is None  # a story not in the library cannot be resumed
    assert len(trainer.waiting()) == 1


def test_a_playthrough_of_a_story_gone_is_kept_or_forgotten(database: Path, clock: FakeClock, story: Story) -> None:
    trainer = window(database, clock, "a")
    record_id = left_after_one_choice(trainer, story)
    offered = at_launch(trainer, lambda record: None)
    assert isinstance(offered, Offer) and offered.answers == ("later", "discard")
    assert answer(trainer, offered, "later") is None and len(trainer.waiting()) == 1
    assert answer(trainer, offered, "discard") is None  # forgotten; nothing to start
    assert record_of(trainer.store, record_id).status == ABANDONED


def test_an_edited_story_whose_choices_still_fit_is_offered_as_changed(
    database: Path, clock: FakeClock, story: Story
) -> None:
    trainer = window(database, clock, "a")
    left_after_one_choice(trainer, story)
    edited = load_text(MINI.replace("Open 6 am to 9 pm.", "Open 7 am to 9 pm."), "mini.yaml").story
    assert edited is not None
    offered = opening(trainer, edited)
    assert isinstance(offered, Offer) and offered.kind == "changed"
    resumed = answer(trainer, offered, "resume")
    assert isinstance(resumed, Resumed) and resumed.session.story is edited


def test_a_save_that_no_longer_fits_is_given_up_and_the_story_may_start_again(
    database: Path, clock: FakeClock, story: Story
) -> None:
    trainer = window(database, clock, "a")
    record_id = left_after_one_choice(trainer, story)
    renamed = load_text(MINI.replace("check", "look"), "mini.yaml").story
    assert renamed is not None
    step = opening(trainer, renamed)
    assert isinstance(step, CannotResume) and step.story is renamed and step.error.code == "save_replay"
    assert record_of(trainer.store, record_id).status == ABANDONED  # never offered again
    assert at_launch(trainer, lambda record: renamed) is None


def test_a_save_damaged_after_it_was_offered_is_given_up_on_resume(
    database: Path, clock: FakeClock, story: Story
) -> None:
    trainer = window(database, clock, "a")
    record_id = left_after_one_choice(trainer, story)
    offered = opening(trainer, story)
    assert isinstance(offered, Offer)
    trainer.abandon(record_id)  # given up in another window meanwhile
    step = answer(trainer, offered, "resume")
    assert isinstance(step, CannotResume) and step.error.code == "save_corrupt"


def test_a_playthrough_open_in_another_window_is_offered_afresh_or_moved(
    database: Path, clock: FakeClock, story: Story
) -> None:
    first, second = window(database, clock, "first"), window(database, clock, "second")
    playing = start(first, story)
    pick(playing, "check")
    assert at_launch(second, lambda record: story) is None  # the launch offers nothing another window plays
    offered = opening(second, story)
    assert isinstance(offered, Offer) and offered.kind == "elsewhere"
    assert offered.answers == ("fresh", "take_over", "later")
    assert answer(second, offered, "fresh") == Start(story)
    assert record_of(second.store, offered.record.id).status == ACTIVE  # the other window keeps it
    moved = answer(second, offered, "take_over")
    assert isinstance(moved, Resumed) and moved.session.record_id == offered.record.id
    assert not playing.heartbeat()


def test_a_playthrough_taken_up_elsewhere_after_the_offer_is_offered_again_as_such(
    database: Path, clock: FakeClock, story: Story
) -> None:
    first, second = window(database, clock, "first"), window(database, clock, "second")
    record_id = left_after_one_choice(first, story)
    offered = opening(second, story)
    assert isinstance(offered, Offer) and offered.kind == "waiting"
    taken = opening(first, story)
    assert isinstance(taken, Offer) and isinstance(answer(first, taken, "resume"), Resumed)
    again = answer(second, offered, "resume")
    assert isinstance(again, Offer) and again.kind == "elsewhere" and again.record.id == record_id


def test_a_locked_database_says_busy_and_loses_nothing(database: Path, clock: FakeClock, story: Story) -> None:
    trainer = window(database, clock, "a", timeout=0.05)
    left_after_one_choice(trainer, story)
    offered = opening(trainer, story)
    assert isinstance(offered, Offer)
    blocker = sqlite3.connect(str(database), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    assert isinstance(answer(trainer, offered, "resume"), StoreBusy)
    blocker.execute("ROLLBACK")
    assert isinstance(answer(trainer, offered, "resume"), Resumed)


def test_the_time_a_playthrough_lay_unplayed_is_not_on_its_clock(
    database: Path, clock: FakeClock, story: Story
) -> None:
    trainer = window(database, clock, "a")
    session = start(trainer, story)
    clock.advance(41)
    pick(session, "check")
    trainer.leave_all()
    clock.advance(35 * 60)  # the app stays closed for 35 minutes
    offered = opening(trainer, story)
    assert isinstance(offered, Offer)
    resumed = answer(trainer, offered, "resume")
    assert isinstance(resumed, Resumed)
    taken_up = resumed.session
    assert taken_up.now() - taken_up.play.started_at == 41  # the call goes on from its last choice
    clock.advance(5)
    assert taken_up.now() - taken_up.play.started_at == 46
    pick(taken_up, "tell")
    last = taken_up.play.history[-1].at
    assert taken_up.lived(last) - taken_up.play.started_at == 46
    assert taken_up.lived(taken_up.play.history[0].at) - taken_up.play.started_at == 41
    saved = json.loads(record_of(trainer.store, offered.record.id).save)
    assert saved["choices"][1]["at"] == last  # the save keeps the real times
