"""The team story folders kept in the settings table (`scenarios folders --add FOLDER`).

Apart from `settings.py` so that reading them needs neither pydantic nor the settings model:
the library lists itself without them.
"""

from __future__ import annotations

from scenarios.store.progress import Store

FOLDERS_KEY = "story_folders"


def read_story_folders(store: Store) -> list[str]:
    """The team story folders named in the settings, in order."""
    stored = store.read_setting(FOLDERS_KEY)
    if not isinstance(stored, list):
        return []
    return [folder for folder in stored if isinstance(folder, str) and folder.strip()]


def write_story_folders(store: Store, folders: list[str]) -> None:
    """Keep the team story folders for every later run (each once, in order)."""
    store.write_setting(FOLDERS_KEY, list(dict.fromkeys(folders)))
