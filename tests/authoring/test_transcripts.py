"""`scenarios test --transcripts`: every path through a story, readable from start to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.authoring.transcripts import all_paths, transcripts
from scenarios.cli.main import main
from scenarios.story.loader import load_file, load_text
from scenarios.story.model import Story
from tests.authoring.authoring_support import GOOD, edited


def good() -> Story:
    story = load_file(GOOD).story
    assert story is not None
    return story


def test_every_path_is_found_the_ideal_one_first() -> None:
    found = all_paths(good())
    assert not found.cut
    assert found.paths[0] == ("look_up", "replace", "hand_over")
    assert set(found.paths) == {
        ("look_up", "replace", "hand_over"),
        ("look_up", "replace", "next_please"),
        ("look_up", "online", "hand_over"),
        ("look_up", "online", "next_please"),
        ("online", "hand_over"),
        ("online", "next_please"),
    }


def test_each_transcript_shows_only_what_that_path_says() -> None:
    text, count = transcripts(good(), "en")
    assert count == 6 and "6 paths through the story:" in text
    paths = text.split("\nPath ")[1:]
    assert [path.split(":", 1)[0] for path in paths] == [f"{n}/6" for n in range(1, 7)]
    ideal = paths[0]
    assert ideal.startswith("1/6: ✓✓✓ · resolved\nChoices: arrive:look_up → arrive:replace → thanks:hand_over")
    assert "▶ ✓ [action] Look the card up by the customer's name." in ideal
    assert "The card is on file and its balance is safe." in ideal  # what the action revealed
    assert "Thank you, that was easy!" in ideal and "Oh, well." not in ideal  # the line whose condition holds
    straight_away_online = next(path for path in paths if "Choices: arrive:online → thanks:hand_over" in path)
    assert "Oh, well." in straight_away_online and "Thank you, that was easy!" not in straight_away_online
    assert "look the card up" not in straight_away_online.casefold()  # never done on this path
    assert text.count("Ending: ") == 6


def test_transcripts_follow_the_language() -> None:
    text, _ = transcripts(good(), "fi")
    assert "6 polkua tarinan läpi:" in text and "Kortti katosi ja siinä oli kolmekymmentä euroa!" in text
    assert "Polku 1/6: ✓✓✓ · ratkaistu" in text


def test_a_story_with_too_many_paths_says_it_was_cut() -> None:
    found = all_paths(good(), limit=2)
    assert found.cut and len(found.paths) == 2
    # A reply that leads back to its own decision, again and again: the path is written up to the limit.
    looping = load_text(
        edited("        effects: mood += 1\n        next: thanks", "        effects: mood += 1\n        next: arrive")
    )
    assert looping.story is not None
    text, _ = transcripts(looping.story, "en")
    assert "There are more paths than fit here" in text and "Ending: no ending (arrive)" in text


def test_the_command_writes_one_file_a_story_and_replaces_it_only_with_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    assert main(["test", str(GOOD), "--transcripts", str(folder), "--lang", "en"]) == 0
    written = folder / "lost-bus-card.txt"
    assert written.read_text(encoding="utf-8").startswith("The lost bus card\n")
    assert f"6 paths written to {written}" in capsys.readouterr().out
    assert main(["test", str(GOOD), "--transcripts", str(folder), "--lang", "en"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["test", str(GOOD), "--transcripts", str(folder), "--force", "--lang", "en"]) == 0
