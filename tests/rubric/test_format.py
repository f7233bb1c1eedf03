"""The rubric in the story format: what the loader accepts, what it refuses and where it points."""

from __future__ import annotations

import re
from pathlib import Path

from scenarios.engine import fingerprint
from scenarios.story.loader import load_text

RUBRIC = """\
    rubric:
      elements:
        - id: look
          label: {fi: Katsoo heti, en: Looks at once}
          lesson: check-before-promising
          words:
            fi: [katson, tarkistan heti, tulk*]
            en: [let me check]
      avoid:
        - id: promise
          label: {fi: Lupaa, en: Promises}
          words: {fi: [lupaan], en: [i promise]}
"""


def with_rubric(mini_text: str, rubric: str = RUBRIC, at: str = "  start:\n") -> str:
    return mini_text.replace(at, at + rubric, 1)


def test_a_rubric_loads_and_does_not_change_the_story_s_fingerprint(mini_text: str) -> None:
    plain, tagged = load_text(mini_text).story, load_text(with_rubric(mini_text)).story
    assert plain is not None and tagged is not None
    rubric = tagged.nodes["start"].rubric
    assert rubric is not None
    assert [item.id for item in rubric.items] == ["look", "promise"]
    assert rubric.elements[0].words.phrases("fi") == ("katson", "tarkistan heti", "tulk*")
    assert rubric.elements[0].lesson == "check-before-promising"
    assert fingerprint(plain) == fingerprint(tagged)


def test_one_list_serves_every_language(mini_text: str) -> None:
    text = with_rubric(mini_text, RUBRIC.replace("words: {fi: [lupaan], en: [i promise]}", "words: [OK, ok]"))
    story = load_text(text).story
    assert story is not None
    assert story.nodes["start"].rubric.avoid[0].words.phrases("en") == ("OK", "ok")  # type: ignore[union-attr]


def codes(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in load_text(text).diagnostics]


def test_mistakes_are_located_and_said_in_plain_words(mini_text: str) -> None:
    broken = RUBRIC.replace("lesson: check-before-promising", "lesson: check-before-promisin")
    broken = broken.replace("tarkistan heti, tulk*", "tarkistan *, tulk*")
    broken = broken.replace("- id: promise", "- id: look").replace("en: [i promise]", "sv: [x]")
    text = with_rubric(mini_text, broken)
    diagnostics = load_text(text).diagnostics
    found = {d.code: d for d in diagnostics}
    assert set(found) >= {
        "unknown_lesson",
        "rubric_phrase_bad_word",
        "duplicate_rubric_id",
        "missing_language",
        "undeclared_language",
    }
    assert found["unknown_lesson"].params["suggestion"] == "check-before-promising"
    bad = found["rubric_phrase_bad_word"]
    assert bad.source_line[bad.column - 1 :].startswith("tarkistan *")
    assert "'*' only at a word's end" in bad.message("en") and "'*' vain sanan lopussa" in bad.message("fi")


def test_a_rubric_belongs_on_a_decision_and_a_sentence_is_no_phrase(mini_text: str) -> None:
    on_ending = with_rubric(mini_text, RUBRIC.replace("    ", "    ", 1), at="  good:\n")
    assert "rubric_without_options" in [code for code, _, _ in codes(on_ending)]
    long = with_rubric(mini_text, RUBRIC.replace("en: [let me check]", "en: [let me check that for you right now]"))
    assert [code for code, _, _ in codes(long)] == ["rubric_phrase_too_long"]
    typo = with_rubric(mini_text, RUBRIC.replace("label: {fi: Lupaa", "labl: {fi: Lupaa"))
    diagnostics = load_text(typo).diagnostics
    assert any(d.code == "unknown_key" and d.params["suggestion"] == "label" for d in diagnostics)


def test_the_skeleton_s_rubric_example_loads_once_its_hashes_are_removed(tmp_path: Path) -> None:
    from scenarios.cli.main import main

    path = tmp_path / "new.yaml"
    assert main(["new", "try-rubric", "--channel", "phone", "-o", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "    # rubric:" in text
    uncommented = re.sub(r"^    # (rubric:|  .*)$", r"    \1", text, flags=re.M)
    story = load_text(uncommented).story
    assert story is not None and story.nodes["follow_up"].rubric is not None
