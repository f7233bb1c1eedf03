"""The outbox: statements wait in the SQLite store until a Learning Record Store has accepted them.

Statements enter the outbox in the same transaction as the save they record (`recording`), so a
choice is never kept without its statements nor the other way round. `sync` sends them in batches;
a statement is marked sent only after the LRS accepted it, and its id is fixed, so a crash between
sending and marking only sends it again, which the LRS takes as the same statement.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from scenarios.records.statements import (
    DEFAULT_BASE,
    VERBS,
    RecordContext,
    account_actor,
    pause_statement,
    playthrough_statements,
)
from scenarios.store.progress import Store
from scenarios.store.schema import Migration, migrate, transaction

if TYPE_CHECKING:  # types only: syncing and the outbox's state need neither the engine nor the stories' model
    from scenarios.engine import Playthrough
    from scenarios.story.model import Story

COMPONENT = "records"
MIGRATIONS: list[Migration] = [
    # Version 1: the outbox (one row per statement, in the order made).
    """
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        playthrough TEXT NOT NULL,
        statement TEXT NOT NULL,
        created_at REAL NOT NULL,
        sent_at REAL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE INDEX outbox_waiting ON outbox (sent_at, seq)
    """,
]
SETTING_KEY = "records"
LEARNER_KEY = "records.learner"
ENV = {
    "url": "SCENARIOS_LRS_URL",
    "key": "SCENARIOS_LRS_KEY",
    "secret": "SCENARIOS_LRS_SECRET",
    "token": "SCENARIOS_LRS_TOKEN",
    "base": "SCENARIOS_XAPI_BASE",
    "team": "SCENARIOS_TEAM",
}
# A batch answered with one of these holds a statement the LRS will not take (invalid: 400, or 422
# from LRSs that validate with FastAPI such as Ralph; an id it holds with other content: 409).
REFUSED = (400, 409, 422)
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create or upgrade the outbox table."""
    migrate(conn, COMPONENT, MIGRATIONS)


@dataclass(frozen=True)
class LrsConfig:
    """Where statements go: the LRS's xAPI endpoint and how to sign in (key+secret, or a token)."""

    url: str | None = None
    key: str | None = None
    secret: str | None = None
    token: str | None = None
    base: str = DEFAULT_BASE
    team: str | None = None
    """The trainee's team, put into every statement's context (for a trainer's report by team)."""

    @property
    def statements_url(self) -> str:
        """The statements resource (the endpoint is e.g. https://lrs.example/xAPI/)."""
        assert self.url is not None
        return self.url.rstrip("/") + "/statements"

    def headers(self) -> dict[str, str]:
        """The request headers, with authorization when credentials are given."""
        headers = dict(XAPI_HEADERS)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        elif self.key is not None:
            pair = f"{self.key}:{self.secret or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        return headers


def load_config(store: Store, environ: dict[str, str] | None = None) -> LrsConfig:
    """The LRS settings: the stored `records` setting, each value overridden by its environment variable."""
    env = os.environ if environ is None else environ
    stored = store.read_setting(SETTING_KEY)
    values: dict[str, Any] = dict(stored) if isinstance(stored, dict) else {}
    for field, variable in ENV.items():
        if env.get(variable):
            values[field] = env[variable]
    known = {k: str(v) for k, v in values.items() if k in ENV and v is not None}
    return LrsConfig(**known)


def learner_id(store: Store) -> str:
    """This installation's anonymous learner id (made on first use and kept)."""
    ensure_schema(store.conn)
    held = store.read_setting(LEARNER_KEY)
    if isinstance(held, str) and held:
        return held
    made = str(uuid.uuid4())
    store.write_setting(LEARNER_KEY, made)
    return made


def context_for(store: Store, record_id: int, mode: str, language: str) -> RecordContext:
    """The record context of the store's playthrough `record_id`: the actor is the store's trainee when they
    play in a browser (`scenarios serve`), else this installation's anonymous learner."""
    learner = learner_id(store)
    base = load_config(store).base
    # A trainee in a browser is named by their own id; in the terminal, the installation's anonymous id.
    trainee = store.trainee
    actor = account_actor(base, trainee.account, trainee.name) if trainee.served else account_actor(base, learner)
    return RecordContext(
        playthrough=f"{learner}/{record_id}",
        actor=actor,
        base=base,
        mode=mode,
        language=language,
    )


def with_team(ctx: RecordContext, store: Store) -> RecordContext:
    """The record context with the team of the settings (or `SCENARIOS_TEAM`), if one is set."""
    team = (load_config(store).team or "").strip()
    return replace(ctx, team=team) if team else ctx


def add(conn: sqlite3.Connection, statements: Iterable[dict[str, Any]], playthrough: str, now: float) -> int:
    """Put statements in the outbox (those already there are left alone); returns how many were new.

    Call inside the transaction of the save they record.
    """
    added = 0
    for statement in statements:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO outbox (id, playthrough, statement, created_at) VALUES (?, ?, ?, ?)",
            (statement["id"], playthrough, json.dumps(statement, ensure_ascii=False, sort_keys=True), now),
        )
        added += cursor.rowcount
    return added


@contextmanager
def recording(store: Store, play: Playthrough, record_id: int, mode: str, language: str) -> Iterator[None]:
    """Wrap a save of `play`: the save and the statements of the playthrough so far commit together.

        with recording(store, play, record_id, mode, language):
            store.autosave(record_id, to_json(play), ...)

    A save that changed nothing (another window holds the playthrough) adds no statements.
    """
    ctx = with_team(context_for(store, record_id, mode, language), store)
    statements = playthrough_statements(play, ctx)
    with transaction(store.conn):
        before = store.conn.total_changes
        yield
        if store.conn.total_changes != before:
            add(store.conn, statements, ctx.playthrough, store.clock())


def record_pause(
    store: Store, story: Story, record_id: int, mode: str, language: str, verb: str, at: float | None = None
) -> dict[str, Any]:
    """Put a `suspended` (left unfinished) or `resumed` statement of the playthrough in the outbox."""
    ctx = with_team(context_for(store, record_id, mode, language), store)
    with transaction(store.conn):
        (earlier,) = store.conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE playthrough = ? AND statement LIKE ?",
            (ctx.playthrough, f'%"id": "{VERBS[verb]}"%'),
        ).fetchone()
        statement = pause_statement(story, ctx, verb, store.clock() if at is None else at, int(earlier) + 1)
        add(store.conn, [statement], ctx.playthrough, store.clock())
    return statement


@dataclass(frozen=True)
class OutboxStatus:
    """How many statements wait, how many were sent, and the last problem sending."""

    waiting: int
    sent: int
    last_error: str | None
    last_sent_at: float | None


def status(store: Store) -> OutboxStatus:
    """The outbox now."""
    ensure_schema(store.conn)
    waiting, sent, last_sent = store.conn.execute(
        "SELECT COUNT(*) - COUNT(sent_at), COUNT(sent_at), MAX(sent_at) FROM outbox"
    ).fetchone()
    error = store.conn.execute(
        "SELECT last_error FROM outbox WHERE sent_at IS NULL AND last_error IS NOT NULL ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return OutboxStatus(int(waiting), int(sent), error[0] if error else None, last_sent)


def waiting_statements(store: Store, *, include_sent: bool = False) -> list[dict[str, Any]]:
    """The statements in the outbox in the order made (unsent ones only unless `include_sent`)."""
    ensure_schema(store.conn)
    where = "" if include_sent else "WHERE sent_at IS NULL"
    rows = store.conn.execute(f"SELECT statement FROM outbox {where} ORDER BY seq").fetchall()
    return [json.loads(row[0]) for row in rows]


class LrsError(RuntimeError):
    """The LRS could not be reached or refused the statements."""


@dataclass(frozen=True)
class SyncReport:
    """What one sync did."""

    sent: int
    rejected: int
    waiting: int
    error: str | None


Sender = Callable[[str, str, bytes, dict[str, str]], int]


def http_send(method: str, url: str, body: bytes, headers: dict[str, str], timeout: float = 15.0) -> int:
    """Send one request with the standard library; returns the HTTP status (raises LrsError when unreachable)."""
    import urllib.error  # only a sync needs HTTP; the app starts without it
    import urllib.request

    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError) as error:
        raise LrsError(str(getattr(error, "reason", error))) from None


def sync(
    store: Store,
    config: LrsConfig,
    *,
    batch: int = 50,
    retries: int = 3,
    backoff: float = 1.0,
    sleep: Callable[[float], None] | None = None,
    send: Sender = http_send,
) -> SyncReport:
    """Send the waiting statements to the LRS in batches, oldest first.

    A batch is marked sent only once the LRS answered 200/204; an unreachable LRS or a 5xx is retried
    `retries` times with doubling waits, then the sync stops with everything unsent still waiting.
    A statement the LRS refuses (400/422) stays in the outbox with the reason and is not sent again by
    this sync; a 409 means the LRS holds a statement with that id already, which counts as sent.
    `sleep` waits between tries (`time.sleep`, looked up at each sync).
    """
    sleep = sleep or time.sleep
    ensure_schema(store.conn)
    if not config.url:
        return SyncReport(0, 0, status(store).waiting, "no_lrs")
    sent = rejected = 0
    after = 0
    error: str | None = None
    while True:
        rows = store.conn.execute(
            "SELECT seq, id, statement FROM outbox WHERE sent_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
            (after, batch),
        ).fetchall()
        if not rows:
            break
        after = rows[-1][0]
        body = ("[" + ",".join(row[2] for row in rows) + "]").encode()
        code, error = _with_retries(send, ("POST", config.statements_url, body), config, retries, backoff, sleep)
        if code is None:
            _note(store, [row[1] for row in rows], error)
            break
        if code in (200, 204):
            _mark_sent(store, [row[1] for row in rows])
            sent += len(rows)
            continue
        if code in REFUSED:
            # Some statement in the batch is refused or clashes: send each alone to tell which.
            for _, statement_id, statement in rows:
                url = config.statements_url + "?statementId=" + statement_id
                one, error = _with_retries(send, ("PUT", url, statement.encode()), config, retries, backoff, sleep)
                if one is None:
                    _note(store, [statement_id], error)
                    return SyncReport(sent, rejected, status(store).waiting, error)
                if one in (200, 204, 409):
                    _mark_sent(store, [statement_id])
                    sent += 1
                else:
                    _note(store, [statement_id], f"HTTP {one}")
                    rejected += 1
            error = None
            continue
        error = f"HTTP {code}"
        _note(store, [row[1] for row in rows], error)
        break
    return SyncReport(sent, rejected, status(store).waiting, error)


def _with_retries(
    send: Sender,
    request: tuple[str, str, bytes],
    config: LrsConfig,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> tuple[int | None, str | None]:
    """The status of the first attempt that reached the LRS and was not a 5xx, or (None, reason)."""
    reason = ""
    for tried in range(retries + 1):
        if tried:
            sleep(backoff * 2 ** (tried - 1))
        try:
            code = send(*request, config.headers())
        except LrsError as error:
            reason = str(error)
            continue
        if code < 500:
            if code in (401, 403):
                return None, f"HTTP {code}"
            return code, None
        reason = f"HTTP {code}"
    return None, reason


def _mark_sent(store: Store, ids: list[str]) -> None:
    with transaction(store.conn):
        store.conn.executemany(
            "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
            [(store.clock(), statement_id) for statement_id in ids],
        )


def _note(store: Store, ids: list[str], error: str | None) -> None:
    with transaction(store.conn):
        store.conn.executemany(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
            [(error, statement_id) for statement_id in ids],
        )
