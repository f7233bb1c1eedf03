"""The debrief: the trainee's path beside the ideal, scores, ending, reflection; export to Markdown."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from scenarios.store import exports_dir
from scenarios.tui.export import debrief_markdown
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.screens.feedback import verdict_text
from scenarios.tui.text import localize_bindings

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp, Session


def bar(got: int, ideal: int, width: int = 10) -> str:
    """A text bar of `got` against `ideal`, e.g. `███████░░░`."""
    if ideal <= 0:
        return ""
    filled = max(0, min(width, round(width * got / ideal)))
    return "█" * filled + "░" * (width - filled)


class DebriefScreen(Screen[None]):
    """Everything to review after a playthrough."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "export", id="export"),
        Binding("r", "again", "again", id="again"),
        Binding("escape", "app.library", "back", id="back"),
    ]

    app: ScenariosApp

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.debrief = session.play.debrief()

    def compose(self) -> ComposeResult:
        """Ending, path beside the ideal, scores, reflection."""
        app, story, debrief = self.app, self.session.story, self.debrief
        text = lambda value: app.story_text(story, value)  # noqa: E731
        yield Header()
        with VerticalScroll(id="debrief"):
            yield Static(Content(f"{app.tr('plain.debrief')}: {text(story.title)}"), classes="title")
            if debrief.outcome is not None:
                outcome = app.tr(f"outcome.{debrief.outcome.value}")
                yield Static(
                    Content(app.tr("plain.ending", outcome=outcome)), classes=f"outcome {debrief.outcome.value}"
                )
            if debrief.dead_end:
                yield Static(Content(app.tr("plain.dead_end", node=debrief.ending_node or "")), classes="outcome")
            for line in debrief.ending_lines:
                yield Static(Content(text(line)), classes="ending-line")
            yield Static(Content(app.tr("tui.debrief.path")), classes="heading")
            for number, decision in enumerate(debrief.decisions, start=1):
                with Horizontal(classes="decision"):
                    yours = Content.assemble(
                        (f"{number}. {app.tr('tui.debrief.yours')}\n", "bold"),
                        text(decision.text),
                        "\n",
                        (verdict_text(app, decision.solution_focused), "italic"),
                    )
                    yield Static(yours, classes="yours")
                    ideal_body = app.tr("plain.ideal_chosen") if decision.is_ideal else text(decision.ideal_text)
                    ideal = Content.assemble((f"{app.tr('tui.debrief.ideal')}\n", "bold"), ideal_body)
                    yield Static(ideal, classes="ideal-column")
                if decision.feedback is not None:
                    yield Static(Content(text(decision.feedback)), classes="decision-feedback")
            yield Static(Content(app.tr("plain.scores")), classes="heading")
            with Vertical(id="scores"):
                sf = app.tr("dimension.solution_focus")
                got, total = debrief.solution_focused, debrief.total
                yield Static(Content(f"{sf:<22} {got:>2} / {total:<2} {bar(got, total)}"))
                for score in debrief.scores:
                    label = app.tr(f"dimension.{score.dimension}")
                    line = f"{label:<22} {score.got:>2} / {score.ideal:<2} {bar(score.got, score.ideal)}"
                    yield Static(Content(line))
            yield Static(Content(app.tr("plain.reflection")), classes="heading")
            for question in debrief.reflection:
                yield Static(Content(f"• {text(question)}"), classes="reflection")
        yield Footer()

    def on_mount(self) -> None:
        """Words for the Footer; arrows and Page keys scroll the debrief."""
        localize_bindings(self, self.app.language)
        self.query_one("#debrief").focus()

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language in the settings."""
        self.retranslate()

    def retranslate(self) -> None:
        """Redraw in the new language."""
        self.refresh(recompose=True)

    def action_export(self) -> None:
        """Write the debrief to a Markdown file in the exports folder and say where."""
        story = self.session.story
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self.app.clock()))
        try:
            path = exports_dir() / f"{story.id}-{stamp}.md"
            path.write_text(debrief_markdown(story, self.debrief, self.app.language, self.session.mode), "utf-8")
        except OSError as error:
            self.notify(self.app.tr("tui.error.export", detail=str(error)), severity="error", markup=False)
            return
        self.exported = path
        self.notify(self.app.tr("tui.debrief.exported", path=str(path)), markup=False)

    def action_again(self) -> None:
        """Play the same story again."""
        story = self.session.story
        if self.app.story_watch is not None:
            story = self.app.story_watch.newest(story)
        self.app.pop_screen()
        self.app.start_story(story)
