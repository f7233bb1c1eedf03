"""xAPI 1.0.3 statements of a playthrough: pure functions of the engine's playthrough, no I/O.

Every statement has an id fixed by its event (uuid5 of the playthrough key and the event), so
building the statements again, or sending them again, never makes a second copy in an LRS.
"""

from __future__ import annotations

import uuid
from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scenarios.i18n.catalog import LANGUAGES

if TYPE_CHECKING:  # types only: the app's background sync reads the outbox without loading the stories' model
    from scenarios.engine import Playthrough, Result
    from scenarios.story.model import Story
    from scenarios.story.text import Text

DEFAULT_BASE = "https://scenarios.invalid/xapi/"
NAMESPACE = uuid.UUID("0b9e1c57-4a4e-5c1d-9f0e-5ce7a2105000")

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "initialized": ADL + "initialized",
    "answered": ADL + "answered",
    "interacted": ADL + "interacted",
    "completed": ADL + "completed",
    "passed": ADL + "passed",
    "failed": ADL + "failed",
    "suspended": ADL + "suspended",
    "resumed": ADL + "resumed",
    "terminated": ADL + "terminated",
}
VERB_NAMES = {
    "initialized": {"en-US": "initialized", "fi": "aloitti", "sv": "inledde"},
    "answered": {"en-US": "answered", "fi": "vastasi", "sv": "svarade"},
    "interacted": {"en-US": "interacted", "fi": "toimi", "sv": "agerade"},
    "completed": {"en-US": "completed", "fi": "suoritti", "sv": "slutförde"},
    "passed": {"en-US": "passed", "fi": "läpäisi", "sv": "godkändes"},
    "failed": {"en-US": "failed", "fi": "ei läpäissyt", "sv": "underkändes"},
    "suspended": {"en-US": "suspended", "fi": "keskeytti", "sv": "avbröt"},
    "resumed": {"en-US": "resumed", "fi": "jatkoi", "sv": "fortsatte"},
    "terminated": {"en-US": "terminated", "fi": "lopetti", "sv": "avslutade"},
}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
PROFILE_ACTIVITY = "http://adlnet.gov/expapi/activities/profile"
PROFILE_VERSION = "v1"
"""The version of the xAPI Profile the statements follow (`scenarios.records.profile`)."""
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
OPTION = "http://adlnet.gov/expapi/activities/interaction"
OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"


REVIEW_MODE = "review"
"""The mode of a choice in a review round (a decision played again in context: `records.practice`)."""

RESOLVED_RULE = "outcome=resolved"
"""The pass rule of an exam: the story ended resolved (the customer's matter settled); the score does not decide."""
MASTERY_RULE = "score.scaled>="
"""The pass rule under a mastery score: the share of solution-focused choices reaches it."""


@dataclass(frozen=True)
class RecordContext:
    """Who played, where the activity ids live, and how the playthrough is told apart from others."""

    playthrough: str
    """A key unique to this playthrough everywhere (e.g. the installation id and the store's record id)."""
    actor: dict[str, Any]
    """The xAPI Agent (or Group) who played."""
    base: str = DEFAULT_BASE
    """The IRI under which story, node and option activity ids are made."""
    mode: str = "practice"
    """`practice` or `exam` (exam adds passed/failed)."""
    language: str = "fi"
    """The language the trainee played in (the statements' context.language)."""
    team: str | None = None
    """The trainee's team, if set (the statements' context.team, a Group named so)."""
    mastery: float | None = None
    """A mastery score (0–1, e.g. from an LMS's cmi5 launch): passed when the share of solution-focused
    choices reaches it. None: passed when the story ends resolved."""

    @property
    def pass_rule(self) -> str:
        """The exam's pass rule as the statements state it (the `pass-rule` extension, see docs/xapi-profile)."""
        return RESOLVED_RULE if self.mastery is None else f"{MASTERY_RULE}{self.mastery:g}"

    def passed(self, outcome: str | None, scaled: float) -> bool:
        """Whether a finished playthrough passes under the pass rule."""
        return outcome == "resolved" if self.mastery is None else scaled >= self.mastery

    def iri(self, *parts: str) -> str:
        """An activity IRI under the base."""
        return _iri(self.base, parts)

    def extension(self, name: str) -> str:
        """An extension IRI under the base."""
        return self.iri("extensions", name)


def is_base_iri(base: str) -> bool:
    """Whether `base` can be the base of activity ids: an absolute http(s) IRI with a host, without spaces,
    the characters an IRI may not hold, a query or a fragment (e.g. https://training.example.org/xapi/)."""
    if not base or any(ch.isspace() or ch in '<>"{}|\\^`' or ord(ch) < 32 or ord(ch) == 127 for ch in base):
        return False
    parts = urlsplit(base)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.query and not parts.fragment


def not_iris(statement: dict[str, Any]) -> list[str]:
    """Where a statement holds an IRI that is not one (`object.id`, `actor.account.homePage` …): what an LRS
    would refuse it for, named for the administrator beside the LRS's own reason."""
    found = []
    places: list[tuple[str, Any]] = [
        ("actor.account.homePage", (statement.get("actor") or {}).get("account", {}).get("homePage")),
        ("verb.id", (statement.get("verb") or {}).get("id")),
        ("object.id", (statement.get("object") or {}).get("id")),
    ]
    context = statement.get("context") or {}
    for kind, activities in (context.get("contextActivities") or {}).items():
        places += [(f"context.contextActivities.{kind}.id", a.get("id")) for a in activities if isinstance(a, dict)]
    for holder, name in ((context, "context"), (statement.get("result") or {}, "result")):
        places += [(f"{name}.extensions", key) for key in (holder.get("extensions") or {})]
    for where, value in places:
        if isinstance(value, str) and not is_base_iri(value.split("?")[0].split("#")[0]):
            found.append(f"{where} {value!r}")
    return found


def profile_version(base: str) -> str:
    """The IRI of the version of our xAPI Profile (`scenarios.records.profile`) for statements under `base`."""
    return (base if base.endswith("/") else base + "/") + f"profile/{PROFILE_VERSION}"


def profile_category(ctx: RecordContext) -> dict[str, Any]:
    """The profile's version as a `category` context activity: the statement follows that profile."""
    return {"objectType": "Activity", "id": profile_version(ctx.base), "definition": {"type": PROFILE_ACTIVITY}}


@lru_cache(maxsize=8192)
def iri_segment(part: str) -> str:
    """An IRI path segment: story ids, node names and option ids are already [A-Za-z0-9_-]."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in part)


@lru_cache(maxsize=8192)
def _iri(base: str, parts: tuple[str, ...]) -> str:
    """The IRI of `parts` under `base` (kept: every save names the same activities again)."""
    return (base if base.endswith("/") else base + "/") + "/".join(iri_segment(part) for part in parts)


@lru_cache(maxsize=16384)
def statement_id(playthrough: str, event: str) -> str:
    """The fixed id of one event of one playthrough (kept: every save asks for the ids of the choices before)."""
    return str(uuid.uuid5(NAMESPACE, f"{playthrough}/{event}"))


def account_actor(home_page: str, name: str, display: str | None = None) -> dict[str, Any]:
    """An xAPI Agent identified by an account (no e-mail address needed)."""
    actor: dict[str, Any] = {"objectType": "Agent", "account": {"homePage": home_page, "name": name}}
    if display:
        actor["name"] = display
    return actor


def team_group(name: str, home_page: str) -> dict[str, Any]:
    """A team as an identified xAPI Group: its name, and an account under the base so LRSs can tell teams apart."""
    return {"objectType": "Group", "name": name, "account": {"homePage": home_page, "name": f"team:{name}"}}


def timestamp(seconds: float) -> str:
    """An ISO 8601 timestamp in UTC with milliseconds."""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def duration(seconds: float) -> str:
    """An ISO 8601 duration, e.g. PT12.5S."""
    text = f"{max(0.0, seconds):.2f}".rstrip("0").rstrip(".")
    return f"PT{text}S"


def story_languages(story: Story) -> list[str]:
    """The trainer's languages the story is written in (a language map names no language it lacks)."""
    return [lang for lang in LANGUAGES if lang in story.languages] or list(story.languages[:1])


def language_map(text: Text | None, story: Story) -> dict[str, str]:
    """The text in each of the story's languages the trainer speaks."""
    if text is None:
        return {}
    return {lang: text.get_text(lang, story.languages) for lang in story_languages(story)}


def story_activity(story: Story, ctx: RecordContext) -> dict[str, Any]:
    """The story as an xAPI Activity."""
    return {
        "objectType": "Activity",
        "id": ctx.iri("stories", story.id),
        "definition": {
            "type": SIMULATION,
            "name": language_map(story.title, story),
            "description": language_map(story.summary, story),
            "extensions": {ctx.extension("pass-rule"): ctx.pass_rule},
        },
    }


def decision_prompt(story: Story, node: str) -> dict[str, str]:
    """What the trainee reads before choosing, in each language: the node's lines (those said whatever the
    state; all of them when each has a condition), who says them, and the question over the options."""
    from scenarios.i18n.present import decision_question, speaker_label  # words only, no UI

    held = story.nodes[node]
    lines = [line for line in held.say if line.if_ is None] or list(held.say)
    kinds: set[str] = {option.kind for option in held.options}
    prompt = {}
    for lang in story_languages(story):
        said = []
        if held.email is not None:
            said.append(held.email.subject.get_text(lang, story.languages))
        for line in lines:
            who = speaker_label(story, line.speaker or held.speaker, lang)
            said.append(f"{who}: {line.text.get_text(lang, story.languages)}")
        said.append(decision_question(story, node, kinds, lang))
        prompt[lang] = " ".join(" ".join(said).split())
    return prompt


def node_activity(story: Story, node: str, ctx: RecordContext, ideal: str | None = None) -> dict[str, Any]:
    """A decision of the story as an xAPI `choice` interaction: its prompt as the description, its options as
    the choices, and the ideal option (the one marked, else `ideal`) as the correct response."""
    held = story.nodes[node]
    title = story_activity(story, ctx)["definition"]["name"]
    marked = held.ideal_index
    correct = held.option_id(marked) if marked is not None else ideal
    definition: dict[str, Any] = {
        "type": INTERACTION,
        "name": {lang: f"{name} · {node}" for lang, name in title.items()},
        "description": decision_prompt(story, node),
        "interactionType": "choice",
        "choices": [
            {"id": iri_segment(held.option_id(i)), "description": language_map(o.text, story)}
            for i, o in enumerate(held.options)
        ],
    }
    if correct is not None:
        definition["correctResponsesPattern"] = [iri_segment(correct)]
    solution_focused = [iri_segment(held.option_id(i)) for i, o in enumerate(held.options) if o.solution_focused]
    definition["extensions"] = {ctx.extension("solution-focused-options"): solution_focused}
    return {"objectType": "Activity", "id": ctx.iri("stories", story.id, "nodes", node), "definition": definition}


def option_activity(story: Story, result: Result, option_id: str, ctx: RecordContext) -> dict[str, Any]:
    """One option of a decision as an xAPI Activity."""
    node = story.nodes[result.node]
    index = next(i for i in range(len(node.options)) if node.option_id(i) == option_id)
    option = node.options[index]
    return {
        "objectType": "Activity",
        "id": ctx.iri("stories", story.id, "nodes", result.node, "options", option_id),
        "definition": {"type": OPTION, "name": language_map(option.reply or option.action, story)},
    }


def playthrough_ids(play: Playthrough, ctx: RecordContext) -> list[str]:
    """The ids `playthrough_statements` would give, without making the statements: initialized's, each choice's,
    and once the playthrough is over terminated's (which stands for its ending's statements, made together)."""
    events = ["initialized", *(f"choice/{number}" for number in range(1, len(play.history) + 1))]
    if play.is_over:
        events.append("terminated")
    return [statement_id(ctx.playthrough, event) for event in events]


def playthrough_statements(
    play: Playthrough, ctx: RecordContext, *, known: Container[str] = frozenset()
) -> list[dict[str, Any]]:
    """Every statement of the playthrough so far, in order: initialized, one per choice,
    and once it is over completed (with passed/failed in exam mode) and terminated.

    Those whose ids are in `known` (kept already) are not made: a save records only what it adds, so a long
    playthrough's last choice costs what its first did. The ending's statements go by terminated's id."""
    story = play.story

    def new(event: str) -> bool:
        return statement_id(ctx.playthrough, event) not in known

    statements = []
    if new("initialized"):
        statements.append(
            _statement(ctx, story, "initialized", "initialized", play.started_at, story_activity(story, ctx))
        )
    for number, result in enumerate(play.history, start=1):
        if new(f"choice/{number}"):
            statements.append(_choice(ctx, story, number, result))
    if play.is_over and new("terminated"):
        debrief = play.debrief()
        end = play.history[-1].at if play.history else play.started_at
        scores = {s.dimension: {"got": s.got, "ideal": s.ideal} for s in debrief.scores}
        outcome = debrief.outcome.value if debrief.outcome else None
        scaled = round(debrief.solution_focused_share, 4)
        passed = ctx.passed(outcome, scaled)
        summary: dict[str, Any] = {
            "completion": True,
            "success": passed,
            "duration": duration(debrief.seconds),
            "score": {
                "raw": debrief.solution_focused,
                "min": 0,
                "max": debrief.total,
                "scaled": scaled,
            },
            "extensions": {
                ctx.extension("outcome"): outcome,
                ctx.extension("ending"): debrief.ending_node,
                ctx.extension("dead-end"): debrief.dead_end,
                ctx.extension("dimension-points"): scores,
                ctx.extension("ideal-choices"): debrief.ideal_count,
                ctx.extension("pass-rule"): ctx.pass_rule,
            },
        }
        activity = story_activity(story, ctx)
        statements.append(_statement(ctx, story, "completed", "completed", end, activity, summary))
        if ctx.mode == "exam":
            verdict = "passed" if passed else "failed"
            statements.append(_statement(ctx, story, verdict, verdict, end, activity, summary))
        statements.append(_statement(ctx, story, "terminated", "terminated", end, activity))
    return statements


def pause_statement(story: Story, ctx: RecordContext, verb: str, at: float, number: int) -> dict[str, Any]:
    """The `number`th `suspended` or `resumed` statement of the playthrough."""
    if verb not in ("suspended", "resumed"):
        raise ValueError(f"not a pause verb: {verb}")
    return _statement(ctx, story, verb, f"{verb}/{number}", at, story_activity(story, ctx))


def choice_statement(ctx: RecordContext, story: Story, number: int, result: Result) -> dict[str, Any]:
    """The `answered` (a reply) or `interacted` (an action) statement of the `number`th choice of a registration
    (a playthrough's, or a review round's: `records.practice`)."""
    return _choice(ctx, story, number, result)


def _choice(ctx: RecordContext, story: Story, number: int, result: Result) -> dict[str, Any]:
    verb = "answered" if result.kind == "reply" else "interacted"
    outcome: dict[str, Any] = {
        "success": result.solution_focused,
        "response": iri_segment(result.option_id),
        "duration": duration(result.seconds),
        "extensions": {
            ctx.extension("points"): dict(result.points),
            ctx.extension("ideal-option"): option_activity(story, result, result.ideal_option_id, ctx)["id"],
            ctx.extension("ideal-points"): dict(result.ideal_points),
            ctx.extension("is-ideal"): result.is_ideal,
            ctx.extension("kind"): result.kind,
        },
    }
    node = story.nodes[result.node]
    broken = next((o.breaks for i, o in enumerate(node.options) if node.option_id(i) == result.option_id), ())
    if broken:  # the lessons a weak option breaks (the decision's own are its grouping)
        outcome["extensions"][ctx.extension("breaks")] = [ctx.iri("lessons", name) for name in broken]
    if result.own is not None and node.rubric is not None:  # own words first: the reply and what it has
        marked = result.own.marked
        outcome["extensions"][ctx.extension("own-reply")] = {
            "text": result.own.text,
            "elements": [item.id for item in node.rubric.elements if item.id in marked],
            "missing": [item.id for item in node.rubric.elements if item.id not in marked],
            "mistakes": [item.id for item in node.rubric.avoid if item.id in marked],
            "corrected": list(result.own.corrected),
            "labels": {item.id: language_map(item.label, story) for item in node.rubric.elements},
        }
    statement = _statement(
        ctx,
        story,
        verb,
        f"choice/{number}",
        result.at,
        node_activity(story, result.node, ctx, result.ideal_option_id),
        outcome,
    )
    activities = statement["context"]["contextActivities"]
    activities["other"] = [option_activity(story, result, result.option_id, ctx)]
    if node.lessons:
        activities["grouping"] = [lesson_activity(name, ctx) for name in node.lessons]
    return statement


def lesson_activity(lesson_id: str, ctx: RecordContext) -> dict[str, Any]:
    """A lesson of the material (`story/lessons.yaml`) as an objective Activity: its title, its guidance and
    the chapter it comes from. A lesson missing from the catalog keeps its id only."""
    from scenarios.story.lessons import LessonsError, load_lessons  # only stories that name lessons read it

    try:
        lesson = load_lessons().get(lesson_id)
    except LessonsError:
        lesson = None
    definition: dict[str, Any] = {"type": OBJECTIVE}
    if lesson is not None:
        languages = [lang for lang in LANGUAGES if lesson.title.has(lang)]
        definition["name"] = {lang: lesson.title.get_text(lang) for lang in languages}
        definition["description"] = {lang: lesson.text.get_text(lang) for lang in languages}
        definition["extensions"] = {ctx.extension("chapter"): lesson.chapter}
    return {"objectType": "Activity", "id": ctx.iri("lessons", lesson_id), "definition": definition}


def _statement(
    ctx: RecordContext,
    story: Story,
    verb: str,
    event: str,
    at: float,
    target: dict[str, Any],
    result: dict[str, Any] | None = None,
) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "id": statement_id(ctx.playthrough, event),
        "actor": ctx.actor,
        "verb": {"id": VERBS[verb], "display": VERB_NAMES[verb]},
        "object": target,
        "timestamp": timestamp(at),
        "context": {
            "registration": statement_id(ctx.playthrough, "registration"),
            "language": ctx.language,
            "extensions": {ctx.extension("mode"): ctx.mode},
        },
    }
    if ctx.team:
        statement["context"]["team"] = team_group(ctx.team, ctx.base)
    story_level = story_activity(story, ctx)
    activities: dict[str, list[dict[str, Any]]] = {}
    if target["id"] != story_level["id"]:
        activities["parent"] = [story_level]
    activities["category"] = [profile_category(ctx)]
    statement["context"]["contextActivities"] = activities
    if result is not None:
        statement["result"] = result
    return statement
