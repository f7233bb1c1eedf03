"""Many trainees at once: `scenarios serve` on loopback with N browser sessions (default 20). Not a test.

Each session is a raw websocket client speaking textual-serve's protocol, with cookies of its own (the
token traded for the access cookie, a trainee name of its own), as a browser would hold them, and saying
it is alive as the trainer's page does (else the server ends it as left). Reports:

- time to first frame: from opening the websocket to the first screen bytes (what makes textual.js show
  the terminal) and to the library listed (the stories' rows drawn), per session, opened one after the
  other and then all at once;
- memory per session: the RSS and PSS (shared pages split among the processes that share them) of each
  app process, and the server's own, with all N open;
- CPU: what starting a session costs (CPU seconds of its app process until its library is listed, a
  figure the machine's other load does not change), and what open sessions use while nobody types.

    .venv/bin/python benchmarks/bench_serve.py [SESSIONS]
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

TOKEN = "bench-token-0123456789"
LISTED = "not played yet"
"""Drawn once the library's rows are on screen (in English: the sessions ask for it)."""
BRIEFING = "Start (Enter)"
"""The story's briefing, shown before its first beat: Enter starts it."""
PLAYING = "Practice ·"
"""The play screen's status line: the story the library highlighted has started."""
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
IDLE_SECONDS = 10.0
ALIVE_EVERY = 15.0
"""Seconds between a session's "alive" messages, as the trainer's page sends them."""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Session:
    """One browser: its cookies and websocket, and when its first bytes and its library arrived."""

    number: int
    http: aiohttp.ClientSession
    websocket: aiohttp.ClientWebSocketResponse | None = None
    opened: float = 0.0
    first_bytes: float | None = None
    listed: float | None = None
    briefed: bool = False
    playing: bool = False
    screen: bytearray = field(default_factory=bytearray)
    reader: asyncio.Task[None] | None = None
    alive: asyncio.Task[None] | None = None


def start_server(data: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "SCENARIOS_DATA_DIR": str(data), "SCENARIOS_SERVE_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "scenarios", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    base = line[line.index("http://") :].strip().split("/?", 1)[0]
    return process, base


async def open_session(base: str, number: int) -> Session:
    """A browser that opened the address, gave a name and opened the trainer's websocket."""
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"Accept-Language": "en"})
    session = Session(number, http)
    async with http.get(f"{base}/?token={TOKEN}", allow_redirects=False) as response:
        assert response.status == 303, response.status
    async with http.get(f"{base}/trainee") as response:
        name_token = re.search(r'name="form_token" value="([^"]+)"', await response.text())
    assert name_token is not None
    form = {"form_token": name_token.group(1), "name": f"trainee {number}"}
    async with http.post(f"{base}/trainee", data=form, allow_redirects=False) as response:
        assert response.status == 303, response.status
    session.opened = time.perf_counter()
    session.websocket = await http.ws_connect(f"{base.replace('http', 'ws', 1)}/ws?width=120&height=40")
    session.reader = asyncio.create_task(read(session))
    session.alive = asyncio.create_task(say_alive(session))
    return session


async def say_alive(session: Session) -> None:
    """What the trainer's page does while it is open and seen."""
    assert session.websocket is not None
    while not session.websocket.closed:
        await session.websocket.send_json(["alive", True])
        await asyncio.sleep(ALIVE_EVERY)


async def read(session: Session) -> None:
    assert session.websocket is not None
    async for message in session.websocket:
        if message.type != aiohttp.WSMsgType.BINARY:
            continue
        now = time.perf_counter()
        if session.first_bytes is None and len(message.data) > 10:
            session.first_bytes = now - session.opened
        session.screen += message.data
        if session.listed is None and LISTED.encode() in ESCAPES.sub(b"", bytes(session.screen)):
            session.listed = now - session.opened
            session.screen.clear()
        elif session.listed is not None:
            text = ESCAPES.sub(b"", bytes(session.screen))
            if PLAYING.encode() in text:
                session.playing = True
                session.screen.clear()
            elif not session.briefed and BRIEFING.encode() in text:
                session.briefed = True


async def until_listed(session: Session, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while session.listed is None:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"session {session.number} never listed the library")
        await asyncio.sleep(0.02)


async def play(session: Session, timeout: float = 120.0) -> None:
    """Press Enter, as a trainee opening the highlighted story, then Enter on its briefing, and wait for the play
    screen."""
    assert session.websocket is not None
    await session.websocket.send_json(["stdin", "\r"])
    deadline = time.perf_counter() + timeout
    started = False
    while not session.playing:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"session {session.number} never started a story")
        if session.briefed and not started:
            await session.websocket.send_json(["stdin", "\r"])
            started = True
        await asyncio.sleep(0.02)


async def close(sessions: list[Session]) -> None:
    for session in sessions:
        if session.alive is not None:
            session.alive.cancel()
        if session.websocket is not None:
            await session.websocket.close()
        if session.reader is not None:
            await session.reader
        await session.http.close()


def descendants(pid: int) -> list[int]:
    """Every process started by `pid`, directly or through others."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except OSError:
                continue
    found: list[int] = []
    frontier = [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """RSS and PSS of one process (KiB)."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key] = int(rest.split()[0])
    return values["Rss"], values["Pss"]


def report_memory(when: str, apps: list[int], server: int) -> None:
    memory = [memory_kib(pid) for pid in apps]
    rss = [m[0] / 1024 for m in memory]
    pss = [m[1] / 1024 for m in memory]
    print(
        f"memory per session {when} ({len(apps)} app processes): RSS median {statistics.median(rss):.0f} MiB, "
        f"PSS median {statistics.median(pss):.0f} MiB (max {max(pss):.0f}); all sessions {sum(pss):.0f} MiB PSS; "
        f"the server {memory_kib(server)[1] / 1024:.0f} MiB PSS"
    )


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLOCK_TICKS


def figures(label: str, values: list[float]) -> str:
    values = sorted(values)
    p90 = values[max(0, math.ceil(len(values) * 0.9) - 1)]
    return f"{label:<34} median {statistics.median(values):6.2f} s   p90 {p90:6.2f} s   max {values[-1]:6.2f} s"


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as data:
        process, base = start_server(Path(data))
        try:
            print(f"{count} sessions on {base}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
            # One after the other: each waits for its library before the next opens.
            sessions: list[Session] = []
            for number in range(count):
                session = await open_session(base, number)
                await until_listed(session)
                sessions.append(session)
            print(figures("one by one: first frame", [s.first_bytes or 0.0 for s in sessions]))
            print(figures("one by one: library listed", [s.listed or 0.0 for s in sessions]))

            apps = descendants(process.pid)
            started_cpu = cpu_seconds(apps) / max(1, len(apps))
            print(f"CPU to start a session (to its library listed): {started_cpu:.2f} s of one core")
            report_memory("in the library", apps, process.pid)
            for session in sessions:
                await play(session)
            report_memory("playing a story", apps, process.pid)
            before = cpu_seconds(apps)
            await asyncio.sleep(IDLE_SECONDS)  # measuring idle use over a window: the one wait that is the point
            idle = (cpu_seconds(apps) - before) / IDLE_SECONDS / max(1, len(apps))
            print(f"idle CPU per open session: {idle * 100:.1f} % of one core")
            await close(sessions)
            deadline = time.perf_counter() + 30
            while descendants(process.pid) and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
            print(f"after closing: {len(descendants(process.pid))} app processes left")

            # All at once, as a class logging in together.
            burst = await asyncio.gather(*(open_session(base, count + n) for n in range(count)))
            await asyncio.gather(*(until_listed(session, 300.0) for session in burst))
            print(figures("all at once: first frame", [s.first_bytes or 0.0 for s in burst]))
            print(figures("all at once: library listed", [s.listed or 0.0 for s in burst]))
            await close(list(burst))
            deadline = time.perf_counter() + 30
            while descendants(process.pid) and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
            print(f"after closing: {len(descendants(process.pid))} app processes left")
        finally:
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
