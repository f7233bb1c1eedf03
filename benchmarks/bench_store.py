"""A trainee's choice saved to the store: SQLite on this machine against PostgreSQL on loopback.

Each choice is what a server does for it: the trainer's `PlaySession.choose` keeps the save, the answer for the
lessons and the learning records in one transaction. Built-in stories are played along random paths by:

- one trainee at a time (the time of one choice, median and 95th percentile), the anchor being SQLite;
- four trainees at once, each in a thread with a connection of its own, as four servers (or a server's store
  thread and the records' sync) write together: choices per second in all, against SQLite's the same way.

PostgreSQL is a server the script starts (Debian's `postgresql`, as the tests start it: a private port and
folder, stopped after), or the one `SCENARIOS_STORE` names. Both run on the same machine at the same time, so
only the ratios mean anything. Not a test.

    .venv/bin/python benchmarks/bench_store.py [CHOICES]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.postgresql starts the server

WRITERS = 4


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def play(location: Path | str, name: str, choices: int, seed: int) -> list[float]:
    """Make `choices` choices as trainee `name` over the store at `location`; the seconds each took."""
    from scenarios.store import Store, served_trainee
    from scenarios.story.library import Library
    from scenarios.trainer.session import Trainer

    stories = Library.discover().stories
    rng = random.Random(seed)
    store = Store(location, trainee=served_trainee(name))
    trainer = Trainer(store, owner=f"bench:{name}")
    took: list[float] = []
    try:
        session = None
        while len(took) < choices:
            if session is None or session.play.is_over:
                story = rng.choice(stories)
                session = trainer.start(story, title=story.id, language="en", mode="practice", seed=rng.randrange(99))
                continue
            offered = session.play.beat().choices
            number = rng.choice(offered).number
            started = time.perf_counter()
            session.choose(number)
            took.append(time.perf_counter() - started)
            if session.problem is not None:
                raise RuntimeError(f"the save failed: {session.problem}")
    finally:
        store.close()
    return took


def together(location: Path | str, choices: int) -> float:
    """Choices per second with `WRITERS` trainees choosing at once, each with a connection of its own."""
    done: list[list[float]] = []
    start = threading.Barrier(WRITERS + 1)

    def one(index: int) -> None:
        start.wait()
        done.append(play(location, f"together-{index}", choices, index))

    threads = [threading.Thread(target=one, args=(index,)) for index in range(WRITERS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return sum(len(took) for took in done) / (time.perf_counter() - began)


def main() -> None:
    choices = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    os.environ["SCENARIOS_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-store-")
    server = None
    url = os.environ.get("SCENARIOS_STORE")
    if url is None:
        from tests.postgresql import missing, start_server

        reason = missing()
        if reason is not None:
            raise SystemExit(f"no PostgreSQL: {reason}")
        server = start_server(durable=True)  # the disk flushed as a real server's is
        url = server.create()
    sqlite = Path(os.environ["SCENARIOS_DATA_DIR"]) / "bench.sqlite3"
    try:
        play(sqlite, "warm-up", 20, 0)  # the stories loaded and the tables made, before anything is timed
        play(url, "warm-up", 20, 0)
        rows = []
        # SQLite's WAL with synchronous=NORMAL (the store's) does not wait for the disk at each commit; PostgreSQL
        # does by default. Both are measured: its default, and with synchronous_commit off (SQLite's durability:
        # a crash of the machine may lose the last commits, never corrupts).
        relaxed = url + ("&" if "?" in url else "?") + "options=-csynchronous_commit%3Doff"
        stores = (
            ("SQLite (WAL, NORMAL)", sqlite),
            ("PostgreSQL, commits flushed", url),
            ("PostgreSQL, sync. commit off", relaxed),
        )
        for label, location in stores:
            took = play(location, "alone", choices, 1)
            rows.append((label, statistics.median(took), percentile(took, 0.95), together(location, choices // 2)))
    finally:
        if server is not None:
            server.stop()
    anchor = rows[0]
    print(f"{choices} choices by one trainee, then {WRITERS} trainees at once ({choices // 2} each)")
    print(f"{'store':31} {'median':>10} {'p95':>10} {'× SQLite':>9} {f'{WRITERS} at once':>12} {'× SQLite':>9}")
    for label, median, p95, rate in rows:
        print(
            f"{label:31} {median * 1000:8.2f}ms {p95 * 1000:8.2f}ms {median / anchor[1]:8.2f}× "
            f"{rate:8.0f}/s {rate / anchor[3]:8.2f}×"
        )


if __name__ == "__main__":
    main()
