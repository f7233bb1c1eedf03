"""A SQLite store's write-ahead log copied into the database from a thread of its own, not by the writes.

SQLite copies its log into the database (a checkpoint) inside the commit that grew the log past a thousand
pages: that commit then waits for the copy and two flushes to disk. A server whose one store thread answers
every page would hold every page behind it for as long (tens of milliseconds). So its connection leaves the
checkpoints to `Checkpoints`: a connection of its own that asks for a passive one every few seconds, which
waits for no reader and no writer (they go on meanwhile) and copies what it can. A log is then never longer
than a few seconds' writes. PostgreSQL needs none of this.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

CHECKPOINT_EVERY = 1.0
"""Seconds between checkpoints (a busy web trainer writes a few hundred pages a second to its log)."""
RESTART_AFTER = 10_000
"""Pages of log (40 MiB) that, once copied, are begun again at once. A log begins again by itself at the first
write after a checkpoint that no write came during; one written to all the time would only grow. The restart
holds the writes while it flushes the database to disk (as every checkpoint in a commit did, ten times as often)."""

log = logging.getLogger("scenarios.store")


class Checkpoints:
    """Checkpoints of the SQLite store `file` every `every` seconds, from a thread and a connection of their own,
    until `stop` (the connection that hands its checkpoints here turns its own off: `hand_over`)."""

    def __init__(self, file: Path, *, every: float = CHECKPOINT_EVERY, timeout: float = 5.0) -> None:
        self.file = file
        self.every = every
        self.timeout = timeout
        self.done = 0
        """Checkpoints that ran (whether or not there was anything to copy)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"store-checkpoints {file.name}", daemon=True)

    @staticmethod
    def hand_over(conn: sqlite3.Connection) -> None:
        """Make `conn`'s commits leave the checkpoints to a `Checkpoints` (or to the last connection to close)."""
        conn.execute("PRAGMA wal_autocheckpoint = 0")

    def start(self) -> None:
        """Begin the checkpoints."""
        self._thread.start()

    def stop(self) -> None:
        """Stop after a last checkpoint (the store's own connection, closed after, copies whatever is left)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def checkpoint(self, conn: sqlite3.Connection) -> None:
        """One passive checkpoint on `conn`; then, when it copied a long log whole, the log begun again (a busy or
        failing one is tried again next time)."""
        try:
            ((busy, log, copied),) = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            if not busy and log >= RESTART_AFTER and copied == log:
                conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
        except sqlite3.Error:
            return
        self.done += 1

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(str(self.file), isolation_level=None, timeout=self.timeout, check_same_thread=True)
        except sqlite3.Error as error:
            # Nothing is lost: the store's own connection copies the log when it closes, but until then it grows.
            log.warning(
                "no checkpoints from a thread of their own for %s (%s): its log grows until it closes", self.file, error
            )
            return
        try:
            while not self._stop.wait(self.every):
                self.checkpoint(conn)
            self.checkpoint(conn)
        finally:
            conn.close()
