"""Launch to first interactive frame: the trainer as a user launches it, against a minimal Textual app.

Each run is a fresh Python process (`python bench_startup.py child KIND`), in a terminal of its own (a
pseudo-terminal, as when a user types the command), that stops on Textual's `Ready` event, sent once the
first frame has been laid out and drawn, at 120x40. The kinds:

- `command`: exactly what the `scenarios` console script runs (`scenarios.cli.main.main()` with no
  arguments: the command line, the language, the store, the resume offer, the library), on a **first
  start** (an empty data directory, new for each run) and on a **warm** one (a data directory used before,
  with settings and a playthrough left in the middle, so the resume offer has something to offer);
- `create_app`: the app built directly with `create_app(offer_resume=False)` (the earlier figure);
- `minimal`: a minimal Textual app (a header, a list, a footer), the anchor.

Then the help texts: `scenarios --help` and `scenarios rehearse --help` against their own anchor, a process
that imports argparse and the catalog and looks up one message (all a help text needs).

The parent measures wall time from spawning the process to that moment; the child reports its peak
memory (max RSS) and CPU time then. All run with compiled bytecode, as installed (PYTHONDONTWRITEBYTECODE is
dropped for the children). Prints medians and the ratios against the minimal app. Not a test.

    .venv/bin/python benchmarks/bench_startup.py [RUNS]
"""

from __future__ import annotations

import os
import pty
import resource
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from textual.app import App

REPORT: TextIO = sys.stdout
"""Where a child reports its first frame (the pipe the parent gave it)."""


def child(kind: str) -> None:
    """Start one app headless and print the wall-clock time of its first frame."""
    if kind == "command":
        launch_command()
        return
    if kind == "create_app":
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

    report_first_frame(app)
    app.run(headless=True, size=(120, 40))


def report_first_frame(app: App[object]) -> None:
    """Print the time, peak memory and CPU time when `app` has drawn its first frame, and stop it."""

    def on_ready() -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)  # ru_maxrss in KiB on Linux
        print(f"{time.time():.6f} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime:.6f}", file=REPORT, flush=True)
        app.exit()

    # Hook Textual's Ready event (first frame displayed) without touching the app's code.
    app.__class__ = type("Benchmarked", (type(app),), {"on_ready": lambda self: on_ready()})


def launch_command() -> None:
    """What the `scenarios` console script runs, with Textual's `App.run` drawing headless at 120x40 and
    stopping at the first frame (the only change: the app itself is built and run by the command)."""
    from textual.app import App

    run = App.run

    def first_frame_only(app: App[object], *args: object, **kwargs: object) -> object:
        report_first_frame(app)
        return run(app, headless=True, size=(120, 40))

    App.run = first_frame_only  # type: ignore[method-assign,assignment]
    sys.argv = ["scenarios"]
    from scenarios.cli.main import main

    main()


def measure(kind: str, data_dir: str) -> tuple[float, float, float]:
    """Seconds from spawning a child to its first frame, the child's peak memory then (MiB) and the CPU
    seconds it had used (user + system: less disturbed than wall time by other work on the machine).

    The child's standard streams are a pseudo-terminal, as a user's are; it reports on a pipe of its own."""
    env = {**USER_ENV, "SCENARIOS_DATA_DIR": data_dir, "COLUMNS": "120", "LINES": "40"}
    for name in ("SCENARIOS_LANG", "SCENARIOS_CLOCK_SHIFT"):
        env.pop(name, None)
    # As installed, the package's modules are compiled (pip writes their bytecode, as it did Textual's): let the
    # warming run write ours too, where the environment would otherwise compile them from source at every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    terminal, child_terminal = pty.openpty()
    report_read, report_write = os.pipe()
    env["BENCH_REPORT_FD"] = str(report_write)
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, __file__, "child", kind],
        env=env,
        stdin=child_terminal,
        stdout=child_terminal,
        stderr=child_terminal,
        pass_fds=(report_write,),
    )
    os.close(child_terminal)
    os.close(report_write)
    report = b""
    shown = b""
    with os.fdopen(report_read, "rb") as reading:
        while True:  # drain the terminal so the child never blocks on it, until its report pipe closes
            ready, _, _ = select.select([reading, terminal], [], [])
            if terminal in ready:
                try:
                    shown += os.read(terminal, 65536)
                except OSError:
                    pass
            if reading in ready:
                chunk = os.read(reading.fileno(), 65536)
                if not chunk:
                    break
                report += chunk
    process.wait()
    os.close(terminal)
    if process.returncode != 0 or not report.strip():
        raise SystemExit(f"{kind} failed ({process.returncode}):\n{shown.decode(errors='replace')[-2000:]}")
    ready_at, peak_kib, cpu = report.decode().strip().splitlines()[-1].split()
    return float(ready_at) - started, int(peak_kib) / 1024, float(cpu)


def leave_a_playthrough(data_dir: str) -> None:
    """A data directory as a trainee leaves it: settings saved and a story stopped in the middle."""
    subprocess.run(
        [sys.executable, "-m", "scenarios", "play", "empty-wristband", "--plain", "--choices", "1"],
        env={**USER_ENV, "SCENARIOS_DATA_DIR": data_dir},
        capture_output=True,
        check=False,
    )


USER_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The children's environment, as a user's: Python keeps the compiled modules it wrote on the first (warm-up)
run. With PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every changed module would be compiled again
at every start, and the figures would measure the compiler."""

HELP_ANCHOR = "import argparse\nfrom scenarios.i18n.catalog import t\nprint(t('cli.help.list', 'fi'))"
"""What any help text needs: argparse and one message of the catalog (issue #31's anchor)."""

HELP_FLOOR = (
    "import argparse\nfrom scenarios.i18n.catalog import t\n"
    "parser = argparse.ArgumentParser(prog='scenarios', description=t('cli.help.description', 'fi'))\n"
    "parser.add_argument('--lang', help=t('cli.help.lang', 'fi'))\nparser.print_help()"
)
"""A second anchor: the same, printing one argparse help (argparse's formatter imports shutil and measures
the terminal: what any argparse help pays before a command line of ours adds anything)."""


def measure_help(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process running `argv` to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=True, env={**USER_ENV, "COLUMNS": "120"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def help_figures(runs: int) -> None:
    """Alternate the help commands and their anchor RUNS times; print medians and ratios."""
    # The console script, as a user types it (`python -m` would add runpy's own imports to ours).
    script = Path(sys.executable).with_name("scenarios")
    scenarios = [str(script)] if script.exists() else [sys.executable, "-m", "scenarios"]
    commands = {
        "anchor": [sys.executable, "-c", HELP_ANCHOR],
        "argparse help": [sys.executable, "-c", HELP_FLOOR],
        "--help": [*scenarios, "--help"],
        "rehearse --help": [*scenarios, "rehearse", "--help"],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the file cache
        measure_help(argv)
    for _ in range(runs):
        for name, argv in commands.items():
            wall, cpu = measure_help(argv)
            walls[name].append(wall)
            cpus[name].append(cpu)
    wall = {name: statistics.median(values) for name, values in walls.items()}
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    print(f"help texts, {runs} runs of each, alternating; load average {os.getloadavg()[0]:.1f}")
    for name in commands:
        print(f"{name:<16} wall median {wall[name] * 1000:5.0f} ms   CPU median {cpu[name] * 1000:5.0f} ms")
    for name in list(commands)[1:]:
        print(f"ratio {name}/anchor: wall {wall[name] / wall['anchor']:.2f}x, CPU {cpu[name] / cpu['anchor']:.2f}x")


def main() -> None:
    """Alternate the kinds RUNS times (default 15) and print the medians and their ratios to the minimal app."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    kinds = ("minimal", "first start", "warm", "create_app")
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    memory: dict[str, list[float]] = {kind: [] for kind in kinds}
    cpus: dict[str, list[float]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory() as warm_dir, tempfile.TemporaryDirectory() as scratch:
        leave_a_playthrough(warm_dir)
        for kind in ("minimal", "command", "create_app"):  # warm the file cache and .pyc files
            measure(kind, warm_dir)
        for run in range(runs):
            for kind in kinds:
                if kind == "first start":
                    data_dir = os.path.join(scratch, f"first-{run}")
                    wall, peak, cpu = measure("command", data_dir)
                elif kind == "warm":
                    wall, peak, cpu = measure("command", warm_dir)
                else:
                    wall, peak, cpu = measure(kind, warm_dir)
                times[kind].append(wall)
                memory[kind].append(peak)
                cpus[kind].append(cpu)
    wall = {kind: statistics.median(values) for kind, values in times.items()}
    peak = {kind: statistics.median(values) for kind, values in memory.items()}
    cpu = {kind: statistics.median(values) for kind, values in cpus.items()}
    load = os.getloadavg()[0]
    print(f"{runs} runs of each, alternating; load average at the end {load:.1f} on {os.cpu_count()} cores")
    for kind in kinds:
        print(
            f"{kind:<12} first frame median {wall[kind] * 1000:6.0f} ms (min {min(times[kind]) * 1000:6.0f} ms)"
            f"   CPU median {cpu[kind] * 1000:6.0f} ms   peak memory median {peak[kind]:5.1f} MiB"
        )
    for kind in kinds[1:]:
        print(
            f"ratio {kind}/minimal: wall {wall[kind] / wall['minimal']:.2f}x "
            f"(of the fastest runs {min(times[kind]) / min(times['minimal']):.2f}x), "
            f"CPU {cpu[kind] / cpu['minimal']:.2f}x, peak memory {peak[kind] / peak['minimal']:.2f}x"
        )
    print()
    help_figures(runs * 2)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "child":
        REPORT = os.fdopen(int(os.environ["BENCH_REPORT_FD"]), "w")
        child(sys.argv[2])
    else:
        main()
