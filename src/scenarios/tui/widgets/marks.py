"""Check marks that show their state by shape, not only by colour.

Textual's Checkbox and SelectionList draw the same "X" whether a box is ticked or not, and tell
the two apart by colour alone: invisible to a colour-blind facilitator, and on a washed-out
projector to everyone. Here a ticked box shows its X and an empty box is empty.
"""

from __future__ import annotations

from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED, EMPTY = "X", " "


class MarkedCheckbox(Checkbox):
    """A Checkbox whose box is empty when it is off."""

    def render(self) -> Content:
        self.BUTTON_INNER = TICKED if self.value else EMPTY  # read by the toggle's own drawing
        return super().render()


class MarkedSelectionList(SelectionList[str]):
    """A SelectionList whose boxes are empty beside the options not chosen."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        # The list draws a box before each option's prompt: its left side, the mark, its right side.
        if selection.value in self.selected or len(segments) < 2 or segments[1].text != TICKED:
            return strip
        segments[1] = segments[1]._replace(text=EMPTY)
        return Strip(segments, strip.cell_length)
