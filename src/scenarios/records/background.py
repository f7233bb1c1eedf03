"""Syncing while the app runs: when to try next (backing off while the LRS is down), one sync in its own
connection (for a worker thread), and the quiet words for what still waits."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from scenarios.i18n.catalog import t
from scenarios.records.outbox import SyncReport, load_config, status, sync, sync_launches
from scenarios.store import SchemaTooNewError, Store
from scenarios.store.connection import Location

SYNC_EVERY = 60.0
"""Seconds between syncs while the LRS takes them."""
LONGEST_WAIT = 15 * 60.0
"""The longest wait between tries while the LRS is down."""


class SyncSchedule:
    """When the next background sync is due: at once, then every `every` seconds; after each failure
    the wait doubles, up to `longest`, and one success brings it back."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, *, every: float = SYNC_EVERY, longest: float = LONGEST_WAIT
    ) -> None:
        self.clock = clock
        self.every = every
        self.longest = longest
        self.failures = 0
        self.next_at = clock()

    @property
    def due(self) -> bool:
        """A sync should start now."""
        return self.clock() >= self.next_at

    @property
    def wait(self) -> float:
        """Seconds from one sync to the next after the last result."""
        if not self.failures:
            return self.every
        return float(min(self.longest, self.every * 2.0**self.failures))

    def record(self, report: SyncReport) -> None:
        """A sync ended: plan the next one (later after a failure, as usual after a success)."""
        self.failures = self.failures + 1 if report.error else 0
        self.next_at = self.clock() + self.wait


def sync_store(path: Location) -> SyncReport:
    """Send what waits in the store at `path`, through a connection of its own (a worker thread's).

    Never raises: an unreachable LRS or a busy database is the report's `error`. No retries here: the
    schedule waits between tries, so an LRS that is down never holds the thread for long.
    """
    try:
        store = Store(path)
    except (sqlite3.Error, SchemaTooNewError, OSError) as error:
        return SyncReport(0, 0, 0, str(error))
    try:
        launches = sync_launches(store)  # statements of cmi5 launches, for their LMSs
        config = load_config(store)
        if not config.url:
            return SyncReport(launches.sent, launches.set_aside, status(store).waiting, launches.error or "no_lrs")
        report = sync(store, config, retries=0)
        return SyncReport(
            report.sent + launches.sent, report.set_aside + launches.set_aside, report.waiting, report.error
        )
    except sqlite3.Error as error:
        return SyncReport(0, 0, 0, str(error))
    finally:
        store.close()


def outbox_note(store: Store, language: str) -> str | None:
    """ "3 statements waiting to be sent" when an LRS is set and some wait, and how many are set aside (the
    LRS would not take them) when some are; None otherwise (nothing to show). A trainee in the browser is
    told of their own statements only (the server's outbox holds every trainee's)."""
    try:
        if not load_config(store).url:
            return None
        now = status(store, own=store.trainee.served)
    except sqlite3.Error:
        return None
    notes = []
    if now.waiting:
        notes.append(t("records.app.waiting", language, count=now.waiting))
    if now.set_aside:
        notes.append(t("records.app.set_aside", language, count=now.set_aside))
    return " ".join(notes) or None
