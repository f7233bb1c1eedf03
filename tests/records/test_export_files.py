"""What `records export` and `report` do with files: refuse to replace one unasked, skip what is not a
statement however it is built, and keep a statement's odd characters out of the trainer's Excel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.records.outbox import waiting_statements
from scenarios.store import Store
from scenarios.story.model import Story
from tests.exports.test_csvfile import cells
from tests.records.test_report import MONDAY, mini, trainee

__all__ = ["mini"]  # the fixture


def test_records_export_keeps_an_existing_file_unless_forced(
    tmp_path: Path, mini: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    trainee(Path(Store().path), mini, [(["online"], MONDAY)]).close()
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "records.jsonl"
    target.write_text("a trainer's own notes\n", encoding="utf-8")
    assert main(["--lang", "en", "records", "export", "-o", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "a trainer's own notes\n"
    assert main(["--lang", "en", "records", "export", "-o", str(target), "--force"]) == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 4
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["records.jsonl"]  # no temporary file left beside it


def test_report_skips_a_line_nested_a_hundred_thousand_deep(
    tmp_path: Path, mini: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    store = trainee(tmp_path / "a.sqlite3", mini, [(["online"], MONDAY)])
    lines = [json.dumps(s) for s in waiting_statements(store)]
    store.close()
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text("[" * 100_000 + "\n" + "\n".join(lines) + "\n" + "{" * 100_000 + "\n", encoding="utf-8")
    assert main(["--lang", "en", "report", str(hostile)]) == 0
    captured = capsys.readouterr()
    assert "Playthroughs: 1" in captured.out and "Traceback" not in captured.err
    assert "hostile.jsonl:1: skipped" in captured.err and f"hostile.jsonl:{len(lines) + 2}: skipped" in captured.err


def test_report_csv_shows_control_characters_of_a_statements_ids_as_escapes(
    tmp_path: Path, mini: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    store = trainee(tmp_path / "a.sqlite3", mini, [(["check", "tell"], MONDAY)])
    statements = waiting_statements(store)
    store.close()
    text = json.dumps(statements).replace("/start", "/st\\u001b[2Jart\\u202e")  # JSON's escapes, read as ESC, RLO
    source = tmp_path / "statements.json"
    source.write_text(text, encoding="utf-8")
    table = tmp_path / "report.csv"
    assert main(["--lang", "en", "report", str(source), "--csv", str(table)]) == 0
    written = table.read_text(encoding="utf-8")
    assert "\x1b" not in written and "\u202e" not in written
    assert any("st\\x1b[2Jart\\u202e" in cell for row in cells(written)[1:] for cell in row)
