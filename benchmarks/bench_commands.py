"""Whole commands against a process that only parses the same story files with PyYAML's C loader.

Prints, in one run, the medians of paired runs (fresh processes, alternated so drift hits both)
and their ratios:
  - `scenarios list` (the whole built-in library; every run after a first, warming one);
  - `scenarios validate` on the built-in library's folder;
both against the anchor: `python -c` that loads each of the same files with `yaml.CSafeLoader`.
Needs PyYAML (`pip install -e '.[bench]'`). Not a test.

    .venv/bin/python benchmarks/bench_commands.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from scenarios.story.files import story_files
from scenarios.story.library import builtin_dir

ANCHOR = """\
import sys
import yaml
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def commands() -> dict[str, list[str]]:
    """The anchor and the commands measured against it, as argument lists."""
    files = [str(path) for path in story_files([builtin_dir()])]
    return {
        "parse only (PyYAML C)": [sys.executable, "-c", ANCHOR, *files],
        "scenarios list": [sys.executable, "-m", "scenarios", "list"],
        "scenarios validate": [sys.executable, "-m", "scenarios", "validate", str(builtin_dir())],
    }


def seconds(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one run of `argv` (its output discarded); fails loudly if it fails."""
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return time.perf_counter() - started


def main() -> None:
    """Alternate the anchor and the commands RUNS times (default 11); print medians and ratios."""
    try:
        import yaml  # noqa: F401
    except ImportError:
        raise SystemExit("PyYAML is needed for the anchor: pip install -e '.[bench]'") from None
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "SCENARIOS_DATA_DIR": data_dir, "SCENARIOS_LANG": "en"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled bytecode, as installed (the warming run writes it)
        argvs = commands()
        for argv in argvs.values():  # warm the file cache, .pyc files and any cache of the data directory
            seconds(argv, env)
        times: dict[str, list[float]] = {name: [] for name in argvs}
        for _ in range(runs):
            for name, argv in argvs.items():
                times[name].append(seconds(argv, env))
    anchor = statistics.median(times["parse only (PyYAML C)"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<24} median {median * 1000:6.0f} ms   ratio to parse only {median / anchor:5.2f}x   ({runs} runs)"
        )


if __name__ == "__main__":
    main()
