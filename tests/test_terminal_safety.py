"""Nothing a story, a file name or a team name holds reaches a real terminal as a control sequence.

Each command runs in a pseudo-terminal, as a trainee or an author would run it, and everything
it writes there is read back: no ESC, no C1 control, no bidi override may come from our
output. The app is the exception that writes escape sequences of its own (Textual draws
with them), so there the hostile payloads themselves must never appear.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import MINI

LEAK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PAYLOADS = {
    "title": r'"\e]0;pwned\a"',
    "summary": r'"\x1b]52;c;ZXZpbA==\x1b\\ and \e]8;;https://example.com\e\\link\e]8;;\e\\"',
    "source": r'"\u009b2J\e[6n \u202e"',
}
MARKERS = [b"\x1b]0;pwned", b"\x1b]52;c;ZXZpbA", b"\x1b]8;;https", b"\xc2\x9b2J", b"\x1b[31m.yaml"]
EVIL_NAME = "evil\x1b]0;pwned\x07\x9b.yaml"
DEADLINE = 180.0  # seconds before giving up waiting: a guard against a hang, not a timing


def hostile_story() -> str:
    """The mini story with a payload on the first line of each key in `PAYLOADS` (the texts are written raw: no
    regex replacement template touches their backslashes)."""
    lines = MINI.split("\n")
    for key, value in PAYLOADS.items():
        index = next(number for number, line in enumerate(lines) if line.startswith(f"{key}: "))
        lines[index] = f"{key}: {value}"
    return "\n".join(lines)


def run_in_pty(args: list[str], env: dict[str, str], keys: Sequence[tuple[bytes | None, bytes]] = ()) -> bytes:
    """Run a command on a fresh 100×30 pseudo-terminal; return all it wrote there.

    `keys` are (wait for this output, then type this) pairs, for the interactive app.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    output = b""
    pending = list(keys)
    since = 0  # each wait looks only at what came after the last key typed
    give_up = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < give_up:
            if pending and (pending[0][0] is None or pending[0][0] in output[since:]):
                os.write(master, pending.pop(0)[1])
                since = len(output)
                continue
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed: the command has finished
                break
            if not chunk:
                break
            output += chunk
        else:
            raise AssertionError(f"still waiting for {pending[:1]} after {DEADLINE} s; so far: {output[-1500:]!r}")
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
        process.wait()
    return output


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SCENARIOS_DATA_DIR": str(tmp_path / "data"),
        "SCENARIOS_LANG": "en",
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
    }


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "hostile.yaml").write_text(hostile_story(), encoding="utf-8")
    (folder / EVIL_NAME).write_text(MINI.replace("id: mini", "id: evil-name"), encoding="utf-8")
    (folder / "raw.yaml").write_text(MINI.replace('source: "4"', 'source: "4 \x1b[2J \x9b"'), encoding="utf-8")
    (folder / "broken\x1b[31m.yaml").write_text("id: [", encoding="utf-8")
    return folder


def scenarios(*args: str) -> list[str]:
    code = "import sys; from scenarios.cli.main import main; sys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", code, *args]


def assert_inert(output: bytes) -> str:
    text = output.decode("utf-8", "replace").replace("\r\n", "\n")
    leak = LEAK.search(text)
    assert leak is None, f"{leak.group()!r} reached the terminal: {text[max(0, leak.start() - 80) : leak.end() + 80]!r}"
    return text


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{folder}"],
        ["lint", "{folder}"],
        ["test", "{folder}"],
        ["list", "{folder}"],
        ["list", "--json", "{folder}"],
        ["play", "{folder}/hostile.yaml", "--plain"],
        ["play", "{folder}/hostile.yaml", "--choices", "1,1"],
        ["play", "{folder}/raw.yaml", "--plain"],
        ["play", "{folder}/" + EVIL_NAME, "--choices", "2,1", "--json"],
        ["graph", "{folder}/" + EVIL_NAME],
        ["cards", "--names", "Aino\x1b]0;pwned\x07, Bo\x9b2J, Cai", "{folder}"],
    ],
)
def test_hostile_stories_and_names_reach_the_terminal_inert(
    command: list[str], hostile_folder: Path, env: dict[str, str]
) -> None:
    args = [part.replace("{folder}", str(hostile_folder)) for part in command]
    text = assert_inert(run_in_pty(scenarios(*args), env))
    assert "Traceback" not in text


def test_validate_names_the_hostile_characters_and_files(hostile_folder: Path, env: dict[str, str]) -> None:
    text = assert_inert(run_in_pty(scenarios("validate", str(hostile_folder)), env))
    assert "U+001B (ESC)" in text and "U+009B (CSI)" in text
    assert "evil\\x1b]0;pwned\\x07\\x9b.yaml" not in text  # a valid file is not reported
    assert "broken\\x1b[31m.yaml:1:" in text
    assert "raw.yaml:8:" in text


def test_plain_play_of_a_file_with_an_escape_in_its_name(hostile_folder: Path, env: dict[str, str]) -> None:
    path = hostile_folder / EVIL_NAME
    answers = [(b"Choose", b"1\n")] * 5  # the first option at each decision, until the story ends
    text = assert_inert(run_in_pty(scenarios("play", str(path), "--plain"), env, answers))
    assert "A small story" in text and ("The customer leaves." in text or "The customer thanks you." in text)


def test_the_app_never_shows_the_hostile_payloads(hostile_folder: Path, env: dict[str, str], tmp_path: Path) -> None:
    """The library lists the hostile files as broken, with their errors, in a real terminal."""
    script = tmp_path / "run_app.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            from pathlib import Path
            import scenarios.story.library
            scenarios.story.library.builtin_dir = lambda: Path({str(hostile_folder)!r})
            from scenarios.cli.main import main
            sys.exit(main(["--lang", "en"]))
            """
        ),
        encoding="utf-8",
    )
    keys = [
        (b"Broken", b"\x1b[B\x1b[B"),  # down, down: the broken files are listed after the story
        (b"U+001B (ESC)", b"\x1b[A"),  # the card of the hostile file with its located errors; then up
        (b"YAML", b"\x11"),  # the card of the file with ESC in its name; Ctrl+Q
    ]
    output = run_in_pty([sys.executable, str(script)], env, keys)
    # The file name's ESC, shown inert as the four characters \x1b (the card wraps long paths, so only this
    # part is sure to stay on one line).
    assert b"\\x1b" in output
    for marker in MARKERS:
        assert marker not in output, marker
    assert b"\x1b]0;" not in output  # no window title from anything
