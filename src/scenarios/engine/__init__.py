"""The pure story runtime: no I/O, no UI; deterministic given a seed and a clock."""

from scenarios.engine.debrief import Debrief, Score
from scenarios.engine.playthrough import ChoiceError, Clock, Origin, Playthrough
from scenarios.engine.reload import Carried, carry_over, start_at
from scenarios.engine.saves import SaveError, fingerprint, from_json, to_json
from scenarios.engine.views import Beat, Choice, LineView, OwnReply, Result, StateChange

__all__ = [
    "Beat",
    "Carried",
    "Choice",
    "ChoiceError",
    "Clock",
    "Debrief",
    "LineView",
    "Origin",
    "OwnReply",
    "Playthrough",
    "Result",
    "SaveError",
    "Score",
    "StateChange",
    "carry_over",
    "fingerprint",
    "from_json",
    "start_at",
    "to_json",
]
