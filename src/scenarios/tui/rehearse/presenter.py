"""The presenter view's side in the app: the shared screen's keys offered to it and pressed from it, and opening it.

The presenter view (`/p/<key>` on the phones' server) is the facilitator's own page, on a laptop's second screen
or their phone: the clock, the verdicts and the model answer before the reveal, the votes and answers as they
come in, and the shared screen's keys as buttons. A button presses the key on the shared screen, exactly as the
keyboard would (the same checks, the same words), so there is one key map and no second way to run a session.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scenarios.phones.views import PresenterKey

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp
    from scenarios.tui.rehearse.base import AnyRun

REMOTE_STEPS = frozenset(
    ("show_replies", "show_options",
     "vote", "reveal", "reveal_anyway", "next_story", "next", "export", "pause", "resume", "extend", "skip",
     "majority", "ideal", "undo", "undo_continue", "next_round")
)  # fmt: skip
"""What the presenter view may press (the bindings' names): the session's steps and its clock, a rotation's next
round. Never quitting, never a key that opens an editor or a dialog on the shared screen (a note is typed there)."""


@dataclass
class ScreenRemote:
    """The app's screen on top, as the phones' server sees it (`phones.server.Remote`)."""

    app: ScenariosApp

    @property
    def language(self) -> str:
        """The app's language: the facilitator's."""
        return self.app.language

    def keys(self) -> tuple[PresenterKey, ...]:
        """The keys of `REMOTE_KEYS` that the keys line shows now, in its order and words (none behind a dialog),
        then after a reveal the number keys of the options to go on with (on a tie the team picks one)."""
        active = self.app.screen.active_bindings
        keys = [
            PresenterKey(key, shown.binding.description, shown.binding.id or "")
            for key, shown in active.items()
            if shown.binding.id in REMOTE_STEPS and shown.enabled and shown.binding.show
        ]
        keys += [
            PresenterKey(key, self.app.tr("rehearsal.tui.go_pick", number=key), "pick")
            for key, shown in active.items()
            if self.picks(key) and shown.enabled
        ]
        return tuple(keys)

    def picks(self, key: str) -> bool:
        """Whether `key` goes on with an option after the reveal (its button is on the shared screen)."""
        return key.isdigit() and bool(self.app.screen.query(f"#go-{key}"))

    async def press(self, key: str) -> bool:
        """Press `key` on the screen on top, as a key press would; False when the key does nothing there now."""
        shown = self.app.screen.active_bindings.get(key)
        if shown is None or not shown.enabled:
            return False
        if not ((shown.binding.id in REMOTE_STEPS and shown.binding.show) or self.picks(key)):
            return False
        await self.app.run_action(shown.binding.action, shown.node)
        return True


def can_open_a_browser() -> bool:
    """True where a browser opens in a window of its own. Without a display, Python's `webbrowser` would run a
    text browser in this very terminal, over the shared screen."""
    return sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_presenter_view(app: ScenariosApp, run: AnyRun) -> None:
    """Open the presenter view in this computer's browser and copy its link: it is never shown on the screen,
    which the room sees. Said in words either way (or that phones are not open, so there is none)."""
    phones = run.phones
    if phones is None or phones.server.remote is None:
        app.notify(app.tr("rehearsal.presenter.off"), severity="warning", markup=False)
        return
    url = phones.server.presenter_url
    app.copy_to_clipboard(url)
    if can_open_a_browser():
        app.open_url(url)
        app.notify(app.tr("rehearsal.presenter.opened"), markup=False, timeout=12)
    else:
        app.notify(app.tr("rehearsal.presenter.copied"), markup=False, timeout=12)
