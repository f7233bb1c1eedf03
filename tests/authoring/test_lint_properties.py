"""Lint, graph and exploration on random valid stories: they end, never crash, and agree with the engine."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.authoring.codes import CODES
from scenarios.authoring.explore import explore
from scenarios.authoring.graph import arrows, render
from scenarios.authoring.lint import lint_story
from scenarios.engine import Playthrough
from scenarios.story.model import Story
from tests.engine.strategies import stories


@settings(max_examples=60, deadline=None)
@given(stories())
def test_lint_and_graph_never_crash_and_the_graph_draws_every_node_and_arrow(story: Story) -> None:
    findings = lint_story(story)
    assert all(finding.code in CODES for finding in findings)
    ways = len(arrows(story, "fi"))
    mermaid = render(story, "mermaid")
    assert mermaid.startswith("flowchart TD\n")
    assert set(re.findall(r"^  n_(\S+?)[\[(]", mermaid, re.MULTILINE)) == set(story.nodes)
    assert len(re.findall(r"^  n_\S+ (?:-->|==>)", mermaid, re.MULTILINE)) == ways
    dot = render(story, "dot")
    assert dot.startswith('digraph "generated" {\n') and dot.endswith("}\n")
    assert set(re.findall(r'^  "([^"]+)" \[label=', dot, re.MULTILINE)) == set(story.nodes)
    assert len(re.findall(r'^  "[^"]+" -> "', dot, re.MULTILINE)) == ways


@settings(max_examples=60, deadline=None)
@given(stories(), st.lists(st.integers(0, 10), min_size=30, max_size=30))
def test_every_node_a_random_walk_reaches_was_explored(story: Story, picks: list[int]) -> None:
    space = explore(story)
    play = Playthrough(story, seed=0, clock=lambda: 0.0)
    for pick in picks:
        assert play.beat().node in space.nodes_seen
        if play.is_over:
            break
        play.choose(pick % len(play.beat().choices) + 1)
    unreachable = {f.params["node"] for f in lint_story(story) if f.code in ("SC001", "SC006")}
    assert not unreachable & {play.beat().node}
