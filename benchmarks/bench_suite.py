"""The test suite's wall time: in parallel as configured (pytest-xdist, `-n auto`) against one process.

Runs the whole suite twice, one process first, then in parallel, and prints both times and their
ratio. It takes minutes; run it on a quiet machine. Not a test.

    .venv/bin/python benchmarks/bench_suite.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seconds(*options: str) -> float:
    """Wall time of one run of the suite with these pytest options; fails loudly if a test fails."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options], cwd=ROOT, check=True)
    return time.perf_counter() - started


def main() -> None:
    """Time the suite in one process, then in parallel; print the times and the ratio."""
    serial = seconds("-n", "0")
    parallel = seconds("-n", "auto")
    print(f"one process {serial:6.0f} s")
    print(f"parallel    {parallel:6.0f} s   ratio parallel/one process {parallel / serial:.2f}x")


if __name__ == "__main__":
    main()
