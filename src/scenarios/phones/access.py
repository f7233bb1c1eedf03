"""Who may take part from a phone: the session's token, code and secret, the signed cookies, the participants.

One row per rehearsal session that was opened to phones, kept in the trainer's store, so a session
resumed after a crash has the same link, code and secret: the phones' cookies stay valid and they
reconnect by themselves. A participant is a random id signed with the session's secret (HMAC-SHA256)
in a cookie; forms carry a second signature of the same id, so a page from elsewhere cannot post.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from concurrent.futures import Future
from dataclasses import dataclass, field

from scenarios.store import Store, migrate, transaction

COMPONENT = "phones"
CODE_LETTERS = "ACDEFHJKMNPRTUVWXY34679"  # no look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B)
CODE_LENGTH = 6
NAME_LIMIT = 40

MIGRATIONS = [
    """
    CREATE TABLE phones_session (
        session_id INTEGER PRIMARY KEY,
        token TEXT NOT NULL UNIQUE,
        code TEXT NOT NULL,
        secret TEXT NOT NULL,
        typed_names INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE TABLE phones_participant (
        session_id INTEGER NOT NULL REFERENCES phones_session (session_id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        joined_at REAL NOT NULL,
        PRIMARY KEY (session_id, id)
    )
    """,
]


class JoinError(ValueError):
    """A name that cannot join. `code` names the message in the catalog (`phones.error.*`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Participant:
    """One person who joined from a phone."""

    id: str
    name: str


@dataclass
class PhoneAccess:
    """A session's phone access: its secrets and the participants who joined.

    The participants are read once and kept here; a join or a release is written by the store's writer
    thread (`Store.writer`), so a server never waits on the database: `join` gives the write's future,
    and a phone is told it is in only once that is done."""

    store: Store
    session_id: int
    token: str
    code: str
    secret: bytes
    typed_names: bool
    joined: dict[str, Participant] = field(default_factory=dict)
    """Everyone who joined, by id, in the order they joined."""

    # --- signatures -----------------------------------------------------------------
    def sign(self, purpose: str, value: str) -> str:
        """The session's signature of `value` for `purpose` (a cookie or a form)."""
        message = f"{self.session_id}:{purpose}:{value}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def cookie_for(self, participant: Participant) -> str:
        """The cookie value that says `participant` is who they are: `id.signature`."""
        return f"{participant.id}.{self.sign('cookie', participant.id)}"

    def participant_of(self, cookie: str | None) -> Participant | None:
        """The participant a cookie names, when its signature is right and they joined; else None."""
        if not cookie or "." not in cookie:
            return None
        participant_id, _, signature = cookie.partition(".")
        if not self.signed_ok("cookie", participant_id, signature):
            return None
        return self.participants().get(participant_id)

    def signed_ok(self, purpose: str, value: str, signature: str) -> bool:
        """True when `signature` is the session's signature of `value` for `purpose` (constant time)."""
        return hmac.compare_digest(signature.encode(), self.sign(purpose, value).encode())

    def form_token(self, participant_id: str) -> str:
        """The hidden field of a participant's forms."""
        return self.sign("form", participant_id)

    def form_ok(self, participant_id: str, token: str | None) -> bool:
        """True when a posted form carries the participant's own form token."""
        return bool(token) and self.signed_ok("form", participant_id, str(token))

    @property
    def presenter_key(self) -> str:
        """The secret part of the presenter view's address (`/p/<key>`): the facilitator's own remote, derived
        from the session's secret, so it stays the same when the session is resumed and is never shown to the room."""
        return self.sign("presenter", "")

    def presenter_ok(self, key: str) -> bool:
        """True when `key` is this session's presenter key (compared in constant time)."""
        return self.signed_ok("presenter", "", key)

    def token_ok(self, token: str) -> bool:
        """True when `token` is this session's (compared in constant time)."""
        return hmac.compare_digest(token.encode(), self.token.encode())

    def code_ok(self, code: str) -> bool:
        """True when `code` is the session code (case and spaces do not matter)."""
        typed = "".join(code.split()).upper()
        return hmac.compare_digest(typed.encode(), self.code.encode())

    # --- participants ----------------------------------------------------------------
    def participants(self) -> dict[str, Participant]:
        """Everyone who joined, by id, in the order they joined."""
        return dict(self.joined)

    def join(self, name: str, allowed: tuple[str, ...]) -> tuple[Participant, Future[None]]:
        """A new participant under `name`: one of `allowed`, or typed when the facilitator allows it, and the
        future of its row in the store (a failed write takes the participant back: see `forget`).

        A name is taken once (two phones cannot vote as one person). Raises `JoinError`.
        """
        name = " ".join(name.split())
        if not name:
            raise JoinError("no_name")
        if len(name) > NAME_LIMIT:
            raise JoinError("long_name")
        if name not in allowed and not (self.typed_names or not allowed):
            raise JoinError("unknown_name")
        if any(p.name.casefold() == name.casefold() for p in self.joined.values()):
            raise JoinError("taken")
        participant = Participant(secrets.token_hex(8), name)
        self.joined[participant.id] = participant
        row = (self.session_id, participant.id, participant.name, time.time())
        saved = self.store.writer.submit(
            lambda conn: conn.execute(
                "INSERT INTO phones_participant (session_id, id, name, joined_at) VALUES (?, ?, ?, ?)", row
            )
        )
        return participant, saved

    def forget(self, participant: Participant) -> None:
        """Take back a join whose row the store refused (the phone is told to try again)."""
        if self.joined.get(participant.id) == participant:
            del self.joined[participant.id]

    def release(self, participant_id: str) -> Participant | None:
        """Free a participant's name (someone lost their cookie): their cookie no longer works and the
        name can be joined again from another phone. The participant released, or None when not joined."""
        participant = self.joined.pop(participant_id, None)
        if participant is not None:
            key = (self.session_id, participant_id)
            self.store.writer.submit(
                lambda conn: conn.execute("DELETE FROM phones_participant WHERE session_id = ? AND id = ?", key)
            )
        return participant


def open_access(store: Store, session_id: int, *, typed_names: bool | None = None) -> PhoneAccess:
    """The phone access of a session: the stored one (a resumed session keeps its links), else a new one.

    `typed_names` lets participants type a name that is not on the list (None: as stored, else no).
    """
    migrate(store.conn, COMPONENT, MIGRATIONS)
    row = store.conn.execute(
        "SELECT token, code, secret, typed_names FROM phones_session WHERE session_id = ?", (session_id,)
    ).fetchone()
    with transaction(store.conn):
        if row is None:
            row = (secrets.token_urlsafe(12), new_code(), secrets.token_hex(32), int(bool(typed_names)))
            store.conn.execute(
                "INSERT INTO phones_session (session_id, token, code, secret, typed_names, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, *row, time.time()),
            )
        elif typed_names is not None:
            row = (*row[:3], int(typed_names))
            store.conn.execute(
                "UPDATE phones_session SET typed_names = ? WHERE session_id = ?", (int(typed_names), session_id)
            )
    token, code, secret, typed = row
    store.writer.flush()  # joins and releases of an earlier server of this session are in the table
    joined = store.conn.execute(
        "SELECT id, name FROM phones_participant WHERE session_id = ? ORDER BY joined_at, id", (session_id,)
    ).fetchall()
    participants = {row[0]: Participant(row[0], row[1]) for row in joined}
    return PhoneAccess(store, session_id, str(token), str(code), bytes.fromhex(secret), bool(typed), participants)


def has_access(store: Store, session_id: int) -> bool:
    """True when the session was opened to phones before (a resume opens it again)."""
    migrate(store.conn, COMPONENT, MIGRATIONS)
    found = store.conn.execute("SELECT 1 FROM phones_session WHERE session_id = ?", (session_id,)).fetchone()
    return found is not None


def new_code() -> str:
    """A short session code to type when the QR code does not scan."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
