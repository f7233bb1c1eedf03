"""Sessions saved in the store as they happen, and resumed after a kill -9: on SQLite and on PostgreSQL
(`store_backend`), but for a SQLite file held locked by another program."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.rehearsal import MAJORITY, Participants, Phase, Session
from scenarios.rehearsal.story_records import ACTIVE, FINISHED, StoryRecords
from scenarios.store import Store, schema_version
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from tests.rehearsal.conftest import FakeClock

SHARED = pytest.mark.usefixtures("store_backend")
"""On each backend of the store in turn (`Store()` is the one `SCENARIOS_STORE` names)."""


@SHARED
def test_every_change_is_stored_with_an_event(mini: Story, stories: dict[str, Story], clock: FakeClock) -> None:
    store = Store()
    records = StoryRecords(store)
    assert schema_version(store.conn, "rehearsal") == 2  # 2: the station rotations' `kind`
    s = Session.new([mini], team="Kirjasto", participants=Participants.of(count=3), clock=clock)
    session_id = records.start(s)
    s.start()
    s.set_count("check", 3)
    s.reveal()
    s.set_note("Everyone agreed")
    record = records.get(session_id)
    assert record is not None
    assert record.team == "Kirjasto" and record.plan == ("mini",) and record.phase == "reveal"
    assert record.status == ACTIVE and records.interrupted()[0].id == session_id
    assert [e.kind for e in records.events(session_id)] == ["start", "open_vote", "count", "reveal", "note"]
    assert records.events(session_id)[2].payload == {"option": "check", "count": 3}
    store.close()
    again = StoryRecords(Store())  # a fresh connection: what was committed is there
    resumed = again.resume(session_id, stories.get, clock=clock)
    assert resumed.phase == Phase.REVEAL and resumed.decision is not None and resumed.decision.note == "Everyone agreed"
    resumed.continue_with(MAJORITY)
    assert again.events(session_id)[-1].kind == "continue"


@SHARED
def test_a_finished_session_is_no_longer_offered_for_resume(mini: Story, clock: FakeClock) -> None:
    records = StoryRecords(Store())
    s = Session.new([mini], clock=clock)
    session_id = records.start(s)
    s.start()
    for option in ("check", "tell"):
        s.set_count(option, 1)
        s.reveal()
        s.continue_with(MAJORITY)
    s.next_story()
    s.finish()
    finished = records.get(session_id)
    assert finished is not None and finished.status == FINISHED and records.interrupted() == []
    other = records.start(Session.new([mini], clock=clock))
    records.abandon(other)
    assert records.interrupted() == [] and len(records.all()) == 2


WRITER = """
import sys
from scenarios.story.loader import load_file
from scenarios.rehearsal import MAJORITY, Participants, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store

story = load_file(sys.argv[1]).story
records = StoryRecords(Store())
s = Session.new([story], team="Crash", participants=Participants.of(count=5))
print(records.start(s), flush=True)
s.start()
s.set_count("check", 4)
s.set_count("online", 1)
s.reveal()
s.continue_with(MAJORITY)
s.set_note("note 0")
records.saved().result()  # in the store: the loop below is writing when the test kills it
print("ok", flush=True)
n = 0
while True:  # keep writing until killed
    n += 1
    s.set_note(f"note {n}")
"""


def test_a_session_killed_mid_write_resumes_where_it_stopped(
    mini_text: str, tmp_path: Path, stories: dict[str, Story], store_backend: str | None
) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(mini_text, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, env={**os.environ}
    )
    assert process.stdout is not None
    session_id = int(process.stdout.readline())
    assert process.stdout.readline().strip() == "ok"  # the first note is stored; more are being written now
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = Store()
    if store_backend is None:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    story = load_file(path).story
    assert story is not None
    resumed = StoryRecords(store).resume(session_id, {story.id: story}.get)
    assert resumed.phase == Phase.DISCUSS and resumed.beat().node == "answer"
    assert resumed.decisions[0].ballots.tally() == {"check": 4, "online": 1}
    assert resumed.decisions[0].chosen == "check"
    assert resumed.decision is not None and resumed.decision.note.startswith("note ")
    timer = resumed.timer()
    assert timer is not None and not timer.is_running


def test_a_locked_database_does_not_stop_the_session_and_the_next_save_catches_up(
    mini: Story, clock: FakeClock, tmp_path: Path
) -> None:
    import sqlite3

    path = tmp_path / "locked.db"
    store = Store(path, timeout=0.05)
    records = StoryRecords(store)
    told: list[str] = []
    records.on_problem = told.append
    session = Session.new([mini], team="T", participants=Participants.of(count=2), clock=clock, seed=1)
    session_id = records.start(session)
    session.start()

    other = sqlite3.connect(path, timeout=0.05)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    session.open_vote()  # a change whose save the database refuses: no exception reaches the caller
    session.set_count(session.beat().choices[0].option_id, 2)
    records.flush()  # the saves are the writer thread's: wait for what they came to
    assert records.problem is not None and len(told) == 1  # said once, not at every change
    other.rollback()
    other.close()

    session.reveal()  # the next change saves the whole state, the missed changes with it
    records.flush()
    assert records.problem is None
    stored = StoryRecords(Store(path)).get(session_id)
    assert stored is not None and stored.phase == Phase.REVEAL.value
