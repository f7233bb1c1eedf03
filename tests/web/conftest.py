"""Fixtures of the web trainer's headless tests: its actions over a store of the test's own, with the small story."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scenarios.store import Store
from scenarios.web.actions import WebTrainer
from tests.conftest import MINI
from tests.web.pages import Desk


@pytest.fixture
def story_file(tmp_path: Path) -> Path:
    """The small story (options `online` or `check`, then `tell` or `next`) as a file of the library."""
    path = tmp_path / "stories" / "mini.yaml"
    path.parent.mkdir()
    path.write_text(MINI, encoding="utf-8")
    return path


@pytest.fixture
def desk(tmp_path: Path, story_file: Path) -> Iterator[Desk]:
    """The web trainer's actions over the test's store (the library is the small story), driven as the routes do."""
    store = Store(tmp_path / "web.sqlite3")
    trainer = WebTrainer(store, paths=[story_file], language="en", seed=7)
    try:
        yield Desk(trainer)
    finally:
        trainer.close()
        store.close()
