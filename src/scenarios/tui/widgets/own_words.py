"""Own words first, in the play screen: an editor for the trainee's reply, then its checklist.

Docked under the transcript in place of the options. At the desk, on the phone and in chat Enter sends (a reply
is said or typed in one go); in an email Enter starts a new line and Ctrl+S, Ctrl+Enter (where the terminal tells
it apart) or the button sends. The checklist is a list: Enter (or a click) on a mark turns it over when the
trainee disagrees; its last line goes on to the options.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from scenarios.trainer.own_words import MarkLine
from scenarios.tui.widgets.transcript import StoryText, Tr

SEND_KEYS = frozenset({"ctrl+s", "ctrl+enter"})
CONTINUE = "continue"


class ReplyArea(TextArea):
    """The trainee's reply: Enter sends unless the reply is an email (then it starts a new line)."""

    class Send(Message):
        """The trainee sends the reply."""

    multiline = False

    async def _on_key(self, event: events.Key) -> None:
        if event.key in SEND_KEYS or (event.key == "enter" and not self.multiline):
            event.stop()
            event.prevent_default()
            self.post_message(self.Send())
            return
        await super()._on_key(event)


class OwnWordsPanel(Vertical):
    """The editor, then the checklist of what was written. Hidden until `begin`."""

    tr: Tr

    class Sent(Message):
        """The trainee sent `text` (not empty)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Turned(Message):
        """The trainee turned the mark of item `id` over."""

        def __init__(self, id: str) -> None:
            super().__init__()
            self.id = id

    class Done(Message):
        """The trainee has read the checklist and goes on to the options."""

    def compose(self) -> ComposeResult:
        """Title and hint, the editor and its button; the checklist's legend and list (shown after sending)."""
        yield Static(id="own-title", markup=False)
        yield Static(id="own-hint", markup=False)
        with Horizontal(id="own-editor"):
            yield ReplyArea(id="own-reply", soft_wrap=True, show_line_numbers=False, compact=True)
            yield Button("", id="own-send", variant="primary", compact=True)
        yield Static(id="own-legend", markup=False)
        yield OptionList(id="own-checklist")

    def begin(self, tr: Tr, *, multiline: bool) -> None:
        """Show an empty editor and take the focus."""
        self.tr = tr
        self.set_words(tr, multiline=multiline)
        area = self.query_one(ReplyArea)
        area.multiline = multiline
        area.clear()
        area.read_only = False
        for name in ("#own-editor", "#own-hint"):
            self.query_one(name).display = True
        self.query_one("#own-legend").display = False
        self.query_one("#own-checklist").display = False
        self.display = True
        area.focus()

    def set_words(self, tr: Tr, *, multiline: bool) -> None:
        """The panel's words in the trainee's language."""
        self.query_one("#own-title", Static).update(Content(tr("tui.own.title")))
        hint = tr("tui.own.hint_email" if multiline else "tui.own.hint_line")
        self.query_one("#own-hint", Static).update(Content(hint))
        self.query_one("#own-send", Button).label = Content(tr("tui.own.send"))
        self.query_one("#own-legend", Static).update(Content(tr("tui.own.checklist")))

    def checking(self, tr: Tr) -> None:
        """The reply is being checked: the editor stays, read-only."""
        self.query_one(ReplyArea).read_only = True
        self.query_one("#own-hint", Static).update(Content(tr("tui.own.checking")))

    def show_checklist(self, lines: list[MarkLine], tr: Tr, text: StoryText, *, keep: int = 0) -> None:
        """The checklist under the reply (which stays in view, read-only), the cursor on line `keep`."""
        self.query_one(ReplyArea).read_only = True
        self.query_one("#own-hint").display = False
        self.query_one("#own-send").display = False
        self.query_one("#own-legend").display = True
        checklist = self.query_one("#own-checklist", OptionList)
        checklist.clear_options()
        for line in lines:
            checklist.add_option(Option(mark_content(line, tr, text), id=f"m-{line.id}"))
        checklist.add_option(Option(Content(tr("tui.own.continue")), id=CONTINUE))
        checklist.display = True
        checklist.highlighted = min(keep, len(lines))
        checklist.focus()

    @on(ReplyArea.Send)
    @on(Button.Pressed, "#own-send")
    def _send(self, event: Message) -> None:
        event.stop()
        area = self.query_one(ReplyArea)
        if area.read_only:
            return
        text = area.text.strip()
        if not text:
            self.app.bell()
            self.query_one("#own-hint", Static).update(Content(self.tr("tui.own.empty")))
            return
        self.post_message(self.Sent(text))

    @on(OptionList.OptionSelected, "#own-checklist")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id == CONTINUE:
            self.post_message(self.Done())
        elif option_id.startswith("m-"):
            self.post_message(self.Turned(option_id[2:]))


def mark_content(line: MarkLine, tr: Tr, text: StoryText) -> Content:
    """One mark: its sign, its label, the reply's words that showed it, and a correction's note."""
    style = {"✓": "bold $text-success", "✗": "bold $text-error"}.get(line.sign, "bold")
    parts: list[str | tuple[str, str]] = [(f"{line.sign} ", style), text(line.label)]
    if line.words:
        parts.append((" — " + ", ".join(f"“{words}”" for words in line.words), "dim"))
    if line.corrected:
        parts.append((f" {tr('own.corrected')}", "italic"))
    return Content.assemble(*parts)
