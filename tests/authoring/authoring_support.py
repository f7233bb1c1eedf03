"""Shared helpers for the authoring tests: the base story and ways to edit it."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
GOOD = HERE / "stories" / "good.yaml"
EXAMPLES = HERE / "lint_examples"


def good_text() -> str:
    """The text of the base story, which validates, lints clean and passes its walkthroughs."""
    return GOOD.read_text(encoding="utf-8")


def edited(old: str, new: str, text: str | None = None) -> str:
    """The base story (or `text`) with one exact piece replaced; fails loudly when absent."""
    source = good_text() if text is None else text
    assert old in source, old
    return source.replace(old, new, 1)
