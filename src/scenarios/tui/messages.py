"""Messages the app sends its screens (instead of calling methods a screen may or may not have)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from scenarios.tui.rehearse.base import AnyRun


@dataclass
class LanguageChanged(Message):
    """The trainee switched the language in the settings: a screen shows its words in `language`."""

    language: str


class LibraryChanged(Message):
    """The app reloaded the library (a story folder changed): a screen that lists stories lists them again."""


class OutboxChanged(Message):
    """A background sync of the learning records ended: a screen that says how many wait says it again."""


@dataclass
class ShowRun(Message):
    """A rehearsal started, resumed or moved on (a story session or a station rotation): the app opens the
    screen for where it now stands."""

    run: AnyRun
    phones: bool | None = None
    """A session just opened: True opens it to phones first, False closes any other session's phones.
    None: a step of the session on screen (its phones stay as they are)."""
    typed_names: bool | None = None
    """With `phones`: whether participants may type a name not on the list (None: as stored)."""
