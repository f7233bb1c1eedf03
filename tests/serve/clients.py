"""`scenarios serve` in the test's own event loop, and browsers played by raw websocket clients (aiohttp)
speaking textual-serve's protocol with the cookies a browser would hold: for what a page does not show, such
as a client that never says it is alive, or more sessions than the server takes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from scenarios.serve.guard import Guard, load_secret
from scenarios.serve.server import TrainerServer
from scenarios.serve.sessions import Limits
from tests.tui.helpers import PATIENCE

TOKEN = "test-token-0123456789"


async def eventually(condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition` holds (it must within `PATIENCE` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while not condition():
        assert loop.time() < deadline, f"still waiting for {what}"
        await asyncio.sleep(0.05)


@dataclass
class Client:
    """One browser: its cookies, its websocket once open, what it was sent, and how the server closed it."""

    http: aiohttp.ClientSession
    base: str
    websocket: aiohttp.ClientWebSocketResponse | None = None
    received: int = 0
    close_code: int | None = None
    reader: asyncio.Task[None] | None = None
    texts: list[str] = field(default_factory=list)

    async def open(self, width: int = 80, height: int = 24) -> None:
        """Open the trainer's websocket, as the page's terminal does, and keep reading it."""
        self.websocket = await self.http.ws_connect(f"{self.base}/ws?width={width}&height={height}", origin=self.base)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.websocket is not None
        async for message in self.websocket:
            self.received += 1
            if message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(str(message.data))
        self.close_code = self.websocket.close_code

    @property
    def closed(self) -> bool:
        return self.reader is not None and self.reader.done()

    async def say(self, kind: str, data: object = None) -> None:
        assert self.websocket is not None
        await self.websocket.send_json([kind, data])

    async def close(self) -> None:
        if self.websocket is not None:
            await self.websocket.close()
        if self.reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.reader
        await self.http.close()


@dataclass
class Running:
    """A server running in this event loop: its object and address."""

    server: TrainerServer
    base: str
    clients: list[Client] = field(default_factory=list)

    async def client(self, name: str, *, headers: dict[str, str] | None = None) -> Client:
        """A browser that opened the address with the token and gave `name`."""
        http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"Accept-Language": "en", **(headers or {})}
        )
        client = Client(http, self.base)
        self.clients.append(client)
        async with http.get(f"{self.base}/?token={TOKEN}", allow_redirects=False) as response:
            assert response.status == 303, response.status
        async with http.post(f"{self.base}/trainee", data={"name": name}, allow_redirects=False) as response:
            assert response.status == 303, response.status
        return client


@contextlib.asynccontextmanager
async def running(tmp_path: Path, limits: Limits | None = None) -> AsyncIterator[Running]:
    """`scenarios serve` on a free loopback port with `limits`; stopped, with every client, on leaving."""
    server = TrainerServer(Guard(TOKEN, load_secret(tmp_path)), port=0, language="en", limits=limits, records=None)
    stop = asyncio.Event()
    address: list[str] = []
    serving = asyncio.create_task(server.serve(lambda url: address.append(url.split("/?", 1)[0]), stop))
    await eventually(lambda: bool(address) or serving.done(), "the server to listen")
    if serving.done():
        serving.result()
    run = Running(server, address[0])
    try:
        yield run
    finally:
        for client in run.clients:
            await client.close()
        stop.set()
        await serving
