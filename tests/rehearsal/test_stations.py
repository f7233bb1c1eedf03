"""The chapter 6 station rotation, headless: a whole rotation with its grids, saved, resumed after a crash, exported."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.rehearsal import station_saves
from scenarios.rehearsal.station_export import export_stations
from scenarios.rehearsal.station_records import StationRecords
from scenarios.rehearsal.stations import (
    GRID_FIELDS,
    ROLES,
    SKILL_KINDS,
    STATIONS,
    StationError,
    StationSession,
    plan_rotation,
)
from scenarios.rehearsal.story_records import ACTIVE, FINISHED, StoryRecords
from scenarios.store import Store
from tests.postgresql import or_shared
from tests.rehearsal.conftest import FakeClock
from tests.rehearsal.test_export import csv_rows

PEOPLE = ["Aino", "Bo", "Cai", "Dan", "Eve", "Fia", "Gus", "Hil", "Ida", "Jon", "Kai", "Lea"]
KEEPERS = {"desk": "Aino", "email": "Bo", "chat": "Cai", "phone": "Dan"}
GROUPS = [["Eve", "Fia"], ["Gus", "Hil"], ["Ida", "Jon"], ["Kai", "Lea"]]


def new_session(clock: FakeClock, **kwargs: object) -> StationSession:
    return StationSession.new(keepers=KEEPERS, groups=GROUPS, team="Kirjasto", clock=clock, **kwargs)  # type: ignore[arg-type]


def test_every_group_visits_every_station_once_and_no_station_has_two_groups(clock: FakeClock) -> None:
    session = new_session(clock)
    seen: dict[str, list[str]] = {role: [] for role in ROLES}
    for number in range(session.rounds):
        visits = session.visits(number)
        assert len({v.station for v in visits}) == len(visits) == 4
        for visit in visits:
            seen[visit.role].append(visit.station)
    assert all(sorted(stations) == sorted(STATIONS) for stations in seen.values())
    assert [(v.role, v.station) for v in session.visits(1)][1] == ("retired-couple", "chat")
    assert session.visits(0)[0].people == ("Eve", "Fia")


@pytest.mark.usefixtures("store_backend")
def test_a_whole_rotation_is_saved_as_it_happens_resumed_after_a_crash_and_exported(
    clock: FakeClock, tmp_path: Path
) -> None:
    database = or_shared(tmp_path / "stations.sqlite3")  # on each backend of the store in turn
    records = StationRecords(Store(database))
    session = new_session(clock, round_minutes=15)
    session_id = records.start(session)
    session.start()
    for number in range(session.rounds):
        for visit in session.visits():
            for field in GRID_FIELDS:
                session.fill_grid(visit.station, visit.role, field, f"{visit.station}/{visit.role}/{field}")
        clock.advance(15 * 60)
        assert session.check_time_up() and not session.check_time_up()  # the signal comes once a round
        if number == 1:  # the facilitator's app dies in the middle of round 2
            session.fill_grid("desk", "young-adult", "questions", "Saako sarjakortin\nopiskelijahinnalla?")
            records.flush()  # what the writer thread had committed when the app died
            crashed = StoryRecords(Store(database)).get(session_id)
            assert crashed is not None and crashed.kind == "stations" and crashed.status == ACTIVE
            records = StationRecords(Store(database))
            session = records.resume(session_id, clock=clock)
        session.next_round()
    for station in STATIONS:
        for kind in SKILL_KINDS:
            session.fill_skills(station, kind, f"{kind} @ {station}")
    session.fill_common("skillset", "Tiedonhaku\nselkokieli")  # figure 7's row, typed together at the end
    session.answer(0, "Chat vaatii yhtä lailla kohtaamista kuin tiski.")
    session.answer(5, "Käydään kanavat läpi tiimipalaverissa.")
    session.set_notes("Kaikki kanavat vaativat selkokieltä.")
    records.flush()

    stored = StoryRecords(Store(database)).get(session_id)
    assert stored is not None and stored.status == FINISHED and stored.phase == "done"
    again = StationRecords(Store(database)).resume(session_id, clock=clock)
    assert again.is_done and again.grid("desk", "young-adult")["questions"] == "Saako sarjakortin\nopiskelijahinnalla?"
    assert all(again.filled(station) == (15, 15) for station in STATIONS)
    assert again.common_skills() == {"mindset": "", "skillset": "Tiedonhaku\nselkokieli", "toolset": ""}
    assert again.answers == {
        0: "Chat vaatii yhtä lailla kohtaamista kuin tiski.",
        5: "Käydään kanavat läpi tiimipalaverissa.",
    }
    events = [e.kind for e in StoryRecords(Store(database)).events(session_id)]
    assert events.count("next_round") == 3 and events.count("time_up") == 4 and events[-1] == "notes"

    table = csv_rows(export_stations(again, "csv", "en"))
    assert table[0] == [
        "Channel",
        "Customer",
        "Expectations and image of the channel",
        "What the service is like at its best",
        "What the customer might ask",
    ]
    assert table[1] == [
        "front desk",
        "young adult",
        "desk/young-adult/expects",
        "desk/young-adult/at_best",
        "Saako sarjakortin\nopiskelijahinnalla?",
    ]
    assert table[16][:3] == ["phone", "family with a foreign language", "phone/foreign-language-family/expects"]
    assert table[17] == [] and table[18][0] == "Channel" and len(table[18]) == 4
    assert table[19] == ["front desk", "mindset @ desk", "skillset @ desk", "toolset @ desk"]
    assert table[22] == ["phone", "mindset @ phone", "skillset @ phone", "toolset @ phone"]
    assert table[23] == ["All channels", "", "Tiedonhaku\nselkokieli", ""]
    assert table[24] == [] and table[25] == ["Question", "The team's answer"]
    assert table[26] == ["What did I learn that was new to me?", "Chat vaatii yhtä lailla kohtaamista kuin tiski."]
    assert len(table) == 32 and table[31][1] == "Käydään kanavat läpi tiimipalaverissa."

    markdown = export_stations(again, "md", "fi")
    assert "### Asiakkaat puhelinkanavassa" in markdown and "Pisteen pitäjä: Dan" in markdown
    assert "| nuori aikuinen | desk/young-adult/expects | desk/young-adult/at\\_best | " in markdown
    assert "Saako sarjakortin<br>opiskelijahinnalla?" in markdown
    assert (
        "| **Asenne (mindset)** | mindset @ desk | mindset @ email | mindset @ chat | mindset @ phone | — |" in markdown
    )
    assert "|  | asiointipiste | sähköposti | chat | puhelin | Kaikki kanavat |" in markdown
    assert "@ phone | Tiedonhaku<br>selkokieli |" in markdown
    assert "## Kysymyksiä teeman pohjalta" in markdown and "### Mitä uutta oivalsin?" in markdown
    assert "Chat vaatii yhtä lailla kohtaamista kuin tiski." in markdown and markdown.count("\n—\n") == 4
    assert "| Kierros 2 | vieraskielinen perhe | nuori aikuinen | eläkeläispari | pyörätuolilla liikkuja |" in markdown

    page = export_stations(again, "html", "en")
    assert "<h3>Customers on the phone</h3>" in page and "Saako sarjakortin<br>opiskelijahinnalla?" in page
    assert '<th scope="row">Toolset (knowledge and tools)</th><td>toolset @ desk</td>' in page
    assert "<td>skillset @ phone</td><td>Tiedonhaku<br>selkokieli</td></tr>" in page
    assert '<th scope="col">All channels</th>' in page and "<h2>Questions on the theme</h2>" in page
    assert "<h3>What did I learn that was new to me?</h3><p>Chat vaatii" in page


def test_texts_stay_text_in_every_export(clock: FakeClock) -> None:
    session = new_session(clock)
    session.fill_grid("chat", "wheelchair-user", "expects", "<script>alert(1)</script> | *x*")
    session.fill_skills("email", "toolset", '=HYPERLINK("http://x")')
    page = export_stations(session, "html", "en")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\<script\\>alert(1)\\</script\\> \\| \\*x\\*" in export_stations(session, "md", "en")
    rows = csv_rows(export_stations(session, "csv", "en"))
    assert rows[20][3] == '\'=HYPERLINK("http://x")'


def test_the_round_clock_signals_time_up_and_one_more_minute_counts_from_now(clock: FakeClock) -> None:
    session = new_session(clock, round_minutes=20)
    session.start()
    clock.advance(10 * 60)
    session.toggle_clock()  # paused: time does not run
    clock.advance(30 * 60)
    assert session.remaining() == 10 * 60 and not session.time_up()
    session.extend_round(60)  # +1 min while paused: a minute more, still paused (as in a story session)
    clock.advance(5 * 60)
    assert session.remaining() == 11 * 60 and not session.round_clock.is_running
    session.toggle_clock()
    clock.advance(60)
    clock.advance(12 * 60)
    assert session.time_up() and session.remaining() == 0
    session.extend_round(60)  # two minutes past the end: +1 min is one minute from now
    assert session.remaining() == 60 and not session.time_up()
    session.next_round()
    assert session.round_index == 1 and session.remaining() == 20 * 60 and session.round_clock.is_running


def test_a_running_round_clock_survives_kill_9(tmp_path: Path, store_backend: str | None) -> None:
    database = or_shared(tmp_path / "kill.sqlite3")
    writer = f"""
import sys
from scenarios.rehearsal.station_records import StationRecords
from scenarios.rehearsal.stations import StationSession
from scenarios.store import Store
records = StationRecords(Store({str(database)!r}))
s = StationSession.new(keepers={KEEPERS!r}, groups={GROUPS!r}, clock=lambda: 5000.0)
print(records.start(s), flush=True)
s.start()
s.next_round()
records.flush()  # the writer thread has committed the round's start
print("ok", flush=True)
n = 0
while True:
    n += 1
    s.fill_grid("phone", "retired-couple", "expects", f"typed {{n}}")
"""
    process = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True, env={**os.environ})
    assert process.stdout is not None
    session_id = int(process.stdout.readline())
    assert process.stdout.readline().strip() == "ok"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = Store(database)
    if store_backend is None:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    resumed = StationRecords(store).resume(session_id, clock=FakeClock(5000.0 + 7 * 60))
    assert resumed.round_index == 1 and resumed.round_clock.is_running
    assert resumed.remaining() == 13 * 60  # the groups went on talking while the app was down


def test_the_setup_plans_keepers_and_customer_groups(clock: FakeClock) -> None:
    keepers, groups = plan_rotation(PEOPLE, keepers=["Lea", "Kai"], seed=4)
    assert keepers["desk"] == "Lea" and keepers["email"] == "Kai" and len(set(keepers.values())) == 4
    assert len(groups) == 4 and sorted(p for g in groups for p in g) == sorted(set(PEOPLE) - set(keepers.values()))
    assert plan_rotation(PEOPLE, seed=4) == plan_rotation(PEOPLE, seed=4)
    _, two = plan_rotation(PEOPLE[:7], groups=2, seed=1)
    session = StationSession.new(keepers=KEEPERS, groups=two, clock=clock)
    assert session.roles == ("young-adult", "retired-couple")
    assert session.visitor("chat", 0) is None and session.filled("desk") == (0, 9)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: plan_rotation(PEOPLE[:4]), "too_few"),
        (lambda: plan_rotation(PEOPLE, keepers=["A", "B", "C", "D", "E"]), "too_many_keepers"),
        (lambda: plan_rotation(PEOPLE, keepers=["Aino", "Aino"]), "keeper_twice"),
        (lambda: StationSession.new(keepers=KEEPERS, groups=[["a"]] * 5), "too_many_groups"),
        (lambda: StationSession.new(keepers=KEEPERS, groups=[]), "no_groups"),
        (lambda: StationSession.new(keepers={"desk": "A"}, groups=GROUPS), "keepers"),
        (lambda: StationSession.new(keepers=KEEPERS, groups=GROUPS, round_minutes=0), "round_minutes"),
        (
            lambda: StationSession.new(keepers=KEEPERS, groups=GROUPS).fill_grid("fax", "young-adult", "expects", ""),
            "unknown_station",
        ),
        (lambda: StationSession.new(keepers=KEEPERS, groups=GROUPS).fill_skills("desk", "luck", ""), "unknown_kind"),
        (lambda: StationSession.new(keepers=KEEPERS, groups=GROUPS).fill_common("luck", ""), "unknown_kind"),
        (lambda: StationSession.new(keepers=KEEPERS, groups=GROUPS).fill_common("mindset", "x" * 4001), "too_long"),
        (lambda: StationSession.new(keepers=KEEPERS, groups=GROUPS).answer(6, "seventh"), "no_question"),
        (lambda: StationSession.new(keepers=KEEPERS, groups=GROUPS).answer(-1, "before"), "no_question"),
    ],
)
def test_what_cannot_be_done_is_refused_with_a_code(call: object, code: str) -> None:
    with pytest.raises(StationError) as error:
        call()  # type: ignore[operator]
    assert error.value.code == code


def test_a_save_from_before_the_closing_reads_with_an_empty_row_and_no_answers(clock: FakeClock) -> None:
    session = new_session(clock)
    session.start()
    session.fill_common("toolset", "Kielitaito")
    session.answer(2, "Chatin nopeudesta")
    data = json.loads(station_saves.to_json(session))
    assert data["format"] == 3 and data["answers"] == {"2": "Chatin nopeudesta"}
    again = station_saves.from_json(json.dumps(data), clock=clock)
    assert again.common_skills()["toolset"] == "Kielitaito" and again.answers == {2: "Chatin nopeudesta"}
    for key in ("common", "answers"):
        del data[key]
    data["format"] = 2  # the second format had neither
    before = station_saves.from_json(json.dumps(data), clock=clock)
    assert before.common_skills() == dict.fromkeys(SKILL_KINDS, "") and before.answers == {}
    assert before.grids == session.grids
