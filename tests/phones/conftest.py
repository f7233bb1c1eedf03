"""Fixtures for the phones: a stored rehearsal session and its server on loopback, participants as HTTP clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scenarios.phones.access import PhoneAccess, open_access
from scenarios.phones.server import PhoneServer
from scenarios.rehearsal import Participants, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store
from scenarios.store.connection import Location
from scenarios.story.loader import load_text
from scenarios.story.model import Story
from tests.conftest import MINI
from tests.rehearsal.conftest import LOOKUP, FakeClock

NAMES = ("Aino", "Bo", "Cai")


def load(text: str) -> Story:
    """A story from its YAML text (it must be valid)."""
    result = load_text(text)
    assert result.ok and result.story is not None, result.diagnostics
    return result.story


@dataclass
class Stored:
    """A rehearsal session saved in a store after every change, as the app keeps it."""

    store: Store
    records: StoryRecords
    session: Session
    session_id: int
    stories: dict[str, Story]

    def access(self, *, typed_names: bool | None = None) -> PhoneAccess:
        """The session's phone access (the same token and secret every time)."""
        return open_access(self.store, self.session_id, typed_names=typed_names)

    def server(self, port: int = 0) -> PhoneServer:
        """A phones' server of the session on loopback (port 0: any free port)."""
        return PhoneServer(self.session, self.access(), self.records, host="127.0.0.1", port=port)

    def reopen(self) -> Stored:
        """The app started again: a new connection to the store and the session resumed from it."""
        store = Store(self.store.path, clock=self.session.clock)
        records = StoryRecords(store)
        session = records.resume(self.session_id, self.stories.get, clock=self.session.clock)
        return Stored(store, records, session, self.session_id, self.stories)


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[Stored]:
    """The mini story and the lookup story for Aino, Bo and Cai, started (the first decision's discussion)."""
    yield from stored_in(tmp_path / "scenarios.sqlite")


@pytest.fixture
def stored_anywhere(tmp_path: Path, store_backend: str | None) -> Iterator[Stored]:
    """As `stored`, on each backend of the store in turn: the SQLite file, then a PostgreSQL database."""
    yield from stored_in(store_backend or tmp_path / "scenarios.sqlite")


def stored_in(location: Location) -> Iterator[Stored]:
    """The session of `stored`, in the store at `location`; the store is closed when the test ends."""
    stories = {story.id: story for story in (load(MINI), load(LOOKUP))}
    clock = FakeClock(1_750_000_000.0)
    store = Store(location, clock=clock)
    records = StoryRecords(store)
    session = Session.new(
        [stories["mini"]], team="Desk team", participants=Participants.of(names=NAMES), clock=clock, seed=0,
        language="en",
    )  # fmt: skip
    session_id = records.start(session)
    session.start()
    yield Stored(store, records, session, session_id, stories)
    store.close()


FORM = re.compile(r'name="form" value="([^"]+)"')


def form_token(html: str) -> str:
    """The hidden form token of a page."""
    found = FORM.search(html)
    assert found is not None, html
    return found.group(1)
