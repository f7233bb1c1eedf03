"""Station sessions to versioned JSON and back. A running round clock is kept running: after a crash the
groups went on talking, so the clock goes on from when it was started, not from when it was last saved."""

from __future__ import annotations

import json
from typing import Any

from scenarios.engine import Clock
from scenarios.rehearsal.saves import SessionSaveError
from scenarios.rehearsal.stations import (
    DONE,
    GRID_FIELDS,
    QUESTIONS,
    ROLES,
    ROUNDS,
    SKILL_KINDS,
    STATIONS,
    StationSession,
)
from scenarios.rehearsal.timer import Timer

STATION_FORMAT = 3
"""2: who wrote each field (`authors`); a first-format save reads as written by nobody in particular.
3: figure 7's cross-channel row (`common`) and the answers to the chapter's six questions (`answers`); an earlier
save reads with both empty."""
MIN_STATION_FORMAT = 1
KIND = "stations"


def to_dict(session: StationSession) -> dict[str, Any]:
    """The session as plain JSON-ready data."""
    return {
        "format": STATION_FORMAT,
        "kind": KIND,
        "team": session.team,
        "language": session.language,
        "keepers": dict(session.keepers),
        "groups": [list(group) for group in session.groups],
        "round_seconds": session.round_seconds,
        "created_at": session.created_at,
        "phase": session.phase,
        "round_index": session.round_index,
        "round_clock": session.round_clock.to_dict(session.clock()),
        "time_up_signalled": session.time_up_signalled,
        "grids": session.grids,
        "skills": session.skills,
        "authors": session.authors,
        "common": session.common,
        "answers": {str(index): text for index, text in session.answers.items()},
        "notes": session.notes,
        "finished_at": session.finished_at,
    }


def to_json(session: StationSession) -> str:
    """The session as versioned JSON."""
    return json.dumps(to_dict(session), ensure_ascii=False)


def from_json(text: str, *, clock: Clock | None = None) -> StationSession:
    """Rebuild a saved station session, its round clock as it was (running or paused). Raises `SessionSaveError`."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise SessionSaveError("corrupt") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise SessionSaveError("corrupt")
    version = data.get("format")
    if not isinstance(version, int) or not MIN_STATION_FORMAT <= version <= STATION_FORMAT:
        raise SessionSaveError("format", found=version, supported=STATION_FORMAT)
    try:
        return _build(data, clock)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SessionSaveError("corrupt") from None


def _build(data: dict[str, Any], clock: Clock | None) -> StationSession:
    keepers = {str(k): str(v) for k, v in data["keepers"].items()}
    groups = [[str(name) for name in group] for group in data["groups"]]
    phase = str(data["phase"])
    round_index = int(data["round_index"])
    if set(keepers) != set(STATIONS) or not 0 < len(groups) <= len(ROLES) or phase not in (ROUNDS, DONE):
        raise ValueError("inconsistent")
    if not 0 <= round_index < len(STATIONS):
        raise ValueError("round")
    round_clock = Timer.from_dict(data["round_clock"], keep_running=True)
    kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
    return StationSession(
        keepers,
        groups,
        team=str(data.get("team", "")),
        language=str(data.get("language", "fi")),
        round_seconds=float(data["round_seconds"]),
        created_at=float(data["created_at"]),
        phase=phase,
        round_index=round_index,
        round_clock=round_clock,
        time_up_signalled=bool(data.get("time_up_signalled", False)),
        grids={
            str(station): {
                str(role): {str(f): str(text) for f, text in fields.items() if f in GRID_FIELDS}
                for role, fields in roles.items()
                if role in ROLES
            }
            for station, roles in data.get("grids", {}).items()
            if station in STATIONS
        },
        skills={
            str(station): {str(kind): str(text) for kind, text in kinds.items() if kind in SKILL_KINDS}
            for station, kinds in data.get("skills", {}).items()
            if station in STATIONS
        },
        authors={
            str(where): [str(name) for name in names]
            for where, names in data.get("authors", {}).items()
            if isinstance(names, list)
        },
        common={str(kind): str(text) for kind, text in data.get("common", {}).items() if kind in SKILL_KINDS},
        answers={
            int(index): str(text)
            for index, text in data.get("answers", {}).items()
            if str(index).isdigit() and int(index) < len(QUESTIONS)
        },
        notes=str(data.get("notes", "")),
        finished_at=data.get("finished_at"),
        **kwargs,
    )
