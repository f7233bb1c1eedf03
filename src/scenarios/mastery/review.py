"""The day's review: a short round of decisions (5 to 10, about ten minutes) from what the trainee missed,
spaced out (`schedule`), mixed with decisions testing lessons they have not met yet. Pure.

    items = plan(cards(answers), today, unseen_decisions(states, by_lesson(stories)))

The missed decisions due today come first, longest overdue first (at most `DUE_MAX`); then decisions of
lessons not yet seen, at least `NEW_MIN` when there are any, and more until the round has `ROUND_MIN`
items. A decision that tests several unseen lessons stands for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from scenarios.mastery.decisions import Decision
from scenarios.mastery.rule import LEARNING, NOT_SEEN, LessonState, state_of
from scenarios.mastery.schedule import Card, due

DUE_MAX = 8
"""At most this many missed decisions in one round (the rest stay due for the next)."""
NEW_MIN = 2
"""At least this many decisions of lessons not yet seen, when there are such lessons."""
ROUND_MIN = 5
"""A round is filled with new lessons' decisions up to this many items."""
ROUND_MAX = DUE_MAX + NEW_MIN
"""The most items one round has."""

Reason = Literal["missed", "new"]


@dataclass(frozen=True)
class Item:
    """One decision of a review round: which, why it is there, and the way the story goes to it."""

    story: str
    node: str
    reason: Reason
    """`missed`: due again after a miss; `new`: it tests lessons not seen yet."""
    lessons: tuple[str, ...] = ()
    """The lessons it is there for: the new lessons it tests (empty for a missed decision: its own apply)."""
    box: int | None = None
    """The Leitner box of a missed decision."""
    due: date | None = None
    missed_at: float | None = None
    path: tuple[str, ...] | None = None
    """The option ids from the story's start to the decision when it was missed (None: found when played)."""


def unseen_decisions(
    states: Mapping[str, LessonState], lessons: Mapping[str, Sequence[Decision]], order: Iterable[str]
) -> list[tuple[str, Decision]]:
    """For each lesson in `order` (the catalog's) not yet seen and tested somewhere, the first decision that
    tests it (`decisions.by_lesson` puts the shortest way in first)."""
    found = []
    for lesson in order:
        decisions = lessons.get(lesson)
        if decisions and state_of(states, lesson) == NOT_SEEN:
            found.append((lesson, decisions[0]))
    return found


def plan(held: Iterable[Card], today: date, unseen: Sequence[tuple[str, Decision]]) -> list[Item]:
    """Today's round: the missed decisions due, then decisions of unseen lessons (see the module)."""
    items = [
        Item(card.story, card.node, "missed", (), card.box, card.due, card.missed_at, card.path)
        for card in due(held, today)[:DUE_MAX]
    ]
    taken = {(item.story, item.node) for item in items}
    wanted = max(NEW_MIN, ROUND_MIN - len(items))
    new: dict[tuple[str, str], list[str]] = {}
    for lesson, decision in unseen:
        key = (decision.story, decision.node)
        if key in taken:
            continue
        if key not in new and len(new) >= wanted:
            continue
        new.setdefault(key, []).append(lesson)
    items += [Item(story, node, "new", tuple(lessons)) for (story, node), lessons in new.items()]
    return items[:ROUND_MAX]


def practise_next(
    states: Mapping[str, LessonState],
    due_by_lesson: Mapping[str, int],
    testable: Iterable[str],
    order: Sequence[str],
    count: int = 3,
) -> list[str]:
    """The lessons to practise next, most pressing first (at most `count`): those with missed decisions due today
    (the most due first), then those being learned (the fewest of their last answers right first), then those not
    seen yet that some decision tests (in the catalog's `order`)."""
    place = {lesson: index for index, lesson in enumerate(order)}
    tested = set(testable)
    due_now = sorted(
        (lesson for lesson, n in due_by_lesson.items() if n),
        key=lambda name: (-due_by_lesson[name], place.get(name, 0)),
    )
    learning = sorted(
        (lesson for lesson, held in states.items() if held.state == LEARNING and lesson not in due_now),
        key=lambda name: (sum(states[name].recent), -states[name].answers, place.get(name, 0)),
    )
    unseen = [lesson for lesson in order if lesson in tested and state_of(states, lesson) == NOT_SEEN]
    return [*due_now, *learning, *unseen][:count]
