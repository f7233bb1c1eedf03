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

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from scenarios.engine.debrief import Debrief, build_debrief
from scenarios.engine.plan import NodePlan, OptionPlan, WayOn, option_order, plan_of, shown_lines
from scenarios.engine.views import Beat, Choice, LineView, Result, StateChange
from scenarios.story.expr import VALUE_LIMIT
from scenarios.story.model import DIMENSIONS, Story

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
        plan = plan_of(story)
        self._nodes = plan.nodes
        self._bounds = plan.bounds
        self._state: dict[str, int | bool] = dict(plan.start_state)
        self._used: set[tuple[str, str]] = set()
        self._visits: dict[str, int] = {}
        self._history: list[Result] = []
        self._ideal_points: dict[str, int] | None = None
        self._offered: list[int] = []  # the indices of the options on offer in the current beat
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
        node = self._nodes[self._beat.node]
        ideal_id = node.options[self._ideal_index(node)].option_id
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
        choices = self._beat.choices
        if 0 < number <= len(choices) and choices[number - 1].number == number:
            return self._choose(choices[number - 1].option_id, None)
        raise ChoiceError(f"No option {number} here; choose 1-{len(choices)}.")

    def choose_option(self, option_id: str, *, at: float | None = None) -> Result:
        """Choose an available option by its stable id (used to replay saves)."""
        if self.is_over:
            raise ChoiceError("The story has ended.")
        for choice in self._beat.choices:
            if choice.option_id == option_id:
                return self._choose(option_id, at)
        raise ChoiceError(f"Option '{option_id}' is not available at '{self._beat.node}'.")

    # --- internals -----------------------------------------------------------------
    def _choose(self, option_id: str, at: float | None) -> Result:
        """Choose an option on offer now."""
        node_name = self._beat.node
        node = self._nodes[node_name]
        option = node.by_id[option_id]
        ideal_index = self._ideal_index(node)
        changes = self._apply(option)
        if option.option.once:
            self._used.add((node_name, option_id))
        now = self.clock() if at is None else at
        previous = self._history[-1].at if self._history else self.started_at
        result = self._result(node, option, node.options[ideal_index], changes, now, max(0.0, now - previous))
        self._history.append(result)
        target = self._target(option.way_on, node_name)
        self._beat = self._arrive(target, [], returned=target == node_name)
        return result

    def _clamped(self, name: str, value: int | bool) -> int | bool:
        """A number kept within its variable's bounds (and the language's limit); flags as they are."""
        bounds = self._bounds.get(name)
        if bounds is None or isinstance(value, bool):
            return value
        low, high = bounds
        return low if value < low else high if value > high else value

    def _fitting(self, values: Mapping[str, int | bool]) -> dict[str, int | bool]:
        """The values that still fit the story: declared names of the right kind, within bounds."""
        fitting: dict[str, int | bool] = {}
        for name, variable in self.story.state.items():
            if name not in values:
                continue
            value = values[name]
            if isinstance(value, bool) != (variable.kind is bool) or not isinstance(value, int):
                continue
            fitting[name] = self._clamped(name, value)
        return fitting

    def _result(
        self,
        node: NodePlan,
        chosen: OptionPlan,
        ideal: OptionPlan,
        changes: tuple[StateChange, ...],
        at: float,
        seconds: float,
    ) -> Result:
        option = chosen.option
        return Result(
            node=node.name,
            option_id=chosen.option_id,
            kind=option.kind,
            text=option.text,
            solution_focused=option.solution_focused,
            feedback=option.feedback,
            points=dict(chosen.points),
            result=option.result,
            ideal_option_id=ideal.option_id,
            ideal_text=ideal.option.text,
            ideal_solution_focused=ideal.option.solution_focused,
            ideal_points=dict(ideal.points),
            # The model answer is the marked ideal's wording; while an unlocking action
            # stands in for it, showing that wording would give away what the action finds.
            model_answer=node.node.model_answer if ideal.index == node.marked_ideal else None,
            changes=changes,
            at=at,
            seconds=seconds,
        )

    def _ideal_index(self, node: NodePlan) -> int:
        """The ideal option now: the one marked ideal if it is on offer, else the
        solution-focused option on offer with the most points (typically the action
        that unlocks the marked one)."""
        offered = self._offered
        marked = node.marked_ideal
        if marked is not None and (marked in offered or not offered):
            return marked
        return max(offered, key=lambda index: node.options[index].rank)

    def _offered_indices(self, node: NodePlan) -> list[int]:
        state, used, name = self._state, self._used, node.name
        return [
            option.index
            for option in node.options
            if (option.check is None or option.check(state)) and (not used or (name, option.option_id) not in used)
        ]

    def _apply(self, option: OptionPlan) -> tuple[StateChange, ...]:
        if not option.effects:
            return ()
        changes: dict[str, StateChange] = {}
        state = self._state
        for effect in option.effects:
            name = effect.name
            before = state[name]
            if effect.op == "=":
                after: int | bool = effect.value
                if not isinstance(after, bool):
                    after = max(-VALUE_LIMIT, min(VALUE_LIMIT, after))
            else:
                delta = int(effect.value)
                after = self._clamped(name, int(before) + (delta if effect.op == "+=" else -delta))
            state[name] = after
            first = changes[name].before if name in changes else before
            changes[name] = StateChange(name, first, after)
        return tuple(change for change in changes.values() if change.before != change.after)

    def _target(self, way_on: WayOn, here: str) -> str:
        """Where a `next` leads now: the node, the first branch whose condition holds, or here."""
        if way_on is None:
            return here
        if isinstance(way_on, str):
            return way_on
        state = self._state
        for check, to in way_on:
            if check is None or check(state):
                return to
        return way_on[-1][1]

    def _arrive(self, name: str, lines: list[LineView], *, returned: bool = False) -> Beat:
        """Follow passages from `name`, gathering lines, until a decision or an ending."""
        seen: set[str] = set()
        email = None
        nodes, state = self._nodes, self._state
        while True:
            node = nodes[name]
            if not returned:
                lines.extend(shown_lines(node, state))
                email = node.email or email
            if node.ending is not None or node.options or node.way_on is None or name in seen:
                break
            seen.add(name)
            name = self._target(node.way_on, name)
        choices = self._choices(node, returned) if node.options else ()
        customer_present = node.speaker == "customer" or _customer_speaks(lines)
        return Beat(
            node=name,
            lines=tuple(lines),
            email=email,
            choices=choices,
            ending=node.ending,
            dead_end=node.ending is None and not choices,
            mood=self._mood() if customer_present else None,
            returned=returned,
        )

    def _mood(self) -> int | None:
        mood = self._state.get("mood")
        return None if mood is None or isinstance(mood, bool) else mood

    def _choices(self, node: NodePlan, returned: bool) -> tuple[Choice, ...]:
        name = node.name
        if not returned:
            self._visits[name] = self._visits.get(name, 0) + 1
        self._offered = offered = self._offered_indices(node)
        if node.shuffled and len(offered) > 1:  # one option on offer needs no order
            # Shuffle all options, then filter, so an action that returns here keeps the order.
            order = option_order(self.seed, name, self._visits.get(name, 1), len(node.options))
            offered_set = set(offered)
            available = [index for index in order if index in offered_set]
        else:
            available = offered
        return node.choices(tuple(available))


def _customer_speaks(lines: list[LineView]) -> bool:
    for line in lines:
        if line.speaker == "customer":
            return True
    return False
