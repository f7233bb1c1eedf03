"""Typed helpers shared by the tests: the `write` fixture's signature, a story loaded from text, a text shown."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from scenarios.story.loader import load_text
from scenarios.story.model import Story
from scenarios.story.text import Text


class WriteStory(Protocol):
    """The `write` fixture: writes a story file (text is dedented) under the test's tmp_path and returns its path."""

    def __call__(self, text: str | bytes, name: str = "story.yaml") -> Path: ...


def story_of(text: str, name: str = "<story>") -> Story:
    """The story in `text`, which must load without errors (the diagnostics are the failure message)."""
    result = load_text(text, name)
    assert result.story is not None and result.ok, [d.format() for d in result.diagnostics]
    return result.story


def shown(text: Text | None, language: str = "en") -> str:
    """What `text` says in `language` (as a front end shows it); a missing text fails the test here."""
    assert text is not None, "no text where one was expected"
    return text.get_text(language)
