"""`scenarios serve` in the test's own event loop, and browsers played by raw websocket clients (aiohttp)
speaking textual-serve's protocol with the cookies a browser would hold: for what a page does not show, such
as a client that never says it is alive, or more sessions than the server takes."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from scenarios.serve.guard import Guard, load_secret
from scenarios.serve.server import TrainerServer
from scenarios.serve.sessions import Limits
from tests.tui.helpers import PATIENCE

TOKEN = "test-token-0123456789"
NAME_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
"""The name form's token (a random value of the browser's own, signed), as its page holds it."""


async def eventually(condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition` holds (it must within `PATIENCE` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while not condition():
        assert loop.time() < deadline, f"still waiting for {what}"
        await asyncio.sleep(0.05)


@dataclass
class Tab:
    """One page of a browser: its websocket once open, what it was sent, and how the server closed it."""

    http: aiohttp.ClientSession
    base: str
    websocket: aiohttp.ClientWebSocketResponse | None = None
    received: int = 0
    close_code: int | None = None
    close_reason: str = ""
    reader: asyncio.Task[None] | None = None

    async def open(self, width: int = 80, height: int = 24) -> None:
        """Open the trainer's websocket, as the page's terminal does, and keep reading it."""
        self.websocket = await self.http.ws_connect(f"{self.base}/ws?width={width}&height={height}", origin=self.base)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.websocket is not None
        while True:
            message = await self.websocket.receive()
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                self.close_reason = str(message.extra or "") if message.type == aiohttp.WSMsgType.CLOSE else ""
                break
            self.received += 1
        self.close_code = self.websocket.close_code

    @property
    def closed(self) -> bool:
        """The websocket has closed (by either end)."""
        return self.reader is not None and self.reader.done()

    async def page(self, path: str = "/", language: str = "en") -> tuple[int, str]:
        """A page of the server as this browser opens it: the status and the page."""
        async with self.http.get(f"{self.base}{path}", headers={"Accept-Language": language}) as response:
            return response.status, await response.text()

    async def say(self, kind: str, data: object = None) -> None:
        """Send one message as the page does (`["alive", true]`, `["stdin", "1"]`)."""
        assert self.websocket is not None
        await self.websocket.send_json([kind, data])

    async def close(self) -> None:
        """Leave the page: its websocket closes."""
        if self.websocket is not None:
            await self.websocket.close()
        if self.reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.reader


@dataclass
class Running:
    """A server running in this event loop: its object, its address, and the browsers the test opened."""

    server: TrainerServer
    base: str
    browsers: list[aiohttp.ClientSession] = field(default_factory=list)
    tabs: list[Tab] = field(default_factory=list)

    async def client(self, name: str) -> Tab:
        """A browser that opened the address with the token and gave `name`: its first tab."""
        http = await named_browser(self.base, name)
        self.browsers.append(http)
        return self.tab(http)

    def tab(self, browser: aiohttp.ClientSession) -> Tab:
        """Another page of the same browser (its cookies, a websocket of its own)."""
        tab = Tab(browser, self.base)
        self.tabs.append(tab)
        return tab


async def named_browser(base: str, name: str, token: str = TOKEN) -> aiohttp.ClientSession:
    """A browser (its cookies) that opened the server's address with `token` and gave `name`."""
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"Accept-Language": "en"})
    async with http.get(f"{base}/?token={token}", allow_redirects=False) as response:
        assert response.status == 303, response.status
    async with http.get(f"{base}/trainee") as response:
        name_token = NAME_TOKEN.search(await response.text())
    assert name_token is not None
    form = {"form_token": name_token.group(1), "name": name}
    async with http.post(f"{base}/trainee", data=form, allow_redirects=False) as response:
        assert response.status == 303, response.status
    return http


@contextlib.asynccontextmanager
async def running(tmp_path: Path, limits: Limits | None = None) -> AsyncIterator[Running]:
    """`scenarios serve` on a free loopback port with `limits`; stopped, with every browser, on leaving."""
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
        for tab in run.tabs:
            await tab.close()
        for browser in run.browsers:
            await browser.close()
        stop.set()
        await serving
