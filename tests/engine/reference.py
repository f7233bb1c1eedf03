"""The engine's rules worked out afresh at every step, from the story itself: no plan, nothing kept.

A test oracle for what the engine computes once and keeps (the compiled plan, its passages run ahead,
its lines, choices and ideals made once per story): a playthrough of the engine must give the same beats,
results, variables and options at every step as this slow, obvious walk of the story.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from scenarios.engine import Beat, Choice, LineView, Result, StateChange
from scenarios.engine.plan import option_order
from scenarios.story.expr import VALUE_LIMIT, evaluate, parse_condition, parse_effect
from scenarios.story.model import Next, Node, Story


class ReferencePlay:
    """One playthrough by the rules, each step read from the story's model (conditions parsed anew)."""

    def __init__(self, story: Story, seed: int, clock: Callable[[], float]) -> None:
        self.story, self.seed, self.clock = story, seed, clock
        self.kinds = story.variable_kinds()
        self.started_at = clock()
        self.state: dict[str, int | bool] = {
            name: self.clamped(name, variable.start) for name, variable in story.state.items()
        }
        self.used: set[tuple[str, str]] = set()
        self.visits: dict[str, int] = {}
        self.history: list[Result] = []
        self.arrive(story.start_node, returned=False)

    # --- the rules -----------------------------------------------------------------------------------------
    def bounds(self, name: str) -> tuple[int, int]:
        variable = self.story.state[name]
        low = -VALUE_LIMIT if variable.min is None else max(-VALUE_LIMIT, variable.min)
        high = VALUE_LIMIT if variable.max is None else min(VALUE_LIMIT, variable.max)
        return low, high

    def clamped(self, name: str, value: int | bool) -> int | bool:
        if isinstance(value, bool):
            return value
        low, high = self.bounds(name)
        return min(high, max(low, value))

    def holds(self, condition: str | None) -> bool:
        return condition is None or evaluate(parse_condition(condition, self.kinds), self.state)

    def target(self, way_on: Next | None, here: str) -> str:
        if way_on is None:
            return here
        if isinstance(way_on, str):
            return way_on
        return next((branch.to for branch in way_on if self.holds(branch.if_)), way_on[-1].to)

    def lines_of(self, name: str) -> list[LineView]:
        """A node's lines whose conditions hold; its cues go with its speaker's first line without a cue (or
        stand alone first), its email with the first line."""
        node = self.story.nodes[name]
        said = [line for line in node.say if self.holds(line.if_)]
        shown = [LineView(name, line.speaker or node.speaker, line.text, line.cue) for line in said]
        if node.cues is not None:
            at = next((i for i, line in enumerate(shown) if line.speaker == node.speaker and line.cue is None), None)
            if at is None:
                shown.insert(0, LineView(name, node.speaker, None, node.cues))
            else:
                shown[at] = shown[at]._replace(cue=node.cues)
        if node.email is not None:
            if not shown:
                shown.append(LineView(name, node.speaker, None))
            shown[0] = shown[0]._replace(email=node.email)
        return shown

    def offered(self, name: str, node: Node) -> list[int]:
        return [
            index
            for index, option in enumerate(node.options)
            if self.holds(option.if_) and (name, node.option_id(index)) not in self.used
        ]

    def arrive(self, name: str, *, returned: bool) -> None:
        """At `name`: follow passages (each once), gathering lines, to a decision or an ending; count the visit."""
        node = self.story.nodes[name]
        lines = [] if returned else self.lines_of(name)
        email = None if returned else node.email
        seen: set[str] = set()
        while node.ending is None and not node.options and name not in seen:
            seen.add(name)
            name = self.target(node.next, name)
            node = self.story.nodes[name]
            if not returned:
                lines += self.lines_of(name)
                email = node.email or email
        visit = 0
        if node.options:
            if not returned:
                self.visits[name] = self.visits.get(name, 0) + 1
            visit = self.visits.get(name, 1)
        offered = self.offered(name, node)
        order = offered
        if self.story.shuffle and len(node.options) > 1 and len(offered) > 1:
            order = [index for index in option_order(self.seed, name, visit, len(node.options)) if index in offered]
        choices = tuple(
            Choice(number, node.option_id(index), node.options[index].kind, node.options[index].text)
            for number, index in enumerate(order, start=1)
        )
        speaks = any(line.speaker == "customer" for line in lines) or node.speaker == "customer"
        mood = self.state.get("mood") if speaks else None
        mood = None if isinstance(mood, bool) else mood
        dead_end = node.ending is None and not choices
        self.name, self.order = name, order
        self.beat = Beat(name, tuple(lines), email, choices, node.ending, dead_end, mood, returned)

    def ideal(self) -> int:
        """The marked ideal when on offer, else the solution-focused option on offer with the most points (the
        earliest of equals)."""
        node = self.story.nodes[self.name]
        offered = self.offered(self.name, node)
        if node.ideal_index is not None and node.ideal_index in offered:
            return node.ideal_index

        def rank(index: int) -> tuple[bool, int, int]:
            option = node.options[index]
            return option.solution_focused, sum(option.points.as_dict().values()), -index

        return max(offered, key=rank)

    def choose(self, number: int) -> Result:
        """Choose the option shown as `number`: effects, the verdict and the ideal, then on to the next beat."""
        name, node = self.name, self.story.nodes[self.name]
        index = self.order[number - 1]
        option, ideal = node.options[index], self.ideal()
        before = dict(self.state)
        for source in option.effects:
            effect = parse_effect(source, self.kinds)
            if isinstance(effect.value, bool):
                value: int | bool = effect.value
            elif effect.op == "=":
                value = max(-VALUE_LIMIT, min(VALUE_LIMIT, effect.value))
            else:
                now = self.state[effect.name]
                assert not isinstance(now, bool)
                value = self.clamped(effect.name, now + (effect.value if effect.op == "+=" else -effect.value))
            self.state[effect.name] = value
        changed: dict[str, None] = {}  # the names in the order effects first touched them
        for source in option.effects:
            changed.setdefault(parse_effect(source, self.kinds).name)
        changes = tuple(StateChange(n, before[n], self.state[n]) for n in changed if before[n] != self.state[n])
        if option.once:
            self.used.add((name, node.option_id(index)))
        at = self.clock()
        previous = self.history[-1].at if self.history else self.started_at
        best = node.options[ideal]
        result = Result(
            name,
            node.option_id(index),
            option.kind,
            option.text,
            option.solution_focused,
            option.feedback,
            option.points.as_dict(),
            option.result,
            node.option_id(ideal),
            best.text,
            best.solution_focused,
            best.points.as_dict(),
            node.model_answer if ideal == node.ideal_index else None,
            changes,
            at,
            max(0.0, at - previous),
        )
        self.history.append(result)
        to = self.target(option.next, name)
        self.arrive(to, returned=to == name)
        return result

    @property
    def variables(self) -> Mapping[str, int | bool]:
        return self.state

    @property
    def available(self) -> tuple[str, ...]:
        node = self.story.nodes[self.name]
        return tuple(node.option_id(index) for index in sorted(self.order))
