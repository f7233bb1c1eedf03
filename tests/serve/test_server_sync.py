"""`scenarios serve` sends the learning records waiting in its data directory to a real Ralph LRS by itself,
with no trainee's browser open: the records of a playthrough finished while the LRS was down reach it once
the LRS is back, without a cron job and without the next trainee opening the trainer."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.records.outbox import waiting_statements
from scenarios.serve.guard import Guard, load_secret
from scenarios.serve.server import TrainerServer
from scenarios.store import Store, database_path
from tests.records.conftest import ralph, running_ralph
from tests.records.ralph import KEY, SECRET, Ralph
from tests.serve.clients import eventually
from tests.support import numbers_for, story_at

__all__ = ["ralph", "running_ralph"]  # the real Ralph of the records tests, for this module too


async def test_the_server_sends_waiting_records_once_the_lrs_is_back_with_no_browser_open(
    running_ralph: Ralph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_text: str
) -> None:
    ralph = running_ralph
    monkeypatch.setenv("SCENARIOS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCENARIOS_LRS_URL", ralph.endpoint)
    monkeypatch.setenv("SCENARIOS_LRS_KEY", KEY)
    monkeypatch.setenv("SCENARIOS_LRS_SECRET", SECRET)
    story_file = tmp_path / "mini.yaml"
    story_file.write_text(mini_text, encoding="utf-8")
    choices = ",".join(map(str, numbers_for(story_at(story_file), ["check", "tell"])))
    assert main(["play", str(story_file), "--choices", choices, "--lang", "en"]) == 0  # on this server's machine
    left = [str(statement["id"]) for statement in waiting_statements(Store())]
    assert len(left) == 5
    server = TrainerServer(Guard("test-token", load_secret(tmp_path)), port=0, records=database_path(), sync_every=0.2)
    stop = asyncio.Event()
    ralph.stop()
    serving = asyncio.create_task(server.serve(lambda url: None, stop))
    try:
        await eventually(lambda: server.sync_schedule.failures >= 1, "a try while the LRS is down")
        assert len(waiting_statements(Store())) == 5  # nothing lost, nothing marked sent
        ralph.start()
        await eventually(lambda: not waiting_statements(Store()), "the records to be sent")
    finally:
        stop.set()
        await serving
        if ralph.process is None:
            ralph.start()
    held = Counter(str(statement["id"]) for statement in ralph.statements())
    assert [held[statement_id] for statement_id in left] == [1] * 5
