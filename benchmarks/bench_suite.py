"""The test suite's wall time and CPU time: in parallel as configured (pytest-xdist, `-n auto`) against one process.

Runs the whole suite twice, one process first, then in parallel, and prints for each the wall time and
the CPU time of pytest and all its workers (user + system), and the ratios. CPU time is what the suite
costs; wall time is what it takes, and on a shared machine it grows with everything else running
(compare CPU, and wall time only within one run). It takes minutes. Not a test.

`--tests FILE` runs only the tests named in FILE (one pytest node id per line). `suite-at-issue-17.txt`
beside this script names the tests that existed when issue #17 set the suite's goal (615 of its 626
still exist under the same name; 1,408 tests today), so that goal can be checked on the suite it
was set for.

    .venv/bin/python benchmarks/bench_suite.py [--parallel-only] [--tests benchmarks/suite-at-issue-17.txt]
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
    arguments = sys.argv[1:]
    parallel_only = "--parallel-only" in arguments
    chosen = [f"@{Path(arguments[arguments.index('--tests') + 1]).resolve()}"] if "--tests" in arguments else []
    serial = None if parallel_only else run("-n", "0", *chosen)
    parallel = run("-n", "auto", *chosen)
    if serial is not None:
        print(f"one process {serial[0]:6.0f} s wall {serial[1]:6.0f} s CPU")
    print(f"parallel    {parallel[0]:6.0f} s wall {parallel[1]:6.0f} s CPU", end="")
    if serial is not None:
        print(f"   ratio parallel/one process: wall {parallel[0] / serial[0]:.2f}x", end="")
    print()


if __name__ == "__main__":
    main()
