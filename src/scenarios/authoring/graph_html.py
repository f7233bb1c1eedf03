"""`scenarios graph --format html`: the story as one self-contained HTML page with an SVG diagram.

No `dot`, no Mermaid viewer, no script and nothing from another origin: the layout is worked out
here and drawn as inline SVG, so the page opens offline in any browser. Each decision is a box
listing its options with their verdicts (✓ solution-focused, ✗ not); each option's arrow starts
at its row with the verdict on it and goes to the node that follows. The ideal path is drawn
thick and blue; endings are coloured by outcome. Hovering a shortened text shows it whole.

The layout is a small layered one: columns by the longest way from the start (arrows that go
back are left out of that count), nodes in a column ordered by where their arrows come from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scenarios.authoring.graph import IDEAL_COLOUR, OUTCOME_COLOURS, ideal_steps
from scenarios.exports.html import html_templates
from scenarios.i18n.catalog import LANGUAGES, t
from scenarios.i18n.present import story_language, text_in
from scenarios.story.model import Next, Story, targets

BOX_WIDTH = 360
COLUMN_GAP = 150
BOX_GAP = 36
MARGIN = 24
HEADER = 26  # the node's name
LINE = 20  # a line of text in a box
TEXT_CHARS = 46  # characters of a text shown in a box (whole on hover)
_TEMPLATES = html_templates(Path(__file__).parent / "templates", keep_trailing_newline=True)


@dataclass(frozen=True)
class Row:
    """One option in its decision's box."""

    option_id: str
    text: str
    full: str
    action: bool
    solution_focused: bool
    marked: bool  # `ideal: yes`
    ideal: bool  # chosen on the ideal path (the marked one, or the action that unlocks it)
    returns: bool  # no `next`: the option returns to its decision
    y: float


@dataclass
class Box:
    """A node drawn as a box: where it is and what it shows."""

    name: str
    kind: str  # decision, passage or ending
    start: bool
    outcome: str | None
    said: str
    said_full: str
    rows: list[Row] = field(default_factory=list)
    on_ideal: bool = False
    column: int = 0
    x: float = 0.0
    y: float = 0.0

    @property
    def height(self) -> float:
        """Header, what is said, then one line per option."""
        return HEADER + (LINE if self.said else 0) + LINE * len(self.rows) + 8

    @property
    def fill(self) -> str:
        """The box's colour: an ending's outcome, else white."""
        return OUTCOME_COLOURS[self.outcome][0] if self.outcome else "#ffffff"

    @property
    def stroke(self) -> str:
        """The box's border: the ideal path's blue, an ending's outcome, else grey."""
        if self.outcome:
            return OUTCOME_COLOURS[self.outcome][1]
        return IDEAL_COLOUR if self.on_ideal else "#8a8f98"


@dataclass(frozen=True)
class Arrow:
    """One arrow: its path, and what is written on it."""

    path: str
    ideal: bool
    verdict: bool | None  # an option's verdict at the arrow's start; None for a passage's way on
    start_x: float
    start_y: float
    condition: str
    label_x: float
    label_y: float


def render_html(story: Story, language: str = "fi") -> str:
    """The story as a self-contained HTML page, its labels in `language`."""
    lang = story_language(story, language)
    boxes = _boxes(story, lang)
    _place(story, boxes)
    arrows = _arrows(story, boxes)
    width = max(box.x + BOX_WIDTH for box in boxes.values()) + MARGIN + COLUMN_GAP // 2
    height = max(box.y + box.height for box in boxes.values()) + MARGIN
    ui = language if language in LANGUAGES else "en"

    def tr(key: str, **params: object) -> str:
        return t(key, ui, **params)

    return _TEMPLATES.get_template("graph.html.j2").render(
        lang=ui,
        tr=tr,
        title=text_in(story.title, lang, story),
        story_id=story.id,
        boxes=list(boxes.values()),
        arrows=arrows,
        width=round(width),
        height=round(height),
        box_width=BOX_WIDTH,
        header=HEADER,
        line=LINE,
        ideal_colour=IDEAL_COLOUR,
        outcome_colours=OUTCOME_COLOURS,
    )


def _short(text: str, limit: int = TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _boxes(story: Story, language: str) -> dict[str, Box]:
    ideal = ideal_steps(story)
    on_ideal = {source for source, _, _ in ideal} | {target for _, _, target in ideal} | {story.start_node}
    boxes: dict[str, Box] = {}
    for name, node in story.nodes.items():
        said = " ".join(text_in(line.text, language, story) for line in node.say[:1])
        kind = "ending" if node.ending is not None else "decision" if node.is_decision else "passage"
        box = Box(
            name=name,
            kind=kind,
            start=name == story.start_node,
            outcome=node.ending.value if node.ending is not None else None,
            said=_short(said),
            said_full=" ".join(said.split()),
            on_ideal=name in on_ideal,
        )
        top = HEADER + (LINE if said else 0)
        for index, option in enumerate(node.options):
            option_id = node.option_id(index)
            text = text_in(option.text, language, story)
            chosen_ideal = any(source == name and chosen == option_id for source, chosen, _ in ideal)
            box.rows.append(
                Row(
                    option_id=option_id,
                    # Room for "✓ ★ ↺ id: [...]"; bold text (the ideal path's) is wider.
                    text=_short(text, TEXT_CHARS - len(option_id) - (10 if option.ideal or chosen_ideal else 4)),
                    full=" ".join(text.split()),
                    action=option.kind == "action",
                    solution_focused=option.solution_focused,
                    marked=option.ideal,
                    ideal=option.ideal or chosen_ideal,
                    returns=option.next is None,
                    y=top + LINE * index + LINE / 2,
                )
            )
        boxes[name] = box
    return boxes


def _ways(story: Story, name: str) -> list[str]:
    """Every node the arrows of `name` lead to (its own name for an option that returns)."""
    node = story.nodes[name]
    found = list(targets(node.next))
    for option in node.options:
        found += targets(option.next)
    return [target for target in found if target in story.nodes and target != name]


def _place(story: Story, boxes: dict[str, Box]) -> None:
    """Columns by the longest way from the start (back arrows aside), then rows within each column."""
    order = list(story.nodes)
    back = _back_edges(story, order)
    forward = {name: [t for t in _ways(story, name) if (name, t) not in back] for name in order}
    column = {name: 0 for name in order}
    for name in _topological(order, forward):
        for target in forward[name]:
            column[target] = max(column[target], column[name] + 1)
    columns: dict[int, list[str]] = {}
    for name in order:
        columns.setdefault(column[name], []).append(name)
    # Order each column by the mean place of the nodes its arrows come from (a few sweeps settle it).
    incoming = {name: [s for s in order if name in forward[s]] for name in order}
    for _ in range(3):
        place = {name: index for members in columns.values() for index, name in enumerate(members)}
        for number in sorted(columns)[1:]:
            members = columns[number]
            columns[number] = sorted(
                members,
                key=lambda n: (
                    sum(place[s] for s in incoming[n]) / len(incoming[n]) if incoming[n] else place[n],
                    order.index(n),
                ),
            )
    for number, members in columns.items():
        y = float(MARGIN) + 40
        for name in members:
            box = boxes[name]
            box.column = number
            box.x = MARGIN + number * (BOX_WIDTH + COLUMN_GAP)
            box.y = y
            y += box.height + BOX_GAP


def _back_edges(story: Story, order: list[str]) -> set[tuple[str, str]]:
    """Arrows that lead back to a node on the way to them (from the start, then from any node not reached)."""
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1: on the current trail, 2: finished
    for root in [story.start_node, *order]:
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[str, list[str]]] = [(root, list(reversed(_ways(story, root))))]
        while stack:
            name, pending = stack[-1]
            if not pending:
                state[name] = 2
                stack.pop()
                continue
            target = pending.pop()
            if state.get(target) == 1:
                back.add((name, target))
            elif target not in state:
                state[target] = 1
                stack.append((target, list(reversed(_ways(story, target)))))
    return back


def _topological(order: list[str], forward: dict[str, list[str]]) -> list[str]:
    """The nodes in an order where every forward arrow goes from an earlier node to a later one."""
    indegree = {name: 0 for name in order}
    for name in order:
        for target in forward[name]:
            indegree[target] += 1
    ready = [name for name in order if indegree[name] == 0]
    result: list[str] = []
    while ready:
        name = ready.pop(0)
        result.append(name)
        for target in forward[name]:
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return result


def _branches(way_on: Next | None) -> list[tuple[str, str]]:
    if way_on is None:
        return []
    if isinstance(way_on, str):
        return [(way_on, "")]
    return [(branch.to, f"if {branch.if_}" if branch.if_ else "") for branch in way_on]


def _arrows(story: Story, boxes: dict[str, Box]) -> list[Arrow]:
    ideal = ideal_steps(story)
    found: list[Arrow] = []
    for name, node in story.nodes.items():
        box = boxes[name]
        right = box.x + BOX_WIDTH
        for target, condition in _branches(node.next):
            found.append(_arrow(right, box.y + HEADER / 2, boxes[target], (name, "", target) in ideal, None, condition))
        for index, option in enumerate(node.options):
            row = box.rows[index]
            for target, condition in _branches(option.next):
                on_ideal = (name, row.option_id, target) in ideal
                found.append(_arrow(right, box.y + row.y, boxes[target], on_ideal, option.solution_focused, condition))
    return sorted(found, key=lambda arrow: arrow.ideal)  # the ideal path drawn last, on top


def _arrow(x1: float, y1: float, target: Box, ideal: bool, verdict: bool | None, condition: str) -> Arrow:
    x2, y2 = target.x, target.y + HEADER / 2
    if x2 > x1:  # forward: an S-curve into the target's left side
        bend = max(40.0, (x2 - x1) / 2)
        path = f"M{x1:.0f},{y1:.0f} C{x1 + bend:.0f},{y1:.0f} {x2 - bend:.0f},{y2:.0f} {x2 - 6:.0f},{y2:.0f}"
        # A branch's condition three quarters along, where arrows from one place have parted.
        label_x, label_y = _on_curve(0.75, (x1, y1), (x1 + bend, y1), (x2 - bend, y2), (x2 - 6, y2))
    else:  # back to an earlier column (or the same): out to the right, round above, into the left side
        top = min(y1, y2) - 30
        path = (
            f"M{x1:.0f},{y1:.0f} C{x1 + 90:.0f},{y1:.0f} {x1 + 90:.0f},{top:.0f} {x1:.0f},{top:.0f}"
            f" L{x2:.0f},{top:.0f} C{x2 - 70:.0f},{top:.0f} {x2 - 70:.0f},{y2:.0f} {x2 - 6:.0f},{y2:.0f}"
        )
        label_x, label_y = (x1 + x2) / 2, top
    return Arrow(path, ideal, verdict, x1 + 4, y1 - 4, condition, label_x, label_y - 4)


def _on_curve(t: float, *points: tuple[float, float]) -> tuple[float, float]:
    """The point at `t` (0…1) of the cubic Bézier curve through four control points."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    u = 1 - t
    x = u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3
    y = u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3
    return x, y
