"""The web trainer's routes on `scenarios serve` (aiohttp): each request becomes a `Visit`, its action runs in the
store's one thread, and its `Reply` becomes the response.

`scenarios.serve.server` mounts these routes behind its guard (the token or the sign-in, the signed cookies,
same-origin forms, the security headers, the 64 KiB request limit); here are the browser's own cookie (which
of the trainee's windows it is) and the token every form carries. The event loop never touches the store:
one thread does, in order, so a page is answered only once what it says has been saved.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hmac
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from aiohttp import web

from scenarios.store import Store
from scenarios.store.connection import Location
from scenarios.store.trainee import Trainee
from scenarios.story import browse
from scenarios.web.actions import WebTrainer
from scenarios.web.browsers import Limits
from scenarios.web.lessons import LessonPages
from scenarios.web.pages import STATIC, Download, Redirect, Reply, Visit

BROWSER_COOKIE = "scenarios_browser"
"""Which of the trainee's browsers this is (a random id, signed): the owner of its playthroughs' leases."""
BROWSER_DAYS = 365
CHORES_EVERY = 10.0
"""Seconds between the store thread's chores: the open playthroughs' leases, browsers gone silent, the library."""
NEW_BROWSER = web.RequestKey("new_browser", str)
"""A browser seen for the first time in this request (its new id, for the cookie the response sets)."""
STORY = r"{story:[A-Za-z0-9_-]{1,64}}"
LESSON = r"{lesson:[a-z0-9-]{1,64}}"
FILTER_MAX = 200
"""The longest search text taken (characters)."""

T = TypeVar("T")
Sign = Callable[..., str]


class WebRoutes:
    """The web trainer's routes and the one thread that runs its actions over `store_path`'s store."""

    def __init__(
        self,
        store_path: Location,
        *,
        sign: Sign,
        trainee_of: Callable[[web.Request], Trainee | None],
        secure: Callable[[web.Request], bool],
        names: bool = True,
        language: str = "fi",
        limits: Limits | None = None,
        paths: list[str | Path] | None = None,
    ) -> None:
        self.store_path = store_path
        self.sign = sign
        """Signs values with the server's secret (the browser cookie, the form token)."""
        self.trainee_of = trainee_of
        self.secure = secure
        self.names = names
        """Trainees give a name on the name page (False behind an organisation's sign-in)."""
        self.language = language
        self.limits = limits
        self.paths = paths
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="web-store")
        self.trainer: WebTrainer | None = None
        self.lesson_pages: LessonPages | None = None
        self._chores: asyncio.Task[None] | None = None
        self._warming: asyncio.Task[None] | None = None

    # --- the store's thread --------------------------------------------------------------
    async def run(self, action: Callable[..., T], *args: Any) -> T:
        """Run `action(*args)` in the store's thread (the loop waits for nothing else)."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, action, *args)

    def answer(self, action: Callable[..., T], *args: Any) -> T:
        """In the store's thread: `action(*args)` as one request's (`WebTrainer.request`)."""
        with self.actions.request():
            return action(*args)

    def _open(self) -> None:
        store = Store(self.store_path)
        store.checkpoint_aside()  # a page never waits for the write-ahead log's copy into the database
        self.trainer = WebTrainer(store, limits=self.limits, language=self.language, paths=self.paths)
        self.lesson_pages = LessonPages(self.trainer)

    def _close(self) -> None:
        if self.trainer is not None:
            self.trainer.close()
            self.trainer.store.close()

    def _warm_up(self) -> None:
        """Read the library and its stories, and keep them (with the code loaded by now) out of the garbage
        collector's full passes: they live as long as the server, and with a thousand trainees' sessions beside
        them a full pass over it all held every page for about a tenth of a second."""
        assert self.trainer is not None
        self.trainer.infos(self.language)
        self.trainer.library.stories  # noqa: B018  (each story read now, not by its first trainee)
        gc.freeze()

    async def start(self, app: web.Application) -> None:
        """Open the store in its thread and start the chores; the library is read there next, while the server
        already listens, so the first trainee need not wait for it (a page asked meanwhile waits its turn)."""
        await self.run(self._open)
        self._chores = asyncio.create_task(self.chores())
        self._warming = asyncio.create_task(self.run(self._warm_up))

    async def stop(self, app: web.Application) -> None:
        """Stop the chores, leave every open playthrough, close the store."""
        if self._chores is not None:
            self._chores.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._chores
        if self._warming is not None:
            with contextlib.suppress(Exception):  # a library that cannot be read is said by the pages that need it
                await self._warming
        await self.run(self._close)
        self.executor.shutdown(wait=True)

    async def chores(self) -> None:
        """Every few seconds, in the store's thread: leases, silent browsers, the story folders."""
        while True:
            await asyncio.sleep(CHORES_EVERY)
            assert self.trainer is not None
            await self.run(self.trainer.chores)

    # --- routes --------------------------------------------------------------------------
    def routes(self) -> list[web.AbstractRouteDef]:
        """Every route of the web trainer (the serve's guard is in front of each)."""
        return [
            web.get("/", self.library),
            web.get(f"/stories/{STORY}", self.story),
            web.post(f"/stories/{STORY}/begin", self.begin),
            web.get(f"/play/{STORY}", self.play),
            web.post(f"/play/{STORY}/choose", self.choose),
            web.post(f"/play/{STORY}/own", self.own_send),
            web.post(f"/play/{STORY}/own/done", self.own_done),
            web.get(f"/play/{STORY}/verdict/{{number:[0-9]{{1,4}}}}", self.verdict),
            web.post(f"/play/{STORY}/leave", self.leave),
            web.get(f"/play/{STORY}/debrief", self.debrief),
            web.get(f"/play/{STORY}/debrief.md", self.debrief_file),
            web.get("/alive", self.alive),
            web.get("/progress", self.progress),
            web.get("/progress/{record:[0-9]{1,12}}", self.past_debrief),
            web.get("/progress/{record:[0-9]{1,12}}/debrief.md", self.past_debrief_file),
            web.get("/lessons", self.lessons),
            web.get(f"/lessons/{LESSON}", self.lesson),
            web.post(f"/lessons/{LESSON}/play", self.play_lesson),
            web.get("/review", self.review),
            web.post("/review/begin", self.review_begin),
            web.get("/review/play", self.review_play),
            web.post("/review/choose", self.review_choose),
            web.post("/review/next", self.review_next),
            web.post("/review/end", self.review_end),
            web.get("/review/done", self.review_done),
            web.get("/glossary", self.glossary),
            web.get("/settings", self.settings),
            web.post("/settings", self.save_settings),
            web.post("/language", self.switch_language),
            web.static("/web", STATIC),
        ]

    # --- who asks --------------------------------------------------------------------------
    def browser_of(self, request: web.Request) -> str | None:
        """The browser's id from its signed cookie, or None."""
        cookie = request.cookies.get(BROWSER_COOKIE, "")
        if not cookie.isascii() or cookie.count(".") != 1:
            return None
        browser, signature = cookie.split(".")
        ok = browser and hmac.compare_digest(signature, self.sign("browser", browser))
        return browser if ok else None

    def form_token(self, browser: str) -> str:
        """The token every form of this browser carries."""
        return self.sign("form", browser)

    async def visit(self, request: web.Request, *, form: bool = False) -> tuple[Visit, dict[str, str]] | web.Response:
        """Who asks, and the form they sent; or the response that sends them elsewhere: to the name page, or
        back with a refusal when a form lacks this browser's token."""
        trainee = self.trainee_of(request)
        if trainee is None:
            raise web.HTTPSeeOther("/trainee")
        browser = self.browser_of(request)
        fields: dict[str, str] = {}
        if form:
            posted = await request.post()
            fields = {key: value for key, value in posted.items() if isinstance(value, str)}
            token = fields.get("form_token", "")
            if browser is None or not hmac.compare_digest(token, self.form_token(browser)):
                return await self.expired(request, trainee)
        new = browser is None
        browser = browser or secrets.token_urlsafe(16)
        visit = Visit(trainee, browser, self.form_token(browser), request.headers.get("Accept-Language"), self.names)
        if new:
            request[NEW_BROWSER] = browser
        return visit, fields

    async def expired(self, request: web.Request, trainee: Trainee) -> web.Response:
        """A form without this browser's token (an old page, another site's form, a browser without cookies)."""
        browser = self.browser_of(request) or secrets.token_urlsafe(16)
        visit = Visit(trainee, browser, self.form_token(browser), request.headers.get("Accept-Language"), self.names)
        reply = await self.run(self.answer, self.actions.expired, visit)
        return self.respond(request, reply, new_browser=None if self.browser_of(request) else browser)

    def respond(self, request: web.Request, reply: Reply, *, new_browser: str | None = None) -> web.Response:
        """The reply as a response; a browser seen for the first time gets its cookie."""
        if isinstance(reply, Redirect):
            response: web.Response = web.Response(status=303, headers={"Location": reply.location})
        elif isinstance(reply, Download):
            response = web.Response(text=reply.text, content_type=reply.mime, charset="utf-8")
            response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(reply.name)}"
        else:
            response = web.Response(status=reply.status, text=reply.html, content_type="text/html", charset="utf-8")
        response.headers["Cache-Control"] = "no-store"
        browser = new_browser or request.get(NEW_BROWSER)
        if browser:
            value = f"{browser}.{self.sign('browser', browser)}"
            response.set_cookie(
                BROWSER_COOKIE,
                value,
                max_age=BROWSER_DAYS * 86400,
                httponly=True,
                samesite="Lax",
                secure=self.secure(request),
                path="/",
            )
        return response

    async def page(
        self, request: web.Request, action: Callable[..., Reply], *args: Any, form: bool = False
    ) -> web.Response:
        """Answer a request with `action(visit, *args)` (a form's fields, when asked for, go first)."""
        asked = await self.visit(request, form=form)
        if isinstance(asked, web.Response):
            return asked
        visit, fields = asked
        reply = await self.run(self.answer, action, visit, *((fields, *args) if form else args))
        return self.respond(request, reply)

    @property
    def actions(self) -> WebTrainer:
        """The web trainer's actions (opened when the server started)."""
        assert self.trainer is not None
        return self.trainer

    # --- handlers --------------------------------------------------------------------------
    async def unknown(self, request: web.Request) -> web.Response:
        """An address that is nothing of ours: the trainer's own page that says so, with the way back (to a
        browser that has given no name yet, the plain answer)."""
        if self.trainee_of(request) is None:
            raise web.HTTPNotFound()
        return await self.page(request, self.actions.not_found)

    async def library(self, request: web.Request) -> web.Response:
        """The library, with the search and filters the form sent."""
        query = request.query
        search = browse.Search(
            text=query.get("q", "")[:FILTER_MAX],
            channel=query.get("channel") or None,
            customer=query.get("customer") or None,
            theme=query.get("theme") or None,
        )
        return await self.page(request, self.actions.library_page, search, query.get("note"))

    async def story(self, request: web.Request) -> web.Response:
        """A story's page."""
        return await self.page(request, self.actions.story_page, request.match_info["story"], request.query.get("note"))

    async def begin(self, request: web.Request) -> web.Response:
        """Start a story, or answer the offer about its unfinished playthrough."""

        def begin(visit: Visit, fields: dict[str, str], story: str) -> Reply:
            return self.actions.begin(visit, story, fields.get("answer", ""), fields.get("mode"))

        return await self.page(request, begin, request.match_info["story"], form=True)

    async def play(self, request: web.Request) -> web.Response:
        """The playthrough as it stands."""
        return await self.page(request, self.actions.play_page, request.match_info["story"], request.query.get("note"))

    async def choose(self, request: web.Request) -> web.Response:
        """A choice, from the page made at choice `step`."""

        def choose(visit: Visit, fields: dict[str, str], story: str) -> Reply:
            step, number = _whole(fields.get("step")), _whole(fields.get("choice"))
            if step is None or number is None:
                return Redirect(f"/play/{story}?note=stale")
            return self.actions.choose(visit, story, step, number)

        return await self.page(request, choose, request.match_info["story"], form=True)

    async def own_send(self, request: web.Request) -> web.Response:
        """The trainee's own reply, written before the options."""

        def send(visit: Visit, fields: dict[str, str], story: str) -> Reply:
            step = _whole(fields.get("step"))
            if step is None:
                return Redirect(f"/play/{story}?note=stale")
            return self.actions.own_send(visit, story, step, fields.get("reply", ""))

        return await self.page(request, send, request.match_info["story"], form=True)

    async def own_done(self, request: web.Request) -> web.Response:
        """The checklist read, with the marks the trainee turned over (`turn-<id>` boxes), on to the options."""

        def done(visit: Visit, fields: dict[str, str], story: str) -> Reply:
            step = _whole(fields.get("step"))
            if step is None:
                return Redirect(f"/play/{story}?note=stale")
            turned = {name.removeprefix("turn-") for name in fields if name.startswith("turn-")}
            return self.actions.own_done(visit, story, step, turned)

        return await self.page(request, done, request.match_info["story"], form=True)

    async def verdict(self, request: web.Request) -> web.Response:
        """The verdict on one choice."""
        number = int(request.match_info["number"])
        return await self.page(request, self.actions.verdict_page, request.match_info["story"], number)

    async def leave(self, request: web.Request) -> web.Response:
        """Leave the story for now."""

        def leave(visit: Visit, fields: dict[str, str], story: str) -> Reply:
            return self.actions.leave(visit, story)

        return await self.page(request, leave, request.match_info["story"], form=True)

    async def debrief(self, request: web.Request) -> web.Response:
        """The debrief of the story just played."""
        return await self.page(request, self.actions.debrief_page, request.match_info["story"])

    async def debrief_file(self, request: web.Request) -> web.Response:
        """The debrief as a download."""
        return await self.page(request, self.actions.debrief_file, request.match_info["story"])

    async def alive(self, request: web.Request) -> web.Response:
        """An open page's "still here" (its script says it every minute while the page is seen)."""
        asked = await self.visit(request)
        if isinstance(asked, web.Response):
            return asked
        await self.run(self.answer, self.actions.alive, asked[0])
        return web.Response(status=204, headers={"Cache-Control": "no-store"})

    async def progress(self, request: web.Request) -> web.Response:
        """The trainee's results."""
        return await self.page(request, self.actions.progress_page)

    async def past_debrief(self, request: web.Request) -> web.Response:
        """The debrief of a finished playthrough."""
        return await self.page(request, self.actions.past_debrief, int(request.match_info["record"]))

    async def past_debrief_file(self, request: web.Request) -> web.Response:
        """The debrief of a finished playthrough, as a download."""

        def as_file(visit: Visit, record: int) -> Reply:
            return self.actions.past_debrief(visit, record, as_file=True)

        return await self.page(request, as_file, int(request.match_info["record"]))

    @property
    def lessons_of(self) -> LessonPages:
        """The lessons' and the review's pages (opened when the server started)."""
        assert self.lesson_pages is not None
        return self.lesson_pages

    async def lessons(self, request: web.Request) -> web.Response:
        """The trainee's lessons by chapter."""
        return await self.page(request, self.lessons_of.lessons_page)

    async def lesson(self, request: web.Request) -> web.Response:
        """One lesson and the decisions that test it."""
        return await self.page(request, self.lessons_of.lesson_page, request.match_info["lesson"])

    async def play_lesson(self, request: web.Request) -> web.Response:
        """Play one of a lesson's decisions."""

        def play(visit: Visit, fields: dict[str, str], lesson: str) -> Reply:
            return self.lessons_of.play_lesson(visit, lesson, fields.get("decision", ""))

        return await self.page(request, play, request.match_info["lesson"], form=True)

    async def review(self, request: web.Request) -> web.Response:
        """What the day's review holds, and the way in."""
        return await self.page(request, self.lessons_of.review_page)

    async def review_begin(self, request: web.Request) -> web.Response:
        """Begin the day's review."""
        return await self.page(request, lambda visit, fields: self.lessons_of.begin(visit), form=True)

    async def review_play(self, request: web.Request) -> web.Response:
        """The round's decision, or the verdict on the choice made there."""
        return await self.page(request, self.lessons_of.play_page)

    async def review_choose(self, request: web.Request) -> web.Response:
        """A choice at the round's decision, from the page made at choice `step`."""

        def choose(visit: Visit, fields: dict[str, str]) -> Reply:
            step, number = _whole(fields.get("step")), _whole(fields.get("choice"))
            if step is None or number is None:
                return Redirect("/review/play")
            return self.lessons_of.choose(visit, step, number)

        return await self.page(request, choose, form=True)

    async def review_next(self, request: web.Request) -> web.Response:
        """On from a verdict in the round."""
        return await self.page(request, lambda visit, fields: self.lessons_of.next(visit), form=True)

    async def review_end(self, request: web.Request) -> web.Response:
        """End the round here."""
        return await self.page(request, lambda visit, fields: self.lessons_of.end(visit), form=True)

    async def review_done(self, request: web.Request) -> web.Response:
        """The round's end."""
        return await self.page(request, self.lessons_of.done_page)

    async def glossary(self, request: web.Request) -> web.Response:
        """The core concepts."""
        return await self.page(request, self.actions.glossary_page)

    async def settings(self, request: web.Request) -> web.Response:
        """The trainee's settings."""
        return await self.page(request, self.actions.settings_page, request.query.get("note"))

    async def save_settings(self, request: web.Request) -> web.Response:
        """Keep the settings the form sent."""

        def save(visit: Visit, fields: dict[str, str]) -> Reply:
            given: dict[str, str] = {
                name: fields[name] for name in ("language", "mode", "theme", "own_words") if name in fields
            }
            return self.actions.save_settings(visit, given)

        return await self.page(request, save, form=True)

    async def switch_language(self, request: web.Request) -> web.Response:
        """The header's language button: keep the other language and come back to the page it was pressed on."""

        def switch(visit: Visit, fields: dict[str, str]) -> Reply:
            back = request.headers.get("Referer", "/")
            path = back.split("://", 1)[-1].partition("/")[2]
            back = "/" + path.split("#", 1)[0] if "://" in back else "/"
            return self.actions.save_settings(visit, {"language": fields.get("language", "")}, back=back)

        return await self.page(request, switch, form=True)


def _whole(value: str | None) -> int | None:
    """A whole number a form sent (at most six digits), or None."""
    return int(value) if value is not None and value.isdigit() and len(value) <= 6 else None
