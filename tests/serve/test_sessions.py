"""The server ends the sessions whose page was left without closing its websocket: a page that stopped saying
it is alive (frozen, kept in a cache, or a client that is not our page) and one hidden longer than allowed.
A page that is seen and alive keeps its session."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from scenarios.serve.server import ABANDONED
from scenarios.serve.sessions import Limits
from tests.serve.clients import Client, eventually, running


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENARIOS_DATA_DIR", str(tmp_path / "serve-data"))


async def keep_saying(client: Client, visible: bool, stop: asyncio.Event) -> None:
    """What our page does while open: say it is alive (and whether it is seen) every moment."""
    while not stop.is_set() and not client.closed:
        await client.say("alive", visible)
        await asyncio.sleep(0.2)


async def test_a_silent_page_and_a_long_hidden_one_are_ended_and_a_seen_one_is_kept(tmp_path: Path) -> None:
    limits = Limits(silent=3.0, hidden=3.0)
    async with running(tmp_path, limits) as run:
        silent, hidden, seen = [await run.client(name) for name in ("Silent", "Hidden", "Seen")]
        for client in (silent, hidden, seen):
            await client.open()
        stop = asyncio.Event()
        talking = [
            asyncio.create_task(keep_saying(hidden, False, stop)),
            asyncio.create_task(keep_saying(seen, True, stop)),
        ]
        try:
            await eventually(lambda: silent.closed and hidden.closed, "the left pages' sessions ended")
            assert silent.close_code == hidden.close_code == ABANDONED
            await eventually(lambda: len(run.server.sessions) == 1, "their app processes ended")
            await eventually(lambda: seen.received > 0, "the seen page's first frame")
            await asyncio.sleep(limits.silent)  # the seen page lives on past both limits
            assert not seen.closed and [s.trainee.name for s in run.server.sessions] == ["Seen"]
        finally:
            stop.set()
            await asyncio.gather(*talking)
