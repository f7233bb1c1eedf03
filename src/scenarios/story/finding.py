"""Finding the story a command names: a built-in id or a file path (for the command-line tools)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from scenarios.i18n.catalog import t
from scenarios.story.checks import suggest
from scenarios.story.library import Library
from scenarios.story.loader import load_file
from scenarios.story.model import Story


def find_story(name: str, language: str, err: TextIO) -> Story | None:
    """A story by built-in id or path; prints why not when it cannot be had."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        result = load_file(path)
        for diagnostic in result.diagnostics:
            print(diagnostic.format(language), file=err)
        return result.story
    library = Library.discover()
    story = library.get(name)
    if story is None:
        print(t("cli.unknown_story", language, name=name), file=err)
        close = suggest(name, [info.id for info in library.infos])  # metadata: no story is loaded
        if close:
            print(t("cli.did_you_mean", language, name=close), file=err)
        print(t("cli.see_list", language), file=err)
    return story
