"""The one CSV writer: every CSV the project writes is a table Finnish Excel opens cleanly and cannot run.

UTF-8 with a byte order mark (Excel reads UTF-8 only with one), `;` between cells (in Finland the comma is
the decimal mark), LF line ends (Excel reads them, and a CR on its way to a terminal would be shown as an
escape), numbers with a decimal comma. Every text cell is inert, as OWASP's CSV-injection advice asks:
control characters are shown as visible escapes (`scenarios.visible`), and a cell a spreadsheet would take
as a formula (one that starts with `=`, `+`, `-`, `@`, a tab or a CR, also after leading spaces or line
breaks) gets a `'` first, which Excel and LibreOffice read as "this is text" and do not show.
Line breaks inside a text stay (the cell is quoted).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence

from scenarios.visible import visible

BOM = "\ufeff"
SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""

Cell = str | int | float | None
"""What a cell takes: text, a number, or nothing (an empty cell)."""


def text_cell(value: str) -> str:
    """A text cell made inert: control characters as escapes, a `'` before anything that would be a formula."""
    text = visible(value)
    return "'" + text if text.lstrip(" \n").startswith(FORMULA_STARTS) else text


def number_cell(value: int | float) -> str:
    """A number as Finnish Excel reads one: `2,5`, `4`, `-1` (a number, not a formula)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return text_cell(str(value))  # "-inf" is no number Excel knows: kept as inert text
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    return str(value)


def cell(value: Cell) -> str:
    """One cell's text in the file (before the CSV quoting)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a CSV cell takes words for yes and no, not a bool")
    if isinstance(value, int | float):
        return number_cell(value)
    return text_cell(value)


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The table as the text of a `.csv` file (write it as UTF-8: the byte order mark is included)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\n")
    writer.writerow([text_cell(title) for title in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()
