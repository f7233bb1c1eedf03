"""The facilitator's note on what the team said: a text area in a dialog, returned on save."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from scenarios.tui.rehearse.base import binding, localize

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


class RehearseNotesScreen(ModalScreen[str | None]):
    """Edit a note; returns the text on Save (or Ctrl+S), None on Cancel (or Escape)."""

    CSS_PATH = "rehearse.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("ctrl+s", "save", "notes", priority=True),
        binding("escape", "cancel", "quit"),
    ]

    app: ScenariosApp

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        """The note and its buttons."""
        with Vertical(id="rehearse-notes", classes="dialog"):
            yield Static(Content(self.app.tr("rehearsal.tui.notes_title")), classes="title")
            yield TextArea(self.text, id="note", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button(self.app.tr("rehearsal.tui.save"), id="save", variant="primary", compact=True)
                yield Button(self.app.tr("rehearsal.tui.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        """Focus the text, cursor at the end."""
        localize(self, self.app.language)
        area = self.query_one("#note", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Return the note."""
        self.dismiss(self.query_one("#note", TextArea).text)

    def action_cancel(self) -> None:
        """Leave the note as it was."""
        self.dismiss(None)
