"""The trainer's session layer, headless: what is stored, offered, resumed, and kept apart between two windows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from scenarios.engine import SaveError
from scenarios.store import ABANDONED, ACTIVE, FINISHED, Store, migrate, schema_version
from scenarios.store.connection import Location
from scenarios.store.progress import COMPONENT, MIGRATIONS
from scenarios.story.loader import load_text
from scenarios.story.model import Story
from scenarios.trainer.lease import STALE_AFTER
from scenarios.trainer.session import HeldElsewhereError, StoreBusyError, TakenOverError
from tests.conftest import MINI
from tests.rehearsal.conftest import FakeClock
from tests.support import record_of
from tests.trainer.helpers import pick, start, window


def test_a_story_left_before_any_decision_leaves_nothing_to_resume(
    database: Path, clock: FakeClock, story: Story
) -> None:
    trainer = window(database, clock, "a")
    session = start(trainer, story)
    session.leave()
    assert trainer.waiting() == [] and trainer.store.history() == []
    assert trainer.store.conn.execute("SELECT COUNT(*) FROM playthrough").fetchone()[0] == 0


def test_each_decision_is_saved_and_the_end_is_recorded(database: Path, clock: FakeClock, story: Story) -> None:
    trainer = window(database, clock, "a")
    session = start(trainer, story)
    pick(session, "check")
    assert session.problem is None and session.record_id is not None
    [waiting] = trainer.waiting()
    assert waiting.decisions == 1 and json.loads(waiting.save)["choices"][0]["option"] == "check"
    pick(session, "tell")
    assert session.play.is_over and session.finish()
    record = trainer.store.get(session.record_id)
    assert record is not None and record.status == FINISHED and record.outcome == "resolved"
    assert record.owner is None and trainer.waiting() == []


def test_a_second_window_is_told_the_playthrough_is_open_and_may_start_afresh(
    shared: Location, clock: FakeClock, story: Story
) -> None:
    first, second = window(shared, clock, "first"), window(shared, clock, "second")
    playing = start(first, story)
    pick(playing, "check")
    [record] = second.waiting()
    assert second.held_elsewhere(record) and not first.held_elsewhere(record)
    with pytest.raises(HeldElsewhereError):
        second.resume(record, story)
    fresh = start(second, story)
    pick(fresh, "check")
    # The first window's live playthrough is not abandoned by the second's start, and still saves.
    assert record_of(first.store, record.id).status == ACTIVE
    pick(playing, "tell")
    assert playing.problem is None and playing.finish()
    assert {r.id for r in second.waiting()} == {fresh.record_id}


def test_taking_over_stops_the_other_window_from_choosing(shared: Location, clock: FakeClock, story: Story) -> None:
    first, second = window(shared, clock, "first"), window(shared, clock, "second")
    playing = start(first, story)
    pick(playing, "check")
    [record] = second.waiting()
    moved = second.resume(record, story, take_over=True)
    assert [r.option_id for r in moved.play.history] == ["check"]
    assert not playing.heartbeat() and playing.taken
    with pytest.raises(TakenOverError):  # the first window's choice is refused, the engine untouched
        pick(playing, "tell")
    assert [r.option_id for r in playing.play.history] == ["check"]
    assert not playing.finish()
    pick(moved, "next")
    saved = second.store.get(record.id)
    assert saved is not None and json.loads(saved.save)["choices"][1]["option"] == "next"


def test_a_window_whose_playthrough_was_taken_over_and_paused_cannot_choose_in_it(
    shared: Location, clock: FakeClock, story: Story
) -> None:
    first, second = window(shared, clock, "first"), window(shared, clock, "second")
    stale = start(first, story)
    pick(stale, "check")
    [record] = second.waiting()
    moved = second.resume(record, story, take_over=True)
    pick(moved, "next")
    moved.leave()  # the second window pauses the story: nobody holds the lease now
    conn = second.store.conn
    statements = conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    # The first window has not heard of it yet (no heartbeat since): its choice is refused by the store itself.
    with pytest.raises(TakenOverError):
        pick(stale, "tell")
    assert stale.taken and not stale.finish()
    stale.leave()  # frees nothing of the second's
    saved = second.store.get(record.id)
    assert saved is not None and (saved.status, saved.decisions, saved.owner) == (ACTIVE, 2, None)
    assert [c["option"] for c in json.loads(saved.save)["choices"]] == ["check", "next"]
    answers = conn.execute("SELECT option FROM answer WHERE playthrough = ? ORDER BY step", (record.id,)).fetchall()
    assert [row[0] for row in answers] == ["check", "next"]  # the lessons count the second window's answers
    assert conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == statements  # no statement of the refused
    # Opened again (here in the first window), it goes on from where the second window left it.
    again = first.resume(saved, story)
    assert [r.option_id for r in again.play.history] == ["check", "next"]


def test_a_lease_without_heartbeat_is_taken_over_silently(shared: Location, clock: FakeClock, story: Story) -> None:
    first, second = window(shared, clock, "first"), window(shared, clock, "second")
    playing = start(first, story)
    pick(playing, "check")
    clock.advance(STALE_AFTER / 2)
    assert playing.heartbeat()
    clock.advance(STALE_AFTER - 1)
    [record] = second.waiting()
    assert second.held_elsewhere(record)  # a heartbeat 29 s ago: still live
    clock.advance(2)
    [record] = second.waiting()
    assert not second.held_elsewhere(record)
    assert second.resume(record, story).record_id == record.id


def test_leaving_frees_the_lease_for_the_next_window(shared: Location, clock: FakeClock, story: Story) -> None:
    first, second = window(shared, clock, "first"), window(shared, clock, "second")
    playing = start(first, story)
    pick(playing, "check")
    first.leave_all()
    [record] = second.waiting()
    assert record.owner is None and not second.held_elsewhere(record)
    assert second.resume(record, story).play.history[0].option_id == "check"


@pytest.fixture
def writer(database: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the database's write lock until the test lets go."""
    Store(database).close()  # the tables exist
    conn = sqlite3.connect(str(database), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.close()


def test_a_locked_database_loses_nothing_and_the_next_save_catches_up(
    database: Path, clock: FakeClock, story: Story, writer: sqlite3.Connection
) -> None:
    trainer = window(database, clock, "a", timeout=0.05)
    session = start(trainer, story)
    pick(session, "check")
    assert session.problem is not None and session.problem.code == "busy"
    assert [r.option_id for r in session.play.history] == ["check"]  # the choice stands
    writer.execute("COMMIT")
    pick(session, "next")
    assert session.problem is None
    [record] = trainer.store.history() or trainer.waiting()
    assert [c["option"] for c in json.loads(record.save)["choices"]] == ["check", "next"]


def test_resuming_while_the_database_is_locked_says_busy(database: Path, clock: FakeClock, story: Story) -> None:
    trainer = window(database, clock, "a", timeout=0.05)
    session = start(trainer, story)
    pick(session, "check")
    trainer.leave_all()
    [record] = trainer.waiting()
    blocker = sqlite3.connect(str(database), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreBusyError):
        trainer.resume(record, story)
    blocker.execute("ROLLBACK")
    assert trainer.resume(record, story).record_id == record.id


def test_an_edited_story_is_resumed_when_the_choices_still_fit(database: Path, clock: FakeClock, story: Story) -> None:
    trainer = window(database, clock, "a")
    session = start(trainer, story)
    pick(session, "check")
    trainer.leave_all()
    edited = load_text(MINI.replace("Open 6 am to 9 pm.", "Open 7 am to 9 pm."), "mini.yaml").story
    assert edited is not None
    [record] = trainer.waiting()
    assert trainer.check(record, story).how == "exact"
    assert trainer.check(record, edited).how == "replayed"
    assert trainer.resume(record, edited).play.history[0].option_id == "check"
    renamed = load_text(MINI.replace("id: check", "id: look").replace("check", "look"), "mini.yaml").story
    assert renamed is not None
    verdict = trainer.check(record, renamed)
    assert verdict.how is None and verdict.error is not None and verdict.error.code == "save_replay"


@pytest.mark.parametrize("bad", ["NaN", "-Infinity", "Infinity", "1" + "0" * 400])
def test_a_save_with_an_impossible_time_is_damaged(database: Path, clock: FakeClock, story: Story, bad: str) -> None:
    trainer = window(database, clock, "a")
    session = start(trainer, story)
    pick(session, "check")
    trainer.leave_all()
    [record] = trainer.waiting()
    started = json.dumps(json.loads(record.save)["started_at"])
    trainer.store.autosave(record.id, record.save.replace(started, bad, 1), decisions=1, solution_focused=1, ideal=1)
    [record] = trainer.waiting()
    verdict = trainer.check(record, story)
    assert verdict.error is not None and verdict.error.code == "save_corrupt"
    with pytest.raises(SaveError):
        trainer.resume(record, story)
    assert trainer.abandon(record.id) and record_of(trainer.store, record.id).status == ABANDONED


def test_a_database_of_the_previous_version_gets_the_lease_columns(database: Path) -> None:
    conn = sqlite3.connect(str(database), isolation_level=None)
    migrate(conn, COMPONENT, MIGRATIONS[:1])
    conn.execute(
        "INSERT INTO playthrough (story_id, title, language, mode, started_at, updated_at, save, decisions) "
        "VALUES ('mini', 'A small story', 'en', 'practice', 1, 2, '{}', 1)"
    )
    conn.close()
    store = Store(database)
    assert schema_version(store.conn, COMPONENT) == len(MIGRATIONS)
    [record] = store.interrupted()
    assert record.owner is None and record.heartbeat is None
