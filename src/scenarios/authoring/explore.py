"""The reachable state space of a story, explored by driving the real engine.

A state is where a playthrough stands: the current node, the value of every variable,
and which `once` options have been used. Starting from the first beat, every option on
offer is chosen in turn (replaying the choices on a fresh `Playthrough`, so the rules
are the engine's own), until no new state turns up. Stories are small and their
variables bounded, so this is usually a few dozen states and exact: a condition that is
false in every reachable state can never be true, an ending no state reaches cannot be
reached.

Limits: an integer without bounds that a loop keeps changing makes the space infinite.
Exploration stops after `MAX_STATES` states and `Space.complete` is False; the checks
that need the whole space then stay silent rather than guess. Paths longer than
`MAX_DEPTH` choices stop it the same way (each state is reached by replaying its path,
so very long paths would be slow, and only such loops make them), and so does a budget of
`MAX_STEPS` choices replayed in all, each counted as many times as options were on offer
(the engine's work grows with them): a count, not a clock, so a story with very many
options or nodes stops at the same place on any machine, in seconds at most.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from scenarios.engine import Playthrough
from scenarios.story.expr import Condition, evaluate, parse_condition
from scenarios.story.model import Next, Outcome, Story

MAX_STATES = 2000
MAX_DEPTH = 60  # choices; only a loop that keeps changing a number gets this deep
MAX_STEPS = 100_000  # choices replayed while exploring, in all, each weighed by the options on offer

Path = tuple[str | int, ...]
Key = tuple[str, tuple[tuple[str, int | bool], ...], frozenset[tuple[str, str]]]


@dataclass(frozen=True)
class Edge:
    """A choice from one state to another."""

    source: int
    target: int
    node: str
    option_id: str
    option_index: int
    points: Mapping[str, int]
    solution_focused: bool
    is_ideal: bool


@dataclass
class State:
    """One reachable state: the beat's node and what the trainee could do there."""

    index: int
    node: str
    values: dict[str, int | bool]
    choices: tuple[str, ...]
    ending: Outcome | None
    dead_end: bool
    path: tuple[str, ...]
    ideal_option: str | None = None

    @property
    def is_over(self) -> bool:
        """True at an ending or a dead end."""
        return self.ending is not None or self.dead_end


@dataclass
class Space:
    """The explored states and choices of a story, and what was observed on the way."""

    story: Story
    states: list[State] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    complete: bool = True
    nodes_seen: set[str] = field(default_factory=set)
    # Every condition's path in the file -> the truth values it took where it was evaluated.
    conditions: dict[Path, set[bool]] = field(default_factory=dict)
    # Every condition's path -> its source text.
    sources: dict[Path, str] = field(default_factory=dict)
    # Decisions where, at some point, no solution-focused option was on offer to be the ideal.
    no_ideal: set[str] = field(default_factory=set)

    @property
    def paths(self) -> int:
        """How many choices (paths from one state to the next) were explored."""
        return len(self.edges)

    def outgoing(self) -> list[list[Edge]]:
        """The edges leaving each state, by state index."""
        table: list[list[Edge]] = [[] for _ in self.states]
        for edge in self.edges:
            table[edge.source].append(edge)
        return table


EXPLORED = "explore.space"


def explored(story: Story) -> Space:
    """The state space of `story` with the default limits, explored once per story and kept with it
    (`Story.derived`): lint's checks of one story and of a library read the same space."""
    space = story.derived.get(EXPLORED)
    if not isinstance(space, Space):
        space = story.derived[EXPLORED] = explore(story)
    return space


def explore(story: Story, max_states: int = MAX_STATES, max_steps: int = MAX_STEPS) -> Space:
    """Explore every state a playthrough of `story` can reach (up to `max_states`, and `max_steps`
    choices replayed); `Space.complete` says whether it got through."""
    space = Space(story)
    parsed = _conditions(story)
    space.sources = {path: source for path, (source, _) in parsed.items()}
    seen: dict[Key, int] = {}
    queue: deque[int] = deque()

    def visit(play: Playthrough, path: tuple[str, ...], way_on: Next | None, via: Path) -> int:
        beat = play.beat()
        values = dict(play.state)
        if way_on is not None:
            route(story, way_on, values, via, lambda where, holds: _seen(space, where, holds), space.nodes_seen)
        key: Key = (beat.node, tuple(sorted(values.items())), _used(story, play))
        if key in seen:
            return seen[key]
        state = State(
            len(space.states),
            beat.node,
            values,
            tuple(c.option_id for c in beat.choices),
            beat.ending,
            beat.dead_end,
            path,
        )
        if beat.choices:
            ideal = play.ideal_choice()
            state.ideal_option = next(c.option_id for c in beat.choices if c.number == ideal)
        if story.nodes[beat.node].is_decision:
            _observe_decision(space, beat.node, values, state.choices, key[2])
        space.states.append(state)
        seen[key] = state.index
        queue.append(state.index)
        return state.index

    visit(Playthrough(story, seed=0, clock=_clock), (), story.start_node, ("start",))
    steps = 0
    while queue:
        state = space.states[queue.popleft()]
        for option_id in state.choices:
            steps += (len(state.path) + 1) * len(state.choices)
            if len(space.states) >= max_states or len(state.path) >= MAX_DEPTH or steps > max_steps:
                space.complete = False
                return space
            play = _replay(story, state.path)
            node = story.nodes[state.node]
            result = play.choose_option(option_id)
            index = next(i for i in range(len(node.options)) if node.option_id(i) == option_id)
            option = node.options[index]
            target = visit(play, (*state.path, option_id), option.next, ("nodes", state.node, "options", index, "next"))
            space.edges.append(
                Edge(
                    state.index,
                    target,
                    state.node,
                    option_id,
                    index,
                    result.points,
                    result.solution_focused,
                    option_id == state.ideal_option,
                )
            )
    return space


def _clock() -> float:
    return 0.0


def _replay(story: Story, path: tuple[str, ...]) -> Playthrough:
    play = Playthrough(story, seed=0, clock=_clock)
    for option_id in path:
        play.choose_option(option_id)
    return play


def _used(story: Story, play: Playthrough) -> frozenset[tuple[str, str]]:
    """The `once` options already chosen (derived from the history, the engine's record)."""
    used = set()
    for result in play.history:
        node = story.nodes[result.node]
        for index, option in enumerate(node.options):
            if option.once and node.option_id(index) == result.option_id:
                used.add((result.node, result.option_id))
    return frozenset(used)


def _conditions(story: Story) -> dict[Path, tuple[str, Condition]]:
    """Every condition in the story, with its source and parsed, by its path in the file."""
    kinds = story.variable_kinds()
    found: dict[Path, tuple[str, Condition]] = {}

    def add(path: Path, source: str | None) -> None:
        if source is not None:
            found[path] = (source, parse_condition(source, kinds))

    def branches(path: Path, way_on: Next | None) -> None:
        if way_on is not None and not isinstance(way_on, str):
            for number, branch in enumerate(way_on):
                add((*path, number, "if"), branch.if_)

    for name, node in story.nodes.items():
        for index, line in enumerate(node.say):
            add(("nodes", name, "say", index, "if"), line.if_)
        branches(("nodes", name, "next"), node.next)
        for index, option in enumerate(node.options):
            add(("nodes", name, "options", index, "if"), option.if_)
            branches(("nodes", name, "options", index, "next"), option.next)
    return found


def _seen(space: Space, path: Path, holds: bool) -> None:
    space.conditions.setdefault(path, set()).add(holds)


Observer = Callable[[Path, bool], None]


def _holds(story: Story, source: str | None, values: dict[str, int | bool]) -> bool:
    return source is None or evaluate(_parsed(source, tuple(story.variable_kinds().items())), values)


@lru_cache(maxsize=1024)
def _parsed(source: str, kinds: tuple[tuple[str, type], ...]) -> Condition:
    return parse_condition(source, dict(kinds))


def follow(
    story: Story, way_on: Next, values: dict[str, int | bool], via: Path, observe: Observer | None = None
) -> str:
    """Where a `next` leads with these values: the node, or the first branch whose condition holds
    (else the last), as the engine goes. `observe` hears each branch condition evaluated."""
    if isinstance(way_on, str):
        return way_on
    for number, branch in enumerate(way_on):
        if branch.if_ is None:
            return branch.to
        holds = _holds(story, branch.if_, values)
        if observe is not None:
            observe((*via, number, "if"), holds)
        if holds:
            return branch.to
    return way_on[-1].to


def route(
    story: Story,
    way_on: Next,
    values: dict[str, int | bool],
    via: Path,
    observe: Observer | None = None,
    shown: set[str] | None = None,
) -> list[tuple[str, str]]:
    """The hops a playthrough makes from a `next` (at `via`) through passages to a decision or an
    ending: (from, to) pairs, the first from where `via` is. Observes the line and branch
    conditions evaluated on the way and adds the nodes shown to `shown`."""
    hops: list[tuple[str, str]] = []
    here = str(via[1]) if via[0] == "nodes" else ""
    current = follow(story, way_on, values, via, observe)
    for _ in range(len(story.nodes) + 1):  # passages never loop in a valid story; bound it anyway
        hops.append((here, current))
        node = story.nodes.get(current)
        if node is None:
            break
        if shown is not None:
            shown.add(current)
        if observe is not None:
            for index, line in enumerate(node.say):
                if line.if_ is not None:
                    observe(("nodes", current, "say", index, "if"), _holds(story, line.if_, values))
        if node.is_decision or node.ending is not None or node.next is None:
            break
        here, current = current, follow(story, node.next, values, ("nodes", current, "next"), observe)
    return hops


def _observe_decision(
    space: Space,
    name: str,
    values: dict[str, int | bool],
    offered: tuple[str, ...],
    used: frozenset[tuple[str, str]],
) -> None:
    node = space.story.nodes[name]
    for index, option in enumerate(node.options):
        if option.if_ is not None and (name, node.option_id(index)) not in used:
            _seen(space, ("nodes", name, "options", index, "if"), _holds(space.story, option.if_, values))
    marked = node.ideal_index
    if offered and marked is not None and node.option_id(marked) not in offered:
        on_offer = [i for i in range(len(node.options)) if node.option_id(i) in offered]
        if not any(node.options[i].solution_focused for i in on_offer):
            space.no_ideal.add(name)
