"""What one client can hold of the phones' server: connections per address and in all, and time.

Each connection is counted from the moment it is accepted. One address may hold `per_address`
of them (a phone's browser opens a handful), all addresses together `in_all`; a connection over
either is closed at once, before a byte is read. A connection that sends no complete request
within `request_time` of opening (or of its last answer) is closed: idle connections and ones that
trickle their headers a byte at a time free their place, while a page's live updates (a request
being answered) stay open as long as the phone listens.

The server's own handlers are aiohttp's, unchanged: `Guard.wrap` puts a counting protocol in front
of each, and the server's middleware says when a request starts and ends (`Guard.started`).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast


@dataclass(frozen=True)
class Limits:
    """The bounds of the phones' server (the defaults suit a room of up to 200 phones)."""

    per_address: int = 40
    """Connections one address may hold (a browser opens up to six to a server, and the live updates one)."""
    in_all: int = 600
    """Connections all addresses together may hold (each is a file descriptor of the facilitator's app)."""
    request_time: float = 10.0
    """Seconds a connection has to send a whole request (its headers, and a form's body) before it is closed."""


class Guard:
    """Counts the server's connections by address and closes those over the limits or out of time."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.by_address: Counter[str] = Counter()
        """Address → connections it holds now."""
        self.refused = 0
        """Connections closed at once because their address, or the server, held too many."""
        self.timed_out = 0
        """Connections closed because no whole request came in time."""

    @property
    def open(self) -> int:
        """Connections held now."""
        return sum(self.by_address.values())

    def wrap(self, make: Callable[[], asyncio.Protocol]) -> Callable[[], asyncio.Protocol]:
        """A protocol factory for `loop.create_server`: each of `make`'s protocols behind a `Guarded` one."""
        return lambda: Guarded(self, make())

    @staticmethod
    def started(transport: asyncio.BaseTransport | None) -> Callable[[], None]:
        """A request came in whole on `transport`: its clock stops until the returned function says it ended."""
        guarded = transport.get_protocol() if transport is not None else None
        if not isinstance(guarded, Guarded):
            return lambda: None
        guarded.request_started()
        return guarded.request_ended


class Guarded(asyncio.Protocol):
    """One connection: counted while open, closed when it holds more than its share or idles too long."""

    def __init__(self, guard: Guard, inner: asyncio.Protocol) -> None:
        self.guard = guard
        self.inner = inner
        self.address: str | None = None
        self.transport: asyncio.Transport | None = None
        self.requests = 0
        self.deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Counted and handed on, or closed at once when its address or the server holds too many."""
        self.transport = cast(asyncio.Transport, transport)
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        limits, guard = self.guard.limits, self.guard
        if guard.by_address[address] >= limits.per_address or guard.open >= limits.in_all:
            guard.refused += 1
            self.transport.abort()
            return
        self.address = address
        guard.by_address[address] += 1
        self.inner.connection_made(transport)
        self.arm()

    def data_received(self, data: bytes) -> None:
        """Handed on (a refused connection's bytes are dropped)."""
        if self.address is not None:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        """Handed on."""
        return self.inner.eof_received() if self.address is not None else None

    def pause_writing(self) -> None:
        """Handed on."""
        if self.address is not None:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        """Handed on."""
        if self.address is not None:
            self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        """No longer counted."""
        if self.address is None:
            return
        self.disarm()
        counts = self.guard.by_address
        counts[self.address] -= 1
        if counts[self.address] <= 0:
            del counts[self.address]
        self.address = None
        self.inner.connection_lost(exc)

    def request_started(self) -> None:
        """A whole request came in: no deadline while it is answered."""
        self.requests += 1
        self.disarm()

    def request_ended(self) -> None:
        """Its answer is sent: the next request must come in time again."""
        self.requests -= 1
        if self.requests <= 0 and self.address is not None:
            self.arm()

    def arm(self) -> None:
        self.disarm()
        loop = asyncio.get_running_loop()
        self.deadline = loop.call_later(self.guard.limits.request_time, self.out_of_time)

    def disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def out_of_time(self) -> None:
        self.deadline = None
        if self.transport is not None and self.address is not None and self.requests <= 0:
            self.guard.timed_out += 1
            self.transport.abort()
