"""docs/authoring.md: every lint code documented, and the practice story it ends with works."""

from __future__ import annotations

import re

from scenarios.authoring.codes import CODES
from scenarios.authoring.lint import lint_text
from scenarios.authoring.walkthroughs import coverage, run_walkthrough
from scenarios.story.loader import load_text
from tests.authoring.authoring_support import ROOT

GUIDE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")


def test_every_lint_code_is_documented_with_its_name_severity_and_an_example() -> None:
    for code, entry in CODES.items():
        heading = f"### {code} · {entry.name} · {entry.severity}"
        assert heading in GUIDE, heading
        section = GUIDE.split(heading, 1)[1].split("\n### ", 1)[0]
        assert "**FI:**" in section and "**EN:**" in section and "```yaml" in section, code
    documented = set(re.findall(r"^### (SC\d{3}) ", GUIDE, flags=re.M))
    assert documented == set(CODES)


def test_the_guide_is_in_finnish_and_english_and_names_every_command() -> None:
    assert "## Suomeksi" in GUIDE and "## In English" in GUIDE
    for command in ("new", "validate", "lint", "graph", "test", "schema", "play"):
        assert f"`scenarios {command}" in GUIDE, command
    assert "story-format.md" in GUIDE


def practice_story() -> str:
    block = GUIDE.split("<!-- practice-story -->\n```yaml\n", 1)[1]
    return block.split("\n```", 1)[0] + "\n"


def test_the_practice_story_validates_lints_clean_and_passes_with_full_coverage() -> None:
    text = practice_story()
    story = load_text(text).story
    assert story is not None
    assert lint_text(text).diagnostics == ()
    results = [run_walkthrough(story, number) for number in range(len(story.walkthroughs))]
    assert all(result.passed for result in results), [r.failures for r in results]
    missed = coverage(story, results)
    assert missed.nodes == () and missed.options == ()
