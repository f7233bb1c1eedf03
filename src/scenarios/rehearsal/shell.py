"""What every kind of team session shares: each change told to the store first, then to whoever watches.

A kind of session (a story session, a station rotation, ...) is a dataclass that inherits `Observed`
and calls `_changed(kind, payload)` after each change; `SessionRecords` (in `rehearsal.story_records`) saves
it as it happens and resumes it, and the phones and the screens `watch` it. Nothing here imports a UI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

CLOCK = "clock"
"""The change a running countdown's checkpoint reports: the store saves the state alone (no line in the
event log, no learning records), so a clock ticking costs one small write every few seconds."""

ChangeListener = Callable[[Any, str, dict[str, Any]], None]
"""Told `(session, change, payload)` after a change: the change's name (`vote`, `note`, ...) and its details."""


@dataclass(kw_only=True)
class Observed:
    """A session whose every change is told: first to `on_change` (which stores it), then to each watcher."""

    on_change: ChangeListener | None = field(default=None, repr=False, compare=False)
    """Stores each change (`SessionRecords.attach` sets it)."""
    watchers: list[ChangeListener] = field(default_factory=list, repr=False, compare=False)
    """Told after every change, after `on_change` has stored it (the phones' live pages, a second view)."""

    def watch(self, listener: ChangeListener) -> None:
        """Tell `listener` about every change from now on (after it is stored)."""
        self.watchers.append(listener)

    def unwatch(self, listener: ChangeListener) -> None:
        """Stop telling `listener` (no error when it was not watching)."""
        if listener in self.watchers:
            self.watchers.remove(listener)

    def _changed(self, kind: str, payload: dict[str, Any]) -> None:
        """Tell the store, then the watchers, that `kind` changed."""
        if self.on_change is not None:
            self.on_change(self, kind, payload)
        for listener in list(self.watchers):
            listener(self, kind, payload)


class Shelled(Protocol):
    """What the shell needs of a kind of session: its clock, and its changes told (`Observed` gives those)."""

    on_change: ChangeListener | None

    @property
    def clock(self) -> Callable[[], float]:
        """The session's clock (seconds; injected by the tests)."""
        ...

    def watch(self, listener: ChangeListener) -> None:
        """Tell `listener` about every change from now on."""
        ...

    def unwatch(self, listener: ChangeListener) -> None:
        """Stop telling `listener`."""
        ...
