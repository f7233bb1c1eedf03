"""What the engine hands to a front end: immutable views of beats, choices and results.

They are named tuples rather than frozen dataclasses because one or more is made at every
step, and a frozen dataclass of sixteen fields takes six times as long to make. Change one
with `_replace`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from scenarios.story.model import Email, Outcome
from scenarios.story.text import Text


class LineView(NamedTuple):
    """One thing said (or seen) in a beat."""

    node: str
    speaker: str
    text: Text | None
    cue: Text | None = None
    email: Email | None = None


class Choice(NamedTuple):
    """An option available now, with the number the trainee types (1-based)."""

    number: int
    option_id: str
    kind: str
    text: Text


class Beat(NamedTuple):
    """The current moment: what to show and what the trainee can do."""

    node: str
    lines: tuple[LineView, ...]
    email: Email | None
    choices: tuple[Choice, ...]
    ending: Outcome | None
    dead_end: bool
    mood: int | None
    returned: bool = False

    @property
    def is_over(self) -> bool:
        """True at an ending or a dead end."""
        return self.ending is not None or self.dead_end


class StateChange(NamedTuple):
    """A variable that an effect changed."""

    name: str
    before: int | bool
    after: int | bool


class OwnReply(NamedTuple):
    """What the trainee wrote in their own words before the options were shown ("own words first"), and what
    the decision's rubric found in it: `found` are the ids the matcher marked (elements found, mistakes made),
    `corrected` those whose mark the trainee turned over because they disagreed."""

    text: str
    found: tuple[str, ...] = ()
    corrected: tuple[str, ...] = ()

    @property
    def marked(self) -> frozenset[str]:
        """The ids marked once the trainee's corrections are taken in (found, less or plus each correction)."""
        return frozenset(self.found).symmetric_difference(self.corrected)


class Result(NamedTuple):
    """What one choice meant: the verdict, why, and the ideal response."""

    node: str
    option_id: str
    kind: str
    text: Text
    solution_focused: bool
    feedback: Text | None
    points: Mapping[str, int]
    """The points per value dimension (read-only: one mapping per option, shared by every result of it)."""
    result: Text | None
    ideal_option_id: str
    ideal_text: Text
    ideal_solution_focused: bool
    ideal_points: Mapping[str, int]
    model_answer: Text | None
    changes: tuple[StateChange, ...]
    at: float
    seconds: float
    own: OwnReply | None = None
    """The trainee's own reply written before choosing, when they wrote one."""

    @property
    def is_ideal(self) -> bool:
        """True when the trainee chose the ideal option."""
        return self.option_id == self.ideal_option_id


# The fields of a `Result` that depend only on the option chosen and the ideal beside it (all but `changes`, `at`,
# `seconds` and `own`): made once per story (`engine.plan.result_head`), shared by every result.
ResultHead = tuple[
    str,
    str,
    str,
    Text,
    bool,
    Text | None,
    Mapping[str, int],
    Text | None,
    str,
    Text,
    bool,
    Mapping[str, int],
    Text | None,
]
