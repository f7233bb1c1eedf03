"""The built-in library's declared walkthroughs, run under pytest (as `scenarios test` does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.authoring.codes import WalkDiagnostic
from scenarios.authoring.walkthroughs import run_walkthrough
from scenarios.story.loader import load_file
from tests.authoring.authoring_support import ROOT

STORIES = sorted((ROOT / "stories").glob("*.yaml"))


def walkthroughs() -> list[tuple[Path, int]]:
    found: list[tuple[Path, int]] = []
    for path in STORIES:
        story = load_file(path).story
        found.extend((path, number) for number in range(len(story.walkthroughs) if story else 0))
    return found


@pytest.mark.parametrize(("path", "number"), walkthroughs(), ids=lambda value: getattr(value, "stem", str(value)))
def test_declared_walkthrough(path: Path, number: int) -> None:
    story = load_file(path).story
    assert story is not None
    result = run_walkthrough(story, number)
    messages = [
        WalkDiagnostic(str(path), 1, 1, f.code, {**f.params, "walkthrough": result.name}).message("en")
        for f in result.failures
    ]
    assert result.passed, messages
