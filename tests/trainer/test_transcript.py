"""The transcript of a playthrough shows each line in the ways of the medium it is said in."""

from __future__ import annotations

from scenarios.engine import Playthrough
from scenarios.story.library import builtin_dir
from scenarios.trainer.transcript import Transcript, replay
from tests.support import story_at


def on_the_ideal_path_to(story_file: str, node: str) -> Playthrough:
    """A playthrough of a built-in story that took the ideal option at each decision until it stands at `node`."""
    story = story_at(builtin_dir() / story_file)
    play = Playthrough(story, seed=1, clock=lambda: 0.0)
    while play.node != node:
        ideal = play.ideal_option()
        assert ideal is not None and not play.is_over, f"the ideal path passes {node}"
        play.choose_option(ideal)
    return play


def test_a_colleague_face_to_face_in_a_phone_story_is_not_on_the_line() -> None:
    # cousin-on-staff is a call; at `rania_back` Rania comes over to the desk (`medium: face-to-face`).
    play = on_the_ideal_path_to("cousin-on-staff.yaml", "rania_back")
    builder = Transcript(play.story, "en")
    said = [entry for event in replay(play) for entry in builder.event(*event) if entry.kind == "said"]
    customer = [entry.label for entry in said if entry.speaker == "customer"]
    rania = [entry.label for entry in said if entry.speaker == "rania"]
    assert customer and all(label.endswith("(on the line)") for label in customer)
    assert rania and not any("(on the line)" in label for label in rania)


def test_a_colleague_in_the_chat_of_an_email_story_is_not_drawn_as_an_email() -> None:
    # day-camp-steering is an email story; at `jari` a colleague writes on the team chat (`medium: chat`), and the
    # trainee answers him there: neither his message nor the answer is an email to or from the customer.
    play = on_the_ideal_path_to("day-camp-steering.yaml", "jari")
    play.choose_option(play.available()[0])
    builder = Transcript(play.story, "en")
    entries = [(event[1].node, entry) for event in replay(play) for entry in builder.event(*event)]
    at_jari = [entry for node, entry in entries if node == "jari"]
    assert any(entry.kind == "said" and entry.speaker == "jari" for entry in at_jari)
    assert any(entry.kind == "you" for entry in at_jari)
    assert not any(entry.kind in {"email", "reply"} for entry in at_jari)
    assert any(entry.kind == "email" for node, entry in entries if node != "jari"), "the customer's emails still are"
