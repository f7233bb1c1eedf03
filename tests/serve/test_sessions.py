"""The server ends the sessions whose page was left without closing its websocket: a page that stopped saying
it is alive (frozen, kept in a cache, or a client that is not our page) and one hidden longer than allowed.
A page that is seen and alive keeps its session."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from scenarios.serve.server import ABANDONED, REFUSED
from scenarios.serve.sessions import Limits
from tests.serve.clients import Tab, eventually, running


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENARIOS_DATA_DIR", str(tmp_path / "serve-data"))


async def keep_saying(client: Tab, visible: bool, stop: asyncio.Event) -> None:
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


async def test_sessions_are_capped_per_trainee_and_in_all_and_refused_with_a_page_that_says_why(
    tmp_path: Path,
) -> None:
    async with running(tmp_path, Limits(sessions=4, per_trainee=2)) as run:
        mallory = await run.client("Mallory")
        tabs = [mallory, *(run.tab(mallory.http) for _ in range(5))]
        await asyncio.gather(*(tab.open() for tab in tabs))  # six websockets at once, as a script would
        await eventually(lambda: sum(tab.closed for tab in tabs) == 4, "four of them refused")
        assert [tab.close_code for tab in tabs if tab.closed] == [REFUSED] * 4
        assert len(run.server.sessions) == 2
        assert [tab.close_reason for tab in tabs if tab.closed] == ["yours"] * 4
        status, page = await mallory.page("/refused/yours")  # where the trainer's page goes when refused
        assert status == 429 and "open in as many tabs or devices as you may at once (2)" in page
        status, page = await mallory.page("/refused/yours", "fi")
        assert status == 429 and "auki niin monessa välilehdessä tai laitteessa kuin yhtä aikaa voi (2)" in page

        bo, cai, dan = [await run.client(name) for name in ("Bo", "Cai", "Dan")]
        await bo.open()
        await cai.open()
        await eventually(lambda: len(run.server.sessions) == 4, "Bo's and Cai's sessions")
        await dan.open()
        await eventually(lambda: dan.closed, "Dan's session refused")
        assert dan.close_code == REFUSED and dan.close_reason == "full"
        assert len(run.server.sessions) == 4
        status, page = await dan.page("/refused/full")
        assert status == 503 and "4 people are practising on this server now" in page

        await next(tab for tab in tabs if not tab.closed).close()  # one of Mallory's pages is left
        dan_again = run.tab(dan.http)
        await dan_again.open()  # waits the moment it takes to end that session
        await eventually(lambda: dan_again.received > 0, "Dan's first frame")
        assert not dan_again.closed and len(run.server.sessions) == 4
