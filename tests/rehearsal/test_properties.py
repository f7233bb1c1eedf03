"""Hypothesis properties: tallies and ties, any sequence of timer operations, groups."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scenarios.rehearsal import MAJORITY, Ballots, Phase, Session, Timer, birth_month_groups, random_groups
from scenarios.rehearsal.merge import merge_texts
from scenarios.rehearsal.votes import shares
from scenarios.story.model import Story
from tests.rehearsal.conftest import FakeClock

OPTIONS = ("a", "b", "c", "d")


@given(st.lists(st.integers(0, 50), min_size=4, max_size=4))
def test_the_tally_keeps_every_count_and_the_majority_is_the_top(counts: list[int]) -> None:
    ballots = Ballots(OPTIONS)
    for option, count in zip(OPTIONS, counts, strict=True):
        ballots.set_count(option, count)
    tally = ballots.tally()
    assert list(tally) == list(OPTIONS) and list(tally.values()) == counts
    top = ballots.majority()
    assert top and all(tally[o] == max(counts) for o in top)
    assert all(tally[o] < max(counts) for o in OPTIONS if o not in top)
    assert list(top) == [o for o in OPTIONS if o in top]  # screen order, never shuffled
    total = sum(counts)
    assert abs(sum(shares(tally).values()) - (1.0 if total else 0.0)) < 1e-9
    if total == 0:
        assert top == OPTIONS


@given(st.lists(st.sampled_from((*OPTIONS, None)), max_size=30))
def test_ballots_in_turn_count_each_voter_once(picks: list[str | None]) -> None:
    ballots = Ballots(OPTIONS)
    for number, pick in enumerate(picks):
        ballots.cast_vote(f"p{number}", pick)
    assert ballots.total == sum(1 for p in picks if p is not None)
    assert ballots.check(len(picks)).matches  # a pass is a turn taken: nobody is missing
    assert not ballots.check(len(picks) + 1).matches
    restored = Ballots.from_dict(ballots.to_dict())
    assert restored.tally() == ballots.tally()


TIMER_OPS = st.lists(
    st.tuples(st.sampled_from(("start", "pause", "toggle", "extend", "skip", "wait", "save")), st.floats(0, 500)),
    max_size=40,
)


@settings(max_examples=200)
@given(st.floats(0, 3000), TIMER_OPS)
def test_any_sequence_of_timer_operations_keeps_the_countdown_sane(
    duration: float, ops: list[tuple[str, float]]
) -> None:
    now = 0.0
    timer = Timer(duration)
    counted = 0.0
    for op, amount in ops:
        before_elapsed, before_duration = timer.elapsed(now), timer.duration
        if op == "wait":
            now += amount
            if timer.is_running:
                counted += amount
        elif op == "extend":
            timer.extend(amount)
            assert timer.duration == before_duration + amount
        elif op == "save":
            timer = Timer.from_dict(timer.to_dict(now))
            assert not timer.is_running and timer.elapsed(now) == before_elapsed
        else:
            getattr(timer, op)(now)
            assert timer.elapsed(now) == before_elapsed  # no operation costs or adds time
        assert 0.0 <= timer.remaining(now) <= timer.duration
        assert abs(timer.elapsed(now) - counted) < 1e-6
        if timer.skipped:
            assert timer.is_done(now)


@given(st.lists(st.text(min_size=1, max_size=5), unique=True, max_size=30), st.integers(1, 8), st.integers())
def test_random_groups_place_everyone_once_in_even_groups(people: list[str], groups: int, seed: int) -> None:
    result = random_groups(people, groups, seed)
    assert sorted(p for g in result for p in g) == sorted(people)
    sizes = [len(g) for g in result]
    assert max(sizes) - min(sizes) <= 1
    assert result == random_groups(people, groups, seed)


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(1, 12), max_size=30), st.integers(1, 6))
def test_birth_month_groups_keep_the_calendar_order(months: dict[str, int], groups: int) -> None:
    result = birth_month_groups(months, groups)
    flat = [p for g in result for p in g]
    assert sorted(flat) == sorted(months)
    assert [months[p] for p in flat] == sorted(months[p] for p in flat)
    sizes = [len(g) for g in result]
    assert max(sizes) - min(sizes) <= 1


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ("wait", "timer", "vote", "count", "ballot", "undo", "reveal", "go", "next_story", "reflect", "question",
             "finish", "note", "save", "step", "step", "step", "step", "step", "step")
        ),
        st.integers(0, 9),
    ),
    min_size=30,
    max_size=120,
)  # fmt: skip


def _go_on(session: Session, n: int) -> None:
    """Go on from a reveal with the majority, or with option `n` (counted round) when the facilitator must pick."""
    decision = session.decision
    assert decision is not None, "a reveal is always of the decision on screen"
    options = decision.ballots.options
    session.continue_with(MAJORITY, options[n % len(options)])


def _step(session: Session, n: int) -> None:
    """The natural next step of whatever phase the session is in."""
    steps: dict[Phase, Callable[[], object]] = {
        Phase.DISCUSS: session.open_vote,
        Phase.VOTE: lambda: session.reveal(accept_mismatch=True),
        Phase.REVEAL: lambda: _go_on(session, n),
        Phase.STORY_END: session.next_story,
        Phase.DEBRIEF: session.start_reflection,
        Phase.REFLECT: session.next_question,
    }
    if session.phase in steps:
        steps[session.phase]()


# The stories are immutable, so sharing the fixtures between examples is safe.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS, st.integers(0, 5))
def test_any_walk_through_a_session_never_crashes_and_always_saves(
    mini: Story, lookup: Story, ops: list[tuple[str, int]], people: int
) -> None:
    """Random facilitator actions: refusals are `VoteError`s, never crashes; every state saves and loads."""
    from scenarios.rehearsal import CONTINUATIONS, Participants, VoteError, from_json, to_json

    stories = {mini.id: mini, lookup.id: lookup}
    clock = FakeClock()
    session = Session.new([lookup, mini], participants=Participants.of(count=people), clock=clock)
    session.start()
    for op, n in ops:
        try:
            if op == "step":
                _step(session, n)
            elif op == "wait":
                clock.advance(n * 10)
            elif op == "timer":
                session.timer_action(("pause", "resume", "toggle", "extend", "skip")[n % 5])
            elif op == "vote":
                session.open_vote()
            elif op in ("count", "ballot") and session.decision is not None:
                options = session.decision.ballots.options
                if op == "count":
                    session.set_count(options[n % len(options)], n)
                else:
                    session.cast_vote(str(n), options[n % len(options)])
            elif op == "undo":
                session.undo_vote()
            elif op == "reveal":
                session.reveal(accept_mismatch=n % 2 == 0)
            elif op == "go" and session.decision is not None:
                options = session.decision.ballots.options
                session.continue_with(CONTINUATIONS[n % 3], options[n % len(options)])
            elif op == "next_story":
                session.next_story()
            elif op == "reflect":
                session.start_reflection()
            elif op == "question":
                session.next_question()
            elif op == "finish":
                session.finish()
            elif op == "note":
                session.set_note(f"note {n}")
            elif op == "save":
                session = from_json(to_json(session), stories.get, clock=clock)
        except VoteError as error:
            assert error.code  # a refusal in words, the session unchanged in kind
        remaining = session.remaining()
        assert remaining is None or remaining >= 0
        if session.phase in (Phase.DISCUSS, Phase.VOTE, Phase.REVEAL):
            assert session.decision is not None and session.decision.node == session.beat().node
        assert from_json(to_json(session), stories.get, clock=clock).phase == session.phase
    event(f"ended in {session.phase.value}")


LINES = st.lists(st.sampled_from(["No queue", "A smile", "In English", "Calm", "", "Is it a bot?"]), max_size=4)


@given(LINES, LINES, LINES)
def test_two_writers_in_one_field_lose_no_line_either_wrote(current: list[str], incoming: list[str],
                                                            base: list[str]) -> None:  # fmt: skip
    """Issue #26, bug 4: a keeper's text and the facilitator's in one field; whatever each wrote stays."""
    now, new, seen = "\n".join(current), "\n".join(incoming), "\n".join(base)
    kept = merge_texts(now, new, seen)
    if seen == now:
        assert kept == new  # nobody else wrote since the writer looked: their edit stands as made
    else:
        if now.strip():  # a blank field has nothing to keep
            assert all(line in kept.split("\n") for line in current)
        added = [line for line in incoming if line.strip() and line not in base]
        assert all(line in kept.split("\n") for line in added)
