"""Where a scrolled view has more to show, said in words ("▼ more below (PgDn)"), not by a scrollbar alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from textual.dom import DOMNode
from textual.widget import Widget

from scenarios.tui.widgets.transcript import Tr

Direction = Literal["down", "up", ""]


def more_direction(widget: Widget) -> Direction:
    """Where `widget` has more than it shows: below (what is still unread comes first), above, or nowhere."""
    if widget.max_scroll_y <= 0:
        return ""
    if round(widget.scroll_y) < widget.max_scroll_y:
        return "down"
    return "up" if widget.scroll_y > 0 else ""


def more_text(widget: Widget, tr: Tr, *, down: str, up: str) -> str:
    """The hint for `widget` in the trainee's words, naming the key that scrolls it (`down`, `up`); '' for none."""
    direction = more_direction(widget)
    if not direction:
        return ""
    return tr(f"tui.more.{direction}", keys=down if direction == "down" else up)


def follow_scrolling(owner: DOMNode, widget: Widget, callback: Callable[[], None]) -> None:
    """Call `callback` whenever `widget` scrolls, and after the screen is refreshed when what it holds grows or
    shrinks (its own size is set later in the same layout). A change of the widget's height alone is the
    owner's to notice: after a resize, or when it changes what is around it."""

    def after_refresh() -> None:
        owner.call_after_refresh(callback)

    owner.watch(widget, "scroll_y", callback, init=False)
    owner.watch(widget, "virtual_size", after_refresh, init=False)
