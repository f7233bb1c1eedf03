"""`fictional:` as a text: the story says itself what in it is made up and what is real, and that
is shown wherever the generic "made-up examples" note is shown (line mode, the debrief export, the
library's `list`, `stories/README.md`); `fictional: yes` keeps the generic note."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scenarios.authoring.schema import story_schema
from scenarios.cli.main import main
from scenarios.engine import Playthrough
from scenarios.exports.debrief import debrief_markdown
from scenarios.story.library import Library, markdown_table
from scenarios.story.loader import load_file, load_text
from scenarios.story.safeyaml import parse
from tests.support import WriteStory

NOTE_FI = "Uimahallin aukioloajat ovat keksittyjä; hyvitysperiaatteet ovat materiaalin omat."
NOTE_EN = "The pool's opening hours are made up; the refund principles are the material's own."
GENERIC_FI = "keksittyjä esimerkkejä"
GENERIC_EN = "made-up examples, not the City of Turku's actual ones"


def with_fictional(story: str, value: str) -> str:
    """The story with a `fictional:` key after its `source:` line."""
    return story.replace('source: "4"\n', f'source: "4"\nfictional: {value}\n', 1)


@pytest.fixture
def noted(write: WriteStory, mini_text: str) -> Path:
    return write(with_fictional(mini_text, f'{{fi: "{NOTE_FI}", en: "{NOTE_EN}"}}'), "noted.yaml")


def test_line_mode_and_the_debrief_show_the_storys_own_note_instead_of_the_generic_one(
    capsys: pytest.CaptureFixture[str], noted: Path
) -> None:
    assert main(["play", str(noted), "--plain", "--choices", "1,1", "--lang", "en", "--no-save"]) == 0
    shown = " ".join(capsys.readouterr().out.split())  # line mode wraps long lines
    assert NOTE_EN in shown and GENERIC_EN not in shown
    story = load_file(noted).story
    assert story is not None
    debrief = debrief_markdown(story, Playthrough(story, seed=0, clock=lambda: 0.0).debrief(), "fi", "practice")
    assert f"- {NOTE_FI}" in debrief and GENERIC_FI not in debrief


def test_fictional_yes_still_gets_the_generic_note(
    capsys: pytest.CaptureFixture[str], write: WriteStory, mini_text: str
) -> None:
    path = write(with_fictional(mini_text, "yes"), "generic.yaml")
    assert main(["play", str(path), "--plain", "--choices", "1,1", "--lang", "en", "--no-save"]) == 0
    assert GENERIC_EN in " ".join(capsys.readouterr().out.split())


def test_the_library_list_and_the_stories_readme_carry_the_note(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, noted: Path
) -> None:
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(noted.parent))
    assert main(["list", "--json", "--lang", "fi"]) == 0
    listed = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed["mini"]["fictional"] is True and listed["mini"]["fictional_note"] == NOTE_FI
    assert all(row["fictional_note"] is None for row in listed.values() if not row["fictional"])
    readme = markdown_table(Library.load([noted]))
    assert "A small story *(examples: see below)*" in readme
    assert f"- `mini`\n  - fi: {NOTE_FI}\n  - en: {NOTE_EN}\n" in readme


def test_a_note_in_only_one_language_is_reported_like_any_text(mini_text: str) -> None:
    text = with_fictional(mini_text, f'{{fi: "{NOTE_FI}"}}')
    result = load_text(text)
    assert [(d.code, d.line) for d in result.diagnostics] == [
        ("missing_language", text.splitlines().index(f'fictional: {{fi: "{NOTE_FI}"}}') + 1)
    ]


@pytest.mark.parametrize("value", ["3", "''", "[a, b]"])
def test_anything_but_yes_no_or_a_text_is_refused_in_plain_words(mini_text: str, value: str) -> None:
    result = load_text(with_fictional(mini_text, value))
    assert result.story is None
    assert [d.message("en") for d in result.diagnostics] == [
        "'fictional:' is yes, no, or a text (in each language) that says exactly what in the story is made up "
        "and what is real."
    ]


def test_the_schema_accepts_the_text_and_refuses_a_number(mini_text: str) -> None:
    validator = jsonschema.Draft7Validator(story_schema())
    text = with_fictional(mini_text, f'{{fi: "{NOTE_FI}", en: "{NOTE_EN}"}}')
    assert list(validator.iter_errors(parse(text).data)) == []
    assert list(validator.iter_errors(parse(with_fictional(mini_text, "3")).data)) != []
