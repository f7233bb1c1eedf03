"""Where the store is, and the one connection type every part of the store speaks: SQLite's.

The store is SQLite on one machine (the default: a file in the data directory) or PostgreSQL shared by several
servers (`SCENARIOS_STORE=postgresql://…`, or `scenarios serve --store`). Every module writes its SQL once, in
the dialect both understand, with `?` placeholders, and catches `sqlite3.Error`: `scenarios.store.postgres`
adapts a PostgreSQL connection to that (placeholders, `INSERT OR IGNORE`, the ids of new rows, the write lock,
the errors). The few things the two do differently, and that SQL cannot say for both, are the functions here.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

STORE_ENV = "SCENARIOS_STORE"
"""The environment variable naming a shared PostgreSQL store (`postgresql://user@host/database`)."""
URL_SCHEMES = ("postgresql", "postgres")

Location = Path | str
"""A SQLite file (a path) or a PostgreSQL server's database (a `postgresql://` URL)."""


class Cursor(Protocol):
    """What the store reads from a statement's result (as `sqlite3.Cursor` gives it)."""

    @property
    def rowcount(self) -> int: ...
    @property
    def lastrowid(self) -> int | None: ...
    @property
    def description(self) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A store connection in autocommit mode: `sqlite3.Connection`, or a PostgreSQL one adapted to it."""

    @property
    def in_transaction(self) -> bool: ...
    @property
    def total_changes(self) -> int: ...
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...
    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...
    def close(self) -> None: ...


class SqliteConnection(sqlite3.Connection):
    """A connection to a SQLite store: `sqlite3.Connection`, remembering which components' schemas it found up to
    date (`schema.migrate` asks each once per connection, as it does of PostgreSQL, not at every read of the
    lessons or the outbox: three statements each, a good part of a web page's store time)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.migrated: dict[str, int] = {}


def is_url(location: Location | None) -> bool:
    """True when `location` names a PostgreSQL database rather than a SQLite file."""
    return isinstance(location, str) and urlsplit(location).scheme in URL_SCHEMES


def configured() -> str | None:
    """The shared store `SCENARIOS_STORE` names (None: the data directory's SQLite file)."""
    return os.environ.get(STORE_ENV) or None


def shown(location: Location) -> str:
    """The location as it may be shown to a person: a URL without its password."""
    if not is_url(location):
        return str(location)
    parts = urlsplit(str(location))
    if parts.password is None:
        return str(location)
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def is_postgresql(conn: Connection) -> bool:
    """True for a connection to a PostgreSQL store."""
    return not isinstance(conn, sqlite3.Connection)


def table_columns(conn: Connection, table: str) -> list[str]:
    """The names of `table`'s columns in their order (empty when there is no such table)."""
    if is_postgresql(conn):
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position",
            (table,),
        ).fetchall()
        return [str(row[0]) for row in rows]
    return [str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")]


def has_table(conn: Connection, table: str) -> bool:
    """True when the store has a table `table` (asked without an error that would end a PostgreSQL transaction)."""
    if is_postgresql(conn):
        return conn.execute("SELECT to_regclass(?) IS NOT NULL", (table,)).fetchone()[0] is True
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() is not None
    )
