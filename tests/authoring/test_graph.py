"""`scenarios graph`: Mermaid and DOT, ideal path highlighted, endings by outcome."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from scenarios.authoring.graph import arrows, ideal_steps, render
from scenarios.authoring.graph_html import render_html
from scenarios.cli.main import main
from scenarios.story.loader import load_file, load_text
from scenarios.story.model import Story
from tests.authoring.authoring_support import EXAMPLES, GOOD, edited


def good() -> Story:
    story = load_file(GOOD).story
    assert story is not None
    return story


def test_the_ideal_path_is_the_engines() -> None:
    assert ideal_steps(good()) == {
        ("arrive", "look_up", "arrive"),
        ("arrive", "replace", "thanks"),
        ("thanks", "hand_over", "done"),
    }


def test_arrows_cover_every_option_and_passage() -> None:
    found = arrows(good(), "en")
    assert [(a.source, a.target, a.ideal) for a in found] == [
        ("arrive", "arrive", True),
        ("arrive", "thanks", True),
        ("arrive", "thanks", False),
        ("thanks", "done", True),
        ("thanks", "left", False),
    ]
    assert found[0].label == "look_up: [Look the card up by the customer's name.]"
    assert found[2].label == "online: Could you check the balance online your…"  # long labels are cut


def test_mermaid() -> None:
    text = render(good(), "mermaid", "en")
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    assert '  n_arrive["arrive ▶"]' in lines
    assert '  n_done(["done · resolved"]):::resolved' in lines
    assert '  n_left(["left · unresolved"]):::unresolved' in lines
    assert '  n_thanks ==>|"hand_over: Here is the new card with your balance."| n_done' in lines
    assert '  n_thanks -->|"next_please: Next!"| n_left' in lines
    assert "  linkStyle 0,1,3 stroke:#1f6feb,stroke-width:4px" in lines
    assert any(line.startswith("  classDef resolved fill:") for line in lines)


def test_mermaid_escapes_quotes_and_angle_brackets() -> None:
    story = load_text(
        edited("reply: {fi: Seuraava!, en: Next!}", "reply: {fi: Seuraava!, en: 'Say \"<b>next</b>\"'}")
    ).story
    assert story is not None
    text = render(story, "mermaid", "en")
    assert "#quot;#lt;b#gt;next#lt;/b#gt;#quot;" in text and "<b>" not in text


def test_dot() -> None:
    text = render(good(), "dot", "fi")
    assert text.startswith('digraph "lost-bus-card" {')
    assert (
        '"done" [label="done · resolved", shape=doubleoctagon, style=filled, fillcolor="#d4edda", color="#28a745"];'
        in text
    )
    assert '"thanks" -> "done" [label="hand_over: Tässä uusi kortti saldoineen.", color="#1f6feb", penwidth=3];' in text
    assert '"thanks" -> "left" [label="next_please: Seuraava!"];' in text
    assert text.rstrip().endswith("}")


def test_passages_are_drawn_and_on_the_ideal_path() -> None:
    text = edited("        next: thanks\n      - id: online", "        next: pause\n      - id: online")
    text = edited("  done:\n", "  pause:\n    say: {fi: Hetki., en: A moment.}\n    next: thanks\n  done:\n", text)
    story = load_text(text).story
    assert story is not None
    assert ("pause", "", "thanks") in ideal_steps(story)
    assert '  n_pause("pause")' in render(story, "mermaid", "en")
    assert "  n_pause ==> n_thanks" in render(story, "mermaid", "en")


def test_graph_command(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    assert main(["graph", str(GOOD), "--format", "dot", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("digraph")
    assert main(["graph", str(GOOD)]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD")
    assert main(["graph", "no-such-story"]) == 2
    assert main(["graph", str(EXAMPLES / "missing.yaml")]) == 1


def test_an_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", str(GOOD), "--format", "svg"])
    assert exit_info.value.code == 2


def test_branching_next_draws_one_arrow_per_branch_and_follows_the_state() -> None:
    branching = "        next:\n          - if: mood >= 1\n            to: done\n          - to: left"
    text = edited("        next: done\n      - id: next_please", branching + "\n      - id: next_please")
    story = load_text(text).story
    assert story is not None
    found = [(a.source, a.target, a.label, a.ideal) for a in arrows(story, "en") if a.source == "thanks"]
    assert found == [
        ("thanks", "done", "hand_over: Here is the new card with your balance. [if mood >= 1]", True),
        ("thanks", "left", "hand_over: Here is the new card with your balance.", False),
        ("thanks", "left", "next_please: Next!", False),
    ]


def test_html_is_one_page_that_needs_nothing_from_anywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "graph.html"
    assert main(["graph", str(GOOD), "--format", "html", "-o", str(output), "--lang", "en"]) == 0
    page = output.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "<script" not in page.lower() and "@import" not in page and "url(http" not in page
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"]  # the SVG namespace only
    assert "default-src 'none'" in page  # and the page itself refuses to load anything


def test_html_escapes_story_text(tmp_path: Path) -> None:
    hostile = edited(
        "reply: {fi: Seuraava!, en: Next!}", 'reply: {fi: Seuraava!, en: "<script>alert(1)</script> & [b]x"}'
    )
    story = load_text(hostile).story
    assert story is not None
    page = render_html(story, "en")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [b]x" in page


def test_html_in_a_real_browser_shows_verdicts_on_the_arrows_and_the_ideal_path(chromium: Any, tmp_path: Path) -> None:
    output = tmp_path / "graph.html"
    assert main(["graph", str(GOOD), "--format", "html", "-o", str(output), "--lang", "fi"]) == 0
    chromium.get(output.as_uri())
    found = chromium.execute_script(
        """
        const marks = [...document.querySelectorAll('g.arrow text.mark')].map(t => t.textContent);
        return {
          fetched: performance.getEntriesByType('resource').map(r => r.name),
          scripts: document.querySelectorAll('script').length,
          nodes: [...document.querySelectorAll('g.node')].map(g => g.id),
          arrows: document.querySelectorAll('g.arrow').length,
          ideal: [...document.querySelectorAll('g.arrow-ideal text.mark')].map(t => t.textContent),
          marks: marks,
          title: document.title,
          width: document.querySelector('svg').getBoundingClientRect().width,
        };
        """
    )
    assert found["fetched"] == [] and found["scripts"] == 0  # nothing from any origin
    assert found["nodes"] == ["node-arrive", "node-thanks", "node-done", "node-left"]
    # Every option that leads on has its arrow with its verdict on it: replace ✓, online ✗, hand_over ✓, next_please ✗.
    assert found["arrows"] == 4 and sorted(found["marks"]) == ["✓", "✓", "✗", "✗"]
    assert found["ideal"] == ["✓", "✓"]  # arrive:replace → thanks, thanks:hand_over → done
    assert found["title"] == "Tarinan kaavio: Kadonnut bussikortti" and found["width"] > 600
