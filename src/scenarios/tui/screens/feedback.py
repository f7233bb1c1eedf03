"""Practice-mode feedback right after a choice, docked under the conversation: the verdict on top, why, the lesson,
the ideal."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from scenarios.engine import Result
from scenarios.i18n.present import says_the_same
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.transcript import StoryText, Tr


def verdict_text(tr: Tr, solution_focused: bool) -> str:
    """The verdict with a sign, so it does not rely on colour: `✓ Solution-focused`."""
    return f"{'✓' if solution_focused else '✗'} {tr('verdict.yes' if solution_focused else 'verdict.no')}"


def feedback_body(result: Result, tr: Tr, text: StoryText, lesson: str = "") -> Content:
    """Why, the lesson behind the verdict, then the ideal choice and the model answer (once, when they say
    the same) unless it was chosen. A reply written in the trainee's own words comes first, the ideal beside it
    (also when it was chosen): comparing the two is what own words first is for, so it is seen before any
    scrolling."""
    parts: list[str | tuple[str, str]] = []
    if result.own is not None:
        parts += [(tr("plain.own.yours", text=result.own.text), "italic")]
        parts += ["\n\n", *ideal_parts(result, tr, text)]
    if result.feedback is not None:
        parts += ["\n\n" if parts else "", (f"{tr('tui.feedback.why')} ", "bold"), text(result.feedback)]
    if lesson:
        parts += ["\n\n" if parts else "", (lesson, "italic")]
    if result.is_ideal:
        parts += ["\n\n" if parts else "", tr("plain.ideal_chosen")]
    elif result.own is None:
        parts += ["\n\n" if parts else "", *ideal_parts(result, tr, text)]
    return Content.assemble(*parts)


def ideal_parts(result: Result, tr: Tr, text: StoryText) -> list[str | tuple[str, str]]:
    """The ideal choice, and the model answer when it says more."""
    ideal = text(result.ideal_text)
    parts: list[str | tuple[str, str]] = [(f"{tr('tui.feedback.ideal')} ", "bold"), ideal]
    if result.model_answer is not None:
        answer = text(result.model_answer)
        if not says_the_same(answer, ideal):
            parts += ["\n\n", tr("plain.model_answer", text=answer)]
    return parts


class FeedbackPanel(Vertical):
    """The verdict on one choice under the transcript; Enter, Space, Escape or the button goes on.

    Hidden until `show`; posts `FeedbackPanel.Continue` when the trainee goes on.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "continue", "continue", id="continue"),
    ]

    class Continue(Message):
        """The trainee has read the feedback."""

    def compose(self) -> ComposeResult:
        """The verdict and the button (pinned on top), then the explanation, scrollable."""
        with Horizontal(id="verdict-row"):
            yield Static(id="verdict", markup=False)
            yield Button("", id="continue", variant="primary", compact=True)
        with VerticalScroll(id="feedback-body"):
            yield Static(id="feedback-text", markup=False)

    def show(self, result: Result, tr: Tr, text: StoryText, language: str, lesson: str = "") -> None:
        """Fill in the feedback on `result` in the trainee's words (with the lesson behind the verdict),
        show it and take the focus."""
        localize_bindings(self, language)
        verdict = self.query_one("#verdict", Static)
        verdict.update(Content(verdict_text(tr, result.solution_focused)))
        verdict.set_classes("good" if result.solution_focused else "bad")
        self.query_one("#feedback-text", Static).update(feedback_body(result, tr, text, lesson))
        self.query_one("#continue", Button).label = Content(tr("tui.feedback.continue"))
        self.display = True
        body = self.query_one("#feedback-body", VerticalScroll)
        body.scroll_home(animate=False)
        body.focus()

    def action_continue(self) -> None:
        """Go on with the story."""
        if self.display:
            self.post_message(self.Continue())

    @on(Button.Pressed, "#continue")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_continue()
