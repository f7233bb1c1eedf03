"""A phone is told its vote is in only once the store has kept it, and the server never waits on the store:
another program locks the database while phones vote, the app is killed with -9, and every vote a phone
was told about is in the saved session."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp

from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store
from tests.conftest import MINI
from tests.phones.conftest import form_token, load

NAMES = ("Aino", "Bo", "Cai", "Dan", "Eve", "Fia")

APP = """
import asyncio, json, sys
from scenarios.phones.access import open_access
from scenarios.phones.server import PhoneServer
from scenarios.rehearsal import Participants, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store
from scenarios.story.loader import load_file

async def main() -> None:
    story = load_file(sys.argv[1]).story
    store = Store(sys.argv[2], timeout=float(sys.argv[3]))
    records = StoryRecords(store)
    session = Session.new([story], team="T", participants=Participants.of(names=sys.argv[4].split(",")), language="en")
    session_id = records.start(session)
    session.start()
    session.open_vote()
    server = PhoneServer(session, open_access(store, session_id), records, host="127.0.0.1", port=0)
    await server.start()
    print(json.dumps({"url": server.url, "id": session_id}), flush=True)
    await asyncio.get_running_loop().create_future()

asyncio.run(main())
"""


@contextmanager
def app(tmp_path: Path, timeout: float) -> Iterator[tuple[subprocess.Popen[str], str, int, Path]]:
    """The facilitator's app (a session open to phones, votes open) in a process of its own, killed at the end."""
    story_path, database = tmp_path / "mini.yaml", tmp_path / "kill.sqlite3"
    story_path.write_text(MINI, encoding="utf-8")
    command = [sys.executable, "-c", APP, str(story_path), str(database), str(timeout), ",".join(NAMES)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        started = json.loads(process.stdout.readline())
        yield process, str(started["url"]), int(started["id"]), database
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()


async def join(client: aiohttp.ClientSession, url: str, name: str) -> str:
    """Join as `name`; the participant's id (from their cookie)."""
    async with client.get(url) as response:
        page = await response.text()
    async with client.post(f"{url}/join", data={"form": form_token(page), "name": name}) as response:
        assert f"You are in as {name}." in await response.text()
    return next(c.value for c in client.cookie_jar if c.key.startswith("phone")).partition(".")[0]


async def vote(client: aiohttp.ClientSession, url: str, option: str) -> bool:
    """Vote; True when the phone was told the vote is in."""
    async with client.get(url) as response:
        page = await response.text()
    async with client.post(f"{url}/vote", data={"form": form_token(page), "option": option}) as response:
        shown = await response.text()
    assert response.status == 200
    return "Your vote is in." in shown


async def page_time(client: aiohttp.ClientSession, url: str) -> float:
    """Seconds to load a page."""
    started = time.monotonic()
    async with client.get(url) as response:
        assert response.status == 200
        await response.text()
    return time.monotonic() - started


def saved_votes(database: Path, session_id: int) -> dict[str, str]:
    """The phone votes in the saved session (participant id → option)."""
    story = load(MINI)
    store = Store(database)
    session = StoryRecords(store).resume(session_id, {story.id: story}.get)
    decision = session.decision
    store.close()
    assert decision is not None
    return dict(decision.ballots.phones)


async def test_while_another_program_locks_the_store_no_vote_is_acknowledged_unsaved_nor_any_page_kept_waiting(
    tmp_path: Path,
) -> None:
    with app(tmp_path, timeout=1.0) as (process, url, session_id, database):
        jar = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in NAMES]
        try:
            ids = [await join(client, url, name) for client, name in zip(jar, NAMES, strict=True)]
            acknowledged: dict[str, str] = {}

            other = sqlite3.connect(database, timeout=1.0)
            other.execute("BEGIN IMMEDIATE")  # another program holds the write lock for longer than the app waits
            # Three phones vote while the lock is held; a fourth phone's page must not wait for their saves.
            voting = [asyncio.create_task(vote(jar[n], url, "check")) for n in range(3)]
            await asyncio.sleep(0.2)
            assert await page_time(jar[5], url) < 0.5, "a page waited on the locked store"
            told = await asyncio.gather(*voting)
            assert told == [False, False, False], "a vote was acknowledged that the store had refused"
            # Two more phones vote while the lock is held, and the lock ends before the app gives up.
            voting = [asyncio.create_task(vote(jar[n], url, "online")) for n in (3, 4)]
            await asyncio.sleep(0.3)
            assert await page_time(jar[5], url) < 0.5, "a page waited on the locked store"
            other.rollback()
            other.close()
            for n, was_told in zip((3, 4), await asyncio.gather(*voting), strict=True):
                assert was_told
                acknowledged[ids[n]] = "online"
            # The first three send again, as their phones asked them to, and are told this time.
            for n in range(3):
                assert await vote(jar[n], url, "check")
                acknowledged[ids[n]] = "check"
            os.kill(process.pid, signal.SIGKILL)  # at once after the last acknowledgement
            process.wait()
        finally:
            for client in jar:
                await client.close()
        kept = saved_votes(database, session_id)
        assert all(kept.get(who) == option for who, option in acknowledged.items()), (acknowledged, kept)
