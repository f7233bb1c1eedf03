"""The report's lessons read from a real Ralph are those counted by hand, and those read from the store."""

from __future__ import annotations

from pathlib import Path

from scenarios.records.mastery_report import lessons_report
from scenarios.records.outbox import LrsConfig, sync, waiting_statements
from scenarios.records.report import Filters
from scenarios.records.sources import from_lrs
from scenarios.store import Store
from tests.mastery.test_report import check, counted, three_trainees
from tests.records.ralph import KEY, SECRET, Ralph


def test_the_lessons_are_counted_the_same_from_a_real_lrs(running_ralph: Ralph, tmp_path: Path) -> None:
    team = f"team-{tmp_path.name}"  # the shared Ralph holds other tests' statements: this team is this test's
    three_trainees(team)
    config = LrsConfig(url=running_ralph.endpoint, key=KEY, secret=SECRET)
    store = Store()
    assert sync(store, config).waiting == 0
    held = from_lrs(config)
    check(lessons_report(held, Filters(team=team)))
    local = waiting_statements(store, include_sent=True)
    assert counted(lessons_report(local)) == counted(lessons_report(held, Filters(team=team)))
    store.close()
