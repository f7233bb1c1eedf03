"""One shell for every kind of team session: a new kind (here a test-only tally) is saved as it happens,
told to its watchers, listed, resumed after a restart and refused by the other kinds, with no code of its
own for any of that: only how its state is written and read back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scenarios.engine import Clock
from scenarios.rehearsal.shell import Observed
from scenarios.rehearsal.station_records import StationRecords
from scenarios.rehearsal.stored import SessionRecords
from scenarios.rehearsal.story_records import ACTIVE, FINISHED, StoryRecords
from scenarios.store import Store
from tests.postgresql import or_shared
from tests.rehearsal.conftest import FakeClock


@dataclass
class Tally(Observed):
    """A kind of session the product does not have: the team counts to three."""

    clock: Clock
    count: int = 0

    def add(self) -> None:
        """One more."""
        self.count += 1
        self._changed("add", {"count": self.count})


class TallyRecords(SessionRecords[Tally]):
    """All a new kind adds to the shell."""

    KIND = "tally"

    def state(self, session: Tally) -> str:
        return json.dumps({"count": session.count})

    def summary(self, session: Tally) -> tuple[str, str, bool, list[str]]:
        return "Counters", "counting", session.count >= 3, []

    def resume(self, session_id: int, *, clock: Clock) -> Tally:
        return self.resume_with(session_id, lambda state: Tally(clock, json.loads(state)["count"]))


@pytest.mark.usefixtures("store_backend")
def test_a_third_kind_of_session_is_saved_told_listed_and_resumed_by_the_shell(
    tmp_path: Path, clock: FakeClock
) -> None:
    database = or_shared(tmp_path / "tally.sqlite3")  # on each backend of the store in turn
    records = TallyRecords(Store(database))
    tally = Tally(clock)
    heard: list[tuple[str, dict[str, Any]]] = []
    tally.watch(lambda session, change, payload: heard.append((change, payload)))
    session_id = records.start(tally)
    tally.add()
    tally.add()
    assert heard == [("add", {"count": 1}), ("add", {"count": 2})]
    records.saved().result(timeout=10)  # what a phone would wait for before being told

    again = TallyRecords(Store(database))  # the app started again
    listed = again.interrupted()
    assert [(r.id, r.kind, r.team, r.status) for r in listed] == [(session_id, "tally", "Counters", ACTIVE)]
    assert [e.kind for e in again.events(session_id)] == ["add", "add"]
    resumed = again.resume(session_id, clock=clock)
    assert resumed.count == 2
    resumed.add()
    record = again.get(session_id)
    assert record is not None and record.status == FINISHED and again.interrupted() == []
    with pytest.raises(KeyError):  # the other kinds refuse it
        StoryRecords(Store(database)).resume(session_id, lambda story_id: None)
    with pytest.raises(KeyError):
        StationRecords(Store(database)).resume(session_id)
