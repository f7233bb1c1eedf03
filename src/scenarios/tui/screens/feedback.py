"""Practice-mode feedback right after a choice: the verdict, why, and the ideal response."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from scenarios.engine import Result
from scenarios.model import Story
from scenarios.tui.text import localize_bindings

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def verdict_text(app: ScenariosApp, solution_focused: bool) -> str:
    """The verdict with a sign, so it does not rely on colour: `✓ Solution-focused`."""
    return f"{'✓' if solution_focused else '✗'} {app.tr('verdict.yes' if solution_focused else 'verdict.no')}"


class FeedbackScreen(ModalScreen[None]):
    """The verdict on one choice; Enter, Escape or the button goes on."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,escape,space", "dismiss", "continue", id="continue")]

    app: ScenariosApp

    def __init__(self, story: Story, result: Result) -> None:
        super().__init__()
        self.story = story
        self.result = result

    def compose(self) -> ComposeResult:
        """The verdict, the feedback, what happened, and the ideal when it was not chosen."""
        app, result = self.app, self.result
        text = lambda value: app.story_text(self.story, value)  # noqa: E731
        verdict_class = "good" if result.solution_focused else "bad"
        with VerticalScroll(id="feedback"):
            yield Static(Content(verdict_text(app, result.solution_focused)), id="verdict", classes=verdict_class)
            if result.feedback is not None:
                yield Static(Content.assemble((f"{app.tr('tui.feedback.why')} ", "bold"), text(result.feedback)))
            if result.is_ideal:
                yield Static(Content(app.tr("plain.ideal_chosen")), classes="ideal")
            else:
                yield Static(
                    Content.assemble((f"{app.tr('tui.feedback.ideal')} ", "bold"), text(result.ideal_text)),
                    classes="ideal",
                )
                if result.model_answer is not None:
                    yield Static(Content(app.tr("plain.model_answer", text=text(result.model_answer))))
            yield Button(app.tr("tui.feedback.continue"), id="continue", variant="primary")

    def on_mount(self) -> None:
        """Words for the Footer; focus the button."""
        localize_bindings(self, self.app.language)
        self.query_one("#continue", Button).focus()

    def on_button_pressed(self) -> None:
        """Go on with the story."""
        self.dismiss(None)

    async def action_dismiss(self, result: None = None) -> None:
        """Go on with the story."""
        self.dismiss(None)
