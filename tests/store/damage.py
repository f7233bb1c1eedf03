"""Stores damaged in every way a disk, a hand or another program can damage them (issue #29, item 10)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from scenarios.store import Store
from scenarios.story.library import Library
from scenarios.trainer.session import Trainer

STORY = "wristband-purchase"


def healthy(path: Path) -> None:
    """A store with one playthrough under way and a setting, written out whole (no WAL left beside it)."""
    library = Library.load()
    story = library.get(STORY)
    assert story is not None
    store = Store(path)
    session = Trainer(store).start(story, title="t", language="en", mode="practice", seed=1)
    session.choose(1)
    store.write_setting("records", {"team": "Kirjasto"})
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def _sql(*statements: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        healthy(path)
        conn = sqlite3.connect(path)
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.close()

    return damage


def _bytes(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        healthy(path)
        path.write_bytes(change(path.read_bytes()))

    return damage


def _scribbled(data: bytes) -> bytes:
    middle = bytearray(data)
    middle[4096 + 100 : 4096 * 3] = b"\xab" * (4096 * 3 - 4096 - 100)
    return bytes(middle)


def _write(data: bytes) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        path.write_bytes(data)

    return damage


def _beside(suffix: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        healthy(path)
        path.with_name(path.name + suffix).write_bytes(b"\x01" * 40_000)

    return damage


UNREADABLE: dict[str, Callable[[Path], None]] = {
    "random bytes": _write(os.urandom(50_000)),
    "a text file": _write(b"not a database\n"),
    "cut in half": _bytes(lambda data: data[: len(data) // 2]),
    "header overwritten": _bytes(lambda data: b"X" * 16 + data[16:]),
    "pages scribbled over": _bytes(_scribbled),
    "a folder": lambda path: path.mkdir(),
    "a pipe": lambda path: os.mkfifo(path),
    "a link to nowhere": lambda path: path.symlink_to(path.parent / "gone" / "scenarios.sqlite3"),
    "a link to /dev/null": lambda path: path.symlink_to("/dev/null"),
    "the playthrough table dropped": _sql("DROP TABLE playthrough"),
    "the playthrough table remade": _sql("DROP TABLE playthrough", "CREATE TABLE playthrough (id INTEGER, junk TEXT)"),
    "from a newer version": _sql("UPDATE schema_version SET version = 99"),
    "a version that is no number": _sql("UPDATE schema_version SET version = 'abc'"),
}
"""Thirteen kinds of store that cannot be used: every command says so in a sentence."""

ODD: dict[str, Callable[[Path], None]] = {
    "rows of the wrong types": _sql(
        "UPDATE playthrough SET decisions = 'many', solution_focused = 'x', started_at = 'yesterday', "
        "updated_at = 'never', title = 5, language = 5, save = '{not json'"
    ),
    "settings that are not JSON": _sql("UPDATE setting SET value = '{not json'"),
    "a WAL file of garbage": _beside("-wal"),
    "a shared-memory file of garbage": _beside("-shm"),
}
"""Stores that are odd but readable: every command works on them."""
