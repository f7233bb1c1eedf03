"""Team rehearsal: the facilitator's session logic, role-play cards and session records (no UI imports)."""

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
from scenarios.rehearsal.timer import TIMEBOXES, Timer, clock_text
from scenarios.rehearsal.votes import COUNTS, TURNS, Ballots, VoteCheck, VoteError

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
    "clock_text",
    "from_json",
    "random_groups",
    "to_json",
]
