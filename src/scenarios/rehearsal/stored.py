"""Team sessions of every kind in the trainer's SQLite store, saved as they happen; resume after a crash.

Two tables of the `rehearsal` component: one row per session (its whole state as versioned JSON,
replaced after every change; `kind` tells a story session from a station rotation and whatever kind
comes next) and an append-only event log (votes, choices, notes, timer actions, with their times),
written in the same transaction by the store's writer thread (`Store.writer`), so no event loop
waits on the database. A kind of session adds only how its state is written and read back
(`SessionRecords`' hooks); starting, saving, resuming and listing are all here.
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
from typing import Any, ClassVar, Generic, TypeVar

from scenarios.records.outbox import add
from scenarios.rehearsal.shell import CLOCK, Shelled
from scenarios.store import Store, migrate, transaction
from scenarios.store.connection import Connection
from scenarios.store.writer import Write

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
"""The kind of a story session (the first kind, and the column's default)."""


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


S = TypeVar("S", bound=Shelled)


class SessionRecords(Generic[S]):
    """The sessions of one kind in a `Store`'s rehearsal tables, each saved after every change.

    A save the database refuses (another program keeps it locked, the disk is full) does not stop the
    session: `problem` says why (told once through `on_problem`, in the event loop that made the change),
    and the next change saves the whole state again, the missed change with it (only that change's line
    in the event log is lost). `saved()` says when the last change is kept: what a phone is told waits for it.

    A kind says what it is (`KIND`) and how its state is written (`state`), summed up (`summary`) and read
    back (the function given to `resume_with`); it may add learning records to each save (`statements`).
    """

    KIND: ClassVar[str]

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        migrate(self.conn, COMPONENT, MIGRATIONS)
        self.problem: str | None = None
        """Why the last save after a change did not reach the database, or None when it did."""
        self.on_problem: Callable[[str], None] | None = None
        """Told when a save after a change fails (a front end says so once; the session goes on)."""

    # --- what a kind adds ------------------------------------------------------------
    def state(self, session: S) -> str:
        """The session's whole state as versioned JSON."""
        raise NotImplementedError

    def summary(self, session: S) -> tuple[str, str, bool, list[str]]:
        """Its team, phase, whether it is finished, and its plan (the stories' ids), for the listing."""
        raise NotImplementedError

    def statements(self, session_id: int, session: S) -> Callable[[S], list[dict[str, Any]]] | None:
        """What makes the learning records of each save of `session_id` (read once when it is attached), or None."""
        return None

    # --- the life of a session -------------------------------------------------------
    def start(self, session: S) -> int:
        """Store a new session and keep it saved after every change from now on; returns its id."""
        now = time.time()
        team, phase, _, plan = self.summary(session)
        with transaction(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO rehearsal_session (team, plan, created_at, updated_at, phase, state, kind) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (team, json.dumps(plan), now, now, phase, self.state(session), self.KIND),
            )
        assert cursor.lastrowid is not None
        self.attach(cursor.lastrowid, session)
        return cursor.lastrowid

    def attach(self, session_id: int, session: S) -> None:
        """Save `session` into row `session_id` after each of its changes."""
        records = self.statements(session_id, session)

        def saved(changed: S, kind: str, payload: dict[str, Any]) -> None:
            self.save(session_id, changed, kind, payload, records=records)

        session.on_change = saved

    def save(
        self,
        session_id: int,
        session: S,
        kind: str = "save",
        payload: dict[str, Any] | None = None,
        *,
        records: Callable[[S], list[dict[str, Any]]] | None = None,
    ) -> Future[None]:
        """Replace the session's state and log the change (with the learning `records` makes): one small
        transaction, written by the store's writer. A clock save (`CLOCK`) is the state alone."""
        team, phase, finished, _ = self.summary(session)
        row = (team, time.time(), phase, FINISHED if finished else ACTIVE, self.state(session), session_id, self.KIND)
        at = session.clock()
        event = None if kind == CLOCK else json.dumps(payload or {}, ensure_ascii=False)
        statements = records(session) if event is not None and records is not None else []

        def write(conn: Connection) -> None:
            conn.execute(
                "UPDATE rehearsal_session SET team = ?, updated_at = ?, phase = ?, status = ?, state = ? "
                "WHERE id = ? AND kind = ?",
                row,
            )
            if event is not None:
                conn.execute(
                    "INSERT INTO rehearsal_event (session_id, at, kind, payload) VALUES (?, ?, ?, ?)",
                    (session_id, at, kind, event),
                )
            for statement in statements:
                add_statement(conn, statement, at)

        return self.submit(write)

    def resume_with(self, session_id: int, load: Callable[[str], S]) -> S:
        """Load a stored session of this kind with `load` (its state → the session) and keep saving it.

        Raises `KeyError` (no such session of this kind) or whatever `load` raises (`SessionSaveError`)."""
        record = self.get(session_id)
        if record is None or record.kind != self.KIND:
            raise KeyError(session_id)
        session = load(record.state)
        self.attach(session_id, session)
        return session

    # --- saving without waiting ------------------------------------------------------
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

    # --- the listing (every kind) ----------------------------------------------------
    def abandon(self, session_id: int) -> None:
        """Stop offering an unfinished session for resume (its record stays)."""
        self.flush()
        with transaction(self.conn):
            self.conn.execute("UPDATE rehearsal_session SET status = ? WHERE id = ?", (ABANDONED, session_id))

    def get(self, session_id: int) -> SessionRecord | None:
        """One session by id (of any kind)."""
        rows = self._many("SELECT * FROM rehearsal_session WHERE id = ?", (session_id,))
        return rows[0] if rows else None

    def all(self) -> list[SessionRecord]:
        """Every stored session (of every kind), most recent first."""
        return self._many("SELECT * FROM rehearsal_session ORDER BY updated_at DESC, id DESC", ())

    def interrupted(self) -> list[SessionRecord]:
        """Unfinished sessions (of every kind), most recent first: candidates for resume."""
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
        self.flush()
        rows = self.conn.execute(sql, params).fetchall()
        return [
            SessionRecord(row[0], row[1], tuple(json.loads(row[2])), row[3], row[4], row[5], row[6], row[7], row[8])
            for row in rows
        ]


def add_statement(conn: Connection, statement: dict[str, Any], now: float) -> None:
    """Put a learning record into the outbox (one already there is left alone); inside the save's transaction."""
    add(conn, [statement], statement["context"]["registration"], now)
