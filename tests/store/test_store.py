"""The store, on SQLite and on PostgreSQL (`store_backend`): schema versions, playthroughs, settings; and a SQLite
file's survival of kill -9."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scenarios.store import (
    Lease,
    Settings,
    Store,
    database_path,
    load_settings,
    migrate,
    save_settings,
    schema_version,
    transaction,
)
from scenarios.store.connection import has_table, table_columns
from scenarios.store.progress import FIRST_LEASE
from scenarios.store.schema import SchemaTooNewError

# Every test here runs on SQLite and on PostgreSQL, but for those about a SQLite file (its journal, kill -9).
pytestmark = pytest.mark.usefixtures("store_backend")


def test_data_dir_follows_the_environment(data_dir: Path) -> None:
    assert not data_dir.exists()
    assert database_path().parent == data_dir
    assert data_dir.is_dir()


def test_schema_is_versioned_and_migrations_run_once(store_backend: str | None) -> None:
    store = Store()
    assert schema_version(store.conn, "progress") == 4
    if store_backend is None:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    # A second open migrates nothing and keeps the data.
    again = Store()
    assert schema_version(again.conn, "progress") == 4


def test_other_components_add_their_own_tables() -> None:
    store = Store()
    reached = migrate(store.conn, "rehearsal", ["CREATE TABLE session (id INTEGER PRIMARY KEY, name TEXT)"])
    assert reached == 1
    reached = migrate(
        store.conn,
        "rehearsal",
        ["CREATE TABLE session (id INTEGER PRIMARY KEY, name TEXT)", "ALTER TABLE session ADD COLUMN started REAL"],
    )
    assert reached == 2
    assert table_columns(store.conn, "session") == ["id", "name", "started"]
    assert schema_version(store.conn, "progress") == 4


def test_a_failing_migration_leaves_the_previous_version() -> None:
    store = Store()
    with pytest.raises(sqlite3.OperationalError):
        migrate(store.conn, "x", ["CREATE TABLE a (id INTEGER)", "CREATE TABLE b (id INTEGER); SELECT x FROM nowhere"])
    assert schema_version(store.conn, "x") == 1
    assert has_table(store.conn, "a") and not has_table(store.conn, "b")


def test_a_newer_database_is_refused() -> None:
    store = Store()
    store.conn.execute("UPDATE schema_version SET version = 9 WHERE component = 'progress'")
    store.close()
    with pytest.raises(SchemaTooNewError):
        Store()


def test_playthrough_lifecycle_history_and_best() -> None:
    store = Store()
    first = store.start("s", "S", "fi", "practice", "{}")
    store.autosave(first, '{"n": 1}', decisions=1, solution_focused=1, ideal=1)
    assert [r.id for r in store.interrupted()] == [first]
    record = store.get(first)
    assert record is not None and record.save == '{"n": 1}'
    store.finish(first, '{"n": 2}', decisions=2, solution_focused=1, ideal=1, outcome="partly")
    second = store.start("s", "S", "en", "exam", "{}")
    store.finish(second, "{}", decisions=2, solution_focused=2, ideal=1, outcome="resolved")
    assert store.interrupted() == []
    assert [r.id for r in store.history()] == [second, first]
    assert store.best()["s"].id == second


def test_starting_again_abandons_the_unfinished_one() -> None:
    store = Store()
    first = store.start("s", "S", "fi", "practice", "{}")
    second = store.start("s", "S", "fi", "practice", "{}")
    store.autosave(second, "{}", decisions=1, solution_focused=0, ideal=0)
    assert [r.id for r in store.interrupted()] == [second]
    store.abandon(second)
    assert store.interrupted() == []
    abandoned = store.get(first)
    assert abandoned is not None and abandoned.status == "abandoned"


def test_settings_round_trip_and_survive_bad_values() -> None:
    store = Store()
    assert load_settings(store) == Settings()
    save_settings(store, Settings(language="en", mode="exam", theme="scenarios-high-contrast"))
    assert load_settings(store) == Settings(language="en", mode="exam", theme="scenarios-high-contrast")
    assert load_settings(store, "fi").language == "fi"
    store.write_setting("settings", {"language": "xx"})
    assert load_settings(store) == Settings()


WRITER = """
import sys, json
from scenarios.store import Store
store = Store()
pid = store.start("s", "S", "fi", "practice", json.dumps({"n": 0}))
print(pid, flush=True)
n = 0
while True:
    n += 1
    store.autosave(pid, json.dumps({"n": n, "pad": "x" * 5000}), decisions=n, solution_focused=n, ideal=0)
    print(n, flush=True)
"""


def test_kill_9_mid_write_never_corrupts_and_keeps_the_last_commit(data_dir: Path, store_backend: str | None) -> None:
    process = subprocess.Popen([sys.executable, "-c", WRITER], stdout=subprocess.PIPE, text=True, env={**os.environ})
    assert process.stdout is not None
    playthrough_id = int(process.stdout.readline())
    acknowledged = 0
    deadline = time.monotonic() + 10
    while acknowledged < 200 and time.monotonic() < deadline:
        acknowledged = int(process.stdout.readline())
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = Store()
    if store_backend is None:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    record = store.get(playthrough_id)
    assert record is not None
    saved = json.loads(record.save)
    # Every acknowledged write is there; at most the write in flight is lost.
    assert saved["n"] >= acknowledged
    assert record.decisions == saved["n"]


def test_a_window_left_behind_cannot_save_over_a_playthrough_finished_in_another() -> None:
    store = Store()
    first = store.start("s", "S", "fi", "practice", "{}", owner="server-a")
    held = Lease("server-a", FIRST_LEASE)
    taken = store.claim(first, "server-b")  # the trainee took it over in another window (on another server)
    assert taken is not None
    assert store.finish(first, '{"n": 2}', decisions=2, solution_focused=2, ideal=2, outcome="resolved", lease=taken)
    # The first window, still showing the second decision, chooses: nothing of it is kept.
    assert not store.autosave(first, '{"n": 9}', decisions=2, solution_focused=1, ideal=0, lease=held)
    assert not store.finish(first, '{"n": 9}', decisions=2, solution_focused=1, ideal=0, outcome=None, lease=held)
    record = store.get(first)
    assert record is not None and (record.save, record.solution_focused, record.status) == ('{"n": 2}', 2, "finished")


def test_a_window_whose_lease_was_taken_cannot_save_even_after_the_other_paused() -> None:
    store = Store()
    first = store.start("s", "S", "fi", "practice", '{"n": 1}', owner="window-a")
    held = Lease("window-a", FIRST_LEASE)
    assert store.autosave(first, '{"n": 1}', decisions=1, solution_focused=1, ideal=1, lease=held)
    taken = store.claim(first, "window-b")
    assert taken == Lease("window-b", FIRST_LEASE + 1)
    assert store.autosave(first, '{"n": 2}', decisions=2, solution_focused=2, ideal=1, lease=taken)
    store.release(first, taken)  # the second window pauses the story: nobody holds it now
    # The first window's choice, its heartbeat, its mode and its leaving change nothing of the second's.
    assert not store.autosave(first, '{"n": 9}', decisions=2, solution_focused=0, ideal=0, lease=held)
    assert not store.finish(first, '{"n": 9}', decisions=2, solution_focused=0, ideal=0, outcome=None, lease=held)
    assert not store.beat(first, held)
    assert not store.set_mode(first, "exam", lease=held)
    store.release(first, held)
    record = store.get(first)
    assert record is not None
    assert (record.save, record.decisions, record.mode, record.status) == ('{"n": 2}', 2, "practice", "active")
    # Whoever opens it next takes it up afresh; an older lease of the same window is no longer held either.
    again = store.claim(first, "window-a")
    assert again == Lease("window-a", FIRST_LEASE + 2)
    assert not store.autosave(first, '{"n": 9}', decisions=3, solution_focused=0, ideal=0, lease=held)
    assert store.autosave(first, '{"n": 3}', decisions=3, solution_focused=2, ideal=1, lease=again)


def test_a_playthrough_kept_before_leases_were_numbered_is_taken_up_as_ever() -> None:
    store = Store()
    kept = store.start("s", "S", "fi", "practice", '{"n": 1}')
    store.conn.execute("UPDATE playthrough SET lease = 0")  # as the version 4 migration leaves an earlier row
    record = store.get(kept)
    assert record is not None and record.lease == 0 and record.owner is None
    lease = store.claim(kept, "window-a", unless_live_since=store.clock() - 30)
    assert lease == Lease("window-a", 1)
    assert store.autosave(kept, '{"n": 2}', decisions=2, solution_focused=1, ideal=1, lease=lease)


def test_a_failure_inside_a_transaction_undoes_only_its_own_part() -> None:
    store = Store()
    first = store.start("s", "S", "fi", "practice", "{}")
    with transaction(store.conn):  # a save with its records, as `recording` wraps one
        store.conn.execute("UPDATE playthrough SET title = 'saved' WHERE id = ?", (first,))
        with pytest.raises(sqlite3.IntegrityError), transaction(store.conn):
            store.conn.execute("UPDATE playthrough SET title = 'half' WHERE id = ?", (first,))
            store.conn.execute("INSERT INTO setting (key, value) VALUES ('k', NULL)")  # refused: no value
        store.conn.execute("UPDATE playthrough SET mode = 'exam' WHERE id = ?", (first,))
    record = store.get(first)
    assert record is not None and (record.title, record.mode) == ("saved", "exam")
    assert store.read_setting("k") is None
