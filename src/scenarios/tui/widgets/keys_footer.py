"""The keys line at the bottom of every screen: Textual's Footer, its keys made in their final style at once."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported by textual.widgets; the type the Footer yields

from scenarios.i18n.catalog import t

#: Textual's own key words that reach the keys line (a Select's open menu), in our words.
TEXTUAL_WORDS = {"Dismiss menu": "keys.dismiss_menu"}


@runtime_checkable
class Speaking(Protocol):
    """An app with a language (the trainer's apps; this module may not import them: they import it)."""

    language: str


class KeysFooter(Footer):
    """Textual's Footer, whose keys start in the footer's style (compact or not).

    Textual's Footer rebuilds its keys whenever the keys on offer change (a new screen, a focus
    change), and each new key starts compact, then takes the footer's style as it is mounted: up to
    two restylings of the key and its parts each, which were a tenth of the app's time in the pilot
    tests. Here each key is made in the footer's style, so mounting it changes nothing. Textual's own
    English key words (`TEXTUAL_WORDS`) are said in the app's language.

    Textual also rebuilds the keys when the keys on offer change only in ones it does not show (a focused
    search box brings its own hidden keys): here the keys are rebuilt only when what the line would show differs
    from what it shows (most focus changes in the pilot tests; each rebuild restyles and lays out the line again).
    """

    _shown: tuple[Any, ...] | None = None
    """What the keys line was last built from (`_on_offer()`), None before it was built."""

    def _on_offer(self) -> tuple[Any, ...]:
        """Everything the line is built from: each key it shows, as the Footer's `compose` reads it, and the style."""
        palette = self.app.COMMAND_PALETTE_BINDING
        keys = tuple(
            (binding, self.app.get_key_display(binding), enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )
        language = self.app.language if isinstance(self.app, Speaking) else "en"
        return (self._bindings_ready, self.compact, self.show_command_palette, language, keys)

    async def recompose(self) -> None:
        """Rebuild the keys when what the line shows would change (else keep it as it is)."""
        if not self.is_attached:
            return
        on_offer = self._on_offer()
        if on_offer == self._shown:
            return
        self._shown = on_offer
        await super().recompose()

    def compose(self) -> ComposeResult:
        language = self.app.language if isinstance(self.app, Speaking) else "en"
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
                if widget.description in TEXTUAL_WORDS:
                    widget.description = t(TEXTUAL_WORDS[widget.description], language)
            yield widget


class MoreKeys(HorizontalGroup):
    """A second keys line, right over the keys line, for keys the first has no room for at 80 columns (the library's
    F6 and F7: in Finnish the first line is full). Each key is the footer's own kind: a click presses it."""

    DEFAULT_CSS = """
    MoreKeys {
        height: 1;
        background: $footer-background;
        FooterKey { margin-right: 1; }
    }
    """

    def __init__(self, keys: list[tuple[str, str, str]], *, id: str | None = None) -> None:
        """`keys`: each key's name, the catalog key of its words (`tui.key.lessons`) and its action."""
        super().__init__(id=id)
        self.keys = keys

    def compose(self) -> ComposeResult:
        language = self.app.language if isinstance(self.app, Speaking) else "en"
        for key, words, action in self.keys:
            widget = FooterKey(key, key, t(words, language), action)
            widget.set_reactive(FooterKey.compact, True)
            widget.set_class(True, "-compact", update=False)
            yield widget
