"""The bar above a playthrough that says where it happens: desk, call timer, inbox or chat wait."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widgets import Static


def clock_text(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`) for a duration."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ChannelHeader(Static):
    """One line of channel context; the screen calls `show` every second."""

    ICONS: ClassVar[dict[str, str]] = {"desk": "🛎", "phone": "☎", "email": "✉", "chat": "💬"}

    def show(self, channel: str, title: str, detail: str) -> None:
        """Show the channel's icon and name, the story title and a live detail (timer, wait)."""
        self.update(Content.assemble((f"{self.ICONS.get(channel, '')} {title}", "bold"), f"   {detail}"))
