"""Who may reach `scenarios serve`: the access token, and the signed cookies it buys (stdlib `hmac`, no web imports);
or, behind an organisation's sign-in, the proxy in front that names the trainee.

The token is the team's shared key (in the URL the server prints). A browser that shows it once gets an
access cookie, signed with the server's secret and bound to the token, so changing the token locks every
old cookie out. The trainee's name is a second signed cookie: the server reads the trainee from it and
from nothing else the browser sends. Behind a sign-in proxy (`SignIn`), the trainee is the id in the header
the proxy sets, believed only from the proxy's own addresses.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from scenarios.store.paths import PRIVATE_FILE, private_file
from scenarios.store.trainee import Trainee, clean_name, served_trainee

ACCESS_COOKIE = "scenarios_access"
TRAINEE_COOKIE = "scenarios_trainee"
LAUNCH_COOKIE = "scenarios_launch"
"""Names the cmi5 launch this browser plays (for the browser's session only)."""
ACCESS_DAYS = 30
"""How long the access cookie lets a browser in without the token again."""
TRAINEE_DAYS = 365
"""How long a browser remembers its trainee."""
SECRET_FILE = "serve-secret"
"""The server's signing secret in the data directory (readable only by its owner)."""
TOKEN_MIN = 16
"""The fewest characters an access token may have: a shorter one could be guessed."""
WRONG_TOKENS = 10
"""Wrong tokens an address may send at once; then one more every `WRONG_TOKEN_EVERY` seconds."""
WRONG_TOKEN_EVERY = 6.0


def new_token() -> str:
    """A fresh access token (about 190 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def load_secret(folder: Path) -> bytes:
    """The server's signing secret, kept in `folder` so the browsers' cookies outlive a restart (made on first
    use, readable only by its owner). A folder that cannot be written gives a secret for this run only.

    Servers behind one balancer share the folder: when they first start together, the first secret put in place
    is everyone's (each is written whole under a name of its own, then linked into place only if none is there).
    """
    path = folder / SECRET_FILE
    held = _held_secret(path)
    if held is not None:
        return held
    made = secrets.token_bytes(32)
    fresh = folder / f".{SECRET_FILE}-{secrets.token_hex(8)}"
    try:
        descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb") as file:
            if hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), PRIVATE_FILE)  # whatever the umask
            file.write(made)
        try:
            os.link(fresh, path)
        except FileExistsError:
            held = _held_secret(path)
            if held is not None:
                return held  # another server's, put in place first
            os.replace(fresh, path)  # a damaged one (too short) is replaced
        except OSError:
            os.replace(fresh, path)  # a file system without links: the last one made is kept
    except OSError:
        pass
    finally:
        fresh.unlink(missing_ok=True)
    return made


def _held_secret(path: Path) -> bytes | None:
    """The secret kept at `path`, or None when there is none (or only a damaged one, shorter than a secret)."""
    try:
        held = path.read_bytes()
    except OSError:
        return None
    if len(held) < 32:
        return None
    try:
        private_file(path, create=False)  # one an earlier version or another umask left readable
    except OSError:
        pass
    return held


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _halves(cookie: str | None) -> tuple[str, str] | None:
    """A cookie's value and signature, or None for anything this server never signs: a cookie is ASCII with
    one dot. Whatever a browser sends reaches the comparisons only after this (they raise on other text)."""
    if not cookie or not cookie.isascii() or cookie.count(".") != 1:
        return None
    value, signature = cookie.split(".")
    return value, signature


class Guard:
    """Checks the token and the cookies of every request; signs the cookies it hands out."""

    def __init__(self, token: str, secret: bytes, *, clock: Callable[[], float] = time.time) -> None:
        if not token:
            raise ValueError("the access token may not be empty")
        self.token = token
        self._secret = secret
        self._clock = clock
        self._token_digest = hashlib.sha256(token.encode()).hexdigest()

    def sign(self, *parts: str) -> str:
        """The signature of `parts` with the server's secret (what the cookies and the forms' tokens carry)."""
        message = "\0".join(parts).encode()
        return _b64(hmac.new(self._secret, message, hashlib.sha256).digest())

    # --- the token and the access cookie ---------------------------------------------
    def token_ok(self, given: str | None) -> bool:
        """`given` is the access token (compared in constant time)."""
        if given is None:
            return False
        return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self.token.encode("utf-8", "surrogatepass"))

    def access_cookie(self) -> str:
        """A new access cookie's value: when it was issued, signed together with the token."""
        issued = str(int(self._clock()))
        return f"{issued}.{self.sign('access', self._token_digest, issued)}"

    def access_ok(self, cookie: str | None) -> bool:
        """`cookie` is an access cookie this server signed for the current token, and not expired."""
        halves = _halves(cookie)
        if halves is None:
            return False
        issued, signature = halves
        if not issued.isdigit() or not hmac.compare_digest(signature, self.sign("access", self._token_digest, issued)):
            return False
        return 0 <= self._clock() - int(issued) <= ACCESS_DAYS * 86400

    # --- the trainee cookie ----------------------------------------------------------
    def trainee_cookie(self, trainee: Trainee) -> str:
        """The cookie value that names `trainee` (their name as given, signed)."""
        encoded = _b64(trainee.name.encode("utf-8"))
        return f"{encoded}.{self.sign('trainee', encoded)}"

    def trainee_of(self, cookie: str | None) -> Trainee | None:
        """The trainee a cookie this server signed names, or None (no cookie, forged, or not a name)."""
        halves = _halves(cookie)
        if halves is None:
            return None
        encoded, signature = halves
        if not hmac.compare_digest(signature, self.sign("trainee", encoded)):
            return None
        try:
            name = clean_name(_unb64(encoded).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        return served_trainee(name) if name is not None else None

    # --- the launch cookie (cmi5) -------------------------------------------------------
    def launch_cookie(self, launch_id: str) -> str:
        """The cookie value that names a launch from an LMS (its id, signed)."""
        return f"{launch_id}.{self.sign('launch', launch_id)}"

    def launch_of(self, cookie: str | None) -> str | None:
        """The launch id a cookie this server signed names, or None."""
        halves = _halves(cookie)
        if halves is None:
            return None
        launch_id, signature = halves
        return launch_id if launch_id and hmac.compare_digest(signature, self.sign("launch", launch_id)) else None


class Throttle:
    """Wrong access tokens per address: `burst` at once, then one more every `every` seconds (a token bucket).
    While an address has none left, even the right token is refused, so a guesser learns nothing. IPv6
    addresses count by their /64 network (one machine may hold all of it); at most `keep` addresses are
    remembered, those that have waited long enough forgotten first."""

    def __init__(
        self,
        burst: int = WRONG_TOKENS,
        every: float = WRONG_TOKEN_EVERY,
        *,
        clock: Callable[[], float] = time.monotonic,
        keep: int = 10_000,
    ) -> None:
        self.burst = burst
        self.every = every
        self.clock = clock
        self.keep = keep
        self._left: dict[str, tuple[float, float]] = {}
        """Address → the tries it had left, and when."""

    @staticmethod
    def _key(address: str) -> str:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return address
        if isinstance(ip, ipaddress.IPv6Address):
            if ip.ipv4_mapped is not None:
                return str(ip.ipv4_mapped)
            return str(ipaddress.ip_network(f"{ip}/64", strict=False))
        return str(ip)

    def _tries(self, key: str) -> float:
        left, at = self._left.get(key, (float(self.burst), self.clock()))
        return min(float(self.burst), left + (self.clock() - at) / self.every)

    def blocked(self, address: str) -> bool:
        """The address has sent as many wrong tokens as it may for now."""
        return self._tries(self._key(address)) < 1.0

    def wrong(self, address: str) -> None:
        """The address sent a wrong token."""
        key = self._key(address)
        self._left[key] = (self._tries(key) - 1.0, self.clock())
        if len(self._left) > self.keep:
            self._forget()

    def _forget(self) -> None:
        for key in [key for key in self._left if self._tries(key) >= self.burst]:
            del self._left[key]
        while len(self._left) > self.keep:  # all still counting: the longest quiet goes first
            del self._left[min(self._left, key=lambda key: self._left[key][1])]


class SignIn:
    """The proxies in front of the server (`--trusted-proxy`: addresses or networks) and, behind an organisation's
    sign-in, the header in which they name the signed-in trainee (`--trust-user-header`; None: the token and
    the name page instead). A request is believed only from a proxy's address: the header, and the client's
    address in `X-Forwarded-For` (its last entry: the one the proxy added)."""

    def __init__(self, proxies: Iterable[str] = (), header: str | None = None) -> None:
        self.networks = [ipaddress.ip_network(proxy, strict=False) for proxy in proxies]  # ValueError: not one
        self.header = header

    def trusted(self, address: str | None) -> bool:
        """The request came straight from one of the proxies."""
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in network for network in self.networks)

    def client_address(self, remote: str | None, forwarded_for: str | None) -> str:
        """The address of the browser: the one a trusted proxy says, else the connection's."""
        if forwarded_for and self.trusted(remote):
            said = forwarded_for.split(",")[-1].strip()
            if said:
                return said
        return remote or ""

    def trainee(self, remote: str | None, value: str | None) -> Trainee | None:
        """The trainee a trusted proxy's header names, or None (not from a proxy, no header, not a name)."""
        if self.header is None or value is None or not self.trusted(remote):
            return None
        name = clean_name(value)
        return served_trainee(name) if name is not None else None


def encode_trainee(trainee: Trainee) -> str:
    """The trainee's name as one command-line word any shell leaves alone (URL-safe base64)."""
    return _b64(trainee.name.encode("utf-8")) or "="


def decode_trainee(word: str) -> Trainee:
    """The trainee named by `encode_trainee`'s word (raises ValueError for anything else)."""
    try:
        return served_trainee(_unb64(word).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"not an encoded trainee: {word!r}") from error
