"""What a page shows of a playthrough: the transcript, the status (mode, decision, the channel's clock, the
mood), the options, the verdict on a choice and the debrief, all worked out from the session objects the
terminal app shows (`scenarios.trainer`, the engine's views, `story.lessons`), in the trainee's words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scenarios.engine import Debrief, Playthrough, Result
from scenarios.i18n.catalog import t
from scenarios.i18n.present import (
    choice_prompt,
    clock_text,
    customer_label,
    mood_arrow,
    mood_label,
    mood_scale,
    says_the_same,
    speaker_label,
    story_language,
    text_in,
)
from scenarios.story.lessons import verdict_line
from scenarios.story.model import Story
from scenarios.story.rubric import MarkLine, Rubric
from scenarios.story.text import Text
from scenarios.trainer.own_words import checklist_lines, kept_lines
from scenarios.trainer.session import PlaySession
from scenarios.trainer.transcript import Entry, Event, Transcript, moods, replay, waiting_since


@dataclass(frozen=True)
class Status:
    """The line that says where the trainee is: mode, decision, the channel's clock, the customer's mood."""

    mode: str
    decision: str
    clock_label: str
    """The channel's clock in words with `{time}` where the running time goes ('' for desk and email)."""
    clock_seconds: int | None
    """The clock's reading now (a call's length, a chat's wait), or None when it does not run."""
    clock_running: bool
    channel: str
    mood: str
    """The customer's mood in words with its last move (`Mood: annoyed (-1) ↓`), or ''."""
    scale: str
    mood_sign: int


def words(story: Story, language: str) -> tuple[str, Any]:
    """The language the story's texts are shown in, and a function giving a story text in it."""
    shown = story_language(story, language)
    return shown, lambda value: text_in(value, shown, story)


def transcript(story: Story, events: list[Event], language: str) -> tuple[list[Entry], int]:
    """The whole conversation so far, entry by entry, and where the last event's entries begin (what is new)."""
    builder = Transcript(story, language)
    entries: list[Entry] = []
    new_from = 0
    for kind, item in events:
        new_from = len(entries)
        entries += builder.event(kind, item)
    return entries, new_from


def status(session: PlaySession, events: list[Event], language: str) -> Status:
    """The status line of the playthrough now (as the terminal app's status line has it)."""
    play = session.play
    channel = session.story.channel.value
    history = play.history
    if play.is_over:
        decision = t("tui.status.over", language)
        now = session.lived(history[-1].at) if history else play.started_at
    else:
        decision = t("tui.status.decision", language, number=play.decision_number)
        now = session.now()
    clock_label, seconds = t(f"channel.{channel}", language), None
    who = speaker_label(session.story, "customer", language)
    if channel == "phone":
        key = "tui.phone.ended" if play.is_over else "tui.phone.elapsed"
        clock_label, seconds = t(key, language, time="{time}"), int(now - play.started_at)
    elif channel == "chat" and not play.is_over:
        clock_label = t("tui.chat.waiting", language, who=who, time="{time}")
        seconds = int(now - waiting_since(session, events))
    mood_now, before = moods(play, events)
    mood = scale = ""
    if mood_now is not None:
        shown = mood_label(mood_now, language, session.story)
        mood = f"{t('tui.play.mood', language)} {shown}{mood_arrow(mood_now, before)}"
        scale = mood_scale(mood_now)
    return Status(
        mode=t(f"tui.status.mode.{session.mode}", language),
        decision=decision,
        clock_label=clock_label,
        clock_seconds=seconds,
        clock_running=seconds is not None and not play.is_over,
        channel=channel,
        mood=mood,
        scale=scale,
        mood_sign=0 if mood_now is None else (mood_now > 0) - (mood_now < 0),
    )


def clock_now(status: Status) -> str:
    """The clock's words with its reading filled in."""
    if status.clock_seconds is None:
        return status.clock_label
    return status.clock_label.replace("{time}", clock_text(status.clock_seconds))


def play_view(session: PlaySession, language: str) -> dict[str, Any]:
    """Everything the play page shows: the story, the status, the conversation, the question and the options
    (or the way to the debrief once the story is over)."""
    story, play = session.story, session.play
    events = replay(play)
    shown, text = words(story, language)
    beat = play.beat()
    choices = [{"number": c.number, "kind": t(f"kind.{c.kind}", language), "text": text(c.text)} for c in beat.choices]
    now = status(session, events, language)
    entries, new_from = transcript(story, events, language)
    return {
        "story": story_head(story, language),
        "status": now,
        "clock": clock_now(now),
        "entries": entries,
        "new_from": new_from,
        "text_lang": shown,
        "prompt": choice_prompt(story, beat, language) if not play.is_over else t("tui.play.over", language),
        "choices": choices,
        "step": len(play.history),
        "over": play.is_over,
        "dead_end": beat.dead_end,
        "channel": story.channel.value,
    }


def story_head(story: Story, language: str) -> dict[str, str]:
    """The story's title, channel and customer in the trainee's words."""
    _, text = words(story, language)
    return {
        "id": story.id,
        "title": text(story.title),
        "channel": t(f"channel.{story.channel.value}", language),
        "customer": customer_label(story, language),
    }


def verdict(story: Story, result: Result, language: str) -> dict[str, Any]:
    """The verdict on one choice, as the terminal's feedback panel has it: the verdict with its sign (never by
    colour alone), why, the lesson behind it, the ideal (or that it was chosen) and the model answer, once."""
    _, text = words(story, language)
    ideal = text(result.ideal_text)
    answer = text(result.model_answer) if result.model_answer is not None else ""
    return {
        "good": result.solution_focused,
        "sign": "✓" if result.solution_focused else "✗",
        "words": t("verdict.yes" if result.solution_focused else "verdict.no", language),
        "chosen": text(result.text),
        "why": text(result.feedback) if result.feedback is not None else "",
        "lesson": verdict_line(story, result.node, result.option_id, language),
        "is_ideal": result.is_ideal,
        "ideal": ideal,
        "model_answer": answer if answer and (result.is_ideal or not says_the_same(answer, ideal)) else "",
        "own": result.own.text if result.own is not None else "",
        "own_lines": [mark_view(line, text, language) for line in kept_lines(story, result.own, result.node)]
        if result.own is not None
        else [],
    }


def feedback_view(session: PlaySession, number: int, language: str) -> dict[str, Any]:
    """The verdict page on choice `number` (1-based), with the conversation up to and including it."""
    story, play = session.story, session.play
    events = replay(play)
    upto = events[: 2 * number]  # the first beat, then each choice and the beat it led to, up to this choice
    shown, _ = words(story, language)
    entries, _ = transcript(story, upto, language)
    return {
        "story": story_head(story, language),
        "verdict": verdict(story, play.history[number - 1], language),
        "entries": entries,
        "new_from": None,
        "text_lang": shown,
        "number": number,
        "channel": story.channel.value,
    }


def debrief_view(story: Story, play: Playthrough, mode: str, language: str) -> dict[str, Any]:
    """The debrief: the ending, the path beside the ideal one with the verdicts and lessons, the scores and the
    reflection questions."""
    report: Debrief = play.debrief()
    shown, text = words(story, language)
    decisions = [verdict(story, decision, language) for decision in report.decisions]
    scores = [(t("dimension.solution_focus", language), report.solution_focused, report.total)]
    scores += [(t(f"dimension.{s.dimension}", language), s.got, s.ideal) for s in report.scores]
    return {
        "story": story_head(story, language),
        "text_lang": shown,
        "mode": t(f"tui.mode_name.{mode}", language),
        "outcome": t(f"outcome.{report.outcome.value}", language) if report.outcome is not None else "",
        "outcome_kind": report.outcome.value if report.outcome is not None else "",
        "dead_end": report.dead_end,
        "ending_lines": [text(line) for line in report.ending_lines],
        "decisions": decisions,
        "scores": [
            {"label": label, "got": got, "of": of, "share": max(0.0, min(1.0, got / of)) if of > 0 else 0.0}
            for label, got, of in scores
        ],
        "reflection": [text(question) for question in report.reflection],
    }


def draft_rubric(session: PlaySession) -> Rubric:
    """The rubric of the decision the session stands at (own words are asked only where there is one)."""
    rubric = session.story.nodes[session.play.node].rubric
    assert rubric is not None
    return rubric


MARK_STATES = {"✓": "found", "○": "missing", "✗": "mistake", "·": "avoided"}
"""A checklist mark's sign and the word the page says beside it (never the sign alone)."""


def mark_view(line: MarkLine, text: Callable[[Text], str], language: str) -> dict[str, Any]:
    """One line of an own reply's checklist: its sign and state (in words), label, the reply's words that showed
    it, and whether the trainee turned it over."""
    state = MARK_STATES[line.sign]
    return {
        "id": line.id,
        "sign": line.sign,
        "state": state,
        "state_words": t(f"web.own.state.{state}", language),
        "label": text(line.label),
        "words": list(line.words),
        "corrected": line.corrected,
    }


def own_view(session: PlaySession, language: str) -> dict[str, Any]:
    """Own words first on the play page: the form to write the reply, then its checklist (each mark with the
    reply's words that showed it and a box to turn it over), then the options."""
    story, play = session.story, session.play
    _, text = words(story, language)
    node = story.nodes[play.node]
    medium = node.medium.value if node.medium is not None else story.channel.value
    draft = session.own_draft
    if draft is None or draft.step != len(play.history):
        return {"state": "write", "email": medium == "email"}
    lines = [
        mark_view(line, text, language)
        for line in checklist_lines(draft_rubric(session), draft.checklist, draft.corrected)
    ]
    return {"state": "ready" if draft.ready else "checklist", "text": draft.text, "lines": lines}
