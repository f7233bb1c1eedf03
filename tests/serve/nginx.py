"""A real nginx (Debian's `nginx` package) on loopback in front of `scenarios serve`, as an organisation's
sign-in proxy: it asks for a user name and password (HTTP basic auth, standing in for the organisation's
sign-in) and passes the signed-in user to the server in a header, from an address of its own (127.0.0.2),
with the websocket. It passes the host as the browser gave it, with the port (the README's `$host` drops it:
right on port 443, not on the test's). Started and stopped by the test; where nginx is missing the test is
skipped (`.ci/run` installs it)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROXY_ADDRESS = "127.0.0.2"
"""The address nginx connects to the server from: the one the server trusts."""
USER_HEADER = "X-Remote-User"

CONFIG = """\
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    server {{
        listen 127.0.0.1:{port};
        auth_basic "Training";
        auth_basic_user_file {folder}/users;
        location / {{
            proxy_pass http://127.0.0.1:{backend};
            proxy_bind {proxy_address};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header {header} $remote_user;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_read_timeout 1h;
            proxy_buffering off;
        }}
    }}
}}
"""


def nginx_binary() -> str:
    """Debian's nginx, or the test is skipped with the reason."""
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        pytest.skip("needs Debian's nginx (apt-get install nginx; .ci/run installs it)")
    return found


def free_port() -> int:
    """A port nobody listens on now (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def nginx(folder: Path, *, port: int, backend: int, users: dict[str, str]) -> Iterator[str]:
    """nginx on 127.0.0.1:`port` in front of the server on `backend`, with `users` (name → password); yields its
    address, and stops it on leaving."""
    binary = nginx_binary()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users").write_text("".join(f"{name}:{{PLAIN}}{password}\n" for name, password in users.items()))
    config = CONFIG.format(folder=folder, port=port, backend=backend, proxy_address=PROXY_ADDRESS, header=USER_HEADER)
    (folder / "nginx.conf").write_text(config)
    process = subprocess.Popen(
        [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise AssertionError(f"nginx did not start: {process.stderr.read() if process.stderr else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx never listened"
                time.sleep(0.05)  # polling a condition (nginx listening), not a fixed wait
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
