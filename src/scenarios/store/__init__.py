"""Local data: paths, settings, and the SQLite store of playthroughs (no UI imports).

Later features add their own tables through `migrate(store.conn, "component", [...])`.
"""

from scenarios.store.paths import data_dir, database_path, exports_dir
from scenarios.store.progress import ABANDONED, ACTIVE, FINISHED, PlaythroughRecord, Store, open_database
from scenarios.store.schema import SchemaTooNewError, migrate, schema_version, transaction
from scenarios.store.settings import THEMES, Settings, load_settings, save_settings

__all__ = [
    "ABANDONED",
    "ACTIVE",
    "FINISHED",
    "THEMES",
    "PlaythroughRecord",
    "SchemaTooNewError",
    "Settings",
    "Store",
    "data_dir",
    "database_path",
    "exports_dir",
    "load_settings",
    "migrate",
    "open_database",
    "save_settings",
    "schema_version",
    "transaction",
]
