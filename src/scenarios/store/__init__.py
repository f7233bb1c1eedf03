"""Local data: paths, settings, and the SQLite store of playthroughs (no UI imports).

Later features add their own tables through `migrate(store.conn, "component", [...])`.
Names are imported on first use, so `scenarios.store.paths` (and the library, which only
needs the data directory) does not pull in pydantic through the settings model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scenarios.store.paths import data_dir, database_path, exports_dir
    from scenarios.store.progress import ABANDONED, ACTIVE, FINISHED, Lease, PlaythroughRecord, Store, open_database
    from scenarios.store.schema import SchemaTooNewError, migrate, schema_version, transaction
    from scenarios.store.settings import THEMES, Settings, load_settings, save_settings
    from scenarios.store.trainee import Trainee, local_trainee, served_trainee

_HOMES = {
    "data_dir": "paths",
    "database_path": "paths",
    "exports_dir": "paths",
    "ABANDONED": "progress",
    "ACTIVE": "progress",
    "FINISHED": "progress",
    "Lease": "progress",
    "PlaythroughRecord": "progress",
    "Store": "progress",
    "open_database": "progress",
    "SchemaTooNewError": "schema",
    "migrate": "schema",
    "schema_version": "schema",
    "transaction": "schema",
    "THEMES": "settings",
    "Settings": "settings",
    "load_settings": "settings",
    "save_settings": "settings",
    "Trainee": "trainee",
    "local_trainee": "trainee",
    "served_trainee": "trainee",
}

__all__ = [
    "ABANDONED",
    "ACTIVE",
    "FINISHED",
    "THEMES",
    "Lease",
    "PlaythroughRecord",
    "SchemaTooNewError",
    "Settings",
    "Store",
    "Trainee",
    "data_dir",
    "database_path",
    "exports_dir",
    "load_settings",
    "local_trainee",
    "migrate",
    "open_database",
    "save_settings",
    "schema_version",
    "served_trainee",
    "transaction",
]


def __getattr__(name: str) -> Any:
    """Import the submodule that defines `name` when it is first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'scenarios.store' has no attribute {name!r}")
    return getattr(importlib.import_module(f"scenarios.store.{home}"), name)
