"""Spaced review of missed decisions in Leitner boxes. Pure: a fold over the answers, like the mastery rule.

A decision answered wrong (not solution-focused, or breaking a lesson: `rule.went_right`) goes into
box 1 and is due the next day. Answered right on or after its due day, it moves up a box and is due
again after that box's interval: 1 day, then 3 days, a week, two weeks (`INTERVALS`). Answered right
in the last box, it drops out of review. Answered wrong at any time, it starts again from box 1.
A right answer before the decision is due changes nothing: spacing is what makes practice stick.

Days are calendar days in the trainee's local time (`day_of`): a decision missed late in the evening
is due the next morning, not 24 hours later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from scenarios.mastery.rule import Answered, went_right

INTERVALS = (1, 3, 7, 14)
"""Days until a decision in box 1, 2, 3, 4 is due again (box 4 answered right: out of review)."""

Day = Callable[[float], date]
Key = tuple[str, str]
"""A decision: (story id, node)."""


def local_day(at: float) -> date:
    """The calendar day of a clock reading in local time."""
    return datetime.fromtimestamp(at).date()


class AnsweredDecision(Answered, Protocol):
    """An answer at a known decision, with the way the story went to it (for playing it again in context)."""

    @property
    def story(self) -> str: ...

    @property
    def node(self) -> str: ...

    @property
    def path(self) -> tuple[str, ...] | None: ...


@dataclass(frozen=True)
class Card:
    """A missed decision in review: its box, when it is due, and where the story stood when it was missed."""

    story: str
    node: str
    box: int
    """1 to len(INTERVALS)."""
    due: date
    missed_at: float
    """When it was last answered wrong."""
    path: tuple[str, ...] | None = None
    """The option ids chosen from the story's start up to the decision when it was last missed (None: unknown)."""

    @property
    def key(self) -> Key:
        """(story id, node)."""
        return (self.story, self.node)

    def is_due(self, today: date) -> bool:
        """Due today (or overdue)."""
        return self.due <= today


def after(card: Card | None, answer: AnsweredDecision, day_of: Day = local_day) -> Card | None:
    """The decision's card after one more answer (None: not in review)."""
    day = day_of(answer.at)
    if not went_right(answer):
        return Card(answer.story, answer.node, 1, day + timedelta(days=INTERVALS[0]), answer.at, answer.path)
    if card is None or day < card.due:
        return card
    if card.box >= len(INTERVALS):
        return None
    box = card.box + 1
    return Card(card.story, card.node, box, day + timedelta(days=INTERVALS[box - 1]), card.missed_at, card.path)


def cards(
    answers: Iterable[AnsweredDecision], day_of: Day = local_day, before: Mapping[Key, Card] | None = None
) -> dict[Key, Card]:
    """Every decision in review after `answers` (read in time order), by (story, node); `before`: the cards folded
    from the answers before these (all of them earlier), so a kept schedule moves on one answer at a time."""
    held: dict[Key, Card] = dict(before or {})
    for answer in sorted(answers, key=lambda a: a.at):
        key = (answer.story, answer.node)
        card = after(held.get(key), answer, day_of)
        if card is None:
            held.pop(key, None)
        else:
            held[key] = card
    return held


def due(held: Iterable[Card], today: date) -> list[Card]:
    """The cards due today, longest overdue first (then the lower box, then by story and node)."""
    return sorted((card for card in held if card.is_due(today)), key=lambda c: (c.due, c.box, c.story, c.node))
