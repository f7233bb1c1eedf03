"""The one line that says where the trainee is: mode, decision, the channel's clock and the customer's mood."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from scenarios.i18n.present import mood_arrow, mood_label

if TYPE_CHECKING:
    from scenarios.story.model import Story


def mood_text(mood: int, previous: int | None, language: str, label: str, story: Story | None = None) -> str:
    """The mood in words (the story's own, if it names them) with an arrow for its last move, e.g.
    `Mood: annoyed (-1) ↓`."""
    return f"{label} {mood_label(mood, language, story)}{mood_arrow(mood, previous)}"


def mood_scale(mood: int) -> str:
    """The mood on a scale of seven, e.g. `○○●○○○○` for -1."""
    clamped = max(-3, min(3, mood))
    return "".join("●" if value == clamped else "○" for value in range(-3, 4))


class StatusLine(Widget):
    """Mode · decision · channel clock on the left, the mood on the right; each part a reactive.

    The play screen sets the parts; the widget repaints itself. Nothing here queries the DOM,
    so a timer may set `clock` at any moment, even while the screen rebuilds its transcript.
    """

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """
    ICONS: ClassVar[dict[str, str]] = {"desk": "🛎", "phone": "☎", "email": "✉", "chat": "💬"}

    mode: reactive[str] = reactive("")
    decision: reactive[str] = reactive("")
    clock: reactive[str] = reactive("")
    mood: reactive[str] = reactive("")
    scale: reactive[str] = reactive("")
    mood_sign: reactive[int] = reactive(0)

    @property
    def text(self) -> str:
        """The whole line as plain text (what a screen reader or a test reads)."""
        left = " · ".join(part for part in (self.mode, self.decision, self.clock) if part)
        return f"{left}   {self.mood} {self.scale}".rstrip() if self.mood else left

    def render(self) -> Content:
        """Left parts, then the mood flush right. When narrow the scale goes first, then the left is cut with …."""
        left = " · ".join(part for part in (self.mode, self.decision, self.clock) if part)
        width = self.content_size.width
        mood = f"{self.mood} {self.scale}" if self.mood and self.scale else self.mood
        if cell_len(left) + cell_len(mood) + 2 > width:
            mood = self.mood  # the words say it; the scale only repeats them
        room = width - cell_len(mood) - 2 if mood else width
        if cell_len(left) > room:
            left = Content(left).truncate(max(0, room - 1)).plain + "…"
        gap = max(1, width - cell_len(left) - cell_len(mood))
        mood_style = "$text-error" if self.mood_sign < 0 else "$text-success" if self.mood_sign > 0 else ""
        return Content.assemble((left, "bold"), " " * gap, (mood, mood_style))
