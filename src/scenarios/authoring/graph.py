"""`scenarios graph`: a story as a Mermaid or Graphviz DOT diagram.

Decisions are boxes, passages rounded boxes, endings coloured by outcome (green
resolved, amber partly, red unresolved). The ideal path, as the engine plays it, is
drawn thick and blue. Option labels are the option's id and the start of its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.authoring.explore import explore, route
from scenarios.authoring.paths import ideal_walk
from scenarios.i18n.present import story_language, text_in
from scenarios.story.model import Next, Story
from scenarios.visible import visible

IDEAL_COLOUR = "#1f6feb"
OUTCOME_COLOURS = {
    "resolved": ("#d4edda", "#28a745"),
    "partly": ("#fff3cd", "#d39e00"),
    "unresolved": ("#f8d7da", "#c82333"),
}
LABEL_WIDTH = 40


@dataclass(frozen=True)
class Arrow:
    """One arrow of the graph: from a node to the next, labelled with the option (if any)."""

    source: str
    target: str
    label: str
    ideal: bool


def arrows(story: Story, language: str) -> list[Arrow]:
    """Every arrow of the story, in file order, with the ideal path's arrows marked."""
    ideal = ideal_steps(story)
    found = []
    for name, node in story.nodes.items():
        for target, condition in _ways(node.next):
            found.append(Arrow(name, target, _condition(condition), (name, "", target) in ideal))
        for index, option in enumerate(node.options):
            option_id = node.option_id(index)
            text = _short(text_in(option.text, language, story))
            label = f"{option_id}: {text}" if option.kind == "reply" else f"{option_id}: [{text}]"
            for target, condition in _ways(option.next) or [(name, None)]:
                full = f"{label} {_condition(condition)}".rstrip()
                found.append(Arrow(name, target, full, (name, option_id, target) in ideal))
    return found


def _ways(way_on: Next | None) -> list[tuple[str, str | None]]:
    """The targets of a `next` with the condition of each branch."""
    if way_on is None:
        return []
    if isinstance(way_on, str):
        return [(way_on, None)]
    return [(branch.to, branch.if_) for branch in way_on]


def _condition(condition: str | None) -> str:
    return f"[if {condition}]" if condition else ""


def ideal_steps(story: Story) -> set[tuple[str, str, str]]:
    """The arrows on the ideal path as (from, option id, to); passages' arrows have option id ""."""
    space = explore(story)
    walk = ideal_walk(space)
    steps: set[tuple[str, str, str]] = set()
    start_hops = route(story, story.start_node, space.states[0].values, ("start",))
    steps.update((source, "", target) for source, target in start_hops[1:])
    for number in walk.edges:
        edge = space.edges[number]
        option = story.nodes[edge.node].options[edge.option_index]
        if option.next is None:
            steps.add((edge.node, edge.option_id, edge.node))
            continue
        values = space.states[edge.target].values
        hops = route(story, option.next, values, ("nodes", edge.node, "options", edge.option_index, "next"))
        steps.add((edge.node, edge.option_id, hops[0][1]))
        steps.update((source, "", target) for source, target in hops[1:])
    return steps


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_WIDTH else text[: LABEL_WIDTH - 1].rstrip() + "…"


def render(story: Story, fmt: str, language: str = "fi") -> str:
    """The story as a diagram in `fmt` (`mermaid` or `dot`), labels in `language`."""
    lang = story_language(story, language)
    return _mermaid(story, lang) if fmt == "mermaid" else _dot(story, lang)


def _node_label(story: Story, name: str) -> str:
    node = story.nodes[name]
    if node.ending is not None:
        return f"{name} · {node.ending.value}"
    return f"{name} ▶" if name == story.start_node else name


def _mermaid_text(text: str) -> str:
    text = visible(text, one_line=True)
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _mermaid(story: Story, language: str) -> str:
    lines = ["flowchart TD"]
    for name, node in story.nodes.items():
        label = _mermaid_text(_node_label(story, name))
        if node.ending is not None:
            lines.append(f'  n_{name}(["{label}"]):::{node.ending.value}')
        elif node.is_decision:
            lines.append(f'  n_{name}["{label}"]')
        else:
            lines.append(f'  n_{name}("{label}")')
    ideal_numbers = []
    for number, arrow in enumerate(arrows(story, language)):
        link = "==>" if arrow.ideal else "-->"
        label = f'|"{_mermaid_text(arrow.label)}"|' if arrow.label else ""
        lines.append(f"  n_{arrow.source} {link}{label} n_{arrow.target}")
        if arrow.ideal:
            ideal_numbers.append(str(number))
    for outcome, (fill, stroke) in OUTCOME_COLOURS.items():
        lines.append(f"  classDef {outcome} fill:{fill},stroke:{stroke},stroke-width:2px")
    if ideal_numbers:
        lines.append(f"  linkStyle {','.join(ideal_numbers)} stroke:{IDEAL_COLOUR},stroke-width:4px")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    text = visible(text, one_line=True)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(story: Story, language: str) -> str:
    lines = [
        f"digraph {_dot_text(story.id)} {{",
        '  node [shape=box, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for name, node in story.nodes.items():
        attributes = [f"label={_dot_text(_node_label(story, name))}"]
        if node.ending is not None:
            fill, stroke = OUTCOME_COLOURS[node.ending.value]
            attributes += ["shape=doubleoctagon", "style=filled", f'fillcolor="{fill}"', f'color="{stroke}"']
        elif not node.is_decision:
            attributes.append('style="rounded"')
        if name == story.start_node:
            attributes.append("penwidth=2")
        lines.append(f"  {_dot_text(name)} [{', '.join(attributes)}];")
    for arrow in arrows(story, language):
        attributes = [f"label={_dot_text(arrow.label)}"] if arrow.label else []
        if arrow.ideal:
            attributes += [f'color="{IDEAL_COLOUR}"', "penwidth=3"]
        suffix = f" [{', '.join(attributes)}]" if attributes else ""
        lines.append(f"  {_dot_text(arrow.source)} -> {_dot_text(arrow.target)}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"
