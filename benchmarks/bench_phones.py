"""Forty phones joining and voting at once on loopback, against a bare aiohttp handler.

Prints, in one run:
  - that every vote was counted (40 phones, every round);
  - the time from a phone sending its vote to the session's count changing (what the facilitator's
    "7/9 voted" line is redrawn from), as a median and 95th percentile over all rounds;
  - the anchor: the same 40 clients posting at once to a bare aiohttp handler that only answers 303,
    timed from sending to the handler running, in the same run.
Votes are saved to a real SQLite store as they arrive, as in the app. Not a test.

    .venv/bin/python benchmarks/bench_phones.py [ROUNDS]
"""

from __future__ import annotations

import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from scenarios.phones.access import open_access
from scenarios.phones.server import PhoneServer
from scenarios.rehearsal import Participants, Session
from scenarios.rehearsal.records import Records
from scenarios.store import Store
from scenarios.story.library import Library, builtin_dir

PHONES = 40
FORM = re.compile(r'name="form" value="([^"]+)"')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def phones_round_trips(rounds: int) -> tuple[list[float], int]:
    """Milliseconds from each vote sent to the session counting it; and the votes counted in the last round."""
    folder = Path(tempfile.mkdtemp(prefix="bench-phones-"))
    library = Library.load([builtin_dir()])
    story = next(s for s in (library.get(info.id) for info in library.infos) if s is not None)
    store = Store(folder / "scenarios.sqlite")
    records = Records(store)
    session = Session.new([story], participants=Participants.of(count=PHONES), language="en")
    session_id = records.start(session)
    session.start()
    server = PhoneServer(session, open_access(store, session_id), records, host="127.0.0.1", port=0)
    counted: dict[str, float] = {}

    def watch(changed: Session, kind: str, payload: dict[str, Any]) -> None:
        if kind == "phone_vote":
            counted[str(payload["participant"])] = time.perf_counter()

    await server.start()
    session.watch(watch)
    clients = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(PHONES)]
    try:

        async def join(client: aiohttp.ClientSession, number: int) -> None:
            async with client.get(server.url) as response:
                form = FORM.search(await response.text())
            assert form is not None
            data = {"form": form.group(1), "typed": f"Phone {number}"}
            async with client.post(f"{server.url}/join", data=data) as response:
                assert response.status == 200

        async def vote_form(client: aiohttp.ClientSession) -> str:
            async with client.get(server.url) as response:
                found = FORM.search(await response.text())
            assert found is not None
            return found.group(1)

        await asyncio.gather(*(join(client, n) for n, client in enumerate(clients, start=1)))
        session.open_vote()
        tokens = await asyncio.gather(*(vote_form(client) for client in clients))
        options = [choice.option_id for choice in session.beat().choices]
        ids = [next(c.value for c in client.cookie_jar if c.key == server.cookie_name).partition(".")[0]
               for client in clients]  # fmt: skip
        samples: list[float] = []
        for round_number in range(rounds):
            counted.clear()
            sent: dict[str, float] = {}

            async def vote(index: int, option: str, sent: dict[str, float]) -> None:
                sent[ids[index]] = time.perf_counter()
                data = {"form": tokens[index], "option": option}
                async with clients[index].post(f"{server.url}/vote", data=data, allow_redirects=False) as response:
                    assert response.status == 303

            await asyncio.gather(*(vote(i, options[(i + round_number) % len(options)], sent) for i in range(PHONES)))
            samples.extend(1000 * (counted[who] - sent[who]) for who in sent)
        return samples, session.phone_votes_in()
    finally:
        for client in clients:
            await client.close()
        await server.stop()
        store.close()


async def anchor_round_trips(rounds: int) -> list[float]:
    """Milliseconds from a post sent to a bare handler running, 40 at once."""
    reached: dict[str, float] = {}

    async def handler(request: web.Request) -> web.Response:
        form = await request.post()
        reached[str(form["who"])] = time.perf_counter()
        return web.Response(status=303, headers={"Location": "/"})

    app = web.Application()
    app.router.add_post("/vote", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    clients = [aiohttp.ClientSession() for _ in range(PHONES)]
    samples: list[float] = []
    try:
        for _ in range(rounds):
            sent: dict[str, float] = {}

            async def post(index: int, sent: dict[str, float]) -> None:
                sent[str(index)] = time.perf_counter()
                url = f"http://127.0.0.1:{port}/vote"
                async with clients[index].post(url, data={"who": str(index)}, allow_redirects=False) as response:
                    await response.read()

            await asyncio.gather(*(post(i, sent) for i in range(PHONES)))
            samples.extend(1000 * (reached[who] - sent[who]) for who in sent)
    finally:
        for client in clients:
            await client.close()
        await runner.cleanup()
    return samples


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    anchor = asyncio.run(anchor_round_trips(rounds))
    phones, counted = asyncio.run(phones_round_trips(rounds))
    print(f"{PHONES} phones × {rounds} rounds; votes counted in the last round: {counted}/{PHONES}")
    for name, samples in (("bare aiohttp handler (anchor)", anchor), ("vote → facilitator's count", phones)):
        print(f"  {name:32} median {statistics.median(samples):7.1f} ms   p95 {percentile(samples, 0.95):7.1f} ms")
    print(f"  ratio of medians: {statistics.median(phones) / statistics.median(anchor):.1f}×")


if __name__ == "__main__":
    main()
