"""Launch to first interactive frame: the trainer against a minimal Textual app, started the same way.

Each run is a fresh Python process (`python bench_startup.py child KIND`) that imports the
app, builds it (the trainer through `create_app`, on the built-in library, with a temporary
data directory), runs it headless at 120x40, and stops on Textual's `Ready` event, which is
sent once the first frame has been laid out and drawn. The parent measures wall time from
spawning the process to that moment; the child reports its peak memory (max RSS) then.
Both run with compiled bytecode, as installed (PYTHONDONTWRITEBYTECODE is dropped for the children).
Prints medians and the ratios of wall time, CPU time and peak memory. Not a test.

    .venv/bin/python benchmarks/bench_startup.py [RUNS]
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def child(kind: str) -> None:
    """Start one app headless and print the wall-clock time of its first frame."""
    if kind == "scenarios":
        from scenarios.tui.app import create_app

        app = create_app(offer_resume=False)
    else:
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, OptionList

        class Minimal(App[None]):
            def compose(self) -> ComposeResult:
                yield Header()
                yield OptionList("one", "two", "three")
                yield Footer()

        app = Minimal()

    def on_ready() -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)  # ru_maxrss in KiB on Linux
        print(f"{time.time():.6f} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime:.6f}", flush=True)
        app.exit()

    # Hook Textual's Ready event (first frame displayed) without touching the app's code.
    app.__class__ = type("Benchmarked", (type(app),), {"on_ready": lambda self: on_ready()})
    app.run(headless=True, size=(120, 40))


def measure(kind: str, data_dir: str) -> tuple[float, float, float]:
    """Seconds from spawning a child to its first frame, the child's peak memory then (MiB) and the CPU
    seconds it had used (user + system: less disturbed than wall time by other work on the machine)."""
    env = {**os.environ, "SCENARIOS_DATA_DIR": data_dir}
    # As installed, the package's modules are compiled (pip writes their bytecode, as it did Textual's): let the
    # warming run write ours too, where the environment would otherwise compile them from source at every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "child", kind], env=env, capture_output=True, text=True, check=True
    ).stdout
    ready, peak_kib, cpu = out.strip().splitlines()[-1].split()
    return float(ready) - started, int(peak_kib) / 1024, float(cpu)


def main() -> None:
    """Alternate the two apps RUNS times (default 15) and print the medians and their ratios."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    kinds = ("minimal", "scenarios")
    with tempfile.TemporaryDirectory() as data_dir:
        for kind in kinds:  # warm the file cache and .pyc files
            measure(kind, data_dir)
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        memory: dict[str, list[float]] = {kind: [] for kind in kinds}
        cpus: dict[str, list[float]] = {kind: [] for kind in kinds}
        for _ in range(runs):
            for kind in kinds:
                wall, peak, cpu = measure(kind, data_dir)
                times[kind].append(wall)
                memory[kind].append(peak)
                cpus[kind].append(cpu)
    wall = {kind: statistics.median(values) for kind, values in times.items()}
    peak = {kind: statistics.median(values) for kind, values in memory.items()}
    cpu = {kind: statistics.median(values) for kind, values in cpus.items()}
    for kind in kinds:
        print(
            f"{kind:<10} first frame median {wall[kind] * 1000:6.0f} ms (min {min(times[kind]) * 1000:6.0f} ms)"
            f"   CPU median {cpu[kind] * 1000:6.0f} ms   peak memory median {peak[kind]:5.1f} MiB   ({runs} runs)"
        )
    print(
        f"ratio scenarios/minimal: wall {wall['scenarios'] / wall['minimal']:.2f}x "
        f"(of the fastest runs {min(times['scenarios']) / min(times['minimal']):.2f}x), "
        f"CPU {cpu['scenarios'] / cpu['minimal']:.2f}x, peak memory {peak['scenarios'] / peak['minimal']:.2f}x"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "child":
        child(sys.argv[2])
    else:
        main()
