"""The briefing before a story's first decision: the situation, what in it is made up, and how it is played."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from scenarios.i18n.present import customer_label, story_language
from scenarios.story.model import Story
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.header import Header
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


class BriefingScreen(Screen[None]):
    """What the trainee reads before a new playthrough, at any width: the story's summary, the note on what
    in it is made up, and the mode. Enter starts the story (its clocks start then); Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "begin", "begin", id="begin"),
        Binding("escape", "app.pop_screen", "back", id="back"),
    ]

    app: ScenariosApp

    def __init__(self, story: Story) -> None:
        super().__init__(classes=f"channel-{story.channel.value}")
        self.story = story
        self.mode = ""
        """The mode the briefing shows (the settings' when it was drawn)."""

    def compose(self) -> ComposeResult:
        """Title, the story's details, the summary, the made-up-examples note, the mode, the start button."""
        app, story = self.app, self.story
        yield Header()
        with VerticalScroll(classes="page", id="briefing"):
            yield Static(Content(self.text(story.title)), classes="heading")
            details = " · ".join(
                (
                    app.tr(f"channel.{story.channel.value}"),
                    customer_label(story, app.language),
                    app.tr(f"theme.{story.theme.value}"),
                )
            )
            yield Static(Content(details), id="briefing-details")
            yield Static(Content(self.text(story.summary)), id="briefing-summary")
            if story.fictional:
                note = story.fictional_note
                words = self.text(note) if note is not None else app.tr("story.fictional")
                yield Static(Content(words), id="fictional")
            shown = story_language(story, app.language)
            if shown != app.language:
                yield Static(Content(app.tr("plain.language_fallback", asked=app.language, shown=shown)), id="fallback")
            mode = self.mode = app.settings.mode
            words = app.tr(f"tui.mode.{mode}")
            if mode == "exam":
                words += ". " + app.tr("tui.briefing.exam_pass")
            yield Static(Content(f"{app.tr('tui.settings.mode')}: {words}"), id="briefing-mode")
            begin = Button(Content(app.tr("tui.briefing.start")), id="begin", variant="primary", compact=True)
            begin.can_focus = False  # Enter is the screen's key (and shows in the keys line), a click the button's
            yield begin
        yield KeysFooter(compact=True)

    def text(self, value: object) -> str:
        """A text of the story in the trainee's language (or the story's own first language)."""
        return self.app.story_text(self.story, value)

    def on_mount(self) -> None:
        """Words for the keys; the page has the focus, so the arrows scroll a long briefing."""
        localize_bindings(self, self.app.language)
        self.query_one("#briefing").focus()

    def on_screen_resume(self) -> None:
        """Back from the settings or the commands: say the mode the story will be played in now."""
        if self.mode != self.app.settings.mode:
            self.redraw()

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language (from the command palette)."""
        self.redraw()

    def redraw(self) -> None:
        """Draw the briefing again (a new language or mode), the page keeping the focus."""
        self.refresh(recompose=True)
        self.call_after_refresh(lambda: self.query_one("#briefing").focus())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The start button: begin the story."""
        event.stop()
        self.action_begin()

    def action_begin(self) -> None:
        """Start the playthrough and show it in place of the briefing."""
        self.app.play_story(self.story)
