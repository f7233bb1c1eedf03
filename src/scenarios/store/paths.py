"""Where the trainer keeps its files: the user data directory, or `$SCENARIOS_DATA_DIR`."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "SCENARIOS_DATA_DIR"
APP_NAME = "scenarios"


def data_dir() -> Path:
    """The data directory (created if missing): `$SCENARIOS_DATA_DIR` if set, else the platform's."""
    override = os.environ.get(ENV_VAR)
    path = Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path() -> Path:
    """The SQLite file holding progress, playthroughs and settings."""
    return data_dir() / "scenarios.sqlite3"


def exports_dir() -> Path:
    """The folder where debriefs are exported as Markdown (created if missing)."""
    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stories_dir() -> Path:
    """The user's own story folder (created if missing): `scenarios new ID --mine` writes here."""
    path = data_dir() / "stories"
    path.mkdir(parents=True, exist_ok=True)
    return path
