"""Who may reach `scenarios serve`: the access token, and the signed cookies it buys (stdlib `hmac`, no web imports).

The token is the team's shared key (in the URL the server prints). A browser that shows it once gets an
access cookie, signed with the server's secret and bound to the token, so changing the token locks every
old cookie out. The trainee's name is a second signed cookie: the server reads the trainee from it and
from nothing else the browser sends.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from scenarios.store.paths import PRIVATE_FILE, private_file
from scenarios.store.trainee import Trainee, clean_name, served_trainee

ACCESS_COOKIE = "scenarios_access"
TRAINEE_COOKIE = "scenarios_trainee"
ACCESS_DAYS = 30
"""How long the access cookie lets a browser in without the token again."""
TRAINEE_DAYS = 365
"""How long a browser remembers its trainee."""
SECRET_FILE = "serve-secret"
"""The server's signing secret in the data directory (readable only by its owner)."""


def new_token() -> str:
    """A fresh access token (about 190 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def load_secret(folder: Path) -> bytes:
    """The server's signing secret, kept in `folder` so the browsers' cookies outlive a restart (made on first
    use, readable only by its owner). A folder that cannot be written gives a secret for this run only."""
    path = folder / SECRET_FILE
    try:
        held = path.read_bytes()
        if len(held) >= 32:
            private_file(path, create=False)  # one an earlier version or another umask left readable
            return held
    except OSError:
        pass
    made = secrets.token_bytes(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb") as file:
            if hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), PRIVATE_FILE)  # whatever the umask, or an older file's permissions
            file.write(made)
    except OSError:
        pass
    return made


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

    def _sign(self, *parts: str) -> str:
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
        return f"{issued}.{self._sign('access', self._token_digest, issued)}"

    def access_ok(self, cookie: str | None) -> bool:
        """`cookie` is an access cookie this server signed for the current token, and not expired."""
        halves = _halves(cookie)
        if halves is None:
            return False
        issued, signature = halves
        if not issued.isdigit() or not hmac.compare_digest(signature, self._sign("access", self._token_digest, issued)):
            return False
        return 0 <= self._clock() - int(issued) <= ACCESS_DAYS * 86400

    # --- the trainee cookie ----------------------------------------------------------
    def trainee_cookie(self, trainee: Trainee) -> str:
        """The cookie value that names `trainee` (their name as given, signed)."""
        encoded = _b64(trainee.name.encode("utf-8"))
        return f"{encoded}.{self._sign('trainee', encoded)}"

    def trainee_of(self, cookie: str | None) -> Trainee | None:
        """The trainee a cookie this server signed names, or None (no cookie, forged, or not a name)."""
        halves = _halves(cookie)
        if halves is None:
            return None
        encoded, signature = halves
        if not hmac.compare_digest(signature, self._sign("trainee", encoded)):
            return None
        try:
            name = clean_name(_unb64(encoded).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
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
