"""Where the phones' server listens and the link participants open."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

DEFAULT_PORT = 8765
LOOPBACK = "127.0.0.1"
# A documentation address (TEST-NET-1): connecting a UDP socket to it only asks the routing table
# which local address would be used. No packet is sent.
_PROBE = ("192.0.2.1", 9)


def lan_address() -> str:
    """This machine's address on the local network, found without sending anything; else 127.0.0.1."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            address = str(probe.getsockname()[0])
    except OSError:
        return LOOPBACK
    if not address or address == "0.0.0.0":
        return LOOPBACK
    return address


def join_url(host: str, port: int, token: str) -> str:
    """The link a participant opens: `http://HOST:PORT/s/TOKEN` (an IPv6 host in brackets)."""
    try:
        shown = f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        shown = host  # a host name
    return f"http://{shown}:{port}/s/{token}"


def base_url(host: str, port: int) -> str:
    """The server's address without the token: where the session code can be typed."""
    return join_url(host, port, "").removesuffix("/s/")


@dataclass(frozen=True)
class PhoneOptions:
    """Where the facilitator wants the phones' server: `host` None is this machine's LAN address."""

    host: str | None = None
    port: int = DEFAULT_PORT

    @property
    def address(self) -> str:
        """The host to listen on: the one asked for, else the LAN address (never all interfaces unless asked)."""
        return self.host or lan_address()
