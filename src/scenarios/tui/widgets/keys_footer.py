"""The keys line at the bottom of every screen: Textual's Footer, its keys made in their final style at once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported by textual.widgets; the type the Footer yields


class KeysFooter(Footer):
    """Textual's Footer, whose keys start in the footer's style (compact or not).

    Textual's Footer rebuilds its keys whenever the keys on offer change (a new screen, a focus
    change), and each new key starts compact, then takes the footer's style as it is mounted: up to
    two restylings of the key and its parts each, which were a tenth of the app's time in the pilot
    tests. Here each key is made in the footer's style, so mounting it changes nothing.
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget
