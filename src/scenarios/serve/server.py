"""The web server of `scenarios serve`: the web trainer at its root (`scenarios.web`: pages rendered here, a
trainee's session in the store), and the terminal app in a browser at `/terminal`, one app process per browser
session.

The terminal is built from textual-serve's parts: its JavaScript terminal (xterm.js), `AppService` (one app process per
websocket, speaking Textual's web driver protocol on the process's stdin/stdout) and `DownloadManager`
(what the app delivers with `App.deliver_text` reaches the browser as a download). Our own are the guard in
front of every route (the token, the signed cookies), the trainee's name page, the trainer's page (every
asset from this server; its script closes the websocket when the page is left), which trainee each process
plays as (the name from the verified cookie), and the sessions' limits (`sessions`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import secrets
import shlex
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from scenarios.i18n.catalog import t
from scenarios.records.background import SYNC_EVERY, SyncSchedule, sync_store
from scenarios.records.cmi5 import Launch, LaunchError, launch_problem
from scenarios.records.cmi5_course import LAUNCH_PATH
from scenarios.records.cmi5_launch import start_launch
from scenarios.records.outbox import find_launch, launch_ended
from scenarios.serve.guard import (
    ACCESS_COOKIE,
    ACCESS_DAYS,
    LAUNCH_COOKIE,
    TRAINEE_COOKIE,
    TRAINEE_DAYS,
    Guard,
    SignIn,
    Throttle,
    encode_trainee,
)
from scenarios.serve.pages import message_page, name_page, page_language, render, trainer_page
from scenarios.serve.sessions import ALIVE_EVERY, BrowserSession, Limits, Sessions, stop_service
from scenarios.store import Store
from scenarios.store.connection import Location
from scenarios.store.trainee import Trainee, clean_name, lms_trainee, served_trainee
from scenarios.web.browsers import Limits as WebLimits
from scenarios.web.server import WebRoutes

log = logging.getLogger("scenarios.serve")

CHILD_MODULE = "scenarios.cli.served"
"""The module each browser session runs: the trainer app as the trainee named on its command line."""
SHUTDOWN_WAIT = 10.0
"""Seconds the server gives its open sessions to end when it stops."""
TERMINAL = Path(textual_serve.__file__).parent / "static"
"""textual-serve's terminal: textual.js, xterm.css, the Roboto Mono font."""
ASSETS = Path(__file__).parent / "static"
"""The trainer page's own style sheet and script."""
ABANDONED = 4001
"""The close code of a session the server ended because its page was left (silent or hidden too long)."""
REFUSED = 4003
"""The close code of a session the server would not start (over a limit; the reason says which): the page
goes to `/refused/{reason}`, which tells why."""
REFUSAL_STATUS = {"full": 503, "yours": 429}
HEADERS = {
    # textual.js adds a style element of its own: styles may be inline, scripts never.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Our own forms must carry their origin (a POST under `no-referrer` says `Origin: null`); others get nothing.
    "Referrer-Policy": "same-origin",
}
"""Sent with every response: nothing but this server's own scripts, styles, fonts and connections, and no
other site may frame the trainer."""
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
NAME_FORM_COOKIE = "scenarios_name_form"
"""The name page's own random value for this browser, whose signature its form carries (the form's token)."""
NAME_FORM_VALUE = re.compile(r"[A-Za-z0-9_-]{22}")
MAX_REQUEST = 64 * 1024
"""The largest request body taken (a form of the web trainer is well under a kilobyte), as the phones' server."""
TERMINAL_PAGE = "/terminal"
"""The terminal app's page (its websocket, downloads and assets keep their addresses)."""


def child_command(trainee: Trainee, language: str, python: str = sys.executable) -> str:
    """The shell command of one trainee's app process (`exec`: the shell becomes the app, so stopping it
    stops the app). The name travels as URL-safe base64, a word no shell interprets; `language` (fi or en)
    is the app's until the trainee picks one in the settings."""
    return f"exec {shlex.quote(python)} -m {CHILD_MODULE} {encode_trainee(trainee)} {shlex.quote(language)}"


class TrainerServer:
    """The aiohttp application: the guard, the name page, textual-serve's page, websocket and downloads."""

    def __init__(
        self,
        guard: Guard,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        language: str = "fi",
        command_for: Callable[[Trainee, str], str] = child_command,
        records: Location | None = None,
        sync_every: float = SYNC_EVERY,
        limits: Limits | None = None,
        sign_in: SignIn | None = None,
        lms: Sequence[str] = (),
        web_limits: WebLimits | None = None,
        story_paths: list[str | Path] | None = None,
    ) -> None:
        self.guard = guard
        self.sign_in = sign_in or SignIn()
        """The proxies in front, and the header naming the trainee behind an organisation's sign-in."""
        self.host = host
        self.port = port
        self.public_url = public_url.rstrip("/") if public_url else None
        """The address browsers use when it is not this server's own (behind a reverse proxy)."""
        self.language = language
        self.command_for = command_for
        self.download_manager = DownloadManager()
        self.throttle = Throttle()
        """Wrong access tokens per address."""
        self.sessions = Sessions(limits or Limits())
        """The live browser sessions by their app service's id."""
        self.records = records
        """The store whose waiting learning records the server sends to the LRS while it runs (None: none)."""
        self.sync_schedule = SyncSchedule(every=sync_every)
        self.lms = tuple(lms)
        """The LMS addresses whose cmi5 launches the server takes (`--cmi5-lms`; none: it takes none)."""
        self.web: WebRoutes | None = None
        """The web trainer at the root, over the store of `records` (None without a store: the terminal only)."""
        if records is not None:
            self.web = WebRoutes(
                records,
                sign=guard.sign,
                trainee_of=self.trainee_of,
                secure=self.secure,
                names=self.sign_in.header is None,
                language=language,
                limits=web_limits,
                paths=story_paths,
            )

    # --- the application -------------------------------------------------------------
    def make_app(self) -> web.Application:
        """The routes, every one behind the guard (behind a sign-in proxy there is no name page: the proxy names
        the trainee)."""
        app = web.Application(client_max_size=MAX_REQUEST, middlewares=[self.guard_middleware])
        app.on_response_prepare.append(add_headers)
        if self.web is not None:
            app.add_routes(self.web.routes())
            app.on_startup.append(self.web.start)
            app.on_cleanup.append(self.web.stop)
        else:
            app.add_routes([web.get("/", self.handle_page)])
        app.add_routes(
            [
                web.get(TERMINAL_PAGE, self.handle_page),
                web.get("/ws", self.handle_session),
                web.get("/refused/{why}", self.handle_refused),
                web.get(LAUNCH_PATH, self.handle_launch),
                web.get("/download/{key}", self.handle_download),
                web.static("/static", TERMINAL),
                web.static("/assets", ASSETS),
            ]
        )
        if self.sign_in.header is None:
            app.add_routes([web.get("/trainee", self.handle_name_form), web.post("/trainee", self.handle_name)])
        app.on_shutdown.append(self.close_sessions)
        return app

    @web.middleware
    async def guard_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Every route: refused unless `refusal_of` lets it through. A fault of ours is a plain page in the
        browser's language and one line in the log, never a traceback."""
        try:
            refused = self.refusal_of(request)
            if refused is not None:
                return refused
            if (
                request.method == "GET"
                and self.sign_in.header is None
                and self.guard.token_ok(request.query.get("token"))
            ):
                return self.home_with_cookie(request, ACCESS_COOKIE, self.guard.access_cookie(), ACCESS_DAYS)
            return await handler(request)
        except web.HTTPRequestEntityTooLarge:  # a form over MAX_REQUEST: said in the browser's language
            return self.message(request, 413, "too_big")
        except web.HTTPNotFound:
            # An address no route has (not a route's own "not found"): the trainer's page, not aiohttp's plain text.
            if self.web is None or request.method != "GET" or request.match_info.http_exception is None:
                raise
            return await self.web.unknown(request)
        except (web.HTTPException, asyncio.CancelledError):
            raise
        except Exception as error:
            log.error("%s %s failed: %s: %s", request.method, request.path, type(error).__name__, error)
            return self.message(request, 500, "broken")

    def refusal_of(self, request: web.Request) -> web.Response | None:
        """Why a request may not reach its route (the page that says so), or None. Behind a sign-in proxy: it
        came from the proxy, which named a trainee. Otherwise: the token, or a valid access cookie (wrong
        tokens are limited per address). Either way, a websocket or form from another site's page is refused
        (the browser would send our cookies, or the sign-in's, with it)."""
        if self.sign_in.header is not None:
            if not self.sign_in.trusted(request.remote):
                return self.message(request, 403, "proxy_only")
            if self.trainee_of(request) is None:
                return self.message(request, 403, "no_user", header=self.sign_in.header)
        else:
            given = request.query.get("token")
            if given is not None and self.throttle.blocked(self.client_address(request)):
                return self.message(request, 429, "throttled")
            token_ok = self.guard.token_ok(given)
            if given is not None and not token_ok:
                self.throttle.wrong(self.client_address(request))
            # An LMS's launch carries no token: the launch itself is checked with the LMS (`handle_launch`).
            launch = request.path == LAUNCH_PATH
            if not token_ok and not self.guard.access_ok(request.cookies.get(ACCESS_COOKIE)) and not launch:
                return self.forbidden(request)
        return None if self.same_origin(request) else self.forbidden(request)

    def client_address(self, request: web.Request) -> str:
        """The address of the browser the request came from (as a trusted proxy says, behind one)."""
        return self.sign_in.client_address(request.remote, request.headers.get("X-Forwarded-For"))

    def same_origin(self, request: web.Request) -> bool:
        """The page that sent the request is this server's (as the browser reached it): a browser's `Origin`
        says so, or, on a form posted without one, its `Referer`. A request that names neither comes from no
        other site's page (a browser sends `Origin` with every websocket and cross-site form)."""
        origin = request.headers.get("Origin")
        if origin is None and request.method not in SAFE_METHODS:
            origin = request.headers.get("Referer")
        if origin is None:
            return True
        ours = {request.host}
        if self.public_url:
            ours.add(urlsplit(self.public_url).netloc)
        try:
            return urlsplit(origin).netloc in ours
        except ValueError:  # not a URL at all
            return False

    def message(
        self, request: web.Request, status: int, key: str, *, again: bool = False, **params: object
    ) -> web.Response:
        """A page that tells the browser something (`serve.<key>`), in its language (`again`: with a link to
        try the trainer again)."""
        language = page_language(request.headers.get("Accept-Language"), self.language)
        page = message_page(language, key, again=again, **params)
        return web.Response(status=status, text=page, content_type="text/html")

    def forbidden(self, request: web.Request) -> web.Response:
        """The refusal, in the browser's language."""
        return self.message(request, 403, "forbidden")

    def secure(self, request: web.Request) -> bool:
        """The browser reached us over HTTPS (directly, or through a proxy that says so)."""
        if self.public_url is not None:
            return self.public_url.startswith("https:")
        return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"

    def trainee_of(self, request: web.Request) -> Trainee | None:
        """The trainee the sign-in proxy's header names, or else this browser's signed cookie; or None."""
        if self.sign_in.header is not None:
            return self.sign_in.trainee(request.remote, request.headers.get(self.sign_in.header))
        return self.guard.trainee_of(request.cookies.get(TRAINEE_COOKIE))

    async def player_of(self, request: web.Request) -> tuple[Trainee | None, Launch | None]:
        """Who this browser plays as: the learner of the LMS launch its cookie names while that session is
        open, else the trainee its name cookie names (or None)."""
        launch_id = self.guard.launch_of(request.cookies.get(LAUNCH_COOKIE))
        if launch_id is not None and self.records is not None:
            launch = await asyncio.to_thread(_open_launch, self.records, launch_id)
            if launch is not None:
                account = launch.actor["account"]
                return lms_trainee(str(account["name"]), str(account["homePage"]), launch.actor.get("name")), launch
        return self.trainee_of(request), None

    # --- a launch from an LMS (cmi5) -------------------------------------------------
    def launch_over(self, request: web.Request) -> web.Response:
        """A page opened again after its LMS session ended (the learner went back, or left the page): the LMS
        starts the next one."""
        language = page_language(request.headers.get("Accept-Language"), self.language)
        page = render(
            "message.html.j2",
            language,
            title=t("cmi5.over.title", language),
            message=t("cmi5.over", language),
            again=False,
        )
        return web.Response(status=410, text=page, content_type="text/html")

    async def handle_launch(self, request: web.Request) -> web.StreamResponse:
        """cmi5: an LMS opens a story (the AU's URL with the launch parameters). The launch is begun with the
        LMS (the token, the launch data) in a thread; the browser then gets the access cookie and the launch's
        cookie (for this browser session), and the trainer plays the story as the LMS's learner."""
        if self.records is None:
            error = LaunchError("not_enabled")
        else:
            try:
                launch = await asyncio.to_thread(start_launch, self.records, dict(request.query), self.lms)
            except LaunchError as refused:
                error = refused
            else:
                log.info("cmi5 launch of %s from %s", launch.story, urlsplit(launch.endpoint).netloc)
                response = self.home_with_cookie(
                    request, ACCESS_COOKIE, self.guard.access_cookie(), ACCESS_DAYS, home=TERMINAL_PAGE
                )
                cookie = self.guard.launch_cookie(launch.id)
                response.set_cookie(LAUNCH_COOKIE, cookie, httponly=True, samesite="Lax", secure=self.secure(request))
                return response
        language = page_language(request.headers.get("Accept-Language"), self.language)
        title, sentence = launch_problem(error, language)
        status = (
            502 if error.code == "lms_unreachable" else 403 if error.code in ("not_enabled", "lms_not_allowed") else 400
        )
        page = render("message.html.j2", language, title=title, message=sentence, again=False)
        return web.Response(status=status, text=page, content_type="text/html")

    # --- pages -----------------------------------------------------------------------
    async def handle_page(self, request: web.Request) -> web.StreamResponse:
        """The terminal app's page: without a trainee, ask for a name; else the page whose terminal opens the
        websocket. (With the token in the URL, any page first trades it for the access cookie: the guard.)"""
        trainee, _ = await self.player_of(request)
        if trainee is None and self.guard.launch_of(request.cookies.get(LAUNCH_COOKIE)) is not None:
            return self.launch_over(request)
        if trainee is None:
            return see_other("/trainee")
        base = self.public_url or f"{'https' if self.secure(request) else 'http'}://{request.host}"
        scheme, _, rest = base.partition(":")
        language = page_language(request.headers.get("Accept-Language"), self.language)
        page = trainer_page(
            language,
            title=f"{t('tui.app_title', language)} · {trainee.name}",
            websocket_url=f"{'wss' if scheme == 'https' else 'ws'}:{rest}/ws",
            alive_seconds=ALIVE_EVERY,
        )
        return web.Response(text=page, content_type="text/html")

    async def handle_refused(self, request: web.Request) -> web.StreamResponse:
        """The page of a browser whose session would have been one too many: the server is full, or the
        trainee has the trainer open in as many tabs and devices as they may. (The trainer's page always
        loads: a page reloaded at the limit is told apart from a new one only once the old page is gone, when
        the new page opens its websocket.)"""
        why = request.match_info["why"]
        if why not in REFUSAL_STATUS:
            raise web.HTTPNotFound()
        limits = self.sessions.limits
        count = limits.sessions if why == "full" else limits.per_trainee
        response = self.message(request, REFUSAL_STATUS[why], why, again=True, count=count)
        response.headers["Retry-After"] = "60"
        return response

    def home_with_cookie(
        self, request: web.Request, name: str, value: str, days: int, home: str | None = None
    ) -> web.StreamResponse:
        """A redirect that sets one of the trainer's cookies (HTTP-only, kept `days` days): to `home`, else to the
        page asked for without the token in its address."""
        response = see_other(home or request.path)
        response.set_cookie(
            name, value, max_age=days * 86400, httponly=True, samesite="Lax", secure=self.secure(request), path="/"
        )
        return response

    def name_form(self, request: web.Request, language: str, *, status: int = 200, **shown: Any) -> web.Response:
        """The name page, its form carrying this browser's token: a random value of the browser's own (a cookie
        of the name page's, made on its first visit), signed. No other site's page can know it."""
        held = request.cookies.get(NAME_FORM_COOKIE, "")
        value = held if NAME_FORM_VALUE.fullmatch(held) else secrets.token_urlsafe(16)
        page = name_page(language, form_token=self.guard.sign("name", value), **shown)
        response = web.Response(status=status, text=page, content_type="text/html")
        if value != held:
            response.set_cookie(
                NAME_FORM_COOKIE, value, httponly=True, samesite="Strict", secure=self.secure(request), path="/trainee"
            )
        return response

    def name_form_ok(self, request: web.Request, sent: object) -> bool:
        """The name form came with this browser's token."""
        held = request.cookies.get(NAME_FORM_COOKIE, "")
        if not isinstance(sent, str) or not sent.isascii() or not NAME_FORM_VALUE.fullmatch(held):
            return False
        return hmac.compare_digest(sent, self.guard.sign("name", held))

    async def handle_name_form(self, request: web.Request) -> web.Response:
        """The form where the trainee gives a name (again, to change it)."""
        language = page_language(request.headers.get("Accept-Language"), self.language)
        trainee = self.trainee_of(request)
        return self.name_form(request, language, current=trainee.name if trainee is not None else None)

    async def handle_name(self, request: web.Request) -> web.StreamResponse:
        """Remember the trainee's name in a signed cookie and open the trainer; a name that cannot be one is
        asked again with the reason, as is one sent without this browser's token (nothing is taken from it)."""
        form = await request.post()
        language = page_language(request.headers.get("Accept-Language"), self.language)
        if not self.name_form_ok(request, form.get("form_token")):
            return self.name_form(request, language, status=403, expired=True)
        raw = form.get("name")
        name = clean_name(raw) if isinstance(raw, str) else None
        if name is None:
            return self.name_form(request, language, status=400, error=True, given=raw if isinstance(raw, str) else "")
        return self.home_with_cookie(
            request, TRAINEE_COOKIE, self.guard.trainee_cookie(served_trainee(name)), TRAINEE_DAYS, home="/"
        )

    # --- a browser session -----------------------------------------------------------
    async def handle_session(self, request: web.Request) -> web.StreamResponse:
        """The websocket of one browser: start the trainee's app process and relay between the two."""
        trainee, launch = await self.player_of(request)
        if trainee is None:
            return self.forbidden(request)
        language = page_language(request.headers.get("Accept-Language"), self.language)
        command = self.command_for(trainee, language)
        if launch is not None:  # the story the LMS launched, as its learner
            command += f" --launch {shlex.quote(launch.id)}"
        width = _number(request.query.get("width"), 80)
        height = _number(request.query.get("height"), 24)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        service = AppService(
            command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=partial(close_quietly, websocket),
            download_manager=self.download_manager,
        )
        why = await self.sessions.room_for(trainee)
        if why is not None:
            await websocket.close(code=REFUSED, message=why.encode())
            return websocket
        session = BrowserSession(trainee, websocket, service, heard_at=self.sessions.clock())
        self.sessions.add(service.app_service_id, session)
        try:
            await service.start(width, height)
            await relay(session, self.sessions.clock)
        except asyncio.CancelledError:
            pass
        finally:
            session.left = True
            await websocket.close()
            await stop_service(service)
            self.sessions.remove(service.app_service_id)
        return websocket

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the trainee's own app delivers (a debrief): streamed from the process as a download.
        Another trainee's download is refused even with its key."""
        key = request.match_info["key"]
        try:
            download = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound() from None
        session = self.sessions.get(download.app_service.app_service_id)
        trainee, _ = await self.player_of(request)
        if session is None or trainee is None or session.trainee.key != trainee.key:
            return self.forbidden(request)
        response = web.StreamResponse()
        charset = f"; charset={download.encoding}" if download.encoding else ""
        response.headers["Content-Type"] = download.mime_type + charset
        disposition = "inline" if download.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(download.file_name)}"
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def close_sessions(self, app: web.Application) -> None:
        """The server stops: close every browser's websocket and end every app process."""
        sessions = list(self.sessions)
        for session in sessions:
            await session.websocket.close(code=WSCloseCode.GOING_AWAY)
        await asyncio.gather(*(stop_service(session.service) for session in sessions))

    async def end_abandoned(self, stop: asyncio.Event) -> None:
        """While the server runs, end the sessions whose page was left without closing its websocket: frozen
        or kept in a cache (it stopped saying it is alive) or hidden too long. Closing the websocket ends the
        relay, and with it the app process; the page, if it is ever shown again, reloads."""
        limits = self.sessions.limits
        every = max(0.05, min(5.0, limits.silent / 4, limits.hidden / 4))
        while not stop.is_set():
            for session in self.sessions.abandoned():
                log.info("ending the session of a page left open: %s", session.trainee.name)
                await session.websocket.close(code=ABANDONED, message=b"page left")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)

    # --- running ---------------------------------------------------------------------
    async def serve(self, ready: Callable[[str], None], stop: asyncio.Event | None = None) -> None:
        """Listen until `stop` is set (or SIGINT/SIGTERM); `ready` gets the URL to open, with the token (behind a
        sign-in proxy, without: the proxy lets the trainee in)."""
        runner = web.AppRunner(self.make_app(), handle_signals=False, access_log=None, shutdown_timeout=SHUTDOWN_WAIT)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        stop = stop or asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signal_number, stop.set)
            except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
                pass
        host, port = runner.addresses[0][:2]
        base = self.public_url or f"http://{_url_host(str(host))}:{port}"
        ready(f"{base}/" if self.sign_in.header else f"{base}/?token={quote(self.guard.token, safe='')}")
        chores = [asyncio.create_task(self.sync_records(stop)), asyncio.create_task(self.end_abandoned(stop))]
        try:
            await stop.wait()
        finally:
            for chore in chores:
                chore.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await chore
            await runner.cleanup()

    async def sync_records(self, stop: asyncio.Event) -> None:
        """While the server runs, send the waiting learning records of every trainee to the LRS: at start,
        then every minute, waiting longer while the LRS is down or none is set (as the app does). So a
        playthrough finished while the LRS was down need not wait for the next trainee to open the trainer.
        Each sync runs in a thread with its own connection; the browsers' app processes may sync beside it
        (a statement sent twice keeps its id, and the LRS holds it once)."""
        if self.records is None:
            return
        schedule = self.sync_schedule
        while not stop.is_set():
            if schedule.due:
                report = await asyncio.to_thread(sync_store, self.records)
                schedule.record(report)
                if report.sent:
                    log.info("sent %d learning records to the LRS", report.sent)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=max(0.0, schedule.next_at - schedule.clock()))


def _open_launch(records: Location, launch_id: str) -> Launch | None:
    """A kept launch whose session is still open (read in a thread: the store is not the event loop's)."""
    store = Store(records)
    try:
        return None if launch_ended(store, launch_id) else find_launch(store, launch_id)
    finally:
        store.close()


async def relay(session: BrowserSession, clock: Callable[[], float]) -> None:
    """The browser's keys, mouse, size and focus to the app process (textual-serve's message envelopes); the
    page's "alive" messages (ours: is it visible) to the session."""
    websocket, service = session.websocket, session.service
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        session.heard(clock(), visible=data if kind == "alive" and isinstance(data, bool) else None)
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(_number(data.get("width"), 80), _number(data.get("height"), 24))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Every response carries `HEADERS` (the page's own, the static files, refusals, the websocket's answer)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)


async def close_quietly(websocket: web.WebSocketResponse) -> None:
    """Close the browser's websocket (the app process has ended)."""
    await websocket.close()


def see_other(location: str) -> web.Response:
    """A redirect to `location` after a request (303: the browser follows it with a GET)."""
    return web.Response(status=303, headers={"Location": location})


def _number(value: object, default: int) -> int:
    """A terminal size from the browser: a whole number from 1 to 1000, else `default`."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if 1 <= number <= 1000 else default


def _url_host(host: str) -> str:
    """A bound address as a URL's host: this machine's name for every address, IPv6 in brackets."""
    if host in ("0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host
