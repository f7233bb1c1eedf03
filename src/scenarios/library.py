"""The story library: the built-in stories shipped with the trainer, and lookups by id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scenarios.loader import LoadResult, load_file, story_files
from scenarios.model import Story


def builtin_dir() -> Path:
    """The folder of built-in stories: inside the installed package, else the repository's."""
    packaged = Path(__file__).parent / "stories"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "stories"


@dataclass(frozen=True)
class Library:
    """Every story file in some folders, loaded; broken files are kept with their errors."""

    entries: tuple[LoadResult, ...]

    @classmethod
    def load(cls, paths: list[str | Path] | None = None) -> Library:
        """Load the built-in library, or the given files and folders."""
        return cls(tuple(load_file(path) for path in story_files(list(paths or [builtin_dir()]))))

    @property
    def stories(self) -> list[Story]:
        """The stories that loaded without errors, in file order."""
        return [entry.story for entry in self.entries if entry.story is not None]

    @property
    def broken(self) -> list[LoadResult]:
        """The files that failed to load."""
        return [entry for entry in self.entries if entry.story is None]

    def get(self, story_id: str) -> Story | None:
        """The story with this id, if it loaded."""
        return next((story for story in self.stories if story.id == story_id), None)
