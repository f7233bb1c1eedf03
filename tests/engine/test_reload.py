"""Moving a playthrough onto an edited story: start_at, carry_over, and the saves they make."""

from __future__ import annotations

import json

import pytest

from scenarios.engine import ChoiceError, Playthrough, SaveError, carry_over, from_json, start_at, to_json
from scenarios.i18n.messages import render
from scenarios.story.model import Story
from tests.support import shown, story_of


@pytest.fixture
def story(mini_text: str) -> Story:
    return story_of(mini_text)


def edited(mini_text: str, old: str, new: str) -> Story:
    assert old in mini_text
    return story_of(mini_text.replace(old, new))


def played(story: Story, *option_ids: str) -> Playthrough:
    play = Playthrough(story, seed=4, clock=lambda: 50.0)
    for option_id in option_ids:
        play.choose_option(option_id)
    return play


def test_start_at_begins_at_the_node_with_the_given_values(story: Story) -> None:
    play = start_at(story, "answer", {"mood": 2, "looked": True}, seed=4, clock=lambda: 50.0)
    assert play.beat().node == "answer"
    assert dict(play.state) == {"mood": 2, "looked": True}
    assert play.history == ()
    assert shown(play.beat().lines[0].text) == "Thanks for looking!"


def test_start_at_drops_unknown_or_mistyped_values_and_clamps_numbers(story: Story) -> None:
    play = start_at(story, "answer", {"mood": 9, "looked": 1, "gone": 3})
    assert dict(play.state) == {"mood": 3, "looked": False}


def test_start_at_an_unknown_node_is_refused(story: Story) -> None:
    with pytest.raises(ChoiceError):
        start_at(story, "nowhere", {})


def test_a_playthrough_started_at_a_node_saves_and_loads_where_it_began(story: Story) -> None:
    play = start_at(story, "answer", {"mood": 2, "looked": True}, seed=4, clock=lambda: 50.0, started_at=10.0)
    play.choose_option("tell")
    data = json.loads(to_json(play))
    assert data["format"] == 2
    assert data["origin"] == {"node": "answer", "state": {"mood": 2, "looked": True}}
    restored = from_json(story, to_json(play))
    assert restored.beat() == play.beat() and restored.history == play.history
    assert restored.origin == play.origin and restored.started_at == 10.0


def test_a_save_without_an_origin_stays_format_1(story: Story) -> None:
    assert json.loads(to_json(played(story, "check")))["format"] == 1


def test_a_save_whose_origin_is_gone_or_malformed_is_refused(story: Story, mini_text: str) -> None:
    save = to_json(start_at(story, "answer", {}))
    other = edited(mini_text.replace("next: answer", "next: reply"), "  answer:", "  reply:")
    with pytest.raises(SaveError) as raised:
        from_json(other, save, allow_changed=True)
    assert raised.value.code == "save_origin"
    assert "answer" in render(raised.value.code, raised.value.params, "en")
    broken = json.loads(save)
    broken["origin"] = {"node": 3}
    with pytest.raises(SaveError) as raised:
        from_json(story, json.dumps(broken))
    assert raised.value.code == "save_corrupt"


def test_carry_over_replays_the_choices_on_the_edited_text(story: Story, mini_text: str) -> None:
    new = edited(mini_text, "Thanks for looking!", "Thank you for checking!")
    carried = carry_over(played(story, "check"), new)
    assert carried.how == "replayed"
    assert carried.play.story is new
    assert carried.play.beat().node == "answer"
    assert shown(carried.play.beat().lines[0].text) == "Thank you for checking!"
    assert [r.option_id for r in carried.play.history] == ["check"]


def test_carry_over_keeps_the_place_when_an_earlier_choice_is_gone(story: Story, mini_text: str) -> None:
    new = edited(mini_text, "id: check", "id: look")
    carried = carry_over(played(story, "check"), new)
    assert carried.how == "kept"
    assert carried.play.beat().node == "answer"
    assert dict(carried.play.state) == {"mood": 1, "looked": True}
    assert carried.play.started_at == 50.0 and carried.play.history == ()


def test_carry_over_follows_a_renamed_node_when_the_choices_still_replay(story: Story, mini_text: str) -> None:
    new = edited(mini_text.replace("next: answer", "next: reply"), "  answer:", "  reply:")
    carried = carry_over(played(story, "check"), new)
    assert carried.how == "replayed" and carried.play.beat().node == "reply"


def test_carry_over_starts_again_when_the_place_is_gone(story: Story, mini_text: str) -> None:
    renamed = mini_text.replace("next: answer", "next: reply").replace("id: check", "id: look")
    new = edited(renamed, "  answer:", "  reply:")
    carried = carry_over(played(story, "check"), new)
    assert carried.how == "restarted"
    assert carried.play.beat().node == "start" and carried.play.history == ()


def test_carry_over_of_a_kept_playthrough_replays_from_its_origin(story: Story, mini_text: str) -> None:
    kept = carry_over(played(story, "check"), edited(mini_text, "id: check", "id: look")).play
    again = carry_over(kept, edited(mini_text, "id: check", "id: look"))
    assert again.how == "replayed" and again.play.beat().node == "answer"
