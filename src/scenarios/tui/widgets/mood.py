"""The customer's mood in words and as a scale, so it never depends on colour alone."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from scenarios.present import mood_label


class MoodMeter(Static):
    """Shows e.g. `Customer's mood: annoyed (-1) ↓  −3 ○○●○○○○ +3`; hidden when a story has no mood."""

    def show(self, mood: int | None, previous: int | None, language: str, label: str) -> None:
        """Update to `mood` (None hides the meter); an arrow tells which way it moved."""
        self.display = mood is not None
        if mood is None:
            return
        clamped = max(-3, min(3, mood))
        arrow = "" if previous is None or previous == mood else (" ↑" if mood > previous else " ↓")
        scale = "".join("●" if value == clamped else "○" for value in range(-3, 4))
        self.set_classes(f"mood-{'negative' if mood < 0 else 'positive' if mood > 0 else 'neutral'}")
        self.update(Content.assemble((f"{label} ", "bold"), mood_label(mood, language), arrow, "   −3 ", scale, " +3"))
