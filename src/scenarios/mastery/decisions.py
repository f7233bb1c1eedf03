"""The library's decisions by lesson, and the way the story goes to each: what review and the lessons view play.

A decision is played again *in context*: the story is replayed from its start along a path of
option ids to the decision, so the trainee sees the conversation so far and the story's variables
are as they were. The path is the one the trainee took when they missed it (kept with the answer),
else the ideal path when the decision lies on it, else the shortest way there (`path_to`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from scenarios.engine import ChoiceError, Clock, Playthrough, start_at
from scenarios.story.model import Story

SEARCH_LIMIT = 2000
"""At most this many ways are tried when looking for a way to a decision off the ideal path."""
_CACHE_SIZE = 256


def _still() -> float:
    return 0.0


@dataclass(frozen=True)
class Decision:
    """A decision of a story that tests lessons of the material."""

    story: str
    node: str
    lessons: tuple[str, ...]
    depth: int | None
    """Choices along the ideal path before it (None: the ideal path does not pass it)."""


_ideal_cache: dict[int, tuple[Story, dict[str, tuple[str, ...]]]] = {}


def ideal_prefixes(story: Story) -> dict[str, tuple[str, ...]]:
    """Each decision on the story's ideal path, with the option ids chosen before it (its first visit).

    Kept per story object (a story is immutable): the lessons view and review ask often."""
    held = _ideal_cache.get(id(story))
    if held is not None and held[0] is story:
        return held[1]
    play = Playthrough(story, seed=0, clock=_still)
    prefixes: dict[str, tuple[str, ...]] = {}
    path: list[str] = []
    for _ in range(len(story.nodes) * 4):  # a well-formed story ends long before; a loop does not hang us
        if play.is_over:
            break
        prefixes.setdefault(play.node, tuple(path))
        option = play.ideal_option()
        if option is None:
            break
        play.choose_option(option, at=0.0)
        path.append(option)
    if len(_ideal_cache) >= _CACHE_SIZE:
        _ideal_cache.clear()
    _ideal_cache[id(story)] = (story, prefixes)
    return prefixes


def decisions_of(story: Story) -> list[Decision]:
    """The story's decisions that test lessons, in the story's order."""
    prefixes = ideal_prefixes(story)
    found = []
    for name, node in story.nodes.items():
        if node.options and node.lessons:
            prefix = prefixes.get(name)
            found.append(Decision(story.id, name, node.lessons, None if prefix is None else len(prefix)))
    return found


def by_lesson(stories: Iterable[Story]) -> dict[str, list[Decision]]:
    """The decisions testing each lesson: those met early on an ideal path first (the shortest way in), then
    those off it, each group by story id and node."""
    found: dict[str, list[Decision]] = {}
    for story in stories:
        for decision in decisions_of(story):
            for lesson in decision.lessons:
                found.setdefault(lesson, []).append(decision)
    for decisions in found.values():
        decisions.sort(key=lambda d: (d.depth is None, d.depth or 0, d.story, d.node))
    return found


def path_to(story: Story, node: str) -> tuple[str, ...] | None:
    """A way from the story's start to `node`: the ideal path's when it passes there, else the shortest found
    (None when none is found: the decision is played from where it stands, with the story's start values)."""
    prefix = ideal_prefixes(story).get(node)
    if prefix is not None:
        return prefix
    seen = {story.start_node}
    ways: deque[tuple[str, ...]] = deque([()])
    tried = 0
    while ways and tried < SEARCH_LIMIT:
        way = ways.popleft()
        play = replayed(story, way)
        if play is None or play.is_over:
            continue
        for option in play.available():
            tried += 1
            longer = (*way, option)
            after = replayed(story, longer)
            if after is None:
                continue
            if after.node == node and not after.is_over:
                return longer
            if after.node not in seen:
                seen.add(after.node)
                ways.append(longer)
    return None


def replayed(story: Story, path: Iterable[str], *, seed: int = 0, clock: Clock = _still) -> Playthrough | None:
    """A playthrough of `story` from its start along the option ids of `path`, every step taken now on `clock`
    (None when one of them does not fit the story)."""
    now = clock()
    play = Playthrough(story, seed=seed, clock=clock, started_at=now)
    try:
        for option in path:
            play.choose_option(option, at=now)
    except ChoiceError:
        return None
    return play


def in_context(
    story: Story, node: str, path: tuple[str, ...] | None, *, seed: int = 0, clock: Clock = _still
) -> Playthrough:
    """A playthrough standing at the decision `node`, in context: replayed along `path` (where the trainee
    missed it), else along `path_to` (the ideal path or the shortest way), else begun right there with the
    story's start values (no conversation before it). `ChoiceError` when the story has no such node."""
    for way in (path, path_to(story, node)):
        if way is None:
            continue
        play = replayed(story, way, seed=seed, clock=clock)
        if play is not None and play.node == node and not play.is_over:
            return play
    return start_at(story, node, {}, seed=seed, clock=clock)
