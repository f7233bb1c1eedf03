"""The phones' web server: an aiohttp app run inside the rehearsal app's own event loop.

Every page is rendered on the server (Jinja2 with autoescape); forms post and redirect, so a
phone without JavaScript works by reloading. With JavaScript a page listens to `/events`
(Server-Sent Events) and reloads itself when the session moves on; after a restart of the app
the browser reconnects by itself (`retry:`), and the stored token and secret keep its cookie valid.

Nothing here is shared between threads: the handlers run in the app's event loop, one at a time
between the app's own steps, and change the session only through its methods (each change is
saved at once by the session's records).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import sqlite3
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Protocol

from aiohttp import web

from scenarios.i18n.catalog import LANGUAGES, t
from scenarios.i18n.present import story_language
from scenarios.phones.access import JoinError, Participant, PhoneAccess
from scenarios.phones.address import base_url, join_url
from scenarios.phones.connections import Guard, Limits
from scenarios.phones.pages import render
from scenarios.phones.views import (
    PresenterKey,
    clock_of,
    page_of,
    presenter_page_of,
    presenter_stage_of,
    stage_of,
    station_page_of,
)
from scenarios.rehearsal.replies import marks_of
from scenarios.rehearsal.session import Phase, Session
from scenarios.rehearsal.stations import GRID_FIELDS, SKILL_KINDS, StationError, StationSession
from scenarios.rehearsal.votes import VoteError
from scenarios.visible import visible

MAX_REQUEST = 64 * 1024
"""The largest request body accepted (a note of 1000 characters fits many times over, so does a whole station form)."""
NOTE_LIMIT = 1000
STATION_TEXT_LIMIT = 1000
"""The most characters in one field of a station's grid or skills typed on a phone."""
PARTICIPANT_LIMIT = 200
"""The most phones that may join a session. Typed names take only the places the listed names leave free."""
TYPED_JOINS = 10
"""Joins under a typed name from one address (one phone on the room's network): one client cannot take
every place, and the names on the facilitator's list are always there to join under."""
CODE_TRIES = 10
"""Wrong session codes accepted from one address (one phone on the room's network) before it may type no more."""
CODE_TRIES_IN_ALL = 300
"""Wrong session codes accepted from all addresses together before typing codes is shut for everyone: a
guess among the 148 million codes (23 letters, six of them) then succeeds once in half a million sessions.
The link and the QR code still work."""
KEEPALIVE = 15.0
PRESENTER_LOOK = 0.5
"""Seconds between two looks at the shared screen's keys for the presenter view: a dialog opened there, or the
next screen shown, changes them without changing the session, so nothing else would say so."""
RETRY_MS = 2000
STATIC = Path(__file__).parent / "static"
WRITE_TIME = 10.0
"""Seconds a live page may take to read the next update before its connection is closed."""
FLASHES = ("voted", "withdrawn", "sent", "saved", "written", "unwritten")
PROBLEMS = ("closed", "turn_taken", "empty", "long", "no_note", "station_long", "unsaved", "writing_closed")
REPLY_KEY = re.compile(r"^[A-Za-z0-9_-]{22}$")
"""A phone's own-reply key as `secrets.token_urlsafe(16)` makes it (see `PhoneServer.reply_key`)."""
JOIN_ERRORS = ("no_name", "long_name", "unknown_name", "taken", "full", "too_many", "unsaved")
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Saves(Protocol):
    """Where the session's changes are saved (`StoryRecords`, `StationRecords`): what a phone is told waits for it."""

    def saved(self) -> Future[None]:
        """Done when every change so far is in the store; failed with its `sqlite3.Error` when it is not."""
        ...


class Remote(Protocol):
    """The facilitator's shared screen as the presenter view drives it (`tui.rehearse.presenter`)."""

    @property
    def language(self) -> str:
        """The facilitator's language: the presenter view speaks it (the room's phones follow the session's)."""
        ...

    def keys(self) -> tuple[PresenterKey, ...]:
        """The keys the shared screen offers now that the presenter view may press, with their words."""
        ...

    async def press(self, key: str) -> bool:
        """Press `key` on the shared screen as the facilitator would; False when it does nothing there now."""
        ...


# An error inside a handler becomes a plain 500 page; it must never be printed over the terminal app.
logging.getLogger("aiohttp").addHandler(logging.NullHandler())
logging.getLogger("aiohttp").propagate = False


class PhoneServer:
    """The session's pages for phones, listening on `host:port` from `start()` until `stop()`."""

    def __init__(
        self,
        session: Session | StationSession,
        access: PhoneAccess,
        saves: Saves,
        *,
        host: str,
        port: int,
        limits: Limits | None = None,
    ) -> None:
        self.session = session
        self.access = access
        self.saves = saves
        """The session's records: a vote, a note or a station's text is acknowledged once they have kept it."""
        self.host = host
        self.port = port
        self.guard = Guard(limits or Limits())
        """The connections held now, by address (over the limits, or out of time, they are closed)."""
        self.on_join: Callable[[], None] | None = None
        """Told when someone joins (the facilitator's join screen counts them)."""
        self.on_station: Callable[[str], None] | None = None
        """Told the station whenever its keeper saved from a phone (the facilitator's screens show it)."""
        self.remote: Remote | None = None
        """The shared screen the presenter view drives (`/p/<key>`); without it there is no presenter view."""
        self.written: dict[str, float] = {}
        """Station → when its keeper last saved from a phone (the session's clock)."""
        self._runner: web.AppRunner | None = None
        self._listening: asyncio.Server | None = None
        self._wake = asyncio.Event()
        self._closing = False
        self._wrong_codes: dict[str, int] = {}
        """Address → wrong session codes typed from it."""
        self._typed_joins: Counter[str] = Counter()
        """Address → joins under a typed name from it."""
        self._reply_keys: dict[str, str] = {}
        """Participant id → the random key their own replies are kept under, while the app runs (the phone's
        cookie holds it too, for after a restart). Never saved: the session's record cannot tell who wrote what."""

    # --- addresses -------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The join link (with the session's token): what the QR code holds."""
        return join_url(self.host, self.port, self.access.token)

    @property
    def presenter_url(self) -> str:
        """The presenter view's address: for the facilitator alone, never shown on the shared screen."""
        return f"{self.base}/p/{self.access.presenter_key}"

    @property
    def base(self) -> str:
        """The address where the session code can be typed instead."""
        return base_url(self.host, self.port)

    # --- lifecycle -------------------------------------------------------------------
    async def start(self) -> None:
        """Listen (raises `OSError` when the address cannot be used, e.g. the port is taken)."""
        app = web.Application(client_max_size=MAX_REQUEST, middlewares=[self._guard])
        app.router.add_get("/", self.code_page)
        app.router.add_post("/code", self.code_posted)
        app.router.add_get("/static/{name}", self.static)
        app.router.add_get("/s/{token}", self.page)
        app.router.add_post("/s/{token}/join", self.join)
        app.router.add_post("/s/{token}/vote", self.vote)
        app.router.add_post("/s/{token}/note", self.note)
        app.router.add_post("/s/{token}/reply", self.reply)
        app.router.add_post("/s/{token}/station", self.station)
        app.router.add_get("/s/{token}/events", self.events)
        app.router.add_get("/p/{key}", self.presenter)
        app.router.add_post("/p/{key}/key", self.presenter_key)
        app.router.add_get("/p/{key}/events", self.presenter_events)
        app.on_shutdown.append(self._on_shutdown)
        idle = self.guard.limits.request_time
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0, keepalive_timeout=idle)
        await runner.setup()
        assert runner.server is not None
        try:
            # Listening here rather than through a TCPSite: each connection passes the guard first.
            listening = await asyncio.get_running_loop().create_server(
                self.guard.wrap(runner.server), self.host, self.port, reuse_address=True
            )
        except BaseException:
            await runner.cleanup()
            raise
        if self.port == 0:  # the tests ask for any free port
            self.port = int(listening.sockets[0].getsockname()[1])
        self._runner, self._listening = runner, listening
        self._closing = False
        self.session.watch(self.changed)

    async def stop(self) -> None:
        """Stop listening; the open pages' live connections end (their browsers retry until the app is back)."""
        self.session.unwatch(self.changed)
        runner, self._runner = self._runner, None
        listening, self._listening = self._listening, None
        if listening is not None:
            listening.close()  # no new connections
        if runner is not None:
            await runner.cleanup()  # the open ones are answered or closed

    @property
    def running(self) -> bool:
        """True between `start()` and `stop()`."""
        return self._runner is not None

    def changed(self, session: Session | StationSession, kind: str, payload: dict[str, Any]) -> None:
        """The session changed: wake the live connections (each sends the new stage if it moved)."""
        self._wake.set()
        self._wake = asyncio.Event()

    async def _on_shutdown(self, app: web.Application) -> None:
        self._closing = True
        self._wake.set()

    # --- the guard: errors and headers -----------------------------------------------
    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        ended = Guard.started(request.transport)
        try:
            return await self._answer(request, handler)
        finally:
            ended()

    async def _answer(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.can_read_body:  # a form's body comes in time, or the connection is closed
            try:
                async with asyncio.timeout(self.guard.limits.request_time):
                    await request.read()
            except TimeoutError:
                if request.transport is not None:
                    request.transport.abort()
                return self._error(request, 408, "refused")
            except web.HTTPRequestEntityTooLarge:
                return self._error(request, 413, "too_big")
        try:
            response = await handler(request)
        except web.HTTPRequestEntityTooLarge:
            response = self._error(request, 413, "too_big")
        except web.HTTPNotFound:
            response = self._error(request, 404, "not_found")
        except web.HTTPMethodNotAllowed:
            response = self._error(request, 405, "not_found")
        except web.HTTPException as exception:
            if exception.status >= 400:
                response = self._error(request, exception.status, "refused")
            else:
                raise
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug is a plain page, never a traceback on the phone or over the terminal
            response = self._error(request, 500, "broken")
        if not response.prepared:
            for name, value in HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    def _error(self, request: web.Request, status: int, key: str) -> web.Response:
        language = self.language_of(request)
        body = render("error.html.j2", language, message=t(f"phones.error.{key}", language), status=status)
        return web.Response(status=status, text=body, content_type="text/html")

    # --- the request's participant and language ---------------------------------------
    def _checked(self, request: web.Request) -> None:
        """A wrong or missing token is 'not found': the page does not say whether a session exists."""
        if not self.access.token_ok(request.match_info.get("token", "")):
            raise web.HTTPNotFound()

    def participant(self, request: web.Request) -> Participant | None:
        """The participant the request's signed cookie names, or None."""
        return self.access.participant_of(request.cookies.get(self.cookie_name))

    @property
    def cookie_name(self) -> str:
        """One cookie per session on this machine."""
        return f"phone{self.access.session_id}"

    @property
    def reply_cookie(self) -> str:
        """The cookie that holds a phone's own-reply key."""
        return f"words{self.access.session_id}"

    def reply_key(self, request: web.Request, who: Participant) -> str:
        """The key `who`'s own replies are kept under: the one this app gave them, else their phone's cookie (after
        a restart), else a new random one. The session keeps replies by it alone, so no record links a reply to a
        name; the server's memory does only while the app runs, so a phone that lost its cookie still replaces
        its own reply."""
        key = self._reply_keys.get(who.id)
        if key is None:
            cookie = request.cookies.get(self.reply_cookie, "")
            key = cookie if REPLY_KEY.match(cookie) else secrets.token_urlsafe(16)
            self._reply_keys[who.id] = key
        return key

    def language_of(self, request: web.Request) -> str:
        """`?lang=`, else the language chosen before on this phone (a cookie), else the session's: a phone
        follows the room, whatever its own language (the shared screen and the phones say the same words).
        The presenter view follows the facilitator's app instead."""
        asked = request.query.get("lang") or request.cookies.get("lang")
        if asked in LANGUAGES:
            return str(asked)
        own = self.remote.language if self.remote is not None and request.path.startswith("/p/") else None
        default = own or self.session.language
        return default if default in LANGUAGES else LANGUAGES[0]

    def _html(self, request: web.Request, template: str, status: int = 200, **values: Any) -> web.Response:
        language = self.language_of(request)
        body = render(template, language, **values)
        response = web.Response(status=status, text=body, content_type="text/html")
        if request.query.get("lang") in LANGUAGES:
            response.set_cookie("lang", language, max_age=86400 * 30, httponly=True, samesite="Strict")
        return response

    def _back(self, flash: str = "") -> web.HTTPSeeOther:
        """After a post: to the participant's page (Post/Redirect/Get, so a reload never posts twice)."""
        location = f"/s/{self.access.token}" + (f"?m={flash}" if flash else "")
        return web.HTTPSeeOther(location)

    # --- pages -----------------------------------------------------------------------
    async def static(self, request: web.Request) -> web.StreamResponse:
        """The page's style sheet and script (served here: no CDN, nothing from outside)."""
        name = request.match_info["name"]
        types = {"phones.css": "text/css", "phones.js": "text/javascript"}
        if name not in types:
            raise web.HTTPNotFound()
        return web.Response(text=(STATIC / name).read_text(encoding="utf-8"), content_type=types[name])

    async def code_page(self, request: web.Request) -> web.StreamResponse:
        """The address without the link's token: type the session code."""
        return self._code_form(request)

    async def code_posted(self, request: web.Request) -> web.StreamResponse:
        """A typed session code: to the session's page when it is right."""
        form = await request.post()
        if not self._form_is(form.get("form"), "code"):
            raise web.HTTPForbidden()
        if self._codes_shut(request):
            return self._code_form(request)
        if self.access.code_ok(str(form.get("code", ""))):
            raise web.HTTPSeeOther(f"/s/{self.access.token}")
        address = request.remote or ""
        self._wrong_codes[address] = self._wrong_codes.get(address, 0) + 1
        return self._code_form(request, 403, wrong=True)

    def _code_form(self, request: web.Request, status: int = 200, *, wrong: bool = False) -> web.Response:
        """The page to type the session code on, or, once too many wrong codes came, the way to join instead."""
        if self._codes_shut(request):
            return self._html(request, "code.html.j2", 429, form="", wrong=False, shut=True)
        return self._html(request, "code.html.j2", status, form=self.access.sign("code", ""), wrong=wrong, shut=False)

    def _codes_shut(self, request: web.Request) -> bool:
        """True when this address, or all of them together, typed too many wrong codes."""
        mine = self._wrong_codes.get(request.remote or "", 0)
        return mine >= CODE_TRIES or sum(self._wrong_codes.values()) >= CODE_TRIES_IN_ALL

    async def page(self, request: web.Request) -> web.StreamResponse:
        """The participant's page: join first, then what the session shows now."""
        self._checked(request)
        who = self.participant(request)
        language = self.language_of(request)
        if who is None:
            taken = {p.name for p in self.access.participants().values()}
            names = [(name, name in taken) for name in self.names()]
            typed = self.access.typed_names or not names
            error = request.query.get("e", "")
            return self._html(
                request, "join.html.j2", names=names, typed=typed, form=self.access.sign("join", ""),
                team=self.session.team, token=self.access.token,
                error=t(f"phones.join.error.{error}", language) if error in JOIN_ERRORS else "",
            )  # fmt: skip
        flash = request.query.get("m", "")
        shown = t(f"phones.flash.{flash}", language) if flash in FLASHES + PROBLEMS else ""
        if isinstance(self.session, StationSession):
            return self._html(
                request, "station.html.j2",
                page=station_page_of(self.session, who.name, language, request.query.get("role", "")),
                who=who.name, team=self.session.team, form=self.access.form_token(who.id), token=self.access.token,
                flash=shown, problem=flash in PROBLEMS, limit=STATION_TEXT_LIMIT,
            )  # fmt: skip
        return self._html(
            request,
            "page.html.j2",
            page=page_of(self.session, who.id, language, self._known_reply_key(request, who)),
            who=who.name,
            team=self.session.team,
            form=self.access.form_token(who.id),
            token=self.access.token,
            flash=shown,
            problem=flash in PROBLEMS,
            note_limit=NOTE_LIMIT,
        )

    async def join(self, request: web.Request) -> web.StreamResponse:
        """Join under a name from the list (or a typed one): a signed cookie says who this phone is."""
        self._checked(request)
        form = await request.post()
        if not self._form_is(form.get("form"), "join"):
            raise web.HTTPForbidden()
        if self.participant(request) is not None:
            raise self._back()
        name = visible(str(form.get("name") or form.get("typed") or ""), one_line=True)
        try:
            who, saved = self.access.join(name, self._joinable(request, name))
        except JoinError as error:
            raise web.HTTPSeeOther(f"/s/{self.access.token}?e={error.code}") from None
        if not await self._kept(saved):
            self.access.forget(who)
            raise web.HTTPSeeOther(f"/s/{self.access.token}?e=unsaved")
        if who.name not in self.names():
            self._typed_joins[request.remote or ""] += 1
        response = self._back()
        response.set_cookie(
            self.cookie_name, self.access.cookie_for(who), path=f"/s/{self.access.token}",
            max_age=86400, httponly=True, samesite="Strict",
        )  # fmt: skip
        if self.on_join is not None:
            self.on_join()
        raise response

    async def vote(self, request: web.Request) -> web.StreamResponse:
        """A vote (or a changed vote) for an option of the current decision, until the reveal."""
        who = await self._poster(request)
        form = await request.post()
        option = str(form.get("option", ""))
        try:
            self._story().phone_vote(who.id, option or None, who.name)
        except VoteError as error:
            flash = {"wrong_phase": "closed", "already_voted": "turn_taken"}.get(error.code, "")
            raise self._back(flash) from None
        if not await self._kept():
            raise self._back("unsaved")
        raise self._back("voted" if option else "withdrawn")

    async def note(self, request: web.Request) -> web.StreamResponse:
        """A note to the facilitator in the reflection: added to the question's notes."""
        who = await self._poster(request)
        form = await request.post()
        text = str(form.get("text", "")).replace("\r\n", "\n").strip()
        if not text:
            raise self._back("empty")
        if len(text) > NOTE_LIMIT:
            raise self._back("long")
        asked = str(form.get("question", ""))
        question = int(asked) if asked.isdigit() else None  # the question the page showed (an old page: none)
        try:
            self._story().add_phone_note(who.name, visible(text), question)
        except VoteError:
            raise self._back("no_note") from None
        if not await self._kept():
            raise self._back("unsaved")
        raise self._back("sent")

    async def reply(self, request: web.Request) -> web.StreamResponse:
        """Own words first: a participant's own reply at the decision on screen, while the room writes. Checked
        against the decision's rubric here (the word lists' work, off the event loop) and kept with its marks,
        without its author; a new reply replaces the phone's earlier one, an empty one takes it back."""
        who = await self._poster(request)
        session = self._story()
        form = await request.post()
        text = visible(str(form.get("text", "")).replace("\r\n", "\n").strip())
        if len(text) > NOTE_LIMIT:
            raise self._back("long")
        decision = session.decision
        if decision is None or session.phase != Phase.WRITE:
            raise self._back("writing_closed")
        marked: tuple[str, ...] = ()
        if text:
            story, at = session.story, len(session.decisions)
            language = story_language(story, self.language_of(request))
            marked = await asyncio.to_thread(marks_of, story, decision.node, language, text)
            if session.phase != Phase.WRITE or len(session.decisions) != at:  # moved on while it was checked
                raise self._back("writing_closed")
        key = self.reply_key(request, who)
        try:
            session.add_reply(key, text, marked)
        except VoteError:
            raise self._back("writing_closed") from None
        if not await self._kept():
            raise self._back("unsaved")
        response = self._back("written" if text else "unwritten")
        response.set_cookie(
            self.reply_cookie, key, path=f"/s/{self.access.token}", max_age=86400, httponly=True, samesite="Strict"
        )
        raise response

    def _known_reply_key(self, request: web.Request, who: Participant) -> str:
        """`who`'s own-reply key if they have one (a page never makes one up)."""
        cookie = request.cookies.get(self.reply_cookie, "")
        return self._reply_keys.get(who.id) or (cookie if REPLY_KEY.match(cookie) else "")

    async def station(self, request: web.Request) -> web.StreamResponse:
        """A station keeper's texts: the grid fields for a customer role and the station's skills, as posted.

        Only the keeper of the station writes it (anyone else: 403). A form posts every field; the page's
        script posts one field at a time (`X-Requested-With: fetch`, answered 204 with nothing to follow).
        """
        who = await self._poster(request)
        session = self.session
        if not isinstance(session, StationSession):
            raise web.HTTPNotFound()
        form = await request.post()
        mine = session.keeper_station(who.name)
        asked = str(form.get("station", "")) or mine
        if mine is None or asked != mine:
            raise web.HTTPForbidden()
        role = str(form.get("role", ""))
        if role not in session.roles:
            raise web.HTTPBadRequest()
        texts = {
            name: str(form[name]).replace("\r\n", "\n").strip() for name in GRID_FIELDS + SKILL_KINDS if name in form
        }
        fetched = request.headers.get("X-Requested-With") == "fetch"
        if any(len(text) > STATION_TEXT_LIMIT for text in texts.values()):
            if fetched:
                raise web.HTTPRequestEntityTooLarge(max_size=STATION_TEXT_LIMIT, actual_size=0)
            raise self._station_back(role, "station_long")
        kept: dict[str, str] = {}
        try:
            for name, text in texts.items():
                seen = form.get(f"base-{name}")  # what the page showed in the field (an old page: not said)
                base = None if seen is None else visible(str(seen).replace("\r\n", "\n"))
                if name in GRID_FIELDS:
                    kept[name] = session.fill_grid(mine, role, name, visible(text), base=base, author=who.name)
                else:
                    kept[name] = session.fill_skills(mine, name, visible(text), base=base, author=who.name)
        except StationError:
            raise web.HTTPBadRequest() from None
        if texts:
            self.written[mine] = session.clock()
            if self.on_station is not None:
                self.on_station(mine)
        if not await self._kept():
            if fetched:
                raise web.HTTPServiceUnavailable()
            raise self._station_back(role, "unsaved")
        if fetched:  # the texts as kept (someone else's added to a field they wrote in too) and who else wrote
            page = station_page_of(session, who.name, self.language_of(request), role)
            shown = {f.name: {"text": f.text, "also": f.also} for f in page.grid + page.skills if f.name in kept}
            return web.json_response({"fields": shown})
        raise self._station_back(role, "saved")

    def _joinable(self, request: web.Request, name: str) -> tuple[str, ...]:
        """The names `name` may join among, or `JoinError` when no more may join from here.

        A listed name can always be joined while it is free; a typed one only while the typed names leave
        every listed name a place, and while this address has not typed too many (`TYPED_JOINS`)."""
        listed = self.names()
        if " ".join(name.split()) in listed:
            return listed
        joined = self.access.participants().values()
        typed = sum(1 for p in joined if p.name not in listed)
        if typed + len(listed) >= PARTICIPANT_LIMIT:
            raise JoinError("full")
        if self._typed_joins[request.remote or ""] >= TYPED_JOINS:
            raise JoinError("too_many")
        return listed

    async def _kept(self, saved: Future[None] | None = None) -> bool:
        """True once the store has kept `saved` (by default every change of the session so far): only then is
        a phone told that what it sent is in. The wait is the writer thread's; the event loop goes on."""
        try:
            await asyncio.wrap_future(saved if saved is not None else self.saves.saved())
        except sqlite3.Error:
            return False
        return True

    def release(self, participant_id: str) -> Participant | None:
        """Free a participant's name for another phone (the facilitator's join screen): the old cookie stops
        working for it, and a phone vote of theirs on the open decision is taken back (the name may vote again
        once rejoined, once). The participant released, or None when they had not joined."""
        session = self.session
        voting = isinstance(session, Session) and session.phase == Phase.VOTE
        if voting and isinstance(session, Session) and session.phone_vote_of(participant_id) is not None:
            session.phone_vote(participant_id, None)
        released = self.access.release(participant_id)
        if released is not None and self.on_join is not None:
            self.on_join()  # the facilitator's count of who joined
        return released

    def _story(self) -> Session:
        """The story session (a station rotation takes no votes or notes: 404)."""
        if not isinstance(self.session, Session):
            raise web.HTTPNotFound()
        return self.session

    def _station_back(self, role: str, flash: str) -> web.HTTPSeeOther:
        """After a station post: the keeper's page on the same customer role."""
        return web.HTTPSeeOther(f"/s/{self.access.token}?role={role}&m={flash}")

    def names(self) -> tuple[str, ...]:
        """The names a phone can join under: the session's participants, or everyone in the rotation."""
        if isinstance(self.session, StationSession):
            return self.session.people()
        return self.session.participants.names

    async def _poster(self, request: web.Request) -> Participant:
        """The participant behind a post: the right token, a signed cookie, and their own form token."""
        self._checked(request)
        who = self.participant(request)
        form = await request.post()
        if who is None or not self.access.form_ok(who.id, str(form.get("form", ""))):
            raise web.HTTPForbidden()
        return who

    def _form_is(self, value: object, purpose: str) -> bool:
        return isinstance(value, str) and self.access.signed_ok(purpose, "", value)

    # --- the presenter view: the facilitator's own remote ---------------------------------
    def _presenting(self, request: web.Request) -> tuple[Remote, Session | StationSession]:
        """The remote and the session behind a presenter view's request; a wrong key is 'not found'."""
        remote, session = self.remote, self.session
        if remote is None:
            raise web.HTTPNotFound()
        if not self.access.presenter_ok(request.match_info.get("key", "")):
            raise web.HTTPNotFound()
        return remote, session

    async def presenter(self, request: web.Request) -> web.StreamResponse:
        """The presenter view: the session as the facilitator needs it, and the shared screen's keys as buttons."""
        remote, session = self._presenting(request)
        language = self.language_of(request)
        keys = remote.keys()
        flash = request.query.get("m", "")
        return self._html(
            request, "presenter.html.j2", page=presenter_page_of(session, language, keys),
            stage=presenter_stage_of(session, keys), key=self.access.presenter_key, team=session.team,
            form=self.access.sign("presenter-form", ""),
            flash=t(f"presenter.flash.{flash}", language) if flash in ("moved", "not_now") else "",
        )  # fmt: skip

    async def presenter_key(self, request: web.Request) -> web.StreamResponse:
        """A key pressed in the presenter view: pressed on the shared screen, if the session still stands where
        the page showed it (two quick taps, or a tap sent again after the app was down, never press twice)."""
        remote, session = self._presenting(request)
        form = await request.post()
        if not self._form_is(form.get("form"), "presenter-form"):
            raise web.HTTPForbidden()
        back = f"/p/{self.access.presenter_key}"
        keys = remote.keys()
        if str(form.get("stage", "")) != presenter_stage_of(session, keys):
            raise web.HTTPSeeOther(f"{back}?m=moved")
        key = str(form.get("key", ""))
        if key not in {k.key for k in keys} or not await remote.press(key):
            raise web.HTTPSeeOther(f"{back}?m=not_now")
        raise web.HTTPSeeOther(back)

    async def presenter_events(self, request: web.Request) -> web.StreamResponse:
        """The presenter view's live updates: as a phone's, and also at each vote or answer that comes in."""
        remote, session = self._presenting(request)
        return await self._stream(request, lambda: presenter_stage_of(session, remote.keys()), look=PRESENTER_LOOK)

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-Sent Events: the session's stage now and whenever it moves (votes do not move it), and the
        countdown (`event: clock`) whenever the facilitator pauses, extends or skips it or it runs out: each phone
        counts it down by itself in between."""
        self._checked(request)
        if self.participant(request) is None:
            raise web.HTTPForbidden()
        return await self._stream(request, lambda: stage_of(self.session))

    async def _stream(
        self, request: web.Request, stage_now: Callable[[], str], *, look: float = KEEPALIVE
    ) -> web.StreamResponse:
        """The live connection of a page: `stage_now()` whenever it changes (looked at when the session changes,
        and every `look` seconds), and the clock's events."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", **HEADERS})
        await response.prepare(request)
        sent = ""

        async def write(data: bytes) -> None:
            """A phone that reads nothing for `WRITE_TIME` holds no buffer of ours any longer."""
            try:
                async with asyncio.timeout(WRITE_TIME):
                    await response.write(data)
            except TimeoutError:
                raise ConnectionResetError("the phone reads nothing") from None

        timed: tuple[bool, bool, float] | None = None
        quiet = 0.0
        with contextlib.suppress(ConnectionError):  # the phone went away
            await write(f"retry: {RETRY_MS}\n\n".encode())
            while True:
                stage = stage_now()
                if stage != sent:
                    await write(f"data: {stage}\n\n".encode())
                    sent = stage
                clock = clock_of(self.session)
                signature = None if clock is None else clock.signature(self.session.clock())
                if clock is not None and signature != timed:  # paused, extended, skipped or run out
                    await write(clock.to_event().encode())
                timed = signature
                if self._closing:
                    break
                wake = self._wake
                try:
                    await asyncio.wait_for(wake.wait(), look)
                except TimeoutError:
                    quiet += look
                    if quiet >= KEEPALIVE:
                        await write(b": still here\n\n")
                        quiet = 0.0
                else:
                    quiet = 0.0
        return response
