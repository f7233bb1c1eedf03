"""cmi5: a story launched from an LMS as an assignable unit (AU), by the cmi5 specification (Quartz).

The LMS opens `<server>/cmi5/launch?story=ID` with the launch parameters (endpoint, fetch, actor,
registration, activityId). `begin` does the AU's part of the launch: it takes the auth token from the
fetch URL (once), reads the LMS's `LMS.LaunchData` state document (the context template, the launch mode,
a mastery score, the return URL) and the learner's preferences (their language), and asks the LMS's LRS
whether this registration has already completed or passed the AU. The `Launch` it makes is kept in the
store; the browser's app process plays the story as the launch's actor and registration.

The statements: the cmi5-defined ones (`initialized`, `completed`, `passed`/`failed`, `terminated`) have the
AU's activity id as object and the context template with the cmi5 category (and the moveOn category on
those with a result); the trainer's own (each choice, a pause) are cmi5-allowed ones: the context template
without the cmi5 category. They go through the outbox to the LMS's endpoint (their `destination` is the
launch), with the token as Basic authorization. No I/O here but the launch's few requests (`Http`).
"""

from __future__ import annotations

import json
import re
import secrets
import time
import urllib.parse
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from scenarios.i18n.catalog import t
from scenarios.records.statements import (
    PROFILE_ACTIVITY,
    VERB_NAMES,
    VERBS,
    RecordContext,
    duration,
    playthrough_statements,
    timestamp,
)

if TYPE_CHECKING:
    from scenarios.engine import Playthrough

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
LAUNCH_DATA = "LMS.LaunchData"
PREFERENCES = "cmi5LearnerPreferences"
LAUNCH_MODES = ("Normal", "Browse", "Review")
XAPI_VERSION = "1.0.3"
NAMESPACE = uuid.UUID("0b9e1c57-4a4e-5c1d-9f0e-5ce7a2105c15")
STORY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
UUID_TEXT = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class LaunchError(Exception):
    """A launch that cannot go on: `code` names the catalog's sentence (`cmi5.error.<code>`), `detail` the rest."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def launch_problem(error: LaunchError, language: str) -> tuple[str, str]:
    """The page's title and the sentence that tells the learner (and an administrator) why a launch failed."""
    return t("cmi5.error.title", language), t(f"cmi5.error.{error.code}", language, detail=error.detail or "–")


@dataclass(frozen=True)
class LaunchParams:
    """What the LMS put in the launch URL (cmi5 section 8.1), and the story our AU URL names."""

    story: str
    endpoint: str
    fetch: str
    actor: dict[str, Any]
    registration: str
    activity_id: str


def parse_launch(query: Mapping[str, str]) -> LaunchParams:
    """The launch parameters, checked (raises LaunchError `bad_launch` naming the parameter that is wrong)."""

    def given(name: str) -> str:
        value = query.get(name)
        if not value:
            raise LaunchError("bad_launch", name)
        return value

    story = given("story")
    if not STORY_ID.match(story):
        raise LaunchError("bad_launch", "story")
    endpoint, fetch = given("endpoint"), given("fetch")
    for name, url in (("endpoint", endpoint), ("fetch", fetch)):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise LaunchError("bad_launch", name)
    try:
        actor = json.loads(given("actor"))
    except ValueError:
        raise LaunchError("bad_launch", "actor") from None
    account = actor.get("account") if isinstance(actor, dict) else None
    if (
        not isinstance(account, dict)
        or not isinstance(account.get("homePage"), str)
        or not isinstance(account.get("name"), str)
        or actor.get("objectType", "Agent") != "Agent"
    ):
        raise LaunchError("bad_launch", "actor")  # cmi5 9.2: an Agent identified by an account
    registration = given("registration")
    if not UUID_TEXT.match(registration):
        raise LaunchError("bad_launch", "registration")
    activity_id = given("activityId")
    if not urllib.parse.urlsplit(activity_id).scheme or any(ch.isspace() for ch in activity_id):
        raise LaunchError("bad_launch", "activityId")
    return LaunchParams(story, endpoint, fetch, actor, registration, activity_id)


def lms_allowed(url: str, lms: Sequence[str]) -> bool:
    """Whether `url` lies under one of the LMS addresses the server was told to trust (`--cmi5-lms`)."""
    return any(url.startswith(prefix if prefix.endswith("/") else prefix + "/") or url == prefix for prefix in lms)


@dataclass(frozen=True)
class Launch:
    """One launch session of a story from an LMS: who, where the statements go, and the LMS's launch data."""

    id: str
    """Our own key of the launch (in the store, and in the browser's signed cookie)."""
    story: str
    endpoint: str
    token: str
    actor: dict[str, Any]
    registration: str
    activity_id: str
    context_template: dict[str, Any]
    launch_mode: str
    session_id: str
    started: float
    mastery: float | None = None
    move_on: str | None = None
    return_url: str | None = None
    language: str | None = None
    """The learner's first preferred language the trainer speaks (cmi5LearnerPreferences), if any."""
    done: tuple[str, ...] = ()
    """cmi5-defined verbs this registration already has for the AU (`completed`, `passed`): not sent again."""
    publisher_id: str = ""
    """The AU's id in our course structure (the template's grouping names it)."""
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def normal(self) -> bool:
        """Normal launch mode: completion and success are recorded (Browse and Review record neither)."""
        return self.launch_mode == "Normal"

    def to_json(self) -> str:
        """The launch as kept in the store."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Launch:
        """A launch read back from the store."""
        data = json.loads(text)
        data["done"] = tuple(data.get("done") or ())
        return cls(**data)


Http = Callable[[str, str, bytes, dict[str, str]], tuple[int, bytes]]


def http_request(
    method: str, url: str, body: bytes, headers: dict[str, str], timeout: float = 15.0
) -> tuple[int, bytes]:
    """One request with the standard library: the status and body (raises LaunchError `lms_unreachable`)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body or None, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), error.read(4096)
    except (urllib.error.URLError, OSError) as error:
        raise LaunchError("lms_unreachable", str(getattr(error, "reason", error))) from None


def begin(
    params: LaunchParams,
    lms: Sequence[str],
    languages: Sequence[str],
    *,
    http: Http = http_request,
    clock: Callable[[], float] = time.time,
) -> Launch:
    """The AU's part of a launch (cmi5 sections 8.2, 10 and 11): the token, the launch data, the learner's
    preferences, and what this registration already has. Raises LaunchError when the launch cannot go on."""
    if not (lms_allowed(params.endpoint, lms) and lms_allowed(params.fetch, lms)):
        raise LaunchError("lms_not_allowed", urllib.parse.urlsplit(params.fetch).netloc)
    status, body = http("POST", params.fetch, b"", {"Content-Type": "application/json"})
    answer = _json(body)
    token = answer.get("auth-token") if isinstance(answer, dict) else None
    if status != 200 or not isinstance(token, str) or not token:
        code = answer.get("error-code") if isinstance(answer, dict) else None
        raise LaunchError("token_refused", f"{status} {code or ''}".strip())
    headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": XAPI_VERSION}
    agent = json.dumps(params.actor, separators=(",", ":"))
    query = {"activityId": params.activity_id, "agent": agent, "registration": params.registration}
    status, body = http(
        "GET", _resource(params.endpoint, "activities/state", {**query, "stateId": LAUNCH_DATA}), b"", headers
    )
    data = _json(body)
    if status != 200 or not isinstance(data, dict):
        raise LaunchError("no_launch_data", str(status))
    template = data.get("contextTemplate")
    mode = data.get("launchMode")
    if not isinstance(template, dict) or mode not in LAUNCH_MODES:
        raise LaunchError("no_launch_data", "contextTemplate/launchMode")
    session = (template.get("extensions") or {}).get(SESSION_ID)
    if not isinstance(session, str) or not session:
        raise LaunchError("no_launch_data", "sessionid")
    mastery = data.get("masteryScore")
    # cmi5 11: the AU reads the learner's preferences at start; a 404 (none kept) is not an error.
    status, body = http(
        "GET", _resource(params.endpoint, "agents/profile", {"agent": agent, "profileId": PREFERENCES}), b"", headers
    )
    preferences = _json(body) if status == 200 else None
    wanted = preferences.get("languagePreference") if isinstance(preferences, dict) else None
    language = _first_language(wanted if isinstance(wanted, str) else "", languages)
    done = _already(params, http, headers, agent)
    grouping = (template.get("contextActivities") or {}).get("grouping") or []
    publisher = next((str(a.get("id")) for a in grouping if isinstance(a, dict) and a.get("id")), "")
    return Launch(
        id=secrets.token_urlsafe(18),
        story=params.story,
        endpoint=params.endpoint,
        token=token,
        actor=params.actor,
        registration=params.registration,
        activity_id=params.activity_id,
        context_template=template,
        launch_mode=str(mode),
        session_id=session,
        started=clock(),
        mastery=float(mastery) if isinstance(mastery, (int, float)) and 0 <= mastery <= 1 else None,
        move_on=str(data["moveOn"]) if isinstance(data.get("moveOn"), str) else None,
        return_url=str(data["returnURL"]) if isinstance(data.get("returnURL"), str) else None,
        language=language,
        done=done,
        publisher_id=publisher,
    )


def _resource(endpoint: str, path: str, query: dict[str, str]) -> str:
    return endpoint.rstrip("/") + "/" + path + "?" + urllib.parse.urlencode(query)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _first_language(preference: str, languages: Sequence[str]) -> str | None:
    """The first language of a cmi5 `languagePreference` (e.g. "en-US,fi-FI") the trainer speaks."""
    for tag in preference.split(","):
        code = tag.strip().split("-")[0].lower()
        if code in languages:
            return code
    return None


def _already(params: LaunchParams, http: Http, headers: dict[str, str], agent: str) -> tuple[str, ...]:
    """The cmi5-defined verbs (completed, passed) the LRS holds for this registration's AU, so neither is sent
    twice (cmi5 9.3). Asked by registration and agent and read here (not every LRS filters by verb and activity:
    Ralph 5.1 compares them as URLs and finds none); an LRS that cannot be asked is taken to hold none."""
    url = _resource(
        params.endpoint, "statements", {"registration": params.registration, "agent": agent, "limit": "500"}
    )
    found: set[str] = set()
    for _ in range(20):
        try:
            status, body = http("GET", url, b"", headers)
        except LaunchError:
            break
        page = _json(body)
        if status != 200 or not isinstance(page, dict):
            break
        for statement in page.get("statements") or []:
            if isinstance(statement, dict) and (statement.get("object") or {}).get("id") == params.activity_id:
                found.add(str((statement.get("verb") or {}).get("id", "")))
        more = page.get("more")
        if not isinstance(more, str) or not more:
            break
        url = urllib.parse.urljoin(params.endpoint, more)
    return tuple(verb for verb in ("completed", "passed") if VERBS[verb] in found)


# --- the statements -------------------------------------------------------------------------------------------


def _id(launch: Launch, event: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{launch.registration}/{launch.session_id}/{event}"))


def _context(launch: Launch, *, categories: Sequence[str] = (), mastery: bool = False) -> dict[str, Any]:
    """The launch's context template with the registration, and any categories added (cmi5 9.6, 10.2.1: the
    template's values are kept as they are)."""
    context: dict[str, Any] = json.loads(json.dumps(launch.context_template))
    context["registration"] = launch.registration
    if categories:
        activities = context.setdefault("contextActivities", {})
        held = activities.setdefault("category", [])
        for category in categories:
            if not any(isinstance(a, dict) and a.get("id") == category for a in held):
                held.append({"objectType": "Activity", "id": category})
    if mastery and launch.mastery is not None:
        context.setdefault("extensions", {})[MASTERY_SCORE] = launch.mastery
    return context


def _defined(
    launch: Launch, verb: str, event: str, at: float, result: dict[str, Any] | None = None, *, moveon: bool = False
) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "id": _id(launch, event),
        "actor": launch.actor,
        "verb": {"id": VERBS[verb], "display": VERB_NAMES[verb]},
        "object": {"objectType": "Activity", "id": launch.activity_id},
        "timestamp": timestamp(at),
        "context": _context(
            launch,
            categories=(CMI5_CATEGORY, MOVEON_CATEGORY) if moveon else (CMI5_CATEGORY,),
            mastery=verb in ("passed", "failed"),
        ),
    }
    if result is not None:
        statement["result"] = result
    return statement


def initialized(launch: Launch, at: float) -> dict[str, Any]:
    """The session's first statement."""
    return _defined(launch, "initialized", "initialized", at)


def terminated(launch: Launch, at: float) -> dict[str, Any]:
    """The session's last statement, with the time since it began."""
    return _defined(launch, "terminated", "terminated", at, {"duration": duration(at - launch.started)})


def allowed(statement: dict[str, Any], launch: Launch) -> dict[str, Any]:
    """One of the trainer's own statements as a cmi5-allowed one: the launch's actor and registration, and the
    context template under the trainer's own context (the template's values win)."""
    made = dict(statement)
    made["actor"] = launch.actor
    context = dict(statement.get("context") or {})
    template = _context(launch)
    activities = dict(context.get("contextActivities") or {})
    # Our profile's category stays off: a launched playthrough's statements follow cmi5's rules, not its patterns.
    ours = [a for a in activities.get("category", []) if (a.get("definition") or {}).get("type") != PROFILE_ACTIVITY]
    activities["category"] = ours
    if not ours:
        activities.pop("category")
    for kind, held in (template.get("contextActivities") or {}).items():
        activities[kind] = [*held, *(a for a in activities.get(kind, []) if a not in held)]
    context.update({k: v for k, v in template.items() if k != "contextActivities"})
    context["extensions"] = {**(statement.get("context") or {}).get("extensions", {}), **template.get("extensions", {})}
    context["contextActivities"] = activities
    context.pop("team", None)
    made["context"] = context
    return made


def session_statements(play: Playthrough, ctx: RecordContext, launch: Launch) -> list[dict[str, Any]]:
    """The statements of a launched playthrough so far: each choice as a cmi5-allowed statement, and once it is
    over (in Normal launch mode) `completed` and `passed` or `failed` under the pass rule, each only if this
    registration does not have it yet (cmi5 9.3: one completed and one passed per registration)."""
    ours = playthrough_statements(play, ctx)
    made = [allowed(s, launch) for s in ours if s["verb"]["id"] in (VERBS["answered"], VERBS["interacted"])]
    if not play.is_over or not launch.normal:
        return made
    ending = next(s for s in ours if s["verb"]["id"] == VERBS["completed"])
    end = ending["timestamp"]
    at = play.history[-1].at if play.history else play.started_at
    spent = duration(max(0.0, at - launch.started))
    if "completed" not in launch.done:
        completed = _defined(launch, "completed", "completed", at, {"completion": True, "duration": spent}, moveon=True)
        completed["timestamp"] = end
        made.append(completed)
    summary = ending["result"]
    verdict = "passed" if summary["success"] else "failed"
    if "passed" not in launch.done:
        result = {
            "success": verdict == "passed",
            "duration": spent,
            "score": {"scaled": summary["score"]["scaled"]},
            "extensions": {k: v for k, v in summary["extensions"].items()},
        }
        judged = _defined(launch, verdict, verdict, at, result, moveon=True)
        judged["timestamp"] = end
        made.append(judged)
    return made


def cmi5_context(ctx: RecordContext, launch: Launch) -> RecordContext:
    """The record context of a launched playthrough: its key is the launch's registration and session (so
    statement ids differ between sessions), and the pass rule is the LMS's mastery score when it gives one."""
    return replace(ctx, mastery=launch.mastery, team=None)
