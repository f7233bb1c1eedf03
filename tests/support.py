"""Typed helpers shared by the tests: the `write` fixture's signature, a story loaded from text or a file, a text
shown, a stored playthrough, the numbers that choose given options."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from scenarios.engine import Playthrough
from scenarios.store import PlaythroughRecord, Store
from scenarios.story.loader import load_file, load_text
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


def story_at(path: str | Path) -> Story:
    """The story in the file at `path`, which must load without errors."""
    result = load_file(path)
    assert result.story is not None and result.ok, [d.format() for d in result.diagnostics]
    return result.story


def record_of(store: Store, record_id: int | None) -> PlaythroughRecord:
    """The stored playthrough `record_id` (the test fails here when there is none)."""
    assert record_id is not None, "no playthrough was recorded"
    record = store.get(record_id)
    assert record is not None, f"no playthrough {record_id} in the store"
    return record


def shown(text: Text | None, language: str = "en") -> str:
    """What `text` says in `language` (as a front end shows it); a missing text fails the test here."""
    assert text is not None, "no text where one was expected"
    return text.get_text(language)


def numbers_for(story: Story, option_ids: list[str], *, seed: int = 0) -> list[int]:
    """The numbers a trainee types to choose these options one after another, in the order the
    engine shows them with this seed (what `play --choices` and line mode take)."""
    play = Playthrough(story, seed=seed, clock=lambda: 0.0)
    numbers = []
    for option_id in option_ids:
        number = next(choice.number for choice in play.beat().choices if choice.option_id == option_id)
        numbers.append(number)
        play.choose(number)
    return numbers
