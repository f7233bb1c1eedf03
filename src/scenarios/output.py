"""Writing a file a command or the app makes: never over an existing file unless asked, never half a file,
never a traceback.

`write_output` is what every `-o FILE` uses (`graph`, `schema`, `new`, `cards`, `rehearse --export`,
`records export`, `report --html/--csv`) and what the app writes into the data directory (exports,
`crash.log`, with `private=True`). The text goes to a temporary file beside the target first and is
renamed onto it only when it is whole, so a full disk or a crash leaves the old file as it was (or no
file) and never a partial one. Every way it can fail comes back as an `OutputError` whose `key` names a
message in the catalog (`output.*`) with the path and the reason, ready to print.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path
from typing import Any

PRIVATE_MODE = 0o600
"""A file only its owner may read and write: exports, secrets, the store."""


class OutputError(Exception):
    """The output file could not be written. `key` and `params` make the message (`t(key, lang, **params)`)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def write_output(path: str | Path, text: str | bytes, *, force: bool = False, private: bool = False) -> None:
    """Write `text` (UTF-8, line ends as given; bytes as they are) to a new file at `path`; with `force`, replace
    a file already there.

    A new file gets the usual permissions (the umask's), a replaced one keeps its own; `private` makes it
    readable by its owner only (0600, whatever the umask).
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError("output.is_folder", path=str(target))
    if target.exists() and not force:
        raise OutputError("output.exists", path=str(target))
    if not target.parent.is_dir():
        raise OutputError("output.no_folder", path=str(target), folder=str(target.parent))
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if target.exists() and not target.is_file():  # a device or a pipe (/dev/stdout): nothing to rename onto
            with open(target, "wb") as handle:
                handle.write(data)
            return
        _write_whole(Path(os.path.realpath(target)), data, force=force, private=private)  # a link's file, not it
    except FileExistsError:  # appeared in between
        raise OutputError("output.exists", path=str(target)) from None
    except (OSError, ValueError) as error:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise OutputError("output.disk_full", path=str(target)) from None
        reason = os.strerror(error.errno) if isinstance(error, OSError) and error.errno else str(error)
        raise OutputError("output.cannot_write", path=str(target), reason=reason) from None


def _write_whole(target: Path, data: bytes, *, force: bool, private: bool) -> None:
    """Write into a temporary file beside `target`, then rename it onto `target`."""
    temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        _write_new(temporary, data, _mode_for(target, private=private))
        _move_into_place(temporary, target, force=force)
    finally:
        _remove_quietly(temporary)


def _mode_for(target: Path, *, private: bool) -> int | None:
    """The permissions to give the written file: None for a new file's usual ones."""
    if private:
        return PRIVATE_MODE
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return None


def _write_new(path: Path, data: bytes, mode: int | None) -> None:
    """Create `path` (it must not exist), write `data` and put it on the disk."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE if mode == PRIVATE_MODE else 0o666)
    with os.fdopen(descriptor, "wb") as handle:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(handle.fileno(), mode)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _move_into_place(temporary: Path, target: Path, *, force: bool) -> None:
    """Rename the whole file onto the target; without `force`, only if no file appeared there meanwhile."""
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # raises FileExistsError if a file appeared there, unlike a rename
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the check before has to do
        os.replace(temporary, target)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
