"""A countdown driven by an injected clock: start, pause, resume, extend, skip; plain data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The workshop's time boxes in minutes (ch. 2-8 of the material): quick 2-minute tasks up to 45.
TIMEBOXES = (2, 10, 15, 20, 45)
#: The longest discussion a facilitator can set (minutes): a whole workshop block.
MAX_MINUTES = 180
DEFAULT_DISCUSSION = 120.0
DEFAULT_REFLECTION = 120.0
DEFAULT_EXTEND = 60.0


@dataclass
class Timer:
    """A countdown of `duration` seconds. Every method takes the time `now` from the caller's clock.

    It never runs backwards: elapsed time only grows while running, and `remaining` is
    never negative. A skipped timer is done at once; extending it makes it count again
    only if it is resumed.
    """

    duration: float
    elapsed_before: float = 0.0
    running_since: float | None = None
    skipped: bool = False

    @property
    def is_running(self) -> bool:
        """True while the countdown is counting."""
        return self.running_since is not None

    def elapsed(self, now: float) -> float:
        """Seconds counted so far."""
        running = max(0.0, now - self.running_since) if self.running_since is not None else 0.0
        return self.elapsed_before + running

    def remaining(self, now: float) -> float:
        """Seconds left (0 once done or skipped)."""
        if self.skipped:
            return 0.0
        return max(0.0, self.duration - self.elapsed(now))

    def is_done(self, now: float) -> bool:
        """True when the time is up or the facilitator skipped it."""
        return self.remaining(now) <= 0.0

    def start(self, now: float) -> None:
        """Start (or resume) counting; no effect when already running."""
        if self.running_since is None:
            self.running_since = now
            self.skipped = False

    resume = start

    def pause(self, now: float) -> None:
        """Stop counting and keep the time counted so far."""
        if self.running_since is not None:
            self.elapsed_before = self.elapsed(now)
            self.running_since = None

    def toggle(self, now: float) -> None:
        """Pause when running, resume when paused."""
        if self.is_running:
            self.pause(now)
        else:
            self.start(now)

    def extend(self, seconds: float = DEFAULT_EXTEND, now: float | None = None) -> None:
        """Give more time (negative values are ignored).

        With `now`, a countdown that is already done (run out or skipped) starts again at once
        with exactly `seconds` left: "+1 min" at 0:00 means one more minute, counting.
        """
        seconds = max(0.0, seconds)
        if now is not None and self.is_done(now):
            self.duration = self.elapsed(now) + seconds
            self.skipped = False
            self.start(now)
            return
        self.duration += seconds

    def skip(self, now: float) -> None:
        """End the countdown now; the time counted so far is kept for the record."""
        self.pause(now)
        self.skipped = True

    def to_dict(self, now: float) -> dict[str, Any]:
        """Plain data; a running timer is saved with the time counted up to `now` (`at`)."""
        return {
            "duration": self.duration,
            "elapsed": self.elapsed(now),
            "running": self.is_running,
            "skipped": self.skipped,
            "at": now,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, keep_running: bool = False) -> Timer:
        """Rebuild a saved timer. It comes back paused (after a crash nobody was watching a discussion's clock),
        or, with `keep_running`, still running from when it was saved (a station's groups went on talking).

        Reads a station rotation's first format too (`elapsed_before`, `running_since`)."""
        duration = max(0.0, float(data.get("duration", DEFAULT_DISCUSSION)))
        skipped = bool(data.get("skipped", False))
        if "elapsed_before" in data:
            since = data.get("running_since")
            elapsed, running_since = float(data["elapsed_before"]), None if since is None else float(since)
        else:
            elapsed = float(data.get("elapsed", 0.0))
            running_since = float(data["at"]) if data.get("running") and "at" in data else None
        return cls(
            duration=duration,
            elapsed_before=max(0.0, elapsed),
            running_since=running_since if keep_running else None,
            skipped=skipped,
        )


def timer_text(seconds: float) -> str:
    """A rehearsal timer's seconds (left or spent) as m:ss, rounded up: 0:00 only once the time is up.

    (`scenarios.i18n.present.clock_text` is a trainee's clock: a call's length, rounded down.)"""
    whole = int(-(-max(0.0, seconds) // 1))
    return f"{whole // 60}:{whole % 60:02d}"
