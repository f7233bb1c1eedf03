"""Station rotations in the rehearsal's tables, saved as they happen and resumed after a crash.

They share `rehearsal_session` (and so its ids, `rehearse --list` and `--export`) with the story
sessions, told apart by its `kind` column, and the same event log.
"""

from __future__ import annotations

import json
import sqlite3
import time
from concurrent.futures import Future
from typing import Any

from scenarios.engine import Clock
from scenarios.rehearsal.records import ACTIVE, FINISHED, Records, SavedAsItHappens
from scenarios.rehearsal.station_saves import KIND, from_json, to_json
from scenarios.rehearsal.stations import StationSession
from scenarios.store import Store, transaction


class StationRecords(SavedAsItHappens):
    """The station sessions of a `Store` (the tables are `Records`'s; this adds their kind of state)."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.records = Records(store)  # brings the tables up to date

    def start(self, session: StationSession) -> int:
        """Store a new station session and keep it saved after every change; returns its id."""
        now = time.time()
        with transaction(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO rehearsal_session (team, plan, created_at, updated_at, phase, state, kind) "
                "VALUES (?, '[]', ?, ?, ?, ?, ?)",
                (session.team, now, now, session.phase, to_json(session), KIND),
            )
        assert cursor.lastrowid is not None
        self.attach(cursor.lastrowid, session)
        return cursor.lastrowid

    def attach(self, session_id: int, session: StationSession) -> None:
        """Save `session` into row `session_id` after each of its changes (a refused save is told, not raised)."""

        def saved(changed: StationSession, kind: str, payload: dict[str, Any]) -> None:
            self.save(session_id, changed, kind, payload)

        session.on_change = saved

    def save(
        self, session_id: int, session: StationSession, kind: str = "save", payload: dict[str, Any] | None = None
    ) -> Future[None]:
        """Replace the session's state and log the event: one small transaction, written by the store's writer."""
        status = FINISHED if session.is_done else ACTIVE
        row = (session.team, time.time(), session.phase, status, to_json(session), session_id, KIND)
        event = (session_id, session.clock(), kind, json.dumps(payload, ensure_ascii=False) if payload else "{}")

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE rehearsal_session SET team = ?, updated_at = ?, phase = ?, status = ?, state = ? "
                "WHERE id = ? AND kind = ?",
                row,
            )
            conn.execute("INSERT INTO rehearsal_event (session_id, at, kind, payload) VALUES (?, ?, ?, ?)", event)

        return self.submit(write)

    def resume(self, session_id: int, *, clock: Clock | None = None) -> StationSession:
        """Load a stored station session (a running clock still running) and keep saving it.

        Raises `KeyError` (no such station session) or `SessionSaveError`.
        """
        record = self.records.get(session_id)
        if record is None or record.kind != KIND:
            raise KeyError(session_id)
        session = from_json(record.state, clock=clock)
        self.attach(session_id, session)
        return session
