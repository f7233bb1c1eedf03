"""Lint over a library: the tells that single out the ideal (SC024-SC027) and the lessons' coverage (SC028),
each on small example libraries that pass and that fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenarios.authoring.codes import CODES
from scenarios.authoring.library_lint import coverage, library_findings, shown_decisions, tell_shares
from scenarios.cli.main import main
from scenarios.story.lessons import load_lessons
from scenarios.story.loader import load_file, load_text
from scenarios.story.model import Story
from tests.authoring.authoring_support import EXAMPLES

LIBRARY_CODES = sorted(code for code, entry in CODES.items() if entry.library)

Option = tuple[str, str]  # (reply or action, the text in both languages)


def story(
    story_id: str,
    decisions: list[tuple[str, Option, list[Option]]],
    *,
    channel: str = "desk",
    cast: str = "",
) -> Story:
    """A story of chained decisions: (the lesson tested, the ideal, the other options); texts the same in fi and en.

    `cast` is the cast as YAML, e.g. `{customer: Aino}`."""
    nodes = []
    for number, (lesson, ideal, others) in enumerate(decisions):
        after = f"d{number + 1}" if number + 1 < len(decisions) else "done"
        options = [
            f"      - {kind}: {{fi: {json.dumps(text)}, en: {json.dumps(text)}}}\n"
            f"        solution_focused: {'yes' if index == 0 else 'no'}\n"
            + ("        ideal: yes\n" if index == 0 else f"        breaks: {lesson}\n")
            + f"        feedback: {{fi: Palaute., en: Feedback.}}\n        next: {after}\n"
            for index, (kind, text) in enumerate([ideal, *others])
        ]
        nodes.append(
            f"  d{number}:\n    say: {{fi: Hei., en: Hi.}}\n    lessons: [{lesson}]\n    options:\n" + "".join(options)
        )
    text = (
        f"id: {story_id}\nlanguages: [fi, en]\ntitle: {{fi: T, en: T}}\nsummary: {{fi: S, en: S}}\n"
        f"channel: {channel}\ncustomer: young-adult\ntheme: values\nsource: '4'\n"
        + (f"cast: {cast}\n" if cast else "")
        + "nodes:\n"
        + "".join(nodes)
        + "  done:\n    ending: resolved\n    say: {fi: Loppu., en: The end.}\n"
    )
    loaded = load_text(text)
    assert loaded.story is not None, [d.format() for d in loaded.diagnostics]
    return loaded.story


PLAIN = ("reply", "Hoidetaan se.")
WEAK = [("reply", "Katso netistä."), ("reply", "Ei onnistu.")]


def codes(stories: list[Story]) -> set[str]:
    return {finding.code for finding in library_findings(stories)}


@pytest.mark.parametrize("code", LIBRARY_CODES)
def test_each_library_code_fires_on_its_example_library(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = EXAMPLES / code
    stories = [load_file(path).story for path in sorted(folder.glob("*.yaml"))]
    assert len(stories) >= 2 and all(story is not None for story in stories)
    # A small library leaves most lessons untested, so SC028 comes with every other example.
    assert codes([story for story in stories if story is not None]) == {code, "SC028"}
    for language in ("en", "fi"):
        assert main(["lint", str(folder), "--lang", language]) == 0  # warnings only
        out = capsys.readouterr().out
        assert f"{folder}: {'warning' if language == 'en' else 'varoitus'} {code}: " in out
        assert "{" not in out
    if code != "SC028":  # each decision is named at its place in the file
        assert f"{folder / 'a.yaml'}:12:3: ask" in out or f"{folder / 'a.yaml'}:13:3: ask" in out


def test_lint_prints_each_languages_shares_for_a_library_and_skips_the_library_checks_for_one_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["lint", str(EXAMPLES / "SC024"), "--lang", "en"])
    out = capsys.readouterr().out
    assert "language 'fi', 2 decisions; the ideal is the only question at 100% (2, at most 25%)" in out
    assert "language 'en', 2 decisions;" in out and "the only apology at 0% (0, at most 20%)" in out
    main(["lint", str(EXAMPLES / "SC024"), "--lang", "fi"])
    assert "kieli 'fi', 2 päätöskohtaa; ihanne on ainoa kysymys 100 % (2, enintään 25 %)" in capsys.readouterr().out
    assert main(["lint", str(EXAMPLES / "SC024" / "a.yaml"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "SC024" not in out and "SC028" not in out and "Files linted: 1; nothing to report." in out


def test_a_tell_at_its_limit_passes_and_one_decision_more_fails() -> None:
    asks = ("reply", "Mihin olet menossa?")
    at_limit = [story("a", [("be-present", asks, WEAK), *[("be-present", PLAIN, WEAK)] * 3])]
    (share, *_) = tell_shares(at_limit, "fi")
    assert (share.tell.code, len(share.marked), share.decisions) == ("SC024", 1, 4)
    assert "SC024" not in codes(at_limit)
    over = [story("a", [("be-present", asks, WEAK)] * 2 + [("be-present", PLAIN, WEAK)] * 2)]
    assert "SC024" in codes(over)


def test_a_mark_on_a_weak_option_too_is_no_tell() -> None:
    asks = ("reply", "Mihin olet menossa?")
    also_asks = [("reply", "Onko sinulla korttia?"), ("reply", "Ei onnistu.")]
    assert "SC024" not in codes([story("a", [("be-present", asks, also_asks)] * 4)])
    acts = ("action", "Hae varaus.")
    also_acts = [("action", "Soita kollegalle."), ("reply", "Ei onnistu.")]
    assert "SC025" not in codes([story("a", [("be-present", acts, also_acts)] * 4)])
    assert "SC025" in codes([story("a", [("be-present", acts, WEAK)] * 4)])


@pytest.mark.parametrize(
    ("language", "text", "apology"),
    [
        ("fi", "Pahoittelut, katsotaan.", True),
        ("fi", "Anteeksi odotus.", True),
        ("fi", "Olen pahoillani.", True),
        ("fi", "Valitettavasti ei onnistu.", False),
        ("en", "Sorry, let me look.", True),
        ("en", "I apologised to the team.", True),
        ("en", "Our apologies.", True),
        ("en", "Unfortunately not.", False),
    ],
)
def test_the_apology_words(language: str, text: str, apology: bool) -> None:
    library = [story("a", [("own-the-mistake", ("reply", text), WEAK)] * 2)]
    shares = {share.tell.code: share for share in tell_shares(library, language)}
    assert bool(shares["SC026"].marked) is apology


def test_the_customers_name_counts_with_a_case_ending_and_the_colleagues_does_not() -> None:
    named = [story("a", [("be-present", ("reply", "Ainolle sopii tämä."), WEAK)] * 2, cast="{customer: Aino}")]
    assert "SC027" in codes(named)
    companion = [
        story("a", [("be-present", ("reply", "Pirkko, tässä."), WEAK)] * 2, cast="{customer: Raimo, Pirkko: Pirkko}")
    ]
    assert "SC027" in codes(companion)
    colleague = [story("b", [("be-present", ("reply", "Jukka hoitaa tämän."), WEAK)] * 2, cast="{colleague: Jukka}")]
    assert "SC027" not in codes(colleague)
    another_word = [story("c", [("be-present", ("reply", "Ainoastaan tämä."), WEAK)] * 2, cast="{customer: Aino}")]
    assert "SC027" not in codes(another_word)
    possessive = [story("d", [("be-present", ("reply", "Aino's card, then."), WEAK)] * 2, cast="{customer: Aino}")]
    assert "SC027" in codes(possessive)


def test_an_action_that_unlocks_the_ideal_reply_is_met_as_its_own_decision() -> None:
    path = Path(__file__).parent / "stories" / "good.yaml"
    loaded = load_file(path).story
    assert loaded is not None
    shown = shown_decisions(loaded)
    arrive = [(s.offered, loaded.nodes["arrive"].options[s.ideal].kind) for s in shown if s.node == "arrive"]
    # First the look-up is the ideal among the look-up and the web tip; then the reply among the reply and the tip.
    assert sorted(arrive) == [((0, 2), "action"), ((1, 2), "reply")]


def test_coverage_lists_every_lesson_tested_by_too_few_decisions_or_channels() -> None:
    ids = load_lessons().ids
    desk = story("desk", [(lesson, PLAIN, WEAK) for lesson in ids], channel="desk")
    phone = story("phone", [(lesson, PLAIN, WEAK) for lesson in ids[:-1]], channel="phone")
    entries = {entry.lesson: entry for entry in coverage([desk, phone])}
    assert list(entries) == list(ids)
    assert entries[ids[0]].decisions == 2 and entries[ids[0]].channels == ("desk", "phone")
    (finding,) = [f for f in library_findings([desk, phone]) if f.code == "SC028"]
    assert [entry.lesson for entry in finding.lessons] == [ids[-1]]
    assert finding.lessons[0].decisions == 1 and finding.lessons[0].channels == ("desk",)
    twice_at_the_desk = story("desk2", [(ids[-1], PLAIN, WEAK)], channel="desk")
    (finding,) = [f for f in library_findings([desk, phone, twice_at_the_desk]) if f.code == "SC028"]
    assert [entry.lesson for entry in finding.lessons] == [ids[-1]]  # two decisions, one channel


def test_a_library_that_tests_every_lesson_twice_in_two_channels_is_covered() -> None:
    ids = load_lessons().ids
    library = [
        story(channel, [(lesson, PLAIN, WEAK) for lesson in ids], channel=channel) for channel in ("email", "chat")
    ]
    assert all(entry.covered for entry in coverage(library))
    assert codes(library) == set()
