"""`?`: the keys of the screen on show, in the trainee's words (as posting, harlequin and lazygit do)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from scenarios.tui.text import key_words, localize_bindings

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def key_rows(app: ScenariosApp, bindings: dict[str, ActiveBinding]) -> list[tuple[str, str]]:
    """(keys, what they do) for each of our keys that works on the screen now, shown or not, once per meaning:
    the nine number keys are one row (`1–9`), and so are two keys that do the same (`^q ^c`)."""
    keys: dict[str, list[str]] = {}  # what a key does -> the keys that do it (Ctrl+Q and Ctrl+C quit)
    for active in bindings.values():
        words = key_words(active.binding, app.language)
        if words is None or not active.enabled:
            continue
        shown = active.binding.key_display or app.get_key_display(active.binding)
        if shown not in keys.setdefault(words, []):
            keys[words].append(shown)
    return [(" ".join(shown), words) for words, shown in keys.items()]


class KeysScreen(ModalScreen[None]):
    """The keys of the screen under it; any of Escape, `?` or Enter closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,enter", "close", "close", id="close"),
    ]

    app: ScenariosApp

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        """A title and one line per key."""
        app = self.app
        width = max((len(key) for key, _ in self.rows), default=0)
        with VerticalScroll(id="keys", classes="dialog"):
            yield Static(Content(app.tr("tui.keys.title")), classes="title")
            lines = [Content.assemble((key.ljust(width), "bold"), "  ", words) for key, words in self.rows]
            yield Static(Content("\n").join(lines), id="key-rows")
            yield Static(Content(app.tr("tui.keys.more")), id="keys-more")

    def on_mount(self) -> None:
        """Words for the keys line."""
        localize_bindings(self, self.app.language)

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)
