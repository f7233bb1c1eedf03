"""A team rehearsal session: the plan, the team, and each decision's discussion, votes, reveal and path.

    session = Session.new([story], team="Kirjasto", participants=Participants.of(count=8), clock=clock)
    session.start()                       # the first decision; the discussion timer runs
    session.open_vote()                   # the timer stops; votes come in
    session.set_count("check", 5); session.set_count("online", 3)
    session.reveal()                      # the spread, each option's verdict and feedback, the ideal
    session.continue_with(MAJORITY)       # or PICK with an option id, or IDEAL
    ...                                   # STORY_END -> next_story() -> DEBRIEF -> reflection -> DONE

Everything is plain data plus the engine's playthroughs; `to_json`/`from_json` (in
`saves`) keep it, and every change is told (`shell.Observed`) so it can be stored as it
happens. Nothing here imports a UI.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from scenarios.engine import Beat, Clock, Playthrough, Result
from scenarios.rehearsal.shell import CLOCK, Observed
from scenarios.rehearsal.timer import DEFAULT_DISCUSSION, DEFAULT_REFLECTION, Timer
from scenarios.rehearsal.votes import COUNTS, Ballots, VoteCheck, VoteError
from scenarios.story.model import Story
from scenarios.story.text import Text
from scenarios.trainer.own_words import asks_own_words


class Phase(StrEnum):
    """Where the session stands."""

    SETUP = "setup"
    WRITE = "write"
    """Own words first: participants write their own reply on their phones; the options are not shown yet."""
    REPLIES = "replies"
    """Own words first: the replies are on the shared screen, grouped by the elements they hold, anonymously."""
    DISCUSS = "discuss"
    VOTE = "vote"
    REVEAL = "reveal"
    STORY_END = "story_end"
    DEBRIEF = "debrief"
    REFLECT = "reflect"
    DONE = "done"


DECISION_PHASES = frozenset({Phase.WRITE, Phase.REPLIES, Phase.DISCUSS, Phase.VOTE, Phase.REVEAL})
"""The phases in which a decision is on screen."""
MAJORITY, PICK, IDEAL = "majority", "pick", "ideal"
REPLY_LIMIT = 200
"""The most own replies kept at one decision (one per phone; a room holds fewer)."""
CONTINUATIONS = (MAJORITY, PICK, IDEAL)


@dataclass(frozen=True)
class Participants:
    """Who takes part: names, or only how many."""

    names: tuple[str, ...] = ()
    count: int = 0

    @classmethod
    def of(cls, *, names: list[str] | tuple[str, ...] = (), count: int = 0) -> Participants:
        """Names (their number is the count) or a bare count; blank names are dropped."""
        cleaned = tuple(name.strip() for name in names if name.strip())
        if count < 0:
            raise VoteError("bad_participants", count=count)
        return cls(cleaned, len(cleaned) if cleaned else count)

    def duplicates(self) -> tuple[str, ...]:
        """Names given more than once (compared without case), in the order first given."""
        seen: dict[str, int] = {}
        for name in self.names:
            seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
        repeated: list[str] = []
        for name in self.names:
            if seen[name.casefold()] > 1 and name.casefold() not in (r.casefold() for r in repeated):
                repeated.append(name)
        return tuple(repeated)

    def voters(self, label: Callable[[int], str]) -> tuple[str, ...]:
        """The voters in turn order: the names, or `label(n)` for participant n (1-based)."""
        return self.names or tuple(label(number) for number in range(1, self.count + 1))


@dataclass(frozen=True)
class OwnWordsReply:
    """A participant's own reply at a decision, sent from their phone before the options were shown.

    Kept without its author: `key` is a random key only the writer's phone holds (so it can change its reply),
    never their name or their phone's participant id. `marked` are the rubric's elements and mistakes it has."""

    key: str
    text: str
    marked: tuple[str, ...] = ()


@dataclass
class Decision:
    """One decision as the team met it: discussion, votes, reveal and the path taken."""

    story_index: int
    node: str
    ballots: Ballots
    ideal: str
    discussion: Timer
    opened_at: float
    revealed_at: float | None = None
    accepted_mismatch: bool = False
    chosen: str | None = None
    continued_by: str | None = None
    chosen_at: float | None = None
    note: str = ""
    replies: list[OwnWordsReply] = field(default_factory=list)
    """Own words first: the participants' own replies, anonymous, in no meaningful order (see `OwnWordsReply`)."""

    def reply_of(self, key: str) -> OwnWordsReply | None:
        """The reply sent with `key` (the writer's own phone asks), or None."""
        return next((reply for reply in self.replies if reply.key == key), None)


@dataclass(frozen=True)
class PhoneNote:
    """A participant's answer from their phone to one reflection question."""

    author: str
    text: str


@dataclass
class Reflection:
    """One reflection question, its timer and what the team said."""

    question: Text
    timer: Timer
    note: str = ""
    """The facilitator's note (what they type on the shared screen)."""
    phone_notes: list[PhoneNote] = field(default_factory=list)
    """What participants sent from their phones, in the order it came: kept apart from the facilitator's
    note, so an answer arriving never touches what the facilitator is typing."""

    def notes_with_phones(self) -> str:
        """The facilitator's note and then each phone's answer with its author, as the record shows them."""
        lines = [self.note.rstrip()] if self.note.strip() else []
        lines += [f"{n.author}: {n.text}" if n.author else n.text for n in self.phone_notes]
        return "\n".join(lines)


@dataclass
class Session(Observed):
    """A facilitated rehearsal of one or more stories. Mutate it only through its methods."""

    stories: list[Story]
    team: str = ""
    participants: Participants = field(default_factory=Participants)
    groups: list[list[str]] = field(default_factory=list)
    language: str = "fi"
    seed: int = 0
    discussion_seconds: float = DEFAULT_DISCUSSION
    reflection_seconds: float = DEFAULT_REFLECTION
    vote_mode: str = COUNTS
    """How the front end takes votes: `counts` typed by the facilitator, or `turns` one by one."""
    own_words: bool = False
    """Own words first: at a decision with a rubric, participants first write their own reply on their phones."""
    clock: Clock = time.time
    created_at: float = 0.0
    phase: Phase = Phase.SETUP
    story_index: int = 0
    plays: list[Playthrough] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    question_index: int = 0
    notes: str = ""
    finished_at: float | None = None
    saved_clock_at: float | None = None
    """When the running countdown was last saved (`checkpoint`); not part of the save."""

    @classmethod
    def new(cls, stories: list[Story], **kwargs: Any) -> Session:
        """A session in setup for the plan `stories` (in the order they will be played)."""
        if not stories:
            raise VoteError("empty_plan")
        session = cls(list(stories), **kwargs)
        session.created_at = session.clock()
        return session

    # --- reading -----------------------------------------------------------------------
    @property
    def story(self) -> Story:
        """The story being played now."""
        return self.stories[self.story_index]

    @property
    def play(self) -> Playthrough:
        """The playthrough of the story being played now."""
        return self.plays[self.story_index]

    def beat(self) -> Beat:
        """What the customer says and does now, and the options on offer."""
        return self.play.beat()

    @property
    def decision(self) -> Decision | None:
        """The decision being discussed, voted on or revealed, if any."""
        if self.phase in DECISION_PHASES and self.decisions:
            return self.decisions[-1]
        return None

    @property
    def last_result(self) -> Result | None:
        """What the team's last choice in this story led to (its `result` text and verdict)."""
        history = self.play.history if self.plays else ()
        return history[-1] if history else None

    @property
    def reflection(self) -> Reflection | None:
        """The reflection question on screen, if any."""
        return self.reflections[self.question_index] if self.phase == Phase.REFLECT else None

    def vote_check(self) -> VoteCheck:
        """The votes entered at this decision against the participant count."""
        return self._decision().ballots.check(self.participants.count)

    def timer(self) -> Timer | None:
        """The countdown on screen: the discussion, or the reflection question's."""
        if self.phase == Phase.DISCUSS and self.decisions:
            return self.decisions[-1].discussion
        if self.phase == Phase.REFLECT:
            return self.reflections[self.question_index].timer
        return None

    def remaining(self) -> float | None:
        """Seconds left on the countdown on screen."""
        timer = self.timer()
        return None if timer is None else timer.remaining(self.clock())

    # --- the flow ----------------------------------------------------------------------
    def start(self) -> None:
        """Leave setup and begin the first story."""
        self._expect(Phase.SETUP)
        self.story_index = 0
        self._begin_story()
        self._changed("start", {"stories": [s.id for s in self.stories], "team": self.team})

    def show_replies(self) -> None:
        """Own words first: stop taking replies (whoever has not written yet) and show them, grouped."""
        self._expect(Phase.WRITE)
        self.phase = Phase.REPLIES
        self._changed("show_replies", {"node": self._decision().node, "replies": len(self._decision().replies)})

    def show_options(self) -> None:
        """Own words first: after the replies, the options; the discussion and its timer begin."""
        self._expect(Phase.REPLIES)
        self._decision().discussion.start(self.clock())
        self.phase = Phase.DISCUSS
        self._changed("show_options", {"node": self._decision().node})

    def add_reply(self, key: str, text: str, marked: tuple[str, ...] = ()) -> None:
        """A participant's own reply from their phone while the room writes (`key`: see `OwnWordsReply`). A later
        reply with the same key replaces the earlier one; an empty one takes it back. Raises
        `VoteError('wrong_phase')` once the replies are shown, `VoteError('too_many_replies')` when full."""
        self._expect(Phase.WRITE)
        decision = self._decision()
        kept = [reply for reply in decision.replies if reply.key != key]
        if text.strip():
            if len(kept) >= REPLY_LIMIT:
                raise VoteError("too_many_replies")
            kept.append(OwnWordsReply(key, text.strip(), tuple(marked)))
        decision.replies = kept
        self._changed("reply", {"node": decision.node, "replies": len(kept)})

    def reply_of(self, key: str) -> OwnWordsReply | None:
        """The reply the phone holding `key` sent at the decision on screen, for that phone only."""
        decision = self.decision
        return decision.reply_of(key) if decision is not None else None

    def open_vote(self) -> None:
        """End the discussion (the timer stops, its time is kept) and take the votes."""
        self._expect(Phase.DISCUSS)
        self._decision().discussion.pause(self.clock())
        self.phase = Phase.VOTE
        self._changed("open_vote", {"node": self._decision().node})

    def set_count(self, option_id: str, count: int) -> VoteCheck:
        """The facilitator types the votes for one option; returns how the total compares."""
        self._voting()
        self._decision().ballots.set_count(option_id, count)
        self._changed("count", {"option": option_id, "count": count})
        return self.vote_check()

    def cast_vote(self, voter: str, option_id: str | None) -> VoteCheck:
        """The secret pick of the participant whose turn it is (None: passes)."""
        self._voting()
        if voter != self.next_voter():
            raise VoteError("already_voted", voter=voter)
        self._decision().ballots.cast_vote(voter, option_id)
        self._changed("ballot", {"voter": voter, "option": option_id})
        return self.vote_check()

    def undo_vote(self) -> None:
        """Take back the last ballot cast in turn."""
        self._voting()
        undone = self._decision().ballots.undo_last()
        self._changed("undo_ballot", {"voter": undone[0] if undone else None})

    def next_voter(self) -> str | None:
        """Whose turn it is to vote (turns mode), or None when everyone has."""
        left = self.voters_left()
        return left[0] if left else None

    def voters_left(self) -> tuple[str, ...]:
        """Turns mode: the participants who have not had their turn yet, in turn order.

        A participant who voted from their phone has had theirs. Turns taken go by position, so two
        people of one name (a session saved before names had to differ) each still get theirs."""
        ballots = self._decision().ballots
        taken = Counter(voter for voter, _ in ballots.cast)
        by_phone = ballots.voted_by_phone()
        left = []
        for voter in self.participants.voters(str):
            if taken[voter]:
                taken[voter] -= 1
            elif voter not in by_phone:
                left.append(voter)
        return tuple(left)

    def vote_problem(self) -> VoteError | None:
        """Why the votes as they stand now do not add up (`turns_left`, `count_mismatch`), or None when they do.

        A front end asks again when votes arrive after it said so (a late phone vote may settle it)."""
        check = self.vote_check()
        if check.matches:
            return None
        if check.turns_taken is not None and check.expected is not None and check.turns_taken < check.expected:
            return VoteError("turns_left", count=check.expected - check.turns_taken)
        return VoteError("count_mismatch", total=check.total, expected=check.expected)

    def reveal(self, *, accept_mismatch: bool = False) -> None:
        """Show the spread and the verdicts. A total that does not match the participants
        raises `VoteError('count_mismatch')` (the votes stay as entered) unless accepted."""
        self._voting()
        decision = self._decision()
        check = self.vote_check()
        problem = self.vote_problem()
        if problem is not None and not accept_mismatch:
            raise problem
        decision.discussion.pause(self.clock())
        decision.accepted_mismatch = not check.matches
        decision.revealed_at = self.clock()
        self.phase = Phase.REVEAL
        self._changed("reveal", {"tally": decision.ballots.tally(), "accepted_mismatch": decision.accepted_mismatch})

    def continue_with(self, how: str, pick: str | None = None) -> Result:
        """Go on along the team's majority, the facilitator's `pick` or the ideal option.

        On a tie (or with no votes) the majority is undecided: `pick` must name one of the
        tied options, else `VoteError('tie')` lists them.
        """
        self._expect(Phase.REVEAL)
        decision = self._decision()
        option_id = self._continuation(decision, how, pick)
        now = self.clock()
        result = self.play.choose_option(option_id, at=now)
        decision.chosen, decision.continued_by, decision.chosen_at = option_id, how, now
        self._arrive()  # before saving: a save always shows the session at rest, never mid-step
        self._changed("continue", {"option": option_id, "how": how})
        return result

    def can_undo_continue(self) -> bool:
        """True when the last continuation can be taken back: nothing has been voted since."""
        return self._undoable() is not None

    def undo_continue(self) -> None:
        """Take back the last continuation (a wrong key): back to its reveal, the votes as they were.

        Only before anything happens at the decision it led to (no votes yet), and only within the story.
        """
        decision = self._undoable()
        if decision is None:
            raise VoteError("nothing_to_undo")
        play = self.play
        again = Playthrough(
            play.story, seed=play.seed, clock=self.clock, started_at=play.started_at, origin=play.origin
        )
        for step in play.history[:-1]:
            again.choose_option(step.option_id, at=step.at)
        self.plays[self.story_index] = again
        if self.phase in (Phase.WRITE, Phase.REPLIES, Phase.DISCUSS):
            self.decisions.pop()
        undone = decision.chosen
        decision.chosen, decision.continued_by, decision.chosen_at = None, None, None
        self.phase = Phase.REVEAL
        self._changed("undo_continue", {"option": undone})

    def _undoable(self) -> Decision | None:
        """The decision whose continuation an undo would take back, if one can be."""
        if self.phase in (Phase.WRITE, Phase.REPLIES, Phase.DISCUSS) and len(self.decisions) >= 2:
            current, previous = self.decisions[-1], self.decisions[-2]
            if current.ballots.cast or current.ballots.counts or current.note or current.replies:
                return None
        elif self.phase == Phase.STORY_END and self.decisions:
            previous = self.decisions[-1]
        else:
            return None
        if previous.story_index != self.story_index or previous.chosen is None or not self.play.history:
            return None
        return previous

    def next_story(self) -> None:
        """After a story's ending: the next story of the plan, or the team debrief."""
        self._expect(Phase.STORY_END)
        if self.story_index + 1 < len(self.stories):
            self.story_index += 1
            self._begin_story()
        else:
            self.phase = Phase.DEBRIEF
        self._changed("next_story", {"index": self.story_index})

    def start_reflection(self) -> None:
        """From the debrief to the reflection questions, one at a time, each with its timer."""
        self._expect(Phase.DEBRIEF)
        questions: list[Text] = []
        for story in self.stories:
            questions.extend(q for q in story.reflection_questions if q not in questions)
        self.reflections = [Reflection(q, Timer(self.reflection_seconds)) for q in questions]
        self.question_index = 0
        if not self.reflections:
            self._finish()
            return
        self.phase = Phase.REFLECT
        self.reflections[0].timer.start(self.clock())
        self._changed("reflect", {"question": 0})

    def next_question(self) -> None:
        """Close this question (its time is kept) and show the next, or finish the session."""
        self._expect(Phase.REFLECT)
        now = self.clock()
        self.reflections[self.question_index].timer.pause(now)
        if self.question_index + 1 < len(self.reflections):
            self.question_index += 1
            self.reflections[self.question_index].timer.start(now)
            self._changed("question", {"question": self.question_index})
        else:
            self._finish()

    def finish(self) -> None:
        """End the session now (from the debrief or any question)."""
        if self.phase not in (Phase.DEBRIEF, Phase.REFLECT):
            raise VoteError("wrong_phase", phase=self.phase.value)
        if self.phase == Phase.REFLECT:
            self.reflections[self.question_index].timer.pause(self.clock())
        self._finish()

    # --- timer and notes ---------------------------------------------------------------
    def timer_action(self, action: str, seconds: float | None = None) -> None:
        """`pause`, `resume`, `toggle`, `extend` (by `seconds`, default one minute) or `skip` the countdown."""
        timer = self.timer()
        if timer is None:
            raise VoteError("no_timer")
        now = self.clock()
        if action == "extend":
            timer.extend(60.0 if seconds is None else seconds, now)
        elif action in ("pause", "resume", "toggle", "skip"):
            getattr(timer, action)(now)
        else:
            raise VoteError("bad_timer_action", action=action)
        self._changed("timer", {"action": action, "seconds": seconds, "remaining": timer.remaining(now)})

    def checkpoint(self, every: float = 2.0) -> None:
        """Save a running countdown as it runs (at most once per `every` seconds), so a crash
        loses at most those seconds of it. A front end calls this from its clock tick."""
        timer = self.timer()
        now = self.clock()
        if timer is None or not timer.is_running:
            return
        if self.saved_clock_at is not None and now - self.saved_clock_at < every:
            return
        self.saved_clock_at = now
        self._changed(CLOCK, {"remaining": timer.remaining(now)})

    def set_note(self, text: str) -> None:
        """The facilitator's note on what is on screen: the current decision, question, or the session."""
        target = self.reflection if self.phase == Phase.REFLECT else self.decision
        if target is not None:
            target.note = text
        else:
            self.notes = text
        self._changed("note", {"phase": self.phase.value, "text": text})

    def set_session_note(self, text: str) -> None:
        """The facilitator's notes on the whole session."""
        self.notes = text
        self._changed("note", {"phase": "session", "text": text})

    # --- phones ------------------------------------------------------------------------
    def phone_vote(self, participant: str, option_id: str | None, name: str = "") -> None:
        """A participant's vote from their phone at the current decision, while the votes are open.

        A later vote of the same participant replaces the earlier one (None takes it back); phone
        votes are added to the typed counts or the votes cast in turn. In turn, `name` (the name they
        joined with) has had their turn by phone, and a name whose turn was already taken in the room
        may not vote again by phone (`VoteError('already_voted')`).
        """
        self._expect(Phase.VOTE)
        ballots = self._decision().ballots
        if option_id is not None and name and any(voter == name for voter, _ in ballots.cast):
            raise VoteError("already_voted", voter=name)
        ballots.phone_vote(participant, option_id, name)
        self._changed("phone_vote", {"participant": participant, "option": option_id})

    def phone_votes_in(self) -> int:
        """How many participants have voted by phone at the current decision (never who voted what)."""
        decision = self.decision
        return len(decision.ballots.phones) if decision is not None else 0

    def phone_vote_of(self, participant: str) -> str | None:
        """The option `participant` voted for by phone at the current decision (for their own page only)."""
        decision = self.decision
        return decision.ballots.phones.get(participant) if decision is not None else None

    def add_phone_note(self, author: str, text: str, question: int | None = None) -> None:
        """A participant's answer from their phone to the reflection question `question` (its index: the one
        their page showed when they wrote it; None: the question on screen). A question left since is still
        answered, until the session is finished; raises `VoteError('wrong_phase')` outside the reflection."""
        if question is None:
            target = self.reflection
        elif self.phase in (Phase.REFLECT, Phase.DONE) and 0 <= question < len(self.reflections):
            target = self.reflections[question] if question <= self.question_index else None
        else:
            target = None
        if target is None:
            raise VoteError("wrong_phase", phase=self.phase.value)
        target.phone_notes.append(PhoneNote(author, text.strip()))
        index = self.reflections.index(target)
        self._changed("phone_note", {"author": author, "text": text.strip(), "question": index})

    # --- internals ---------------------------------------------------------------------
    def _continuation(self, decision: Decision, how: str, pick: str | None) -> str:
        if how == IDEAL:
            return decision.ideal
        if how == PICK:
            if pick not in decision.ballots.options:
                raise VoteError("unknown_option", option=pick)
            return pick
        if how == MAJORITY:
            leaders = decision.ballots.majority()
            if decision.ballots.total == 0:
                if pick in leaders:
                    return pick
                raise VoteError("no_majority")
            if len(leaders) == 1:
                return leaders[0]
            if pick in leaders:
                return pick
            raise VoteError("tie", options=leaders)
        raise VoteError("bad_continuation", how=how)

    def _begin_story(self) -> None:
        while len(self.plays) <= self.story_index:
            index = len(self.plays)
            self.plays.append(Playthrough(self.stories[index], seed=self.seed + index, clock=self.clock))
        self._arrive()

    def _arrive(self) -> None:
        """Open the next decision of the current story, or its ending."""
        beat = self.play.beat()
        if beat.is_over:
            self.phase = Phase.STORY_END
            return
        ideal_number = self.play.ideal_choice()
        ideal = next(c.option_id for c in beat.choices if c.number == ideal_number)
        now = self.clock()
        timer = Timer(self.discussion_seconds)
        writing = self.own_words and asks_own_words(self.story, beat.node)
        if not writing:  # own words first: the discussion's timer starts with the options
            timer.start(now)
        options = tuple(choice.option_id for choice in beat.choices)
        self.decisions.append(Decision(self.story_index, beat.node, Ballots(options), ideal, timer, now))
        self.phase = Phase.WRITE if writing else Phase.DISCUSS

    def _finish(self) -> None:
        self.phase = Phase.DONE
        self.finished_at = self.clock()
        self._changed("finish", {})

    def _decision(self) -> Decision:
        decision = self.decision
        if decision is None:
            raise VoteError("wrong_phase", phase=self.phase.value)
        return decision

    def _voting(self) -> None:
        """Votes may come in during the discussion too: that ends the discussion."""
        if self.phase == Phase.DISCUSS:
            self.open_vote()
        self._expect(Phase.VOTE)

    def _expect(self, phase: Phase) -> None:
        if self.phase != phase:
            raise VoteError("wrong_phase", phase=self.phase.value)
