"""`scenarios rehearse`: the trainer app opened on the team rehearsal."""

from __future__ import annotations

import time
from pathlib import Path, PurePath
from typing import ClassVar

from textual.screen import Screen

from scenarios.engine import Clock
from scenarios.phones.address import PhoneOptions
from scenarios.store import Store, load_settings
from scenarios.store.folders import read_story_folders
from scenarios.story.library import GIVEN, Library, StoryFolder, folders, index_path, same_path
from scenarios.tui import app as app_module
from scenarios.tui.app import ScenariosApp
from scenarios.tui.rehearsal_options import RehearsalOptions
from scenarios.tui.rehearse.setup import RehearseSetupScreen


class RehearsalApp(ScenariosApp):
    """The trainer with the rehearsal setup as its base screen (F1 comes back to it)."""

    # A relative CSS_PATH resolves beside the subclass's module: name the app's styles by their full path.
    # The rehearsal styles are app-wide too, since the default screen's own CSS_PATH is not read.
    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = [
        str(Path(app_module.__file__).parent / "app.tcss"),
        str(Path(__file__).parent / "rehearse.tcss"),
    ]

    def get_default_screen(self) -> Screen[None]:
        """The rehearsal setup."""
        return RehearseSetupScreen()


def create_rehearsal_app(
    *,
    paths: list[str | Path] | None = None,
    language: str | None = None,
    store: Store | None = None,
    clock: Clock = time.time,
    seed: int | None = None,
    cursor_blink: bool = True,
    extra: list[Path] | None = None,
    preselect: str | None = None,
    phones: PhoneOptions | None = None,
    stations: bool = False,
) -> RehearsalApp:
    """Build the rehearsal app (the CLI's and the tests' factory).

    The library is `paths`, else the whole library (built-in, mine, team folders); `extra` story
    files are added to it (`scenarios rehearse FILE`) and `preselect` is a story id ticked in the plan;
    `phones` opens new sessions to phones by default, on that address;
    `stations` opens the setup on a station rotation (chapter 6).
    """
    store = store or Store(clock=clock)
    settings = load_settings(store, language)
    if paths:
        library = Library.load(paths)
    else:
        scanned = folders(read_story_folders(store))
        library = Library.discover(read_story_folders(store))
        added = [path for path in extra or [] if same_path(path) not in library.paths]
        if added:
            scanned = [scanned[0], *(StoryFolder(path, GIVEN) for path in added), *scanned[1:]]
            library = Library.scan(scanned, cache=index_path())
    app = RehearsalApp(library, store, settings, clock=clock, seed=seed, offer_resume=False, cursor_blink=cursor_blink)
    app.rehearsal_options = RehearsalOptions(preselect, phones, stations)
    return app
