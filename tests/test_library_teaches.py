"""The built-in library teaches: no decision can be won without reading, every channel meets
every customer type of chapter 6, and every story asks its own reflection questions."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

import pytest

from scenarios.authoring import balance
from scenarios.story.library import Library
from scenarios.story.model import CUSTOMER_TYPES, Channel, CustomerType

LIBRARY = Library.load()
STORIES = {story.id: story for story in LIBRARY.stories}
LIMIT = 0.40
# A marker that appears in right and wrong options alike tells nothing; one that appears far
# more often on one side is a give-away.
MARKER_GAP = 0.20


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_ideal_is_neither_mostly_the_longest_nor_mostly_the_shortest_option(language: str) -> None:
    found = [d for story in STORIES.values() for d in balance.decisions(story, language)]
    assert len(found) >= 100
    assert balance.longest_share(found) <= LIMIT, f"ideal longest in {balance.longest_share(found):.0%}"
    assert balance.shortest_share(found) <= LIMIT, f"ideal shortest in {balance.shortest_share(found):.0%}"


@pytest.mark.parametrize("language", ["fi", "en"])
def test_no_surface_marker_singles_out_right_or_wrong_options(language: str) -> None:
    found = [d for story in STORIES.values() for d in balance.decisions(story, language)]
    assert balance.marker_shares(found, balance.EMOJI) == (0.0, 0.0), "emoji in options"
    ideal, others = balance.marker_shares(found, re.compile("!"))
    assert abs(ideal - others) <= MARKER_GAP, (ideal, others)
    ideal_named: list[bool] = []
    others_named: list[bool] = []
    for story in STORIES.values():
        if "customer" not in story.cast:
            continue
        name = story.cast["customer"].get_text(language, story.languages).split()[0]
        named = re.compile(rf"\b{re.escape(name)}\b")
        for d in balance.decisions(story, language):
            ideal_named.append(bool(named.search(d.ideal)))
            others_named.extend(bool(named.search(text)) for text in d.others)
    if ideal_named:
        gap = sum(ideal_named) / len(ideal_named) - sum(others_named) / len(others_named)
        assert abs(gap) <= MARKER_GAP, "the customer's name marks one side"


def test_every_channel_meets_every_customer_type_of_chapter_6() -> None:
    pairs = {(story.channel.value, story.customer_type) for story in STORIES.values()}
    missing = [pair for pair in product([c.value for c in Channel], CUSTOMER_TYPES) if pair not in pairs]
    assert missing == []


def test_the_library_has_at_least_thirty_stories() -> None:
    assert len(STORIES) >= 30


@pytest.mark.parametrize("story_id", sorted(STORIES))
def test_the_customer_is_a_type_or_a_described_other(story_id: str) -> None:
    story = STORIES[story_id]
    assert isinstance(story.customer, CustomerType)
    if story.customer is CustomerType.other:
        assert story.customer_description is not None


@pytest.mark.parametrize("story_id", sorted(STORIES))
def test_every_story_asks_one_or_two_reflection_questions_of_its_own(story_id: str) -> None:
    own = STORIES[story_id].reflection
    assert 1 <= len(own) <= 2
    assert all({"fi", "en"} <= set(question) for question in own)


@pytest.mark.parametrize("story_id", sorted(STORIES))
def test_no_story_is_won_by_always_picking_the_longest_reply(story_id: str) -> None:
    story = STORIES[story_id]
    assert all(balance.ideal_longest_at_most_decisions(story, code) is None for code in story.languages)


def test_made_up_local_details_are_said_to_be_examples_wherever_the_story_appears(tmp_path: Path) -> None:
    import subprocess
    import sys

    from scenarios.engine import Playthrough
    from scenarios.exports.debrief import debrief_markdown
    from scenarios.story.loader import load_text

    # The library's stories now say in their own words what is made up (a text), and none is
    # without it; the generic note and its absence are checked on a story of the tests' own.
    plain_text = (Path(__file__).parent / "tui" / "stories" / "desk.yaml").read_text(encoding="utf-8")
    made_up_text = plain_text.replace("\nchannel: desk\n", "\nfictional: yes\nchannel: desk\n", 1)
    path = tmp_path / "made-up.yaml"
    path.write_text(made_up_text, encoding="utf-8")
    story = load_text(made_up_text).story
    plain = load_text(plain_text).story
    assert story is not None and story.fictional is True and plain is not None and not plain.fictional
    shown = subprocess.run(
        [sys.executable, "-m", "scenarios", "play", path, "--plain", "--lang", "en", "--no-save"],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout
    assert "made-up examples, not the City of Turku's actual ones" in shown
    play = Playthrough(story, seed=0, clock=lambda: 0.0)
    assert "keksittyjä esimerkkejä" in debrief_markdown(story, play.debrief(), "fi", "practice")
    assert "keksittyjä" not in debrief_markdown(plain, Playthrough(plain, seed=0).debrief(), "fi", "practice")


def test_the_library_passes_the_lessons_and_tells_checks_sc024_to_sc028() -> None:
    """No single tell (only question, only action, only apology, only name) picks out the ideal
    too often, and every lesson of the catalog is tested in two decisions and two channels."""
    from scenarios.authoring.library_lint import library_findings

    assert [(finding.code, finding.params) for finding in library_findings(LIBRARY.stories)] == []


@pytest.mark.parametrize("story_id", sorted(STORIES))
def test_every_decision_names_its_lessons_and_every_weak_option_what_it_breaks(story_id: str) -> None:
    """Lint's SC022 and SC023 for the built-in stories: what each decision tests is in the data."""
    story = STORIES[story_id]
    for name in story.decisions():
        node = story.nodes[name]
        assert node.lessons, f"{story_id}: {name} names no lesson"
        weak = [option.id for option in node.options if not option.solution_focused and not option.breaks]
        assert not weak, f"{story_id}: {name}: {weak} break no lesson"
