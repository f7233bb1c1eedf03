"""An installed trainer finds its built-in stories: they ship inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_every_story_and_the_console_script(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    [wheel] = tmp_path.glob("scenarios-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    stories = {p.name for p in (ROOT / "stories").glob("*.yaml")}
    assert {f"scenarios/stories/{name}" for name in stories} <= names
    assert "scenarios/engine/playthrough.py" in names
    assert {"scenarios/story/glossary.yaml", "scenarios/story/lessons.yaml"} <= names
    # The words: a catalog per language, and no compiled copy of a developer's (it is made where installed).
    assert {"scenarios/i18n/po/en.po", "scenarios/i18n/po/fi.po", "scenarios/i18n/po/sv.po"} <= names
    assert not [name for name in names if "__pycache__" in name]
    assert "scenarios = scenarios.cli.main:main" in entry_points
    # The authors' guide ships too: `scenarios help` reads it from the installed package, not a checkout.
    assert {"scenarios/docs/authoring.md", "scenarios/docs/story-format.md"} <= names
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    helped = subprocess.run(
        [sys.executable, "-m", "scenarios", "help", "authoring", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(unpacked)},
    )
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("## In English") and "### 1. Start from the skeleton" in helped.stdout
    assert str(unpacked / "scenarios" / "docs" / "authoring.md") in helped.stdout


def test_python_dash_m_runs_the_command_line() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "scenarios", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0
    assert "validate" in completed.stdout and "play" in completed.stdout
