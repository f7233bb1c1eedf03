"""The session flow headless: discussion, votes, reveal, continuation, debrief, reflection."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scenarios.rehearsal import IDEAL, MAJORITY, PICK, Participants, Phase, Session, VoteError, from_json, to_json
from scenarios.rehearsal.views import Reveal, current_reveal, team_debrief
from scenarios.story.model import Outcome, Story
from tests.rehearsal.conftest import FakeClock
from tests.support import shown


def revealed(session: Session) -> Reveal:
    """The reveal on show (there must be one)."""
    reveal = current_reveal(session)
    assert reveal is not None, "no reveal on show"
    return reveal


def phase_of(session: Session) -> Phase:
    """The session's phase, read afresh: a call, so mypy does not carry an earlier assert's narrowing past the
    actions that change the phase."""
    return session.phase


def test_the_session_module_never_imports_textual() -> None:
    code = (
        "import sys, scenarios.rehearsal, scenarios.rehearsal.views, scenarios.rehearsal.export, "
        "scenarios.rehearsal.cards, scenarios.rehearsal.story_records, scenarios.rehearsal.command; "
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_start_opens_the_first_decision_with_a_two_minute_discussion(session: Session, clock: FakeClock) -> None:
    assert phase_of(session) == Phase.DISCUSS
    assert session.beat().node == "start"
    assert session.remaining() == 120
    clock.advance(30)
    assert session.remaining() == 90


def test_a_full_story_along_the_majority(session: Session, clock: FakeClock) -> None:
    session.open_vote()
    assert session.set_count("check", 6).matches is False
    assert session.set_count("online", 2).matches is True
    session.reveal()
    reveal = revealed(session)
    assert [o.option_id for o in reveal.options] == [c.option_id for c in session.beat().choices]
    by_id = {o.option_id: o for o in reveal.options}
    assert by_id["check"].votes == 6 and by_id["check"].share == 0.75 and by_id["check"].is_ideal
    assert by_id["online"].solution_focused is False and shown(by_id["online"].feedback).startswith("Friendly")
    assert reveal.majority == ("check",) and reveal.majority_is_ideal
    assert shown(reveal.model_answer) == "Let's look together."
    result = session.continue_with(MAJORITY)
    assert result.option_id == "check" and session.last_result is not None
    assert shown(session.last_result.result) == "Open 6 am to 9 pm."
    assert phase_of(session) == Phase.DISCUSS and session.beat().node == "answer"
    session.set_count("next", 8)
    session.reveal()
    session.continue_with(MAJORITY)
    assert phase_of(session) == Phase.STORY_END
    assert session.play.debrief().outcome == Outcome.unresolved
    session.next_story()
    assert phase_of(session) == Phase.DEBRIEF
    debrief = team_debrief(session)
    assert len(debrief.reveals) == 2 and debrief.majority_ideal == 1
    assert debrief.votes_solution_focused == 6 / 16


def test_a_tie_needs_the_facilitator_to_pick_among_the_tied(session: Session) -> None:
    session.set_count("check", 4)
    session.set_count("online", 4)
    session.reveal()
    assert revealed(session).tie
    with pytest.raises(VoteError) as error:
        session.continue_with(MAJORITY)
    assert error.value.code == "tie" and set(error.value.params["options"]) == {"check", "online"}
    assert phase_of(session) == Phase.REVEAL  # nothing happened
    session.continue_with(MAJORITY, pick="online")
    assert session.decisions[0].chosen == "online" and session.decisions[0].continued_by == MAJORITY


def test_zero_votes_is_no_majority_and_no_tie(mini: Story, clock: FakeClock) -> None:
    s = Session.new([mini], clock=clock)  # no participant count: nothing to compare with
    s.start()
    s.open_vote()
    s.reveal()
    reveal = revealed(s)
    assert reveal.total == 0 and reveal.no_votes and not reveal.tie and not reveal.clear_majority
    assert all(o.share == 0.0 for o in reveal.options)
    with pytest.raises(VoteError) as error:
        s.continue_with(MAJORITY)
    assert error.value.code == "no_majority"
    s.continue_with(IDEAL)
    assert s.decisions[0].chosen == "check"


def test_a_count_that_does_not_match_the_participants_is_kept_and_must_be_accepted(session: Session) -> None:
    session.set_count("check", 7)
    session.set_count("online", 3)
    with pytest.raises(VoteError) as error:
        session.reveal()
    assert error.value.code == "count_mismatch" and error.value.params == {"total": 10, "expected": 8}
    assert phase_of(session) == Phase.VOTE and session.decision is not None
    assert session.decision.ballots.tally() == {"check": 7, "online": 3}
    session.reveal(accept_mismatch=True)
    assert session.decisions[0].accepted_mismatch and revealed(session).total == 10


def test_a_count_corrected_to_match_reveals_without_asking(session: Session) -> None:
    session.set_count("check", 7)
    session.set_count("online", 3)
    session.set_count("online", 1)
    session.reveal()
    assert not session.decisions[0].accepted_mismatch


def test_bad_counts_and_unknown_options_are_refused(session: Session) -> None:
    cases = (("check", -1, "bad_count"), ("nope", 1, "unknown_option"), ("check", True, "bad_count"))
    for option, count, code in cases:
        with pytest.raises(VoteError) as error:
            session.set_count(option, count)
        assert error.value.code == code


def test_votes_in_turn_one_each_with_passes_and_undo(mini: Story, clock: FakeClock) -> None:
    s = Session.new([mini], participants=Participants.of(names=["Aino", "Bo", " ", "Cai"]), clock=clock)
    assert s.participants.count == 3
    s.start()
    assert s.next_voter() == "Aino"
    s.cast_vote("Aino", "check")
    with pytest.raises(VoteError):
        s.cast_vote("Aino", "online")
    s.cast_vote("Bo", "online")
    s.undo_vote()
    s.cast_vote("Bo", "check")
    assert s.next_voter() == "Cai"
    s.cast_vote("Cai", None)  # passes
    assert s.next_voter() is None
    assert s.vote_check().total == 2 and s.vote_check().matches  # a pass is no missing vote
    s.reveal()
    assert revealed(s).majority == ("check",) and not s.decisions[0].accepted_mismatch


def test_anonymous_participants_vote_as_numbers(session: Session) -> None:
    assert session.next_voter() == "1"


def test_the_facilitator_pick_and_the_ideal_path(session: Session) -> None:
    session.set_count("online", 8)
    session.reveal()
    session.continue_with(PICK, pick="check")
    assert session.beat().node == "answer"
    session.set_count("next", 8)
    session.reveal()
    session.continue_with(IDEAL)
    assert session.play.debrief().outcome == Outcome.resolved
    with pytest.raises(VoteError):
        session.continue_with(PICK, pick="check")  # the story is over: wrong phase


def test_an_action_that_returns_opens_a_new_decision_at_the_same_node(lookup: Story, clock: FakeClock) -> None:
    s = Session.new([lookup], clock=clock, participants=Participants.of(count=2))
    s.start()
    assert {c.option_id for c in s.beat().choices} == {"look", "hang"}
    assert s.decisions[0].ideal == "look"  # the marked ideal is hidden until looked up
    s.set_count("look", 2)
    s.reveal()
    s.continue_with(MAJORITY)
    assert phase_of(s) == Phase.DISCUSS and len(s.decisions) == 2 and s.decisions[1].node == "call"
    assert s.decisions[1].ideal == "explain" and set(s.decisions[1].ballots.options) == {"explain", "hang"}


def test_a_plan_of_two_stories_then_reflection_and_notes(mini: Story, lookup: Story, clock: FakeClock) -> None:
    s = Session.new([lookup, mini], clock=clock, participants=Participants.of(count=1))
    s.start()
    s.set_note("Team wanted to check first")
    s.set_count("hang", 1)
    s.reveal()
    s.continue_with(MAJORITY)
    assert phase_of(s) == Phase.STORY_END and s.decisions[0].note == "Team wanted to check first"
    s.next_story()
    assert s.story.id == "mini" and phase_of(s) == Phase.DISCUSS
    s.timer_action("skip")
    s.set_count("check", 1)
    s.reveal()
    s.continue_with(IDEAL)
    s.set_count("tell", 1)
    s.reveal()
    s.continue_with(IDEAL)
    s.next_story()
    s.set_session_note("Good session")
    s.start_reflection()
    assert phase_of(s) == Phase.REFLECT and len(s.reflections) == 6  # the six questions, not twelve
    assert s.reflection is not None and shown(s.reflection.question, "fi") == "Mitä uutta oivalsin?"
    assert s.remaining() == 120
    clock.advance(200)
    assert s.remaining() == 0
    s.set_note("We realised a lot")
    for _ in range(6):
        s.next_question()
    assert phase_of(s) == Phase.DONE and s.reflections[0].note == "We realised a lot" and s.notes == "Good session"
    assert s.reflections[0].timer.elapsed(clock()) == 200
    assert [o.outcome for o in team_debrief(s).stories] == ["unresolved", "resolved"]


def test_wrong_phase_operations_are_refused_with_a_code(mini: Story, clock: FakeClock) -> None:
    s = Session.new([mini], clock=clock)
    for call in (s.open_vote, s.reveal, s.next_story, s.start_reflection, s.finish):
        with pytest.raises(VoteError) as error:
            call()
        assert error.value.code == "wrong_phase"
    with pytest.raises(VoteError):
        Session.new([], clock=clock)


def test_every_change_is_reported_to_the_listener(mini: Story, clock: FakeClock) -> None:
    events = []
    s = Session.new([mini], clock=clock, on_change=lambda session, kind, payload: events.append(kind))
    s.start()
    s.timer_action("pause")
    s.set_count("check", 1)
    s.reveal()
    s.continue_with(MAJORITY)
    assert events == ["start", "timer", "open_vote", "count", "reveal", "continue"]


def test_timer_actions_on_the_discussion(session: Session, clock: FakeClock) -> None:
    session.timer_action("pause")
    clock.advance(50)
    assert session.remaining() == 120
    session.timer_action("resume")
    session.timer_action("extend", 60)
    clock.advance(100)
    assert session.remaining() == 80
    session.timer_action("skip")
    assert session.remaining() == 0
    with pytest.raises(VoteError):
        session.timer_action("explode")
    session.open_vote()
    with pytest.raises(VoteError):
        session.timer_action("pause")  # no countdown while voting


def test_the_reveal_shows_the_model_answer_only_when_the_marked_reply_is_the_ideal(
    lookup: Story, clock: FakeClock
) -> None:
    s = Session.new([lookup], team="T", participants=Participants.of(count=0), clock=clock, seed=1)
    s.start()
    s.open_vote()
    s.reveal()
    first = revealed(s)
    # The reply is locked until the bill is looked up: the ideal is the action, and the
    # model answer (the reply's wording) would contradict it.
    assert first.decision.ideal == "look" and first.model_answer is None
    s.continue_with(IDEAL)
    s.open_vote()
    s.reveal()
    second = revealed(s)
    assert second.decision.ideal == "explain" and second.model_answer is not None
    assert second.model_answer["en"] == "Let's look at it together."


def test_a_turn_not_yet_taken_is_named_as_such_not_as_wrong_counts(mini: Story, clock: FakeClock) -> None:
    s = Session.new([mini], participants=Participants.of(names=["Aino", "Bo", "Cai"]), clock=clock)
    s.start()
    s.cast_vote("Aino", "check")
    with pytest.raises(VoteError) as error:
        s.reveal()
    assert error.value.code == "turns_left" and error.value.params == {"count": 2}
    assert s.voters_left() == ("Bo", "Cai")


def test_two_people_of_the_same_name_each_get_their_turn(mini: Story, clock: FakeClock) -> None:
    s = Session.new([mini], participants=Participants.of(names=["Mikko", "mikko", "Aino"]), clock=clock)
    assert s.participants.duplicates() == ("Mikko",)
    s.start()
    s.cast_vote("Mikko", "check")
    assert s.next_voter() == "mikko"
    s.cast_vote("mikko", "online")
    assert s.next_voter() == "Aino"
    with pytest.raises(VoteError):
        s.cast_vote("Mikko", "online")  # not their turn
    s.cast_vote("Aino", "check")
    s.reveal()
    assert revealed(s).total == 3


def test_the_last_continuation_can_be_taken_back_until_the_next_vote(mini: Story, clock: FakeClock) -> None:
    s = Session.new([mini], participants=Participants.of(count=2), clock=clock)
    s.start()
    assert not s.can_undo_continue()
    s.set_count("check", 2)
    s.reveal()
    s.continue_with(IDEAL)
    first_node = s.decisions[0].node
    assert s.phase == Phase.DISCUSS and len(s.decisions) == 2 and s.can_undo_continue()
    s.undo_continue()
    assert phase_of(s) == Phase.REVEAL and len(s.decisions) == 1 and s.beat().node == first_node
    assert s.decisions[0].chosen is None and s.decision is not None and s.decision.ballots.tally()["check"] == 2
    s.continue_with(PICK, "check")
    assert s.decisions[0].continued_by == PICK and s.play.history[-1].option_id == "check"
    s.set_count("tell", 1)
    with pytest.raises(VoteError) as error:
        s.undo_continue()  # the team has voted on the next decision: the votes stay
    assert error.value.code == "nothing_to_undo"


def test_taking_back_the_step_to_the_ending(lookup: Story, clock: FakeClock) -> None:
    s = Session.new([lookup], clock=clock)
    s.start()
    s.open_vote()
    s.reveal()
    s.continue_with(PICK, "hang")
    assert s.phase == Phase.STORY_END
    s.undo_continue()
    assert phase_of(s) == Phase.REVEAL and not s.play.is_over and s.beat().node == "call"


def test_plus_a_minute_after_skip_counts_at_once(session: Session, clock: FakeClock) -> None:
    clock.advance(30)
    session.timer_action("skip")
    assert session.remaining() == 0
    session.timer_action("extend")
    assert session.remaining() == 60
    clock.advance(10)
    assert session.remaining() == 50  # counting without pressing pause
    clock.advance(100)
    session.timer_action("extend")  # ran out by itself: one more minute from now
    assert session.remaining() == 60


def test_the_running_discussion_clock_is_saved_as_it_runs(mini: Story, clock: FakeClock) -> None:
    saved: list[str] = []
    s = Session.new([mini], participants=Participants.of(count=2), clock=clock)
    s.on_change = lambda changed, kind, payload: saved.append(to_json(changed))
    s.start()
    for _ in range(6):
        clock.advance(1)
        s.checkpoint()
    restored = from_json(saved[-1], {mini.id: mini}.get, clock=clock)
    timer = restored.timer()
    assert timer is not None and 114 <= timer.remaining(clock()) <= 116  # near 1:54, not 2:00
    assert not timer.is_running  # back paused: nobody was watching the clock
