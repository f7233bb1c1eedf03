"""Helpers of the trainer's headless tests: an app window, a started story, a choice by option id."""

from __future__ import annotations

from scenarios.store import Store
from scenarios.store.connection import Location
from scenarios.story.model import Story
from scenarios.trainer.session import PlaySession, Trainer
from tests.rehearsal.conftest import FakeClock


def window(database: Location, clock: FakeClock, name: str, *, timeout: float = 5.0) -> Trainer:
    """One app window: its own connection to the shared database (a SQLite file or a PostgreSQL URL), its own
    owner id."""
    return Trainer(Store(database, clock=clock, timeout=timeout), clock=clock, owner=f"test-host:0:{name}")


def start(trainer: Trainer, story: Story) -> PlaySession:
    """A new playthrough of `story` in `trainer`'s window."""
    return trainer.start(story, title="A small story", language="en", mode="practice", seed=1)


def pick(session: PlaySession, option_id: str) -> None:
    """Choose an option by its id (the options' order is shuffled by the seed)."""
    session.choose(next(c.number for c in session.play.beat().choices if c.option_id == option_id))
