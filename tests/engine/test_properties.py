"""Property tests: any valid story, any walk: it ends (or reports a dead end), never crashes,
and a save loaded back continues exactly as the original would."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.engine import OwnReply, Playthrough, from_json, to_json
from scenarios.story.model import Story

from .reference import ReferencePlay
from .strategies import stories


def walk(play: Playthrough, picks: list[int], limit: int = 200, replies: list[str] | None = None) -> list[int]:
    """Choose by the picks (modulo what is on offer) until the story is over; return the numbers chosen. With
    `replies`, every other choice comes with an own reply written first."""
    chosen: list[int] = []
    for pick in picks:
        if play.is_over or len(chosen) >= limit:
            break
        beat = play.beat()
        number = beat.choices[pick % len(beat.choices)].number
        text = replies[len(chosen) % len(replies)] if replies and len(chosen) % 2 == 0 else None
        play.choose(number, own=None if text is None else OwnReply(text, (text[:3],), ()))
        chosen.append(number)
    return chosen


def clock() -> Callable[[], float]:
    """A clock that ticks one second at each reading."""
    ticks = iter(range(10_000))
    return lambda: float(next(ticks))


# 100: the save-and-continue and the id-walk properties below walk random stories too (150 and 60 more).
@settings(max_examples=100, deadline=None)
@given(stories(), st.lists(st.integers(0, 10), min_size=60, max_size=60), st.integers(0, 1000))
def test_random_walks_end_at_an_ending_or_a_reported_dead_end(story: Story, picks: list[int], seed: int) -> None:
    play = Playthrough(story, seed=seed, clock=clock())
    walk(play, picks)
    beat = play.beat()
    assert play.is_over, "every walk of a forward-linked story ends within 60 choices"
    assert (beat.ending is not None) != beat.dead_end
    if beat.dead_end:
        assert beat.choices == () and story.nodes[beat.node].is_decision
    report = play.debrief()
    assert report.total == len(play.history)
    assert 0.0 <= report.solution_focused_share <= 1.0
    assert (report.outcome is None) == beat.dead_end


@settings(max_examples=150, deadline=None)
@given(
    stories(),
    st.lists(st.integers(0, 10), min_size=60, max_size=60),
    st.integers(0, 1000),
    st.integers(0, 8),
    st.lists(st.text(max_size=80), min_size=1, max_size=3),
)
def test_save_load_continue_equals_continuing(
    story: Story, picks: list[int], seed: int, cut: int, replies: list[str]
) -> None:
    direct = Playthrough(story, seed=seed, clock=clock())
    walk(direct, picks[:cut], replies=replies)  # the own replies written come back from the save as typed
    saved = to_json(direct)
    restored = from_json(story, saved, clock=clock())
    assert restored.beat() == direct.beat()
    assert restored.history == direct.history
    assert dict(restored.state) == dict(direct.state)
    assert to_json(restored) == saved
    later = picks[cut:]
    walk(direct, later)
    walk(restored, later)
    assert restored.beat() == direct.beat()
    assert [(r.node, r.option_id, r.ideal_option_id) for r in restored.history] == [
        (r.node, r.option_id, r.ideal_option_id) for r in direct.history
    ]
    assert restored.debrief().scores == direct.debrief().scores


@settings(max_examples=60, deadline=None)
@given(stories(), st.integers(0, 1000))
def test_the_ideal_walk_only_ever_picks_offered_options(story: Story, seed: int) -> None:
    play = Playthrough(story, seed=seed)
    steps = 0
    while not play.is_over and steps < 100:
        number = play.ideal_choice()
        assert number is not None and number in [c.number for c in play.beat().choices]
        assert play.choose(number).is_ideal
        steps += 1
    assert play.is_over


@settings(max_examples=60, deadline=None)
@given(stories(), st.lists(st.integers(0, 10), min_size=60, max_size=60), st.integers(0, 1000))
def test_moving_by_option_id_without_looking_is_the_same_walk_as_by_the_numbers_shown(
    story: Story, picks: list[int], seed: int
) -> None:
    """Beats are built only when asked for: a walk by ids (as replays and ideal paths move) that never
    looks at a beat ends where the same walk by shown numbers does, with the same beat, state and debrief."""
    shown, blind = Playthrough(story, seed=seed, clock=clock()), Playthrough(story, seed=seed, clock=clock())
    for pick in picks:
        if shown.is_over:
            break
        beat = shown.beat()
        assert blind.node == beat.node and sorted(blind.available()) == sorted(c.option_id for c in beat.choices)
        assert blind.ideal_option() == next(c.option_id for c in beat.choices if c.number == shown.ideal_choice())
        option_id = sorted(blind.available())[pick % len(beat.choices)]
        shown.choose(next(c.number for c in beat.choices if c.option_id == option_id))
        blind.choose_option(option_id)
    assert blind.is_over == shown.is_over and blind.node == shown.node
    assert blind.history == shown.history and dict(blind.state) == dict(shown.state)
    assert blind.beat() == shown.beat()
    assert blind.debrief() == shown.debrief()


@settings(max_examples=150, deadline=None)
@given(stories(rich=True), st.lists(st.integers(0, 10), min_size=40, max_size=40), st.lists(st.integers(0, 1000)))
def test_the_kept_plan_plays_every_step_as_the_rules_worked_out_afresh(
    story: Story, picks: list[int], seeds: list[int]
) -> None:
    """What the engine works out once per story and keeps (conditions compiled, passages run ahead, lines, choices
    and ideals made once, reused by later playthroughs) gives, at every step, the beat, the result, the options on
    offer and the variables that the story's rules give when worked out afresh from the story at that step. Several
    seeds over one story: later playthroughs meet what earlier ones left in the plan."""
    for seed in [*seeds, seeds[0] if seeds else 0]:
        play, fresh = Playthrough(story, seed=seed, clock=clock()), ReferencePlay(story, seed, clock())
        for step, pick in enumerate(picks):
            by_id = step % 3 == 1  # now and then by id, without asking for the beat first
            assert play.node == fresh.name and play.available() == fresh.available
            assert dict(play.state) == fresh.variables and play.is_over == fresh.beat.is_over
            assert play.decision_number == sum(fresh.visits.values())
            if not by_id:
                assert play.beat() == fresh.beat
            if play.is_over:
                break
            number = pick % len(fresh.beat.choices) + 1
            if by_id:
                assert play.ideal_option() == fresh.story.nodes[fresh.name].option_id(fresh.ideal())
                assert play.choose_option(fresh.beat.choices[number - 1].option_id) == fresh.choose(number)
            else:
                assert play.choose(number) == fresh.choose(number)
        assert play.beat() == fresh.beat and play.history == tuple(fresh.history)
