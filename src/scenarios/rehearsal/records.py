"""Rehearsal sessions in the trainer's SQLite store, saved as they happen; resume after a crash.

Two tables of the `rehearsal` component: one row per session (its whole state as
versioned JSON, replaced after every change) and an append-only event log (votes,
choices, notes, timer actions, with their times), written in the same transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from scenarios.engine import Clock
from scenarios.records.team import add_rehearsal_statements, rehearsal_statements, team_key
from scenarios.rehearsal.saves import from_json, to_json
from scenarios.rehearsal.session import CLOCK, Phase, Session
from scenarios.store import Store, migrate, transaction
from scenarios.store.writer import Write
from scenarios.story.model import Story

COMPONENT = "rehearsal"
ACTIVE, FINISHED, ABANDONED = "active", "finished", "abandoned"

MIGRATIONS = [
    """
    CREATE TABLE rehearsal_session (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        team TEXT NOT NULL,
        plan TEXT NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        phase TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active',
        state TEXT NOT NULL
    );
    CREATE TABLE rehearsal_event (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES rehearsal_session (id) ON DELETE CASCADE,
        at REAL NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE INDEX rehearsal_event_session ON rehearsal_event (session_id, id)
    """,
    # 2: station rotations (chapter 6) share the table and its ids: `kind` tells them from story sessions.
    "ALTER TABLE rehearsal_session ADD COLUMN kind TEXT NOT NULL DEFAULT 'story'",
]
STORY = "story"


@dataclass(frozen=True)
class SessionRecord:
    """One stored session: who, what, when, and where it stands."""

    id: int
    team: str
    plan: tuple[str, ...]
    created_at: float
    updated_at: float
    phase: str
    status: str
    state: str
    kind: str = STORY
    """`story` for a story session, `stations` for a chapter 6 station rotation."""


@dataclass(frozen=True)
class Event:
    """One thing that happened in a session, in order."""

    at: float
    kind: str
    payload: dict[str, Any]


class SavedAsItHappens:
    """Saves made after each change of a session, by the store's writer thread (`Store.writer`), so no event
    loop waits on the database. A save the database refuses is kept in `problem` and told once through
    `on_problem` (in the event loop that asked for the save, when there was one), never raised: the session
    goes on, and the next change saves the whole state again. `saved()` says when the last change is kept."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        self.problem: str | None = None
        """Why the last save after a change did not reach the database, or None when it did."""
        self.on_problem: Callable[[str], None] | None = None
        """Told when a save after a change fails (a front end says so once; the session goes on)."""

    def submit(self, write: Write) -> Future[None]:
        """Hand `write` to the store's writer; its outcome becomes `problem` (told once) when it is known."""
        future = self.store.writer.submit(write)
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None

        def settled(done: Future[None]) -> None:
            if loop is None:
                self._settled(done)
            else:
                with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is left to tell
                    loop.call_soon_threadsafe(self._settled, done)

        future.add_done_callback(settled)
        return future

    def saved(self) -> Future[None]:
        """Done when every change so far is in the database; failed with the `sqlite3.Error` of the last save
        when it is not (each save holds the whole state, so the last one's outcome is everyone's)."""
        return self.store.writer.last()

    def flush(self) -> None:
        """Wait until every save asked for so far is done (before reading the tables back)."""
        self.store.writer.flush()

    def _settled(self, done: Future[None]) -> None:
        error = done.exception()
        if error is None:
            self.problem = None
        elif isinstance(error, sqlite3.Error):
            first = self.problem is None
            self.problem = str(error) or type(error).__name__
            if first and self.on_problem is not None:
                self.on_problem(self.problem)


class Records(SavedAsItHappens):
    """The rehearsal tables of a `Store`."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        migrate(self.conn, COMPONENT, MIGRATIONS)

    def start(self, session: Session) -> int:
        """Store a new session and keep it saved after every change from now on; returns its id."""
        now = time.time()
        with transaction(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO rehearsal_session (team, plan, created_at, updated_at, phase, state) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    session.team,
                    json.dumps([s.id for s in session.stories]),
                    now,
                    now,
                    session.phase.value,
                    to_json(session),
                ),
            )
        assert cursor.lastrowid is not None
        self.attach(cursor.lastrowid, session)
        return cursor.lastrowid

    def attach(self, session_id: int, session: Session) -> None:
        """Save `session` into row `session_id` after each of its changes.

        A save the database refuses (another program keeps it locked, the disk is full) does not
        stop the session: `problem` says why, and the next change saves the whole state again, the
        missed change with it (only that change's line in the event log is lost).
        """
        key = team_key(self.store, session_id)

        def saved(changed: Session, kind: str, payload: dict[str, Any]) -> None:
            self.save(session_id, changed, kind, payload, key=key)

        session.on_change = saved

    def save(
        self,
        session_id: int,
        session: Session,
        kind: str = "save",
        payload: dict[str, Any] | None = None,
        *,
        key: tuple[str, str] | None = None,
    ) -> Future[None]:
        """Replace the session's state and log the event (with the team's learning records under `key`, from
        `team_key`): one small transaction, written by the store's writer. A clock save (`CLOCK`) is the
        state alone: no line in the log, no records, as cheap as a save can be."""
        status = FINISHED if session.phase == Phase.DONE else ACTIVE
        row = (session.team, time.time(), session.phase.value, status, to_json(session), session_id)
        at = session.clock()
        event = None if kind == CLOCK else json.dumps(payload or {}, ensure_ascii=False)
        statements = [] if event is None else rehearsal_statements(key, session)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE rehearsal_session SET team = ?, updated_at = ?, phase = ?, status = ?, state = ? WHERE id = ?",
                row,
            )
            if event is not None:
                conn.execute(
                    "INSERT INTO rehearsal_event (session_id, at, kind, payload) VALUES (?, ?, ?, ?)",
                    (session_id, at, kind, event),
                )
                add_rehearsal_statements(conn, statements, at)

        return self.submit(write)

    def resume(
        self, session_id: int, find_story: Callable[[str], Story | None], *, clock: Clock | None = None
    ) -> Session:
        """Load a stored session (timers paused) and keep saving it. Raises `SessionSaveError`, `KeyError`."""
        record = self.get(session_id)
        if record is None or record.kind != STORY:
            raise KeyError(session_id)
        session = from_json(record.state, find_story, clock=clock)
        self.attach(session_id, session)
        return session

    def abandon(self, session_id: int) -> None:
        """Stop offering an unfinished session for resume (its record stays)."""
        self.flush()
        with transaction(self.conn):
            self.conn.execute("UPDATE rehearsal_session SET status = ? WHERE id = ?", (ABANDONED, session_id))

    def get(self, session_id: int) -> SessionRecord | None:
        """One session by id."""
        self.flush()
        rows = self._many("SELECT * FROM rehearsal_session WHERE id = ?", (session_id,))
        return rows[0] if rows else None

    def all(self) -> list[SessionRecord]:
        """Every stored session, most recent first."""
        self.flush()
        return self._many("SELECT * FROM rehearsal_session ORDER BY updated_at DESC, id DESC", ())

    def interrupted(self) -> list[SessionRecord]:
        """Unfinished sessions, most recent first: candidates for resume."""
        self.flush()
        return self._many(
            "SELECT * FROM rehearsal_session WHERE status = ? ORDER BY updated_at DESC, id DESC", (ACTIVE,)
        )

    def events(self, session_id: int) -> list[Event]:
        """The session's event log in order."""
        self.flush()
        rows = self.conn.execute(
            "SELECT at, kind, payload FROM rehearsal_event WHERE session_id = ? ORDER BY id", (session_id,)
        ).fetchall()
        return [Event(at, kind, json.loads(payload)) for at, kind, payload in rows]

    def _many(self, sql: str, params: tuple[Any, ...]) -> list[SessionRecord]:
        rows = self.conn.execute(sql, params).fetchall()
        return [
            SessionRecord(row[0], row[1], tuple(json.loads(row[2])), row[3], row[4], row[5], row[6], row[7], row[8])
            for row in rows
        ]
