"""A team rehearsal's learning records: the team as an xAPI Group (its participants as members), one
playthrough's statements per story with the team's choice and the vote spread at each decision.

Built like a trainee's (`playthrough_statements`), with the Group as the actor, `launched` first, and
each `answered`/`interacted` carrying how the team voted (`votes`, `vote-shares`) and how it went on
(`continued-by`: majority, the facilitator's pick, or the ideal). The rehearsal's save puts them into
the outbox in its own transaction (`scenarios.rehearsal.stored`), so they are kept exactly when the
session is. (Here, not in `records`: the rehearsal uses the records, never the other way round.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from scenarios.records.outbox import ensure_schema, learner_id, load_config
from scenarios.records.statements import (
    RecordContext,
    account_actor,
    playthrough_statements,
    statement_id,
    story_activity,
    timestamp,
)
from scenarios.rehearsal.session import Decision, Phase, Session
from scenarios.store.progress import Store

LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"
LAUNCHED_NAME = {"en-US": "launched", "fi": "käynnisti", "sv": "startade"}
MODE = "rehearsal"


def team_actor(session: Session, session_key: str, base: str) -> dict[str, Any]:
    """The team as an identified Group: named by the team, its members the participants as accounts
    (named ones by name, or numbered when only a count was given)."""
    names = session.participants.names or tuple(
        f"participant-{number}" for number in range(1, session.participants.count + 1)
    )
    team = session.team.strip() or session_key
    return {
        "objectType": "Group",
        "name": session.team.strip() or "team",
        "account": {"homePage": base, "name": f"team:{team}"},
        "member": [account_actor(base, f"{session_key}/{name}", name) for name in names],
    }


def session_statements(session: Session, ctx_key: str, base: str) -> list[dict[str, Any]]:
    """Every statement of the session so far, story by story."""
    statements: list[dict[str, Any]] = []
    if session.phase == Phase.SETUP:
        return statements
    actor = team_actor(session, ctx_key, base)
    for index, play in enumerate(session.plays):
        ctx = RecordContext(
            playthrough=f"{ctx_key}/{index}",
            actor=actor,
            base=base,
            mode=MODE,
            language=session.language,
            team=session.team.strip() or None,
        )
        story_level = playthrough_statements(play, ctx)
        decisions = [d for d in session.decisions if d.story_index == index and d.chosen is not None]
        choices = [s for s in story_level if s["verb"]["id"].rsplit("/", 1)[1] in ("answered", "interacted")]
        for statement, decision in zip(choices, decisions, strict=False):
            _add_votes(statement, decision, ctx)
        launched = {
            **story_level[0],
            "id": statement_id(ctx.playthrough, "launched"),
            "verb": {"id": LAUNCHED, "display": LAUNCHED_NAME},
            "object": story_activity(play.story, ctx),
            "timestamp": timestamp(play.started_at),
        }
        statements += [launched, *story_level]
    return statements


def _add_votes(statement: dict[str, Any], decision: Decision, ctx: RecordContext) -> None:
    """The vote spread and how the team went on, in the answer's result extensions."""
    if not statement["object"]["id"].endswith("/nodes/" + decision.node):
        return
    tally = decision.ballots.tally()
    total = sum(tally.values())
    extensions = statement["result"]["extensions"]
    extensions[ctx.extension("votes")] = dict(tally)
    extensions[ctx.extension("vote-shares")] = {k: round(v / total, 4) if total else 0.0 for k, v in tally.items()}
    extensions[ctx.extension("continued-by")] = decision.continued_by


def team_records(store: Store, session_id: int) -> Callable[[Session], list[dict[str, Any]]] | None:
    """What makes the session's statements at each save: its key among the installation's records and the
    statements' base address are read once, when the session is opened (this may write the installation's
    learner id); None when they cannot be read (the rehearsal is saved all the same, without them)."""
    try:
        ensure_schema(store.conn)
        key, base = f"{learner_id(store)}/rehearsal/{session_id}", load_config(store).statement_base
    except sqlite3.Error:
        return None

    def made(session: Session) -> list[dict[str, Any]]:
        try:
            return session_statements(session, key, base)
        except (KeyError, ValueError, IndexError, StopIteration):
            return []  # saved all the same; the next save makes them again

    return made
