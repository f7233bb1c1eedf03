"""One trainee's way through a story: the pull API every front end drives.

    play = Playthrough(story, seed=7)
    while not play.is_over:
        beat = play.beat()          # lines to show, choices available now
        result = play.choose(1)     # verdict, feedback, the ideal response
    report = play.debrief()

The story is immutable; everything that changes lives here and is derived from the
seed and the list of choices, so a save is just those (see `saves`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from scenarios.engine.debrief import Debrief, build_debrief
from scenarios.engine.views import Beat, Choice, LineView, Result, StateChange
from scenarios.expr import Condition, Effect, evaluate, parse_condition, parse_effect
from scenarios.model import DIMENSIONS, Next, Node, Option, Story

Clock = Callable[[], float]


class ChoiceError(ValueError):
    """A choice that is not available now (wrong number, unknown option, story over)."""

IDEAL_PATH_LIMIT = 1000


@dataclass(frozen=True)
class Origin:
    """Where a playthrough began when not at the story's start: a node and the variables there."""

    node: str
    state: Mapping[str, int | bool]


class Playthrough:
    """A playthrough of one story, deterministic given its seed and clock.

    It begins at the story's start, or at `origin` (see `engine.reload.start_at`).
    """

    def __init__(
        self,
        story: Story,
        *,
        seed: int = 0,
        clock: Clock = time.time,
        started_at: float | None = None,
        origin: Origin | None = None,
    ) -> None:
        if origin is not None and origin.node not in story.nodes:
            raise ChoiceError(f"The story has no node '{origin.node}'.")
        self.story = story
        self.seed = seed
        self.clock = clock
        self.started_at = clock() if started_at is None else started_at
        kinds = story.variable_kinds()
        self._conditions: dict[str, Condition] = {}
        self._effects: dict[str, Effect] = {}
        self._kinds = kinds
        self._state: dict[str, int | bool] = {name: var.start for name, var in story.state.items()}
        self._used: set[tuple[str, str]] = set()
        self._visits: dict[str, int] = {}
        self._history: list[Result] = []
        self._ideal_points: dict[str, int] | None = None
        self.origin: Origin | None = None
        if origin is not None:
            self._state.update(self._fitting(origin.state))
            self.origin = Origin(origin.node, MappingProxyType(dict(self._state)))
        self._beat = self._arrive(story.start_node if origin is None else origin.node, [])

    # --- reading -------------------------------------------------------------------
    @property
    def state(self) -> Mapping[str, int | bool]:
        """The story variables now (read-only)."""
        return MappingProxyType(self._state)

    @property
    def history(self) -> tuple[Result, ...]:
        """Every choice made so far, in order."""
        return tuple(self._history)

    @property
    def is_over(self) -> bool:
        """True once an ending (or a dead end) is reached."""
        return self._beat.is_over

    def beat(self) -> Beat:
        """The current beat: lines to show and the choices available now."""
        return self._beat

    def ideal_choice(self) -> int | None:
        """The number of the ideal choice in the current beat (for walkthroughs and
        tests; a front end reveals the ideal only after the trainee has chosen)."""
        if not self._beat.choices:
            return None
        node = self.story.nodes[self._beat.node]
        ideal_id = node.option_id(self._ideal_index(self._beat.node, node))
        return next(choice.number for choice in self._beat.choices if choice.option_id == ideal_id)

    def debrief(self) -> Debrief:
        """The report of the playthrough so far (complete once `is_over`)."""
        return build_debrief(self.story, self._history, self._beat, self.started_at, self.ideal_path_points())

    def ideal_path_points(self) -> dict[str, int]:
        """The points of the whole ideal path from where this playthrough began, whatever
        the trainee met on the way (an unlocking action and the reply it unlocks both count)."""
        if self._ideal_points is None:
            ideal = Playthrough(self.story, seed=self.seed, clock=lambda: 0.0, origin=self.origin)
            totals = dict.fromkeys(DIMENSIONS, 0)
            # A story may loop; the ideal path of a well-formed story ends long before this.
            for _ in range(IDEAL_PATH_LIMIT):
                number = ideal.ideal_choice()
                if number is None:
                    break
                for name, value in ideal.choose(number).points.items():
                    totals[name] += value
            self._ideal_points = totals
        return dict(self._ideal_points)

    # --- choosing ------------------------------------------------------------------
    def choose(self, number: int) -> Result:
        """Choose the option shown as `number` (1-based) in the current beat."""
        for choice in self._beat.choices:
            if choice.number == number:
                return self.choose_option(choice.option_id)
        raise ChoiceError(f"No option {number} here; choose 1-{len(self._beat.choices)}.")

    def choose_option(self, option_id: str, *, at: float | None = None) -> Result:
        """Choose an available option by its stable id (used to replay saves)."""
        if self.is_over:
            raise ChoiceError("The story has ended.")
        if option_id not in {choice.option_id for choice in self._beat.choices}:
            raise ChoiceError(f"Option '{option_id}' is not available at '{self._beat.node}'.")
        node_name = self._beat.node
        node = self.story.nodes[node_name]
        index = next(i for i in range(len(node.options)) if node.option_id(i) == option_id)
        option = node.options[index]
        ideal_index = self._ideal_index(node_name, node)
        changes = self._apply(option)
        if option.once:
            self._used.add((node_name, option_id))
        now = self.clock() if at is None else at
        previous = self._history[-1].at if self._history else self.started_at
        result = self._result(node_name, node, index, ideal_index, changes, now, max(0.0, now - previous))
        self._history.append(result)
        target = self._target(option.next, node_name)
        self._beat = self._arrive(target, [], returned=target == node_name)
        return result

    # --- internals -----------------------------------------------------------------
    def _fitting(self, values: Mapping[str, int | bool]) -> dict[str, int | bool]:
        """The values that still fit the story: declared names of the right kind, within bounds."""
        fitting: dict[str, int | bool] = {}
        for name, value in values.items():
            kind = self._kinds.get(name)
            if kind is None or isinstance(value, bool) != (kind is bool) or not isinstance(value, int):
                continue
            if kind is not bool:
                bounds = self.story.state[name]
                value = max(bounds.min, value) if bounds.min is not None else value
                value = min(bounds.max, value) if bounds.max is not None else value
            fitting[name] = value
        return fitting

    def _result(
        self,
        name: str,
        node: Node,
        index: int,
        ideal_index: int,
        changes: tuple[StateChange, ...],
        at: float,
        seconds: float,
    ) -> Result:
        option = node.options[index]
        ideal = node.options[ideal_index]
        return Result(
            node=name,
            option_id=node.option_id(index),
            kind=option.kind,
            text=option.text,
            solution_focused=option.solution_focused,
            feedback=option.feedback,
            points=option.points.as_dict(),
            result=option.result,
            ideal_option_id=node.option_id(ideal_index),
            ideal_text=ideal.text,
            ideal_solution_focused=ideal.solution_focused,
            ideal_points=ideal.points.as_dict(),
            # The model answer is the marked ideal's wording; while an unlocking action
            # stands in for it, showing that wording would give away what the action finds.
            model_answer=node.model_answer if ideal_index == node.ideal_index else None,
            changes=changes,
            at=at,
            seconds=seconds,
        )

    def _ideal_index(self, name: str, node: Node) -> int:
        """The ideal option now: the one marked ideal if it is on offer, else the
        solution-focused option on offer with the most points (typically the action
        that unlocks the marked one)."""
        offered = self._offered_indices(name, node)
        marked = node.ideal_index
        if marked is not None and (marked in offered or not offered):
            return marked
        return max(
            offered,
            key=lambda i: (node.options[i].solution_focused, sum(node.options[i].points.as_dict().values()), -i),
        )

    def _offered_indices(self, name: str, node: Node) -> list[int]:
        return [
            index
            for index, option in enumerate(node.options)
            if self._holds(option.if_) and (name, node.option_id(index)) not in self._used
        ]

    def _apply(self, option: Option) -> tuple[StateChange, ...]:
        changes: dict[str, StateChange] = {}
        for source in option.effects:
            effect = self._effect(source)
            before = self._state[effect.name]
            if effect.op == "=":
                after: int | bool = effect.value
            else:
                delta = int(effect.value)
                after = int(before) + (delta if effect.op == "+=" else -delta)
                bounds = self.story.state[effect.name]
                if bounds.min is not None:
                    after = max(bounds.min, after)
                if bounds.max is not None:
                    after = min(bounds.max, after)
            self._state[effect.name] = after
            first = changes[effect.name].before if effect.name in changes else before
            changes[effect.name] = StateChange(effect.name, first, after)
        return tuple(change for change in changes.values() if change.before != change.after)

    def _holds(self, source: str | None) -> bool:
        if source is None:
            return True
        if source not in self._conditions:
            self._conditions[source] = parse_condition(source, self._kinds)
        return evaluate(self._conditions[source], self._state)

    def _effect(self, source: str) -> Effect:
        if source not in self._effects:
            self._effects[source] = parse_effect(source, self._kinds)
        return self._effects[source]

    def _target(self, way_on: Next | None, here: str) -> str:
        """Where a `next` leads now: the node, the first branch whose condition holds, or here."""
        if way_on is None:
            return here
        if isinstance(way_on, str):
            return way_on
        return next((branch.to for branch in way_on if self._holds(branch.if_)), way_on[-1].to)

    def _lines(self, name: str, node: Node) -> list[LineView]:
        """The node's lines shown now; node cues go with the node speaker's first line."""
        shown = [
            LineView(name, line.speaker or node.speaker, line.text, line.cue)
            for line in node.say
            if self._holds(line.if_)
        ]
        if node.cues is not None:
            index = next((i for i, v in enumerate(shown) if v.speaker == node.speaker and v.cue is None), None)
            if index is None:
                shown.insert(0, LineView(name, node.speaker, None, node.cues))
            else:
                line = shown[index]
                shown[index] = LineView(line.node, line.speaker, line.text, node.cues)
        if node.email is not None:
            if not shown:
                shown.append(LineView(name, node.speaker, None))
            first = shown[0]
            shown[0] = LineView(first.node, first.speaker, first.text, first.cue, node.email)
        return shown

    def _arrive(self, name: str, lines: list[LineView], *, returned: bool = False) -> Beat:
        """Follow passages from `name`, gathering lines, until a decision or an ending."""
        seen: set[str] = set()
        email = None
        while True:
            node = self.story.nodes[name]
            if not returned:
                lines.extend(self._lines(name, node))
                email = node.email or email
            if node.ending is not None or node.is_decision or node.next is None or name in seen:
                break
            seen.add(name)
            name = self._target(node.next, name)
        choices = self._choices(name, node, returned) if node.is_decision else ()
        return Beat(
            node=name,
            lines=tuple(lines),
            email=email,
            choices=choices,
            ending=node.ending,
            dead_end=node.ending is None and not choices,
            mood=self._mood() if self._customer_present(node, lines) else None,
            returned=returned,
        )

    @staticmethod
    def _customer_present(node: Node, lines: list[LineView]) -> bool:
        """Mood is shown only where the customer is: their node, or their lines in the beat."""
        return node.speaker == "customer" or any(line.speaker == "customer" for line in lines)

    def _mood(self) -> int | None:
        mood = self._state.get("mood")
        return None if mood is None or isinstance(mood, bool) else mood

    def _choices(self, name: str, node: Node, returned: bool) -> tuple[Choice, ...]:
        if not returned:
            self._visits[name] = self._visits.get(name, 0) + 1
        order = list(range(len(node.options)))
        if self.story.shuffle:
            # Shuffle all options, then filter, so an action that returns here keeps the order.
            random.Random(f"{self.seed}/{name}/{self._visits.get(name, 1)}").shuffle(order)
        offered = set(self._offered_indices(name, node))
        available = [index for index in order if index in offered]
        return tuple(
            Choice(number, node.option_id(index), node.options[index].kind, node.options[index].text)
            for number, index in enumerate(available, start=1)
        )
