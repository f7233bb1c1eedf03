"""What a story folder may hold: story files (`*.yaml`, `*.yml`) that are regular files, or links to files
inside the same folder.

A link that leads out of the folder (to a password file, another user's notes, a device) is reported and
never read: a team folder is written by many people, and what the library reads it shows, as error
excerpts in the terminal, in the library panel and in every browser of `scenarios serve`. Subfolders are
searched; links to folders are not followed. Anything that is not a file (a pipe, a device) is not a story
and is passed over.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

STORY_SUFFIXES = (".yaml", ".yml")
LINK_OUTSIDE = "link_outside"
"""The code of the problem reported for a link that leads out of its story folder."""


def candidates(folder: Path) -> list[Path]:
    """The story files in `folder` and its subfolders, sorted, links out of the folder included
    (so that they can be reported: see `leaves`). Raises OSError when the folder cannot be read."""
    return sorted(p for p in folder.rglob("*") if p.suffix in STORY_SUFFIXES and p.is_file())


def leaves(path: Path, folder: Path) -> bool:
    """True when `path`, a file found in `folder`, is (or goes through) a link to somewhere outside `folder`."""
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop: it leads nowhere inside
        return True


def story_files(paths: Iterable[str | Path]) -> list[Path]:
    """The story files named, with folders searched (links out of a folder left out: see `links_out`)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in candidates(path) if not leaves(p, path))
        else:
            found.append(path)
    return found


def links_out(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """(link, its folder) for each link in the folders named that leads out of its folder: reported, never read."""
    folders = [Path(raw) for raw in paths if Path(raw).is_dir()]
    return [(path, folder) for folder in folders for path in candidates(folder) if leaves(path, folder)]
