"""The pure story runtime: no I/O, no UI; deterministic given a seed and a clock."""

from scenarios.engine.debrief import Debrief, Score
from scenarios.engine.playthrough import ChoiceError, Clock, Playthrough
from scenarios.engine.saves import SaveError, fingerprint, from_json, to_json
from scenarios.engine.views import Beat, Choice, LineView, Result, StateChange

__all__ = [
    "Beat",
    "Choice",
    "ChoiceError",
    "Clock",
    "Debrief",
    "LineView",
    "Playthrough",
    "Result",
    "SaveError",
    "Score",
    "StateChange",
    "fingerprint",
    "from_json",
    "to_json",
]
