"""The test suite's wall time and CPU time: in parallel as configured (pytest-xdist, `-n auto`) against one process.

Runs the whole suite twice, one process first, then in parallel, and prints for each the wall time and
the CPU time of pytest and all its workers (user + system), and the ratios. CPU time is what the suite
costs; wall time is what it takes, and on a shared machine it grows with everything else running
(compare CPU, and wall time only within one run). It takes minutes. Not a test.

    .venv/bin/python benchmarks/bench_suite.py [--parallel-only]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*options: str) -> tuple[float, float]:
    """Wall and CPU seconds of one run of the suite with these pytest options; fails loudly if a test fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options], cwd=ROOT, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Time the suite in one process (unless --parallel-only), then in parallel; print times and ratios."""
    parallel_only = "--parallel-only" in sys.argv[1:]
    serial = None if parallel_only else run("-n", "0")
    parallel = run("-n", "auto")
    if serial is not None:
        print(f"one process {serial[0]:6.0f} s wall {serial[1]:6.0f} s CPU")
    print(f"parallel    {parallel[0]:6.0f} s wall {parallel[1]:6.0f} s CPU", end="")
    if serial is not None:
        print(f"   ratio parallel/one process: wall {parallel[0] / serial[0]:.2f}x", end="")
    print()


if __name__ == "__main__":
    main()
