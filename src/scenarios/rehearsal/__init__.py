"""Team rehearsal: the facilitator's session logic, role-play cards and session records (no UI imports)."""

# The names are imported on first use (PEP 562), so a command line that only builds its parsers
# (`scenarios --help`) does not import the engine and the stories' model with the package.
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scenarios.rehearsal.groups import GroupError, birth_month_groups, random_groups
    from scenarios.rehearsal.saves import SESSION_FORMAT, SessionSaveError, from_json, to_json
    from scenarios.rehearsal.session import (
        CONTINUATIONS,
        IDEAL,
        MAJORITY,
        PICK,
        Decision,
        Participants,
        Phase,
        Reflection,
        Session,
    )
    from scenarios.rehearsal.timer import TIMEBOXES, Timer, timer_text
    from scenarios.rehearsal.votes import COUNTS, TURNS, Ballots, VoteCheck, VoteError

_HOMES = {
    "GroupError": "scenarios.rehearsal.groups",
    "birth_month_groups": "scenarios.rehearsal.groups",
    "random_groups": "scenarios.rehearsal.groups",
    "SESSION_FORMAT": "scenarios.rehearsal.saves",
    "SessionSaveError": "scenarios.rehearsal.saves",
    "from_json": "scenarios.rehearsal.saves",
    "to_json": "scenarios.rehearsal.saves",
    "CONTINUATIONS": "scenarios.rehearsal.session",
    "IDEAL": "scenarios.rehearsal.session",
    "MAJORITY": "scenarios.rehearsal.session",
    "PICK": "scenarios.rehearsal.session",
    "Decision": "scenarios.rehearsal.session",
    "Participants": "scenarios.rehearsal.session",
    "Phase": "scenarios.rehearsal.session",
    "Reflection": "scenarios.rehearsal.session",
    "Session": "scenarios.rehearsal.session",
    "TIMEBOXES": "scenarios.rehearsal.timer",
    "Timer": "scenarios.rehearsal.timer",
    "timer_text": "scenarios.rehearsal.timer",
    "COUNTS": "scenarios.rehearsal.votes",
    "TURNS": "scenarios.rehearsal.votes",
    "Ballots": "scenarios.rehearsal.votes",
    "VoteCheck": "scenarios.rehearsal.votes",
    "VoteError": "scenarios.rehearsal.votes",
}
"""Each public name → the module it lives in."""


def __getattr__(name: str) -> Any:
    """Import `name`'s module when the name is first used."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "CONTINUATIONS",
    "COUNTS",
    "IDEAL",
    "MAJORITY",
    "PICK",
    "SESSION_FORMAT",
    "TIMEBOXES",
    "TURNS",
    "Ballots",
    "Decision",
    "GroupError",
    "Participants",
    "Phase",
    "Reflection",
    "Session",
    "SessionSaveError",
    "Timer",
    "VoteCheck",
    "VoteError",
    "birth_month_groups",
    "from_json",
    "random_groups",
    "timer_text",
    "to_json",
]
