"""The trainer's clock: the system's, moved on by `SCENARIOS_CLOCK_SHIFT` to try the day's review over days.

`SCENARIOS_CLOCK_SHIFT=1d` (or `36h`, `90m`, `3600`: seconds) makes the trainer, line mode and the store
believe it is that much later: play some stories today, then start the trainer with the clock a day on
and the review offers what was missed. For trying and tests only; a value that cannot be read is no shift.
"""

from __future__ import annotations

import os
import re
import time

SHIFT_VARIABLE = "SCENARIOS_CLOCK_SHIFT"
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_SHIFT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def shift(raw: str | None = None) -> float:
    """The shift in seconds given by `raw` (default: the environment's `SCENARIOS_CLOCK_SHIFT`); 0 when none."""
    value = os.environ.get(SHIFT_VARIABLE, "") if raw is None else raw
    found = _SHIFT.match(value)
    return float(found.group(1)) * _UNITS[found.group(2)] if found else 0.0


def now() -> float:
    """Now, in seconds since 1970, shifted as `SCENARIOS_CLOCK_SHIFT` says."""
    return time.time() + shift()
