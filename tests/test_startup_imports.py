"""The first frame imports only what it needs: the stories' parsing and validation (ruamel.yaml,
pydantic), the engine and the team rehearsal are imported after it, when they are used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY: tuple[str, ...] = (
    "pydantic",
    "pydantic_core",
    "ruamel",
    "scenarios.engine",
    "scenarios.rehearsal",
    "scenarios.story.model",
)
HEAVY += ("scenarios.story.loader", "scenarios.story.safeyaml", "scenarios.story.library", "scenarios.authoring")
HEAVY += ("aiohttp", "segno", "scenarios.phones.server", "scenarios.phones.qr")  # only when phones are opened
HEAVY += ("textual_serve", "scenarios.serve.server")  # only `scenarios serve`
HEAVY += ("scenarios.cli.plain", "scenarios.story.diagnostics", "scenarios.trainer.session", "scenarios.records")
HEAVY += ("scenarios.tui.screens.play", "scenarios.tui.rehearse")
HEAVY += ("simplemma", "scenarios.rubric")  # only when own words are used


def imported_by(code: str) -> list[str]:
    """The heavy modules in `sys.modules` after running `code` in a fresh interpreter."""
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return [name for name in json.loads(out) if name.split(".")[0] in HEAVY or name.startswith(HEAVY)]


def test_the_app_and_the_command_line_import_nothing_heavy() -> None:
    assert imported_by("import scenarios.tui.app, scenarios.cli.main") == []


def test_building_the_app_loads_no_story_before_its_first_frame(tmp_path: Path) -> None:
    code = (
        "import os\n"
        f"os.environ['SCENARIOS_DATA_DIR'] = {str(tmp_path)!r}\n"
        "from scenarios.tui.app import create_app\n"
        "app = create_app(offer_resume=False)\n"
        "app.get_default_screen()\n"
    )
    assert imported_by(code) == []
