"""What the trainee is offered about an unfinished playthrough, and what follows each answer (no Textual here).

A front end asks `opening` when the trainee opens a story and `at_launch` when it starts, shows the
`Step` it gets, and for an `Offer` passes the trainee's answer to `answer`, which gives the next step:

    step = opening(trainer, story)        # Start(story), or Offer(record, story, "waiting")
    step = answer(trainer, step, "resume")  # Resumed(session), CannotResume, StoreBusy, or an Offer again

Every decision about resuming lives here and is tested without a screen; the app only draws the steps.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from scenarios.engine import SaveError
from scenarios.store import PlaythroughRecord
from scenarios.story.model import Story
from scenarios.trainer.session import HeldElsewhereError, PlaySession, StoreBusyError, Trainer

OfferKind = Literal["waiting", "changed", "elsewhere", "missing"]
Answer = Literal["resume", "take_over", "discard", "fresh", "later"]

ANSWERS: dict[OfferKind, tuple[Answer, ...]] = {
    "waiting": ("resume", "discard", "later"),
    "changed": ("resume", "discard", "later"),
    "elsewhere": ("fresh", "take_over", "later"),
    "missing": ("later", "discard"),
}
"""The answers each kind of offer takes, the default first."""


@dataclass(frozen=True)
class Offer:
    """Ask the trainee what to do with an unfinished playthrough.

    `waiting`: it can go on as it was; `changed`: the story was edited and every choice still fits;
    `elsewhere`: another live window plays it; `missing`: its story is not in the library now
    (`story` is None), so it can only be kept or forgotten.
    """

    record: PlaythroughRecord
    story: Story | None
    kind: OfferKind

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The answers on offer, the default first."""
        return ANSWERS[self.kind]


@dataclass(frozen=True)
class Start:
    """Start a new playthrough of `story`."""

    story: Story


@dataclass(frozen=True)
class Resumed:
    """Play `session`, the stored playthrough taken up in this window."""

    session: PlaySession


@dataclass(frozen=True)
class CannotResume:
    """The save cannot go on (`error` says why); it has been given up, and `story` may be started again."""

    story: Story
    error: SaveError


@dataclass(frozen=True)
class StoreBusy:
    """The database could not be written just now; nothing was lost, and the trainee may try again."""

    detail: str


Step = Offer | Start | Resumed | CannotResume | StoreBusy | None
"""What to show next; None: nothing (back to where the trainee was)."""


def opening(trainer: Trainer, story: Story) -> Step:
    """The trainee opens `story`: offer its unfinished playthrough if there is one, else start it."""
    try:
        waiting = trainer.waiting(story.id)
    except sqlite3.Error:
        waiting = []
    return offer(trainer, waiting[0], story) if waiting else Start(story)


def at_launch(trainer: Trainer, find: Callable[[PlaythroughRecord], Story | None]) -> Step:
    """The app starts: offer the most recent unfinished playthrough that no other window plays (`find` gives
    its story, None when the story is not in the library now); nothing when there is none."""
    try:
        records = [record for record in trainer.waiting() if not trainer.held_elsewhere(record)]
    except sqlite3.Error:
        return None
    return offer(trainer, records[0], find(records[0])) if records else None


def offer(trainer: Trainer, record: PlaythroughRecord, story: Story | None) -> Step:
    """The offer for `record` as things stand; a save that can no longer go on is given up at once."""
    if story is None:
        return Offer(record, None, "missing")  # kept, not abandoned: the file may come back
    if trainer.held_elsewhere(record):
        return Offer(record, story, "elsewhere")
    check = trainer.check(record, story)
    if check.error is not None:
        trainer.abandon(record.id)
        return CannotResume(story, check.error)
    return Offer(record, story, "changed" if check.how == "replayed" else "waiting")


def answer(trainer: Trainer, asked: Offer, choice: Answer | None) -> Step:
    """What follows the trainee's answer to `asked` (None: the dialog was closed, as `later`)."""
    record, story = asked.record, asked.story
    if choice is None or choice not in asked.answers or choice == "later":
        return None
    if choice == "discard":
        trainer.abandon(record.id)
    if story is None:
        return None
    if choice in ("discard", "fresh"):  # "fresh": the other window keeps its playthrough
        return Start(story)
    return resume(trainer, record, story, take_over=choice == "take_over")


def resume(trainer: Trainer, record: PlaythroughRecord, story: Story, *, take_over: bool = False) -> Step:
    """Take `record` up in this window, or the step that says why not."""
    try:
        return Resumed(trainer.resume(record, story, take_over=take_over))
    except SaveError as error:
        trainer.abandon(record.id)
        return CannotResume(story, error)
    except HeldElsewhereError as error:  # another window took it up meanwhile
        return offer(trainer, error.record, story)
    except StoreBusyError as error:
        return StoreBusy(error.detail)
