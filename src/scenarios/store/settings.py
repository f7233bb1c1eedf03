"""The trainee's settings: language, practice or exam mode, and colour theme."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from scenarios.catalog import resolve_language
from scenarios.store.progress import Store

THEMES = ("textual-dark", "textual-light", "scenarios-high-contrast")
SETTINGS_KEY = "settings"


class Settings(BaseModel):
    """What the trainee chose in the settings screen."""

    model_config = ConfigDict(frozen=True)

    language: Literal["fi", "en"] = "fi"
    """The language of the whole UI and of the stories (Finnish by default)."""
    mode: Literal["practice", "exam"] = "practice"
    """Practice shows feedback after each choice; exam keeps it all for the debrief."""
    theme: Literal["textual-dark", "textual-light", "scenarios-high-contrast"] = "textual-dark"
    """The colour theme; `scenarios-high-contrast` is for low vision and bright rooms."""


def load_settings(store: Store, language: str | None = None) -> Settings:
    """The stored settings (defaults when none or unreadable); `language` overrides the stored one."""
    stored = store.read_setting(SETTINGS_KEY)
    try:
        settings = (
            Settings.model_validate(stored)
            if isinstance(stored, dict)
            else Settings(
                language=resolve_language(None)  # type: ignore[arg-type]
            )
        )
    except ValidationError:
        settings = Settings()
    if language is not None:
        settings = settings.model_copy(update={"language": resolve_language(language)})
    return settings


def save_settings(store: Store, settings: Settings) -> None:
    """Keep the settings for the next launch."""
    store.write_setting(SETTINGS_KEY, settings.model_dump())
