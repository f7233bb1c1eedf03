"""A thousand trainees in the web trainer: `scenarios serve` on loopback under a load generator. Not a test.

Each trainee is a browser of its own (its cookies, one keep-alive connection) that opens the printed address,
gives a name, sees the library (the first page), opens a story and plays it in practice mode: it chooses about
every 20 seconds (uniformly 15-25 s), reads the verdict, goes on, and starts the story again at its end. With
1,000 trainees that is about 50 choices a second. Then 200 of them choose at the same moment.

Reported, from one run and one server (`scenarios serve --port 0`, a data directory of its own):

- the web trainer: the first page (the library) per new trainee; the time from a choice to its next page (the
  POST and the page it redirects to, the verdict), median, p95, p99 and max, and the choices a second kept
  up; the 200-choice burst (the slowest answer); the server's memory per open session (its RSS with every
  trainee's story open, less its RSS before they came, over their number); the server's CPU per choice; the
  generator's own CPU (this process: the load it puts on the same two cores);
- the anchor, the terminal in a browser on the same server (`bench_serve.py`'s clients, a few sessions one
  after the other): its first frame and library, its memory per session (PSS), the CPU to start one; and the
  ratios between the two.

The load is bounded: at most TRAINEES trainees, the steady phase lasts STEADY seconds, and the whole run
stops by itself (a deadline of ten minutes, every request with a time-out).

    .venv/bin/python benchmarks/bench_web.py [TRAINEES] [STEADY] [TERMINALS]      # defaults 1000 60 4
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).parent))
import bench_serve  # the terminal's clients: the anchor

TOKEN = bench_serve.TOKEN
STORIES = ("empty-wristband", "do-you-know-who-i-am", "feedback-misunderstood", "look-it-up-yourself")
"""One story of each channel (desk, phone, email, chat), the trainees spread over them."""
EVERY = (15.0, 25.0)
"""Seconds between one trainee's choices (uniformly)."""
READING = 2.0
"""Seconds a trainee reads the verdict before going on."""
RAMP = 100.0
"""New trainees a second while they arrive."""
BURST = 200
REQUEST_TIMEOUT = 30.0
DEADLINE = 600.0
FORM_TOKEN = re.compile(rb'name="form_token" value="([^"]+)"')
STEP = re.compile(rb'name="step" value="(\d+)"')
CHOICE = re.compile(rb'name="choice" value="(\d+)"')


class Browser:
    """One trainee's browser: its cookies and one keep-alive HTTP/1.1 connection (opened again if closed)."""

    def __init__(self, host: str, port: int, number: int) -> None:
        self.host, self.port, self.number = host, port, number
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.form_token = ""

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        """The status, the redirect's location and the body of one request."""
        return await asyncio.wait_for(self._request(method, path, form), REQUEST_TIMEOUT)

    async def _request(self, method: str, path: str, form: dict[str, str] | None) -> tuple[int, str, bytes]:
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None and self.writer is not None
        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept-Language: en"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
            lines.append(f"Origin: http://{self.host}:{self.port}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        length, location, close = 0, "", False
        for line in header_lines:
            name, _, value = line.partition(": ")
            lowered = name.lower()
            if lowered == "content-length":
                length = int(value)
            elif lowered == "location":
                location = value
            elif lowered == "set-cookie":
                cookie = value.split(";")[0]
                self.cookies[cookie.partition("=")[0]] = cookie.partition("=")[2]
            elif lowered == "connection" and value.lower() == "close":
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.writer.close()
        return status, location, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


@dataclass
class Figures:
    """What the trainees measured."""

    first_page: list[float] = field(default_factory=list)
    opened: list[float] = field(default_factory=list)
    choice: list[tuple[float, float]] = field(default_factory=list)
    """(when, seconds from the choice to its next page)."""
    continued: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Trainee:
    """One trainee playing one story."""

    browser: Browser
    story: str
    step: int = 0
    choices: int = 0
    over: bool = False


async def arrive(host: str, port: int, number: int, figures: Figures) -> Trainee:
    """Open the address, give a name, see the library (the first page), open a story (start it)."""
    browser = Browser(host, port, number)
    status, _, _ = await browser.request("GET", f"/?token={TOKEN}")
    assert status == 303, status
    status, _, page = await browser.request("GET", "/trainee")
    name_token = FORM_TOKEN.search(page).group(1).decode()  # type: ignore[union-attr]
    status, _, _ = await browser.request("POST", "/trainee", {"form_token": name_token, "name": f"Trainee {number}"})
    assert status == 303, status
    started = time.perf_counter()
    status, _, page = await browser.request("GET", "/")
    figures.first_page.append(time.perf_counter() - started)
    assert status == 200, status
    browser.form_token = FORM_TOKEN.search(page).group(1).decode()  # type: ignore[union-attr]
    trainee = Trainee(browser, STORIES[number % len(STORIES)])
    started = time.perf_counter()
    await begin(trainee)
    figures.opened.append(time.perf_counter() - started)
    return trainee


async def begin(trainee: Trainee) -> None:
    """Start the story (again) and read its first page."""
    browser = trainee.browser
    form = {"form_token": browser.form_token, "answer": "start", "mode": "practice"}
    status, location, _ = await browser.request("POST", f"/stories/{trainee.story}/begin", form)
    assert status == 303 and location == f"/play/{trainee.story}", (status, location)
    await read_play(trainee)


async def read_play(trainee: Trainee) -> None:
    status, _, page = await trainee.browser.request("GET", f"/play/{trainee.story}")
    assert status == 200, status
    step = STEP.search(page)
    trainee.over = step is None
    trainee.step = int(step.group(1)) if step else 0
    trainee.choices = len(CHOICE.findall(page))


async def choose(trainee: Trainee, figures: Figures) -> None:
    """Choose an option, see the verdict (timed), read it, go on (timed); at the end, start again."""
    browser = trainee.browser
    if trainee.over:
        status, _, _ = await browser.request("GET", f"/play/{trainee.story}/debrief")
        await begin(trainee)
    choice = str(random.randint(1, trainee.choices))
    form = {"form_token": browser.form_token, "step": str(trainee.step), "choice": choice}
    started = time.perf_counter()
    status, location, _ = await browser.request("POST", f"/play/{trainee.story}/choose", form)
    if status != 303 or "/verdict/" not in location:
        figures.errors.append(f"choose: {status} {location}")
        await read_play(trainee)
        return
    status, _, _ = await browser.request("GET", location.split("#")[0])
    figures.choice.append((started, time.perf_counter() - started))
    if status != 200:
        figures.errors.append(f"verdict: {status}")


async def go_on(trainee: Trainee, figures: Figures) -> None:
    started = time.perf_counter()
    await read_play(trainee)
    figures.continued.append(time.perf_counter() - started)


async def steady(trainee: Trainee, until: float, figures: Figures) -> None:
    """Choose about every 20 s until `until` (the first choice at a random moment, so they spread)."""
    next_at = time.perf_counter() + random.uniform(0, EVERY[1])
    while True:
        await asyncio.sleep(max(0.0, min(next_at, until) - time.perf_counter()))
        if time.perf_counter() >= until:
            return
        try:
            await choose(trainee, figures)
            await asyncio.sleep(READING)
            await go_on(trainee, figures)
        except (OSError, AssertionError, TimeoutError, asyncio.IncompleteReadError) as error:
            figures.errors.append(f"{type(error).__name__}: {error}")
        next_at += random.uniform(*EVERY)


def rss_kib(pid: int) -> int:
    return bench_serve.memory_kib(pid)[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)] if ordered else float("nan")


def timing(label: str, values: list[float]) -> str:
    if not values:
        return f"{label}: none"
    ms = [value * 1000 for value in values]
    return (
        f"{label:<44} median {statistics.median(ms):7.1f} ms   p95 {percentile(ms, 0.95):7.1f} ms   "
        f"p99 {percentile(ms, 0.99):7.1f} ms   max {max(ms):7.1f} ms   (n={len(ms)})"
    )


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def terminal_anchor(base: str, count: int, server: int) -> dict[str, float]:
    """The terminal in a browser on the same server, `count` sessions one after the other (bench_serve's)."""
    sessions = []
    for number in range(count):
        session = await bench_serve.open_session(base, 10_000 + number)
        await bench_serve.until_listed(session)
        sessions.append(session)
    for session in sessions:
        await bench_serve.play(session)
    apps = bench_serve.descendants(server)
    pss = [bench_serve.memory_kib(pid)[1] / 1024 for pid in apps]
    anchor = {
        "first_frame": statistics.median(s.first_bytes or 0.0 for s in sessions),
        "listed": statistics.median(s.listed or 0.0 for s in sessions),
        "pss_mib": statistics.median(pss),
        "start_cpu": bench_serve.cpu_seconds(apps) / max(1, len(apps)),
    }
    await bench_serve.close(sessions)
    deadline = time.perf_counter() + 30
    while bench_serve.descendants(server) and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    return anchor


async def main(count: int, seconds: float, terminals: int) -> None:
    stop_at = time.perf_counter() + DEADLINE
    random.seed(34)
    with tempfile.TemporaryDirectory(prefix="web-bench-") as data:
        process, base = bench_serve.start_server(Path(data))
        address = urlsplit(base)
        host, port = address.hostname or "127.0.0.1", address.port or 80
        figures = Figures()
        try:
            print(f"{count} trainees on {base}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
            warm = await arrive(host, port, 0, Figures())  # the library is read once, before anyone is timed
            warm.browser.close()
            await asyncio.sleep(1.0)
            baseline = rss_kib(process.pid)
            server_cpu0, own_cpu0, wall0 = bench_serve.cpu_seconds([process.pid]), own_cpu(), time.perf_counter()

            # They arrive, RAMP a second, each opening a story.
            async def arriving(number: int) -> Trainee:
                await asyncio.sleep(number / RAMP)
                return await arrive(host, port, number, figures)

            trainees = list(await asyncio.gather(*(arriving(n) for n in range(1, count + 1))))
            arrived_cpu = bench_serve.cpu_seconds([process.pid]) - server_cpu0
            opened = rss_kib(process.pid)
            print(timing("first page (the library), per new trainee", figures.first_page))
            print(timing("opening a story (start + its first page)", figures.opened))
            print(
                f"server memory: {baseline / 1024:.0f} MiB before, {opened / 1024:.0f} MiB with {count} stories open: "
                f"{(opened - baseline) / count:.0f} KiB per open session (its connection included); "
                f"CPU to arrive and open a story: {arrived_cpu / count * 1000:.1f} ms per trainee"
            )

            # The steady load: each chooses about every 20 s.
            steady_from = time.perf_counter()
            server_cpu1, own_cpu1 = bench_serve.cpu_seconds([process.pid]), own_cpu()
            until = steady_from + min(seconds, max(0.0, stop_at - steady_from - 120))
            await asyncio.gather(*(steady(trainee, until, figures) for trainee in trainees))
            span = time.perf_counter() - steady_from
            server_used = bench_serve.cpu_seconds([process.pid]) - server_cpu1
            mine = own_cpu() - own_cpu1
            done = [seconds for when, seconds in figures.choice if when >= steady_from + EVERY[1]]
            rate = len(figures.choice) / span
            print(timing(f"choice to next page, steady ({rate:.0f} choices/s)", done))
            print(timing("verdict read, on to the next beat", figures.continued))
            print(
                f"server CPU over {span:.0f} s: {server_used / span * 100:.0f} % of one core, "
                f"{server_used / max(1, len(figures.choice)) * 1000:.1f} ms per choice (with its next page and the "
                f"page after the verdict); the load generator: {mine / span * 100:.0f} % of one core"
            )
            steady_rss = rss_kib(process.pid)
            print(f"server memory after the steady load: {(steady_rss - baseline) / count:.0f} KiB per open session")

            # The burst: 200 of them choose at the same moment.
            chosen = [t for t in trainees if not t.over][:BURST]
            figures.choice.clear()
            print(f"load average before the burst {os.getloadavg()[0]:.1f}")
            burst_cpu = bench_serve.cpu_seconds([process.pid])
            burst_from = time.perf_counter()
            await asyncio.gather(*(choose(trainee, figures) for trainee in chosen))
            burst = [seconds for _, seconds in figures.choice]
            print(timing(f"burst: {len(chosen)} choices at once", burst))
            print(
                f"  all {len(burst)} answered within {time.perf_counter() - burst_from:.2f} s, using "
                f"{bench_serve.cpu_seconds([process.pid]) - burst_cpu:.2f} CPU s of the server"
            )
            if figures.errors:
                print(f"errors: {len(figures.errors)}, e.g. {figures.errors[:3]}")
            total_cpu = bench_serve.cpu_seconds([process.pid]) - server_cpu0
            print(
                f"whole run: server {total_cpu:.1f} CPU s, generator {own_cpu() - own_cpu0:.1f} CPU s, "
                f"wall {time.perf_counter() - wall0:.0f} s, load average now {os.getloadavg()[0]:.1f}"
            )
            for trainee in trainees:
                trainee.browser.close()

            # The anchor: the terminal in a browser, on the same server.
            anchor = await terminal_anchor(base, terminals, process.pid)
            per_session = (opened - baseline) / count
            print(
                f"terminal in a browser ({terminals} sessions one by one): first frame {anchor['first_frame']:.2f} s, "
                f"library listed {anchor['listed']:.2f} s, {anchor['pss_mib']:.0f} MiB PSS per session, "
                f"{anchor['start_cpu']:.2f} CPU s to start one"
            )
            first = statistics.median(figures.first_page)
            print(
                f"web against terminal: first page {first / anchor['listed']:.3f}x the time to the library, "
                f"memory per session {per_session / (anchor['pss_mib'] * 1024):.4f}x, "
                f"CPU to open a story {arrived_cpu / count / anchor['start_cpu']:.4f}x"
            )
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:4]]
    count, steady_seconds, terminal_count = (arguments + [1000, 60, 4][len(arguments) :])[:3]
    asyncio.run(main(count, float(steady_seconds), terminal_count))
