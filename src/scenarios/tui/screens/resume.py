"""The offer to continue an interrupted playthrough, and the screens of each step of resuming.

The decisions are `scenarios.trainer.resume`'s; `show_step` only draws the step it is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from scenarios.i18n.catalog import moment_text
from scenarios.i18n.messages import render
from scenarios.trainer.resume import Answer, CannotResume, Offer, Resumed, Start, Step, StoreBusy, answer
from scenarios.tui.screens.message import MessageScreen
from scenarios.tui.screens.play import PlayScreen

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def show_step(app: ScenariosApp, step: Step) -> None:
    """Put the next step of resuming before the trainee: the offer, the play screen, or why it cannot go on."""
    if isinstance(step, Start):
        app.start_story(step.story)
    elif isinstance(step, Resumed):
        app.push_screen(PlayScreen(step.session, resumed=True))
    elif isinstance(step, Offer):
        asked = step

        def answered(choice: Answer | None) -> None:
            show_step(app, answer(app.trainer, asked, choice))

        app.push_screen(ResumeScreen(asked), answered)
    elif isinstance(step, CannotResume):
        story = step.story
        reason = render(step.error.code, step.error.params, app.language)

        def again(yes: bool | None) -> None:
            if yes:
                app.start_story(story)

        message = app.tr("tui.resume.cannot", reason=reason)
        app.push_screen(MessageScreen(message, confirm=app.tr("tui.resume.start_again")), again)
    elif isinstance(step, StoreBusy):
        app.push_screen(MessageScreen(app.tr("tui.error.busy")))


class ResumeScreen(ModalScreen[Answer]):
    """The offer to go on with an unfinished playthrough; returns one of the offer's answers.

    `waiting` and `changed` (the story was edited and the choices still fit) offer `resume`,
    `discard` (start again) and `later`; `elsewhere` (another window plays it) `fresh`
    (a new playthrough here), `take_over` and `later`; `missing` (the story is not in the
    library now) only `later` and `discard`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "later", "later", id="later")]

    app: ScenariosApp

    def __init__(self, offer: Offer) -> None:
        super().__init__()
        self.offer = offer
        self.record = offer.record
        self.kind = offer.kind

    def story_title(self) -> str:
        """The story's title in the trainee's language when the story is in the library; else the
        title stored with the playthrough (in the language it was played in)."""
        story = self.offer.story
        return self.app.story_text(story, story.title) if story is not None else self.record.title

    def compose(self) -> ComposeResult:
        """Which story, how far, when; and the answers."""
        app, record = self.app, self.record
        title = self.story_title()
        when = moment_text(record.updated_at, app.language)
        with Vertical(id="resume-dialog", classes="dialog"):
            if self.kind == "elsewhere":
                yield Static(Content(app.tr("tui.resume.elsewhere_title")), classes="title")
                yield Static(Content(app.tr("tui.resume.elsewhere_body", story=title, decisions=record.decisions)))
                with Horizontal(classes="buttons"):
                    yield Button(app.tr("tui.resume.fresh"), id="fresh", variant="primary")
                    yield Button(app.tr("tui.resume.take_over"), id="take_over")
                    yield Button(app.tr("tui.resume.later"), id="later")
                return
            yield Static(Content(app.tr("tui.resume.title")), classes="title")
            body = app.tr("tui.resume.body", story=title, decisions=record.decisions, when=when)
            if self.kind == "changed":
                body += "\n\n" + app.tr("tui.resume.changed")
            yield Static(Content(body))
            if self.kind == "missing":
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
        """The first answer (continue; a fresh playthrough when another window plays it; later when the
        story is gone) is the default."""
        self.query_one(f"#{self.offer.answers[0]}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button chosen."""
        self.dismiss(next((choice for choice in self.offer.answers if choice == event.button.id), "later"))

    def action_later(self) -> None:
        """Keep it for later."""
        self.dismiss("later")
