"""`scenarios test`: run a story's declared walkthroughs and report what they leave unvisited.

A walkthrough plays the story with the real engine, one declared step per choice, and
then checks what must follow: the ending node, the outcome, the verdict of each choice
and a minimum score. Failures are located in the file like any other diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scenarios.authoring.explore import route
from scenarios.engine import Playthrough
from scenarios.story.checks import step_matches
from scenarios.story.model import Story, Walkthrough

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Failure:
    """One way a walkthrough did not go as declared: where in the file, and what."""

    path: Path
    code: str
    params: dict[str, Any]


@dataclass
class WalkResult:
    """The outcome of one walkthrough, and the nodes and options it visited."""

    name: str
    failures: list[Failure] = field(default_factory=list)
    nodes: set[str] = field(default_factory=set)
    options: set[tuple[str, str]] = field(default_factory=set)

    @property
    def passed(self) -> bool:
        """True when everything declared followed."""
        return not self.failures


def _clock() -> float:
    return 0.0


def run_walkthrough(story: Story, number: int) -> WalkResult:
    """Play walkthrough `number` of `story` and check its expectations."""
    walk = story.walkthroughs[number]
    base: Path = ("walkthroughs", number)
    result = WalkResult(walk.name)
    play = Playthrough(story, seed=0, clock=_clock)
    route(story, story.start_node, dict(play.state), ("start",), shown=result.nodes)
    for step_number, step in enumerate(walk.choices):
        path: Path = (*base, "choices", step_number) if len(walk.choices) > 1 else (*base, "choices")
        if play.is_over:
            result.failures.append(
                Failure(
                    path,
                    "walk_already_over",
                    {"node": play.beat().node, "step": step_number + 1, "left": len(walk.choices) - step_number},
                )
            )
            return result
        beat = play.beat()
        node = story.nodes[beat.node]
        texts = {node.option_id(i): option.text for i, option in enumerate(node.options)}
        matching = [c for c in beat.choices if c.option_id == step] or [
            c for c in beat.choices if step_matches(step, c.option_id, texts[c.option_id])
        ]
        on_offer = {c.option_id for c in beat.choices}
        offered = ", ".join(node.option_id(i) for i in range(len(node.options)) if node.option_id(i) in on_offer)
        hidden = [
            i
            for i in range(len(node.options))
            if node.option_id(i) == step or step_matches(step, "", texts[node.option_id(i)])
        ]
        if not matching and hidden:
            option = node.options[hidden[0]]
            params = {"step": step, "node": beat.node, "offered": offered, "condition": option.if_ or ""}
            code = "walk_hidden" if option.if_ else "walk_used"
            result.failures.append(Failure(path, code, params))
            return result
        if len(matching) != 1:
            code = "walk_no_option" if not matching else "walk_ambiguous"
            names = ", ".join(c.option_id for c in matching)
            result.failures.append(
                Failure(path, code, {"step": step, "node": beat.node, "offered": offered, "matching": names})
            )
            return result
        result.options.add((beat.node, matching[0].option_id))
        arrived = play.choose_option(matching[0].option_id)
        if walk.verdicts is not None and step_number < len(walk.verdicts):
            expected = walk.verdicts[step_number]
            if arrived.solution_focused != expected:
                result.failures.append(
                    Failure(
                        (*base, "verdicts", step_number),
                        "walk_verdict",
                        {"step": step, "expected": _yn(expected), "got": _yn(arrived.solution_focused)},
                    )
                )
        index = next(i for i in range(len(node.options)) if node.option_id(i) == arrived.option_id)
        way_on = node.options[index].next
        if way_on is not None:
            route(story, way_on, dict(play.state), ("nodes", beat.node, "options", index, "next"), shown=result.nodes)
    result.failures.extend(_expectations(story, walk, base, play))
    return result


def _yn(value: bool) -> str:
    return "yes" if value else "no"


def _expectations(story: Story, walk: Walkthrough, base: Path, play: Playthrough) -> list[Failure]:
    beat = play.beat()
    if not play.is_over:
        return [Failure((*base, "choices"), "walk_not_over", {"node": beat.node})]
    failures = []
    if beat.dead_end:
        failures.append(Failure((*base, "choices"), "walk_dead_end", {"node": beat.node}))
    if walk.ending is not None and beat.node != walk.ending:
        failures.append(Failure((*base, "ending"), "walk_ending", {"expected": walk.ending, "got": beat.node}))
    got = beat.ending.value if beat.ending is not None else "-"
    if walk.outcome is not None and got != walk.outcome.value:
        failures.append(Failure((*base, "outcome"), "walk_outcome", {"expected": walk.outcome.value, "got": got}))
    if walk.min_score is not None:
        report = play.debrief()
        totals = {score.dimension: score.got for score in report.scores}
        totals["solution_focused"] = report.solution_focused
        for name, least in walk.min_score.as_dict().items():
            if totals[name] < least:
                failures.append(
                    Failure(
                        (*base, "min_score", name),
                        "walk_score",
                        {"dimension": name, "expected": least, "got": totals[name]},
                    )
                )
    return failures


@dataclass(frozen=True)
class Coverage:
    """What no walkthrough visits: node names and (node, option id) pairs, in file order."""

    nodes: tuple[str, ...]
    options: tuple[tuple[str, int, str], ...]
    total_nodes: int
    total_options: int


def coverage(story: Story, results: list[WalkResult]) -> Coverage:
    """The nodes and options that none of `results` visited."""
    nodes = set().union(*(r.nodes for r in results)) if results else set()
    options = set().union(*(r.options for r in results)) if results else set()
    missed_nodes = tuple(name for name in story.nodes if name not in nodes)
    missed_options = tuple(
        (name, index, node.option_id(index))
        for name, node in story.nodes.items()
        for index in range(len(node.options))
        if (name, node.option_id(index)) not in options
    )
    total_options = sum(len(node.options) for node in story.nodes.values())
    return Coverage(missed_nodes, missed_options, len(story.nodes), total_options)
