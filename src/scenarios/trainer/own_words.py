"""Own words first, for every front end: whether a decision asks for the trainee's own reply, the checklist of a
reply against the decision's rubric, and the reply as the engine keeps it with the choice.

The judging is `scenarios.rubric.match` (pure given the text and the word lists); this module only keeps each
decision's rubric compiled once per language and opens the word lists (`scenarios.rubric.lemmas`) when first
needed, or ahead of time in a thread while the trainee reads (`warm_up`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scenarios.engine import OwnReply
from scenarios.story.model import Story
from scenarios.story.rubric import MarkLine, Rubric, mark_lines

if TYPE_CHECKING:
    from scenarios.rubric.match import Checklist, CompiledRubric, Lemmatizer


def asks_own_words(story: Story, node: str) -> bool:
    """Whether the decision at `node` has a rubric, so the trainee may write their own reply there first."""
    found = story.nodes.get(node)
    return found is not None and found.rubric is not None and bool(found.options)


def has_own_words(story: Story) -> bool:
    """Whether any decision of the story asks for own words."""
    return any(node.rubric is not None and node.options for node in story.nodes.values())


class OwnWords:
    """Checks replies against decisions' rubrics; each rubric is compiled once per language."""

    def __init__(self, lemmas: Lemmatizer | None = None) -> None:
        self._lemmas = lemmas
        self._compiled: dict[tuple[int, str], tuple[Rubric, CompiledRubric]] = {}
        self._lock = threading.Lock()

    def lemmas(self) -> Lemmatizer:
        """The word lists (the process's shared ones unless given)."""
        if self._lemmas is None:
            from scenarios.rubric.lemmas import shared

            self._lemmas = shared()
        return self._lemmas

    def check(self, story: Story, node: str, language: str, text: str) -> Checklist:
        """What the reply `text` has of the rubric at `node`, in `language` (raises KeyError without a rubric)."""
        rubric = story.nodes[node].rubric
        if rubric is None:
            raise KeyError(node)
        key = (id(rubric), language)
        with self._lock:
            entry = self._compiled.get(key)
            if entry is None:
                from scenarios.rubric.match import compile_rubric

                entry = self._compiled[key] = (rubric, compile_rubric(rubric, language, self.lemmas()))
        return entry[1].check(text)


SHARED = OwnWords()
"""The process's checker, over the shared word lists."""


def warm_up(languages: Iterable[str]) -> None:
    """Open the word lists in a background thread, so the first check of a session does not wait for them."""
    from scenarios.rubric.lemmas import warm_up as open_lists

    open_lists(languages)


def own_reply(text: str, checklist: Checklist, corrected: Iterable[str] = ()) -> OwnReply:
    """The reply as the engine keeps it with the choice: the text, the ids the checklist marked, and the ids
    whose mark the trainee turned over."""
    return OwnReply(text, tuple(sorted(checklist.found())), tuple(sorted(set(corrected))))


def checklist_lines(rubric: Rubric, checklist: Checklist, corrected: Iterable[str] = ()) -> list[MarkLine]:
    """The lines of a reply's checklist just made, with the words that showed each mark and the trainee's
    corrections so far."""
    corrected = frozenset(corrected)
    marked = checklist.found().symmetric_difference(corrected)
    return mark_lines(rubric, marked, corrected, {mark.id: mark.words for mark in checklist.marks if mark.found})


def kept_lines(story: Story, own: OwnReply, node: str) -> list[MarkLine]:
    """The lines of an own reply kept with a choice (in a debrief): the marks as the trainee left them."""
    rubric = story.nodes[node].rubric if node in story.nodes else None
    return [] if rubric is None else mark_lines(rubric, own.marked, own.corrected)


@dataclass
class OwnDraft:
    """A reply written at a decision and not yet chosen with: for a front end that keeps no state of its own
    between requests (the web trainer), kept on the `PlaySession` until the choice."""

    node: str
    step: int
    """The number of choices made when it was written: it belongs to that decision only."""
    text: str
    checklist: Checklist
    corrected: set[str] = field(default_factory=set)
    ready: bool = False
    """The trainee has read the checklist and gone on to the options."""

    def reply(self) -> OwnReply:
        """The reply as the engine keeps it with the choice."""
        return own_reply(self.text, self.checklist, self.corrected)


__all__ = [
    "SHARED",
    "MarkLine",
    "OwnDraft",
    "OwnWords",
    "asks_own_words",
    "checklist_lines",
    "has_own_words",
    "kept_lines",
    "own_reply",
    "warm_up",
]
