"""The team sessions of a store, of every kind: what the app's rehearsal screens go through (`app.rehearsals`),
as the trainee's screens go through `app.trainer`."""

from __future__ import annotations

from collections.abc import Callable

from scenarios.rehearsal.station_records import StationRecords
from scenarios.rehearsal.stored import SessionRecord
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store


class Rehearsals:
    """Story sessions and station rotations of one store, made once (each brings the tables up to date)."""

    def __init__(self, store: Store) -> None:
        self.stories = StoryRecords(store)
        self.stations = StationRecords(store)

    def tell_problems(self, say: Callable[[str], None]) -> None:
        """`say` is told, once until a save succeeds again, when a session's save does not reach the database."""
        self.stories.on_problem = self.stations.on_problem = say

    def interrupted(self) -> list[SessionRecord]:
        """Unfinished sessions of every kind, most recent first: candidates for resume."""
        return self.stories.interrupted()

    def get(self, session_id: int) -> SessionRecord | None:
        """One session of any kind."""
        return self.stories.get(session_id)
