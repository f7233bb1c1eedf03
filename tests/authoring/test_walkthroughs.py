"""`scenarios test`: declared walkthroughs run on the engine; failures located; coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.authoring.walkthroughs import coverage, run_walkthrough
from scenarios.cli.main import main
from scenarios.story.loader import load_text
from scenarios.story.model import Story
from tests.authoring.authoring_support import GOOD, edited, good_text


def story_of(text: str) -> Story:
    result = load_text(text)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def failures(text: str, number: int = 0) -> list[tuple[str, dict[str, object]]]:
    return [(f.code, f.params) for f in run_walkthrough(story_of(text), number).failures]


def test_the_base_storys_walkthroughs_pass_and_cover_everything() -> None:
    story = story_of(good_text())
    results = [run_walkthrough(story, number) for number in range(2)]
    assert all(result.passed for result in results)
    assert results[0].nodes == {"arrive", "thanks", "done"}
    assert results[0].options == {("arrive", "look_up"), ("arrive", "replace"), ("thanks", "hand_over")}
    missed = coverage(story, results)
    assert missed.nodes == () and missed.options == ()
    assert coverage(story, results[:1]).nodes == ("left",)
    assert coverage(story, results[:1]).options == (("arrive", 2, "online"), ("thanks", 1, "next_please"))


def test_steps_may_name_options_by_the_start_of_their_text_in_any_language() -> None:
    text = edited('choices: ["Could you check", next_please]', 'choices: ["  katsotko ITSE", "Seuraava"]')
    assert failures(text, 1) == []


def test_a_step_not_on_offer_fails_and_says_what_is_offered() -> None:
    # 'hand_over' exists, but at the next decision.
    text = edited("choices: [look_up, replace, hand_over]", "choices: [hand_over, replace, hand_over]")
    ((code, params),) = failures(text)
    assert code == "walk_no_option"
    assert params["node"] == "arrive" and params["offered"] == "look_up, online"


def test_a_step_hidden_by_its_condition_or_used_up_says_why() -> None:
    text = edited("choices: [look_up, replace, hand_over]", "choices: [replace, hand_over]")
    text = edited("verdicts: [yes, yes, yes]", "verdicts: [yes, yes]", text)
    ((code, params),) = failures(text)
    assert code == "walk_hidden" and params["condition"] == "card_found"
    text = edited("choices: [look_up, replace, hand_over]", "choices: [look_up, look_up, replace, hand_over]")
    text = edited("verdicts: [yes, yes, yes]", "verdicts: [yes, yes, yes, yes]", text)
    ((code, params),) = failures(text)
    assert code == "walk_used" and params["offered"] == "replace, online"


def test_an_ambiguous_text_prefix_fails() -> None:
    text = edited('choices: ["Could you check", next_please]', 'choices: ["Could you check", "T"]')
    text = edited("reply: {fi: Seuraava!, en: Next!}", "reply: {fi: Seuraava!, en: That's all!}", text)
    ((code, params),) = failures(text, 1)
    assert code == "walk_ambiguous" and params["matching"] in ("hand_over, next_please", "next_please, hand_over")


def test_a_walkthrough_that_stops_early_or_runs_on_fails() -> None:
    text = edited("choices: [look_up, replace, hand_over]", "choices: [look_up, replace]")
    text = edited("verdicts: [yes, yes, yes]", "verdicts: [yes, yes]", text)
    assert [code for code, _ in failures(text)] == ["walk_not_over"]
    text = edited("choices: [look_up, replace, hand_over]", "choices: [look_up, replace, hand_over, online]")
    text = edited("verdicts: [yes, yes, yes]", "verdicts: [yes, yes, yes, no]", text)
    ((code, params),) = failures(text)
    assert code == "walk_already_over" and params == {"node": "done", "step": 4, "left": 1}


def test_expectations_on_ending_outcome_verdicts_and_score() -> None:
    text = edited("    ending: done\n    outcome: resolved", "    ending: left\n    outcome: partly")
    text = edited("verdicts: [yes, yes, yes]", "verdicts: [yes, no, yes]", text)
    text = edited(
        "min_score: {solution_focused: 3, encounter: 3}", "min_score: {solution_focused: 3, encounter: 4}", text
    )
    assert failures(text) == [
        ("walk_verdict", {"step": "replace", "expected": "no", "got": "yes"}),
        ("walk_ending", {"expected": "left", "got": "done"}),
        ("walk_outcome", {"expected": "partly", "got": "resolved"}),
        ("walk_score", {"dimension": "encounter", "expected": 4, "got": 3}),
    ]


def test_scenarios_test_passes_with_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "test", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert f"{GOOD}: 2/2 walkthroughs passed." in out
    assert f"{GOOD}: coverage: nodes 4/4, options 5/5." in out
    assert "Walkthroughs: 2; 2 passed, 0 failed." in out


def test_scenarios_test_reports_failures_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "story.yaml"
    text = edited("    ending: done\n    outcome: resolved", "    ending: left\n    outcome: resolved")
    text = edited(
        '    choices: ["Could you check", next_please]\n', '    choices: ["Could you check", hand_over]\n', text
    )
    text = edited("verdicts: [no, no]", "verdicts: [no, yes]", text)
    path.write_text(text, encoding="utf-8")
    assert main(["test", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    line = text.splitlines().index("    ending: left") + 1
    assert (
        f"{path}:{line}:13: walkthrough 'the ideal path': The walkthrough should end at 'left' but ended at 'done'."
        in out
    )
    assert "0/2 walkthroughs passed" in out  # the second now ends resolved, not unresolved
    assert f"{path}:" in out and "node 'left' — no walkthrough visits it" in out
    assert "option 'next_please' at 'thanks' — no walkthrough chooses it" in out
    assert main(["test", str(path), "--lang", "fi"]) == 1
    assert "läpipeluu 'the ideal path': Läpipeluun pitäisi päättyä kohtaan 'left'" in capsys.readouterr().out


def test_scenarios_test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    none = tmp_path / "none.yaml"
    none.write_text(good_text().split("walkthroughs:")[0], encoding="utf-8")
    assert main(["test", str(none), "--lang", "en"]) == 0
    assert "declares no walkthroughs" in capsys.readouterr().out
    broken = tmp_path / "broken.yaml"
    broken.write_text(edited("next: thanks", "next: thnks"), encoding="utf-8")
    assert main(["test", str(broken)]) == 1
    assert main(["test", str(tmp_path / "missing.yaml")]) == 2
