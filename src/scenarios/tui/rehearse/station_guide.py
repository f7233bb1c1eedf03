"""The facilitator's instructions for the station rotation, as chapter 6 runs it, over the rotation screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from scenarios.tui.rehearse.base import binding, localize
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


class StationGuideScreen(ModalScreen[None]):
    """How the exercise runs: the roles, what a keeper writes (expectations and the image of the channel), that
    the roles are not boxes, and how it ends (the cross-channel row and the six questions). Esc closes it."""

    CSS_PATH = "stations.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "dismiss", "back"),
        binding("i", "dismiss", "back", show=False),
        binding("ctrl+q", "app.quit", "quit", priority=True),
    ]

    app: ScenariosApp

    def compose(self) -> ComposeResult:
        """The instructions, scrollable when the screen is small."""
        with VerticalScroll(id="guide"):
            yield Static(Content(self.app.tr("stations.guide.heading")), classes="rehearse-title")
            yield Static(Content(self.app.tr("stations.guide.text")), id="guide-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Footer words."""
        localize(self, self.app.language)
