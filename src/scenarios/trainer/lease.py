"""Who plays a playthrough now: an owner id per app window, and whether another window's lease is still live."""

from __future__ import annotations

import os
import socket
import uuid

from scenarios.store import PlaythroughRecord

STALE_AFTER = 30.0
"""Seconds without a heartbeat after which another window's lease is taken over without asking."""
HEARTBEAT_EVERY = 10.0
"""Seconds between an app window's heartbeats for the playthrough it plays."""


def new_owner() -> str:
    """An owner id for this app window: the host and process (to tell a closed window), and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def process_gone(owner: str) -> bool:
    """The owner ran on this host in a process that no longer exists (a window closed without saying so)."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, owned by someone else
        return False
    return False


def held_elsewhere(record: PlaythroughRecord, owner: str, now: float, stale_after: float = STALE_AFTER) -> bool:
    """Another live app window holds the playthrough's lease (a heartbeat within `stale_after` seconds)."""
    if record.owner is None or record.owner == owner or record.heartbeat is None:
        return False
    if now - record.heartbeat >= stale_after:
        return False
    return not process_gone(record.owner)
