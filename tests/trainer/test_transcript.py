"""The transcript of a playthrough shows each line in the ways of the medium it is said in."""

from __future__ import annotations

from scenarios.engine import Playthrough
from scenarios.story.library import builtin_dir
from scenarios.trainer.transcript import Transcript, replay
from tests.support import story_at


def test_a_colleague_face_to_face_in_a_phone_story_is_not_on_the_line() -> None:
    # cousin-on-staff is a call; at `rania_back` Rania comes over to the desk (`medium: face-to-face`).
    story = story_at(builtin_dir() / "cousin-on-staff.yaml")
    play = Playthrough(story, seed=1, clock=lambda: 0.0)
    while play.node != "rania_back":
        ideal = play.ideal_option()
        assert ideal is not None and not play.is_over, "the ideal path passes rania_back"
        play.choose_option(ideal)
    builder = Transcript(story, "en")
    said = [entry for event in replay(play) for entry in builder.event(*event) if entry.kind == "said"]
    customer = [entry.label for entry in said if entry.speaker == "customer"]
    rania = [entry.label for entry in said if entry.speaker == "rania"]
    assert customer and all(label.endswith("(on the line)") for label in customer)
    assert rania and not any("(on the line)" in label for label in rania)
