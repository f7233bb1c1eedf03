"""Practice-mode feedback right after a choice: the verdict on top, why, the lesson, the ideal, the model answer.

Under the conversation on a narrow screen, in the side panel on a wide one. The body is a list of sections
(`feedback_sections`): a new kind of feedback is one more section.
"""

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
from scenarios.tui.widgets.more import follow_scrolling, more_text
from scenarios.tui.widgets.transcript import StoryText, Tr

Section = list[str | tuple[str, str]]
"""One paragraph of the feedback, as `Content.assemble` parts."""


def verdict_text(tr: Tr, solution_focused: bool) -> str:
    """The verdict with a sign, so it does not rely on colour: `✓ Solution-focused`."""
    return f"{'✓' if solution_focused else '✗'} {tr('verdict.yes' if solution_focused else 'verdict.no')}"


def feedback_sections(result: Result, tr: Tr, text: StoryText, lesson: str = "") -> list[Section]:
    """Why, the lesson behind the verdict; then the ideal choice and the model answer (once, when they say the
    same) unless it was chosen. A reply written in the trainee's own words comes first, the ideal beside it
    (also when it was chosen): comparing the two is what own words first is for, so it is seen before any
    scrolling."""
    sections: list[Section] = []
    if result.own is not None:
        sections.append([(tr("plain.own.yours", text=result.own.text), "italic")])
        sections += ideal_sections(result, tr, text)
    if result.feedback is not None:
        sections.append([(f"{tr('tui.feedback.why')} ", "bold"), text(result.feedback)])
    if lesson:
        sections.append([(lesson, "italic")])
    if result.is_ideal:
        sections.append([tr("plain.ideal_chosen")])
    elif result.own is None:
        sections += ideal_sections(result, tr, text)
    return sections


def ideal_sections(result: Result, tr: Tr, text: StoryText) -> list[Section]:
    """The ideal choice, and the model answer when it says more."""
    ideal = text(result.ideal_text)
    sections: list[Section] = [[(f"{tr('tui.feedback.ideal')} ", "bold"), ideal]]
    if result.model_answer is not None:
        answer = text(result.model_answer)
        if not says_the_same(answer, ideal):
            sections.append([tr("plain.model_answer", text=answer)])
    return sections


def feedback_body(result: Result, tr: Tr, text: StoryText, lesson: str = "") -> Content:
    """The sections of the feedback on `result`, a blank line between them."""
    parts: Section = []
    for section in feedback_sections(result, tr, text, lesson):
        parts += ["\n\n" if parts else "", *section]
    return Content.assemble(*parts)


class FeedbackPanel(Vertical):
    """The verdict on one choice; Enter, Space, Escape or the button goes on.

    The verdict and the button stay on top; the explanation scrolls under them (↑ ↓, PgUp PgDn, the
    mouse), and the panel's bottom edge says when there is more below. Hidden until `show`; posts
    `FeedbackPanel.Continue` when the trainee goes on.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "continue", "continue", id="continue"),
    ]

    class Continue(Message):
        """The trainee has read the feedback."""

    words: Tr | None = None
    """The catalog in the trainee's language (set by `show`)."""

    def compose(self) -> ComposeResult:
        """The verdict and the button (pinned on top), then the explanation, scrollable."""
        with Horizontal(id="verdict-row"):
            yield Static(id="verdict", markup=False)
            yield Button("", id="continue", variant="primary", compact=True)
        with VerticalScroll(id="feedback-body"):
            yield Static(id="feedback-text", markup=False)

    def on_mount(self) -> None:
        """Keep the "more below" hint true to what the body shows."""
        follow_scrolling(self, self.body, self.show_more)

    @property
    def body(self) -> VerticalScroll:
        """The scrolling explanation."""
        return self.query_one("#feedback-body", VerticalScroll)

    def show(self, result: Result, tr: Tr, text: StoryText, language: str, lesson: str = "") -> None:
        """Fill in the feedback on `result` in the trainee's words (with the lesson behind the verdict),
        show it and take the focus."""
        self.words = tr
        localize_bindings(self, language)
        verdict = self.query_one("#verdict", Static)
        verdict.update(Content(verdict_text(tr, result.solution_focused)))
        verdict.set_classes("good" if result.solution_focused else "bad")
        self.query_one("#feedback-text", Static).update(feedback_body(result, tr, text, lesson))
        self.query_one("#continue", Button).label = Content(tr("tui.feedback.continue"))
        self.display = True
        body = self.body
        body.scroll_home(animate=False)
        body.focus()
        self.call_after_refresh(self.show_more)

    def show_more(self) -> None:
        """Say on the panel's bottom edge whether the explanation goes on below (or above)."""
        if self.words is not None:
            self.border_subtitle = more_text(self.body, self.words, down="↓", up="↑")

    def action_continue(self) -> None:
        """Go on with the story."""
        if self.display:
            self.post_message(self.Continue())

    @on(Button.Pressed, "#continue")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_continue()
