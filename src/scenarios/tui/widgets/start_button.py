"""The library's start button: a compact primary `Button` with only the styles it uses.

Textual's `Button` brings a stylesheet for every variant and style (about 7,000 characters); parsing
it was the largest single cost of the library's first frame. This button keeps Button's behaviour
(focus, Enter, click, `Pressed`) and draws as a compact primary button does, from a few rules.
"""

from __future__ import annotations

from textual.widgets import Button


class StartButton(Button, inherit_css=False):
    """A compact primary button that parses a small stylesheet of its own instead of Button's."""

    DEFAULT_CSS = """
    StartButton {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-color-foreground;
        background: $primary;
        border: none;
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
        }
        &:hover {
            background: $primary-darken-2;
        }
        &.-active {
            background: $primary;
            tint: $background 30%;
        }
    }
    """
