"""What went wrong with the store, in words a trainee can act on: damaged, not a file, busy, read-only, full,
from a newer version, or out of reach.

SQLite says "file is not a database", "unable to open database file" or "disk I/O error" for many
different troubles; `describe` looks at the file and its folder to tell them apart, and names the catalog
message (`store.*`) with its parameters. Every command and screen that opens the store says it the same way.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from scenarios.i18n.catalog import t
from scenarios.store.connection import Connection, Location, configured, is_url, shown
from scenarios.store.paths import database_path_unmade
from scenarios.store.schema import SchemaTooNewError

STORE_ERRORS = (sqlite3.Error, SchemaTooNewError, OSError)
"""What opening, reading or writing a damaged, busy or unreachable store raises."""

QUICK_WAIT = 0.25
"""Seconds to wait for another program's write lock once the store is known to be busy."""
_BUSY = ("locked", "busy")
_READ_ONLY = ("readonly", "read-only", "read only")
_FULL = ("full",)
_DAMAGED = ("malformed", "not a database")


def describe(error: BaseException, path: Location | None = None) -> tuple[str, dict[str, Any]]:
    """The catalog key (`store.*`) and its parameters that say what is wrong with the store at `path`
    (the data directory's store when not given): `t(key, language, **params)`."""
    location = path if path is not None else configured()
    detail = _detail(error)
    if is_url(location):
        assert location is not None
        return _server_problem(error, shown(location), detail)
    where = Path(location) if location is not None else database_path_unmade()
    params: dict[str, Any] = {"path": str(where), "detail": detail}
    text = detail.lower()
    if isinstance(error, SchemaTooNewError):
        return "store.newer", {**params, "component": error.component, "found": error.found, "known": error.known}
    code = error.errno if isinstance(error, OSError) else None
    if any(word in text for word in _BUSY):
        return "store.busy", params
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) or any(word in text for word in _FULL):
        return "store.full", params
    if _not_a_file(where):
        return "store.not_a_file", params
    read_only = _read_only_folder(where)
    if code == errno.EROFS or any(word in text for word in _READ_ONLY) or read_only is not None:
        return "store.read_only", {**params, "folder": str(read_only or where.parent)}
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        return "store.damaged", params
    if any(word in text for word in _DAMAGED):
        return "store.damaged", params
    return "store.unreachable", params


def _server_problem(error: BaseException, where: str, detail: str) -> tuple[str, dict[str, Any]]:
    """What is wrong with a PostgreSQL store: newer, busy, full, refused or damaged the same as a file would be
    (the same words); a server that cannot be reached or refuses the connection is said in words of its own."""
    params: dict[str, Any] = {"path": where, "detail": detail}
    text = detail.lower()
    if isinstance(error, SchemaTooNewError):
        return "store.newer", {**params, "component": error.component, "found": error.found, "known": error.known}
    if any(word in text for word in _BUSY):
        return "store.busy", params
    if any(word in text for word in _FULL):
        return "store.full", params
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        return "store.damaged", params
    return "store.server", params


def store_message(error: BaseException, language: str, path: Location | None = None) -> str:
    """The sentence that says what is wrong with the store and what to do (see `describe`)."""
    key, params = describe(error, path)
    return t(key, language, **params)


def _detail(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _not_a_file(path: Path) -> bool:
    """A folder, a device, a pipe or a link to nowhere where the store should be."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return path.is_symlink()  # a link to nowhere
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def _read_only_folder(path: Path) -> Path | None:
    """The folder of the store (or the first one that exists above it) when it is on a read-only file system."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return folder
    except (OSError, AttributeError):  # no statvfs on Windows
        return None
    return None


def write_locked(conn: Connection, wait: float = QUICK_WAIT) -> bool:
    """True when another program holds the store's write lock now (and kept it for `wait` seconds).

    A save waits up to `BUSY_TIMEOUT` for a lock held that long; a front end asks this first to say so at
    once instead, and to make its saves wait only `wait` (`wait_briefly`) while the lock is held.
    """
    if conn.in_transaction:
        return False
    before = _set_wait(conn, wait)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return any(word in str(error) for word in _BUSY)
    finally:
        _set_wait(conn, before)
    return False


def wait_briefly(conn: Connection, wait: float = QUICK_WAIT) -> None:
    """Make each later write wait only `wait` seconds for another program's lock (then fail as busy)."""
    _set_wait(conn, wait)


def _set_wait(conn: Connection, wait: float) -> float:
    """Make writes wait `wait` seconds for another's lock; returns the wait before."""
    if isinstance(conn, sqlite3.Connection):
        before = conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
        conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        return float(before)
    from scenarios.store.postgres import PostgresConnection

    assert isinstance(conn, PostgresConnection)
    return conn.set_lock_timeout(wait)
