"""A story prepared for play, once: conditions compiled, effects parsed, ids, fixed lines, the ideal and the
passages followed from each node worked out.

`plan_of(story)` makes the plan on the first call and keeps it with the (immutable) story,
so every later playthrough, replayed save and explored path reuses it: a step then does only
what depends on the playthrough (its variables, the options used up, its visits and seed). What a
decision offers (`Offer`: the options on offer, their ids, the ideal, their choices in each order) is made
once per pattern of its varying options on offer, and what a choice means (`result_head`: every field of its
`Result` but the moment's) once per option and ideal, so a step joins one tuple for its result.
`seeded_order` is the seeded shuffle of a decision's options: a pure function of the seed, the
node's number and the visit (integer arithmetic; no random generator is seeded per beat). Saves
record option ids, not shown numbers, so they replay whatever the order.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from hashlib import blake2b
from types import MappingProxyType
from typing import NamedTuple

from scenarios.engine.views import Choice, LineView, ResultHead
from scenarios.story.expr import VALUE_LIMIT, Check, compile_condition, parse_condition, parse_effect
from scenarios.story.model import Email, Next, Node, Option, Outcome, Story
from scenarios.story.text import Text

# Where a `next` leads: nowhere (stay), a node, or branches (condition or None, node), the last taken otherwise.
WayOn = None | str | tuple[tuple[Check | None, str], ...]
# What arriving somewhere shows: the lines, whether the customer says one of them, and the email.
Shown = tuple[tuple[LineView, ...], bool, Email | None]


@dataclass(frozen=True, slots=True)
class LinePlan:
    """A line of a node with its condition compiled."""

    speaker: str
    text: Text
    cue: Text | None
    check: Check | None


class EffectPlan(NamedTuple):
    """An effect ready to apply: set to `value` (`assign`) or add `value`, then keep within low..high."""

    name: str
    assign: bool
    value: int | bool
    low: int | None
    high: int | None
    """None for a flag (never clamped)."""


@dataclass(frozen=True, slots=True)
class OptionPlan:
    """An option with its condition compiled, its effects parsed and its id worked out."""

    index: int
    option_id: str
    option: Option
    kind: str
    text: Text
    check: Check | None
    effects: tuple[EffectPlan, ...]
    once: bool
    way_on: WayOn
    points: Mapping[str, int]
    # How good an option is when the marked ideal is not on offer: solution-focused first,
    # then the most points, then the earliest.
    rank: tuple[bool, int, int]
    solution_focused: bool
    feedback: Text | None
    result: Text | None
    distinct: bool
    """No two effects change the same variable (then each change is read off as it is made)."""
    heads: dict[int, ResultHead] = field(default_factory=dict, compare=False, repr=False)
    """What a choice of this option means, by the index of the ideal on offer beside it (`result_head`): every
    field of its `Result` but those of the moment, made once per plan and shared by every result."""


@dataclass(frozen=True, slots=True)
class NodePlan:
    """A node ready to play: its lines, options and way on."""

    name: str
    node: Node
    speaker: str
    lines: tuple[LinePlan, ...]
    # The lines shown and whether the customer says one, when no line has a condition (then they never change).
    fixed_lines: tuple[tuple[LineView, ...], bool] | None
    email: Email | None
    options: tuple[OptionPlan, ...]
    by_id: Mapping[str, OptionPlan]
    way_on: WayOn
    ending: Outcome | None
    marked_ideal: int | None
    shuffled: bool
    customer_speaks: bool
    """The node's speaker is the customer (the mood shows even when none of its lines do)."""
    order_key: int = 0
    """The node's number in the seeded order (`node_number` of its name)."""
    line_checks: tuple[Check, ...] = ()
    """The conditions of the lines that have one, in order."""
    varying: tuple[OptionPlan, ...] = ()
    """The options with a condition or `once`: whether they are on offer depends on the playthrough."""
    always: Offer | None = None
    """What the node offers when no option varies (then always the same)."""
    known_choices: dict[tuple[int, ...], tuple[Choice, ...]] = field(default_factory=dict, compare=False, repr=False)
    """The choices made so far (`choices`), by the indices of their options in the order shown."""
    _offers: dict[tuple[bool, ...], Offer] = field(default_factory=dict, compare=False, repr=False)
    _shown: dict[tuple[bool, ...], tuple[tuple[LineView, ...], bool]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def choices(self, available: tuple[int, ...]) -> tuple[Choice, ...]:
        """The options at these indices, numbered from 1 in this order (views are immutable: shared)."""
        made = self.known_choices.get(available)
        if made is None:
            if len(self.known_choices) >= 1024:  # orders of seven or more options: keep the memory bounded
                self.known_choices.clear()
            shown = [self.options[index] for index in available]
            made = self.known_choices[available] = tuple(
                Choice(number, plan.option_id, plan.kind, plan.text) for number, plan in enumerate(shown, start=1)
            )
        return made

    def offer(self, state: Mapping[str, int | bool], used: set[tuple[str, str]]) -> Offer:
        """What the node offers in `state` with the `once` options in `used` used up: made once per pattern of
        the varying options on offer."""
        if self.always is not None:
            return self.always
        name = self.name
        holding = tuple(
            [
                (option.check is None or option.check(state)) and not (option.once and (name, option.option_id) in used)
                for option in self.varying
            ]
        )
        made = self._offers.get(holding)
        if made is None:
            if len(self._offers) >= 1024:  # many varying options: keep the memory bounded
                self._offers.clear()
            off = {option.index for option, on in zip(self.varying, holding, strict=True) if not on}
            made = self._offers[holding] = self.offer_of(
                tuple(plan.index for plan in self.options if plan.index not in off)
            )
        return made

    def offer_of(self, indices: tuple[int, ...]) -> Offer:
        """What the node offers when the options at `indices` are on offer."""
        options = self.options
        ideal = self.ideal(indices) if indices else None
        plain = self.choices(indices) if indices else ()
        ids = tuple(options[index].option_id for index in indices)
        ordered = len(options) if self.shuffled and len(indices) > 1 else 0
        return Offer(indices, ids, ideal, plain, {}, ordered, self.ending is None and not indices)

    def ideal(self, offered: tuple[int, ...]) -> int:
        """The ideal option among those on offer: the one marked ideal if it is on offer, else the
        solution-focused option on offer with the most points (typically the action that unlocks the marked one)."""
        marked = self.marked_ideal
        if marked is not None and (marked in offered or not offered):
            return marked
        options = self.options
        return max(offered, key=lambda index: options[index].rank)


@dataclass(frozen=True, slots=True)
class Offer:
    """What a decision offers in one state: the options on offer and their ids in the story's order, the ideal
    among them, and their choices, unordered and in each seeded order met (made once, shared)."""

    indices: tuple[int, ...]
    ids: tuple[str, ...]
    ideal: int | None
    """None when nothing is on offer."""
    plain: tuple[Choice, ...]
    """The choices in the story's order (a story that does not shuffle, or one option)."""
    shown: dict[tuple[int, ...], tuple[Choice, ...]]
    """The choices by the seeded order of all the node's options (`seeded_order`), those not on offer left out."""
    ordered: int = 0
    """How many options the node's seeded order orders (all of them), or 0 when the choices are not ordered
    (a story that does not shuffle, or one option on offer)."""
    dead_end: bool = False
    """Nothing is on offer at a decision that is not an ending."""

    def in_order(self, node: NodePlan, order: tuple[int, ...]) -> tuple[Choice, ...]:
        """The choices on offer in the seeded order of all the node's options, `order`: those not on offer left
        out, so an action that returns here keeps the order."""
        made = self.shown.get(order)
        if made is None:
            if len(self.shown) >= 1024:  # orders of seven or more options: keep the memory bounded
                self.shown.clear()
            indices = self.indices
            made = self.shown[order] = node.choices(tuple([index for index in order if index in indices]))
        return made


NO_OFFER = Offer((), (), None, (), {}, 0, True)
"""Where nothing is offered and no node tells more (a passage that leads nowhere: a dead end)."""


@dataclass(frozen=True, slots=True)
class Run:
    """Arriving at a node: the nodes passed, from the one arrived at (first) through its passages, each followed
    once, to the decision or ending where the trainee stops (last); and what they show, when no line on the way
    has a condition (else `shown_in`). Worked out ahead when no condition on the way decides where it leads."""

    passed: tuple[NodePlan, ...]
    stop: NodePlan
    shown: Shown | None
    line_checks: tuple[Check, ...] = ()
    """The conditions of the lines on the way that have one, in order."""
    _shown: dict[tuple[bool, ...], Shown] = field(default_factory=dict, compare=False, repr=False)

    def shown_in(self, state: Mapping[str, int | bool]) -> Shown:
        """What the nodes passed show in `state` (`gathered`), made once per pattern of conditions that hold."""
        holding = tuple([check(state) for check in self.line_checks])
        made = self._shown.get(holding)
        if made is None:
            if len(self._shown) >= 256:  # many conditional lines: keep the memory bounded
                self._shown.clear()
            made = self._shown[holding] = gathered(self.passed, state)
        return made


def run_of(passed: tuple[NodePlan, ...]) -> Run:
    """The run through the nodes `passed` (the last is where it stops)."""
    if all(node.fixed_lines is not None for node in passed):
        return Run(passed, passed[-1], gathered(passed, {}))
    return Run(passed, passed[-1], None, tuple(check for node in passed for check in node.line_checks))


@dataclass(frozen=True, slots=True)
class StoryPlan:
    """Every node's plan, and the bounds each number variable is kept within."""

    nodes: Mapping[str, NodePlan]
    bounds: Mapping[str, tuple[int, int]]
    start_state: Mapping[str, int | bool]
    runs: Mapping[str, Run | None]
    """Where arriving at each node leads, or None where a passage's way on has a condition."""
    start: str
    has_mood: bool
    """The story has a number called mood (the customer's mood shown in a beat)."""


_PLAN_KEY = "engine.plan"


def plan_of(story: Story) -> StoryPlan:
    """The story's plan, made on first use and kept with the story."""
    kept = story.derived.get(_PLAN_KEY)
    # A copy of a story (pydantic's model_copy) shares the dict it keeps derived things in: the
    # plan is the story's own only if it was made for this very object.
    if kept is not None and kept[0]() is story:
        plan: StoryPlan = kept[1]
        return plan
    plan = _make_plan(story)
    story.derived[_PLAN_KEY] = (weakref.ref(story), plan)
    return plan


def option_order(seed: int, node: str, visit: int, count: int) -> tuple[int, ...]:
    """The order the `count` options of the node named `node` are shown in at its `visit`-th visit, for a
    playthrough seeded `seed`: `seeded_order` with the node's number (`node_number`)."""
    return seeded_order(seed, node_number(node), visit, count)


def node_number(name: str) -> int:
    """A node's number in the seeded order: its name's BLAKE2b hash, 64 bits (worked out once per node, when the
    plan is made)."""
    return int.from_bytes(blake2b(name.encode(), digest_size=8).digest(), "big")


def seeded_order(seed: int, node: int, visit: int, count: int) -> tuple[int, ...]:
    """The order a decision's `count` options are shown in (the seeded shuffle): the same for the same seed,
    node (its `node_number`) and visit, in every process and on every machine; the work showing options adds
    to a step.

    Integers only: seed × 0x9E3779B97F4A7C15 + node + visit × 0xD6E8FEB86659FD93, modulo 2^64, goes through
    SplitMix64's finalizer (`_mixed`); the number n it gives picks the order numbered n mod count! among all
    orders in lexicographic order. Beyond ten options four such numbers (0-3 × 0xA0761D6478BD642F added before
    mixing) are read as one 256-bit number, 40 bits more than the 50! orders of the most options a node may
    have. Every order is about equally likely, and the orders at different nodes, visits and seeds are as
    good as independent (see tests/engine). It costs four fifths of a BLAKE2b hash of the same values written
    out, and needs no text or bytes made per beat.
    """
    if count < 2:
        return _ORDERS[count][0]
    base = seed * _SEED_STEP + node + visit * _VISIT_STEP
    # `_mixed(base)`, written out: at every shown beat, the call would cost a fifth as much again.
    number = base & _WORD
    number = ((number ^ (number >> 30)) * 0xBF58476D1CE4E5B9) & _WORD
    number = ((number ^ (number >> 27)) * 0x94D049BB133111EB) & _WORD
    number ^= number >> 31
    if count <= _LISTED_ORDERS:  # listed once: the number picks one directly
        orders = _ORDERS[count]
        return orders[number % len(orders)]
    if count > 10:
        for part in range(1, 4):
            number |= _mixed(base + part * _PART_STEP) << (64 * part)
    return _decoded_order(number, count)


def _mixed(number: int) -> int:
    """SplitMix64's finalizer of `number` modulo 2^64: every bit of the result depends on every bit of it."""
    number &= _WORD
    number = ((number ^ (number >> 30)) * 0xBF58476D1CE4E5B9) & _WORD
    number = ((number ^ (number >> 27)) * 0x94D049BB133111EB) & _WORD
    return number ^ (number >> 31)


_SEED_STEP = 0x9E3779B97F4A7C15
_VISIT_STEP = 0xD6E8FEB86659FD93
_PART_STEP = 0xA0761D6478BD642F
_WORD = (1 << 64) - 1
_LISTED_ORDERS = 6  # up to 720 orders, listed once
_ORDERS = tuple(tuple(itertools.permutations(range(count))) for count in range(_LISTED_ORDERS + 1))


def _decoded_order(number: int, count: int) -> tuple[int, ...]:
    """The order numbered `number` mod count! in lexicographic order (`permutations(range(count))`), worked out
    for more options than are listed."""
    remaining = list(range(count))
    order = []
    number %= math.factorial(count)
    for left in range(count - 1, -1, -1):
        index, number = divmod(number, math.factorial(left))
        order.append(remaining.pop(index))
    return tuple(order)


def _make_plan(story: Story) -> StoryPlan:
    kinds = story.variable_kinds()
    bounds = {
        name: (
            max(-VALUE_LIMIT, variable.min if variable.min is not None else -VALUE_LIMIT),
            min(VALUE_LIMIT, variable.max if variable.max is not None else VALUE_LIMIT),
        )
        for name, variable in story.state.items()
        if variable.kind is int
    }

    def effect(source: str) -> EffectPlan:
        parsed = parse_effect(source, kinds)
        if isinstance(parsed.value, bool):
            return EffectPlan(parsed.name, True, parsed.value, None, None)
        if parsed.op == "=":  # an author's number is kept within the language's limit only
            return EffectPlan(parsed.name, True, parsed.value, -VALUE_LIMIT, VALUE_LIMIT)
        low, high = bounds[parsed.name]
        return EffectPlan(parsed.name, False, parsed.value if parsed.op == "+=" else -parsed.value, low, high)

    def check(source: str | None) -> Check | None:
        return None if source is None else compile_condition(parse_condition(source, kinds))

    def way_on(raw: Next | None) -> WayOn:
        if raw is None or isinstance(raw, str):
            return raw
        return tuple((check(branch.if_), branch.to) for branch in raw)

    nodes: dict[str, NodePlan] = {}
    for name, node in story.nodes.items():
        lines = tuple(LinePlan(line.speaker or node.speaker, line.text, line.cue, check(line.if_)) for line in node.say)
        options = tuple(
            OptionPlan(
                index=index,
                option_id=node.option_id(index),
                option=option,
                kind=option.kind,
                text=option.text,
                check=check(option.if_),
                effects=tuple(effect(source) for source in option.effects),
                once=option.once,
                way_on=way_on(option.next),
                points=MappingProxyType(option.points.as_dict()),
                rank=(option.solution_focused, sum(option.points.as_dict().values()), -index),
                solution_focused=option.solution_focused,
                feedback=option.feedback,
                result=option.result,
                distinct=len({parse_effect(source, kinds).name for source in option.effects}) == len(option.effects),
            )
            for index, option in enumerate(node.options)
        )
        by_id: dict[str, OptionPlan] = {}
        for plan in options:
            by_id.setdefault(plan.option_id, plan)
        varying = tuple(plan for plan in options if plan.check is not None or plan.once)
        shuffled = story.shuffle and len(options) > 1
        made = NodePlan(
            name=name,
            node=node,
            speaker=node.speaker,
            lines=lines,
            fixed_lines=None,
            email=node.email,
            options=options,
            by_id=by_id,
            way_on=way_on(node.next),
            ending=node.ending,
            marked_ideal=node.ideal_index,
            shuffled=shuffled,
            customer_speaks=node.speaker == "customer",
            order_key=node_number(name),
            line_checks=tuple(line.check for line in lines if line.check is not None),
            varying=varying,
        )
        if not varying:
            made = replace(made, always=made.offer_of(tuple(range(len(options)))))
        if all(line.check is None for line in lines):
            made = replace(made, fixed_lines=_lines_shown(made, (True,) * len(lines)))
        nodes[name] = made
        # The ideal beside a choice: the one of all options when all are always on offer, else any of them.
        ideals = range(len(options)) if made.always is None else (made.always.ideal,)
        for plan in options:
            plan.heads.update((ideal, result_head(made, plan, ideal)) for ideal in ideals if ideal is not None)
    start_state = {
        name: max(bounds[name][0], min(bounds[name][1], variable.start)) if name in bounds else variable.start
        for name, variable in story.state.items()
    }
    runs = {name: _run(nodes, name) for name in nodes}
    return StoryPlan(nodes, bounds, start_state, runs, story.start_node, "mood" in bounds)


def result_head(node: NodePlan, option: OptionPlan, ideal_index: int) -> ResultHead:
    """The fields of the `Result` of choosing `option` at `node` with the option at `ideal_index` the ideal on
    offer, in order: all but the changes, the time and the trainee's own reply."""
    ideal = node.options[ideal_index]
    return (
        node.name,
        option.option_id,
        option.kind,
        option.text,
        option.solution_focused,
        option.feedback,
        option.points,
        option.result,
        ideal.option_id,
        ideal.text,
        ideal.solution_focused,
        ideal.points,
        # The model answer is the marked ideal's wording; while an unlocking action stands in for it, showing
        # that wording would give away what the action finds.
        node.node.model_answer if ideal_index == node.marked_ideal else None,
    )


def _run(nodes: Mapping[str, NodePlan], name: str) -> Run | None:
    """Arriving at `name`, worked out ahead: None when a passage on the way branches on a condition."""
    node = nodes[name]
    passed, seen = [node], set()
    while node.ending is None and not node.options and node.way_on is not None and name not in seen:
        seen.add(name)
        if not isinstance(node.way_on, str):
            return None
        name = node.way_on
        node = nodes[name]
        passed.append(node)
    return run_of(tuple(passed))


def gathered(passed: tuple[NodePlan, ...] | list[NodePlan], state: Mapping[str, int | bool]) -> Shown:
    """What the nodes passed show in `state`: their lines in turn, whether the customer says one of them, and
    the last email on the way."""
    lines: list[LineView] = []
    speaks = False
    email = None
    for node in passed:
        more, says = shown_lines(node, state)
        lines.extend(more)
        speaks = speaks or says
        email = node.email or email
    return tuple(lines), speaks, email


def shown_lines(plan: NodePlan, state: Mapping[str, int | bool]) -> tuple[tuple[LineView, ...], bool]:
    """The node's lines shown in this state, and whether the customer says one of them."""
    if plan.fixed_lines is not None:
        return plan.fixed_lines
    # Only which lines' conditions hold matters: the lines for each such pattern are made once.
    holding = tuple([check(state) for check in plan.line_checks])
    made = plan._shown.get(holding)
    if made is None:
        if len(plan._shown) >= 256:  # many conditional lines: keep the memory bounded
            plan._shown.clear()
        results = iter(holding)
        every = tuple([line.check is None or next(results) for line in plan.lines])
        made = plan._shown[holding] = _lines_shown(plan, every)
    return made


def _lines_shown(plan: NodePlan, holding: tuple[bool, ...]) -> tuple[tuple[LineView, ...], bool]:
    """The lines whose conditions hold; node cues go with the node speaker's first line, the email with the first."""
    name, node = plan.name, plan.node
    shown = [
        LineView(name, line.speaker, line.text, line.cue)
        for line, holds in zip(plan.lines, holding, strict=True)
        if holds
    ]
    if node.cues is not None:
        index = next((i for i, v in enumerate(shown) if v.speaker == plan.speaker and v.cue is None), None)
        if index is None:
            shown.insert(0, LineView(name, plan.speaker, None, node.cues))
        else:
            line = shown[index]
            shown[index] = LineView(line.node, line.speaker, line.text, node.cues)
    if node.email is not None:
        if not shown:
            shown.append(LineView(name, plan.speaker, None))
        first = shown[0]
        shown[0] = LineView(first.node, first.speaker, first.text, first.cue, node.email)
    return tuple(shown), any(line.speaker == "customer" for line in shown)
