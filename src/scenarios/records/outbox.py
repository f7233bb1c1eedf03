"""The outbox: statements wait in the SQLite store until a Learning Record Store has accepted them.

Statements enter the outbox in the same transaction as the save they record (`recording`), so a
choice is never kept without its statements nor the other way round. `sync` sends them in batches;
a statement is marked sent only after the LRS accepted it, and its id is fixed, so a crash between
sending and marking only sends it again, which the LRS takes as the same statement.

Nothing can jam it: a statement the LRS refuses is *set aside* with the LRS's reason (at once for a
refusal, 400/422; after it failed in two syncs for a server error, 5xx, that the LRS gives no other
statement), and the statements behind it go on. `set_aside_statements`, `retry` and `discard` are
an administrator's (`scenarios records set-aside|retry|discard`). Concurrent syncs (the app, the
server, a cron job) each claim their batches, so no statement is sent by two of them at once and
each counts only what it delivered.
"""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from scenarios.records import cmi5
from scenarios.records.statements import (
    DEFAULT_BASE,
    VERBS,
    RecordContext,
    account_actor,
    is_base_iri,
    not_iris,
    pause_statement,
    playthrough_ids,
    playthrough_statements,
)
from scenarios.store.connection import Connection
from scenarios.store.progress import Store
from scenarios.store.schema import Migration, migrate, transaction

if TYPE_CHECKING:  # types only: syncing and the outbox's state need neither the engine nor the stories' model
    from scenarios.engine import Playthrough
    from scenarios.records.cmi5 import Launch
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
    # Version 2: statements the LRS refused are set aside with its reason; a sync claims its batch.
    """
    ALTER TABLE outbox ADD COLUMN set_aside_at REAL;
    ALTER TABLE outbox ADD COLUMN reason TEXT;
    ALTER TABLE outbox ADD COLUMN claimed_until REAL;
    DROP INDEX outbox_waiting;
    CREATE INDEX outbox_waiting ON outbox (sent_at, set_aside_at, seq)
    """,
    # Version 3: a statement of a cmi5 launch goes to the LMS's endpoint (its destination: the launch), and
    # the launches are kept (the LMS's token and launch data) for the app process that plays them.
    """
    ALTER TABLE outbox ADD COLUMN destination TEXT;
    CREATE TABLE cmi5_launches (
        id TEXT PRIMARY KEY,
        launch TEXT NOT NULL,
        created_at REAL NOT NULL,
        ended_at REAL
    )
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
KEPT_BATCH = 500
"""Statement ids asked about in one query (SQLite takes at most 999 parameters in older versions)."""
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}


def ensure_schema(conn: Connection) -> None:
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
    basic: str | None = None
    """A ready Basic credential (a cmi5 launch's auth token from the LMS), sent as it is."""

    @property
    def statements_url(self) -> str:
        """The statements resource (the endpoint is e.g. https://lrs.example/xAPI/)."""
        assert self.url is not None
        return self.url.rstrip("/") + "/statements"

    @property
    def base_ok(self) -> bool:
        """The base of activity ids is an IRI (see `is_base_iri`); statements use the default one until it is."""
        return is_base_iri(self.base)

    @property
    def statement_base(self) -> str:
        """The base the statements' activity ids are made under: the one set, or the default when it is no IRI
        (a statement under a base that is no IRI is one no LRS takes)."""
        return self.base if self.base_ok else DEFAULT_BASE

    def headers(self) -> dict[str, str]:
        """The request headers, with authorization when credentials are given."""
        headers = dict(XAPI_HEADERS)
        if self.basic:
            headers["Authorization"] = f"Basic {self.basic}"
        elif self.token:
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
    base = load_config(store).statement_base
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


def add(
    conn: Connection,
    statements: Iterable[dict[str, Any]],
    playthrough: str,
    now: float,
    destination: str | None = None,
) -> int:
    """Put statements in the outbox (those already there are left alone); returns how many were new.
    `destination`: a cmi5 launch's id for statements that go to its LMS, None for the LRS that is set.

    Call inside the transaction of the save they record.
    """
    added = 0
    for statement in statements:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO outbox (id, playthrough, statement, created_at, destination) VALUES (?, ?, ?, ?, ?)",
            (statement["id"], playthrough, json.dumps(statement, ensure_ascii=False, sort_keys=True), now, destination),
        )
        added += cursor.rowcount
    return added


def kept(conn: Connection, ids: list[str]) -> set[str]:
    """Which of the statement ids `ids` the outbox holds already (sent or not)."""
    found: set[str] = set()
    for start in range(0, len(ids), KEPT_BATCH):
        batch = ids[start : start + KEPT_BATCH]
        marks = ", ".join("?" * len(batch))
        found.update(row[0] for row in conn.execute(f"SELECT id FROM outbox WHERE id IN ({marks})", batch))
    return found


def launched(launch: Launch | None, story: Story) -> Launch | None:
    """The launch when `story` is the one an LMS launched (its playthrough's statements go to the LMS), else None."""
    return launch if launch is not None and launch.story == story.id else None


@contextmanager
def recording(
    store: Store, play: Playthrough, record_id: int, mode: str, language: str, launch: Launch | None = None
) -> Iterator[None]:
    """Wrap a save of `play`: the save and the statements of the playthrough so far commit together.

        with recording(store, play, record_id, mode, language):
            store.autosave(record_id, to_json(play), ...)

    A save that changed nothing (another window holds the playthrough) adds no statements. The story an LMS
    launched (`launch`) makes its cmi5 statements, for the LMS.
    """
    ctx = with_team(context_for(store, record_id, mode, language), store)
    lms = launched(launch, play.story)
    if lms is None:
        statements = playthrough_statements(play, ctx, known=kept(store.conn, playthrough_ids(play, ctx)))
    else:
        statements = cmi5.session_statements(play, cmi5.cmi5_context(ctx, lms), lms)
    with transaction(store.conn, trainee=store.trainee.key):  # the trainee's save and its records only
        before = store.conn.total_changes
        yield
        if store.conn.total_changes != before:
            add(store.conn, statements, ctx.playthrough, store.clock(), lms.id if lms is not None else None)


def record_pause(
    store: Store,
    story: Story,
    record_id: int,
    mode: str,
    language: str,
    verb: str,
    at: float | None = None,
    launch: Launch | None = None,
) -> dict[str, Any]:
    """Put a `suspended` (left unfinished) or `resumed` statement of the playthrough in the outbox."""
    ctx = with_team(context_for(store, record_id, mode, language), store)
    lms = launched(launch, story)
    with transaction(store.conn):
        (earlier,) = store.conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE playthrough = ? AND statement LIKE ?",
            (ctx.playthrough, f'%"id": "{VERBS[verb]}"%'),
        ).fetchone()
        statement = pause_statement(story, ctx, verb, store.clock() if at is None else at, int(earlier) + 1)
        if lms is not None:
            statement = cmi5.allowed(statement, lms)
        add(store.conn, [statement], ctx.playthrough, store.clock(), lms.id if lms is not None else None)
    return statement


def keep_launch(store: Store, launch: Launch) -> None:
    """Keep a cmi5 launch for the app process that plays it (and the syncs that send its statements)."""
    ensure_schema(store.conn)
    with transaction(store.conn):
        store.conn.execute(
            "INSERT INTO cmi5_launches (id, launch, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "launch = excluded.launch, created_at = excluded.created_at, ended_at = NULL",
            (launch.id, launch.to_json(), store.clock()),
        )


def find_launch(store: Store, launch_id: str) -> Launch | None:
    """A kept launch by its id, or None."""
    ensure_schema(store.conn)
    row = store.conn.execute("SELECT launch FROM cmi5_launches WHERE id = ?", (launch_id,)).fetchone()
    return cmi5.Launch.from_json(row[0]) if row else None


def launch_ended(store: Store, launch_id: str) -> bool:
    """Whether a kept launch's session is over (its `terminated` was recorded), or no such launch is kept."""
    ensure_schema(store.conn)
    row = store.conn.execute("SELECT ended_at FROM cmi5_launches WHERE id = ?", (launch_id,)).fetchone()
    return row is None or row[0] is not None


def record_launch(store: Store, launch: Launch, statement: dict[str, Any], *, ends: bool = False) -> None:
    """Put a launch's own statement (initialized, terminated) in the outbox, for its LMS; `ends`: the session is
    over (its statements that cannot reach the LMS any more are set aside by the next sync, not kept waiting)."""
    ensure_schema(store.conn)
    with transaction(store.conn):
        add(store.conn, [statement], f"cmi5/{launch.id}", store.clock(), launch.id)
        if ends:
            store.conn.execute("UPDATE cmi5_launches SET ended_at = ? WHERE id = ?", (store.clock(), launch.id))


def launch_config(launch: Launch) -> LrsConfig:
    """Where a launch's statements go: the LMS's endpoint, with its auth token."""
    return LrsConfig(url=launch.endpoint, basic=launch.token)


def open_launches(store: Store) -> list[tuple[Launch, bool]]:
    """The launches whose statements still wait to be sent, each with whether its session is over."""
    ensure_schema(store.conn)
    rows = store.conn.execute(
        "SELECT launch, ended_at IS NOT NULL FROM cmi5_launches WHERE id IN (SELECT DISTINCT destination FROM outbox"
        " WHERE destination IS NOT NULL AND sent_at IS NULL AND set_aside_at IS NULL)"
    ).fetchall()
    return [(cmi5.Launch.from_json(row[0]), bool(row[1])) for row in rows]


def sync_launch(
    store: Store, launch: Launch, *, ended: bool = False, retries: int = 0, send: Sender | None = None
) -> SyncReport:
    """Send a launch's waiting statements to its LMS. Once its session is over (`ended`), an LMS that refuses
    the token (a cmi5 token lasts the session) will never take them: they are set aside with that reason."""
    report = sync(store, launch_config(launch), destination=launch.id, retries=retries, send=send or http_send)
    if ended and report.error in ("HTTP 401", "HTTP 403"):
        with transaction(store.conn):
            cursor = store.conn.execute(
                "UPDATE outbox SET set_aside_at = ?, reason = ? WHERE destination = ? AND sent_at IS NULL"
                " AND set_aside_at IS NULL",
                (store.clock(), f"{report.error}: the LMS's session of this launch is over", launch.id),
            )
        return SyncReport(report.sent, report.set_aside + cursor.rowcount, status(store).waiting, None)
    return report


def sync_launches(store: Store, *, retries: int = 0) -> SyncReport:
    """Send what waits for every launch's LMS (one report for all of them)."""
    sent = set_aside = 0
    error: str | None = None
    for launch, ended in open_launches(store):
        report = sync_launch(store, launch, ended=ended, retries=retries)
        sent, set_aside = sent + report.sent, set_aside + report.set_aside
        error = report.error or error
    return SyncReport(sent, set_aside, status(store).waiting, error)


@dataclass(frozen=True)
class OutboxStatus:
    """How many statements wait, were sent and are set aside, and the last problem sending."""

    waiting: int
    sent: int
    last_error: str | None
    last_sent_at: float | None
    set_aside: int = 0
    """Statements the LRS refused, kept aside (not sent again until retried)."""


def status(store: Store, *, own: bool = False) -> OutboxStatus:
    """The outbox now; with `own`, only the statements of the store trainee's own playthroughs (what a trainee
    in the browser is shown: the server's one outbox holds every trainee's)."""
    ensure_schema(store.conn)
    mine = ""
    params: tuple[str, ...] = ()
    if own:
        mine = " AND playthrough IN (SELECT ? || '/' || id FROM playthrough WHERE trainee = ?)"
        params = (str(store.read_setting(LEARNER_KEY) or ""), store.trainee.key)
    waiting, sent, set_aside, last_sent = store.conn.execute(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL AND set_aside_at IS NULL THEN 1 ELSE 0 END), 0),"
        " COUNT(sent_at), COUNT(set_aside_at), MAX(sent_at) FROM outbox WHERE 1 = 1" + mine,
        params,
    ).fetchone()
    error = store.conn.execute(
        "SELECT last_error FROM outbox WHERE sent_at IS NULL AND set_aside_at IS NULL AND last_error IS NOT NULL"
        + mine
        + " ORDER BY seq DESC LIMIT 1",
        params,
    ).fetchone()
    return OutboxStatus(int(waiting), int(sent), error[0] if error else None, last_sent, int(set_aside))


def waiting_statements(store: Store, *, include_sent: bool = False) -> list[dict[str, Any]]:
    """The statements waiting to be sent, in the order made (with `include_sent`, every statement the outbox
    holds: sent, waiting and set aside)."""
    ensure_schema(store.conn)
    where = "" if include_sent else "WHERE sent_at IS NULL AND set_aside_at IS NULL"
    rows = store.conn.execute(f"SELECT statement FROM outbox {where} ORDER BY seq").fetchall()
    return [json.loads(row[0]) for row in rows]


@dataclass(frozen=True)
class SetAside:
    """A statement the LRS refused, kept aside with its reason until an administrator retries or discards it."""

    id: str
    statement: dict[str, Any]
    reason: str
    at: float
    """When it was set aside (store clock seconds)."""
    attempts: int


def set_aside_statements(store: Store) -> list[SetAside]:
    """The statements set aside, oldest first."""
    ensure_schema(store.conn)
    rows = store.conn.execute(
        "SELECT id, statement, reason, set_aside_at, attempts FROM outbox WHERE set_aside_at IS NOT NULL ORDER BY seq"
    ).fetchall()
    return [SetAside(row[0], json.loads(row[1]), row[2] or "", float(row[3]), int(row[4])) for row in rows]


def find_set_aside(store: Store, given: Iterable[str]) -> tuple[list[str], list[str]]:
    """The set-aside statements' ids named by `given` (whole ids, or a start of at least 8 characters that
    names one only), and the given ones that name none or several."""
    held = [item.id for item in set_aside_statements(store)]
    found: list[str] = []
    unknown: list[str] = []
    for name in given:
        key = name.strip().lower()
        matching = [i for i in held if i == key] or ([i for i in held if i.startswith(key)] if len(key) >= 8 else [])
        if len(matching) == 1:
            found.append(matching[0])
        else:
            unknown.append(name)
    return list(dict.fromkeys(found)), unknown


def retry(store: Store, ids: Iterable[str] | None = None) -> int:
    """Put set-aside statements (`ids`, or all) back in the queue, as if new; returns how many."""
    ensure_schema(store.conn)
    chosen = _set_aside_ids(store, ids)
    with transaction(store.conn):
        store.conn.executemany(
            "UPDATE outbox SET set_aside_at = NULL, reason = NULL, last_error = NULL, attempts = 0 WHERE id = ?",
            [(statement_id,) for statement_id in chosen],
        )
    return len(chosen)


def discard(store: Store, ids: Iterable[str] | None = None) -> int:
    """Delete set-aside statements (`ids`, or all) from the outbox for good; returns how many."""
    ensure_schema(store.conn)
    chosen = _set_aside_ids(store, ids)
    with transaction(store.conn):
        store.conn.executemany("DELETE FROM outbox WHERE id = ?", [(statement_id,) for statement_id in chosen])
    return len(chosen)


def _set_aside_ids(store: Store, ids: Iterable[str] | None) -> list[str]:
    held = [item.id for item in set_aside_statements(store)]
    if ids is None:
        return held
    wanted = set(ids)
    return [statement_id for statement_id in held if statement_id in wanted]


class LrsError(RuntimeError):
    """The LRS could not be reached or refused the statements."""


@dataclass(frozen=True)
class SyncReport:
    """What one sync did: statements it delivered, statements it set aside, what still waits, and why it
    stopped (None when nothing stopped it)."""

    sent: int
    set_aside: int
    waiting: int
    error: str | None


Answer = tuple[int, str]
"""An LRS's answer: the HTTP status and the start of the body (for the reason of a refusal)."""
Sender = Callable[[str, str, bytes, dict[str, str]], Answer]
CLAIM_SECONDS = 600.0
"""How long a sync holds the batch it sends; a sync that died frees its batch after this."""
REASON_CHARS = 300


def http_send(method: str, url: str, body: bytes, headers: dict[str, str], timeout: float = 15.0) -> Answer:
    """Send one request with the standard library; returns the HTTP status and the start of the body
    (raises LrsError when the LRS cannot be reached)."""
    import urllib.error  # only a sync needs HTTP; the app starts without it
    import urllib.request

    request = urllib.request.Request(url, data=body or None, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as error:
        try:
            detail = error.read(4096).decode("utf-8", "replace")
        except OSError:
            detail = ""
        return int(error.code), detail
    except (urllib.error.URLError, OSError) as error:
        raise LrsError(str(getattr(error, "reason", error))) from None


Row = tuple[int, str, str, int]
"""An outbox row being sent: seq, id, statement JSON, earlier failed attempts."""


class _Stop(Exception):
    """The LRS cannot take anything now (down, or these credentials are refused): the sync ends."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sync(
    store: Store,
    config: LrsConfig,
    *,
    batch: int = 50,
    retries: int = 3,
    backoff: float = 1.0,
    sleep: Callable[[float], None] | None = None,
    send: Sender = http_send,
    destination: str | None = None,
) -> SyncReport:
    """Send the waiting statements to the LRS in batches, oldest first (those of `destination`: a cmi5 launch's
    for its LMS, or with None those for the LRS that is set).

    A statement is marked sent only once the LRS answered 200/204 (409: it holds that id already).
    An unreachable LRS or a 5xx is retried `retries` times with doubling waits (`sleep`, looked up at
    each sync); when it stays so, the sync stops with everything unsent still waiting, unless the batch
    failed in an earlier sync too and the LRS answers otherwise: then the batch is split down to single
    statements, to find the ones the LRS cannot take. A statement refused alone (4xx) is set aside with
    the LRS's reason at once; one that fails alone with a 5xx while the LRS answers is set aside once it
    has failed in an earlier sync as well. The statements behind it are sent as usual.
    """
    sleep = sleep or time.sleep
    ensure_schema(store.conn)
    if not config.url:
        return SyncReport(0, 0, status(store).waiting, "no_lrs")
    run = _Run(store, config, send)
    error: str | None = None
    after = 0
    while True:
        rows = _claim(store, after, batch, destination)
        if not rows:
            break
        after = rows[-1][0]
        try:
            error = run.batch(rows, retries, backoff, sleep) or error
        except _Stop as stop:
            _note(store, [row[1] for row in rows if row[1] not in run.done | run.noted], stop.reason)
            error = stop.reason
            break
        finally:
            _release(store, [row[1] for row in rows])
    return SyncReport(run.sent, run.set_aside, status(store).waiting, error)


class _Run:
    """One sync's sending: what it delivered and set aside, and whether the LRS has answered."""

    def __init__(self, store: Store, config: LrsConfig, send: Sender) -> None:
        self.store = store
        self.config = config
        self.send = send
        self.sent = 0
        self.set_aside = 0
        self.done: set[str] = set()
        """Ids delivered or set aside by this sync."""
        self.noted: set[str] = set()
        """Ids whose failure this sync has noted already."""
        self.lrs_answers = False
        """The LRS accepted something or answered a probe in this sync (so a 5xx is the statement's fault)."""

    def batch(self, rows: list[Row], retries: int, backoff: float, sleep: Callable[[float], None]) -> str | None:
        """Send one claimed batch; returns a problem that left some of it waiting (raises _Stop when nothing
        more can be sent)."""
        body = ("[" + ",".join(row[2] for row in rows) + "]").encode()
        code, detail = _with_retries(
            self.send, ("POST", self.config.statements_url, body), self.config, retries, backoff, sleep
        )
        if code is None:
            repeated = any(row[3] for row in rows)
            if not (detail.startswith("HTTP 5") and repeated and self.answers()):
                raise _Stop(detail)
            return self.split(rows)
        if code in (200, 204):
            self.delivered(rows)
            return None
        if code in ENDPOINT_WRONG:
            raise _Stop(f"HTTP {code}")
        return self.split(rows)

    def split(self, rows: list[Row]) -> str | None:
        """Send the rows in halves, down to single statements, each once (no retries)."""
        if len(rows) == 1:
            return self.single(rows[0])
        problem: str | None = None
        for part in (rows[: len(rows) // 2], rows[len(rows) // 2 :]):
            body = ("[" + ",".join(row[2] for row in part) + "]").encode()
            code, _ = self.ask("POST", self.config.statements_url, body)
            if code in (200, 204):
                self.delivered(part)
            else:
                problem = self.split(part) or problem
        return problem

    def single(self, row: Row) -> str | None:
        """Send one statement by its id: delivered, set aside, or left waiting (its problem returned)."""
        _, statement_id, statement, attempts = row
        url = self.config.statements_url + "?statementId=" + statement_id
        code, detail = self.ask("PUT", url, statement.encode())
        if code in (200, 204, 409):
            self.delivered([row])
            return None
        reason = _reason(code, detail, statement)
        if code >= 500 and not self.answers():
            raise _Stop(f"HTTP {code}")
        if code >= 500 and not attempts:  # once may be the LRS's bad moment: set aside when it fails again
            _note(self.store, [statement_id], reason)
            self.noted.add(statement_id)
            return reason
        _put_aside(self.store, statement_id, reason)
        self.done.add(statement_id)
        self.set_aside += 1
        return None

    def ask(self, method: str, url: str, body: bytes) -> Answer:
        """One request; raises _Stop when the LRS cannot be reached or refuses these credentials or this address."""
        try:
            code, detail = self.send(method, url, body, self.config.headers())
        except LrsError as error:
            raise _Stop(str(error)) from None
        if code in ENDPOINT_WRONG:
            raise _Stop(f"HTTP {code}")
        return code, detail

    def answers(self) -> bool:
        """Whether the LRS is up: it accepted a statement in this sync, or answers a read of one statement."""
        if not self.lrs_answers:
            headers = {k: v for k, v in self.config.headers().items() if k != "Content-Type"}
            try:
                code, _ = self.send("GET", self.config.statements_url + "?limit=1", b"", headers)
            except LrsError:
                return False
            self.lrs_answers = code < 500
        return self.lrs_answers

    def delivered(self, rows: list[Row]) -> None:
        self.sent += _mark_sent(self.store, [row[1] for row in rows])
        self.done.update(row[1] for row in rows)
        self.lrs_answers = True


ENDPOINT_WRONG = (401, 403, 404, 405)
"""Answers that are about the credentials or the address, not a statement: nothing more is sent."""


def _reason(code: int, detail: str, statement: str) -> str:
    """Why a statement was set aside: the LRS's status and the start of its answer on one line (Ralph explains
    a refusal in JSON), after the IRIs in it that are none, when there are such (a 500 explains nothing)."""
    text = " ".join(detail.split())
    text = text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1] + "…"
    try:
        wrong = not_iris(json.loads(statement))
    except (ValueError, AttributeError, TypeError):
        wrong = []
    named = f" (not an IRI: {'; '.join(wrong[:3])})" if wrong else ""
    return f"HTTP {code}{named}" + (f": {text}" if text else "")


def _claim(store: Store, after: int, batch: int, destination: str | None) -> list[Row]:
    """The next waiting rows of `destination` no other sync is sending, claimed for this one."""
    with transaction(store.conn):
        now = store.clock()
        rows = store.conn.execute(
            "SELECT seq, id, statement, attempts FROM outbox WHERE sent_at IS NULL AND set_aside_at IS NULL"
            " AND (destination = ? OR (destination IS NULL AND ? IS NULL))"
            " AND (claimed_until IS NULL OR claimed_until <= ?) AND seq > ? ORDER BY seq LIMIT ?",
            (destination, destination, now, after, batch),
        ).fetchall()
        store.conn.executemany(
            "UPDATE outbox SET claimed_until = ? WHERE seq = ?", [(now + CLAIM_SECONDS, row[0]) for row in rows]
        )
    return [(int(row[0]), str(row[1]), str(row[2]), int(row[3])) for row in rows]


def _release(store: Store, ids: list[str]) -> None:
    with transaction(store.conn):
        store.conn.executemany("UPDATE outbox SET claimed_until = NULL WHERE id = ?", [(i,) for i in ids])


def _with_retries(
    send: Sender,
    request: tuple[str, str, bytes],
    config: LrsConfig,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> tuple[int | None, str]:
    """(status, "") of the first attempt that reached the LRS and was not a 5xx, else (None, the reason);
    an answer about the credentials stops at once."""
    reason = ""
    for tried in range(retries + 1):
        if tried:
            sleep(backoff * 2 ** (tried - 1))
        try:
            code, _ = send(*request, config.headers())
        except LrsError as error:
            reason = str(error)
            continue
        if code < 500:
            return code, ""
        reason = f"HTTP {code}"
    return None, reason


def _mark_sent(store: Store, ids: list[str]) -> int:
    """Mark the statements sent; returns how many were not marked so already (by another sync)."""
    with transaction(store.conn):
        marked = 0
        for statement_id in ids:
            cursor = store.conn.execute(
                "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL"
                " WHERE id = ? AND sent_at IS NULL",
                (store.clock(), statement_id),
            )
            marked += cursor.rowcount
    return marked


def _note(store: Store, ids: list[str], error: str | None) -> None:
    with transaction(store.conn):
        store.conn.executemany(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
            [(error, statement_id) for statement_id in ids],
        )


def _put_aside(store: Store, statement_id: str, reason: str) -> None:
    with transaction(store.conn):
        store.conn.execute(
            "UPDATE outbox SET set_aside_at = ?, reason = ?, last_error = ?, attempts = attempts + 1 WHERE id = ?",
            (store.clock(), reason, reason, statement_id),
        )
