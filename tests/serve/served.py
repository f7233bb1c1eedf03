"""A real `scenarios serve` for the tests: a process on a free loopback port, stopped (with every app process
it started) when the test ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

TOKEN = "test-token-0123456789"
STOP_WAIT = 30.0

# Two decisions, each option of one leads on to the next whatever the shuffle: a test plays it with the same keys.
WEB_STORY = textwrap.dedent(
    """\
    id: web-demo
    languages: [fi, en]
    title: {fi: Selaintarina, en: Browser story}
    summary: {fi: Asiakas kysyy aukioloajoista., en: A customer asks about opening hours.}
    channel: desk
    customer: young-adult
    theme: solution-focus
    source: "4"
    nodes:
      start:
        say: {fi: Hei! Milloin uimahalli on auki?, en: Hi! When is the swimming hall open?}
        options:
          - id: online
            reply: {fi: Katso netistä., en: Look it up online.}
            solution_focused: no
            feedback: {fi: Ystävällistä mutta ei ratkaise., en: Friendly but solves nothing.}
            next: sauna
          - id: check
            action: {fi: Katso järjestelmästä., en: Check the system.}
            solution_focused: yes
            ideal: yes
            points: {expert: 2}
            next: sauna
      sauna:
        say: {fi: Onko siellä saunakin?, en: Is there a sauna too?}
        options:
          - id: guess
            reply: {fi: Varmaan on., en: Probably.}
            solution_focused: no
            feedback: {fi: Arvaus ei ole tieto., en: A guess is not a fact.}
            next: done
          - id: tell
            reply: {fi: Kyllä on kaksi saunaa., en: There are two saunas.}
            solution_focused: yes
            ideal: yes
            points: {interaction: 2}
            next: done
      done:
        ending: resolved
        say: {fi: Asiakas kiittää., en: The customer thanks you.}
    """
)


@dataclass
class Served:
    """A running server: the URL it printed (with the token), its address, and its data directory."""

    url: str
    base: str
    process: subprocess.Popen[str]
    data: Path
    output: list[str] = field(default_factory=list)
    """What the server printed after the address."""

    def database_rows(self, sql: str) -> list[tuple[object, ...]]:
        """Rows of the server's database (read in this process)."""
        import sqlite3

        conn = sqlite3.connect(str(self.data / "scenarios.sqlite3"))
        try:
            return list(conn.execute(sql).fetchall())
        finally:
            conn.close()


def descendants(pid: int) -> set[int]:
    """Every process started by `pid`, directly or through others (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def serve(
    tmp_path: Path,
    *,
    extra: tuple[str, ...] = (),
    token: str | None = TOKEN,
    stories_too: tuple[Path, ...] = (),
    data: Path | None = None,
) -> Iterator[Served]:
    """`scenarios serve --port 0` with the test story (and copies of the story files `stories_too`) and `token`
    in its environment (None: none there; `extra` may give one), over the data directory `data` (default: one
    of its own; servers behind one load balancer share one, for its signing secret); on leaving, the server is
    stopped and the test fails if any app process it started is still running."""
    data = data or tmp_path / "serve-data"
    stories = tmp_path / "serve-stories"
    stories.mkdir()
    (stories / "web-demo.yaml").write_text(WEB_STORY, encoding="utf-8")
    for story in stories_too:
        (stories / story.name).write_text(story.read_text(encoding="utf-8"), encoding="utf-8")
    # The token in the environment, as the README says to give it: never on a command line other users see.
    env = {**os.environ, "SCENARIOS_DATA_DIR": str(data), "SCENARIOS_STORY_PATH": str(stories)}
    env.pop("SCENARIOS_SERVE_TOKEN", None)
    if token is not None:
        env["SCENARIOS_SERVE_TOKEN"] = token
    process = subprocess.Popen(
        [sys.executable, "-m", "scenarios", "serve", "--port", "0", "--lang", "en", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # the server's first line: the address to open
    if "http://" not in line:
        process.kill()
        raise AssertionError(f"the server did not start: {line}{process.stdout.read()}")
    url = line[line.index("http://") :].strip()
    served = Served(url, url.split("/?", 1)[0].rstrip("/"), process, data)
    # Keep reading what the server prints (the app processes' errors among it), so its pipe never fills up.
    threading.Thread(target=served.output.extend, args=(process.stdout,), daemon=True).start()
    started: set[int] = set()
    try:
        yield served
        started = descendants(process.pid)
    finally:
        started |= descendants(process.pid)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        deadline = time.monotonic() + STOP_WAIT
        while any(alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.05)  # polling a condition (the processes' end), not a fixed wait
        left = [pid for pid in started if alive(pid)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    assert not left, f"app processes still running after the server stopped: {left}"
