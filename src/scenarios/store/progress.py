"""The trainees' playthroughs in SQLite: autosaves, finished results, history and bests, each trainee's apart."""

from __future__ import annotations

import copy
import json
import math
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios.store.checkpoints import CHECKPOINT_EVERY, Checkpoints
from scenarios.store.clock import now
from scenarios.store.connection import Connection, Location, SqliteConnection, configured, is_url, table_columns
from scenarios.store.paths import database_path, private_file
from scenarios.store.schema import Migration, migrate, transaction
from scenarios.store.trainee import Trainee, local_trainee
from scenarios.store.writer import StoreWriter

COMPONENT = "progress"


def _add_trainee(conn: Connection) -> None:
    """Version 3: each playthrough belongs to a trainee; those kept so far belong to the local (OS) user."""
    conn.execute("ALTER TABLE playthrough ADD COLUMN trainee TEXT NOT NULL DEFAULT ''")
    conn.execute("UPDATE playthrough SET trainee = ?", (local_trainee().key,))
    conn.execute("CREATE INDEX playthrough_trainee ON playthrough (trainee, story_id, status)")


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
    # Version 2: a lease on each playthrough (the app window playing it, and when it last said so).
    """
    ALTER TABLE playthrough ADD COLUMN owner TEXT;
    ALTER TABLE playthrough ADD COLUMN heartbeat REAL
    """,
    _add_trainee,
    # Version 4: which of the playthrough's leases the owner holds (each window that takes it up counts one more), so
    # a save from a window that no longer holds it is refused even after the lease was freed again.
    "ALTER TABLE playthrough ADD COLUMN lease INTEGER NOT NULL DEFAULT 0",
]

ACTIVE, FINISHED, ABANDONED = "active", "finished", "abandoned"


@dataclass(frozen=True)
class Lease:
    """A window's hold on a playthrough: the window (`owner`) and which of the playthrough's leases it is.

    Each window that takes the playthrough up gets the next `number` (a new playthrough's window the first), so a
    window that held it before, or an older screen of the same window, holds it no longer: its saves are refused,
    even after the newer window freed the lease again (a story paused there waits for whoever opens it next).
    """

    owner: str
    number: int


FIRST_LEASE = 1
"""The lease number of the window that starts a playthrough (`Store.start` with an owner)."""


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
    owner: str | None = None
    """The app window that holds the playthrough's lease (None: nobody plays it now)."""
    heartbeat: float | None = None
    """When the owner last said it is still playing (clock seconds)."""
    lease: int = 0
    """How many times a window took the playthrough up (`Lease.number` of the latest)."""
    trainee: str = ""
    """The key of the trainee it belongs to (`Trainee.key`)."""

    @property
    def share(self) -> float:
        """The share of solution-focused choices (0.0-1.0)."""
        return self.solution_focused / self.decisions if self.decisions else 0.0


BUSY_TIMEOUT = 5.0
"""Seconds a write waits for another program's write to end before giving up (`sqlite3.OperationalError`)."""


def open_database(path: Location | None = None, *, timeout: float = BUSY_TIMEOUT) -> Connection:
    """A connection in autocommit mode, the progress schema migrated: to the SQLite file `path` (by default the
    one `store_location` names) with WAL journaling, or to the PostgreSQL database a `postgresql://` URL names.

    A SQLite file and its WAL and shared-memory files are their owner's only (0600; SQLite gives the latter two
    the database's permissions when it makes them): the settings hold the LRS secret.
    """
    location = store_location() if path is None else path
    conn: Connection
    if is_url(location):
        from scenarios.store.postgres import connect

        conn = connect(str(location), timeout=timeout)
    else:
        conn = _open_sqlite(Path(location), timeout)
    try:
        migrate(conn, COMPONENT, MIGRATIONS)
        _check_tables(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _open_sqlite(file: Path, timeout: float) -> sqlite3.Connection:
    try:
        private_file(file)
    except OSError:
        pass  # SQLite says what is wrong with the place
    conn = sqlite3.connect(str(file), isolation_level=None, timeout=timeout, factory=SqliteConnection)
    conn.execute("PRAGMA journal_mode=WAL")
    for suffix in ("-wal", "-shm"):
        private_file(file.with_name(file.name + suffix), create=False)
    # NORMAL is durable against a killed process in WAL mode; only a power cut can drop the last commit.
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def store_location() -> Location:
    """Where the store is: the PostgreSQL database `SCENARIOS_STORE` names, else the data directory's SQLite file."""
    return configured() or database_path()


def _check_tables(conn: Connection) -> None:
    """Raise `sqlite3.DatabaseError` when the tables are not what the migrations made (dropped or changed by
    hand): said when the store is opened, instead of by a failing screen later."""
    for table, wanted in (("playthrough", set(PlaythroughRecord.__dataclass_fields__)), ("setting", {"key", "value"})):
        columns = set(table_columns(conn, table))
        if not columns:
            raise sqlite3.DatabaseError(f"the table {table} is missing")
        missing = sorted(wanted - columns)
        if missing:
            raise sqlite3.DatabaseError(f"the table {table} lacks the columns {', '.join(missing)}")


class Store:
    """The trainer's local data, as one trainee sees it. Other features add their own tables with
    `migrate(self.conn, ...)`.

    Every playthrough read or written goes through `trainee`'s key: a trainee never sees, resumes or
    changes another trainee's playthroughs (the settings table is shared; see `store.settings`).
    """

    def __init__(
        self,
        path: Location | None = None,
        *,
        clock: Callable[[], float] = now,
        timeout: float = BUSY_TIMEOUT,
        trainee: Trainee | None = None,
    ) -> None:
        location = store_location() if path is None else path
        self.path: Location = str(location) if is_url(location) else Path(location)
        """The SQLite file, or the PostgreSQL database's URL (`SCENARIOS_STORE`), this store keeps its data in."""
        self.clock = clock
        self.trainee = trainee or local_trainee()
        """Whose playthroughs this store shows and keeps (default: the OS user, in the terminal)."""
        self.conn = open_database(self.path, timeout=timeout)
        self.timeout = timeout
        self._writer: StoreWriter | None = None
        self.checkpoints: Checkpoints | None = None
        """The thread copying the write-ahead log into the database, when the writes do not (`checkpoint_aside`)."""

    def as_trainee(self, trainee: Trainee) -> Store:
        """This store as `trainee` sees it, over the same connection: a server that serves many trainees opens
        one connection, not one per trainee. Close only the store the views were made from."""
        view = copy.copy(self)
        view.trainee = trainee
        return view

    @property
    def writer(self) -> StoreWriter:
        """The thread that writes for a server or a screen without making it wait (one per store)."""
        if self._writer is None:
            location, timeout = self.path, self.timeout
            name = location.name if isinstance(location, Path) else "postgresql"
            self._writer = StoreWriter(lambda: open_database(location, timeout=timeout), name=name)
        return self._writer

    def checkpoint_aside(self, every: float = CHECKPOINT_EVERY) -> None:
        """Leave the write-ahead log's checkpoints to a thread of their own (`store.checkpoints`) until `close`, so
        that no write of this connection waits for one: for a server, whose every page waits for its connection.
        Nothing to do on PostgreSQL."""
        if self.checkpoints is None and isinstance(self.path, Path) and isinstance(self.conn, sqlite3.Connection):
            Checkpoints.hand_over(self.conn)
            self.checkpoints = Checkpoints(self.path, every=every, timeout=self.timeout)
            self.checkpoints.start()

    def close(self) -> None:
        """Finish the writes handed to the writer, then close the connection (checkpointing the write-ahead log)."""
        if self._writer is not None:
            self._writer.close()
        if self.checkpoints is not None:
            self.checkpoints.stop()
        self.conn.close()

    # --- playthroughs ----------------------------------------------------------------
    def start(
        self,
        story_id: str,
        title: str,
        language: str,
        mode: str,
        save: str,
        *,
        owner: str | None = None,
        spare: Collection[int] = (),
    ) -> int:
        """Record a new playthrough (leased to `owner`, if given, as its lease number `FIRST_LEASE`).

        Any earlier unfinished one of the same story is abandoned, except those in `spare`
        (playthroughs another app window is playing now).
        """
        now = self.clock()
        with transaction(self.conn, trainee=self.trainee.key):
            earlier = self.conn.execute(
                "SELECT id FROM playthrough WHERE story_id = ? AND status = ? AND trainee = ?",
                (story_id, ACTIVE, self.trainee.key),
            ).fetchall()
            for (earlier_id,) in earlier:
                if earlier_id not in spare:
                    self.conn.execute("UPDATE playthrough SET status = ? WHERE id = ?", (ABANDONED, earlier_id))
            cursor = self.conn.execute(
                "INSERT INTO playthrough (story_id, title, language, mode, started_at, updated_at, save, owner, "
                "heartbeat, lease, trainee) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (story_id, title, language, mode, now, now, save, owner, now if owner else None,
                 FIRST_LEASE if owner else 0, self.trainee.key),
            )  # fmt: skip
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def autosave(
        self,
        playthrough_id: int,
        save: str,
        *,
        decisions: int,
        solution_focused: int,
        ideal: int,
        lease: Lease | None = None,
    ) -> bool:
        """Replace the playthrough's save after a choice: one small transaction.

        With a `lease`, only while that lease is the playthrough's and held (not freed) and the playthrough is
        unfinished, checked in the write itself: False when another window took it over since (and finished or
        paused it, or plays it), so nothing of that window's is written over.
        """
        with transaction(self.conn, trainee=self.trainee.key):
            cursor = self.conn.execute(
                "UPDATE playthrough SET save = ?, updated_at = ?, decisions = ?, solution_focused = ?, ideal = ?, "
                f"heartbeat = ? WHERE id = ? AND trainee = ? AND {_HELD}",
                (save, now := self.clock(), decisions, solution_focused, ideal, now, playthrough_id, self.trainee.key,
                 *_held(lease)),
            )  # fmt: skip
        return cursor.rowcount == 1

    def finish(
        self,
        playthrough_id: int,
        save: str,
        *,
        decisions: int,
        solution_focused: int,
        ideal: int,
        outcome: str | None,
        lease: Lease | None = None,
    ) -> bool:
        """Mark the playthrough finished with its final counts and ending, and free its lease.

        With a `lease`, only while it is the playthrough's and held and the playthrough is unfinished (as
        `autosave`); False when another window took it over since.
        """
        with transaction(self.conn, trainee=self.trainee.key):
            cursor = self.conn.execute(
                "UPDATE playthrough SET status = ?, save = ?, updated_at = ?, decisions = ?, solution_focused = ?, "
                f"ideal = ?, outcome = ?, owner = NULL, heartbeat = NULL WHERE id = ? AND trainee = ? AND {_HELD}",
                (FINISHED, save, self.clock(), decisions, solution_focused, ideal, outcome, playthrough_id,
                 self.trainee.key, *_held(lease)),
            )  # fmt: skip
        return cursor.rowcount == 1

    def abandon(self, playthrough_id: int) -> None:
        """Mark an unfinished playthrough as given up (it is no longer offered for resume)."""
        with transaction(self.conn, trainee=self.trainee.key):
            self.conn.execute(
                "UPDATE playthrough SET status = ?, owner = NULL, heartbeat = NULL WHERE id = ? AND trainee = ?",
                (ABANDONED, playthrough_id, self.trainee.key),
            )

    # --- leases ----------------------------------------------------------------------
    def claim(self, playthrough_id: int, owner: str, *, unless_live_since: float | None = None) -> Lease | None:
        """Lease the unfinished playthrough to `owner`, as its next lease number; the lease it now holds, or None.

        With `unless_live_since`, the lease is taken only from nobody, from `owner` itself, or from an
        owner whose last heartbeat is older than that time; without it, it is taken over whoever holds it.
        """
        with transaction(self.conn, trainee=self.trainee.key):
            cursor = self.conn.execute(
                "UPDATE playthrough SET owner = ?, heartbeat = ?, lease = lease + 1 WHERE id = ? AND trainee = ? "
                "AND status = ? AND (? IS NULL OR owner IS NULL OR owner = ? OR heartbeat IS NULL OR heartbeat < ?)",
                (owner, self.clock(), playthrough_id, self.trainee.key, ACTIVE, unless_live_since, owner,
                 unless_live_since),
            )  # fmt: skip
            if cursor.rowcount != 1:
                return None
            row = self.conn.execute("SELECT lease FROM playthrough WHERE id = ?", (playthrough_id,)).fetchone()
        return Lease(owner, int(row[0]))

    def beat(self, playthrough_id: int, lease: Lease) -> bool:
        """The lease's window is still playing: renew it. False when the window no longer holds it."""
        with transaction(self.conn, trainee=self.trainee.key):
            cursor = self.conn.execute(
                f"UPDATE playthrough SET heartbeat = ? WHERE id = ? AND trainee = ? AND {_HELD}",
                (self.clock(), playthrough_id, self.trainee.key, *_held(lease)),
            )
        return cursor.rowcount == 1

    def release(self, playthrough_id: int, lease: Lease) -> None:
        """The lease's window stopped playing (the playthrough stays as it is, free to resume anywhere); nothing
        when it no longer held it."""
        with transaction(self.conn, trainee=self.trainee.key):
            self.conn.execute(
                f"UPDATE playthrough SET owner = NULL, heartbeat = NULL WHERE id = ? AND trainee = ? AND {_HELD}",
                (playthrough_id, self.trainee.key, *_held(lease)),
            )

    def set_mode(self, playthrough_id: int, mode: str, *, lease: Lease | None = None) -> bool:
        """Record a change of mode while playing (with a `lease`, only while it is held, as `autosave`)."""
        with transaction(self.conn, trainee=self.trainee.key):
            cursor = self.conn.execute(
                f"UPDATE playthrough SET mode = ? WHERE id = ? AND trainee = ? AND {_HELD}",
                (mode, playthrough_id, self.trainee.key, *_held(lease)),
            )
        return cursor.rowcount == 1

    def get(self, playthrough_id: int) -> PlaythroughRecord | None:
        """One of the trainee's playthroughs by id (None for another trainee's)."""
        return self._one("SELECT * FROM playthrough WHERE id = ? AND trainee = ?", (playthrough_id, self.trainee.key))

    def interrupted(self) -> list[PlaythroughRecord]:
        """Unfinished playthroughs that got somewhere, most recent first: candidates for resume.

        One without a decision is left out unless it began at a place of its own (a story reloaded
        by `play --watch` carries the place over without the choices that led there).
        """
        active = self._many(
            "SELECT * FROM playthrough WHERE status = ? AND trainee = ? ORDER BY updated_at DESC, id DESC",
            (ACTIVE, self.trainee.key),
        )
        return [record for record in active if record.decisions > 0 or _begins_at_a_place(record.save)]

    def history(self, limit: int = 200) -> list[PlaythroughRecord]:
        """Finished playthroughs, most recent first."""
        return self._many(
            "SELECT * FROM playthrough WHERE status = ? AND trainee = ? ORDER BY updated_at DESC, id DESC LIMIT ?",
            (FINISHED, self.trainee.key, limit),
        )

    def best(self) -> dict[str, PlaythroughRecord]:
        """The best finished playthrough of each story: most solution-focused share, then most ideal choices."""
        best: dict[str, PlaythroughRecord] = {}
        finished = self._many(
            "SELECT * FROM playthrough WHERE status = ? AND trainee = ? ORDER BY id", (FINISHED, self.trainee.key)
        )
        for record in finished:
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
        return [record_of(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


_HELD = "(? IS NULL OR (owner = ? AND lease = ? AND status = ?))"
"""The condition of a write made under a lease (`_held`'s four values): none given, or that lease still held."""


def _held(lease: Lease | None) -> tuple[object, ...]:
    """The values of `_HELD` for `lease`."""
    if lease is None:
        return (None, None, None, None)
    return (lease.owner, lease.owner, lease.number, ACTIVE)


def _begins_at_a_place(save: str) -> bool:
    """True when a save holds a place of its own to begin at (`origin`: a story reloaded by `play --watch`)."""
    if '"origin"' not in save:
        return False
    try:
        held = json.loads(save)
    except ValueError:
        return False
    return isinstance(held, dict) and isinstance(held.get("origin"), dict)


_TEXTS = ("story_id", "title", "language", "mode", "status", "save", "trainee")
_COUNTS = ("decisions", "solution_focused", "ideal")
_TIMES = ("started_at", "updated_at")


def record_of(row: dict[str, Any]) -> PlaythroughRecord:
    """A stored row as a record, each value of the type the record promises.

    SQLite keeps whatever a column is given: a row written by hand or by damage (`decisions = 'many'`,
    a time as text, a NULL title) is read as the nearest sensible value (0, the empty text) instead of
    breaking every screen that shows it. The playthrough itself (`save`) is checked when it is resumed.
    """
    values: dict[str, Any] = {"id": row["id"]}
    for name in _TEXTS:
        value = row.get(name)
        values[name] = value if isinstance(value, str) else "" if value is None else str(value)
    for name in _COUNTS:
        values[name] = max(0, _number(row.get(name), int, 0))
    for name in _TIMES:
        values[name] = _number(row.get(name), float, 0.0)
    outcome, owner, heartbeat = row.get("outcome"), row.get("owner"), row.get("heartbeat")
    values["outcome"] = outcome if isinstance(outcome, str) else None
    values["owner"] = owner if isinstance(owner, str) else None
    values["heartbeat"] = None if heartbeat is None else _number(heartbeat, float, 0.0)
    values["lease"] = max(0, _number(row.get("lease"), int, 0))
    return PlaythroughRecord(**values)


def _number(value: Any, kind: type[int] | type[float], default: int | float) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    if isinstance(value, float) and not math.isfinite(value):
        return default
    return kind(value)
