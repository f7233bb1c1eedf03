"""Sessions to versioned JSON and back; playthroughs are kept as the engine's own saves."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from scenarios.engine import Clock, SaveError
from scenarios.engine import from_json as play_from_json
from scenarios.engine import to_json as play_to_json
from scenarios.rehearsal.session import (
    DECISION_PHASES,
    Decision,
    OwnWordsReply,
    Participants,
    Phase,
    PhoneNote,
    Reflection,
    Session,
)
from scenarios.rehearsal.timer import Timer
from scenarios.rehearsal.votes import Ballots
from scenarios.story.model import Story
from scenarios.story.text import Text

SESSION_FORMAT = 1
MIN_SESSION_FORMAT = 1


class SessionSaveError(ValueError):
    """A saved session that cannot be loaded. `code` names the message (`rehearsal.save.*`)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def to_dict(session: Session) -> dict[str, Any]:
    """The session as plain JSON-ready data (running timers saved with the time counted so far)."""
    now = session.clock()
    return {
        "format": SESSION_FORMAT,
        "team": session.team,
        "participants": {"names": list(session.participants.names), "count": session.participants.count},
        "groups": session.groups,
        "language": session.language,
        "seed": session.seed,
        "discussion_seconds": session.discussion_seconds,
        "reflection_seconds": session.reflection_seconds,
        "vote_mode": session.vote_mode,
        "own_words": session.own_words,
        "created_at": session.created_at,
        "phase": session.phase.value,
        "story_index": session.story_index,
        "plan": [story.id for story in session.stories],
        "plays": [json.loads(play_to_json(play)) for play in session.plays],
        "decisions": [
            {
                "story_index": d.story_index,
                "node": d.node,
                "ballots": d.ballots.to_dict(),
                "ideal": d.ideal,
                "discussion": d.discussion.to_dict(now),
                "opened_at": d.opened_at,
                "revealed_at": d.revealed_at,
                "accepted_mismatch": d.accepted_mismatch,
                "chosen": d.chosen,
                "continued_by": d.continued_by,
                "chosen_at": d.chosen_at,
                "note": d.note,
                # Own words: each reply's text and marks with its random key, never its writer (see OwnWordsReply).
                "replies": [{"key": r.key, "text": r.text, "marked": list(r.marked)} for r in d.replies],
            }
            for d in session.decisions
        ],
        "reflections": [
            {
                "question": dict(r.question),
                "timer": r.timer.to_dict(now),
                "note": r.note,
                "phone_notes": [{"author": n.author, "text": n.text} for n in r.phone_notes],
            }
            for r in session.reflections
        ],
        "question_index": session.question_index,
        "notes": session.notes,
        "finished_at": session.finished_at,
    }


def to_json(session: Session) -> str:
    """The session as versioned JSON."""
    return json.dumps(to_dict(session), ensure_ascii=False)


def from_json(text: str, find_story: Callable[[str], Story | None], *, clock: Clock | None = None) -> Session:
    """Rebuild a saved session; timers come back paused. Raises `SessionSaveError`."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise SessionSaveError("corrupt") from None
    if not isinstance(data, dict):
        raise SessionSaveError("corrupt")
    version = data.get("format")
    if not isinstance(version, int) or not MIN_SESSION_FORMAT <= version <= SESSION_FORMAT:
        raise SessionSaveError("format", found=version, supported=SESSION_FORMAT)
    try:
        return _build(data, find_story, clock)
    except SessionSaveError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SessionSaveError("corrupt") from None


def _build(data: dict[str, Any], find_story: Callable[[str], Story | None], clock: Clock | None) -> Session:
    if not isinstance(data["plan"], list) or not data["plan"]:
        raise SessionSaveError("corrupt")
    stories = []
    for story_id in data["plan"]:
        story = find_story(str(story_id))
        if story is None:
            raise SessionSaveError("story_missing", story=story_id)
        stories.append(story)
    kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
    session = Session(
        stories,
        team=str(data.get("team", "")),
        participants=Participants(
            tuple(str(n) for n in data["participants"]["names"]), int(data["participants"]["count"])
        ),
        groups=[[str(name) for name in group] for group in data.get("groups", [])],
        language=str(data.get("language", "fi")),
        seed=int(data.get("seed", 0)),
        discussion_seconds=float(data["discussion_seconds"]),
        reflection_seconds=float(data["reflection_seconds"]),
        vote_mode=str(data.get("vote_mode", "counts")),
        own_words=bool(data.get("own_words", False)),
        created_at=float(data["created_at"]),
        phase=Phase(data["phase"]),
        story_index=int(data["story_index"]),
        question_index=int(data.get("question_index", 0)),
        notes=str(data.get("notes", "")),
        finished_at=data.get("finished_at"),
        **kwargs,
    )
    for index, saved in enumerate(data["plays"]):
        try:
            session.plays.append(play_from_json(stories[index], json.dumps(saved), clock=session.clock))
        except SaveError as error:
            raise SessionSaveError("play", story=stories[index].id, reason=error.code) from None
    session.decisions = [
        Decision(
            story_index=int(d["story_index"]),
            node=str(d["node"]),
            ballots=Ballots.from_dict(d["ballots"]),
            ideal=str(d["ideal"]),
            discussion=Timer.from_dict(d["discussion"]),
            opened_at=float(d["opened_at"]),
            revealed_at=d.get("revealed_at"),
            accepted_mismatch=bool(d.get("accepted_mismatch", False)),
            chosen=d.get("chosen"),
            continued_by=d.get("continued_by"),
            chosen_at=d.get("chosen_at"),
            note=str(d.get("note", "")),
            replies=[
                OwnWordsReply(str(r["key"]), str(r["text"]), tuple(str(m) for m in r.get("marked", [])))
                for r in d.get("replies", [])
            ],
        )
        for d in data["decisions"]
    ]
    session.reflections = [
        Reflection(
            Text(r["question"]),
            Timer.from_dict(r["timer"]),
            str(r.get("note", "")),
            [PhoneNote(str(n["author"]), str(n["text"])) for n in r.get("phone_notes", [])],
        )
        for r in data["reflections"]
    ]
    _check_consistent(session)
    return session


def _check_consistent(session: Session) -> None:
    """The phase must fit the playthroughs: a decision on screen is where the story stands."""
    if session.phase in DECISION_PHASES:
        if not session.decisions or session.story_index >= len(session.plays):
            raise SessionSaveError("corrupt")
        if session.decisions[-1].node != session.beat().node or session.beat().is_over:
            raise SessionSaveError("corrupt")
    if session.phase == Phase.REFLECT and not 0 <= session.question_index < len(session.reflections):
        raise SessionSaveError("corrupt")
