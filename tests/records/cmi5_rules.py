"""The cmi5 rules (Quartz) an AU's statements must keep, checked on what the LMS's LRS holds for a registration.

Each check names its section of the specification; `broken` lists every rule a registration's statements break
(empty when they keep them all), so a failing test says which rule and where.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

ADL = "http://adlnet.gov/expapi/verbs/"
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
DEFINED = ("initialized", "completed", "passed", "failed", "terminated")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$")


def verb(statement: dict[str, Any]) -> str:
    return str(statement["verb"]["id"]).rsplit("/", 1)[-1]


def categories(statement: dict[str, Any]) -> set[str]:
    return {str(a.get("id")) for a in statement.get("context", {}).get("contextActivities", {}).get("category", [])}


def broken(
    statements: list[dict[str, Any]],
    *,
    actor: dict[str, Any],
    registration: str,
    activity_id: str,
    publisher_id: str,
    mastery: float | None = None,
) -> list[str]:
    """Every cmi5 rule the AU's statements of one registration break (the LMS's own `launched` is read for the
    sessions' order, not judged)."""
    problems: list[str] = []
    ours = [s for s in statements if s.get("context", {}).get("registration") == registration]
    by_session: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for statement in ours:
        session = statement.get("context", {}).get("extensions", {}).get(SESSION)
        if not isinstance(session, str):
            problems.append(f"9.6.3.1: no session id in {verb(statement)} {statement['id']}")
            continue
        by_session[session].append(statement)
    au = [s for s in ours if verb(s) != "launched"]
    for statement in au:
        name = verb(statement)
        where = f"{name} {statement['id']}"
        if not UUID.match(str(statement["id"])):
            problems.append(f"9.1: the id of {where} is not a UUID")
        if statement["actor"] != actor:
            problems.append(f"9.2/8.1.3: {where} is not by the launch's actor")
        if not UTC.match(str(statement.get("timestamp", ""))):
            problems.append(f"9.7: {where} has no UTC timestamp")
        grouping = {a.get("id") for a in statement["context"].get("contextActivities", {}).get("grouping", [])}
        if publisher_id not in grouping:
            problems.append(f"9.6.2.3/10.2.1: {where} lacks the publisher id in grouping (the context template)")
        result = statement.get("result", {})
        if name in DEFINED:
            if statement["object"]["id"] != activity_id:
                problems.append(f"9.4: the object of {where} is not the launch's activityId")
            if CMI5 not in categories(statement):
                problems.append(f"9.6.2.1: {where} lacks the cmi5 category")
            with_result = "success" in result or "completion" in result
            if with_result != (MOVEON in categories(statement)):
                problems.append(f"9.6.2.2: the moveOn category of {where} does not match its result")
            if "score" in result and name not in ("passed", "failed"):
                problems.append(f"9.5.1: {where} has a score")
            if ("success" in result) != (name in ("passed", "failed")):
                problems.append(f"9.5.2: success in {where}")
            if (name == "passed" and result.get("success") is not True) or (
                name == "failed" and result.get("success") is not False
            ):
                problems.append(f"9.5.2: the success of {where}")
            if ("completion" in result) != (name == "completed") or (
                name == "completed" and result["completion"] is not True
            ):
                problems.append(f"9.5.3: completion in {where}")
            if name in ("completed", "passed", "failed", "terminated") and "duration" not in result:
                problems.append(f"9.5.4.1: {where} has no duration")
            if name in ("passed", "failed") and mastery is not None:
                scaled = result.get("score", {}).get("scaled")
                if statement["context"].get("extensions", {}).get(MASTERY) != mastery:
                    problems.append(f"9.6.3.2: {where} does not carry the mastery score it was judged by")
                if scaled is not None and (scaled >= mastery) != (name == "passed"):
                    problems.append(f"9.3.4/9.3.5: {where} with score {scaled} against mastery {mastery}")
        elif CMI5 in categories(statement):
            problems.append(f"7.1.3: the allowed statement {where} has the cmi5 category")
    for session, held in by_session.items():
        held = sorted(held, key=lambda s: s["timestamp"])
        mine = [s for s in held if verb(s) != "launched"]
        if not mine:
            continue
        names = [verb(s) for s in mine]
        if names[0] != "initialized":
            problems.append(f"9.3/7.1.1: session {session} begins with {names[0]}, not initialized")
        if names[-1] != "terminated":
            problems.append(f"9.3/7.1.2: session {session} ends with {names[-1]}, not terminated")
        twice = [n for n, count in Counter(n for n in names if n in DEFINED).items() if count > 1]
        if twice:
            problems.append(f"9.3: session {session} repeats {twice}")
        if "passed" in names and "failed" in names:
            problems.append(f"9.3: session {session} has both passed and failed")
        launched = [s for s in held if verb(s) == "launched"]
        if launched and launched[0]["timestamp"] > mine[0]["timestamp"]:
            problems.append(f"9.3.2: session {session} was initialized before it was launched")
    counts = Counter(verb(s) for s in au)
    for name in ("completed", "passed"):
        if counts[name] > 1:
            problems.append(f"9.3: {counts[name]} {name} statements in one registration")
    passed_at = min((s["timestamp"] for s in au if verb(s) == "passed"), default=None)
    if passed_at is not None and any(verb(s) == "failed" and s["timestamp"] > passed_at for s in au):
        problems.append("9.3: failed after passed in one registration")
    return problems
