"""A real Ralph LRS for the tests: its own virtual environment (made once, cached), run on loopback.

The venv lives in `$SCENARIOS_TEST_RALPH_VENV` or `~/.cache/scenarios-test-ralph/`; Ralph pins its own
web framework versions, so it never shares the trainer's environment.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

RALPH = "ralph-malph[lrs]==5.1.0"
EXTRA = ("requests",)  # ralph 5.1's auth module imports requests, which its extras leave out
KEY, SECRET = "trainer-key", "trainer-secret"

# Ralph 5.1's file-system LRS backend writes with `create`, which refuses the second write to its
# one statements file; appending is what a file-system LRS means. Everything else is Ralph as shipped,
# served by uvicorn without `ralph runserver`'s development reloader (a second process to stop).
LAUNCH = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
sys.argv = ["uvicorn", "ralph.api:app", *sys.argv[1:]]
uvicorn.main()
"""


class RalphUnavailable(RuntimeError):
    """Ralph's environment could not be made (no package index)."""


def venv_path() -> Path:
    """Where Ralph's virtual environment is kept between runs."""
    override = os.environ.get("SCENARIOS_TEST_RALPH_VENV")
    return Path(override) if override else Path.home() / ".cache" / "scenarios-test-ralph" / "venv"


def ensure_venv() -> Path:
    """Ralph's python, installing Ralph first if the cached environment is missing or incomplete."""
    venv = venv_path()
    venv.parent.mkdir(parents=True, exist_ok=True)
    # Parallel test workers wait for the one that builds the environment.
    with (venv.parent / "ralph.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build(venv)


def _build(venv: Path) -> Path:
    python = venv / "bin" / "python"
    marker = venv / "ralph-ready"
    if marker.exists() and python.exists():
        return python
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [str(python), "-m", "pip", "install", "-q", RALPH, *EXTRA],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RalphUnavailable(f"{' '.join(step[:4])}… failed: {done.stderr.strip()[-500:]}")
    marker.write_text(RALPH, encoding="utf-8")
    return python


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Ralph:
    """One Ralph server with a file-system backend in `data`; start, stop and start again on one port."""

    def __init__(self, python: Path, data: Path) -> None:
        self.python = python
        self.data = data
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.auth_file = data / "auth.json"
        data.mkdir(parents=True, exist_ok=True)
        self._write_auth()

    @property
    def endpoint(self) -> str:
        """The xAPI endpoint."""
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def _write_auth(self) -> None:
        script = (
            "import bcrypt, json, sys\n"
            "hash = bcrypt.hashpw(sys.argv[2].encode(), bcrypt.gensalt()).decode()\n"
            "user = {'username': sys.argv[1], 'hash': hash, 'scopes': ['all'],\n"
            "        'agent': {'account': {'name': sys.argv[1], 'homePage': 'https://lrs.invalid/'}}}\n"
            "json.dump([user], open(sys.argv[3], 'w'))\n"
        )
        subprocess.run([str(self.python), "-c", script, KEY, SECRET, str(self.auth_file)], check=True)

    def start(self) -> None:
        """Start the server and wait until it answers (uvicorn without the dev reloader)."""
        env = {
            **os.environ,
            "RALPH_AUTH_FILE": str(self.auth_file),
            "RALPH_APP_DIR": str(self.data),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data),
        }
        command = [str(self.python), "-c", LAUNCH, "--host", "127.0.0.1"]
        log = (self.data / "ralph.log").open("ab")
        self.process = subprocess.Popen([*command, "--port", str(self.port)], env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited: {(self.data / 'ralph.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)  # polling for a server to come up, not a timed assertion
        raise RuntimeError("Ralph did not answer within 120 s")

    def stop(self) -> None:
        """Stop the server and wait for it to end."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def statements(self) -> list[dict[str, Any]]:  # JSON payloads, as the outbox's
        """Every statement Ralph holds, read through the statements API (following `more`)."""
        import base64

        auth = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
        headers = {"Authorization": f"Basic {auth}", "X-Experience-API-Version": "1.0.3"}
        found: list[dict[str, Any]] = []
        url = f"http://127.0.0.1:{self.port}/xAPI/statements?limit=500"
        while url:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=30) as response:
                page = json.loads(response.read())
            found.extend(page["statements"])
            more = page.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else ""
        return found
