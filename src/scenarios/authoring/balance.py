"""Can a decision be won without reading? Surface markers that single out the ideal option.

A trainee who always picks the longest reply, or the one with the exclamation mark, should
do no better than chance. These measures are used by lint (SC017, per story) and by the
library's tests (over all stories, per language).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scenarios.story.model import Node, Story

# Pictographs and the emoticon blocks: a smiley on only the wrong options is a give-away.
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55]")


@dataclass(frozen=True)
class Decision:
    """One decision in one language: the ideal option's text and the others'."""

    story: str
    node: str
    language: str
    ideal: str
    others: tuple[str, ...]

    @property
    def ideal_is_longest(self) -> bool:
        """The ideal option is strictly longer than every other one."""
        return all(len(self.ideal) > len(other) for other in self.others)

    @property
    def ideal_is_shortest(self) -> bool:
        """The ideal option is strictly shorter than every other one."""
        return all(len(self.ideal) < len(other) for other in self.others)


def decisions(story: Story, language: str) -> list[Decision]:
    """Every decision of `story` with one ideal option and at least one other, in `language`."""
    found = []
    for name, node in story.nodes.items():
        ideal = node.ideal_index
        if ideal is None or len(node.options) < 2:
            continue
        texts = _texts(node, story, language)
        others = tuple(text for index, text in enumerate(texts) if index != ideal)
        found.append(Decision(story.id, name, language, texts[ideal], others))
    return found


def _texts(node: Node, story: Story, language: str) -> list[str]:
    return [" ".join(option.text.get_text(language, story.languages).split()) for option in node.options]


def longest_share(found: Iterable[Decision]) -> float:
    """The share of decisions whose ideal option is the longest (0 when there are none)."""
    items = list(found)
    return sum(d.ideal_is_longest for d in items) / len(items) if items else 0.0


def shortest_share(found: Iterable[Decision]) -> float:
    """The share of decisions whose ideal option is the shortest (0 when there are none)."""
    items = list(found)
    return sum(d.ideal_is_shortest for d in items) / len(items) if items else 0.0


def marker_shares(found: Iterable[Decision], marker: re.Pattern[str]) -> tuple[float, float]:
    """How often `marker` appears in ideal options, and how often in the others."""
    items = list(found)
    ideal = [bool(marker.search(d.ideal)) for d in items]
    others = [bool(marker.search(text)) for d in items for text in d.others]
    return (sum(ideal) / len(ideal) if ideal else 0.0, sum(others) / len(others) if others else 0.0)


def ideal_longest_at_most_decisions(story: Story, language: str) -> tuple[int, int] | None:
    """(longest, decisions) when the ideal is the longest option at more than half of them."""
    found = decisions(story, language)
    longest = sum(d.ideal_is_longest for d in found)
    return (longest, len(found)) if found and longest * 2 > len(found) else None
