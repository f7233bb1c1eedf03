"""The mastery rule: what a trainee's answers say about each lesson of the material. Pure: no I/O.

A choice says something about a lesson when the decision tests it or the option chosen breaks it
(`lessons:` and `breaks:` in the story format):

- it counts **against** the lessons the option breaks; an option that is not solution-focused and
  names none counts against every lesson the decision tests;
- a solution-focused option counts **for** the decision's lessons it does not break.

Each lesson is then in one of three states, from its **last three answers** (`RECENT`):

- *not seen*: no answer says anything about it yet;
- *mastered*: its last three answers all went right;
- *learning*: anything else (fewer than three answers, or a miss among the last three).

Why this rule: a trainee and a trainer can check it by hand from the debriefs ("the last three
times this lesson came up, you got it right"); one lucky guess is not mastery, and one miss
after mastery sends the lesson back to practice, which is what spaced review is for. It uses
no weights or probabilities to tune, so the same answers always give the same state, in the
trainer and in the report alike (`scenarios.records` reads the same rule over xAPI statements).

The state is a fold over the answers in time order (`fold`); `LessonState.after` is one step of
it, which is how the store keeps the states up to date one answer at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

NOT_SEEN: Literal["not-seen"] = "not-seen"
LEARNING: Literal["learning"] = "learning"
MASTERED: Literal["mastered"] = "mastered"
STATES = (NOT_SEEN, LEARNING, MASTERED)
State = Literal["not-seen", "learning", "mastered"]
RECENT = 3
"""How many of the latest answers decide mastery (all of them must have gone right)."""


class Answered(Protocol):
    """One choice as the rule reads it: when, whether solution-focused, the lessons tested and broken."""

    @property
    def at(self) -> float: ...

    @property
    def solution_focused(self) -> bool: ...

    @property
    def tested(self) -> tuple[str, ...]: ...

    @property
    def broken(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Answer:
    """One choice at a decision, as the rule and the review need it (the store keeps more)."""

    story: str
    node: str
    option: str
    solution_focused: bool
    tested: tuple[str, ...] = ()
    """The lessons the decision tests."""
    broken: tuple[str, ...] = ()
    """The lessons the option chosen breaks."""
    at: float = 0.0
    """When it was chosen (clock seconds)."""
    path: tuple[str, ...] | None = None
    """The option ids chosen from the story's start up to the decision (None: not known)."""


def evidence(solution_focused: bool, tested: Sequence[str], broken: Sequence[str]) -> list[tuple[str, bool]]:
    """The lessons one choice says something about, each with whether it went right (see the module's rule)."""
    against = list(broken) if broken else ([] if solution_focused else list(tested))
    wrong = list(dict.fromkeys(against))
    right = [lesson for lesson in dict.fromkeys(tested) if lesson not in broken] if solution_focused else []
    return [(lesson, False) for lesson in wrong] + [(lesson, True) for lesson in right if lesson not in wrong]


def went_right(answer: Answered) -> bool:
    """Whether a decision was answered right for its review: solution-focused and breaking no lesson."""
    return answer.solution_focused and not answer.broken


@dataclass(frozen=True)
class LessonState:
    """What a trainee's answers so far say about one lesson."""

    lesson: str
    recent: tuple[bool, ...] = ()
    """Whether each of the last answers (at most `RECENT`, oldest first) went right."""
    answers: int = 0
    """Answers that said something about the lesson, all told."""
    right: int = 0
    """Of them, those that went right."""
    last_at: float | None = None
    """When the lesson was last practised (the latest of its answers)."""

    @property
    def state(self) -> State:
        """Not seen, learning or mastered (see the module's rule)."""
        if not self.answers:
            return NOT_SEEN
        return MASTERED if len(self.recent) == RECENT and all(self.recent) else LEARNING

    def after(self, right: bool, at: float) -> LessonState:
        """The state after one more answer, given in time order."""
        last = at if self.last_at is None else max(self.last_at, at)
        return LessonState(self.lesson, (*self.recent, right)[-RECENT:], self.answers + 1, self.right + right, last)


def in_order(answers: Iterable[Answered]) -> list[Answered]:
    """The answers in the order the rule reads them: by time, ties kept in the order given."""
    return sorted(answers, key=lambda answer: answer.at)


@dataclass(frozen=True)
class Change:
    """A lesson's state changed with an answer: from what, to what, and the answer that did it."""

    lesson: str
    before: State
    after: LessonState
    answer: Answered


def fold(answers: Iterable[Answered], states: Mapping[str, LessonState] | None = None) -> dict[str, LessonState]:
    """Every lesson's state after `answers` (read in time order), starting from `states` (default: none seen).

    Only lessons some answer said something about are in the result; any other lesson is not seen.
    """
    return fold_changes(answers, states)[0]


def fold_changes(
    answers: Iterable[Answered], states: Mapping[str, LessonState] | None = None
) -> tuple[dict[str, LessonState], list[Change]]:
    """`fold`, and every change of a lesson's state on the way (in the order they happened)."""
    held = dict(states or {})
    changes = []
    for answer in in_order(answers):
        for lesson, right in evidence(answer.solution_focused, answer.tested, answer.broken):
            was = held.get(lesson, LessonState(lesson))
            now = held[lesson] = was.after(right, answer.at)
            if now.state != was.state:
                changes.append(Change(lesson, was.state, now, answer))
    return held, changes


def state_of(states: Mapping[str, LessonState], lesson: str) -> State:
    """A lesson's state in `states` (not seen when absent)."""
    held = states.get(lesson)
    return held.state if held is not None else NOT_SEEN
