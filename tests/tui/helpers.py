"""Small helpers for pilot tests: read what a screen shows, find the library entry of a story."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from scenarios.tui.app import ScenariosApp
from scenarios.tui.widgets.status_line import StatusLine


def screen_text(app: ScenariosApp) -> str:
    """All text of the shown Static widgets, status lines and option lists on the current screen, as plain text."""
    parts = [str(widget.visual) for widget in app.screen.query(Static) if widget.display]
    parts += [status.text for status in app.screen.query(StatusLine)]
    for options in app.screen.query(OptionList):
        parts += [str(option.prompt) for option in options.options]
    return "\n".join(parts)


async def search_and_open(app: ScenariosApp, pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    """Put `query` in the library's search box and press Enter to start the first match.

    (Typing key by key is tested in test_library; here the whole word goes in at once.)
    """
    from textual.widgets import Input

    await pilot.pause()
    app.screen.query_one("#search", Input).value = query
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


def feedback_shown(app: ScenariosApp) -> bool:
    """True while the practice feedback is docked on the play screen."""
    panels = app.screen.query("#feedback")
    return bool(panels) and panels.first().display
