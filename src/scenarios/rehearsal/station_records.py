"""Station rotations in the rehearsal's tables (`stored.SessionRecords`), saved as they happen and resumed after
a crash. They share `rehearsal_session` (and so its ids, `rehearse --list` and `--export`) with the story
sessions, told apart by its `kind` column, and the same event log."""

from __future__ import annotations

from scenarios.engine import Clock
from scenarios.rehearsal.station_saves import KIND, from_json, to_json
from scenarios.rehearsal.stations import StationSession
from scenarios.rehearsal.stored import SessionRecords


class StationRecords(SessionRecords[StationSession]):
    """The station rotations of a `Store`."""

    KIND = KIND

    def state(self, session: StationSession) -> str:
        """The rotation as versioned JSON (`station_saves`)."""
        return to_json(session)

    def summary(self, session: StationSession) -> tuple[str, str, bool, list[str]]:
        """Team, phase, finished; a rotation plays no stories."""
        return session.team, session.phase, session.is_done, []

    def resume(self, session_id: int, *, clock: Clock | None = None) -> StationSession:
        """Load a stored rotation (a running clock still running) and keep saving it.

        Raises `KeyError` (no such station session) or `SessionSaveError`.
        """
        return self.resume_with(session_id, lambda state: from_json(state, clock=clock))
