"""The offer to continue an interrupted playthrough."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from scenarios.store import PlaythroughRecord

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


Kind = Literal["waiting", "changed", "elsewhere"]


class ResumeScreen(ModalScreen[str]):
    """The offer to go on with an unfinished playthrough.

    `waiting` and `changed` (the story was edited and the choices still fit) return `resume`,
    `discard` (start again) or `later`; `elsewhere` (another window plays it) returns `fresh`
    (a new playthrough here), `take_over` or `later`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "later", "later", id="later")]

    app: ScenariosApp

    def __init__(self, record: PlaythroughRecord, kind: Kind = "waiting", *, available: bool = True) -> None:
        super().__init__()
        self.record = record
        self.kind = kind
        self.available = available
        """False when the story is not in the library now: then only later or discard are offered."""

    def story_title(self) -> str:
        """The story's title in the trainee's language when the story is in the library; else the
        title stored with the playthrough (in the language it was played in)."""
        story = self.app.story_of(self.record)
        return self.app.story_text(story, story.title) if story is not None else self.record.title

    def compose(self) -> ComposeResult:
        """Which story, how far, when; and the answers."""
        app, record = self.app, self.record
        title = self.story_title()
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(record.updated_at))
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
            if not self.available:
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
        if not self.available:
            self.query_one("#later", Button).focus()
        else:
            self.query_one("#fresh" if self.kind == "elsewhere" else "#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button chosen."""
        self.dismiss(event.button.id or "later")

    def action_later(self) -> None:
        """Keep it for later."""
        self.dismiss("later")
