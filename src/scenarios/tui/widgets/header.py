"""The header every trainer screen shows: Textual's, safe while a screen is rebuilt in another language."""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    """Textual's header, which lets a title change pass while its screen is being rebuilt.

    A language switch sets the app's title and rebuilds the screens; a rebuilt screen's old header has
    already lost its title widget when Textual's title watcher reaches it, and Textual's header only
    allows for a header without a screen. The new header shows the new title either way.
    """

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # Textual's own handler would watch the titles without this allowance

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):
                pass

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
