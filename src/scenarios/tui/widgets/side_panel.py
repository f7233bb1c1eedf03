"""The play screen's side panel on a wide screen: the customer, the situation, the mood, and the feedback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from scenarios.tui.screens.feedback import FeedbackPanel


class SidePanel(Vertical):
    """Beside the conversation from `WIDE` columns on: who the customer is, the situation and their mood, and
    after a choice in practice the lesson of the material behind the verdict (its name and what it says: never
    before the choice, which it would give away) and the feedback (its verdict, why, the ideal). On a narrower
    screen only the feedback shows, under the conversation, with the lesson's name in it (the status line has
    the mood, the briefing had the situation). A line left empty is hidden.
    """

    WIDE = 120
    """From this many columns the play screen has a side panel."""

    def compose(self) -> ComposeResult:
        """The lines of information, then the feedback (hidden until a choice in practice mode)."""
        for name in ("customer", "situation", "mood"):
            yield Static(id=f"side-{name}", classes="side-info", markup=False)
        yield Static(id="side-lesson", classes="side-info -empty", markup=False)  # filled after a choice
        feedback = FeedbackPanel(id="feedback")
        feedback.display = False
        yield feedback

    def show(self, *, customer: Content, situation: Content, mood: Content) -> None:
        """Put the information in (plain text: story text is never markup); an empty line is hidden."""
        for name, content in (("customer", customer), ("situation", situation), ("mood", mood)):
            line = self.query_one(f"#side-{name}", Static)
            line.update(content)
            line.set_class(not content.plain, "-empty")

    def show_lesson(self, lesson: Content) -> None:
        """Put the lesson behind the verdict in its place, or empty it (`Content("")`) when the next decision comes."""
        line = self.query_one("#side-lesson", Static)
        line.update(lesson)
        line.set_class(not lesson.plain, "-empty")
