"""Every command on a damaged store (issue #29, item 10): a sentence that says what is wrong and what to do,
never a traceback; and a store another program is writing to is told at once, not after 17 seconds."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.store import Store
from scenarios.tui.app import ScenariosApp
from tests.store.damage import ODD, STORY, UNREADABLE, healthy
from tests.test_output import can_unshare

STORE_COMMANDS = [
    ["folders"],
    ["folders", "--add", "team-folder"],
    ["play", STORY, "--choices", "1,1,1,1,1,1", "--json"],  # more numbers than decisions: a script never waits
    ["play", STORY],  # in a terminal: the app
    ["rehearse"],  # the rehearsal app
    ["records", "status"],
    ["records", "export"],
    ["report"],
    ["rehearse", "--list"],
    ["rehearse", "--export", "1", "-o", "-"],
]
"""The commands that open the store (`list`, `validate` and the authoring commands do not need it)."""


class Keyboard(io.StringIO):
    """A terminal's input that answers 1 at every question."""

    def isatty(self) -> bool:
        return True


def in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> list[ScenariosApp]:
    """Pretend to be in a terminal (call it in the test, where `capsys` reads the output) and keep each app
    instead of running it."""
    apps: list[ScenariosApp] = []
    monkeypatch.setattr(sys, "stdin", Keyboard("1\n" * 20))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(ScenariosApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


@pytest.mark.parametrize("kind", UNREADABLE)
def test_every_command_on_an_unusable_store_says_what_is_wrong_in_a_sentence(
    kind: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    (data_dir / "team-folder").mkdir()
    UNREADABLE[kind](data_dir / "scenarios.sqlite3")
    apps = in_a_terminal(monkeypatch)
    for command in STORE_COMMANDS:
        code = main(["--lang", "en", *command])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert f"{data_dir / 'scenarios.sqlite3'}" in err, (kind, command, err)
        says = err.split(str(data_dir / "scenarios.sqlite3"))[1]
        assert any(
            words in says
            for words in ("is damaged", "no file but", "newer version", "cannot be opened", "is read-only")
        ), (kind, command, err)
        assert code == 1 or (command[0] == "play" and "--json" in command), (kind, command, code)
    assert apps == []  # no app opened on it


@pytest.mark.parametrize("kind", ODD)
def test_every_command_works_on_an_odd_but_readable_store(
    kind: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    (data_dir / "team-folder").mkdir()
    ODD[kind](data_dir / "scenarios.sqlite3")
    apps = in_a_terminal(monkeypatch)
    for command in STORE_COMMANDS:
        code = main(["--lang", "en", *command])
        err = capsys.readouterr().err
        assert "Traceback" not in err and "damaged" not in err, (kind, command, err)
        assert code == 0 or command[:2] == ["rehearse", "--export"], (kind, command, code, err)  # there is no 1
    assert len(apps) == 2


class HoldingKeyboard:
    """Standard input that answers 1 at every question; at the first, it notes what the trainee was told so far
    and lets go of the lock another program held."""

    def __init__(self, capsys: pytest.CaptureFixture[str], holder: sqlite3.Connection) -> None:
        self.capsys, self.holder = capsys, holder
        self.told_before_choosing: str | None = None

    def readline(self) -> str:
        if self.told_before_choosing is None:
            self.told_before_choosing = self.capsys.readouterr().err
            self.holder.execute("ROLLBACK")
        return "1\n"

    def isatty(self) -> bool:
        return False


def test_play_on_a_store_another_program_is_writing_to_says_so_before_the_first_choice_and_keeps_everything(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Store().close()
    holder = sqlite3.connect(data_dir / "scenarios.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing, for longer than a save waits
    keyboard = HoldingKeyboard(capsys, holder)
    monkeypatch.setattr(sys, "stdin", keyboard)
    assert main(["--lang", "en", "play", STORY, "--plain", "--seed", "1"]) == 0
    assert keyboard.told_before_choosing is not None
    assert "is busy: another program" in keyboard.told_before_choosing  # at once, not after the first choice
    holder.close()
    store = Store()
    (finished,) = store.history()
    assert finished.decisions >= 3  # once the lock was gone, the next save kept every choice made
    store.close()


ON_A_READ_ONLY_DISK = """
import io, json, subprocess, sys
from contextlib import redirect_stderr, redirect_stdout

folder = sys.argv[1]
subprocess.run(["mount", "--bind", folder, folder], check=True)
subprocess.run(["mount", "-o", "remount,ro,bind", folder], check=True)
from scenarios.cli.main import main

said = []
for command in json.loads(sys.argv[2]):
    err, out = io.StringIO(), io.StringIO()
    sys.stdin = io.StringIO("1\\n" * 20)
    with redirect_stderr(err), redirect_stdout(out):
        code = main(["--lang", "en", *command])
    said.append((command, code, err.getvalue()))
print(json.dumps(said))
"""


@pytest.mark.skipif(not can_unshare(), reason="needs unshare -rm (util-linux, user namespaces) to mount read-only")
def test_every_command_on_a_read_only_file_system_says_so(data_dir: Path) -> None:
    data_dir.mkdir()
    healthy(data_dir / "scenarios.sqlite3")
    commands = [command for command in STORE_COMMANDS if command not in (["play", STORY], ["rehearse"])]
    ran = subprocess.run(
        ["unshare", "-rm", sys.executable, "-c", ON_A_READ_ONLY_DISK, str(data_dir), json.dumps(commands)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "SCENARIOS_DATA_DIR": str(data_dir)},
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    for command, code, err in json.loads(ran.stdout):
        assert "Traceback" not in err, (command, err)
        assert f"cannot be written: {data_dir} is read-only" in err, (command, code, err)
