"""What a front end shows of a session: the reveal at a decision and the team debrief."""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.rehearsal.session import Decision, Phase, Session
from scenarios.rehearsal.votes import leaders, shares
from scenarios.story.lessons import Lesson, broken_lessons, decision_lessons
from scenarios.story.model import Outcome, Story
from scenarios.story.text import Text


@dataclass(frozen=True)
class OptionReveal:
    """One option at a revealed decision: its votes, verdict, feedback and the lessons it breaks."""

    number: int
    option_id: str
    kind: str
    text: Text
    votes: int
    share: float
    solution_focused: bool
    feedback: Text | None
    is_ideal: bool
    in_majority: bool
    chosen: bool
    breaks: tuple[Lesson, ...] = ()
    """The lessons this option breaks (a weak option's; none for the ideal or a reasonable reply)."""


@dataclass(frozen=True)
class Reveal:
    """A decision with every option's votes, verdict and feedback, the ideal response and the lessons it tests."""

    story: Story
    decision: Decision
    number: int
    """The decision's number within its story (each story counts from 1)."""
    options: tuple[OptionReveal, ...]
    total: int
    expected: int | None
    majority: tuple[str, ...]
    ideal_text: Text
    model_answer: Text | None
    lessons: tuple[Lesson, ...] = ()
    """The lessons the decision tests: what the ideal follows."""

    @property
    def tie(self) -> bool:
        """True when more than one option has the most votes. No votes at all is no tie: `no_votes`."""
        return self.total > 0 and len(self.majority) > 1

    @property
    def no_votes(self) -> bool:
        """True when nobody voted (or everyone passed): there is no majority to follow."""
        return self.total == 0

    @property
    def clear_majority(self) -> bool:
        """True when one option has the most votes."""
        return self.total > 0 and len(self.majority) == 1

    @property
    def majority_is_ideal(self) -> bool:
        """True when the team's single most-voted option is the ideal one."""
        return self.clear_majority and self.majority[0] == self.decision.ideal

    @property
    def solution_focused_share(self) -> float:
        """The share of votes that went to solution-focused options."""
        return sum(o.share for o in self.options if o.solution_focused)


def reveal_of(session: Session, decision: Decision) -> Reveal:
    """The reveal of any decision of the session (the current one, or one in the record)."""
    story = session.stories[decision.story_index]
    node = story.nodes[decision.node]
    index_of = {node.option_id(i): i for i in range(len(node.options))}
    tally = decision.ballots.tally()
    share = shares(tally)
    top = leaders(tally, decision.ballots.options)
    rows = []
    for number, option_id in enumerate(decision.ballots.options, start=1):
        option = node.options[index_of[option_id]]
        rows.append(
            OptionReveal(
                number=number,
                option_id=option_id,
                kind=option.kind,
                text=option.text,
                votes=tally[option_id],
                share=share[option_id],
                solution_focused=option.solution_focused,
                feedback=option.feedback,
                is_ideal=option_id == decision.ideal,
                in_majority=option_id in top,
                chosen=option_id == decision.chosen,
                breaks=broken_lessons(story, decision.node, option_id),
            )
        )
    return Reveal(
        story=story,
        decision=decision,
        number=[d for d in session.decisions if d.story_index == decision.story_index].index(decision) + 1,
        options=tuple(rows),
        total=sum(tally.values()),
        expected=session.participants.count or None,
        majority=top,
        ideal_text=node.options[index_of[decision.ideal]].text,
        # The model answer is the marked ideal's wording: while an action still has to
        # unlock that reply, the ideal here is the action and the model answer would mislead.
        model_answer=node.model_answer if index_of[decision.ideal] == node.ideal_index else None,
        lessons=decision_lessons(story, decision.node),
    )


def current_reveal(session: Session) -> Reveal | None:
    """The reveal on screen (phase REVEAL), else None."""
    decision = session.decision
    return reveal_of(session, decision) if decision is not None and session.phase == Phase.REVEAL else None


@dataclass(frozen=True)
class StoryOutcome:
    """How one story of the plan ended for the team."""

    story: Story
    outcome: Outcome | None
    decisions: int
    solution_focused: int
    ideal: int


@dataclass(frozen=True)
class TeamDebrief:
    """Per decision the vote spread against the ideal; per story the ending."""

    reveals: tuple[Reveal, ...]
    stories: tuple[StoryOutcome, ...]

    @property
    def majority_ideal(self) -> int:
        """Decisions where the team's clear majority was the ideal option."""
        return sum(1 for r in self.reveals if r.majority_is_ideal)

    @property
    def votes_solution_focused(self) -> float:
        """The share of all votes cast that went to solution-focused options."""
        total = sum(r.total for r in self.reveals)
        good = sum(o.votes for r in self.reveals for o in r.options if o.solution_focused)
        return good / total if total else 0.0


def team_debrief(session: Session) -> TeamDebrief:
    """The debrief of every decision the team has revealed so far."""
    reveals = tuple(reveal_of(session, d) for d in session.decisions if d.revealed_at is not None)
    outcomes = []
    for index, play in enumerate(session.plays):
        debrief = play.debrief()
        outcomes.append(
            StoryOutcome(
                session.stories[index], debrief.outcome, debrief.total, debrief.solution_focused, debrief.ideal_count
            )
        )
    return TeamDebrief(reveals, tuple(outcomes))
