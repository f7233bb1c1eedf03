"""The JSON Schema for editors: up to date, draft-07, and accepting what the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scenarios.authoring.scaffold import skeleton
from scenarios.authoring.schema import DRAFT_07, SCHEMA_PATH, schema_text, story_schema
from scenarios.cli.main import main
from scenarios.story.lessons import load_lessons
from scenarios.story.loader import load_text
from scenarios.story.safeyaml import parse
from tests.authoring.authoring_support import EXAMPLES, GOOD, ROOT, edited, good_text

VALIDATOR = jsonschema.Draft7Validator(story_schema())


def errors(text: str) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(parse(text).data)]


def test_the_committed_schema_is_up_to_date() -> None:
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "docs/story.schema.json is out of date: run `scenarios schema -o docs/story.schema.json --force`"
    )


def test_it_is_draft_07_without_defs() -> None:
    schema = story_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT_07
    assert "$defs" not in schema_text() and "#/$defs/" not in schema_text()
    assert schema["additionalProperties"] is False
    assert schema["definitions"]["Option"]["additionalProperties"] is False


def story_files() -> list[Path]:
    return (
        sorted((ROOT / "stories").glob("*.yaml"))
        + sorted(EXAMPLES.glob("*.yaml"))
        + sorted(EXAMPLES.glob("*/*.yaml"))
        + [GOOD]
    )


@pytest.mark.parametrize("path", story_files(), ids=lambda p: p.name)
def test_every_built_in_and_example_story_validates(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_text(text).story is not None
    assert errors(text) == []


@pytest.mark.parametrize("channel", ["desk", "phone", "email", "chat"])
def test_the_skeleton_validates(channel: str) -> None:
    assert errors(skeleton("new-story", channel, ["fi", "en"], "story.schema.json")) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("        solution_focused: yes\n        once: yes", "        solution_focused: Yes\n        once: true"),
        ("        effects: mood += 1\n        next: thanks", "        effects: [mood += 1]\n        next: thanks"),
        ("  card_found: no", "  card_found: off"),
        ("  mood: {start: -1, min: -3, max: 3}", "  mood: -1"),
        ("languages: [fi, en]", "languages: fi"),
        ("    say: {fi: Asiakas lähtee tyytyväisenä., en: The customer leaves satisfied.}", "    say: Asiakas lähtee."),
        (
            "    say: {fi: Asiakas lähtee tyytyväisenä., en: The customer leaves satisfied.}",
            "    say:\n      - {fi: Hei., en: Hi.}\n      - speaker: narrator\n        text: {fi: Loppu., en: End.}",
        ),
        ("choices: [look_up, replace, hand_over]", "choices: [look_up, 2, hand_over]"),
        ("    lessons: [complete-the-service]", "    lessons: complete-the-service"),
        ("        breaks: complete-the-service", "        breaks: [complete-the-service, plain-language]"),
        (
            "    lessons: [complete-the-service]",
            "    lessons: [complete-the-service]\n    rubric:\n      elements:\n"
            "        - {id: balance, label: Saldo, words: {fi: [saldo, 20], en: [balance, 20]}}",
        ),
    ],
)
def test_the_schema_accepts_the_loaders_shorthands(old: str, new: str) -> None:
    text = edited(old, new)
    assert errors(text) == []
    if "2, hand_over" not in new and "languages: fi" not in new and "Asiakas lähtee." not in new:
        assert load_text(text).story is not None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("channel: desk", "channel: counter"),
        ("        solution_focused: yes\n        once: yes", "        solution_focused: maybe\n        once: yes"),
        ("  done:\n    ending: resolved", "  done:\n    ending: solved"),
        ("        once: yes\n", "        onse: yes\n"),
        ("min_score: {solution_focused: 3, encounter: 3}", "min_score: {empathy: 3}"),
        ("        breaks: complete-the-service", "        breaks: complete-the-servce"),
        (
            "    lessons: [complete-the-service]",
            "    lessons: [complete-the-service, be-present, plain-language, find-the-need]",
        ),
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(old: str, new: str) -> None:
    text = edited(old, new)
    assert load_text(text).story is None
    assert errors(text)


def test_scenarios_schema_prints_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == schema_text()
    target = tmp_path / "docs" / "story.schema.json"
    assert main(["schema", "--check", "-o", str(target)]) == 1
    target.parent.mkdir()
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()
    assert main(["schema", "--check", "-o", str(target)]) == 0
    assert main(["schema", "-o", str(target)]) == 1  # an existing file is replaced only with --force
    assert main(["schema", "-o", str(target), "--force"]) == 0


def test_the_base_story_text_is_what_the_tests_expect() -> None:
    assert good_text().startswith("# yaml-language-server: $schema=")


def test_every_key_has_a_description_for_the_editors_hover() -> None:
    schema = story_schema()
    owners = {"Story": schema, **schema["definitions"]}
    undescribed = [
        f"{owner}.{key}"
        for owner, definition in owners.items()
        for key, value in definition.get("properties", {}).items()
        if not value.get("description")
    ]
    assert undescribed == [], "add them to DESCRIPTIONS in scenarios/authoring/schema.py"
    assert "made-up examples" in schema["properties"]["fictional"]["description"]
    assert "customer_description" in schema["properties"]["customer"]["description"]


def test_the_schema_offers_the_lesson_ids_with_their_titles() -> None:
    definitions = json.loads(schema_text())["definitions"]
    lesson = definitions["LessonId"]
    catalog = load_lessons()
    assert lesson["enum"] == list(catalog.ids)
    assert lesson["enumDescriptions"][catalog.ids.index("check-before-promising")] == (
        "Tarkista ennen kuin lupaat / Check before you promise (ch. 4)"
    )
    assert "'scenarios lessons' lists them" in definitions["Node"]["properties"]["lessons"]["description"]
    assert "needed on a weak option" in definitions["Option"]["properties"]["breaks"]["description"]
