"""The reflection questions one at a time, each with its countdown and the team's note; then done."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Digits, Static, TextArea

from scenarios.rehearsal import Phase
from scenarios.tui.rehearse.base import Part, RunScreen, binding, localize
from scenarios.tui.rehearse.export import export_buttons, export_pressed, export_records
from scenarios.tui.rehearse.phones import PhonesChanged
from scenarios.tui.widgets.keys_footer import KeysFooter


class RehearseReflectScreen(RunScreen):
    """A question in large text with its countdown and a note field; at the end the session notes and export."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the note's TextArea would take F7 (select all) for itself.
        binding("f5", "clock('pause')", "pause", priority=True),
        binding("f5", "clock('resume')", "resume", priority=True),
        binding("f6", "timer('extend')", "extend", priority=True),
        binding("f7", "next", "next", priority=True),
        binding("f7", "export", "export", priority=True),  # once done: the record in every format
        binding("ctrl+q", "app.quit", "quit", priority=True),
    ]

    def compose(self) -> ComposeResult:
        """The question, the countdown and the note; or, when done, the session notes and exports."""
        with VerticalScroll(id="rehearse-stage"):
            yield Part(self._question, id="question-part")
            with Horizontal(id="rehearse-timer"):
                yield Digits("", id="countdown")
                yield Static("", id="timer-state", markup=False)
            yield Part(self._note, id="note-part")
            yield Static("", id="exported", markup=False)
        yield KeysFooter(show_command_palette=False)  # its room goes to the session's keys

    def _question(self) -> ComposeResult:
        app, s = self.app, self.session
        reflection = s.reflection
        if reflection is not None:
            position = app.tr("rehearsal.question", number=s.question_index + 1, of=len(s.reflections))
            yield Static(Content(f"{app.tr('rehearsal.export.reflection')} · {position}"), classes="heading")
            yield Static(Content(reflection.question.get_text(app.language, ("fi", "en"))), id="question",
                         classes="rehearse-title")  # fmt: skip
        else:
            yield Static(Content(app.tr("rehearsal.tui.done")), classes="rehearse-title")
            yield Static(Content(app.tr("rehearsal.tui.session_id", id=self.run.session_id)), classes="hint")

    def _note(self) -> ComposeResult:
        app, s = self.app, self.session
        reflection = s.reflection
        if reflection is not None:
            yield Static(Content(app.tr("rehearsal.tui.question_notes")), classes="hint")
            yield TextArea(reflection.note, id="note", name=self.note_key(), soft_wrap=True)
            yield Static(Content(self.phone_answers()), id="phone-notes")
            with Horizontal(classes="buttons"):
                yield Button(app.tr("rehearsal.tui.next_question"), id="next", variant="primary", compact=True)
                yield Button(app.tr("rehearsal.tui.finish"), id="finish", compact=True)
        else:
            yield Static(Content(app.tr("rehearsal.tui.session_notes")), classes="hint")
            yield TextArea(s.notes, id="note", name=self.note_key(), soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield from export_buttons(app)

    def on_mount(self) -> None:
        """Words, the countdown's one timer, the focus in the note."""
        localize(self, self.app.language)
        self.tick()
        self.set_interval(0.5, self.clock_ticks)
        self.query_one("#rehearse-timer").display = self.session.reflection is not None
        self.set_focus(self.query_one("#note", TextArea))

    def on_unmount(self) -> None:
        """The facilitator left the finished session: its phones close (they stayed for late notes)."""
        from scenarios.tui.rehearse.phones import close_phones

        if self.session.phase == Phase.DONE and self.run.phones is not None:
            close_phones(self.app)

    async def redraw(self) -> None:
        """The next question (or the end) in place of this one."""
        await self.redraw_parts()
        self.query_one("#rehearse-timer").display = self.session.reflection is not None
        self.refresh_bindings()
        self.tick()
        self.set_focus(self.query_one("#note", TextArea))

    async def show_words(self) -> None:
        """The question and the buttons in the new language (the note as typed)."""
        self.save_note()
        await self.redraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Timer and next only while a question is on screen; the export once the session is done."""
        if action in ("timer", "next"):
            return self.session.phase == Phase.REFLECT
        if action == "export":
            return self.session.phase == Phase.DONE
        if action == "clock":
            return self.session.phase == Phase.REFLECT and self.clock_key_works(parameters)
        return True

    def save_note(self) -> None:
        """Keep what is typed (the question's note, or the session notes once done)."""
        text = self.query_one("#note", TextArea).text
        if self.session.phase == Phase.REFLECT:
            if text != (self.session.reflection.note if self.session.reflection else ""):
                self.session.set_note(text)
        elif text != self.session.notes:
            self.session.set_session_note(text)

    def note_key(self) -> str:
        """Which note the note field holds now: the question's number, or the session's."""
        return f"question-{self.session.question_index}" if self.session.reflection is not None else "session"

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Every edit is saved at once, so a crash loses nothing."""
        if event.text_area.name == self.note_key():  # not a late edit of the question just left
            self.save_note()

    def on_phones_changed(self, message: PhonesChanged) -> None:
        """A participant's answer from a phone: the answers under the note again. The note being typed is
        never touched, and a screen between two questions (being redrawn) simply has no answers to update."""
        for answers in self.query("#phone-notes").results(Static):
            answers.update(Content(self.phone_answers()))

    def phone_answers(self) -> str:
        """The answers sent from phones to the question on screen, anonymous and alike ones together
        ("×2"), in the order they first came; empty when there are none."""
        reflection = self.session.reflection
        if reflection is None or not reflection.phone_notes:
            return ""
        counts: dict[str, tuple[str, int]] = {}
        for note in reflection.phone_notes:
            key = " ".join(note.text.casefold().split())
            text, count = counts.get(key, (note.text, 0))
            counts[key] = (text, count + 1)
        lines = [f"• {text}" + (f"  ×{count}" if count > 1 else "") for text, count in counts.values()]
        heading = self.app.tr("rehearsal.tui.phone_answers", count=len(reflection.phone_notes))
        return "\n".join([heading, *lines])

    def action_timer(self, what: str) -> None:
        """Pause/resume or extend the question's countdown."""
        self.session.timer_action(what)
        self.tick()

    def action_export(self) -> None:
        """The finished session's record as Markdown, HTML and CSV in the exports folder (the notes as typed)."""
        self.save_note()
        export_records(self)

    async def action_next(self) -> None:
        """The next question (or done)."""
        self.save_note()
        self.session.next_question()
        await self.redraw()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Next, finish, or an export."""
        if event.button.id == "next":
            await self.action_next()
        elif event.button.id == "finish":
            self.save_note()
            self.session.finish()
            await self.redraw()
        else:
            export_pressed(self, event.button.id or "")
