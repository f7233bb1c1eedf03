"""A story's own words for the customer's moods: read and checked by the loader, shown by every front end."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.i18n.present import mood_label
from scenarios.story.loader import load_text
from tests.support import WriteStory

WORDS = "mood_words:\n  -2: {fi: hätääntynyt, en: distressed}\n  -1: {fi: huolissaan, en: worried}\n"


def with_words(mini_text: str, words: str = WORDS) -> str:
    return mini_text.replace("nodes:\n", words + "nodes:\n", 1)


def test_the_story_names_the_moods_it_needs_and_the_rest_keep_the_trainers_words(mini_text: str) -> None:
    result = load_text(with_words(mini_text))
    assert result.ok and result.story is not None
    story = result.story
    assert mood_label(-1, "en", story) == "worried (-1)"
    assert mood_label(-1, "fi", story) == "huolissaan (-1)"
    assert mood_label(-3, "en", story) == "furious (-3)"  # not named: the trainer's word
    assert mood_label(-1, "en") == "annoyed (-1)"  # another story, or none, keeps the trainer's


@pytest.mark.parametrize(
    ("words", "code", "at"),
    [
        ("mood_words:\n  worried: {fi: huolissaan, en: worried}\n", "mood_word_key", "worried:"),
        ("mood_words:\n  -4: {fi: epätoivoinen, en: desperate}\n", "mood_word_range", "-4:"),
        ("mood_words:\n  -1: {fi: huolissaan}\n", "missing_language", "{fi: huolissaan}"),
    ],
)
def test_a_mood_word_that_cannot_be_shown_is_located_and_explained(
    mini_text: str, words: str, code: str, at: str
) -> None:
    text = with_words(mini_text, words)
    [diagnostic] = load_text(text, "s.yaml").diagnostics
    assert diagnostic.code == code, diagnostic.format()
    assert text.splitlines()[diagnostic.line - 1][diagnostic.column - 1 :].startswith(at)
    assert "{" not in diagnostic.message("en").replace("{fi:", "")


def test_mood_words_need_a_mood(mini_text: str) -> None:
    text = with_words(mini_text.replace("  mood: {start: 0, min: -3, max: 3}\n", "  mood: no\n"))
    codes = [d.code for d in load_text(text, "s.yaml").diagnostics]
    assert "mood_words_without_mood" in codes


def test_line_mode_shows_the_storys_word(capsys: pytest.CaptureFixture[str], write: WriteStory, mini_text: str) -> None:
    worried = with_words(mini_text).replace("mood: {start: 0,", "mood: {start: -1,")  # worried from the start
    path: Path = write(worried, "worried.yaml")
    assert main(["play", str(path), "--plain", "--choices", "1,1", "--lang", "en", "--no-save"]) == 0
    out = capsys.readouterr().out
    assert "Customer's mood: worried (-1)" in out
    assert "annoyed" not in out
