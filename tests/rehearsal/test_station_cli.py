"""The station rotation on the command line (`rehearse --list/--export`) over the store on SQLite and on PostgreSQL
(`store_backend`), and what `cards` refuses."""

from __future__ import annotations

import pytest

from scenarios.cli.main import main
from scenarios.rehearsal.station_records import StationRecords
from scenarios.rehearsal.stations import StationSession
from scenarios.store import Store
from tests.rehearsal.conftest import FakeClock
from tests.rehearsal.test_export import csv_rows

KEEPERS = {"desk": "Aino", "email": "Bo", "chat": "Cai", "phone": "Dan"}
SHARED = pytest.mark.usefixtures("store_backend")
"""On each backend of the store in turn (`Store()` and the commands use the one `SCENARIOS_STORE` names)."""


@SHARED
def test_a_rotation_is_listed_and_exported_by_its_id(clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    session = StationSession.new(keepers=KEEPERS, groups=[["Eve"], ["Fia"]], team="Uimahalli", clock=clock)
    records = StationRecords(Store())
    session_id = records.start(session)
    session.start()
    session.fill_grid("email", "retired-couple", "questions", "Menikö viesti perille?\nMilloin vastaatte?")
    session.fill_skills("email", "skillset", "Selkokieli")
    records.flush()  # the app's writer thread has kept it all before the command line reads it
    assert main(["rehearse", "--list", "--lang", "en"]) == 0
    listed = capsys.readouterr().out
    assert f"{session_id:>4}" in listed and "station rotation" in listed and "Uimahalli" in listed
    assert main(["rehearse", "--export", str(session_id), "--format", "csv", "-o", "-", "--lang", "en"]) == 0
    rows = csv_rows(capsys.readouterr().out)
    assert ["email", "retired couple", "", "", "Menikö viesti perille?\nMilloin vastaatte?"] in rows
    assert ["email", "", "Selkokieli", ""] in rows
    assert main(["rehearse", "--export", str(session_id), "--format", "md", "-o", "-", "--lang", "fi"]) == 0
    assert "Menikö viesti perille?<br>Milloin vastaatte?" in capsys.readouterr().out


@SHARED
def test_the_cards_of_a_saved_rotation_are_printed_by_its_id(
    clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    session = StationSession.new(keepers=KEEPERS, groups=[["Eve", "Fia"], ["Gus"]], team="Uimahalli", clock=clock)
    records = StationRecords(Store())
    session_id = records.start(session)
    session.start()
    records.flush()
    assert main(["cards", "--rotation", str(session_id), "--lang", "en"]) == 0
    sheet = capsys.readouterr().out
    assert f"station rotation {session_id} · Uimahalli" in sheet
    for keeper, channel in (("Aino", "front desk"), ("Bo", "email"), ("Cai", "chat"), ("Dan", "phone")):
        card = sheet.split(f"## You serve: {channel}\n\n**Name:** {keeper}", 1)[1].split("\n## ", 1)[0]
        assert "| young adult (round " in card and "| retired couple (round " in card
    assert sheet.count("You are the customer: young adult") == 2 and "**Name:** Gus" in sheet
    assert main(["cards", "--rotation", str(session_id), "--lang", "en"]) == 0
    assert capsys.readouterr().out == sheet  # the same rotation prints the same cards
    assert main(["cards", "--rotation", str(session_id + 1), "--lang", "en"]) == 2
    assert f"no saved station rotation {session_id + 1}" in capsys.readouterr().err
    assert main(["cards", "--rotation", str(session_id), "--minutes", "5", "--lang", "en"]) == 2
    assert "--minutes does not go with --rotation" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--names", ""], "--names holds no names"),
        (["--names", " , ,"], "--names holds no names"),
        (["--minutes", "0"], "at least one minute"),
        (["--minutes", "-5"], "at least one minute"),
        (["-n", "-3"], "at least two participants"),
    ],
)
def test_cards_refuse_what_would_silently_become_a_default(
    arguments: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cards", *arguments, "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert said in captured.err and captured.out == ""
