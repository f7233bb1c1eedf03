"""The day's review and the lessons for a trainee with 5,000 past choices, as the app builds them.

Figures, each the best of several runs, beside an anchor measured in the same run: reading the trainee's
5,000 answer rows from SQLite as plain tuples (`SELECT ... fetchall`), the least any of these can do.

- the answers read as the trainer's objects (`answers_of`);
- the review's schedule folded again from every answer and kept (`LessonBook.refold_cards`: once, for a store from
  before the schedule was kept);
- one more answer kept (`LessonBook.keep`: what each choice pays to keep the lessons' states and the schedule);
- what the library says is due (`trainer.due.due_count`, run on the screen's thread at every return to it);
- the day's review built (`LessonBook.plan` over the built-in library: the kept cards, the states, the unseen
  lessons' decisions);
- the lessons view's overview (`trainer.lessons.overview`).

Goal (issue #24): the day's review built in under 50 ms. Not a test.

    .venv/bin/python benchmarks/bench_review.py [RUNS]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable

CHOICES = 5000
DAY = 86400.0


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of `runs` runs of `work`, in seconds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    folder = tempfile.mkdtemp(prefix="bench-review-")
    os.environ["SCENARIOS_DATA_DIR"] = folder
    from scenarios.store import Store
    from scenarios.store.answers import answers_of
    from scenarios.story.library import Library
    from scenarios.trainer.due import due_count
    from scenarios.trainer.lessons import LessonBook, answer_of, overview

    start = time.time() - 120 * DAY
    clock = [start]
    store = Store(clock=lambda: clock[0])
    book = LessonBook(store, clock=lambda: clock[0])
    stories = Library.discover().stories
    decisions = [(story, name) for story in stories for name, node in story.nodes.items() if node.options]
    rng = random.Random(24)
    answers = []
    for step in range(CHOICES):  # about 40 a day over four months, a third of them missed
        story, name = rng.choice(decisions)
        node = story.nodes[name]
        option = node.option_id(rng.randrange(len(node.options)))
        found = answer_of(story, name, option, start + step * (120 * DAY / CHOICES), mode="practice", step=step)
        if found is not None:
            answers.append(found)
    book.keep(answers, statements=False)
    clock[0] = start + 121 * DAY
    trainee, conn = store.trainee.key, store.conn
    ids = {story.id for story in stories}

    def anchor() -> list[object]:
        return conn.execute("SELECT * FROM answer WHERE trainee = ? ORDER BY at, id", (trainee,)).fetchall()

    held = len(anchor())
    extra = iter(range(CHOICES, CHOICES + runs))
    story, name = decisions[0]

    def one_more() -> object:
        step = next(extra)
        node = story.nodes[name]
        found = answer_of(story, name, node.option_id(step % len(node.options)), clock[0], mode="practice", step=step)
        return book.keep([found] if found else [], statements=False)

    figures = [
        ("read the answer rows (anchor)", best_of(runs, anchor)),
        ("the answers as objects", best_of(runs, lambda: answers_of(conn, trainee))),
        ("the schedule folded and kept", best_of(runs, book.refold_cards)),
        ("one more answer kept", best_of(runs, one_more)),
        ("the library's due count", best_of(runs, lambda: due_count(store, ids, lambda: clock[0]))),
        ("the day's review built", best_of(runs, lambda: book.plan(stories))),
        ("the lessons view's overview", best_of(runs, lambda: overview(book, stories))),
    ]
    base = figures[0][1]
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"{held} answers of one trainee over {len(stories)} stories; best of {runs} runs; load average {load}")
    for label, seconds in figures:
        print(f"  {label:<32} {seconds * 1000:8.2f} ms  {seconds / base:6.1f}x the anchor")
    print(f"  goal: the day's review under 50 ms ({'met' if figures[5][1] < 0.05 else 'NOT met'} in this run)")
    store.close()


if __name__ == "__main__":
    main()
