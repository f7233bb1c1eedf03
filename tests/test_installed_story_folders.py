"""Issue #12's done-when: an installed trainer (a wheel, not editable) finds a story written into the
user's folder and one in a folder named by SCENARIOS_STORY_PATH, in `scenarios list --json` (with their
origin), in the rehearsal setup and in the app's library, with no reinstall."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import MINI

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import asyncio, json, sys
import scenarios
from scenarios.tui.app import create_app
from scenarios.tui.rehearse.app import create_rehearsal_app
from textual.widgets import OptionList, SelectionList

async def until(pilot, condition, what):
    # The stories load in a thread after the first frame: wait for them (at most a minute), then read.
    for _ in range(3000):
        await pilot.pause(0.02)
        if condition():
            return
    raise SystemExit(f"still waiting for {what}")

async def main():
    found = {"module": scenarios.__file__}
    app = create_app(language="en", cursor_blink=False, offer_resume=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(
            pilot,
            lambda: app.loaded_library is not None and bool(app.screen.query("#stories"))
            and app.screen.query_one("#stories").option_count > 0,
            "the library's stories",
        )
        options = app.screen.query_one("#stories", OptionList)
        found["library"] = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    app = create_rehearsal_app(language="en", cursor_blink=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(
            pilot,
            lambda: bool(app.screen.query("#plan")) and app.screen.query_one("#plan").option_count > 0,
            "the rehearsal's stories",
        )
        plan = app.screen.query_one("#plan", SelectionList)
        found["rehearsal"] = [str(plan.get_option_at_index(i).value) for i in range(plan.option_count)]
    print(json.dumps(found))

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with the trainer installed from its wheel (its dependencies borrowed from ours)."""
    pytest.importorskip("hatchling")
    where = tmp_path_factory.mktemp("installed")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(where)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = where.glob("scenarios-*.whl")
    env_dir = where / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies (textual, pydantic, ...) come from the test environment; its own .pth files
    # (an editable checkout) are not read from a path added this way, so only the wheel provides `scenarios`.
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    return env_dir


def test_an_installed_trainer_finds_my_story_and_the_teams_without_a_reinstall(installed: Path, tmp_path: Path) -> None:
    data, team = tmp_path / "data", tmp_path / "team-share"
    bin_dir = installed / ("Scripts" if os.name == "nt" else "bin")
    env = {**os.environ, "SCENARIOS_DATA_DIR": str(data), "SCENARIOS_STORY_PATH": str(team), "SCENARIOS_LANG": "en"}
    env.pop("PYTHONPATH", None)

    def run(*argv: str) -> str:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    before = {row["id"] for row in json.loads(run(str(bin_dir / "scenarios"), "list", "--json"))}
    assert "travel-card" in before
    # written after the install, as an author would
    (data / "stories").mkdir(parents=True)
    (data / "stories" / "mine.yaml").write_text(
        MINI.replace("id: mini", "id: my-new-story").replace("en: A small story", "en: Written by me"), "utf-8"
    )
    team.mkdir()
    (team / "shared.yaml").write_text(
        MINI.replace("id: mini", "id: team-new-story").replace("en: A small story", "en: Written by the team"), "utf-8"
    )

    rows = {row["id"]: row for row in json.loads(run(str(bin_dir / "scenarios"), "list", "--json"))}
    assert rows["my-new-story"]["origin"] == "mine"
    assert rows["team-new-story"]["origin"] == "team" and rows["team-new-story"]["folder"] == str(team)
    assert rows["travel-card"]["origin"] == "built-in"

    found = json.loads(run(str(bin_dir / "python"), "-c", PROBE))
    assert Path(found["module"]).is_relative_to(installed), "the installed copy ran, not the checkout"
    library = "\n".join(found["library"])
    assert "Written by me" in library and "Written by the team" in library
    assert {"my-new-story", "team-new-story", "travel-card"} <= set(found["rehearsal"])
