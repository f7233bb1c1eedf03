"""Session saves: versioned JSON that round-trips at every phase; clear codes when it cannot load."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from scenarios.rehearsal import MAJORITY, Participants, Phase, Session, SessionSaveError, from_json, to_json
from scenarios.rehearsal.saves import to_dict
from scenarios.story.model import Story
from tests.rehearsal.conftest import FakeClock


def test_a_session_round_trips_at_every_step(
    mini: Story, lookup: Story, stories: dict[str, Story], clock: FakeClock
) -> None:
    s = Session.new(
        [lookup, mini],
        team="Team <x>",
        participants=Participants.of(names=["A", "B"]),
        clock=clock,
        groups=[["A"], ["B"]],
        seed=9,
    )
    steps: list[Callable[[], object]] = [
        s.start,
        lambda: s.set_note("a note"),
        lambda: s.cast_vote("A", "look"),
        lambda: s.cast_vote("B", "look"),
        s.reveal,
        lambda: s.continue_with(MAJORITY),
        lambda: s.set_count("hang", 2),
        s.reveal,
        lambda: s.continue_with(MAJORITY),
        s.next_story,
    ]
    for step in steps:
        step()
        clock.advance(7)
        restored = from_json(to_json(s), stories.get, clock=clock)
        assert _paused(to_dict(restored)) == _paused(to_dict(s))
        assert restored.phase == s.phase and restored.beat() == s.beat()


def test_a_running_timer_comes_back_paused_with_its_time(
    session: Session, stories: dict[str, Story], clock: FakeClock
) -> None:
    clock.advance(45)
    saved = to_json(session)
    clock.advance(1000)  # the crash, and a coffee
    restored = from_json(saved, stories.get, clock=clock)
    timer = restored.timer()
    assert timer is not None and not timer.is_running and restored.remaining() == 75
    restored.timer_action("resume")
    clock.advance(5)
    assert restored.remaining() == 70


def test_the_format_version_is_checked(session: Session, stories: dict[str, Story]) -> None:
    data = json.loads(to_json(session))
    assert data["format"] == 1
    data["format"] = 99
    with pytest.raises(SessionSaveError) as error:
        from_json(json.dumps(data), stories.get)
    assert error.value.code == "format"


@pytest.mark.parametrize("text", ["", "[]", "{", '{"format": 1}', '{"format": 1, "plan": "x"}'])
def test_broken_saves_say_corrupt(text: str, stories: dict[str, Story]) -> None:
    with pytest.raises(SessionSaveError) as error:
        from_json(text, stories.get)
    assert error.value.code in ("corrupt", "format")


def test_a_missing_story_is_named(session: Session) -> None:
    with pytest.raises(SessionSaveError) as error:
        from_json(to_json(session), lambda story_id: None)
    assert error.value.code == "story_missing" and error.value.params["story"] == "mini"


def test_a_save_whose_decision_does_not_fit_the_story_is_refused(session: Session, stories: dict[str, Story]) -> None:
    data = json.loads(to_json(session))
    data["decisions"][-1]["node"] = "answer"
    with pytest.raises(SessionSaveError):
        from_json(json.dumps(data), stories.get)
    data["phase"] = Phase.DONE.value
    assert from_json(json.dumps(data), stories.get).phase == Phase.DONE


def _paused(data: dict[str, Any]) -> dict[str, Any]:
    """A save with every timer marked paused (a restored session's timers wait for the facilitator)."""
    for decision in data["decisions"]:
        decision["discussion"]["running"] = False
    for reflection in data["reflections"]:
        reflection["timer"]["running"] = False
    return data


def test_every_save_made_by_the_listener_loads(
    lookup: Story, mini: Story, stories: dict[str, Story], clock: FakeClock
) -> None:
    """The listener runs inside each step: what it saves must already be a whole, loadable session."""
    loaded: list[tuple[str, Phase]] = []

    def check(session: Session, kind: str, payload: dict[str, Any]) -> None:
        loaded.append((kind, from_json(to_json(session), stories.get, clock=clock).phase))

    s = Session.new([lookup, mini], participants=Participants.of(count=1), clock=clock, on_change=check)
    s.start()
    s.set_count("look", 1)
    s.reveal()
    s.continue_with(MAJORITY)
    s.set_count("hang", 1)
    s.reveal()
    s.continue_with(MAJORITY)
    s.next_story()
    assert [kind for kind, _ in loaded] == ["start", "open_vote", "count", "reveal", "continue", "open_vote", "count",
                                            "reveal", "continue", "next_story"]  # fmt: skip
    assert loaded[4][1] == Phase.DISCUSS and loaded[8][1] == Phase.STORY_END
