"""`scenarios rehearse`: the trainer app opened on the team rehearsal, and the flow between its screens."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen

from scenarios.catalog import CATALOGS, t
from scenarios.engine import Clock
from scenarios.library import Library
from scenarios.rehearsal import Phase, Session
from scenarios.rehearsal.records import Records
from scenarios.store import Store, load_settings
from scenarios.tui import app as app_module
from scenarios.tui.app import ScenariosApp
from scenarios.tui.messages import LanguageChanged

if TYPE_CHECKING:
    from textual.dom import DOMNode


@dataclass
class Run:
    """A session on screen and its row in the store."""

    session: Session
    session_id: int
    records: Records


class Part(Vertical):
    """A part of a screen, drawn by one of the screen's functions and rebuilt alone when what it shows changes.

    The rest of the screen (its timers, the countdown, the focused field) stays as it is.
    """

    DEFAULT_CSS = "Part { height: auto; }"

    def __init__(self, draw: Callable[[], ComposeResult], *, id: str) -> None:
        super().__init__(id=id)
        self.draw = draw

    def compose(self) -> ComposeResult:
        """What the screen's function draws."""
        yield from self.draw()


class RunScreen(Screen[None]):
    """A rehearsal screen working on one running session: the base of the session's screens.

    A screen is composed once and mounted once (one countdown timer); a step of the session
    updates its widgets in place or rebuilds only the `Part`s whose content changed.
    """

    CSS_PATH = "rehearse.tcss"

    app: ScenariosApp
    is_rehearsal = True

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run = run
        self.session = run.session

    async def redraw_parts(self, *parts: str) -> None:
        """Rebuild the named parts (all of them when none is named)."""
        for part in self.query(Part):
            if not parts or part.id in parts:
                await part.recompose()

    async def on_language_changed(self, message: LanguageChanged) -> None:
        """The language changed in the settings: the same screen in the new words."""
        localize(self, message.language)
        await self.show_words()

    async def show_words(self) -> None:
        """Draw every text again (each screen knows its own)."""
        await self.redraw_parts()


class RehearsalApp(ScenariosApp):
    """The trainer with the rehearsal setup as its base screen (F1 comes back to it)."""

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
) -> RehearsalApp:
    """Build the rehearsal app (the CLI's and the tests' factory)."""
    library = Library.load(paths)
    store = store or Store(clock=clock)
    settings = load_settings(store, language)
    return RehearsalApp(library, store, settings, clock=clock, seed=seed, offer_resume=False, cursor_blink=cursor_blink)


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
