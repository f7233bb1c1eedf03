"""Versioned schemas: each component (ours, and later ones such as rehearsals) migrates its own tables.

A component's version lives in the `schema_version` table. Each migration runs in
one transaction with the version bump, so a crash leaves the schema at a whole version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from scenarios.store.connection import Connection, has_table, is_postgresql

Migration = str | Callable[[Connection], None]


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer release than this one."""

    def __init__(self, component: str, found: int, known: int) -> None:
        super().__init__(f"{component}: schema version {found} is newer than {known}")
        self.component, self.found, self.known = component, found, known


def schema_version(conn: Connection, component: str) -> int:
    """The schema version of `component` (0 when it has no tables yet)."""
    if not has_table(conn, "schema_version"):
        with transaction(conn):  # in the write lock: two servers starting at once make it once
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
            )
    row = conn.execute("SELECT version FROM schema_version WHERE component = ?", (component,)).fetchone()
    if row is None:
        return 0
    if not isinstance(row[0], int):  # written by hand or by damage: nothing to migrate from
        raise sqlite3.DatabaseError(f"{component}: schema version {row[0]!r} is not a number")
    return row[0]


def migrate(conn: Connection, component: str, migrations: Sequence[Migration]) -> int:
    """Bring `component` up to `len(migrations)`; migration N takes version N-1 to N.

    A migration is SQL (possibly several statements) or a function of the connection.
    Returns the version reached. Raises `SchemaTooNewError` for a database from a newer release.
    """
    known = getattr(conn, "migrated", None)  # the store's connections remember what they found up to date
    if known is not None and known.get(component) == len(migrations):
        return len(migrations)  # asked once per connection, not at every save
    current = schema_version(conn, component)
    if current > len(migrations):
        raise SchemaTooNewError(component, current, len(migrations))
    for version in range(current + 1, len(migrations) + 1):
        step = migrations[version - 1]
        with transaction(conn):  # the migration and its version bump together
            if schema_version(conn, component) >= version:
                continue  # another process (a second server starting) took this step meanwhile
            if isinstance(step, str):
                for statement in _statements(step):
                    conn.execute(statement)
            else:
                step(conn)
            conn.execute(
                "INSERT INTO schema_version (component, version) VALUES (?, ?) "
                "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                (component, version),
            )
    if known is not None:
        known[component] = len(migrations)
    return len(migrations)


@contextmanager
def transaction(conn: Connection, *, trainee: str | None = None) -> Iterator[Connection]:
    """One write transaction (BEGIN IMMEDIATE … COMMIT), rolled back on any error.

    The connection must be in autocommit mode (`isolation_level=None`), as `open_database` makes it.
    Inside another transaction it is a savepoint, so a caller can wrap a save and its own
    writes (such as the records outbox) in one transaction.

    `trainee` (a trainee's key) says the transaction writes only that trainee's own rows (their playthroughs,
    answers, lessons, and the learning records of these): on PostgreSQL it then waits only for other
    transactions of the same trainee, and for those that say nothing of whose rows they write (they wait for
    every other); SQLite writes one transaction at a time in any case.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    if trainee is not None and is_postgresql(conn):
        conn.execute("BEGIN IMMEDIATE", (trainee,))  # the seam's own form: the lock of this trainee's rows only
    else:
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    # executescript() would commit behind our back; split on ';' (our SQL has none in literals).
    return [part.strip() for part in script.split(";") if part.strip()]
