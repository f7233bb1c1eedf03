"""Writing a command's output file: never over an existing file unless asked, never a traceback.

`write_output` is what `graph -o`, `schema -o`, `new -o`, `cards -o` and `rehearse --export -o`
use. Every way it can fail comes back as an `OutputError` whose `key` names a message in the
catalog (`output.*`) with the path and the reason, ready to print.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any


class OutputError(Exception):
    """The output file could not be written. `key` and `params` make the message (`t(key, lang, **params)`)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def write_output(path: str | Path, text: str, *, force: bool = False) -> None:
    """Write `text` to a new file at `path` (UTF-8); with `force`, replace a file already there.

    A half-written new file is removed again, so a full disk leaves nothing behind.
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError("output.is_folder", path=str(target))
    if target.exists() and not force:
        raise OutputError("output.exists", path=str(target))
    parent = target.parent
    if not parent.is_dir():
        raise OutputError("output.no_folder", path=str(target), folder=str(parent))
    created = not target.exists()
    try:
        with open(target, "w" if force else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:  # appeared in between
        raise OutputError("output.exists", path=str(target)) from None
    except (OSError, ValueError) as error:
        if created and not isinstance(error, PermissionError):
            _remove_quietly(target)
        reason = os.strerror(error.errno) if isinstance(error, OSError) and error.errno else str(error)
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            raise OutputError("output.disk_full", path=str(target)) from None
        raise OutputError("output.cannot_write", path=str(target), reason=reason) from None


def _remove_quietly(path: Path) -> None:
    try:
        if path.is_file():
            path.unlink()
    except OSError:
        pass
