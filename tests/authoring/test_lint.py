"""`scenarios lint`: every coded diagnostic fires on its example, and only there."""

from __future__ import annotations

import pytest

from scenarios.authoring.codes import CODES, render_code
from scenarios.authoring.lint import lint_file, lint_story, lint_text
from scenarios.cli.main import main
from scenarios.story.loader import load_text
from tests.authoring.authoring_support import EXAMPLES, GOOD, edited, good_text

STORY_CODES = sorted(code for code, entry in CODES.items() if not entry.library)
LIBRARY_CODES = sorted(code for code, entry in CODES.items() if entry.library)


@pytest.mark.parametrize("code", STORY_CODES)
def test_each_code_fires_on_its_example_and_nothing_else_does(code: str) -> None:
    result = lint_file(EXAMPLES / f"{code}.yaml")
    assert result.story is not None, [d.format() for d in result.diagnostics]
    assert {d.code for d in result.diagnostics} == {code}, [d.format() for d in result.diagnostics]
    diagnostic = result.diagnostics[0]
    assert diagnostic.severity == CODES[code].severity
    assert diagnostic.line > 1 and diagnostic.source_line.strip()
    for language in ("en", "fi"):
        text = diagnostic.format(language)
        assert text.startswith(f"{EXAMPLES / f'{code}.yaml'}:{diagnostic.line}:{diagnostic.column}: ")
        assert f" {code}: " in text and "^" in text.splitlines()[-1]
        assert "{" not in diagnostic.message(language).replace("{start: 0", "")


def test_every_code_has_an_example_and_both_languages() -> None:
    assert sorted(p.stem for p in EXAMPLES.glob("SC*.yaml")) == STORY_CODES
    assert sorted(p.name for p in EXAMPLES.glob("SC*") if p.is_dir()) == LIBRARY_CODES
    for entry in CODES.values():
        assert entry.severity in ("error", "warning")
        assert entry.message("en") and entry.message("fi") and entry.message("en") != entry.message("fi")


def test_messages_follow_the_language() -> None:
    (diagnostic,) = lint_file(EXAMPLES / "SC004.yaml").diagnostics
    assert diagnostic.message("en").startswith("warning SC004: This option has no 'feedback:'")
    assert diagnostic.message("fi").startswith("varoitus SC004: Tällä vaihtoehdolla ei ole palautetta")
    assert render_code("SC013", {}, "fi").startswith("virhe SC013:")


def test_the_base_story_lints_clean() -> None:
    assert lint_file(GOOD).diagnostics == ()


def test_a_story_that_does_not_load_gets_the_loaders_errors() -> None:
    result = lint_text(edited("next: thanks", "next: thnaks"), "s.yaml")
    assert result.story is None and [d.code for d in result.diagnostics] == ["unknown_node"]
    assert result.errors == 1
    broken = lint_text("id: [unclosed", "broken.yaml")
    assert broken.story is None and broken.diagnostics[0].code == "syntax"


def test_a_story_in_one_language_is_told_about_the_other() -> None:
    (diagnostic,) = lint_file(EXAMPLES / "SC016.yaml").diagnostics
    assert diagnostic.params == {"language": "en", "first": "fi"}
    assert "gets it in 'fi'" in diagnostic.message("en")


def test_the_state_space_limit_skips_the_dynamic_checks() -> None:
    story = load_text(good_text()).story
    assert story is not None
    findings = lint_story(story, max_states=2)
    assert [f.code for f in findings] == ["SC014"]


def test_lint_exit_codes_and_language(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["lint", str(GOOD)]) == 0
    assert "ei huomautettavaa" in capsys.readouterr().out
    assert main(["lint", str(EXAMPLES / "SC004.yaml"), "--lang", "en"]) == 0  # warnings only
    assert "warning SC004" in capsys.readouterr().out
    monkeypatch.setenv("SCENARIOS_LANG", "en")
    assert main(["lint", str(EXAMPLES / "SC013.yaml")]) == 1
    out = capsys.readouterr().out
    assert "error SC013" in out and "Files linted: 1; errors: 1, warnings: 0." in out
    assert main(["lint", str(EXAMPLES)]) == 1
    assert main(["lint", "no/such/file.yaml"]) == 2
    assert "No such path" in capsys.readouterr().err


def test_branch_conditions_are_checked_like_any_other() -> None:
    branching = "        next:\n          - if: mood >= 3\n            to: left\n          - to: done"
    text = edited("        next: done\n      - id: next_please", branching + "\n      - id: next_please")
    result = lint_text(text)
    assert [d.code for d in result.diagnostics] == ["SC011"]
    assert "so this way on is never taken" in result.diagnostics[0].message("en")
    assert result.diagnostics[0].source_line.strip() == "- if: mood >= 3"


def test_options_that_read_the_same_but_are_never_offered_together_are_fine() -> None:
    text = edited(
        "        reply: {fi: Seuraava!, en: Next!}",
        "        if: not card_found\n        reply: {fi: Seuraava!, en: Next!}",
    )
    text = edited(
        "      - id: next_please\n",
        "      - id: next_please_too\n        if: card_found\n        reply: {fi: Seuraava!, en: Next!}\n"
        "        solution_focused: no\n        breaks: complete-the-service\n"
        "        feedback: {fi: Sama., en: Same.}\n        next: left\n"
        "      - id: next_please\n",
        text,
    )
    assert [d.code for d in lint_text(text).diagnostics] == []


def test_without_the_whole_space_nodes_no_link_leads_to_are_still_reported() -> None:
    text = (EXAMPLES / "SC001.yaml").read_text(encoding="utf-8")
    story = load_text(text).story
    assert story is not None
    assert sorted(f.code for f in lint_story(story, max_states=2)) == ["SC001", "SC014"]


def test_a_model_answer_that_only_repeats_the_ideal_is_pointed_out_in_the_languages_it_repeats() -> None:
    fi_only = edited(
        "    model_answer: {fi: Katsotaan kortin tiedot yhdessä., en: Let's look up the card together.}",
        "    model_answer: {fi: Siirretään saldo uudelle kortille heti., en: Let's look up the card together.}",
    )
    [diagnostic] = lint_text(fi_only, "s.yaml").diagnostics
    assert diagnostic.code == "SC020" and diagnostic.params == {"languages": "fi"}
    assert diagnostic.source_line.lstrip().startswith("model_answer:")
    fuller = edited(
        "    model_answer: {fi: Katsotaan kortin tiedot yhdessä., en: Let's look up the card together.}",
        "    model_answer: {fi: Siirretään saldo uudelle kortille heti. Saanko nimesi?, en: Look it up. Your name?}",
    )
    assert lint_text(fuller, "s.yaml").diagnostics == ()


def test_the_built_in_stories_model_answers_add_to_the_ideal() -> None:
    from tests.authoring.authoring_support import ROOT

    for path in sorted((ROOT / "stories").glob("*.yaml")):
        assert not [d.format() for d in lint_file(path).diagnostics if d.code == "SC020"]


def test_a_recovery_detour_is_told_apart_from_an_option_that_scores_too_much() -> None:
    detour = (EXAMPLES / "SC021.yaml").read_text(encoding="utf-8")
    [diagnostic] = lint_text(detour, "s.yaml").diagnostics
    assert diagnostic.code == "SC021" and diagnostic.params["wrong"] == "arrive:online"
    assert diagnostic.params["path"] == "arrive:online → recover:make_good → found:hand_over"
    # Scored as the guide says (the wrong turn costs what the recovery earns back), the detour is fine.
    costed = detour.replace("points: {encounter: 1}      # friendly", "points: {encounter: -1}      # friendly")
    assert lint_text(costed, "s.yaml").diagnostics == ()
    # The same detour whose wrong turn itself scores more than the ideal is a scoring error, SC009.
    greedy = detour.replace("points: {encounter: 1}      # friendly", "points: {encounter: 3}      # friendly")
    assert [d.code for d in lint_text(greedy, "s.yaml").diagnostics] == ["SC009"]
