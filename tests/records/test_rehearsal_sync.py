"""The rehearsal app sends the team's learning records in the background, as the trainer app does: a rehearsal
run in it reaches a real Ralph as team statements (the team as a Group) without a `records sync`."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from scenarios.records.background import SyncSchedule
from scenarios.records.outbox import waiting_statements
from scenarios.store import Store
from scenarios.tui.rehearse.app import RehearsalApp
from scenarios.tui.rehearse.session import RehearseSessionScreen
from tests.conftest import MINI
from tests.records.ralph import Ralph
from tests.records.test_app_sync import Clock, lrs_env
from tests.records.xapi_schema import STATEMENT
from tests.rehearsal.conftest import FakeClock
from tests.tui.conftest import SIZE
from tests.tui.helpers import until
from tests.tui.test_rehearse import make, setup


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI, encoding="utf-8")
    return folder


def team_statement_ids() -> set[str]:
    """The ids of every team statement the store has made, sent or not."""
    statements = waiting_statements(Store(), include_sent=True)
    return {str(s["id"]) for s in statements if s["actor"].get("objectType") == "Group"}


async def test_a_rehearsal_in_the_app_reaches_a_real_lrs_in_the_background(
    library: Path, running_ralph: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    lrs_env(monkeypatch, running_ralph.endpoint)
    schedule_clock = Clock()
    app = make(library, FakeClock(1_750_000_000.0))
    assert isinstance(app, RehearsalApp)
    app.sync_schedule = SyncSchedule(schedule_clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the sync at start: nothing waited yet
        await setup(app, pilot, team="Kirjasto")
        assert isinstance(app.screen, RehearseSessionScreen)
        made = team_statement_ids()
        assert made and waiting_statements(Store())  # the team's start is kept, not sent yet
        # A minute on, the app's timer (`SYNC_TICK`) finds the sync due: what it calls, the test calls.
        schedule_clock.now = app.sync_schedule.next_at
        app.sync_records()
        await until(pilot, lambda: waiting_statements(Store()) == [], "the team's statements to be sent")
    held = {str(s["id"]): s for s in running_ralph.statements() if s["id"] in made}
    assert set(held) == made
    for statement in held.values():
        statement = {k: v for k, v in statement.items() if k not in ("stored", "authority")}
        jsonschema.validate(statement, STATEMENT)
        assert statement["actor"]["objectType"] == "Group" and statement["actor"]["name"] == "Kirjasto"


async def test_team_statements_left_waiting_go_as_soon_as_the_rehearsal_app_opens(
    library: Path, running_ralph: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    lrs_env(monkeypatch, running_ralph.endpoint)
    first = make(library, FakeClock(1_750_000_000.0))
    monkeypatch.setenv("SCENARIOS_LRS_URL", "http://127.0.0.1:9/xAPI/")  # the LRS out of reach in this session
    async with first.run_test(size=SIZE) as pilot:
        await setup(first, pilot, team="Kirjasto")
        await first.workers.wait_for_complete()
    made = team_statement_ids()
    assert made and {str(s["id"]) for s in waiting_statements(Store())} >= made
    lrs_env(monkeypatch, running_ralph.endpoint)
    again = make(library, FakeClock(1_750_000_100.0))
    async with again.run_test(size=SIZE) as pilot:
        # the sync `on_ready` starts, nothing else
        await until(pilot, lambda: waiting_statements(Store()) == [], "the statements left from before to be sent")
    assert {str(s["id"]) for s in running_ralph.statements()} >= made
