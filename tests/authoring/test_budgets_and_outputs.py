"""Exploration stops on a count, not a clock; output files never replace a file unasked nor raise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scenarios.authoring import explore as exploring
from scenarios.authoring.lint import lint_story
from scenarios.cli.main import main
from scenarios.story.loader import load_text
from tests.conftest import MINI


def wide_story(nodes: int = 30, options: int = 50) -> str:
    """A valid story at the load limits: every decision has `options` options, each setting a number."""
    out = ["id: wide", "title: Wide", "summary: Wide", "channel: desk", "customer: young-adult", "theme: values"]
    out += ['source: "1"', "state:", f"  c: {{start: 0, min: 0, max: {options}}}", "nodes:"]
    for n in range(nodes):
        out += [f"  n{n}:", "    say: Hei", "    options:"]
        for k in range(options):
            out += [f"      - id: o{k}", f"        reply: Vastaus {n} {k}", f"        solution_focused: {k == 0}"]
            out += [f"        ideal: {k == 0}", "        feedback: F", f"        effects: c = {k}"]
            out += [f"        next: {f'n{n + 1}' if n + 1 < nodes else 'end'}"]
    out += ["  end:", "    ending: resolved", "    say: Loppu"]
    return "\n".join(out).replace(": True", ": yes").replace(": False", ": no") + "\n"


def test_exploring_a_very_wide_story_stops_on_its_budget_and_says_how_far_it_got() -> None:
    story = load_text(wide_story()).story
    assert story is not None
    space = exploring.explore(story)
    assert not space.complete
    assert 0 < space.paths < 5000  # the budget stopped it, not the states or the depth
    assert len(space.states) < exploring.MAX_STATES
    (finding,) = [f for f in lint_story(story) if f.code == "SC014"]
    assert finding.params["paths"] == space.paths


def test_the_budget_is_a_count_so_the_same_story_stops_at_the_same_place() -> None:
    story = load_text(wide_story(nodes=8, options=20)).story
    assert story is not None
    first, second = exploring.explore(story, max_steps=3000), exploring.explore(story, max_steps=3000)
    assert not first.complete and first.paths == second.paths


def test_the_built_in_stories_are_explored_in_full() -> None:
    from scenarios.story.library import Library

    assert all(exploring.explore(story).complete for story in Library.load().stories)


@pytest.fixture
def story_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


def outputs(story: Path) -> list[list[str]]:
    """Every command that writes an output file, without its path."""
    return [
        ["graph", str(story), "-o"],
        ["schema", "-o"],
        ["cards", "--participants", "5", "--seed", "1", "-o"],
        ["new", "fresh-story", "--channel", "desk", "-o"],
    ]


@pytest.mark.parametrize("command", range(4))
def test_an_existing_file_is_replaced_only_with_force(
    command: int, story_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = outputs(story_file)[command]
    target = tmp_path / "out.txt"
    target.write_text("keep me", encoding="utf-8")
    assert main(["--lang", "en", *args, str(target)]) in (1, 2)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert "--force" in capsys.readouterr().err
    assert main(["--lang", "en", *args, str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8") != "keep me"


@pytest.mark.parametrize("command", range(4))
def test_unwritable_places_are_explained_without_a_traceback(
    command: int, story_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = outputs(story_file)[command]
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = {str(folder): "is a folder", str(tmp_path / "missing" / "out.txt"): "There is no folder"}
    if Path("/dev/full").exists():
        cases["/dev/full"] = "disk is full"
    for target, said in cases.items():
        assert main(["--lang", "en", *args, target, "--force"]) != 0
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err, (target, err)
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_explained(story_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["graph", str(story_file), "-o", str(folder / "g.mmd"), "--lang", "en"]) == 1
        assert "Cannot write" in capsys.readouterr().err
    finally:
        folder.chmod(0o700)
