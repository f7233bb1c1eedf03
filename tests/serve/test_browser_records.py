"""Playthroughs in the browser reach a real Ralph LRS as valid statements, once each, with the served trainee
as the actor, though the LRS was down while they were played: the served app's background sync sends them
when the trainer is next opened on the server, or a timer's `records sync` on the server's data directory
does; and the trainer's report from the LRS counts a trainee in the browser beside one in the terminal."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scenarios.cli.main import main
from tests.records.conftest import ralph, running_ralph
from tests.records.ralph import KEY, SECRET, Ralph
from tests.records.xapi_schema import STATEMENT
from tests.serve.served import Served, serve
from tests.serve.test_browser import Browser
from tests.support import numbers_for, story_at

__all__ = ["ralph", "running_ralph"]  # the real Ralph of the records tests, for this module too


@pytest.fixture
def served_with_lrs(tmp_path: Path, ralph: Ralph, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """`scenarios serve` whose app processes send learning records to the test's Ralph (through the environment,
    as a server deployment sets them)."""
    monkeypatch.setenv("SCENARIOS_LRS_URL", ralph.endpoint)
    monkeypatch.setenv("SCENARIOS_LRS_KEY", KEY)
    monkeypatch.setenv("SCENARIOS_LRS_SECRET", SECRET)
    monkeypatch.setenv("SCENARIOS_TEAM", team_of(tmp_path))  # this test's own, for a report of its records only
    with serve(tmp_path) as running:
        yield running


def team_of(tmp_path: Path) -> str:
    """A team name no other test uses."""
    return f"Team {tmp_path.name}"


def outbox(served: Served) -> list[tuple[str, dict[str, Any], bool]]:
    """The server's outbox: each statement's id, the statement, and whether it was sent."""
    rows = served.database_rows("SELECT id, statement, sent_at IS NOT NULL FROM outbox ORDER BY seq")
    return [(str(row[0]), json.loads(str(row[1])), bool(row[2])) for row in rows]


def play_the_story_through(browser: Browser, name: str) -> None:
    """Give the name, open the test story, answer both decisions and open the debrief, as a trainee does."""
    browser.open_as(name)
    browser.to_the_second_decision()
    browser.to_the_debrief()


def test_a_browser_playthrough_reaches_the_lrs_once_after_it_was_down(
    chromium: Any, ralph: Ralph, served_with_lrs: Served, tmp_path: Path
) -> None:
    served = served_with_lrs
    ralph.stop()  # the LRS is down for the whole playthrough
    try:
        aino = Browser(chromium, served, tmp_path / "downloads")
        play_the_story_through(aino, "Aino Virtanen")
        aino.leave()
        kept = outbox(served)
        verbs = [statement["verb"]["id"].rsplit("/", 1)[1] for _, statement, _ in kept]
        assert verbs[0] == "initialized" and verbs[-1] in ("completed", "terminated")
        assert len(verbs) >= 4 and not any(sent for _, _, sent in kept)  # nothing could go: all kept
    finally:
        ralph.start()

    # The next time anyone opens the trainer on the server, its app process syncs at start.
    aino.open_trainer()
    aino.wait_for(lambda: all(sent for _, _, sent in outbox(served)), "the outbox sent")
    ids = [statement_id for statement_id, _, _ in kept]
    held = Counter(str(s["id"]) for s in ralph.statements())
    assert {statement_id: held[statement_id] for statement_id in ids} == dict.fromkeys(ids, 1)  # each exactly once
    by_id = {str(s["id"]): s for s in ralph.statements() if s["id"] in set(ids)}
    sent = {statement_id: statement for statement_id, statement, _ in kept}
    for statement_id in ids:
        # What the LRS read back, without what an LRS adds of its own (xAPI: `stored`, `authority`).
        statement = {k: v for k, v in by_id[statement_id].items() if k not in ("stored", "authority")}
        jsonschema.validate(statement, STATEMENT)
        assert statement == sent[statement_id]
        actor = statement["actor"]
        assert actor["account"]["name"] == "aino virtanen" and actor["name"] == "Aino Virtanen"


def test_the_trainers_report_from_the_lrs_shows_a_served_and_a_local_trainee(
    chromium: Any, running_ralph: Ralph, served_with_lrs: Served, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served = served_with_lrs
    bo = Browser(chromium, served, tmp_path / "downloads")
    play_the_story_through(bo, "Bo Berg")
    bo.leave()
    bo.open_trainer()  # the new app process sends what waits at its start
    bo.wait_for(lambda: all(sent for _, _, sent in outbox(served)), "the outbox sent")
    # A trainee in the terminal, on their own machine (this test's own data directory), plays the same story
    # and makes the same choices (the numbers are those of the order `--choices` shows them in).
    story = tmp_path / "serve-stories" / "web-demo.yaml"
    chosen = [
        statement["result"]["response"]
        for _, statement, _ in outbox(served)
        if "response" in statement.get("result", {})
    ]
    same = ",".join(map(str, numbers_for(story_at(story), chosen)))
    assert main(["play", str(story), "--choices", same, "--lang", "en"]) == 0
    assert main(["--lang", "en", "records", "sync"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "report", "--lrs", "--team", team_of(tmp_path)]) == 0
    shown = capsys.readouterr().out
    assert "Playthroughs: 2 · trainees: 2 · stories: 1" in shown
    assert "Browser story" in shown and shown.count("choices: 2") == 2  # each decision, once by each trainee


def test_a_timer_s_records_sync_on_the_server_s_data_directory_sends_what_a_browser_left(
    chromium: Any, ralph: Ralph, served_with_lrs: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = served_with_lrs
    ralph.stop()
    try:
        cai = Browser(chromium, served, tmp_path / "downloads")
        play_the_story_through(cai, "Cai")
        cai.leave()
    finally:
        ralph.start()
    kept = outbox(served)
    assert kept and not any(sent for _, _, sent in kept)
    # What a cron job runs beside the server while no trainee has the trainer open.
    monkeypatch.setenv("SCENARIOS_DATA_DIR", str(served.data))
    assert main(["--lang", "en", "records", "sync"]) == 0
    assert all(sent for _, _, sent in outbox(served))
    cai.open_trainer()  # a new app process: its sync at start finds nothing left to send
    cai.sees("Search stories…")
    held = Counter(str(s["id"]) for s in ralph.statements())
    assert [held[statement_id] for statement_id, _, _ in kept] == [1] * len(kept)
