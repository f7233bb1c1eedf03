"""A short message (an error, something that cannot be done), optionally with a yes-button."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


class MessageScreen(ModalScreen[bool]):
    """Shows `message`; with `confirm`, returns True when that button is chosen, else False."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "close", id="close")]

    app: ScenariosApp

    def __init__(self, message: str, *, confirm: str | None = None) -> None:
        super().__init__()
        self.message = message
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        """The message and its buttons."""
        with Vertical(id="message", classes="dialog"):
            yield Static(Content(self.message))
            with Horizontal(classes="buttons"):
                if self.confirm:
                    yield Button(self.confirm, id="yes", variant="primary")
                yield Button(self.app.tr("tui.close"), id="no")

    def on_mount(self) -> None:
        """The confirming button (else Close) has the focus, so Enter answers."""
        self.query_one("#yes" if self.confirm else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button chosen."""
        self.dismiss(event.button.id == "yes")

    def action_close(self) -> None:
        """Close without confirming."""
        self.dismiss(False)
