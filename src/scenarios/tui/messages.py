"""Messages the app sends its screens (instead of calling methods a screen may or may not have)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from scenarios.tui.rehearse.base import Run


@dataclass
class LanguageChanged(Message):
    """The trainee switched the language in the settings: a screen shows its words in `language`."""

    language: str


@dataclass
class ShowRun(Message):
    """A rehearsal screen moved its session on: the app opens the screen for where it now stands."""

    run: Run
