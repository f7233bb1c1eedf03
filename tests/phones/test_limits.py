"""No one client can take the phones' server: idle and slow connections are closed, one address holds only
its share of connections and of typed names, and the names on the facilitator's list can always join."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest

from scenarios.phones import server as server_module
from scenarios.phones.connections import Limits
from scenarios.phones.server import TYPED_JOINS, PhoneServer
from tests.phones.conftest import Stored, form_token
from tests.phones.test_server import join, phone, serving, vote

Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]
"""An open client connection."""

ATTACKER, SLOW = "127.0.0.2", "127.0.0.3"
"""Loopback addresses of their own (the phone that must still get in comes from 127.0.0.1)."""


async def idle(server: PhoneServer) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    """A connection that sends nothing (None: it could not even be opened)."""
    try:
        return await asyncio.open_connection("127.0.0.1", server.port, local_addr=(ATTACKER, 0))
    except OSError:
        return None


async def trickle(server: PhoneServer, stop: asyncio.Event) -> bool:
    """A connection that sends a request's headers a byte at a time; True when the server closed it."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port, local_addr=(SLOW, 0))
    except OSError:
        return True
    try:
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
        for byte in b"X-Slow: " + b"a" * 400:
            if stop.is_set() or reader.at_eof():
                break
            writer.write(bytes([byte]))
            await writer.drain()
            try:
                if await asyncio.wait_for(reader.read(1), 0.25) == b"":
                    return True
            except TimeoutError:
                continue
        return reader.at_eof()
    except ConnectionError:
        return True
    finally:
        writer.close()


async def closed_by_server(connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> bool:
    """True when the server closes the connection (within a few seconds)."""
    if connection is None:
        return True
    reader, writer = connection
    try:
        return await asyncio.wait_for(reader.read(1024), 10.0) == b""
    except ConnectionError:
        return True
    except TimeoutError:
        return False
    finally:
        writer.close()


async def flood(server: PhoneServer, stop: asyncio.Event) -> tuple[list[Connection | None], list[asyncio.Task[bool]]]:
    """2,000 idle connections from one address and 300 trickling ones from another, each held to its share."""
    idle_ones: list[Connection | None] = []
    for _ in range(10):
        idle_ones += await asyncio.gather(*(idle(server) for _ in range(200)))
    slow_ones = [asyncio.create_task(trickle(server, stop)) for _ in range(300)]
    await asyncio.sleep(0.5)
    assert server.guard.by_address[ATTACKER] <= server.guard.limits.per_address
    assert server.guard.by_address[SLOW] <= server.guard.limits.per_address
    return idle_ones, slow_ones


async def test_idle_and_slow_connections_from_one_address_leave_room_for_a_real_phone(stored: Stored) -> None:
    stored.session.open_vote()
    server = PhoneServer(stored.session, stored.access(), stored.records, host="127.0.0.1", port=0,
                         limits=Limits(request_time=120.0))  # fmt: skip
    async with serving(server):
        stop = asyncio.Event()
        idle_ones, slow_ones = await flood(server, stop)
        async with phone() as aino:
            await join(aino, server, "Aino")
            status, page = await vote(aino, server, "check")
        assert status == 200 and "Your vote is in." in page
        # In while the flood still holds its share: the phone did not wait for their time to run out.
        assert server.guard.timed_out == 0
        assert server.guard.by_address[ATTACKER] == server.guard.limits.per_address
        stop.set()
        await asyncio.gather(*slow_ones)
        for connection in idle_ones:
            if connection is not None:
                connection[1].close()


async def test_idle_and_slow_connections_are_closed_when_their_time_runs_out(stored: Stored) -> None:
    server = PhoneServer(stored.session, stored.access(), stored.records, host="127.0.0.1", port=0,
                         limits=Limits(request_time=2.0))  # fmt: skip
    async with serving(server):
        stop = asyncio.Event()
        idle_ones, slow_ones = await flood(server, stop)
        closed = await asyncio.gather(*(closed_by_server(c) for c in idle_ones))
        assert all(closed), f"{closed.count(False)} idle connections were left open"
        slow_closed = await asyncio.gather(*slow_ones)
        stop.set()
        assert all(slow_closed), f"{slow_closed.count(False)} slow connections were left open"
        assert server.guard.timed_out >= 2 * server.guard.limits.per_address - 10
        assert ATTACKER not in server.guard.by_address and SLOW not in server.guard.by_address


async def test_a_live_page_stays_open_past_the_request_time(stored: Stored) -> None:
    server = PhoneServer(stored.session, stored.access(), stored.records, host="127.0.0.1", port=0,
                         limits=Limits(request_time=0.5))  # fmt: skip
    async with serving(server), phone() as aino:
        await join(aino, server, "Aino")
        async with aino.get(f"{server.url}/events") as events:
            assert (await events.content.readline()).startswith(b"retry:")
            await asyncio.sleep(1.5)
            stored.session.open_vote()  # the stage moves: the page still hears it
            lines = [await asyncio.wait_for(events.content.readline(), 5.0) for _ in range(3)]
            assert any(line.startswith(b"data:") for line in lines)


@asynccontextmanager
async def phone_at(address: str) -> AsyncIterator[aiohttp.ClientSession]:
    """A browser on another machine of the room's network (another loopback address)."""
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        yield client


async def typed_join(client: aiohttp.ClientSession, server: PhoneServer, name: str) -> str:
    """Join under a typed name with a fresh cookie jar; the page the phone lands on."""
    client.cookie_jar.clear()
    async with client.get(server.url) as response:
        page = await response.text()
    async with client.post(f"{server.url}/join", data={"form": form_token(page), "typed": name}) as response:
        return await response.text()


async def test_one_address_types_only_a_few_names_and_the_listed_names_stay_joinable(
    stored: Stored, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "PARTICIPANT_LIMIT", 3 + 2 * TYPED_JOINS - 1)
    server = PhoneServer(stored.session, stored.access(typed_names=True), stored.records, host="127.0.0.1", port=0)
    async with serving(server):
        async with phone_at("127.0.0.2") as mallory:
            for number in range(TYPED_JOINS):
                assert "You are in as" in await typed_join(mallory, server, f"Bot {number}")
            assert "Many names have already joined from this network address." in await typed_join(
                mallory, server, "Bot more"
            )
            assert "You are in as Aino." in await typed_join(mallory, server, "Aino")  # a listed name: always
        async with phone_at("127.0.0.3") as mallory:
            for number in range(TYPED_JOINS - 1):
                assert "You are in as" in await typed_join(mallory, server, f"Other {number}")
            # The typed names now leave only the listed names' places (Aino's is taken, Bo's and Cai's free).
            assert "The session is full." in await typed_join(mallory, server, "Other last")
        async with phone() as bo, phone() as cai:
            await join(bo, server, "Bo")
            await join(cai, server, "Cai")
        assert len(server.access.participants()) == 3 + 2 * TYPED_JOINS - 1
