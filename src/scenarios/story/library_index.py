"""The library index cache: each story file's metadata and diagnostics, kept between runs.

The library screen, `scenarios list`, `validate` and the palette need only a story's metadata
(id, title, channel, ...) and whether it loads. Parsing YAML and building the model costs far
more than reading and hashing the bytes, so the index keeps, per file, the metadata and the
diagnostics keyed by the file's path, size, mtime and content hash, under the cache format and
the package version. Anything that does not match exactly (a missing, stale, corrupt or foreign
cache) is ignored and rebuilt; the file is written to a temporary name and renamed into place,
so two processes rebuilding at once never leave a half-written cache behind.

This module imports neither the YAML parser nor the story model: a warm cache needs neither.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios import __version__

FORMAT = 3
"""The cache's layout; 3: a story's metadata counts its decisions with a rubric (own words first)."""
FILE_NAME = "library-index.json"


def code_version() -> str:
    """The package version, plus the newest mtime of the modules that read stories (and of the lessons).

    In a development checkout the version stays the same while the loader changes; the mtime
    keeps a cache written by older code from being trusted.
    """
    package = Path(__file__).parent
    stamp = 0
    # The lessons are checked too: a story naming a lesson the catalog no longer has must be told so.
    readers = ("loader.py", "model.py", "checks.py", "expr.py", "safeyaml.py", "text.py", "library.py")
    for name in (*readers, "lessons.py", "lessons.yaml"):
        with contextlib.suppress(OSError):
            stamp = max(stamp, (package / name).stat().st_mtime_ns)
    return f"{__version__}+{stamp}"


@dataclass(frozen=True)
class FileKey:
    """What identifies one version of a story file: path, size, mtime and content hash."""

    path: str
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, raw: bytes) -> FileKey:
        """The key of `path`, whose bytes are `raw` (stat'ed now)."""
        stat = path.stat()
        return cls(str(path), stat.st_size, stat.st_mtime_ns, hashlib.sha256(raw).hexdigest())


@dataclass(frozen=True)
class Record:
    """A cached outcome of loading a file: its metadata (None when it does not load) and diagnostics."""

    meta: dict[str, Any] | None
    diagnostics: tuple[dict[str, Any], ...]


class Index:
    """The cache file, read once; `save()` writes it back only when something changed."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.records: dict[str, dict[str, Any]] = _read(path) if path is not None else {}
        self.dirty = False

    def lookup(self, key: FileKey) -> Record | None:
        """The cached record for exactly this version of the file, or None."""
        found = self.records.get(key.path)
        if not isinstance(found, dict) or found.get("key") != [key.size, key.mtime_ns, key.sha256]:
            return None
        meta, diagnostics = found.get("meta"), found.get("diagnostics")
        if (meta is not None and not isinstance(meta, dict)) or not isinstance(diagnostics, list):
            return None
        if not all(isinstance(d, dict) for d in diagnostics):
            return None
        return Record(meta, tuple(diagnostics))

    def store(self, key: FileKey, record: Record) -> None:
        """Remember the outcome for this version of the file."""
        entry = {
            "key": [key.size, key.mtime_ns, key.sha256],
            "meta": record.meta,
            "diagnostics": list(record.diagnostics),
        }
        try:
            json.dumps(entry)
        except (TypeError, ValueError):
            return  # not representable: this file is simply loaded again next time
        if self.records.get(key.path) != entry:
            self.records[key.path] = entry
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically (temp file + rename); a failure to write is not an error."""
        if self.path is None or not self.dirty:
            return
        payload = json.dumps({"format": FORMAT, "version": code_version(), "files": self.records}, ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".library-index-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(payload)
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            return
        self.dirty = False


def _read(path: Path) -> dict[str, dict[str, Any]]:
    """The cached records, or none at all when the file is missing, corrupt or another version's."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != code_version():
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    return {name: entry for name, entry in files.items() if isinstance(entry, dict)}
