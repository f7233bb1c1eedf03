"""The author's rough edges of issue #12: each as an author meets it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.authoring.lint import lint_text
from scenarios.authoring.scaffold import skeleton
from scenarios.cli.main import main
from scenarios.story.loader import load_text
from tests.authoring.authoring_support import EXAMPLES, ROOT, edited
from tests.support import WriteStory


def test_an_effect_written_as_arithmetic_is_shown_the_effect_it_means() -> None:
    [diagnostic] = load_text(edited("effects: mood += 1", "effects: mood + 1")).diagnostics
    message = diagnostic.message("en")
    assert "not an effect" in message and "'mood += 1'" in message
    assert "Conditions use" not in message
    assert "'mood += 1'" in diagnostic.message("fi")


def test_another_character_in_an_effect_is_told_how_effects_are_written() -> None:
    [diagnostic] = load_text(edited("effects: mood += 1", "effects: mood * 2")).diagnostics
    assert "in an effect" in diagnostic.message("en") and "name += 1" in diagnostic.message("en")


def test_lang_is_the_trainers_language_and_languages_the_storys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "one", "--channel", "desk", "--languages", "en", "--lang", "en"]) == 0
    text = (tmp_path / "one.yaml").read_text(encoding="utf-8")
    assert "languages: [en]" in text
    assert "# A new story for the scenarios trainer" in text, "the comments follow --lang"
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(["new", "two", "--channel", "desk", "--lang", "fi,en"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    "argv", [["--lang", "de", "list"], ["list", "--lang", "de"], ["new", "x", "--channel", "desk", "--lang", "de"]]
)
def test_an_unknown_language_is_refused_with_the_supported_ones(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "'de'" in err and "fi" in err and "en" in err


def test_a_story_without_the_chosen_language_keeps_the_trainers_labels(
    write: WriteStory, capsys: pytest.CaptureFixture[str]
) -> None:
    finnish_only = write(
        (EXAMPLES / "SC016.yaml").read_text(encoding="utf-8"),
        "finnish.yaml",
    )
    assert main(["play", str(finnish_only), "--choices", "1", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Kortti katosi!" in out, "the story's own text, in its only language"
    assert "Solution-focused" in out or "solution-focused" in out, out
    assert "Ratkaisukeskeinen" not in out and "ratkaisukeskeinen" not in out


def test_the_english_skeleton_has_no_finnish_placeholder_and_its_schema_path_is_the_guides() -> None:
    text = skeleton("new-story", "phone", ["en"], "../docs/story.schema.json", comments="en")
    source_line = next(line for line in text.splitlines() if line.startswith("source:"))
    assert "luku" not in source_line and "chapter" in source_line
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert "$schema=../docs/story.schema.json" in guide and text.startswith(
        "# yaml-language-server: $schema=../docs/story.schema.json"
    )


def test_new_in_the_repository_points_at_the_guides_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "stories").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "story.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "x", "--channel", "chat", "--lang", "en"]) == 0
    assert (
        (tmp_path / "stories" / "x.yaml")
        .read_text("utf-8")
        .startswith("# yaml-language-server: $schema=../docs/story.schema.json\n")
    )


def test_the_skeleton_explains_mood_and_the_model_answer() -> None:
    for comments, words in (("en", ("mood starts at 0", "model answer only once the action is done")),
                            ("fi", ("mood alkaa 0:sta", "mallivastaus vasta toiminnon jälkeen"))):  # fmt: skip
        text = skeleton("s", "desk", ["fi", "en"], "x.json", comments=comments)
        for word in words:
            assert word in text, word


def test_cue_prefix_and_mood_bounds_are_linted_but_plain_cues_are_not() -> None:
    text = (EXAMPLES / "SC018.yaml").read_text(encoding="utf-8")
    assert {d.code for d in lint_text(text).diagnostics} == {"SC018"}
    fixed = text.replace(
        "{fi: Kuulet huokauksen., en: You hear a sigh.}", "{fi: Kuuluu huokaus., en: A sigh is heard.}"
    )
    assert lint_text(fixed).diagnostics == ()
    bounded = (EXAMPLES / "SC019.yaml").read_text(encoding="utf-8").replace("min: -10, max: 10", "min: -3, max: 3")
    assert lint_text(bounded).diagnostics == ()


def test_list_keeps_the_trainers_labels_for_a_story_in_one_language(capsys: pytest.CaptureFixture[str]) -> None:
    from scenarios.story.library import user_dir

    user_dir().mkdir(parents=True)
    (user_dir() / "fi.yaml").write_text((EXAMPLES / "SC016.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    line = lines[next(number for number, text in enumerate(lines) if "example-sc016" in text) + 1]
    assert "retired couple" in line and "front desk" in line, line
