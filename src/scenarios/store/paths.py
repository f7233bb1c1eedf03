"""Where the trainer keeps its files: the user data directory, or `$SCENARIOS_DATA_DIR`.

What is in it is private: progress, other trainees' names, the LRS secret (in the store's settings) and
the server's signing secret. A data directory the trainer makes is readable by its owner only (0700), and
so are the store, its WAL and shared-memory files, the exports and the secrets (0600), whatever the umask.
A directory made by someone else (an administrator's `/srv/scenarios`) keeps its permissions; the files
in it are still the owner's only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "SCENARIOS_DATA_DIR"
APP_NAME = "scenarios"
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
DATABASE_NAME = "scenarios.sqlite3"


def data_dir() -> Path:
    """The data directory (created if missing, private): `$SCENARIOS_DATA_DIR` if set, else the platform's."""
    path = data_dir_path()
    private_folder(path)
    return path


def data_dir_path() -> Path:
    """Where the data directory is (`$SCENARIOS_DATA_DIR` if set, else the platform's), made or not."""
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def private_folder(path: Path) -> None:
    """Make the folder `path` (and its parents) if missing; a folder made here is its owner's only (0700)."""
    if path.is_dir():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_FOLDER)
    except FileExistsError:
        if not path.is_dir():
            raise
        return  # made by another process just now
    path.chmod(PRIVATE_FOLDER)  # mkdir's mode passes through the umask


def private_file(path: Path, *, create: bool = True) -> None:
    """Make `path` an empty file only its owner may read (0600) if it is missing (and `create`), or take
    group's and others' permissions away from one of ours that has them (made by an earlier version or
    under another umask).

    A file of another user's, or one that cannot be changed (a read-only file system), is left as it is.
    Raises OSError when the file cannot be made.
    """
    if not hasattr(os, "fchmod"):  # Windows: no such permissions
        return
    try:
        if not create:
            raise FileExistsError(path)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        try:
            held = path.stat()
            if held.st_uid == os.getuid() and stat.S_ISREG(held.st_mode) and held.st_mode & 0o077:
                path.chmod(stat.S_IMODE(held.st_mode) & 0o700)
        except OSError:
            pass
        return
    try:
        os.fchmod(descriptor, PRIVATE_FILE)
    finally:
        os.close(descriptor)


def database_path() -> Path:
    """The SQLite file holding progress, playthroughs and settings (its folder made if missing)."""
    return data_dir() / DATABASE_NAME


def database_path_unmade() -> Path:
    """Where the SQLite file is, without making its folder (to name it when the folder cannot be made)."""
    return data_dir_path() / DATABASE_NAME


def exports_dir() -> Path:
    """The folder where debriefs and rehearsal records are exported (created if missing, private)."""
    path = data_dir() / "exports"
    private_folder(path)
    return path


def stories_dir() -> Path:
    """The user's own story folder (created if missing): `scenarios new ID --mine` writes here."""
    path = data_dir() / "stories"
    path.mkdir(parents=True, exist_ok=True)
    return path
