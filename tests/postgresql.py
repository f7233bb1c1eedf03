"""A real PostgreSQL server for the tests: Debian's `postgresql`, started on a private port and data directory under
a temporary folder, and stopped after. Each test that asks gets a database of its own on it (`postgresql_url`).

initdb and postgres refuse to run as root (CI runs as root): there the server runs as Debian's `postgres` user
(made by the package), else as whoever runs the tests. Where the server's programs or psycopg are missing the
tests that need them are skipped, saying how to get them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER_USER = "postgres"
"""Who runs the server when the tests run as root."""
ADMIN = "scenarios"
"""The server's superuser (made by initdb; every test database belongs to it)."""
START_WAIT = 30.0


def server_programs() -> Path | None:
    """The folder of Debian's PostgreSQL programs (the newest version installed), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing() -> str | None:
    """Why a PostgreSQL server cannot be started here, or None when it can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install -e '.[test]' (it brings scenarios[postgresql])"
    if server_programs() is None:
        return "PostgreSQL is not installed: apt-get install postgresql (Debian's; .ci/run installs it)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root, and no {SERVER_USER} user to run PostgreSQL as (apt-get install postgresql)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A running PostgreSQL server on loopback."""

    folder: Path
    port: int
    programs: Path
    as_user: list[str]

    def url(self, database: str) -> str:
        """The URL of `database` on this server."""
        return f"postgresql://{ADMIN}@127.0.0.1:{self.port}/{database}"

    def create(self) -> str:
        """A new empty database of this server; returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def restart(self) -> None:
        """Restart the server as an administrator or a failover would: every connection to it is dropped."""
        subprocess.run(
            [*self.as_user, str(self.programs / "pg_ctl"), "restart", "-D", str(self.folder / "data"), "-m", "fast",
             "-w", "-t", str(int(START_WAIT)), "-l", str(self.folder / "server.log")],
            capture_output=True,
            check=True,
        )  # fmt: skip

    def stop_with(self, pid: int) -> None:
        """Stop the server when the process `pid` ends, however it ends: a test worker killed or crashed runs no
        fixture's teardown, and the server (pg_ctl starts it apart from us) would be left running."""
        stop = " ".join([*self.as_user, str(self.programs / "pg_ctl"), "stop", "-D", str(self.folder / "data"),
                         "-m", "immediate"])  # fmt: skip
        watch = f"while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {self.folder}"
        subprocess.Popen(["sh", "-c", watch], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        subprocess.run(
            [*self.as_user, str(self.programs / "pg_ctl"), "stop", "-D", str(self.folder / "data"), "-m", "immediate"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server(*, durable: bool = False) -> Server:
    """Initialise a data directory in a temporary folder and start a server on a free loopback port (a test's
    server does not wait for the disk at each commit; a `durable` one does, as a real one does)."""
    programs = server_programs()
    assert programs is not None
    folder = Path(tempfile.mkdtemp(prefix="scenarios-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam(SERVER_USER)
        os.chown(folder, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", SERVER_USER, "--"]
    data = folder / "data"
    subprocess.run(
        [*as_user, str(programs / "initdb"), "-D", str(data), "-U", ADMIN, "--auth=trust", "-E", "UTF8",
         "--locale=C.UTF-8", "--no-sync"],
        capture_output=True,
        check=True,
    )  # fmt: skip
    port = free_port()
    options = f"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder}"
    if not durable:
        options += " -c fsync=off"
    subprocess.run(
        [*as_user, str(programs / "pg_ctl"), "start", "-D", str(data), "-l", str(folder / "server.log"), "-o", options,
         "-w", "-t", str(int(START_WAIT))],
        capture_output=True,
        check=True,
    )  # fmt: skip
    server = Server(folder, port, programs, as_user)
    server.stop_with(os.getpid())
    deadline = time.monotonic() + START_WAIT
    while True:  # pg_ctl -w waits for the socket; make sure TCP answers too
        try:
            import psycopg

            psycopg.connect(server.url("postgres"), connect_timeout=2).close()
            return server
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                server.stop()
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[Server]:
    """One PostgreSQL server for this test process (each xdist worker has its own), stopped at the end."""
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgresql_url(postgresql_server: Server) -> str:
    """The URL of a new, empty database on the test server (one per test)."""
    return postgresql_server.create()


BACKENDS = ("sqlite", "postgresql")


def or_shared(path: Path) -> Path | str:
    """The PostgreSQL store a test runs on (`store_backend`'s `SCENARIOS_STORE`), else the SQLite file `path`."""
    return os.environ.get("SCENARIOS_STORE") or path


@pytest.fixture(params=BACKENDS)
def store_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """Run the test on each backend of the store: SQLite (the data directory's file; returns None), then a new
    PostgreSQL database, which `SCENARIOS_STORE` names for `Store()` and every command (returns its URL)."""
    if request.param == "sqlite":
        return None
    url: str = request.getfixturevalue("postgresql_url")
    monkeypatch.setenv("SCENARIOS_STORE", url)
    return url
