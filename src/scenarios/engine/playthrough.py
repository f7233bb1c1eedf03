"""One trainee's way through a story: the pull API every front end drives.

    play = Playthrough(story, seed=7)
    while not play.is_over:
        beat = play.beat()          # lines to show, choices available now
        result = play.choose(1)     # verdict, feedback, the ideal response
    report = play.debrief()

The story is immutable; everything that changes lives here and is derived from the
seed and the list of choices, so a save is just those (see `saves`).

A beat is built when it is asked for (`beat()`): the seeded shuffle of a decision's options
costs more than the rest of a step, and replays, ideal paths and explorations never show
them; they move by option id (`node`, `available`, `choose_option`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from scenarios.engine.debrief import Debrief, build_debrief
from scenarios.engine.plan import NodePlan, OptionPlan, WayOn, option_order, plan_of, shown_lines
from scenarios.engine.views import Beat, LineView, OwnReply, Result, StateChange
from scenarios.story.model import DIMENSIONS, Email, Story

Clock = Callable[[], float]


class ChoiceError(ValueError):
    """A choice that is not available now (wrong number, unknown option, story over)."""


IDEAL_PATH_LIMIT = 1000


@dataclass(frozen=True)
class Origin:
    """Where a playthrough began when not at the story's start: a node and the variables there."""

    node: str
    state: Mapping[str, int | bool]


@dataclass(slots=True)
class _Arrival:
    """Where the playthrough stands, before its beat is built: the beat is made from this when asked for.

    Never changed once made; not frozen only because a frozen dataclass takes four times as long to
    make, and one is made at every step."""

    node: NodePlan
    lines: tuple[LineView, ...]
    email: Email | None
    offered: tuple[int, ...]
    visit: int
    mood: int | None
    returned: bool
    over: bool
    """At an ending, or at a decision with nothing on offer (a dead end)."""


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
        self._beat: Beat | None = None  # built from `_at` when asked for
        self.origin: Origin | None = None
        if origin is not None:
            self._state.update(self._fitting(origin.state))
            self.origin = Origin(origin.node, MappingProxyType(dict(self._state)))
        self._at = self._arrive(story.start_node if origin is None else origin.node)

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
        return self._at.over

    @property
    def node(self) -> str:
        """The name of the node the playthrough stands at (the current beat's node)."""
        return self._at.node.name

    @property
    def decision_number(self) -> int:
        """Which decision the playthrough stands at, counting from 1: each arrival at a decision counts once,
        and an option that returns to its decision (an action without `next`) does not start a new one."""
        return sum(self._visits.values())

    def available(self) -> tuple[str, ...]:
        """The ids of the options on offer now, in the story's order (not the shown order)."""
        options = self._at.node.options
        return tuple(options[index].option_id for index in self._at.offered)

    def beat(self) -> Beat:
        """The current beat: lines to show and the choices available now (in their shuffled order)."""
        if self._beat is None:
            self._beat = self._build_beat(self._at)
        return self._beat

    def ideal_choice(self) -> int | None:
        """The number of the ideal choice in the current beat (for walkthroughs and
        tests; a front end reveals the ideal only after the trainee has chosen)."""
        ideal_id = self.ideal_option()
        if ideal_id is None:
            return None
        return next(choice.number for choice in self.beat().choices if choice.option_id == ideal_id)

    def ideal_option(self) -> str | None:
        """The id of the ideal option on offer now, or None when nothing is (as `ideal_choice`, by id)."""
        at = self._at
        if not at.offered:
            return None
        return at.node.options[self._ideal_index(at.node, at.offered)].option_id

    def debrief(self) -> Debrief:
        """The report of the playthrough so far (complete once `is_over`)."""
        return build_debrief(self.story, self._history, self.beat(), self.started_at, self.ideal_path_points())

    def ideal_path_points(self) -> dict[str, int]:
        """The points of the whole ideal path from where this playthrough began, whatever
        the trainee met on the way (an unlocking action and the reply it unlocks both count)."""
        if self._ideal_points is None:
            ideal = Playthrough(self.story, seed=self.seed, clock=lambda: 0.0, origin=self.origin)
            totals = dict.fromkeys(DIMENSIONS, 0)
            # A story may loop; the ideal path of a well-formed story ends long before this.
            for _ in range(IDEAL_PATH_LIMIT):
                option_id = ideal.ideal_option()
                if option_id is None:
                    break
                for name, value in ideal._choose(ideal._at.node.by_id[option_id], None).points.items():
                    totals[name] += value
            self._ideal_points = totals
        return dict(self._ideal_points)

    # --- choosing ------------------------------------------------------------------
    def choose(self, number: int, *, own: OwnReply | None = None) -> Result:
        """Choose the option shown as `number` (1-based) in the current beat; `own` is the reply the trainee
        wrote in their own words first, kept with the choice."""
        choices = self.beat().choices
        if 0 < number <= len(choices) and choices[number - 1].number == number:
            return self._choose(self._at.node.by_id[choices[number - 1].option_id], None, own)
        raise ChoiceError(f"No option {number} here; choose 1-{len(choices)}.")

    def choose_option(self, option_id: str, *, at: float | None = None, own: OwnReply | None = None) -> Result:
        """Choose an available option by its stable id (used to replay saves; the shown order is not needed)."""
        if self.is_over:
            raise ChoiceError("The story has ended.")
        node = self._at.node
        option = node.by_id.get(option_id)
        if option is None or option.index not in self._at.offered:
            raise ChoiceError(f"Option '{option_id}' is not available at '{node.name}'.")
        return self._choose(option, at, own)

    # --- internals -----------------------------------------------------------------
    def _choose(self, option: OptionPlan, at: float | None, own: OwnReply | None = None) -> Result:
        """Choose an option on offer now."""
        arrival = self._at
        node = arrival.node
        node_name = node.name
        ideal = node.options[self._ideal_index(node, arrival.offered)]
        changes = self._apply(option) if option.effects else ()
        if option.once:
            self._used.add((node_name, option.option_id))
        now = self.clock() if at is None else at
        history = self._history
        previous = history[-1].at if history else self.started_at
        result = self._result(node, option, ideal, changes, now, max(0.0, now - previous))
        if own is not None:
            result = result._replace(own=own)
        history.append(result)
        way_on = option.way_on
        target = way_on if isinstance(way_on, str) else self._target(way_on, node_name)
        self._at = self._arrive(target, returned=target == node_name)
        self._beat = None
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
        # Positional, in the fields' order: a step makes one Result, and keywords cost more.
        return Result(
            node.name,
            chosen.option_id,
            chosen.kind,
            chosen.text,
            option.solution_focused,
            option.feedback,
            dict(chosen.points),
            option.result,
            ideal.option_id,
            ideal.text,
            ideal.option.solution_focused,
            dict(ideal.points),
            # The model answer is the marked ideal's wording; while an unlocking action
            # stands in for it, showing that wording would give away what the action finds.
            node.node.model_answer if ideal.index == node.marked_ideal else None,
            changes,
            at,
            seconds,
        )

    def _ideal_index(self, node: NodePlan, offered: tuple[int, ...]) -> int:
        """The ideal option now: the one marked ideal if it is on offer, else the
        solution-focused option on offer with the most points (typically the action
        that unlocks the marked one)."""
        marked = node.marked_ideal
        if marked is not None and (marked in offered or not offered):
            return marked
        return max(offered, key=lambda index: node.options[index].rank)

    def _offered_indices(self, node: NodePlan) -> tuple[int, ...]:
        if node.always_offered is not None:
            return node.always_offered
        state, used, name = self._state, self._used, node.name
        return tuple(
            [
                option.index
                for option in node.options
                if (option.check is None or option.check(state)) and (not used or (name, option.option_id) not in used)
            ]
        )

    def _apply(self, option: OptionPlan) -> tuple[StateChange, ...]:
        state = self._state
        first: dict[str, int | bool] = {}
        for name, assign, value, low, high in option.effects:
            before = state[name]
            after = value if assign else before + value
            if low is not None and high is not None:
                after = low if after < low else high if after > high else after
            state[name] = after
            first.setdefault(name, before)
        return tuple([StateChange(name, was, state[name]) for name, was in first.items() if was != state[name]])

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

    def _arrive(self, name: str, *, returned: bool = False) -> _Arrival:
        """Follow passages from `name`, gathering lines, until a decision or an ending (counting the visit)."""
        nodes, state = self._nodes, self._state
        node = nodes[name]
        lines: tuple[LineView, ...] = ()
        customer_speaks = False
        email = None
        if not returned:
            lines, customer_speaks = node.fixed_lines or shown_lines(node, state)
            email = node.email
        if node.ending is None and not node.options and node.way_on is not None:
            # A passage: follow it, gathering what each node on the way shows.
            gathered, seen = list(lines), set()
            while node.ending is None and not node.options and node.way_on is not None and name not in seen:
                seen.add(name)
                name = self._target(node.way_on, name)
                node = nodes[name]
                if not returned:
                    more, speaks = node.fixed_lines or shown_lines(node, state)
                    gathered.extend(more)
                    customer_speaks = customer_speaks or speaks
                    email = node.email or email
            lines = tuple(gathered)
        offered: tuple[int, ...] = ()
        visit = 0
        if node.options:
            if not returned:
                self._visits[name] = self._visits.get(name, 0) + 1
            visit = self._visits.get(name, 1)
            offered = self._offered_indices(node)
        mood = None
        if customer_speaks or node.speaker == "customer":
            mood = state.get("mood")
            if isinstance(mood, bool):  # a flag called mood is no mood
                mood = None
        over = node.ending is not None or not offered
        return _Arrival(node, lines, email, offered, visit, mood, returned, over)

    def _build_beat(self, at: _Arrival) -> Beat:
        """The beat at `at`, its options in the seeded order of this visit."""
        node, offered = at.node, at.offered
        if node.shuffled and len(offered) > 1:  # one option on offer needs no order
            # Shuffle all options, then filter, so an action that returns here keeps the order.
            order = option_order(self.seed, node.name, at.visit, len(node.options))
            if len(offered) == len(order):
                available = order
            else:
                offered_set = set(offered)
                available = tuple(index for index in order if index in offered_set)
        else:
            available = offered
        choices = node.choices(available) if available else ()
        ending = node.ending
        dead_end = ending is None and not choices
        # Positional, in the fields' order: a step makes one Beat, and keywords cost more.
        return Beat(node.name, at.lines, at.email, choices, ending, dead_end, at.mood, at.returned)
