"""Fixtures of the trainer's headless tests: the small story, a clock the test moves, a database file."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.store.connection import Location
from scenarios.story.loader import load_text
from scenarios.story.model import Story
from tests.conftest import MINI
from tests.rehearsal.conftest import FakeClock


@pytest.fixture
def story() -> Story:
    """The small story every test plays (options `check`, then `tell` or `next`)."""
    loaded = load_text(MINI, "mini.yaml").story
    assert loaded is not None
    return loaded


@pytest.fixture
def clock() -> FakeClock:
    """A fixed time until the test moves it."""
    return FakeClock(1_750_000_000.0)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """Where the windows of one test keep their progress."""
    return tmp_path / "progress.sqlite3"


@pytest.fixture
def shared(database: Path, store_backend: str | None) -> Location:
    """Where the windows of one test keep their progress, on each backend of the store in turn: the SQLite file,
    then a PostgreSQL database (windows on several servers)."""
    return store_backend or database
