"""Story sessions in the rehearsal's tables (`stored.SessionRecords`): their state, their listing, the team's
learning records with each save, and resume after a crash."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scenarios.engine import Clock
from scenarios.rehearsal.saves import from_json, to_json
from scenarios.rehearsal.session import Phase, Session
from scenarios.rehearsal.shell import CLOCK
from scenarios.rehearsal.statements import team_records
from scenarios.rehearsal.stored import (
    ABANDONED,
    ACTIVE,
    FINISHED,
    STORY,
    Event,
    SessionRecord,
    SessionRecords,
)
from scenarios.story.model import Story

__all__ = ["ABANDONED", "ACTIVE", "CLOCK", "FINISHED", "STORY", "Event", "SessionRecord", "StoryRecords"]


class StoryRecords(SessionRecords[Session]):
    """The story sessions of a `Store` (and, through the shared tables, the listing of every kind)."""

    KIND = STORY

    def state(self, session: Session) -> str:
        """The session as versioned JSON (`saves`)."""
        return to_json(session)

    def summary(self, session: Session) -> tuple[str, str, bool, list[str]]:
        """Team, phase, finished, and the stories played."""
        return session.team, session.phase.value, session.phase == Phase.DONE, [s.id for s in session.stories]

    def statements(self, session_id: int, session: Session) -> Callable[[Session], list[dict[str, Any]]] | None:
        """The team's learning records (the team as an xAPI Group), put in the outbox with each save."""
        return team_records(self.store, session_id)

    def resume(
        self, session_id: int, find_story: Callable[[str], Story | None], *, clock: Clock | None = None
    ) -> Session:
        """Load a stored session (timers paused) and keep saving it. Raises `SessionSaveError`, `KeyError`."""
        return self.resume_with(session_id, lambda state: from_json(state, find_story, clock=clock))
