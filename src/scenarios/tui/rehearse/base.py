"""What the rehearsal's screens share: the running session, a screen working on it, parts rebuilt alone, words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, Static

from scenarios.i18n.catalog import CATALOGS, t
from scenarios.rehearsal import Session, clock_text
from scenarios.rehearsal.records import Records
from scenarios.tui.messages import LanguageChanged

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from scenarios.tui.app import ScenariosApp


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

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run = run
        self.session = run.session

    def tick(self) -> None:
        """Redraw the countdown (`#countdown`) and whether it is paused or up (`#timer-state`)."""
        timer = self.session.timer()
        if timer is None:
            return
        now = self.session.clock()
        countdown, state_line = self.query_one("#countdown", Digits), self.query_one("#timer-state", Static)
        countdown.update(clock_text(timer.remaining(now)))
        up = timer.is_done(now)
        state = ""
        if up:
            state = self.app.tr("rehearsal.timer.up")
        elif not timer.is_running:
            state = self.app.tr("rehearsal.timer.paused")
        state_line.update(Content(state))
        # Time up shows in colour and in words: the digits turn red, the line beside them says so.
        countdown.set_class(up, "up")
        state_line.set_class(up, "up")
        self.session.checkpoint()  # the running clock saved as it runs: a crash loses at most a few seconds

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


def field_keys() -> list[Binding]:
    """Tab and Shift+Tab handled as they arrive, so a fast typist's keys after a Tab reach the next field.

    (Textual hands each key to the widget focused when the key arrives; a Tab that waits its turn
    would move the focus only after the keys typed behind it had gone to the old field.)
    """
    return [
        binding("tab", "app.focus_next", "next", show=False, priority=True),
        binding("shift+tab", "app.focus_previous", "next", show=False, priority=True),
    ]


def binding(key: str, action: str, name: str, *, show: bool = True, priority: bool = False) -> Binding:
    """A binding whose Footer word comes from `rehearsal.key.<name>`."""
    return Binding(key, action, name, id=name, show=show, priority=priority)
