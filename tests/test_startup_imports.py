"""The first frame imports only what it needs: the stories' parsing and validation (ruamel.yaml,
pydantic), the engine and the team rehearsal are imported after it, when they are used."""

from __future__ import annotations

import argparse
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from scenarios.i18n.catalog import t

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


def imported_by(code: str, also: tuple[str, ...] = ()) -> list[str]:
    """The heavy modules (and those named in `also`) in `sys.modules` after running `code` in a fresh interpreter."""
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    heavy = HEAVY + also
    return [name for name in json.loads(out.splitlines()[-1]) if name.split(".")[0] in heavy or name.startswith(heavy)]


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


LAUNCH = """
import json, os, sys
from textual.app import App

run = App.run


def first_frame_only(app, *args, **kwargs):
    def on_ready():
        with open(os.environ["PROBE_OUT"], "w") as out:
            json.dump(sorted(sys.modules), out)
        app.exit()

    app.__class__ = type("Probed", (type(app),), {"on_ready": lambda self: on_ready()})
    return run(app, headless=True, size=(80, 24))


App.run = first_frame_only
sys.argv = ["scenarios"]
from scenarios.cli.main import main

main()
"""


def heavy_at_the_first_frame_of_the_command(data_dir: Path, tmp_path: Path) -> list[str]:
    """The heavy modules imported when `scenarios`, typed in a terminal, has drawn its first frame."""
    out = tmp_path / "modules.json"
    env = {**os.environ, "SCENARIOS_DATA_DIR": str(data_dir), "PROBE_OUT": str(out)}
    terminal, child_terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH], env=env, stdin=child_terminal, stdout=child_terminal, stderr=child_terminal
        )
        os.close(child_terminal)
        while process.poll() is None:  # drain the terminal so the app never blocks on it
            try:
                os.read(terminal, 65536)
            except OSError:
                break
        process.wait(timeout=120)
    finally:
        os.close(terminal)
    names: list[str] = json.loads(out.read_text())
    return [name for name in names if name.split(".")[0] in HEAVY or name.startswith(HEAVY)]


def test_the_command_as_typed_shows_its_first_frame_before_loading_any_story(tmp_path: Path) -> None:
    """`scenarios` on a first start (an empty data directory) and with a playthrough left to resume: the
    library is on screen before the engine, pydantic or any story file is read (the offer comes after)."""
    first_start = tmp_path / "first"
    assert heavy_at_the_first_frame_of_the_command(first_start, tmp_path) == []
    warm = tmp_path / "warm"
    subprocess.run(
        [sys.executable, "-m", "scenarios", "play", "empty-wristband", "--plain", "--choices", "1"],
        env={**os.environ, "SCENARIOS_DATA_DIR": str(warm)},
        capture_output=True,
        check=False,
    )
    assert list(warm.iterdir()), "the playthrough left to resume was saved"
    assert heavy_at_the_first_frame_of_the_command(warm, tmp_path) == []


COMMAND_PARSERS = {
    "scenarios.rehearsal",
    "scenarios.rehearsal.command",
    "scenarios.authoring",
    "scenarios.authoring.commands",
}
COMMAND_PARSERS |= {"scenarios.authoring.guide", "scenarios.records", "scenarios.records.command"}
COMMAND_PARSERS |= {"scenarios.records.report_command"}
"""The light modules that define the commands' parsers (what the commands run is imported when they run)."""


def test_help_lists_every_command_without_importing_what_they_run() -> None:
    """`scenarios --help` and a command's own `--help` answer at once: the commands' parsers are built without
    importing the stories' loading, the engine, the records' reading, the rehearsal's sessions or Jinja2."""
    for argv in (["--help"], ["report", "--help"], ["records", "--help"], ["rehearse", "--help"], ["review", "--help"]):
        run = "from scenarios.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
        code = f"sys.argv = ['scenarios', *{argv!r}]\n{run}"
        also = ("jinja2", "scenarios.mastery", "scenarios.trainer", "scenarios.records", "scenarios.store")
        heavy = imported_by(code, also=also)
        assert [name for name in heavy if name not in COMMAND_PARSERS] == [], argv


def test_the_main_help_imports_no_command_module_and_lists_each_command_as_its_module_does() -> None:
    """`scenarios --help` lists the other modules' commands from `OTHER_COMMANDS` alone (no module of theirs
    imported), and that table says what the modules themselves add: the same names and one-line helps."""
    code = "from scenarios.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    loaded = imported_by(f"sys.argv = ['scenarios', '--help']\n{code}", also=("scenarios",))
    assert [name for name in loaded if name in COMMAND_PARSERS or name.startswith("scenarios.serve")] == []

    from scenarios.cli.main import OTHER_COMMANDS, build_parser

    def listed(parser: argparse.ArgumentParser) -> list[tuple[str, str | None]]:
        [commands] = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
        return [(choice.dest, choice.help) for choice in commands._choices_actions]

    for language in ("fi", "en", "sv"):
        assert listed(build_parser(language)) == listed(build_parser(language, whole=True))
    whole = dict(listed(build_parser("en", whole=True)))
    for entries in OTHER_COMMANDS.values():
        for name, key in entries:
            assert whole[name] == t(key, "en"), name
