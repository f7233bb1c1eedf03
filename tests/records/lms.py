"""The LMS's part of cmi5, for the tests: it imports a course package, launches an AU as the specification says
an LMS does, and is the AU's xAPI endpoint, with a real Ralph behind it as the LMS's LRS.

By the cmi5 specification (Quartz): importing checks the course structure (13.1, 14); a launch makes an
activity id that is not the publisher's (8.1.5), a session id, writes `LMS.LaunchData` (10) with the context
template (the publisher id in `grouping`, the session id), records `launched` (9.3.1) and hands out a one-time
fetch URL (8.2) whose auth token the endpoint then requires. Ralph 5.1 serves statements only, so this endpoint
answers the state and agent-profile resources itself (as an LMS's LRS does) and passes statements to Ralph.
Everything the AU asks is kept, for the test to check the AU's side of the rules.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from aiohttp import web

from tests.records.ralph import KEY, SECRET, Ralph, free_port

NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
EXT = "https://w3id.org/xapi/cmi5/context/extensions/"
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")


class ImportRefused(AssertionError):
    """The course package breaks a rule of the course structure (cmi5 13, 14)."""


@dataclass(frozen=True)
class Au:
    """An imported assignable unit."""

    id: str
    title: dict[str, str]
    url: str
    move_on: str
    mastery: float | None
    activity_id: str
    """The LMS's own activity id for it (cmi5 8.1.5: not the publisher's)."""


@dataclass
class Session:
    """One launch: what the LMS gave the AU, and whether the fetch URL was used."""

    au: Au
    actor: dict[str, Any]
    registration: str
    session_id: str
    token: str
    fetch_code: str
    fetched: int = 0


@dataclass
class Lms:
    """The test's LMS on loopback: `publish` a package, `launch` an AU, read what the AU asked in `requests`."""

    ralph: Ralph | None
    """The LMS's LRS (None: an LMS that only imports)."""
    port: int = field(default_factory=free_port)
    aus: dict[str, Au] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    state: dict[tuple[str, str, str, str], bytes] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    """(method, path and query) of every request the AU made."""
    returned: list[str] = field(default_factory=list)
    """The sessions whose learner came back to the return URL."""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        return self.base + "/xapi/"

    # --- importing ---------------------------------------------------------------------------------------------
    def publish(self, package: bytes) -> list[Au]:
        """Import a course package (a ZIP with cmi5.xml at its root), checking the course structure's rules."""
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            if "cmi5.xml" not in archive.namelist():
                raise ImportRefused("cmi5 14.1: the package has no cmi5.xml at its root")
            root = ElementTree.fromstring(archive.read("cmi5.xml"))
        if root.tag != NS + "courseStructure":
            raise ImportRefused(f"cmi5 13: the root is {root.tag}, not courseStructure in the cmi5 namespace")
        course = root.find(NS + "course")
        if course is None or not _iri(course.get("id", "")):
            raise ImportRefused("cmi5 13.1.1: the course has no id IRI")
        _texts(course, "course")
        found: list[Au] = []
        for element in root.iter(NS + "au"):
            au_id = element.get("id", "")
            if not _iri(au_id) or au_id in {au.id for au in found}:
                raise ImportRefused(f"cmi5 13.1.4: an AU's id must be a unique IRI: {au_id!r}")
            move_on = element.get("moveOn", "NotApplicable")
            if move_on not in MOVE_ON:
                raise ImportRefused(f"cmi5 13.1.4: moveOn {move_on!r}")
            if element.get("launchMethod", "AnyWindow") not in ("AnyWindow", "OwnWindow"):
                raise ImportRefused("cmi5 13.1.4: launchMethod")
            mastery_text = element.get("masteryScore")
            mastery = float(mastery_text) if mastery_text is not None else None
            if mastery is not None and not 0 <= mastery <= 1:
                raise ImportRefused("cmi5 13.1.4: masteryScore outside 0-1")
            url = (element.findtext(NS + "url") or "").strip()
            if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise ImportRefused(f"cmi5 13.1.4: a package without its AUs' files needs absolute URLs: {url!r}")
            au = Au(
                au_id,
                _texts(element, "au"),
                url,
                move_on,
                mastery,
                f"{self.base}/activities/{uuid.uuid4()}",
            )
            self.aus[au_id] = au
            found.append(au)
        if not found:
            raise ImportRefused("cmi5 13: a course has at least one AU")
        return found

    # --- launching ---------------------------------------------------------------------------------------------
    def launch(
        self, au: Au, actor: dict[str, Any], registration: str, *, mode: str = "Normal", preference: str | None = None
    ) -> tuple[str, Session]:
        """Launch `au` for `actor` in `registration`: the launch data, `launched`, and the URL to open."""
        session = Session(
            au, actor, registration, str(uuid.uuid4()), secrets.token_urlsafe(24), secrets.token_urlsafe(12)
        )
        self.sessions[session.session_id] = session
        grouping: dict[str, list[dict[str, str]]] = {"grouping": [{"objectType": "Activity", "id": au.id}]}
        session_id: dict[str, Any] = {EXT + "sessionid": session.session_id}
        template = {"contextActivities": grouping, "extensions": session_id}
        data: dict[str, Any] = {
            "contextTemplate": template,
            "launchMode": mode,
            "moveOn": au.move_on,
            "returnURL": f"{self.base}/return/{session.session_id}",
        }
        if au.mastery is not None:
            data["masteryScore"] = au.mastery
        agent = json.dumps(actor, separators=(",", ":"))
        self.state[(au.activity_id, agent, registration, "LMS.LaunchData")] = json.dumps(data).encode()
        if preference is not None:
            self.state[("", agent, "", "cmi5LearnerPreferences")] = json.dumps(
                {"languagePreference": preference, "audioPreference": "off"}
            ).encode()
        launched = {
            "id": str(uuid.uuid4()),
            "actor": actor,
            "verb": {"id": "http://adlnet.gov/expapi/verbs/launched", "display": {"en-US": "launched"}},
            "object": {"objectType": "Activity", "id": au.activity_id},
            "timestamp": _now(),
            "context": {
                **template,
                "registration": registration,
                "contextActivities": {**grouping, "category": [{"id": CMI5}]},
                "extensions": {
                    **session_id,
                    EXT + "launchmode": mode,
                    EXT + "launchurl": au.url,
                    EXT + "moveon": au.move_on,
                    **({EXT + "masteryscore": au.mastery} if au.mastery is not None else {}),
                },
            },
        }
        assert self.ralph is not None
        _ralph("POST", self.ralph.endpoint + "statements", json.dumps(launched).encode())
        query = {
            "endpoint": self.endpoint,
            "fetch": f"{self.base}/fetch/{session.fetch_code}",
            "actor": agent,
            "registration": registration,
            "activityId": au.activity_id,
        }
        joiner = "&" if "?" in au.url else "?"
        return au.url + joiner + urllib.parse.urlencode(query), session

    # --- the web side ------------------------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/fetch/{code}", self.fetch)
        app.router.add_route("*", "/xapi/activities/state", self.activity_state)
        app.router.add_route("*", "/xapi/agents/profile", self.agent_profile)
        app.router.add_route("*", "/xapi/statements", self.statements)
        app.router.add_get("/return/{session}", self.back)
        return app

    async def fetch(self, request: web.Request) -> web.Response:
        """cmi5 8.2: the auth token the first time, error code 1 after."""
        self.requests.append((request.method, request.path_qs))
        session = next((s for s in self.sessions.values() if s.fetch_code == request.match_info["code"]), None)
        if session is None:
            return web.json_response({"error-code": "2", "error-text": "Unknown launch."})
        session.fetched += 1
        if session.fetched > 1:
            return web.json_response(
                {"error-code": "1", "error-text": "The authorization token has already been returned."}
            )
        return web.json_response({"auth-token": session.token})

    def session_of(self, request: web.Request) -> Session | None:
        """The session whose token the request carries (cmi5 8.2.1: Basic, the token as it was given)."""
        given = request.headers.get("Authorization", "")
        return next((s for s in self.sessions.values() if given == f"Basic {s.token}"), None)

    async def activity_state(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path_qs))
        if self.session_of(request) is None:
            return web.Response(status=401)
        q = request.query
        key = (q.get("activityId", ""), q.get("agent", ""), q.get("registration", ""), q.get("stateId", ""))
        if request.method == "GET":
            held = self.state.get(key)
            return (
                web.Response(status=404) if held is None else web.Response(body=held, content_type="application/json")
            )
        return web.Response(status=403)  # cmi5 10.2.1: the AU must not change LMS.LaunchData

    async def agent_profile(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path_qs))
        if self.session_of(request) is None:
            return web.Response(status=401)
        held = self.state.get(("", request.query.get("agent", ""), "", request.query.get("profileId", "")))
        return web.Response(status=404) if held is None else web.Response(body=held, content_type="application/json")

    async def statements(self, request: web.Request) -> web.Response:
        """The AU's statements, passed to the LMS's LRS (Ralph) when its token is good."""
        self.requests.append((request.method, request.path_qs))
        if self.session_of(request) is None:
            return web.Response(status=401)
        body = await request.read()
        assert self.ralph is not None
        raw = request.rel_url.raw_query_string
        url = self.ralph.endpoint + "statements" + ("?" + raw if raw else "")
        status, answer = await asyncio.to_thread(_ralph, request.method, url, body)
        return web.Response(status=status, body=answer, content_type="application/json")

    async def back(self, request: web.Request) -> web.Response:
        self.returned.append(request.match_info["session"])
        return web.Response(text="<!DOCTYPE html><title>LMS</title><h1>Back in the LMS</h1>", content_type="text/html")

    # --- running -----------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Serve on loopback in a thread of its own (until `stop`)."""
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def run() -> None:
            self._runner = web.AppRunner(self.app(), access_log=None)
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
            ready.set()

        def thread() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(run())
            self._loop.run_forever()

        self._thread = threading.Thread(target=thread, daemon=True)
        self._thread.start()
        assert ready.wait(30), "the test LMS did not start"

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)


def _iri(value: str) -> bool:
    return bool(urllib.parse.urlsplit(value).scheme) and not any(ch.isspace() for ch in value)


def _texts(element: ElementTree.Element, what: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in ("title", "description"):
        holder = element.find(NS + name)
        strings = [] if holder is None else holder.findall(NS + "langstring")
        if not strings or not all((s.text or "").strip() for s in strings):
            raise ImportRefused(f"cmi5 13.1: the {what}'s {name} needs langstrings")
        if name == "title":
            found = {s.get("lang", ""): (s.text or "").strip() for s in strings}
    return found


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _ralph(method: str, url: str, body: bytes) -> tuple[int, bytes]:
    """A request to the LMS's LRS (Ralph) with the LMS's own credentials."""
    auth = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    headers = {
        "Authorization": f"Basic {auth}",
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
    }
    request = urllib.request.Request(url, data=body or None, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read()
