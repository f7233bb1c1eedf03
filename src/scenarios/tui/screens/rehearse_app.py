"""`scenarios rehearse`: the trainer app opened on the team rehearsal, and the flow between its screens."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.screen import Screen

from scenarios.catalog import CATALOGS, t
from scenarios.engine import Clock
from scenarios.library import GIVEN, Library, StoryFolder, folders, index_path, same_path
from scenarios.rehearsal import Phase, Session
from scenarios.rehearsal.records import Records
from scenarios.store import Store, load_settings
from scenarios.store.folders import read_story_folders
from scenarios.tui import app as app_module
from scenarios.tui.app import ScenariosApp

if TYPE_CHECKING:
    from textual.dom import DOMNode


@dataclass
class Run:
    """A session on screen and its row in the store."""

    session: Session
    session_id: int
    records: Records


class RunScreen(Screen[None]):
    """A rehearsal screen working on one running session: the base of the session's screens."""

    CSS_PATH = "rehearse.tcss"

    app: ScenariosApp
    is_rehearsal = True

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run = run
        self.session = run.session

    def recompose_screen(self) -> None:
        """Compose the screen again, then mount it again (words, timers, focus)."""
        self.refresh(recompose=True)
        self.call_after_refresh(self.on_mount)

    def retranslate(self) -> None:
        """The language changed in the settings: draw again in the new words."""
        self.recompose_screen()

    def on_mount(self) -> None:
        """Set up what the freshly composed screen needs (each screen adds its own)."""


class RehearsalApp(ScenariosApp):
    """The trainer with the rehearsal setup as its base screen (F1 comes back to it)."""

    preselect: str | None = None
    """A story id ticked in the setup's plan (`scenarios rehearse STORY`)."""

    # A relative CSS_PATH resolves beside the subclass's module: name the app's styles by their full path.
    # The rehearsal styles are app-wide too, since the default screen's own CSS_PATH is not read.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        str(Path(app_module.__file__).parent / "app.tcss"),
        str(Path(__file__).parent / "rehearse.tcss"),
    ]

    def get_default_screen(self) -> Screen:
        """The rehearsal setup."""
        from scenarios.tui.screens.rehearse_setup import RehearseSetupScreen

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
) -> RehearsalApp:
    """Build the rehearsal app (the CLI's and the tests' factory).

    The library is `paths`, else the whole library (built-in, mine, team folders); `extra` story
    files are added to it (`scenarios rehearse FILE`) and `preselect` is a story id ticked in the plan.
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
    app.preselect = preselect
    return app


def show(app: ScenariosApp, run: Run) -> None:
    """Open the screen for where the session stands, in place of the rehearsal screen showing now."""
    from scenarios.tui.screens.rehearse_debrief import RehearseDebriefScreen
    from scenarios.tui.screens.rehearse_reflect import RehearseReflectScreen
    from scenarios.tui.screens.rehearse_session import RehearseSessionScreen

    phase = run.session.phase
    screen: Screen
    if phase == Phase.DEBRIEF:
        screen = RehearseDebriefScreen(run)
    elif phase in (Phase.REFLECT, Phase.DONE):
        screen = RehearseReflectScreen(run)
    else:
        screen = RehearseSessionScreen(run)
    if len(app.screen_stack) > 1 and getattr(app.screen, "is_rehearsal", False):
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


def localize(node: DOMNode, language: str) -> None:
    """Footer words for the rehearsal's bindings, from `rehearsal.key.<id>`."""
    for key, bindings in list(node._bindings.key_to_bindings.items()):
        node._bindings.key_to_bindings[key] = [
            replace(b, description=t(f"rehearsal.key.{b.id}", language), tooltip="")
            if b.id and f"rehearsal.key.{b.id}" in CATALOGS["fi"]
            else b
            for b in bindings
        ]
    node.refresh_bindings()


def binding(key: str, action: str, name: str, *, show: bool = True, priority: bool = False) -> Binding:
    """A binding whose Footer word comes from `rehearsal.key.<name>`."""
    return Binding(key, action, name, id=name, show=show, priority=priority)
