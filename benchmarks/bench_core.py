"""Core speed figures, in one process: loading vs parsing, and engine steps against a walk of the same graph.

Prints, in one run:
  - the time to load and validate the whole library against the time to only parse the
    same YAML files with PyYAML's C safe loader (the anchor; `pip install -e '.[bench]'`),
    and with ruamel.yaml (safe and round-trip), as ratios;
  - engine steps (choices) per CPU second over random walks of the library, each walk with a
    fresh seed: once reading the shown options at every step (a front end), once moving by
    option id (replays, ideal paths), each against its baseline measured in turns in the same run
    (absolute rates do not carry from one machine to the next);
  - both figures again for a generated story of 1,000 nodes.

The baselines are walks over the engine's own compiled graph (`plan_of`) that do no more than any walk must:
  - the plain walk (issue #31's example): at a decision pick an option by index and follow its `next` (a
    branch's last target), through passages to the next decision; no condition checked, no state kept, no
    view built. It is the floor of a step that shows nothing: the baseline of steps by option id.
  - the walk in seeded order: the plain walk that first puts each decision's options in their shown order,
    with the engine's own order function (`seeded_order`, imported; the visit taken as the first, since the
    walk counts nothing) and picks by place in that order. An engine that shows options must show them in
    that order, so this is the floor of a step that shows options: the baseline of the goal (>= 0.5x) for
    options shown. The order is the only work showing options adds to the walk.
Every walk, the engine's and the baselines', picks with the same cheap draw (`random()` scaled to the count)
so the trainee's part costs all alike and little. Ratios to the plain walk are printed for both engine
figures too, as information.

With `--breakdown`, also where an engine step's time goes, per step in µs: a start's share (starts timed alone,
times the starts per step of a walk), the beat's and the loop's own (walks that differ in one piece, measured in
turns), and the rest of `choose()`.

Run: .venv/bin/python benchmarks/bench_core.py [--repeat N] [--breakdown]
Figures on a shared machine are noisy: compare the ratios, not the seconds. Step rates are per
CPU second of this process (time.process_time), so other work on the machine counts less; each is
the best of five half-second runs, taken in turns so a busy spell falls on all alike.
"""

from __future__ import annotations

import argparse
import io
import random
import time
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

from scenarios.engine import Beat, Choice, Playthrough
from scenarios.engine.plan import StoryPlan, node_number, plan_of, seeded_order
from scenarios.story import safeyaml
from scenarios.story.files import story_files
from scenarios.story.library import builtin_dir
from scenarios.story.loader import load_bytes
from scenarios.story.model import Story
from scenarios.story.text import Text


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def pyyaml_only(texts: list[bytes]) -> None:
    import yaml

    for raw in texts:
        yaml.load(raw, Loader=yaml.CSafeLoader)


def parse_only(texts: list[bytes], typ: str, pure: bool) -> None:
    yaml = YAML(typ=typ, pure=pure)
    for raw in texts:
        yaml.load(io.BytesIO(raw))


def events_only(texts: list[bytes]) -> None:
    for raw in texts:
        safeyaml.parse(safeyaml.decode(raw))


def load_all(texts: list[bytes]) -> list[Story]:
    stories = []
    for raw in texts:
        result = load_bytes(raw)
        assert result.story is not None, [d.format() for d in result.diagnostics]
        stories.append(result.story)
    return stories


def steps_per_second(
    stories: list[Story],
    seconds: float = 1.0,
    *,
    shown: bool = True,
    also_beat: bool = False,
    idle: bool = False,
) -> float:
    """Random walks over the stories for about `seconds`; choices made per CPU second.

    `shown`: each step reads the beat's choices in their shown (seeded, shuffled) order and picks one by
    its number, as a trainee's front end does. Otherwise the walk moves by option id among the options on
    offer, never building a beat, as replays of saves, ideal paths and explorations do.
    For the breakdown (`--breakdown`): `also_beat` builds each beat of a walk by id besides (the beat's share
    of a shown step), and `idle` walks a stand-in that does nothing (`IdlePlay`: the share of this loop and
    its calls).
    """
    rng = random.Random(1)
    draw = rng.random
    steps = 0
    clock = _no_time
    started = time.process_time()
    while time.process_time() - started < seconds:
        for story in stories:
            play = IdlePlay() if idle else Playthrough(story, seed=rng.randrange(1 << 30), clock=clock)
            while not play.is_over:
                if shown:
                    choices = play.beat().choices
                    play.choose(choices[int(draw() * len(choices))].number)
                else:
                    if also_beat:
                        play.beat()
                    ids = play.available()
                    play.choose_option(ids[int(draw() * len(ids))])
                steps += 1
    return steps / (time.process_time() - started)


def _no_time() -> float:
    return 0.0


class IdlePlay:
    """A stand-in for a playthrough that does nothing: three steps, each with a fixed beat of three choices."""

    __slots__ = ("is_over", "steps")
    BEAT = Beat("node", (), None, tuple(Choice(n, f"o{n}", "reply", Text({})) for n in (1, 2, 3)), None, False, None)
    IDS = ("o1", "o2", "o3")

    def __init__(self) -> None:
        self.steps = 0
        self.is_over = False

    def beat(self) -> Beat:
        return self.BEAT

    def available(self) -> tuple[str, ...]:
        return self.IDS

    def choose(self, number: int) -> None:
        self.steps += 1
        self.is_over = self.steps == 3

    def choose_option(self, option_id: str) -> None:
        self.steps += 1
        self.is_over = self.steps == 3


def baseline_steps_per_second(stories: list[Story], seconds: float = 1.0, *, ordered: bool = False) -> float:
    """Walks of the same compiled graph (the engine's own node plans) for about `seconds`, each to an ending or
    100 decisions: at a decision an option picked by index and its `next` followed (a branch's last target: no
    condition checked, no state kept, no beat or view built), through passages to the next decision.

    `ordered`: each decision's options are first put in their shown order by the engine's order function
    (`seeded_order`: a fresh seed per walk, the visit taken as the first) and the option picked by its place in
    that order, as a walk that shows options must.
    """
    plans: list[tuple[StoryPlan, str]] = [(plan_of(story), story.start_node) for story in stories]
    rng = random.Random(1)
    draw = rng.random
    steps = 0
    started = time.process_time()
    while time.process_time() - started < seconds:
        for plan, start in plans:
            nodes = plan.nodes
            node = nodes[start]
            seed = rng.randrange(1 << 30)
            for _ in range(100):
                if node.ending is not None:
                    break
                options = node.options
                if options:  # a decision: one option by index (in the shown order), then its `next` (None: stay)
                    if ordered:
                        order = seeded_order(seed, node.order_key, 1, len(options))
                        way = options[order[int(draw() * len(order))]].way_on
                    else:
                        way = options[int(draw() * len(options))].way_on
                    steps += 1
                else:  # a passage: on to its `next`
                    way = node.way_on
                if isinstance(way, tuple):
                    way = way[-1][1]
                if way is not None:
                    node = nodes[way]
                elif not options:
                    break
    return steps / (time.process_time() - started)


def orders_per_second(seconds: float = 0.5) -> float:
    """Orders of three options per CPU second, each with a fresh seed (`seeded_order` alone, as a walk in
    seeded order calls it at every decision)."""
    node = node_number("node")
    count = 0
    started = time.process_time()
    while time.process_time() - started < seconds:
        for visit in range(1000):
            seeded_order(count, node, visit, 3)
        count += 1000
    return count / (time.process_time() - started)


def generated_story(nodes: int = 1000) -> bytes:
    """A valid story of `nodes` nodes: a chain of decisions with branches, and endings."""
    decisions = nodes - 10
    lines = [
        "id: generated",
        "languages: [fi, en]",
        "title: {fi: Generoitu, en: Generated}",
        "summary: {fi: Suuri testitarina., en: A large test story.}",
        "channel: chat",
        "customer: young-adult",
        "theme: values",
        "source: benchmark",
        "state:",
        "  mood: {start: 0, min: -3, max: 3}",
        "  flag: no",
        "nodes:",
    ]
    for i in range(decisions):
        later = [f"n{min(i + k, decisions - 1)}" if i + k < decisions else f"end{k % 10}" for k in (1, 2, 3)]
        lines += [
            f"  n{i}:",
            "    say:",
            f"      - {{fi: Asiakas sanoo jotain {i}., en: The customer says something {i}.}}",
            "      - if: mood < 0",
            f"        text: {{fi: Asiakas on harmissaan {i}., en: The customer is annoyed {i}.}}",
            f"    model_answer: {{fi: Mallivastaus {i}., en: Model answer {i}.}}",
            "    options:",
            f"      - reply: {{fi: Hyvä vastaus {i}., en: Good reply {i}.}}",
            "        solution_focused: yes",
            "        ideal: yes",
            "        points: {encounter: 1, expert: 1}",
            f"        feedback: {{fi: 'Hyvä, koska {i}.', en: 'Good, because {i}.'}}",
            "        effects: mood += 1",
            f"        next: {later[0]}",
            f"      - reply: {{fi: Huono vastaus {i}., en: Poor reply {i}.}}",
            "        solution_focused: no",
            f"        feedback: {{fi: 'Huono, koska {i}.', en: 'Poor, because {i}.'}}",
            "        effects: [mood -= 1, flag = yes]",
            f"        next: {later[1]}",
            f"      - action: {{fi: Tarkista järjestelmästä {i}., en: Check the system {i}.}}",
            "        solution_focused: yes",
            "        if: not flag",
            f"        next: {later[2]}",
        ]
    for k in range(10):
        outcome = ("resolved", "partly", "unresolved")[k % 3]
        lines += [f"  end{k}:", f"    ending: {outcome}", f"    say: {{fi: Loppu {k}., en: Ending {k}.}}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def starts_per_step(stories: list[Story], walks: int = 2000) -> float:
    """Playthroughs started per step in random walks by option id (each walk one start)."""
    rng = random.Random(2)
    steps = 0
    for walk in range(walks):
        play = Playthrough(stories[walk % len(stories)], seed=rng.randrange(1 << 30), clock=_no_time)
        while not play.is_over:
            ids = play.available()
            play.choose_option(ids[int(rng.random() * len(ids))])
            steps += 1
    return walks / steps


def start_seconds(stories: list[Story], starts: int = 20000) -> float:
    """CPU seconds per playthrough started (the stories in turn, each with a fresh seed, nothing chosen)."""
    seeds = random.Random(3).sample(range(1 << 30), starts)
    count = len(stories)
    started = time.process_time()
    for index, seed in enumerate(seeds):
        Playthrough(stories[index % count], seed=seed, clock=_no_time)
    return (time.process_time() - started) / starts


def breakdown(stories: list[Story]) -> None:
    """Where an engine step's time goes, per step in µs per CPU second: walks that differ in one piece, each the
    best of five half-second runs, in turns (differences of runs on a shared machine: a tenth of a µs is noise)."""
    kinds = {
        "shown": {},
        "by_id": {"shown": False},
        "beat": {"shown": False, "also_beat": True},
        "idle_shown": {"idle": True},
        "idle_by_id": {"idle": True, "shown": False},
    }
    best: dict[str, float] = {}
    floors: dict[str, float] = {}
    for _ in range(5):
        for name, options in kinds.items():
            best[name] = min(best.get(name, 1e9), 1e6 / steps_per_second(stories, 0.5, **options))
        for name, ordered in (("ordered", True), ("plain", False)):
            floors[name] = min(floors.get(name, 1e9), 1e6 / baseline_steps_per_second(stories, 0.5, ordered=ordered))
    per = starts_per_step(stories)
    each = min(start_seconds(stories) for _ in range(5)) * 1e6
    start = each * per
    beat = best["beat"] - best["by_id"]
    print(
        f"  per step, µs per CPU second: options shown {best['shown']:.2f} (the walk in seeded order"
        f" {floors['ordered']:.2f}), by id {best['by_id']:.2f} (the plain walk {floors['plain']:.2f})"
    )
    print(
        f"    a start {start:.2f} per step ({each:.2f} each, {per:.3f} per step); the beat {beat:.2f};"
        f" this loop and its calls (a stand-in that does nothing) {best['idle_shown']:.2f} shown,"
        f" {best['idle_by_id']:.2f} by id"
    )
    print(
        f"    the rest: choose() {best['shown'] - start - beat - best['idle_shown']:.2f},"
        f" choose_option() {best['by_id'] - start - best['idle_by_id']:.2f}"
        " (the offer, effects, the result, the arrival)"
    )


def report(label: str, texts: list[bytes], repeat: int, *, parts: bool = False) -> None:
    stories = load_all(texts)
    size = sum(len(raw) for raw in texts)
    nodes = sum(len(story.nodes) for story in stories)
    load = best_of(repeat, lambda: load_all(texts))
    anchor = best_of(repeat, lambda: pyyaml_only(texts))
    ours = best_of(repeat, lambda: events_only(texts))
    safe = best_of(repeat, lambda: parse_only(texts, "safe", pure=False))
    rt = best_of(repeat, lambda: parse_only(texts, "rt", pure=True))
    print(f"{label}: {len(texts)} file(s), {size / 1024:.0f} KiB, {nodes} nodes")
    print(f"  load + validate (ours):          {load * 1000:8.1f} ms   load/anchor = {load / anchor:.2f}x")
    print(f"  PyYAML C safe load (the anchor): {anchor * 1000:8.1f} ms")
    print(f"  our safe parse alone:            {ours * 1000:8.1f} ms   parse/anchor = {ours / anchor:.2f}x")
    print(f"  ruamel safe load (C if present): {safe * 1000:8.1f} ms   load/parse = {load / safe:.2f}x")
    print(f"  ruamel round-trip load:          {rt * 1000:8.1f} ms   load/parse = {load / rt:.2f}x")
    # The best of five, as for the loads above: the run least disturbed by other work on the machine; the
    # figures compared are measured in turns, so a quiet or busy spell falls on all of them alike.
    runs: dict[str, list[float]] = {"shown": [], "by_id": [], "ordered": [], "plain": [], "orders": []}
    for _ in range(5):
        runs["shown"].append(steps_per_second(stories, 0.5))
        runs["by_id"].append(steps_per_second(stories, 0.5, shown=False))
        runs["ordered"].append(baseline_steps_per_second(stories, 0.5, ordered=True))
        runs["plain"].append(baseline_steps_per_second(stories, 0.5))
        runs["orders"].append(orders_per_second())
    shown, by_id, ordered, plain, orders = (max(runs[name]) for name in runs)
    print(f"  engine steps/CPU second, options shown: {shown:10.0f}  (best of 5 half-second runs)")
    print(f"  engine steps/CPU second, by option id:  {by_id:10.0f}")
    print(f"  walk in seeded order:                   {ordered:10.0f}  (the baseline of options shown)")
    print(f"  plain walk:                             {plain:10.0f}  (the baseline of steps by id)")
    print(f"  seeded orders alone (three options):    {orders:10.0f}")
    print(
        f"  engine/baseline (goal >= 0.5x): options shown {shown / ordered:.3f}x the walk in seeded order,"
        f" by id {by_id / plain:.3f}x the plain walk"
    )
    print(
        f"  against the plain walk: options shown {shown / plain:.3f}x, by id {by_id / plain:.3f}x;"
        f" the walk in seeded order {ordered / plain:.3f}x"
    )
    if parts:
        breakdown(stories)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--breakdown", action="store_true", help="also where an engine step's time goes (µs)")
    args = parser.parse_args()
    library = [Path(path).read_bytes() for path in story_files([builtin_dir()])]
    if library:
        report("built-in library", library, args.repeat, parts=args.breakdown)
    else:
        print("built-in library: no stories found")
    report("generated story", [generated_story(1000)], max(1, args.repeat // 2), parts=args.breakdown)


if __name__ == "__main__":
    main()
