"""Learning records of practice that adapts: a lesson's mastery changing, and the day's review rounds.

- A lesson's state changing (`scenarios.mastery.rule`) is one statement about the lesson (an objective
  activity): `mastered` when the last three answers about it went right, `progressed` when it is being
  learned (first met, or fallen back after a miss). Its result says the state before and after and the last
  answers (`mastery`, `mastery-before`, `recent-answers`). A trainee's mastery statements share one
  registration; each id is fixed by the lesson and the number of answers that led to it, so folding the
  answers again never makes a second copy.
- A review round is a registration of its own: `initialized` with the review activity, an `answered` or
  `interacted` per choice (as in a playthrough, with the mode `review`), and at the end `completed` (every
  decision answered) or `terminated` (left before), with the share answered right as the score.

The statements enter the outbox in the transaction of the answers they come from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from scenarios.records.outbox import add, learner_id, load_config, with_team
from scenarios.records.statements import (
    ADL,
    REVIEW_MODE,
    RecordContext,
    account_actor,
    choice_statement,
    lesson_activity,
    profile_category,
    statement_id,
    team_group,
    timestamp,
)
from scenarios.store.progress import Store
from scenarios.store.schema import transaction

if TYPE_CHECKING:
    from scenarios.engine import Result
    from scenarios.mastery.rule import Change
    from scenarios.story.model import Story

ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
MASTERY_VERBS = {
    "mastered": (ADL + "mastered", {"en-US": "mastered", "fi": "hallitsi", "sv": "behärskade"}),
    "progressed": (ADL + "progressed", {"en-US": "progressed", "fi": "edistyi", "sv": "gjorde framsteg"}),
}
REVIEW_VERBS = {
    "initialized": {"en-US": "initialized", "fi": "aloitti", "sv": "inledde"},
    "completed": {"en-US": "completed", "fi": "suoritti", "sv": "slutförde"},
    "terminated": {"en-US": "terminated", "fi": "lopetti", "sv": "avslutade"},
}
REVIEW_NAME = {"fi": "Päivän kertaus", "en": "The day's review", "sv": "Dagens repetition"}
REVIEW_DESCRIPTION = {
    "fi": "Lyhyt kierros päätöksiä: harjoittelijan virheet väliajoin uudelleen ja opit, joita hän ei ole vielä "
    "kohdannut.",
    "en": "A short round of decisions: the trainee's misses again at spaced intervals, and lessons they have not "
    "met yet.",
    "sv": "En kort runda beslut: praktikantens missar på nytt med jämna mellanrum och lärdomar som hen ännu inte "
    "har mött.",
}


def practice_context(store: Store, key: str, mode: str, language: str = "fi") -> RecordContext:
    """The record context of the store's trainee for `key` (under this installation's learner id): the actor as
    in their playthroughs (`outbox.context_for`), with their team."""
    learner = learner_id(store)
    base = load_config(store).statement_base
    trainee = store.trainee
    actor = account_actor(base, trainee.account, trainee.name) if trainee.served else account_actor(base, learner)
    ctx = RecordContext(playthrough=f"{learner}/{key}", actor=actor, base=base, mode=mode, language=language)
    return with_team(ctx, store)


def mastery_key(store: Store) -> str:
    """The key of the trainee's mastery registration (one per trainee of the store)."""
    return f"mastery/{store.trainee.key}"


def mastery_statement(change: Change, ctx: RecordContext) -> dict[str, Any]:
    """The statement of one change of a lesson's state."""
    after = change.after
    verb = "mastered" if after.state == "mastered" else "progressed"
    verb_id, display = MASTERY_VERBS[verb]
    statement: dict[str, Any] = {
        "id": statement_id(ctx.playthrough, f"{change.lesson}/{after.answers}"),
        "actor": ctx.actor,
        "verb": {"id": verb_id, "display": display},
        "object": lesson_activity(change.lesson, ctx),
        "timestamp": timestamp(change.answer.at),
        "result": {
            "success": after.state == "mastered",
            "extensions": {
                ctx.extension("mastery"): after.state,
                ctx.extension("mastery-before"): change.before,
                ctx.extension("recent-answers"): list(after.recent),
            },
        },
        "context": _context(replace(ctx, mode=str(getattr(change.answer, "mode", "practice")))),
    }
    return statement


def record_mastery(store: Store, changes: Iterable[Change]) -> int:
    """Put the statements of these changes in the outbox (those there already are left alone); returns how many
    were new. Call inside the transaction of the answers that made them."""
    made = list(changes)
    if not made:
        return 0
    ctx = practice_context(store, mastery_key(store), REVIEW_MODE)
    statements = [mastery_statement(change, ctx) for change in made]
    with transaction(store.conn):
        return add(store.conn, statements, ctx.playthrough, store.clock())


def review_activity(ctx: RecordContext) -> dict[str, Any]:
    """The day's review as an activity (one for every round; each round is its own registration)."""
    return {
        "objectType": "Activity",
        "id": ctx.iri("review"),
        "definition": {
            "type": ASSESSMENT,
            "name": dict(REVIEW_NAME),
            "description": dict(REVIEW_DESCRIPTION),
        },
    }


def review_key(review_id: int) -> str:
    """The key of a review round's registration."""
    return f"review/{review_id}"


def review_started(ctx: RecordContext, at: float) -> dict[str, Any]:
    """`initialized`: a review round began."""
    return _review_statement(ctx, "initialized", at)


def review_choice(ctx: RecordContext, story: Story, number: int, result: Result) -> dict[str, Any]:
    """The `number`th choice of a review round, as a playthrough's choice is recorded."""
    return choice_statement(ctx, story, number, result)


def review_ended(
    ctx: RecordContext, at: float, *, items: int, answered: int, right: int, complete: bool
) -> dict[str, Any]:
    """`completed` (every decision played) or `terminated` (left before): the share answered right."""
    verb = "completed" if complete else "terminated"
    result: dict[str, Any] = {
        "completion": complete,
        "score": {"raw": right, "min": 0, "max": answered, "scaled": round(right / answered, 4) if answered else 0},
        "extensions": {ctx.extension("review-items"): items},
    }
    return _review_statement(ctx, verb, at, result)


def _review_statement(ctx: RecordContext, verb: str, at: float, result: dict[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "id": statement_id(ctx.playthrough, verb),
        "actor": ctx.actor,
        "verb": {"id": ADL + verb, "display": REVIEW_VERBS[verb]},
        "object": review_activity(ctx),
        "timestamp": timestamp(at),
        "context": _context(ctx),
    }
    if result is not None:
        statement["result"] = result
    return statement


def _context(ctx: RecordContext) -> dict[str, Any]:
    context: dict[str, Any] = {
        "registration": statement_id(ctx.playthrough, "registration"),
        "language": ctx.language,
        "extensions": {ctx.extension("mode"): ctx.mode},
        "contextActivities": {"category": [profile_category(ctx)]},
    }
    if ctx.team:
        context["team"] = team_group(ctx.team, ctx.base)
    return context


def record_review(store: Store, key: str, statements: Iterable[dict[str, Any]]) -> int:
    """Put a review round's statements in the outbox (inside the caller's transaction, when it has one)."""
    with transaction(store.conn):
        return add(store.conn, statements, key, store.clock())
