"""Property tests: any valid story, any walk: it ends (or reports a dead end), never crashes,
and a save loaded back continues exactly as the original would."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.engine import Playthrough, from_json, to_json
from scenarios.story.model import Story

from .strategies import stories


def walk(play: Playthrough, picks: list[int], limit: int = 200) -> list[int]:
    """Choose by the picks (modulo what is on offer) until the story is over; return the numbers chosen."""
    chosen: list[int] = []
    for pick in picks:
        if play.is_over or len(chosen) >= limit:
            break
        beat = play.beat()
        number = beat.choices[pick % len(beat.choices)].number
        play.choose(number)
        chosen.append(number)
    return chosen


def clock() -> Callable[[], float]:
    """A clock that ticks one second at each reading."""
    ticks = iter(range(10_000))
    return lambda: float(next(ticks))


@settings(max_examples=150, deadline=None)
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
@given(stories(), st.lists(st.integers(0, 10), min_size=60, max_size=60), st.integers(0, 1000), st.integers(0, 8))
def test_save_load_continue_equals_continuing(story: Story, picks: list[int], seed: int, cut: int) -> None:
    direct = Playthrough(story, seed=seed, clock=clock())
    walk(direct, picks[:cut])
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
