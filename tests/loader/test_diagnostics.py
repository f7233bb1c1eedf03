"""What an author reads: every problem at once, located, in plain words, with a fix."""

from __future__ import annotations

import pytest

from scenarios.story.loader import Diagnostic, load_file, load_text
from tests.support import WriteStory


def problems(text: str) -> tuple[Diagnostic, ...]:
    result = load_text(text, "s.yaml")
    assert result.story is None
    return result.diagnostics


def test_the_mini_story_is_valid(mini_text: str) -> None:
    result = load_text(mini_text)
    assert result.ok and result.story is not None, [d.format() for d in result.diagnostics]
    assert result.story.id == "mini"


def test_unknown_key_suggests_the_closest_name_and_points_at_it(mini_text: str) -> None:
    text = mini_text.replace("      - id: online\n        reply:", "      - id: online\n        replly:")
    first = problems(text)[0]
    assert first.code == "unknown_key"
    assert "'replly'" in first.message("en")
    assert "Did you mean 'reply'?" in first.message("en")
    assert "Tarkoititko 'reply'?" in first.message("fi")
    line = text.splitlines()[first.line - 1]
    assert line[first.column - 1 :].startswith("replly")


def test_format_shows_the_line_with_a_caret_under_the_column(mini_text: str) -> None:
    text = mini_text.replace("next: answer", "next: answr")
    [diagnostic] = problems(text)
    rendered = diagnostic.format("en").splitlines()
    assert rendered[0].startswith(f"s.yaml:{diagnostic.line}:{diagnostic.column}: There is no node called 'answr'")
    assert "Did you mean 'answer'?" in rendered[0]
    assert rendered[1].endswith("next: answr")
    caret_at = rendered[2].index("^")
    assert rendered[1][caret_at:] == "answr"


def test_every_problem_is_reported_at_once(mini_text: str) -> None:
    text = (
        mini_text.replace("channel: desk", "channel: dsek")
        .replace("next: good", "next: godo")
        .replace("effects: mood -= 2", "effects: moood -= 2")
        .replace("  bad:\n    ending: unresolved", "  bad:\n    ending: unresolved\n    colour: red")
    )
    found = problems(text)
    assert sorted(d.code for d in found) == ["choice", "expr_undeclared", "unknown_key", "unknown_node"]
    assert [d.line for d in found] == sorted(d.line for d in found)


def test_reference_checks_run_beside_shape_errors_in_other_nodes(mini_text: str) -> None:
    text = mini_text.replace("next: good", "next: godo").replace(
        "  bad:\n    ending: unresolved", "  bad:\n    ending: unresolvd"
    )
    found = {d.code: d for d in problems(text)}
    assert set(found) == {"choice", "unknown_node"}
    assert "Did you mean 'unresolved'?" in found["choice"].message("en")
    # 'bad' is broken itself, so options pointing at it are not also reported as unknown.
    assert all(d.params.get("name") != "bad" for d in found.values())


def test_a_wrong_channel_lists_the_allowed_ones(mini_text: str) -> None:
    [diagnostic] = problems(mini_text.replace("channel: desk", "channel: phon"))
    message = diagnostic.message("en")
    assert "'phon' is not allowed here" in message
    assert "desk" in message and "email" in message
    assert "Did you mean 'phone'?" in message


def test_missing_required_key_names_it(mini_text: str) -> None:
    text = mini_text.replace("title: {fi: Pieni tarina, en: A small story}\n", "")
    [diagnostic] = problems(text)
    assert diagnostic.code == "missing"
    assert "'title' is missing" in diagnostic.message("en")


def test_exactly_one_ideal_option_per_decision(mini_text: str) -> None:
    none = mini_text.replace(
        "        ideal: yes\n        points: {interaction: 2}\n", "        points: {interaction: 2}\n"
    )
    [diagnostic] = problems(none)
    assert diagnostic.code == "ideal_count" and diagnostic.params["count"] == 0
    two = mini_text.replace(
        "        solution_focused: no\n        effects: mood -= 2",
        "        solution_focused: no\n        ideal: yes\n        effects: mood -= 2",
    )
    [diagnostic] = problems(two)
    assert diagnostic.code == "ideal_count" and diagnostic.params["count"] == 2


def test_undeclared_variables_in_conditions_and_effects(mini_text: str) -> None:
    text = mini_text.replace("- if: looked", "- if: loked").replace("effects: mood -= 2", "effects: mod -= 2")
    found = problems(text)
    assert [d.code for d in found] == ["expr_undeclared", "expr_undeclared"]
    assert "Did you mean 'looked'?" in found[0].message("en")
    assert "Did you mean 'mood'?" in found[1].message("en")


def test_conditions_and_effects_are_type_checked(mini_text: str) -> None:
    cases = {
        "- if: looked": ("- if: mood", "expr_int_as_flag"),
        "effects: mood -= 2": ("effects: looked += 1", "effect_flag"),
        "effects: mood -= 1": ("effects: mood = yes", "effect_int"),
    }
    for original, (replacement, code) in cases.items():
        [diagnostic] = problems(mini_text.replace(original, replacement))
        assert diagnostic.code == code, (replacement, diagnostic.format())


BROKEN_CONDITIONS = [
    # (condition, code, the bad token the caret points at, the condition suggested)
    ("mood => 0", "expr_operator", "=>", "mood >= 0"),
    ("mood =< 0", "expr_operator", "=<", "mood <= 0"),
    ("mood = 1", "expr_single_equals", "=", "mood == 1"),
    ("looked = yes", "expr_single_equals", "=", "looked == yes"),
    ("looked AND mood > 0", "expr_keyword_case", "AND", "looked and mood > 0"),
    ("NOT looked", "expr_keyword_case", "NOT", "not looked"),
    ("looked && mood > 0", "expr_operator", "&&", "looked and mood > 0"),
    ("mood > 0 || looked", "expr_operator", "||", "mood > 0 or looked"),
    ("mood > 0 ja looked", "expr_operator", "ja", "mood > 0 and looked"),
    ("mood => 0 AND looked = yes", "expr_operator", "=>", "mood >= 0 and looked == yes"),
    ("mood > 0 looked", "expr_missing_operator", "looked", None),
    ("mood > 0)", "expr_unopened", ")", None),
    ("(mood > 0", "expr_unclosed", "(", None),
    ("lookd and mood > 0", "expr_undeclared", "lookd", "looked"),
    ("looked and mood", "expr_int_as_flag", "mood", None),
    ("looked > 1", "expr_compare_flag", ">", None),
    ("mood > 0 $ looked", "expr_bad_char", "$", None),
]


@pytest.mark.parametrize(("condition", "code", "token", "suggested"), BROKEN_CONDITIONS)
@pytest.mark.parametrize("quote", ["", '"'])
def test_a_broken_condition_is_diagnosed_at_its_bad_token_with_the_fix(
    mini_text: str, condition: str, code: str, token: str, suggested: str | None, quote: str
) -> None:
    [diagnostic] = problems(mini_text.replace("- if: looked", f"- if: {quote}{condition}{quote}"))
    assert diagnostic.code == code, diagnostic.format()
    rendered = diagnostic.format("en").splitlines()
    assert rendered[1][rendered[2].index("^") :].startswith(token)
    if suggested is None:
        assert "Did you mean" not in rendered[0]
    else:
        assert rendered[0].endswith(f"Did you mean '{suggested}'?")
        assert f"Tarkoititko '{suggested}'?" in diagnostic.message("fi")


def test_a_condition_stopping_short_points_past_its_end(mini_text: str) -> None:
    [diagnostic] = problems(mini_text.replace("- if: looked", "- if: mood >= 0 and"))
    assert diagnostic.code == "expr_incomplete"
    line = mini_text.replace("- if: looked", "- if: mood >= 0 and").splitlines()[diagnostic.line - 1]
    assert diagnostic.column == len(line) + 1


def test_a_folded_condition_is_pointed_at_from_its_start(mini_text: str) -> None:
    text = mini_text.replace("- if: looked", "- if: >\n          mood => 0")
    [diagnostic] = problems(text)
    assert diagnostic.code == "expr_operator"
    assert text.splitlines()[diagnostic.line - 1].endswith("if: >")


@pytest.mark.parametrize(
    ("effect", "code", "token", "suggested"),
    [
        ("mood =+ 1", "effect_swapped", "=+", "mood += 1"),
        ("mood =- 1", "effect_swapped", "=-", "mood -= 1"),
        ("mood++", "effect_arithmetic", "++", "mood += 1"),
        ("mood == 1", "effect_shape", "==", "mood = 1"),
        ("mood += yes", "effect_int", "yes", None),
        ("looked += 1", "effect_flag", "+=", None),
    ],
)
def test_a_broken_effect_is_diagnosed_at_its_bad_token(
    mini_text: str, effect: str, code: str, token: str, suggested: str | None
) -> None:
    [diagnostic] = problems(mini_text.replace("effects: mood -= 2", f"effects: {effect}"))
    assert diagnostic.code == code, diagnostic.format()
    rendered = diagnostic.format("en").splitlines()
    assert rendered[1][rendered[2].index("^") :].startswith(token)
    assert ("Did you mean" in rendered[0]) == (suggested is not None)
    if suggested:
        assert rendered[0].endswith(f"Did you mean '{suggested}'?")


def test_setting_a_number_with_a_minus_sign_is_still_an_effect(mini_text: str) -> None:
    assert load_text(mini_text.replace("effects: mood -= 2", "effects: mood = -1")).ok


def test_python_in_a_condition_is_just_an_error(mini_text: str) -> None:
    [diagnostic] = problems(mini_text.replace("- if: looked", "- if: __import__('os').system('ls')"))
    assert diagnostic.code in ("expr_bad_char", "expr_undeclared", "expr_unexpected")


def test_declared_languages_must_be_present_in_every_text(mini_text: str) -> None:
    text = mini_text.replace("say: {fi: Asiakas lähtee., en: The customer leaves.}", "say: {fi: Asiakas lähtee.}")
    [diagnostic] = problems(text)
    assert diagnostic.code == "missing_language"
    assert "no en version" in diagnostic.message("en")
    assert text.splitlines()[diagnostic.line - 1].strip().startswith("say:")


def test_a_plain_string_serves_every_language(mini_text: str) -> None:
    text = mini_text.replace("say: {fi: Asiakas lähtee., en: The customer leaves.}", "say: '...'")
    assert load_text(text).ok


def test_passages_that_loop_among_themselves_are_errors(mini_text: str) -> None:
    text = mini_text.replace("  bad:\n", "  p1:\n    say: x\n    next: p2\n  p2:\n    say: y\n    next: p1\n  bad:\n")
    [diagnostic] = problems(text)
    assert diagnostic.code == "passage_loop"


def test_an_action_that_can_repeat_forever_is_an_error(mini_text: str) -> None:
    text = mini_text.replace(
        "        effects: [looked = yes, mood += 1]\n        next: answer\n", "        effects: [looked = yes]\n"
    )
    [diagnostic] = problems(text)
    assert diagnostic.code == "action_loops"


def test_a_node_without_a_way_on(mini_text: str) -> None:
    text = mini_text.replace("  bad:\n    ending: unresolved\n", "  bad:\n")
    [diagnostic] = problems(text)
    assert diagnostic.code == "node_without_way_on"


def test_messages_follow_the_language(mini_text: str, write: WriteStory) -> None:
    path = write(mini_text.replace("next: answer", "next: nowhere"))
    [diagnostic] = load_file(path).diagnostics
    assert "Solmua nimeltä 'nowhere' ei ole" in diagnostic.message("fi")
    assert "There is no node called 'nowhere'" in diagnostic.message("en")


def test_a_comma_inside_a_flow_text_is_explained(mini_text: str) -> None:
    text = mini_text.replace(
        "{fi: Asiakas kiittää., en: The customer thanks you.}", "{fi: Asiakas kiittää, hymyilee., en: Thanks.}"
    )
    [diagnostic] = problems(text)
    assert diagnostic.code == "text_comma"
    assert "'hymyilee.' was read as a new key. Put the text in quotes" in diagnostic.message("en")


def test_question_marks_and_colons_inside_flow_texts_are_plain_text() -> None:
    from scenarios.story.safeyaml import parse

    text = "a: {fi: Mitä? Niin, en: 'What?'}\nb: [Kello 6:30 auki?, x]\n"
    assert (
        parse(text).data
        == parse(text, pure=True).data
        == {
            "a": {"fi": "Mitä? Niin", "en": "What?"},
            "b": ["Kello 6:30 auki?", "x"],
        }
    )


def test_a_typo_inside_a_walkthrough_gets_a_suggestion(mini_text: str) -> None:
    text = mini_text + "walkthroughs:\n  - name: ideal\n    choices: [check, tell]\n    outcom: resolved\n"
    [diagnostic] = problems(text)
    assert diagnostic.code == "unknown_key"
    assert "Did you mean 'outcome'?" in diagnostic.message("en")


def test_walkthrough_steps_through_a_broken_node_are_not_reported_twice(mini_text: str) -> None:
    text = mini_text.replace("  bad:\n    ending: unresolved", "  bad:\n    ending: unresolvd") + (
        "walkthroughs:\n  - name: poor\n    choices: [online]\n"
    )
    assert [d.code for d in problems(text)] == ["choice"]


def test_a_customer_described_in_place_of_the_type_is_told_of_customer_description(mini_text: str) -> None:
    text = mini_text.replace("customer: young-adult", "customer: iäkäs mies, joka on huolissaan")
    [diagnostic] = problems(text)
    assert diagnostic.code == "customer_choice"
    assert "write 'customer: other'" in diagnostic.message("en") and "'customer_description:'" in diagnostic.message(
        "en"
    )
    assert "'customer_description:'" in diagnostic.message("fi")
    assert text.splitlines()[diagnostic.line - 1].startswith("customer:")
    [typo] = problems(mini_text.replace("customer: young-adult", "customer: young-adlut"))
    assert typo.message("en").endswith("Did you mean 'young-adult'?")


def test_customer_other_without_a_description_points_at_the_customer(mini_text: str) -> None:
    text = mini_text.replace("customer: young-adult", "customer: other")
    [diagnostic] = problems(text)
    assert diagnostic.code == "customer_other_undescribed"
    assert text.splitlines()[diagnostic.line - 1] == "customer: other"
    described = text.replace("customer: other", "customer: other\ncustomer_description: {fi: kollega, en: a colleague}")
    assert load_text(described).ok


def tagged(mini_text: str, lessons: str = "[check-before-promising]", breaks: str = "friendly-is-not-enough") -> str:
    """The mini story with its first decision tagged: `lessons:` on it, `breaks:` on its weak option."""
    return mini_text.replace(
        "    model_answer: {fi: Katsotaan yhdessä., en: Let's look together.}\n",
        f"    model_answer: {{fi: Katsotaan yhdessä., en: Let's look together.}}\n    lessons: {lessons}\n",
    ).replace(
        "        solution_focused: no\n        feedback: {fi: Ystävällistä",
        f"        solution_focused: no\n        breaks: {breaks}\n        feedback: {{fi: Ystävällistä",
    )


def test_lessons_and_breaks_name_lessons_of_the_catalog(mini_text: str) -> None:
    result = load_text(tagged(mini_text))
    assert result.story is not None, [d.format() for d in result.diagnostics]
    start = result.story.nodes["start"]
    assert start.lessons == ("check-before-promising",)
    assert start.options[0].breaks == ("friendly-is-not-enough",)
    both = load_text(tagged(mini_text, "find-the-need", "[plain-language, friendly-is-not-enough]")).story
    assert both is not None and both.nodes["start"].lessons == ("find-the-need",)
    assert both.nodes["start"].options[0].breaks == ("plain-language", "friendly-is-not-enough")


def test_an_unknown_lesson_is_located_with_a_suggestion_in_both_languages(mini_text: str) -> None:
    text = tagged(mini_text, "[find-the-need, chek-before-promising]", "frendly-is-not-enough")
    first, second = problems(text)
    assert (first.code, second.code) == ("unknown_lesson", "unknown_lesson")
    line = text.splitlines()[first.line - 1]
    assert line[first.column - 1 :].startswith("chek-before-promising]")
    assert first.message("en") == (
        "There is no lesson called 'chek-before-promising'. Check the spelling; `scenarios lessons` lists the "
        "lessons and their ids. Did you mean 'check-before-promising'?"
    )
    assert "Oppia nimeltä 'frendly-is-not-enough' ei ole" in second.message("fi")
    assert "Tarkoititko 'friendly-is-not-enough'?" in second.message("fi")
    assert text.splitlines()[second.line - 1][second.column - 1 :] == "frendly-is-not-enough"


def test_lessons_belong_on_decisions_at_most_three_and_the_ideal_breaks_none(mini_text: str) -> None:
    on_ending = mini_text.replace(
        "  good:\n    ending: resolved", "  good:\n    ending: resolved\n    lessons: [find-the-need]"
    )
    [diagnostic] = problems(on_ending)
    assert diagnostic.code == "lessons_without_options"
    assert "belongs on a decision" in diagnostic.message("en")
    assert on_ending.splitlines()[diagnostic.line - 1].strip() == "lessons: [find-the-need]"
    four = tagged(mini_text, "[find-the-need, be-present, plain-language, find-the-need]")
    assert sorted(d.code for d in problems(four)) == ["duplicate_lesson", "too_many_lessons"]
    ideal = mini_text.replace(
        "        ideal: yes\n        points: {interaction: 2}",
        "        ideal: yes\n        breaks: be-present\n        points: {interaction: 2}",
    )
    [diagnostic] = problems(ideal)
    assert diagnostic.code == "breaks_on_ideal"
    assert "Ihanteellinen vaihtoehto ei riko mitään oppia" in diagnostic.message("fi")


def test_lessons_do_not_change_a_storys_fingerprint(mini_text: str) -> None:
    from scenarios.engine import fingerprint

    plain, with_lessons = load_text(mini_text).story, load_text(tagged(mini_text)).story
    assert plain is not None and with_lessons is not None
    assert plain != with_lessons
    assert fingerprint(plain) == fingerprint(with_lessons)  # tagging a story keeps its saves


def test_a_customer_in_words_hides_no_other_problem(mini_text: str) -> None:
    text = mini_text.replace("customer: young-adult", "customer: iäkäs soittaja").replace(
        "- if: looked", "- if: mood => 1"
    )
    assert [d.code for d in problems(text)] == ["customer_choice", "expr_operator"]
