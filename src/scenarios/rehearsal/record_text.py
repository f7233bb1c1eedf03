"""The session record in words: what every export (Markdown, HTML, CSV) shows, language-resolved."""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.engine import Playthrough
from scenarios.i18n.catalog import moment_text, t
from scenarios.i18n.present import lesson_line, lesson_names, speaker_label, story_language, text_in
from scenarios.rehearsal.replies import RoomWords, room_replies, room_words
from scenarios.rehearsal.session import Session
from scenarios.rehearsal.timer import timer_text
from scenarios.rehearsal.views import Reveal, reveal_of, team_debrief


@dataclass(frozen=True)
class OptionRow:
    """One option of a decision in the record."""

    number: int
    option_id: str
    kind: str
    text: str
    votes: int
    percent: int
    verdict: str
    solution_focused: bool
    feedback: str
    marks: tuple[str, ...]
    is_ideal: bool
    chosen: bool
    breaks: str = ""
    """The lessons the option breaks, with their chapters ("" for none)."""
    lesson: str = ""
    """The lessons behind its verdict: those it breaks, else those the decision tests ("" when untagged)."""


@dataclass(frozen=True)
class DecisionRow:
    """One decision in the record: what the customer said, the votes, and the path taken."""

    number: int
    story_index: int
    node: str
    lines: tuple[str, ...]
    options: tuple[OptionRow, ...]
    total: int
    tie: bool
    majority: tuple[int, ...]
    ideal_number: int
    ideal_text: str
    model_answer: str
    continued: str
    continued_by: str
    continued_how: str
    """How the team went on, in words of the record's language ("" while undecided)."""
    result: str
    """What happened after the option the team went on with, in the story's words ("" when nothing is told)."""
    discussion_seconds: float
    discussion_time: str
    mismatch: str
    note: str
    majority_is_ideal: bool
    lessons: str = ""
    """The line naming the lessons the decision tests ("Oppi: ... (luku 4)"; "" when untagged)."""
    replies: RoomWords | None = None
    """Own words first: the room's replies, grouped as the shared screen showed them, without their writers (None
    when nobody sent one). The record keeps the texts for the trainer, never who wrote them."""


@dataclass(frozen=True)
class StoryRow:
    """One story of the plan with its decisions and how it ended."""

    number: int
    story_id: str
    title: str
    decisions: tuple[DecisionRow, ...]
    ending: str
    ending_lines: tuple[str, ...]


@dataclass(frozen=True)
class ReflectionRow:
    """A reflection question with the team's notes and the time spent."""

    question: str
    note: str
    time: str
    seconds: float


@dataclass(frozen=True)
class SessionRecordText:
    """The whole session record, every text in one language."""

    language: str
    heading: str
    team: str
    date: str
    participants: str
    groups: tuple[str, ...]
    plan: tuple[tuple[str, str], ...]
    stories: tuple[StoryRow, ...]
    majority_ideal: str
    votes_sf: str
    reflections: tuple[ReflectionRow, ...]
    notes: str


def build_record(session: Session, language: str) -> SessionRecordText:
    """Resolve every text of the session in `language` (stories fall back to their own languages)."""
    lines_at = _lines_at_decisions(session, language)
    stories = []
    for index, story in enumerate(session.stories[: max(1, len(session.plays))]):
        lang = story_language(story, language)
        rows = tuple(
            _decision_row(reveal, lines_at.get(n, ()), language, lang, reveal.number)
            for n, d in enumerate(session.decisions)
            if d.story_index == index and d.revealed_at is not None
            for reveal in (reveal_of(session, d),)
        )
        ending = ""
        ending_lines: tuple[str, ...] = ()
        if index < len(session.plays) and session.plays[index].is_over:
            beat = session.plays[index].beat()
            outcome = t(f"outcome.{beat.ending.value}", language) if beat.ending else "—"
            ending = t("rehearsal.ending", language, outcome=outcome)
            ending_lines = tuple(text_in(line.text, lang, story) for line in beat.lines if line.text is not None)
        stories.append(StoryRow(index + 1, story.id, text_in(story.title, lang, story), rows, ending, ending_lines))
    debrief = team_debrief(session)
    reflections = tuple(
        ReflectionRow(
            r.question.get_text(language, ("fi", "en")),
            r.notes_with_phones(),
            timer_text(r.timer.elapsed(session.clock())),
            round(r.timer.elapsed(session.clock()), 1),
        )
        for r in session.reflections
    )
    people = session.participants
    participants = (
        ", ".join(people.names)
        if people.names
        else t("rehearsal.export.participant_count", language, count=people.count)
    )
    heading = (
        t("rehearsal.export.heading", language, team=session.team)
        if session.team
        else t("rehearsal.export.no_team", language)
    )
    return SessionRecordText(
        language=language,
        heading=heading,
        team=session.team,
        date=moment_text(session.created_at, language),
        participants=participants if people.count else "—",
        groups=tuple(
            f"{t('rehearsal.export.group', language, number=n)}: {', '.join(g)}"
            for n, g in enumerate(session.groups, start=1)
        ),
        plan=tuple((s.id, text_in(s.title, story_language(s, language), s)) for s in session.stories),
        stories=tuple(stories),
        majority_ideal=t("rehearsal.majority_ideal", language, count=debrief.majority_ideal, of=len(debrief.reveals)),
        votes_sf=t("rehearsal.votes_sf", language, percent=round(100 * debrief.votes_solution_focused)),
        reflections=reflections,
        notes=session.notes,
    )


def _decision_row(reveal: Reveal, lines: tuple[str, ...], language: str, lang: str, number: int) -> DecisionRow:
    story, decision = reveal.story, reveal.decision
    options = []
    for o in reveal.options:
        marks = tuple(
            t(key, language)
            for key, on in (
                ("rehearsal.mark.ideal", o.is_ideal),
                ("rehearsal.mark.majority", o.in_majority and reveal.clear_majority),
                ("rehearsal.mark.chosen", o.chosen),
            )
            if on
        )
        options.append(
            OptionRow(
                number=o.number,
                option_id=o.option_id,
                kind=t(f"kind.{o.kind}", language),
                text=text_in(o.text, lang, story),
                votes=o.votes,
                percent=round(100 * o.share),
                verdict=t("verdict.yes" if o.solution_focused else "verdict.no", language),
                solution_focused=o.solution_focused,
                feedback=text_in(o.feedback, lang, story),
                marks=marks,
                is_ideal=o.is_ideal,
                chosen=o.chosen,
                breaks=lesson_line(o.breaks, language),
                lesson=lesson_names(o.breaks or reveal.lessons, language),
            )
        )
    by_id = {o.option_id: o for o in options}
    chosen = by_id.get(decision.chosen or "")
    how = t(f"rehearsal.how.{decision.continued_by}", language) if decision.continued_by else ""
    elapsed = decision.discussion.elapsed_before
    check_total, expected = reveal.total, reveal.expected
    return DecisionRow(
        number=number,
        story_index=decision.story_index,
        node=decision.node,
        lines=lines,
        options=tuple(options),
        total=reveal.total,
        tie=reveal.tie,
        majority=tuple(by_id[m].number for m in reveal.majority),
        ideal_number=by_id[decision.ideal].number,
        ideal_text=text_in(reveal.ideal_text, lang, story),
        model_answer=text_in(reveal.model_answer, lang, story),
        continued=t("rehearsal.export.continued", language, text=chosen.text, how=how)
        if chosen
        else t("rehearsal.export.not_continued", language),
        continued_by=decision.continued_by or "",
        continued_how=how,
        result=_result_of(reveal, lang),
        discussion_seconds=round(elapsed, 1),
        discussion_time=t("rehearsal.export.discussion_time", language, time=timer_text(elapsed)),
        mismatch=t("rehearsal.export.mismatch", language, total=check_total, expected=expected)
        if decision.accepted_mismatch
        else "",
        note=decision.note,
        majority_is_ideal=reveal.majority_is_ideal,
        lessons=lesson_line(reveal.lessons, language),
        replies=_replies_of(reveal, language),
    )


def _replies_of(reveal: Reveal, language: str) -> RoomWords | None:
    """The room's own replies at the decision in words, or None when there are none."""
    story, decision = reveal.story, reveal.decision
    rubric = story.nodes[decision.node].rubric
    if rubric is None or not decision.replies:
        return None
    return room_words(room_replies(rubric, decision.replies), story, language)


def _result_of(reveal: Reveal, lang: str) -> str:
    """The story's text for what happened after the option the team went on with ("" if none)."""
    story, decision = reveal.story, reveal.decision
    node = story.nodes[decision.node]
    for index, option in enumerate(node.options):
        if node.option_id(index) == decision.chosen and option.result is not None:
            return text_in(option.result, lang, story)
    return ""


def _lines_at_decisions(session: Session, language: str) -> dict[int, tuple[str, ...]]:
    """Replay each story to recover what was said before each decision (saves keep only the choices)."""
    lines: dict[int, tuple[str, ...]] = {}
    for index, story in enumerate(session.stories[: len(session.plays)]):
        lang = story_language(story, language)
        play = Playthrough(story, seed=session.plays[index].seed, clock=lambda: 0.0)
        for number, decision in enumerate(session.decisions):
            if decision.story_index != index or play.is_over:
                continue
            beat = play.beat()
            shown = []
            for line in beat.lines:
                who = speaker_label(story, line.speaker, lang)
                if line.text is not None:
                    shown.append(
                        f"{who}: {text_in(line.text, lang, story)}" if who else text_in(line.text, lang, story)
                    )
                if line.cue is not None:
                    shown.append(f"({text_in(line.cue, lang, story)})")
            lines[number] = tuple(shown)
            if decision.chosen is None:
                break
            play.choose_option(decision.chosen, at=decision.chosen_at or 0.0)
    return lines
