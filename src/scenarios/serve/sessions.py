"""The browser sessions of `scenarios serve`: how many may run, which were left, and ending their app processes.

A session is one page's websocket and the app process playing for its trainee. Its page says every few
seconds that it is alive and whether it is visible; a session whose page went silent (frozen, or a client
that is not our page) or stayed hidden too long has been left, and the server ends it. No web imports here:
the server hands in its websockets and textual-serve's app services.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scenarios.store.trainee import Trainee

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.app_service import AppService

STOP_WAIT = 10.0
"""Seconds an app process gets to end by itself when its page is left, before it is killed."""
ALIVE_EVERY = 15
"""Seconds between the page's "alive" messages."""
ROOM_WAIT = 3.0
"""Seconds a new session waits for room while sessions are being ended (a reloaded page's own old one)."""


@dataclass(frozen=True)
class Limits:
    """How many sessions may run, and when a session's page counts as left."""

    sessions: int = 60
    """Sessions in all (each app process takes about 50 MiB; see the README's figures)."""
    per_trainee: int = 3
    """Sessions of one trainee at once (tabs and devices)."""
    silent: float = 120.0
    """Seconds without a word from the page: it was frozen, or is not our page. A hidden page's timers may
    run only once a minute, so this is well over that."""
    hidden: float = 15 * 60.0
    """Seconds a page may stay hidden (another tab in front, the browser minimised) before its session ends."""


@dataclass
class BrowserSession:
    """One page's websocket and the app process playing for its trainee."""

    trainee: Trainee
    websocket: web.WebSocketResponse
    service: AppService
    heard_at: float
    """When the page last sent anything (the server's monotonic clock)."""
    hidden_since: float | None = None
    """Since when the page has said it is hidden (None: visible)."""
    left: bool = False
    """The websocket has closed; the app process is being ended."""

    def heard(self, now: float, *, visible: bool | None = None) -> None:
        """The page sent something (`visible`: it said whether it is seen)."""
        self.heard_at = now
        if visible is True:
            self.hidden_since = None
        elif visible is False and self.hidden_since is None:
            self.hidden_since = now


@dataclass
class Sessions:
    """The live sessions, against the limits."""

    limits: Limits = field(default_factory=Limits)
    clock: Callable[[], float] = time.monotonic
    _by_id: dict[str, BrowserSession] = field(default_factory=dict)

    def __iter__(self) -> Iterator[BrowserSession]:
        return iter(list(self._by_id.values()))

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, service_id: str) -> BrowserSession | None:
        """The session of the app service with this id."""
        return self._by_id.get(service_id)

    def refusal(self, trainee: Trainee) -> str | None:
        """Why one more session for `trainee` may not start ("full": the server; "yours": the trainee has
        as many as they may), or None. Sessions being ended still count for the server (their processes
        hold memory until they are gone), not for the trainee (a reloaded page replaces its session)."""
        if len(self._by_id) >= self.limits.sessions:
            return "full"
        mine = sum(1 for s in self._by_id.values() if s.trainee.key == trainee.key and not s.left)
        return "yours" if mine >= self.limits.per_trainee else None

    async def room_for(self, trainee: Trainee) -> str | None:
        """`refusal(trainee)`, after waiting for sessions being ended to make room: up to `ROOM_WAIT` seconds
        for a trainee's old page to close (a page reloaded at their limit closes its old session as the new one
        asks), and while the server is full, as long as it takes the sessions being ended to end (at most
        `STOP_WAIT`). A caller that gets None adds its session before it awaits anything, so two sessions
        never take one place."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        while (why := self.refusal(trainee)) is not None:
            ending = why == "full" and any(s.left for s in self._by_id.values())
            if loop.time() - start >= (STOP_WAIT + 1.0 if ending else ROOM_WAIT):
                break
            await asyncio.sleep(0.1)  # polling a condition (a session's end), bounded above
        return why

    def add(self, service_id: str, session: BrowserSession) -> None:
        self._by_id[service_id] = session

    def remove(self, service_id: str) -> None:
        self._by_id.pop(service_id, None)

    def abandoned(self) -> list[BrowserSession]:
        """The open sessions whose page went silent or stayed hidden longer than the limits allow."""
        now = self.clock()
        return [
            s
            for s in self._by_id.values()
            if not s.left
            and (
                now - s.heard_at > self.limits.silent
                or (s.hidden_since is not None and now - s.hidden_since > self.limits.hidden)
            )
        ]


async def stop_service(service: AppService) -> None:
    """Ask the app process to quit and wait for it; kill it when it has not ended within `STOP_WAIT` seconds.

    The process is waited for before it is ever signalled: a kill sent to one that had already ended makes
    `subprocess` reap it behind asyncio's back, and asyncio then logs "Unknown child process pid N"."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STOP_WAIT
    # AppService keeps its process to itself; this is the only way to be sure it is gone.
    process: asyncio.subprocess.Process | None = getattr(service, "_process", None)
    with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
        await asyncio.wait_for(asyncio.shield(service.stop()), STOP_WAIT)
    if process is None:
        return
    try:
        await asyncio.wait_for(process.wait(), max(0.1, deadline - loop.time()))
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
