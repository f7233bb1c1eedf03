"""Hypothesis strategies: random valid stories, built as data and checked by the loader's rules."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from scenarios.story.checks import check_story
from scenarios.story.model import Story

CONDITIONS = ["mood >= 0", "mood < 1", "flag", "not flag", "mood > -2 and not flag", "flag or mood == 0", "count >= 2"]
EFFECTS = ["mood += 1", "mood -= 1", "mood -= 2", "flag = yes", "flag = no", "count += 1", "mood = 0"]


def _text(label: str) -> dict[str, str]:
    return {"fi": f"{label} (fi)", "en": f"{label} (en)"}


@st.composite
def _way_on(draw: st.DrawFn, later: list[str]) -> Any:
    """A node name, or a list of branches whose last has no condition."""
    if draw(st.booleans()):
        return draw(st.sampled_from(later))
    branches: list[dict[str, Any]] = [
        {"if": draw(st.sampled_from(CONDITIONS)), "to": draw(st.sampled_from(later))}
        for _ in range(draw(st.integers(0, 2)))
    ]
    return [*branches, {"to": draw(st.sampled_from(later))}]


@st.composite
def stories(draw: st.DrawFn, max_decisions: int = 6, *, rich: bool = False) -> Story:
    """A random story that passes every reference check: forward links only, so it ends.

    `rich` draws from more of the format too: cues, emails, lines of other speakers and with cues, passages
    that branch on a condition into another passage, up to eight options (orders beyond the listed ones), and
    stories that do not shuffle."""
    decisions = draw(st.integers(1, max_decisions))
    endings = draw(st.integers(1, 3))
    names = [f"d{i}" for i in range(decisions)] + [f"e{i}" for i in range(endings)]
    nodes: dict[str, Any] = {}
    for i in range(decisions):
        later = names[i + 1 :]
        count = draw(st.integers(1, 8 if rich else 4))
        ideal = draw(st.integers(0, count - 1))
        options = []
        for j in range(count):
            option: dict[str, Any] = {
                "id": f"o{j}",
                "solution_focused": draw(st.booleans()),
                "points": {"encounter": draw(st.integers(-3, 3)), "expert": draw(st.integers(-3, 3))},
                "feedback": _text(f"feedback {i}.{j}"),
            }
            if j == ideal:
                option["ideal"] = True
            stays = draw(st.booleans()) and j != ideal
            if stays:
                option["action"] = _text(f"action {i}.{j}")
                option["once"] = True
            else:
                option["reply" if draw(st.booleans()) else "action"] = _text(f"option {i}.{j}")
                option["next"] = draw(_way_on(later))
            if draw(st.booleans()):
                option["effects"] = draw(st.lists(st.sampled_from(EFFECTS), max_size=3))
            if draw(st.integers(0, 3)) == 0:
                option["if"] = draw(st.sampled_from(CONDITIONS))
            options.append(option)
        node: dict[str, Any] = {"say": [_text(f"line {i}")], "options": options}
        if draw(st.booleans()):
            node["say"].append({"if": draw(st.sampled_from(CONDITIONS)), "text": _text(f"maybe {i}")})
        if rich:
            _enrich(draw, node, i)
        if draw(st.integers(0, 1 if rich else 3)) == 0:  # a passage that leads into this decision
            nodes[f"p{i}"] = {"speaker": "narrator", "say": _text(f"passage {i}"), "next": names[i]}
            if rich and draw(st.booleans()):  # or, when a condition holds, through a second passage
                nodes[f"p{i}"]["next"] = [{"if": draw(st.sampled_from(CONDITIONS)), "to": f"q{i}"}, {"to": names[i]}]
                nodes[f"q{i}"] = {
                    "say": [_text(f"aside {i}"), {"if": draw(st.sampled_from(CONDITIONS)), "text": _text(f"if {i}")}],
                    "next": names[i],
                }
                if draw(st.booleans()):
                    nodes[f"q{i}"]["email"] = {"from": _text(f"sender {i}"), "subject": _text(f"about {i}")}
            for earlier in nodes.values():
                for option in earlier.get("options", []):
                    if option.get("next") == names[i]:
                        option["next"] = f"p{i}"
        nodes[names[i]] = node
    for k in range(endings):
        nodes[f"e{k}"] = {
            "ending": draw(st.sampled_from(["resolved", "partly", "unresolved"])),
            "say": _text(f"end {k}"),
        }
    data: dict[str, Any] = {
        "id": "generated",
        "languages": ["fi", "en"],
        "title": _text("title"),
        "summary": _text("summary"),
        "channel": draw(st.sampled_from(["desk", "phone", "email", "chat"])),
        "customer": "young-adult",
        "theme": "values",
        "source": "generated",
        "state": {"mood": {"start": 0, "min": -3, "max": 3}, "flag": False, "count": 0},
        "nodes": nodes,
    }
    if rich and draw(st.integers(0, 3)) == 0:
        data["shuffle"] = False
    story = Story.model_validate(data)
    assert check_story(story) == [], check_story(story)
    return story


def _enrich(draw: st.DrawFn, node: dict[str, Any], i: int) -> None:
    """Cues, an email and lines of other speakers (some with cues) on a decision, each sometimes."""
    if draw(st.booleans()):
        node["cues"] = _text(f"cues {i}")
    if draw(st.booleans()):
        node["email"] = {"from": _text(f"sender {i}"), "subject": _text(f"subject {i}")}
    if draw(st.booleans()):
        node["speaker"] = draw(st.sampled_from(["customer", "narrator", "colleague"]))
    for k in range(draw(st.integers(0, 2))):
        speaker = draw(st.sampled_from(["customer", "colleague"]))
        line: dict[str, Any] = {"text": _text(f"more {i}.{k}"), "speaker": speaker}
        if draw(st.booleans()):
            line["cue"] = _text(f"cue {i}.{k}")
        if draw(st.booleans()):
            line["if"] = draw(st.sampled_from(CONDITIONS))
        node["say"].append(line)
