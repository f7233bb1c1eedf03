"""The offer to continue an interrupted playthrough."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from scenarios.store import PlaythroughRecord

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


class ResumeScreen(ModalScreen[str]):
    """Returns `resume`, `discard` (start again) or `later`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "later", "later", id="later")]

    app: ScenariosApp

    def __init__(self, record: PlaythroughRecord, *, available: bool = True) -> None:
        super().__init__()
        self.record = record
        self.available = available
        """False when the story is not in the library now: then only later or discard are offered."""

    def compose(self) -> ComposeResult:
        """Which story, how far, when; and the three answers."""
        app, record = self.app, self.record
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(record.updated_at))
        with Vertical(id="resume-dialog", classes="dialog"):
            yield Static(Content(app.tr("tui.resume.title")), classes="title")
            yield Static(Content(app.tr("tui.resume.body", story=record.title, decisions=record.decisions, when=when)))
            if not self.available:
                yield Static(Content(app.tr("tui.resume.gone")))
                with Horizontal(classes="buttons"):
                    yield Button(app.tr("tui.resume.keep"), id="later", variant="primary")
                    yield Button(app.tr("tui.resume.forget"), id="discard")
                return
            with Horizontal(classes="buttons"):
                yield Button(app.tr("tui.resume.continue"), id="resume", variant="primary")
                yield Button(app.tr("tui.resume.start_again"), id="discard")
                yield Button(app.tr("tui.resume.later"), id="later")

    def on_mount(self) -> None:
        """Continue is the default answer."""
        self.query_one("#resume" if self.available else "#later", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button chosen."""
        self.dismiss(event.button.id or "later")

    def action_later(self) -> None:
        """Keep it for later."""
        self.dismiss("later")
