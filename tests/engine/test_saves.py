"""Saved playthroughs: exact round trips, and clear refusals when they no longer fit."""

from __future__ import annotations

import json

import pytest

from scenarios.engine import OwnReply, Playthrough, SaveError, fingerprint, from_json, to_json
from scenarios.i18n.messages import render
from scenarios.story.model import Story
from tests.support import story_of


@pytest.fixture
def story(mini_text: str) -> Story:
    return story_of(mini_text)


def played(story: Story, *option_ids: str) -> Playthrough:
    play = Playthrough(story, seed=4, clock=lambda: 50.0)
    for option_id in option_ids:
        play.choose_option(option_id)
    return play


def test_a_save_is_versioned_json_of_seed_and_choices(story: Story) -> None:
    data = json.loads(to_json(played(story, "check")))
    assert data["format"] == 1 and data["story"] == "mini" and data["seed"] == 4
    assert data["fingerprint"] == fingerprint(story)
    assert data["choices"] == [{"node": "start", "option": "check", "at": 50.0}]


def test_loading_restores_state_history_and_timing_exactly(story: Story) -> None:
    original = played(story, "check")
    restored = from_json(story, to_json(original), clock=lambda: 999.0)
    assert restored.beat() == original.beat()
    assert dict(restored.state) == {"mood": 1, "looked": True}
    assert restored.history == original.history
    assert restored.started_at == original.started_at


def test_an_edited_story_is_detected_with_a_clear_message(story: Story, mini_text: str) -> None:
    save = to_json(played(story, "check"))
    edited = story_of(mini_text.replace("Kiitos kun katsoit!", "Kiitos paljon!"))
    with pytest.raises(SaveError) as caught:
        from_json(edited, save)
    assert caught.value.code == "story_changed"
    assert "has been edited since this save" in render(caught.value.code, caught.value.params, "en")
    # The same place still exists, so an explicit request continues from it.
    assert from_json(edited, save, allow_changed=True).beat().node == "answer"


def test_a_save_whose_choices_no_longer_exist_cannot_continue(story: Story, mini_text: str) -> None:
    save = to_json(played(story, "check"))
    edited = story_of(mini_text.replace("id: check", "id: lookup"))
    with pytest.raises(SaveError) as caught:
        from_json(edited, save, allow_changed=True)
    assert caught.value.code == "save_replay" and caught.value.params["step"] == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "save_corrupt"),
        ("[]", "save_corrupt"),
        ('{"format": 99, "story": "mini", "choices": []}', "save_format"),
        ('{"format": 1, "story": "other", "choices": []}', "save_other_story"),
        ('{"format": 1, "story": "mini", "fingerprint": "%s", "seed": "x", "choices": []}', "save_corrupt"),
        (
            '{"format": 1, "story": "mini", "fingerprint": "%s", '
            '"choices": [{"node": "start", "option": "nope", "at": 1}]}',
            "save_replay",
        ),
        ('{"format": 1, "story": "mini", "fingerprint": "%s", "choices": ["x"]}', "save_corrupt"),
    ],
)
def test_damaged_saves_are_refused_with_a_code(story: Story, text: str, code: str) -> None:
    text = text.replace("%s", fingerprint(story))
    with pytest.raises(SaveError) as caught:
        from_json(story, text)
    assert caught.value.code == code
    assert render(code, caught.value.params, "fi")


def test_an_own_reply_is_kept_with_its_choice_and_comes_back_from_the_save(story: Story) -> None:
    play = Playthrough(story, seed=4, clock=lambda: 50.0)
    own = OwnReply("Katson heti, hetki vain.\nSoitan huomenna.", ("look",), ("promise",))
    result = play.choose_option("check", own=own)
    assert result.own == own and own.marked == {"look", "promise"}
    data = json.loads(to_json(play))
    assert data["format"] == 1, "a save with own replies is still read by trainers from before them"
    assert data["choices"][0]["own"] == {"text": own.text, "found": ["look"], "corrected": ["promise"]}
    restored = from_json(story, to_json(play))
    assert restored.history == play.history
    assert restored.debrief().to_dict("fi")["decisions"][0]["own_reply"]["marked"] == ["look", "promise"]


@pytest.mark.parametrize("own", ["text", {"text": 3}, {"text": "x", "found": "look"}, None])
def test_an_own_reply_edited_by_hand_into_something_else_is_dropped_and_the_choice_kept(
    story: Story, own: object
) -> None:
    data = json.loads(to_json(played(story, "check")))
    data["choices"][0]["own"] = own
    restored = from_json(story, json.dumps(data))
    assert restored.history[0].option_id == "check" and restored.history[0].own is None
