"""Messages the app sends its screens (instead of calling methods a screen may or may not have)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class LanguageChanged(Message):
    """The trainee switched the language in the settings: a screen shows its words in `language`."""

    language: str
