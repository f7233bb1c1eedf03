"""The `walkthroughs:` key of the story format and its reference checks."""

from __future__ import annotations

from scenarios.engine import fingerprint
from scenarios.story.loader import load_text
from scenarios.story.model import Walkthrough
from tests.authoring.authoring_support import edited, good_text


def codes(text: str) -> list[str]:
    return [d.code for d in load_text(text, "story.yaml").diagnostics]


def test_walkthroughs_load_with_ids_texts_and_numbers() -> None:
    story = load_text(good_text()).story
    assert story is not None
    first, second = story.walkthroughs
    assert first.choices == ("look_up", "replace", "hand_over")
    assert first.verdicts == (True, True, True)
    assert first.min_score is not None and first.min_score.as_dict() == {"solution_focused": 3, "encounter": 3}
    assert second.choices[0] == "Could you check"
    numbered = Walkthrough.model_validate(
        {"name": "by position", "choices": [1, 2, "1"], "verdicts": ["yes", "no", True]}
    )
    assert numbered.choices == ("1", "2", "1")
    assert numbered.verdicts == (True, False, True)


def test_a_single_choice_may_be_written_without_a_list() -> None:
    text = edited(
        'choices: ["Could you check", next_please]', "choices: online", edited("verdicts: [no, no]", "verdicts: [no]")
    )
    story = load_text(text).story
    assert story is not None and story.walkthroughs[1].choices == ("online",)


def test_an_unknown_choice_is_an_error_with_a_suggestion() -> None:
    result = load_text(
        edited("choices: [look_up, replace, hand_over]", "choices: [lookup, replace, hand_over]"), "s.yaml"
    )
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "walkthrough_unknown_choice"
    assert diagnostic.line == good_text().splitlines().index("    choices: [look_up, replace, hand_over]") + 1
    assert "Did you mean 'look_up'?" in diagnostic.message("en")
    assert "Tarkoititko 'look_up'?" in diagnostic.message("fi")


def test_the_ending_must_be_an_ending_node() -> None:
    assert codes(edited("ending: done", "ending: thanks")) == ["walkthrough_not_ending"]
    result = load_text(edited("ending: done", "ending: dnoe"))
    assert [d.code for d in result.diagnostics] == ["unknown_node"]
    assert result.diagnostics[0].params["suggestion"] == "done"


def test_one_verdict_per_choice() -> None:
    assert codes(edited("verdicts: [yes, yes, yes]", "verdicts: [yes, yes]")) == ["walkthrough_verdicts"]


def test_unknown_keys_in_a_walkthrough_are_errors() -> None:
    assert codes(edited("outcome: resolved", "outcome: resolved\n    score: 3")) == ["unknown_key"]
    assert codes(edited("min_score: {solution_focused: 3, encounter: 3}", "min_score: {empathy: 3}")) == ["unknown_key"]


def test_walkthroughs_do_not_change_the_fingerprint_of_saves() -> None:
    before = load_text(good_text()).story
    after = load_text(edited("name: the ideal path", "name: the best path")).story
    assert before is not None and after is not None
    assert fingerprint(before) == fingerprint(after)
