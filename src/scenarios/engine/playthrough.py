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
from scenarios.engine.plan import (
    NO_OFFER,
    NodePlan,
    Offer,
    OptionPlan,
    Run,
    Shown,
    WayOn,
    plan_of,
    run_of,
    seeded_order,
)
from scenarios.engine.views import Beat, OwnReply, Result, StateChange
from scenarios.story.model import DIMENSIONS, Story

Clock = Callable[[], float]


class ChoiceError(ValueError):
    """A choice that is not available now (wrong number, unknown option, story over)."""


IDEAL_PATH_LIMIT = 1000

# A view is made at every step: `tuple.__new__(View, (fields in order))` makes a named tuple without going
# through its generated `__new__`, which takes as long again.
_view = tuple.__new__
_NOTHING_SHOWN: Shown = ((), False, None)  # back at a decision: its lines were shown already


@dataclass(frozen=True)
class Origin:
    """Where a playthrough began when not at the story's start: a node and the variables there."""

    node: str
    state: Mapping[str, int | bool]


class Playthrough:
    """A playthrough of one story, deterministic given its seed and clock.

    It begins at the story's start, or at `origin` (see `engine.reload.start_at`).
    """

    # One is made for every walk, replay and ideal path, and read at every step: slots make both cheaper.
    __slots__ = (
        "_beat",
        "_history",
        "_ideal_points",
        "_last_at",
        "_node",
        "_offer",
        "_over",
        "_plan",
        "_returned",
        "_run",
        "_state",
        "_used",
        "_visit",
        "_visits",
        "clock",
        "origin",
        "seed",
        "started_at",
        "story",
    )
    # Where the playthrough stands, set on each arrival (`_arrive`); the beat is built from it when asked for.
    _run: Run
    _node: NodePlan
    _returned: bool
    _visit: int
    _offer: Offer
    _over: bool
    _beat: Beat | None

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
        plan = self._plan = plan_of(story)
        self._state: dict[str, int | bool] = dict(plan.start_state)
        self._used: set[tuple[str, str]] = set()
        self._visits: dict[str, int] = {}
        self._history: list[Result] = []
        self._last_at = self.started_at
        """When the last choice was made (or the playthrough started): a result's `seconds` count from it."""
        self._ideal_points: dict[str, int] | None = None
        self.origin: Origin | None = None
        if origin is not None:
            self._state.update(self._fitting(origin.state))
            self.origin = Origin(origin.node, MappingProxyType(dict(self._state)))
        self._arrive(plan.start if origin is None else origin.node, False)

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
        return self._over

    @property
    def node(self) -> str:
        """The name of the node the playthrough stands at (the current beat's node)."""
        return self._node.name

    @property
    def decision_number(self) -> int:
        """Which decision the playthrough stands at, counting from 1: each arrival at a decision counts once,
        and an option that returns to its decision (an action without `next`) does not start a new one."""
        return sum(self._visits.values())

    def available(self) -> tuple[str, ...]:
        """The ids of the options on offer now, in the story's order (not the shown order)."""
        return self._offer.ids

    def beat(self) -> Beat:
        """The current beat: lines to show and the choices available now (in their shuffled order)."""
        if self._beat is not None:
            return self._beat
        node, offer, run, returned = self._node, self._offer, self._run, self._returned
        state = self._state
        if returned:
            lines, speaks, email = _NOTHING_SHOWN
        else:
            lines, speaks, email = run.shown if run.shown is not None else run.shown_in(state)
        mood = state["mood"] if self._plan.has_mood and (speaks or node.customer_speaks) else None
        count = offer.ordered
        if count:
            order = seeded_order(self.seed, node.order_key, self._visit, count)
            choices = offer.shown.get(order) or offer.in_order(node, order)
        else:
            choices = offer.plain
        beat: Beat = _view(Beat, (node.name, lines, email, choices, node.ending, offer.dead_end, mood, returned))
        self._beat = beat
        return beat

    def ideal_choice(self) -> int | None:
        """The number of the ideal choice in the current beat (for walkthroughs and
        tests; a front end reveals the ideal only after the trainee has chosen)."""
        ideal_id = self.ideal_option()
        if ideal_id is None:
            return None
        return next(choice.number for choice in self.beat().choices if choice.option_id == ideal_id)

    def ideal_option(self) -> str | None:
        """The id of the ideal option on offer now, or None when nothing is (as `ideal_choice`, by id)."""
        ideal = self._offer.ideal
        return None if ideal is None else self._node.options[ideal].option_id

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
                for name, value in ideal._choose(ideal._node.by_id[option_id], None, None).points.items():
                    totals[name] += value
            self._ideal_points = totals
        return dict(self._ideal_points)

    # --- choosing ------------------------------------------------------------------
    def choose(self, number: int, *, own: OwnReply | None = None) -> Result:
        """Choose the option shown as `number` (1-based) in the current beat; `own` is the reply the trainee
        wrote in their own words first, kept with the choice."""
        beat = self._beat
        choices = (beat if beat is not None else self.beat()).choices
        if 0 < number <= len(choices):
            return self._choose(self._node.by_id[choices[number - 1].option_id], None, own)
        raise ChoiceError(f"No option {number} here; choose 1-{len(choices)}.")

    def choose_option(self, option_id: str, *, at: float | None = None, own: OwnReply | None = None) -> Result:
        """Choose an available option by its stable id (used to replay saves; the shown order is not needed)."""
        if self._over:
            raise ChoiceError("The story has ended.")
        node = self._node
        option = node.by_id.get(option_id)
        if option is None or option.index not in self._offer.indices:
            raise ChoiceError(f"Option '{option_id}' is not available at '{node.name}'.")
        return self._choose(option, at, own)

    # --- internals -----------------------------------------------------------------
    def _choose(self, option: OptionPlan, at: float | None, own: OwnReply | None) -> Result:
        """Choose an option on offer now: apply its effects, record the result, arrive where it leads."""
        node = self._node
        changes = self._apply(option) if option.effects else ()
        if option.once:
            self._used.add((node.name, option.option_id))
        now = self.clock() if at is None else at
        seconds = now - self._last_at if now > self._last_at else 0.0
        self._last_at = now
        ideal = self._offer.ideal
        assert ideal is not None  # the option chosen is on offer
        # All but the moment's fields were made with the plan (`result_head`): one tuple joined per step.
        result: Result = _view(Result, option.heads[ideal] + (changes, now, seconds, own))
        self._history.append(result)
        way_on = option.way_on
        target = way_on if isinstance(way_on, str) else self._target(way_on, node.name)
        self._arrive(target, target == node.name)
        return result

    def _clamped(self, name: str, value: int | bool) -> int | bool:
        """A number kept within its variable's bounds (and the language's limit); flags as they are."""
        bounds = self._plan.bounds.get(name)
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

    def _apply(self, option: OptionPlan) -> tuple[StateChange, ...]:
        """Apply the option's effects; the variables they changed, each with its value before and after."""
        state = self._state
        if option.distinct:  # each variable changed once: read each change off as it is made
            changes = []
            for name, assign, value, low, high in option.effects:
                before = state[name]
                after = value if assign else before + value
                if low is not None and high is not None:
                    after = low if after < low else high if after > high else after
                if after != before:
                    state[name] = after
                    changes.append(_view(StateChange, (name, before, after)))
            return tuple(changes)
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

    def _arrive(self, name: str, returned: bool) -> None:
        """Stand at `name`, or where its passages lead (each followed once): count the visit to a decision and
        what is on offer there. `returned`: back at the decision just chosen at (its lines are not shown again)."""
        run = self._plan.runs[name]
        if run is None:  # a passage on the way branches on a condition: follow it in this state
            run = self._walk(name)
        node = self._node = run.stop
        self._run = run
        self._returned = returned
        self._beat = None
        if node.options:
            visits, here = self._visits, node.name
            if returned:
                self._visit = visits.get(here, 1)
            else:
                self._visit = visits[here] = visits.get(here, 0) + 1
            offer = self._offer = node.always or node.offer(self._state, self._used)
            self._over = node.ending is not None or not offer.indices
        else:
            self._visit, self._offer, self._over = 0, node.always or NO_OFFER, True

    def _walk(self, name: str) -> Run:
        """Arriving at `name` in this state: its passages followed, each once, to a decision or an ending."""
        nodes = self._plan.nodes
        node = nodes[name]
        passed, seen = [node], set()
        while node.ending is None and not node.options and node.way_on is not None and name not in seen:
            seen.add(name)
            name = self._target(node.way_on, name)
            node = nodes[name]
            passed.append(node)
        return run_of(tuple(passed))
