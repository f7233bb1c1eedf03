"""Carrying a playthrough over to an edited version of its story (for `scenarios play FILE --watch`)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from scenarios.engine.playthrough import Clock, Origin, Playthrough
from scenarios.engine.saves import SaveError, from_json, to_json
from scenarios.story.model import Story

How = Literal["replayed", "kept", "restarted"]


def start_at(
    story: Story,
    node: str,
    state: Mapping[str, int | bool],
    *,
    seed: int = 0,
    clock: Clock = time.time,
    started_at: float | None = None,
) -> Playthrough:
    """A playthrough that begins at `node` with the story variables set from `state`.

    Values for variables the story no longer declares, or of the wrong kind, are left
    out (the variable keeps its declared start); numbers are clamped to their bounds.
    The playthrough has no history before `node`, and `origin` records where it began
    so that its save (`to_json`) rebuilds it. Raises `ChoiceError` if there is no `node`.
    """
    return Playthrough(story, seed=seed, clock=clock, started_at=started_at, origin=Origin(node, state))


@dataclass(frozen=True)
class Carried:
    """A playthrough of the edited story, and how the trainee's place was carried over."""

    play: Playthrough
    how: How


def carry_over(play: Playthrough, story: Story) -> Carried:
    """`play` moved onto `story`, an edited version of its story, keeping the place if it can.

    First the choices made so far are replayed by node and option id ("replayed"). If one
    of them no longer fits but the node the trainee is at still exists, the playthrough
    starts there with the variables as they were ("kept"; the earlier choices are not in
    its history). When even that node is gone, it starts from the beginning ("restarted").
    """
    try:
        return Carried(from_json(story, to_json(play), clock=play.clock, allow_changed=True), "replayed")
    except SaveError:
        pass
    node = play.node
    if node in story.nodes:
        kept = start_at(story, node, play.state, seed=play.seed, clock=play.clock, started_at=play.started_at)
        return Carried(kept, "kept")
    return Carried(Playthrough(story, seed=play.seed, clock=play.clock), "restarted")
