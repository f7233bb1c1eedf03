"""The browsers that have a story open in the web trainer: each is one of the trainee's windows (no web imports).

A trainee's playthrough lives in the store; what a browser holds here is what a terminal window holds in
memory: the `PlaySession`s it plays now (the engine's state, a few kilobytes each) and their leases, through
one `Trainer` per browser. A browser gets a place here when it opens a story, and loses it when it has been
silent for `Limits.idle` seconds, or when it is the oldest over a limit: its playthroughs are then left as the
terminal app leaves them on closing (a `suspended` statement, the lease freed), and the trainee is offered to
continue them where they stopped. Nothing is lost by that; only the place in memory is given up.

Used from one thread only (the web trainer's store thread), like the store connection it holds.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from scenarios.store import Store
from scenarios.store.connection import is_postgresql
from scenarios.store.schema import transaction
from scenarios.store.trainee import Trainee
from scenarios.trainer.review import DecisionRound, RoundSession
from scenarios.trainer.session import PlaySession, Trainer


@dataclass(frozen=True)
class Limits:
    """What the browsers together, and each trainee, may hold in the server's memory."""

    browsers: int = 5000
    """Browsers with a story open, in all (each holds a few kilobytes: see the README's figures)."""
    per_trainee: int = 10
    """Browsers of one trainee with a story open (tabs share a browser; devices and browsers do not)."""
    stories: int = 50
    """Stories one browser may have open at once (one playthrough per story)."""
    idle: float = 15 * 60.0
    """Seconds a browser may say nothing (no page, no "still here" from an open page) before its stories are left."""


@dataclass
class WebRound:
    """A round of decisions a browser plays (`scenarios.trainer.review`), and how far its pages have shown it."""

    round: DecisionRound
    lesson: str | None = None
    """The lesson the round practises (a decision opened from the lesson's page), or None: the day's review."""
    session: RoundSession | None = None
    """The round's decision on show, as a play page shows a playthrough."""
    shown: int = 0
    """The round's choices whose verdict the trainee has read (a later one's is on show)."""

    def end(self) -> None:
        """The round is over: its last statement (once), and its decision no longer played."""
        if self.session is not None:
            self.session.leave()
            self.session = None
        self.round.end()


@dataclass
class Browser:
    """One browser of one trainee, and the playthroughs it has open (by story id)."""

    id: str
    trainee: Trainee
    trainer: Trainer
    seen: float
    """When the browser last asked for something (the monotonic clock)."""
    open: dict[str, PlaySession] = field(default_factory=dict)
    review: WebRound | None = None
    """The round of decisions this browser plays now (the day's review, or a lesson's decision)."""

    def session(self, story_id: str) -> PlaySession | None:
        """The playthrough of `story_id` this browser plays now."""
        return self.open.get(story_id)

    def play(self, session: PlaySession, *, limit: int) -> None:
        """Play `session` in this browser (instead of any other of its story); the stories open longest
        without a word are left first when over `limit`."""
        self.close(session.story.id)
        self.open[session.story.id] = session
        while len(self.open) > limit:
            self.close(next(iter(self.open)))

    def close(self, story_id: str) -> None:
        """Stop playing `story_id` here (the playthrough stays in the store, to continue here or elsewhere)."""
        session = self.open.pop(story_id, None)
        if session is not None:
            session.leave()

    def close_all(self) -> None:
        """Leave every playthrough this browser plays, and end its round (what was answered is kept)."""
        for story_id in list(self.open):
            self.close(story_id)
        if self.review is not None:
            self.review.end()
            self.review = None


def web_owner(browser_id: str) -> str:
    """The lease owner of a browser's playthroughs: this server's host and process (a stopped server's leases
    are free at once, as a closed terminal window's are) and the browser."""
    return f"{socket.gethostname()}:{os.getpid()}:web-{browser_id[:16]}"


class Browsers:
    """The browsers with a story open, by browser id, oldest first (a dict keeps the order they were seen in)."""

    def __init__(self, store: Store, limits: Limits | None = None, *, clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.limits = limits or Limits()
        self.clock = clock
        self._by_id: dict[str, Browser] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Browser]:
        return iter(list(self._by_id.values()))

    def find(self, browser_id: str, trainee: Trainee) -> Browser | None:
        """The browser's place, if it has one and belongs to `trainee` (a browser whose trainee changed name
        starts afresh); seen now."""
        browser = self._by_id.get(browser_id)
        if browser is None:
            return None
        if browser.trainee.key != trainee.key:
            self.drop(browser)
            return None
        self._seen(browser)
        return browser

    def trainer_for(self, browser_id: str, trainee: Trainee) -> Trainer:
        """The trainer a page of this browser asks (offers, resumes): the browser's own when it has a place,
        else one with the browser's lease owner, for reading (it takes no place until a story is opened)."""
        browser = self.find(browser_id, trainee)
        if browser is not None:
            return browser.trainer
        return Trainer(self.store.as_trainee(trainee), owner=web_owner(browser_id))

    def place(self, browser_id: str, trainee: Trainee) -> Browser:
        """The browser's place, made when it opens its first story; the oldest browsers are left when there
        are more than the limits allow (in all, or of this trainee)."""
        browser = self.find(browser_id, trainee)
        if browser is not None:
            return browser
        store = self.store.as_trainee(trainee)
        browser = Browser(browser_id, trainee, Trainer(store, owner=web_owner(browser_id)), self.clock())
        self._by_id[browser_id] = browser
        own = [held for held in self._by_id.values() if held.trainee.key == trainee.key]
        for oldest in own[: max(0, len(own) - self.limits.per_trainee)]:
            self.drop(oldest)
        while len(self._by_id) > self.limits.browsers:
            self.drop(next(iter(self._by_id.values())))
        return browser

    def drop(self, browser: Browser) -> None:
        """Give up the browser's place: its playthroughs are left (to continue later) and it is forgotten."""
        browser.close_all()
        self._by_id.pop(browser.id, None)

    def sweep(self) -> int:
        """Drop the browsers silent for longer than `Limits.idle`; how many were dropped."""
        cutoff = self.clock() - self.limits.idle
        silent = [browser for browser in self._by_id.values() if browser.seen < cutoff]
        for browser in silent:
            self.drop(browser)
        return len(silent)

    def heartbeat(self) -> None:
        """Renew the leases of every open playthrough, as a terminal window does while it is open (a playthrough
        another window took over is told so on its next page; a busy database is tried again at the next beat).

        On SQLite in one transaction (one commit, not one per playthrough). On PostgreSQL each lease in a
        transaction of its own trainee's, as a save is: one transaction for all would hold every server's writes
        as long as it took to renew them all."""
        sessions = [session for browser in self for session in browser.open.values()]
        if not sessions:
            return
        if is_postgresql(self.store.conn):
            for session in sessions:
                session.heartbeat()
            return
        try:
            with transaction(self.store.conn):
                for session in sessions:
                    session.heartbeat()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """The server stops: leave every playthrough of every browser."""
        for browser in self:
            self.drop(browser)

    def _seen(self, browser: Browser) -> None:
        browser.seen = self.clock()
        self._by_id.pop(browser.id)
        self._by_id[browser.id] = browser  # the most recently seen last
