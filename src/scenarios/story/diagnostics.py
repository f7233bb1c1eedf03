"""A problem located in a story file, ready to show to an author: `file:line:col: message`.

Apart from the loader so that the library can show a broken file's problems from the index
cache without importing the YAML parser or pydantic; the loader re-exports `Diagnostic`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scenarios.i18n.messages import render
from scenarios.visible import visible


@dataclass(frozen=True)
class Diagnostic:
    """A problem located in a file, ready to show to an author."""

    file: str
    line: int
    column: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    source_line: str = ""
    severity: str = "error"

    def message(self, language: str = "en") -> str:
        """The plain sentence saying what is wrong and what to do."""
        return render(self.code, self.params, language)

    def format(self, language: str = "en") -> str:
        """`file:line:col: message`, then the offending line with a caret under it."""
        head = f"{visible(self.file, one_line=True)}:{self.line}:{self.column}: {self.message(language)}"
        if not self.source_line.strip():
            return visible(head)
        number = str(self.line)
        gutter = " " * len(number)
        line, column = _window(self.source_line.replace("\t", " "), self.column)
        # A control character in the line is shown as its escape, so the caret moves with it.
        caret = len(visible(line[: column - 1], one_line=True))
        return f"{visible(head)}\n  {number} | {visible(line, one_line=True)}\n  {gutter} | {' ' * caret}^"


_SHOWN = 120  # characters of a long source line shown around the caret


def _window(line: str, column: int) -> tuple[str, int]:
    """A long line cut to the part around `column` (with '…' where cut), and the column in it."""
    if len(line) <= _SHOWN:
        return line, column
    start = max(0, min(column - 1 - _SHOWN // 2, len(line) - _SHOWN))
    shown = ("…" if start else "") + line[start : start + _SHOWN] + ("…" if start + _SHOWN < len(line) else "")
    return shown, column - start + (1 if start else 0)
