"""The trainee's settings: language, practice or exam mode, own words first, and colour theme."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

from scenarios.i18n.catalog import LANGUAGES, resolve_language
from scenarios.store.progress import Store

THEMES = ("textual-dark", "textual-light", "scenarios-high-contrast")
SETTINGS_KEY = "settings"
_ALLOWED: dict[str, tuple[str, ...]] = {
    "language": LANGUAGES,
    "mode": ("practice", "exam"),
    "own_words": ("off", "on"),
    "theme": THEMES,
}


# A plain dataclass, not a pydantic model: settings are read before the first frame, and
# pydantic is not imported until a story is loaded.
@dataclass(frozen=True)
class Settings:
    """What the trainee chose in the settings screen."""

    language: str = "fi"
    """The language of the whole UI and of the stories (Finnish by default): one of `LANGUAGES`."""
    mode: Literal["practice", "exam"] = "practice"
    """Practice shows feedback after each choice; exam keeps it all for the debrief."""
    own_words: Literal["off", "on"] = "off"
    """In practice, at a decision with a rubric: the trainee writes their own reply before the options."""
    theme: Literal["textual-dark", "textual-light", "scenarios-high-contrast"] = "textual-dark"
    """The colour theme; `scenarios-high-contrast` is for low vision and bright rooms."""

    def __post_init__(self) -> None:
        for name, allowed in _ALLOWED.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}")

    def model_copy(self, *, update: Mapping[str, Any]) -> Settings:
        """These settings with some changed (raises ValueError for a value not allowed)."""
        return replace(self, **update)

    def model_dump(self) -> dict[str, str]:
        """The settings as a plain dict, as stored."""
        return asdict(self)


def settings_key(store: Store) -> str:
    """Where the store's trainee keeps their settings: the installation's for the terminal's user, one of
    their own for each trainee in a browser (so one trainee's language or theme never changes another's)."""
    return f"{SETTINGS_KEY}:{store.trainee.key}" if store.trainee.served else SETTINGS_KEY


def load_settings(store: Store, language: str | None = None) -> Settings:
    """The trainee's stored settings (for a browser trainee with none yet: the installation's; defaults when
    none or unreadable); `language` overrides the stored one."""
    settings, _ = stored_settings(store)
    if language is not None:
        settings = settings.model_copy(update={"language": resolve_language(language)})
    return settings


def stored_settings(store: Store) -> tuple[Settings, bool]:
    """The trainee's stored settings as `load_settings` has them, and whether they are the trainee's own (a browser
    trainee who chose none has the installation's)."""
    stored = store.read_setting(settings_key(store))
    own = stored is not None
    if not own and store.trainee.served:
        stored = store.read_setting(SETTINGS_KEY)
    return _settings_from(stored), own


def _settings_from(stored: Any) -> Settings:
    try:
        if isinstance(stored, dict):
            known = {field.name for field in fields(Settings)}
            return Settings(**{key: value for key, value in stored.items() if key in known})
        return Settings(language=resolve_language(None))
    except (TypeError, ValueError):
        return Settings()


def save_settings(store: Store, settings: Settings) -> None:
    """Keep the trainee's settings for their next launch."""
    store.write_setting(settings_key(store), settings.model_dump())
