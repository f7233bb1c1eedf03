"""The one line that says where the trainee is: mode, decision, the channel's clock and the customer's mood."""

from __future__ import annotations

from collections.abc import Iterator
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
    `Mood: annoyed (-1) ↓` (no arrow without `previous`; no label: the words alone)."""
    return f"{label} {mood_label(mood, language, story)}{mood_arrow(mood, previous)}".strip()


def mood_scale(mood: int) -> str:
    """The mood on a scale of seven, e.g. `○○●○○○○` for -1."""
    clamped = max(-3, min(3, mood))
    return "".join("●" if value == clamped else "○" for value in range(-3, 4))


class StatusLine(Widget):
    """Mode · decision · channel clock on the left, the mood on the right; each part a reactive.

    The play screen sets the parts; the widget repaints itself. Nothing here queries the DOM,
    so a timer may set `clock` at any moment, even while the screen rebuilds its transcript.
    When the line is too narrow, parts give way in this order: the mood's scale, the name in the
    clock (`clock_short`), the mood's label (`mood_short`), the mode, then the decision; the clock
    itself is never cut.
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
    clock_short: reactive[str] = reactive("")
    """The clock without the customer's name (`☎ 1:23`); empty: the same as `clock`."""
    mood: reactive[str] = reactive("")
    mood_short: reactive[str] = reactive("")
    """The mood without its label (`annoyed (-1)`); empty: the same as `mood`."""
    scale: reactive[str] = reactive("")
    mood_sign: reactive[int] = reactive(0)

    @property
    def text(self) -> str:
        """The whole line as plain text (what a screen reader or a test reads)."""
        left = " · ".join(part for part in (self.mode, self.decision, self.clock) if part)
        return f"{left}   {self.mood} {self.scale}".rstrip() if self.mood else left

    def layouts(self) -> Iterator[tuple[list[str], str]]:
        """The line's (left parts, mood) from the fullest to the shortest."""
        clock, short = self.clock, self.clock_short or self.clock
        mood, mood_short = self.mood, self.mood_short or self.mood
        with_scale = f"{mood} {self.scale}" if mood and self.scale else mood
        yield [self.mode, self.decision, clock], with_scale
        yield [self.mode, self.decision, clock], mood
        yield [self.mode, self.decision, short], mood
        yield [self.mode, self.decision, short], mood_short
        yield [self.decision, short], mood_short
        yield [short], mood_short
        yield [short], ""

    def render(self) -> Content:
        """The fullest layout that fits; the mood flush right, coloured by its sign (the words say it too)."""
        width = self.content_size.width
        left, mood = "", ""
        for parts, mood in self.layouts():
            left = " · ".join(part for part in parts if part)
            if cell_len(left) + (cell_len(mood) + 2 if mood else 0) <= width:
                break
        if cell_len(left) > width:  # narrower than the clock alone: the end of it, where the time is
            left = "…" + Content(left[::-1]).truncate(max(0, width - 1)).plain[::-1]
        gap = max(1, width - cell_len(left) - cell_len(mood)) if mood else 0
        mood_style = "$text-error" if self.mood_sign < 0 else "$text-success" if self.mood_sign > 0 else ""
        return Content.assemble((left, "bold"), " " * gap, (mood, mood_style))
