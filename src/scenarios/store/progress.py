"""The trainee's playthroughs in SQLite: autosaves, finished results, history and bests."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios.store.paths import database_path
from scenarios.store.schema import Migration, migrate, transaction

COMPONENT = "progress"

MIGRATIONS: list[Migration] = [
    """
    CREATE TABLE playthrough (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id TEXT NOT NULL,
        title TEXT NOT NULL,
        language TEXT NOT NULL,
        mode TEXT NOT NULL,
        started_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        status TEXT NOT NULL DEFAULT 'active',
        save TEXT NOT NULL,
        decisions INTEGER NOT NULL DEFAULT 0,
        solution_focused INTEGER NOT NULL DEFAULT 0,
        ideal INTEGER NOT NULL DEFAULT 0,
        outcome TEXT
    );
    CREATE INDEX playthrough_story ON playthrough (story_id, status);
    CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)
    """,
]

ACTIVE, FINISHED, ABANDONED = "active", "finished", "abandoned"


@dataclass(frozen=True)
class PlaythroughRecord:
    """One stored playthrough: what was played, how, and how it went."""

    id: int
    story_id: str
    title: str
    language: str
    mode: str
    started_at: float
    updated_at: float
    status: str
    save: str
    decisions: int
    solution_focused: int
    ideal: int
    outcome: str | None

    @property
    def share(self) -> float:
        """The share of solution-focused choices (0.0-1.0)."""
        return self.solution_focused / self.decisions if self.decisions else 0.0


def open_database(path: Path | str | None = None) -> sqlite3.Connection:
    """A connection in autocommit mode with WAL journaling, the progress schema migrated."""
    conn = sqlite3.connect(str(path or database_path()), isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable against a killed process in WAL mode; only a power cut can drop the last commit.
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    migrate(conn, COMPONENT, MIGRATIONS)
    return conn


class Store:
    """The trainer's local data. Other features add their own tables with `migrate(self.conn, ...)`."""

    def __init__(self, path: Path | str | None = None, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path) if path is not None else database_path()
        self.clock = clock
        self.conn = open_database(self.path)

    def close(self) -> None:
        """Close the connection (checkpointing the write-ahead log)."""
        self.conn.close()

    # --- playthroughs ----------------------------------------------------------------
    def start(self, story_id: str, title: str, language: str, mode: str, save: str) -> int:
        """Record a new playthrough; any earlier unfinished one of the same story is abandoned."""
        now = self.clock()
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE playthrough SET status = ? WHERE story_id = ? AND status = ?", (ABANDONED, story_id, ACTIVE)
            )
            cursor = self.conn.execute(
                "INSERT INTO playthrough (story_id, title, language, mode, started_at, updated_at, save) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (story_id, title, language, mode, now, now, save),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def autosave(self, playthrough_id: int, save: str, *, decisions: int, solution_focused: int, ideal: int) -> None:
        """Replace the playthrough's save after a choice: one small transaction."""
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE playthrough SET save = ?, updated_at = ?, decisions = ?, solution_focused = ?, ideal = ? "
                "WHERE id = ?",
                (save, self.clock(), decisions, solution_focused, ideal, playthrough_id),
            )

    def finish(
        self, playthrough_id: int, save: str, *, decisions: int, solution_focused: int, ideal: int, outcome: str | None
    ) -> None:
        """Mark the playthrough finished with its final counts and ending."""
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE playthrough SET status = ?, save = ?, updated_at = ?, decisions = ?, solution_focused = ?, "
                "ideal = ?, outcome = ? WHERE id = ?",
                (FINISHED, save, self.clock(), decisions, solution_focused, ideal, outcome, playthrough_id),
            )

    def abandon(self, playthrough_id: int) -> None:
        """Mark an unfinished playthrough as given up (it is no longer offered for resume)."""
        with transaction(self.conn):
            self.conn.execute("UPDATE playthrough SET status = ? WHERE id = ?", (ABANDONED, playthrough_id))

    def set_mode(self, playthrough_id: int, mode: str) -> None:
        """Record a change of mode while playing."""
        with transaction(self.conn):
            self.conn.execute("UPDATE playthrough SET mode = ? WHERE id = ?", (mode, playthrough_id))

    def get(self, playthrough_id: int) -> PlaythroughRecord | None:
        """One playthrough by id."""
        return self._one("SELECT * FROM playthrough WHERE id = ?", (playthrough_id,))

    def interrupted(self) -> list[PlaythroughRecord]:
        """Unfinished playthroughs, most recent first: candidates for resume."""
        return self._many("SELECT * FROM playthrough WHERE status = ? ORDER BY updated_at DESC, id DESC", (ACTIVE,))

    def history(self, limit: int = 200) -> list[PlaythroughRecord]:
        """Finished playthroughs, most recent first."""
        return self._many(
            "SELECT * FROM playthrough WHERE status = ? ORDER BY updated_at DESC, id DESC LIMIT ?", (FINISHED, limit)
        )

    def best(self) -> dict[str, PlaythroughRecord]:
        """The best finished playthrough of each story: most solution-focused share, then most ideal choices."""
        best: dict[str, PlaythroughRecord] = {}
        for record in self._many("SELECT * FROM playthrough WHERE status = ? ORDER BY id", (FINISHED,)):
            held = best.get(record.story_id)
            if held is None or (record.share, record.ideal) > (held.share, held.ideal):
                best[record.story_id] = record
        return best

    # --- settings --------------------------------------------------------------------
    def read_setting(self, key: str) -> Any:
        """A stored setting (JSON-decoded), or None."""
        row = self.conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return json.loads(row[0])
        except ValueError:
            return None

    def write_setting(self, key: str, value: Any) -> None:
        """Store a setting as JSON."""
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    # --- internals -------------------------------------------------------------------
    def _one(self, sql: str, params: tuple[Any, ...]) -> PlaythroughRecord | None:
        rows = self._many(sql, params)
        return rows[0] if rows else None

    def _many(self, sql: str, params: tuple[Any, ...]) -> list[PlaythroughRecord]:
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [PlaythroughRecord(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
