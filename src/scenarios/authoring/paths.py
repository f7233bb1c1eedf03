"""Paths through an explored story: the ideal walk, and the best score on each dimension."""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.authoring.explore import Space
from scenarios.story.model import DIMENSIONS


@dataclass(frozen=True)
class Walk:
    """A path through the state space: the states visited and the edges taken."""

    states: tuple[int, ...]
    edges: tuple[int, ...]
    looped: bool = False


def ideal_walk(space: Space) -> Walk:
    """Choose the engine's ideal option at every decision, from the first beat on."""
    outgoing = space.outgoing()
    states, edges = [0], []
    seen = {0}
    while not space.states[states[-1]].is_over:
        ideal = next((e for e in outgoing[states[-1]] if e.is_ideal), None)
        if ideal is None:
            break
        edges.append(space.edges.index(ideal))
        if ideal.target in seen:
            return Walk(tuple(states), tuple(edges), looped=True)
        seen.add(ideal.target)
        states.append(ideal.target)
    return Walk(tuple(states), tuple(edges))


def scores(space: Space, edges: tuple[int, ...] | list[int]) -> dict[str, int]:
    """The points a path collects on each dimension."""
    return {name: sum(space.edges[e].points[name] for e in edges) for name in DIMENSIONS}


def best_paths(space: Space) -> dict[str, tuple[int | None, list[int]]]:
    """For each dimension, the highest score of any path from the start to an ending, and
    that path's edges. None when a loop can raise the score without limit."""
    return {name: _longest(space, name) for name in DIMENSIONS}


def _longest(space: Space, dimension: str) -> tuple[int | None, list[int]]:
    best: dict[int, int] = {0: 0}
    via: dict[int, int] = {}
    # The ideal options first: of paths that score the same, the one named goes the ideal way where it can.
    order = sorted(enumerate(space.edges), key=lambda numbered: not numbered[1].is_ideal)
    for _ in range(len(space.states) + 1):
        changed = False
        for number, edge in order:
            if edge.source in best and best[edge.source] + edge.points[dimension] > best.get(edge.target, -(10**9)):
                best[edge.target] = best[edge.source] + edge.points[dimension]
                via[edge.target] = number
                changed = True
        if not changed:
            break
    else:
        return None, []
    endings = [s.index for s in space.states if s.ending is not None and s.index in best]
    if not endings:
        return None, []
    target = max(endings, key=lambda index: (best[index], index in via and space.edges[via[index]].is_ideal, -index))
    path: list[int] = []
    current = target
    while current != 0 and current in via and len(path) <= len(space.states):
        path.append(via[current])
        current = space.edges[via[current]].source
    return best[target], path[::-1]
