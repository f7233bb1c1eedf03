"""A server's SQLite store copies its write-ahead log into the database from a thread of its own
(`Store.checkpoint_aside`): its writes never do it, the log does not grow without end, and nothing is lost."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scenarios.store import Store, database_path
from scenarios.store.checkpoints import Checkpoints

PAD = "x" * 20_000
"""A save of about five pages."""


def checkpointed_since(store: Store, done: int) -> None:
    """Wait until a whole checkpoint has run after the checkpoints `store` had done (`done`)."""
    assert store.checkpoints is not None
    deadline = time.monotonic() + 30
    while store.checkpoints.done < done + 2:
        assert time.monotonic() < deadline, "no checkpoint ran"
        time.sleep(0.01)


def test_the_writes_leave_the_checkpoints_to_their_thread_and_the_log_begins_again_after_each(data_dir: Path) -> None:
    store = Store()
    store.checkpoint_aside(every=0.02)
    assert store.checkpoints is not None
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0  # no commit copies the log
    log = database_path().with_name(database_path().name + "-wal")
    playthrough = store.start("s", "S", "fi", "practice", "{}")
    saves = 0

    def write_a_while() -> None:  # about 300 pages of log
        nonlocal saves
        for _ in range(60):
            saves += 1
            store.autosave(
                playthrough, json.dumps({"n": saves, "pad": PAD}), decisions=saves, solution_focused=0, ideal=0
            )

    write_a_while()
    first = log.stat().st_size
    for _ in range(3):
        checkpointed_since(store, store.checkpoints.done)
        write_a_while()
    assert log.stat().st_size <= first * 1.5  # each while's log was written over the one before, not after it
    store.close()
    again = Store()
    record = again.get(playthrough)
    assert record is not None and record.decisions == saves == 240
    again.close()


WRITER = """
import sys, json
from scenarios.store import Store
store = Store()
store.checkpoint_aside(every=0.005)
pid = store.start("s", "S", "fi", "practice", json.dumps({"n": 0}))
print(pid, flush=True)
n = 0
while True:
    n += 1
    store.autosave(pid, json.dumps({"n": n, "pad": "x" * 5000}), decisions=n, solution_focused=n, ideal=0)
    print(n, flush=True)
"""


def test_kill_9_while_the_log_is_copied_never_corrupts_and_keeps_the_last_commit(data_dir: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", WRITER], stdout=subprocess.PIPE, text=True, env={**os.environ})
    assert process.stdout is not None
    playthrough = int(process.stdout.readline())
    acknowledged = 0
    deadline = time.monotonic() + 10
    while acknowledged < 300 and time.monotonic() < deadline:
        acknowledged = int(process.stdout.readline())
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = Store()
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    record = store.get(playthrough)
    assert record is not None
    saved = json.loads(record.save)
    assert saved["n"] >= acknowledged and record.decisions == saved["n"]  # at most the write in flight is lost
    store.close()


def test_a_checkpoint_thread_that_cannot_open_the_store_says_so_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # An operator whose store's log keeps growing finds why in the server's log, not a silent thread.
    checkpoints = Checkpoints(tmp_path, every=0.01)  # a folder: SQLite cannot open it as a database
    with caplog.at_level(logging.WARNING, logger="scenarios.store"):
        checkpoints.start()
        checkpoints.stop()
    assert checkpoints.done == 0
    assert [record.getMessage() for record in caplog.records] == [
        f"no checkpoints from a thread of their own for {tmp_path} (unable to open database file): "
        "its log grows until it closes"
    ]
