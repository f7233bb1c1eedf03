"""A trainee's playthroughs over the store: start, choose, autosave, finish, resume, abandon, and the lease.

No Textual here: the app's screens show a `PlaySession` and tell it what the trainee did; the tests
drive it headless. A playthrough gets its row in the store with its first decision (a story opened
and left at once leaves nothing behind), and while a window plays it, that window holds its lease.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from scenarios.engine import Clock, OwnReply, Playthrough, Result, SaveError, carry_over, from_json, to_json
from scenarios.engine.reload import How
from scenarios.records import cmi5
from scenarios.records.cmi5 import Launch
from scenarios.records.outbox import record_launch, record_pause, recording
from scenarios.store import ACTIVE, Lease, PlaythroughRecord, Store
from scenarios.store.clock import now
from scenarios.store.progress import FIRST_LEASE
from scenarios.story.model import Story
from scenarios.trainer.lease import STALE_AFTER, held_elsewhere, new_owner, process_gone
from scenarios.trainer.lessons import LessonBook

if TYPE_CHECKING:
    from scenarios.trainer.own_words import OwnDraft

ProblemCode = Literal["busy", "taken", "failed"]


@dataclass(frozen=True)
class SaveProblem:
    """Why the last save did not reach the store; the playthrough itself goes on in memory.

    `busy`: another program kept the database locked (the next save tries again with everything);
    `taken`: another window took the playthrough over (this one no longer saves it, nor chooses in it);
    `failed`: any other error, `detail` in the system's words (e.g. a full disk).
    """

    code: ProblemCode
    detail: str = ""


class HeldElsewhereError(Exception):
    """Another live app window plays this playthrough now."""

    def __init__(self, record: PlaythroughRecord) -> None:
        super().__init__(f"playthrough {record.id} is open in another window")
        self.record = record


class TakenOverError(Exception):
    """Another window took the playthrough over: a choice in this one is refused and nothing of it is kept (the
    other window's progress stands). The window stops playing it; it can be opened again to go on from there."""

    def __init__(self, record_id: int | None) -> None:
        super().__init__(f"playthrough {record_id} was taken over by another window")
        self.record_id = record_id


class StoreBusyError(Exception):
    """The database could not be written (locked by another program, or failing); nothing was lost."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class ResumeCheck:
    """Whether a stored playthrough can go on with the story as it is now.

    `how` is `exact` (the story is unchanged), `replayed` (the story was edited and every choice
    still fits) or None, with `error` saying why not.
    """

    how: Literal["exact", "replayed"] | None
    error: SaveError | None = None


def problem_of(error: sqlite3.Error) -> SaveProblem:
    """A database error in the trainee's terms: locked by another program, or failed."""
    text = str(error)
    busy = isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)
    return SaveProblem("busy" if busy else "failed", text)


class PlaySession:
    """One playthrough being played in this window, and its row in the store (from the first decision)."""

    def __init__(
        self,
        trainer: Trainer,
        story: Story,
        play: Playthrough,
        *,
        title: str,
        language: str,
        mode: str,
        record_id: int | None = None,
        lease: Lease | None = None,
        resumed_at: float | None = None,
    ) -> None:
        self.trainer = trainer
        self.story = story
        self.play = play
        self.title = title
        self.language = language
        self.mode = mode
        self.record_id = record_id
        self.lease = lease
        """This window's lease on the row (from its first decision, or from taking a stored one up)."""
        self.finished = False
        self.problem: SaveProblem | None = None
        """Why the last save failed, or None when it reached the store."""
        self.told_taken = False
        """The trainee has been told that another window took the playthrough over."""
        self.resumed_at = resumed_at
        """When this window took the stored playthrough up (None: started here)."""
        last = play.history[-1].at if play.history else play.started_at
        self.away = 0.0 if resumed_at is None else max(0.0, resumed_at - last)
        """Seconds the playthrough lay unplayed, from its last choice to `resumed_at`."""
        self.own_draft: OwnDraft | None = None
        """A reply written in the trainee's own words at the current decision, waiting for the choice (a front end
        that keeps no state between requests keeps it here; `trainer.own_words`)."""
        trainer.playing.append(self)

    # --- the channel's clock -----------------------------------------------------------
    def now(self) -> float:
        """Now on the playthrough's clock, less the time it lay unplayed (a call's length, a chat's wait)."""
        return self.lived(self.play.clock())

    def lived(self, at: float) -> float:
        """A time of the playthrough (a choice's `at`) less the time it lay unplayed, when `at` came after it:
        a call does not go on while the app is closed."""
        return at - self.away if self.resumed_at is not None and at >= self.resumed_at else at

    # --- playing ---------------------------------------------------------------------
    @property
    def taken(self) -> bool:
        """Another window took the playthrough over: this one no longer saves it, nor chooses in it."""
        return self.problem is not None and self.problem.code == "taken"

    def choose(self, number: int, *, own: OwnReply | None = None) -> Result:
        """Choose option `number` (raises the engine's `ChoiceError`) and save, with the trainee's own reply when
        they wrote one first (`trainer.own_words`); see `problem` for the save.

        Raises `TakenOverError` when another window took the playthrough over: before choosing when that is known
        already, else when the save finds it (the store checks the lease in the same write); the choice is not
        kept, and this window should stop playing the session (what it shows is no longer the playthrough).
        """
        if self.taken:
            raise TakenOverError(self.record_id)
        result = self.play.choose(number, own=own)
        self.save()
        if self.taken:
            raise TakenOverError(self.record_id)
        return result

    def counts(self) -> dict[str, int]:
        """Decisions made, solution-focused ones and ideal ones, so far."""
        history = self.play.history
        return {
            "decisions": len(history),
            "solution_focused": sum(1 for r in history if r.solution_focused),
            "ideal": sum(1 for r in history if r.is_ideal),
        }

    def save(self) -> bool:
        """Store the engine's save (creating the row at the first decision); False with `problem` set if not."""
        if self.taken:
            return False
        store = self.trainer.store
        try:
            if self.record_id is None:
                self.record_id = self.trainer.create_row(self)
                self.lease = Lease(self.trainer.owner, FIRST_LEASE)
            # The learning records of the choice, and its answer with the lessons' states, go to the store in the
            # same transaction as the save (none of them when the lease is lost: the save then changes nothing).
            with recording(store, self.play, self.record_id, self.mode, self.language, self.trainer.launch):
                saved = store.autosave(self.record_id, to_json(self.play), lease=self.lease, **self.counts())
                if saved:
                    self.keep_answers()
        except sqlite3.Error as error:
            self.problem = problem_of(error)
            return False
        self.problem = None if saved else SaveProblem("taken")
        return saved

    def finish(self) -> bool:
        """Record the finished playthrough (once), with its ending; False with `problem` set if not stored."""
        if self.finished:
            return True
        if self.taken:
            return False
        beat = self.play.beat()
        outcome = beat.ending.value if beat.ending is not None else None
        if self.record_id is None and not self.save():
            return False
        assert self.record_id is not None
        try:
            launch = self.trainer.launch
            with recording(self.trainer.store, self.play, self.record_id, self.mode, self.language, launch):
                done = self.trainer.store.finish(
                    self.record_id, to_json(self.play), outcome=outcome, lease=self.lease, **self.counts()
                )
                if done:
                    self.keep_answers()
        except sqlite3.Error as error:
            self.problem = problem_of(error)
            return False
        self.problem = None if done else SaveProblem("taken")
        self.finished = done
        return done

    def keep_answers(self) -> None:
        """Keep the choices made so far as the trainee's answers (those kept already are left alone), bringing the
        lessons' states up to date (`trainer.lessons`)."""
        assert self.record_id is not None
        self.trainer.lessons.keep_play(self.play, self.mode, self.record_id)

    def set_mode(self, mode: str) -> None:
        """Practice or exam from now on (kept with the row when there is one)."""
        self.mode = mode
        if self.record_id is not None and not self.taken:
            try:
                if not self.trainer.store.set_mode(self.record_id, mode, lease=self.lease):
                    self.problem = SaveProblem("taken")
            except sqlite3.Error as error:
                self.problem = problem_of(error)

    # --- the lease -------------------------------------------------------------------
    def heartbeat(self) -> bool:
        """Renew this window's lease; False when another window has taken the playthrough over."""
        if self.record_id is None or self.lease is None or self.finished:
            return True
        if self.taken:
            return False
        try:
            alive = self.trainer.store.beat(self.record_id, self.lease)
        except sqlite3.Error:
            return True  # a busy database: the next heartbeat tries again
        if not alive:
            self.problem = SaveProblem("taken")
        return alive

    def leave(self) -> None:
        """This window stops playing it: free the lease (the playthrough stays, to resume here or elsewhere).

        A playthrough left unfinished gets a `suspended` statement (once per leaving).
        """
        was_playing = self in self.trainer.playing
        if was_playing:
            self.trainer.playing.remove(self)
        if self.record_id is None or self.lease is None or self.finished or self.taken:
            return
        if was_playing and not self.play.is_over:
            self.record_pause("suspended")
        try:
            self.trainer.store.release(self.record_id, self.lease)
        except sqlite3.Error:
            pass  # a closed or busy database: the lease goes stale by itself

    def record_pause(self, verb: str) -> None:
        """Put a `suspended` or `resumed` statement of the stored playthrough in the outbox (a busy
        database loses only this statement: the playthrough itself is saved)."""
        if self.record_id is None:
            return
        try:
            record_pause(
                self.trainer.store,
                self.story,
                self.record_id,
                self.mode,
                self.language,
                verb,
                self.trainer.clock(),
                self.trainer.launch,
            )
        except sqlite3.Error:
            pass

    # --- an edited story -------------------------------------------------------------
    def carry_to(self, story: Story, title: str) -> How:
        """Move the playthrough onto a new version of its story (`play --watch`), keeping the place if it can.

        Another story, or a finished one that goes on, gets a new row (at its next save); the
        old row stays as it was (an unfinished one of another story is abandoned).
        """
        carried = carry_over(self.play, story)
        if story.id != self.story.id or (self.finished and not carried.play.is_over):
            if story.id != self.story.id and not self.finished and self.record_id is not None:
                self.trainer.abandon(self.record_id)
            self.record_id, self.lease = None, None
            self.finished = False
        self.story, self.play, self.title = story, carried.play, title
        if self.record_id is not None and not self.finished:
            self.save()  # the save now carries the new version's fingerprint
        return carried.how


class Trainer:
    """The trainee's playthroughs in one app window: what to start, offer, resume or give up."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = now,
        owner: str | None = None,
        stale_after: float = STALE_AFTER,
        launch: Launch | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.owner = owner or new_owner()
        self.stale_after = stale_after
        self.playing: list[PlaySession] = []
        """The sessions this window plays now (their leases are renewed by `PlaySession.heartbeat`)."""
        self.launch = launch
        """The cmi5 launch this window plays, when an LMS launched it: its story's statements go to the LMS."""
        self.launch_ended = False
        self._lessons: LessonBook | None = None

    @property
    def lessons(self) -> LessonBook:
        """The trainee's answers, lessons and review (made when first needed)."""
        if self._lessons is None:
            self._lessons = LessonBook(self.store, clock=self.clock)
        return self._lessons

    # --- a launch from an LMS (cmi5) ------------------------------------------------------
    def begin_launch(self) -> bool:
        """The launched session has begun: its `initialized` statement, for the LMS (False: the database was busy;
        the next save tries nothing more, as the statement's id keeps it once)."""
        if self.launch is None:
            return False
        try:
            record_launch(self.store, self.launch, cmi5.initialized(self.launch, self.clock()))
        except sqlite3.Error:
            return False
        return True

    def end_launch(self) -> bool:
        """The launched session ends (once): what is being played is left as unfinished, then `terminated`, the
        session's last statement (cmi5 9.3.8)."""
        if self.launch is None or self.launch_ended:
            return False
        self.launch_ended = True
        self.leave_all()
        try:
            record_launch(self.store, self.launch, cmi5.terminated(self.launch, self.clock()), ends=True)
        except sqlite3.Error:
            return False
        return True

    def leave_all(self) -> None:
        """The window closes: free every lease it holds."""
        for session in list(self.playing):
            session.leave()

    def start(self, story: Story, *, title: str, language: str, mode: str, seed: int) -> PlaySession:
        """A new playthrough of `story` (stored with its first decision)."""
        play = Playthrough(story, seed=seed, clock=self.clock)
        return PlaySession(self, story, play, title=title, language=language, mode=mode)

    def create_row(self, session: PlaySession) -> int:
        """The session's row, leased to this window; earlier unfinished ones of the story are given up,
        except those another window is playing now."""
        spare = {record.id for record in self.store.interrupted() if self.held_elsewhere(record)}
        return self.store.start(
            session.story.id,
            session.title,
            session.language,
            session.mode,
            to_json(session.play),
            owner=self.owner,
            spare=spare,
        )

    def waiting(self, story_id: str | None = None) -> list[PlaythroughRecord]:
        """Unfinished playthroughs with at least one decision (of `story_id` if given), most recent first."""
        return [r for r in self.store.interrupted() if story_id is None or r.story_id == story_id]

    def held_elsewhere(self, record: PlaythroughRecord) -> bool:
        """Another live window plays `record` now (as last read from the store)."""
        return held_elsewhere(record, self.owner, self.store.clock(), self.stale_after)

    def check(self, record: PlaythroughRecord, story: Story) -> ResumeCheck:
        """Can `record` go on with `story` as it is now: exactly, replayed on an edited story, or not (why)."""
        try:
            from_json(story, record.save, clock=self.clock)
            return ResumeCheck("exact")
        except SaveError as error:
            if error.code != "story_changed":
                return ResumeCheck(None, error)
        try:
            from_json(story, record.save, clock=self.clock, allow_changed=True)
            return ResumeCheck("replayed")
        except SaveError as error:
            return ResumeCheck(None, error)

    def resume(self, record: PlaythroughRecord, story: Story, *, take_over: bool = False) -> PlaySession:
        """Continue `record` in this window, replayed on `story` (edited or not), taking its lease.

        Raises `SaveError` for a save that cannot go on, `HeldElsewhereError` when another live
        window plays it (unless `take_over`), `StoreBusyError` when the database cannot be written.
        """
        play = from_json(story, record.save, clock=self.clock, allow_changed=True)
        try:
            current = self.store.get(record.id)
            if current is None or current.status != ACTIVE:
                raise SaveError("save_corrupt")
            if not take_over and self.held_elsewhere(current):
                raise HeldElsewhereError(current)
            gone = current.owner is not None and process_gone(current.owner)
            live_since = None if take_over or gone else self.store.clock() - self.stale_after
            lease = self.store.claim(record.id, self.owner, unless_live_since=live_since)
            if lease is None:
                raise HeldElsewhereError(current)
        except sqlite3.Error as error:
            raise StoreBusyError(str(error)) from None
        session = PlaySession(
            self,
            story,
            play,
            title=record.title,
            language=record.language,
            mode=record.mode,
            record_id=record.id,
            lease=lease,
            resumed_at=self.clock(),
        )
        session.record_pause("resumed")
        return session

    def abandon(self, record_id: int) -> bool:
        """Give a playthrough up (no longer offered); False when the database could not be written."""
        try:
            self.store.abandon(record_id)
        except sqlite3.Error:
            return False
        return True
