"""CSV that Excel opens right in Finland: UTF-8 with a byte-order mark, `;` between cells, no formulas.

Excel in a Finnish locale expects `;` (the comma is the decimal separator) and reads UTF-8 only with a
BOM. A cell that starts with `=`, `+`, `-`, `@` or a tab would be taken as a formula: it gets a `'` first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell's text, with a quote before anything a spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The table as text for an Excel-friendly `.csv` (write it as UTF-8: the BOM is included)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([cell if isinstance(cell, int | float) else safe_cell(cell) for cell in row])
    return BOM + buffer.getvalue()
