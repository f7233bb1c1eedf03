"""What a participant's phone shows of the session: plain data in one language, built from the session.

Before the reveal a page shows the options and the participant's own vote only: never the
tally, never anyone else's vote. After the reveal it shows what the shared screen shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.i18n.catalog import t
from scenarios.i18n.present import speaker_label, story_language, text_in
from scenarios.rehearsal.session import Phase, Session
from scenarios.rehearsal.views import current_reveal


@dataclass(frozen=True)
class PhoneOption:
    """One option on a phone; the verdict, feedback and votes only after the reveal."""

    number: int
    option_id: str
    text: str
    mine: bool
    verdict: str = ""
    good: bool = False
    feedback: str = ""
    votes: str = ""
    ideal: bool = False


@dataclass(frozen=True)
class PhonePage:
    """Everything a participant's page shows now."""

    language: str
    phase: str
    stage: str
    heading: str
    lines: tuple[str, ...]
    options: tuple[PhoneOption, ...]
    can_vote: bool
    voted: bool
    revealed: bool
    ideal: str
    model_answer: str
    ending: str
    question: str
    position: str


def stage_of(session: Session) -> str:
    """Where the session stands as a phone sees it: a change of it is a new page (votes do not change it)."""
    return f"{session.phase.value}-{session.story_index}-{len(session.decisions)}-{session.question_index}"


def page_of(session: Session, participant_id: str, language: str) -> PhonePage:
    """The page of participant `participant_id` in `language` (stories fall back to their own languages)."""
    phase = session.phase
    heading = ""
    lines: tuple[str, ...] = ()
    options: tuple[PhoneOption, ...] = ()
    ideal = model_answer = ending = question = position = ""
    if phase in (Phase.DISCUSS, Phase.VOTE, Phase.REVEAL, Phase.STORY_END) and session.plays:
        story = session.story
        lang = story_language(story, language)
        heading = t("rehearsal.tui.story", language, number=session.story_index + 1, of=len(session.stories),
                    title=text_in(story.title, lang, story))  # fmt: skip
        lines = _situation(session, language, lang)
        mine = session.phone_vote_of(participant_id)
        reveal = current_reveal(session)
        if reveal is not None:
            options = tuple(
                PhoneOption(
                    number=o.number,
                    option_id=o.option_id,
                    text=text_in(o.text, lang, story),
                    mine=o.option_id == mine,
                    verdict=t("verdict.yes" if o.solution_focused else "verdict.no", language),
                    good=o.solution_focused,
                    feedback=text_in(o.feedback, lang, story),
                    votes=t("rehearsal.votes_share", language, votes=o.votes, percent=round(100 * o.share)),
                    ideal=o.is_ideal,
                )
                for o in reveal.options
            )
            ideal = text_in(reveal.ideal_text, lang, story)
            model_answer = text_in(reveal.model_answer, lang, story)
        elif phase in (Phase.DISCUSS, Phase.VOTE):
            options = tuple(
                PhoneOption(c.number, c.option_id, text_in(c.text, lang, story), c.option_id == mine)
                for c in session.beat().choices
            )
        else:
            outcome = session.beat().ending
            said = t(f"outcome.{outcome.value}", language) if outcome else "—"
            ending = t("rehearsal.ending", language, outcome=said)
    reflection = session.reflection
    if reflection is not None:
        question = reflection.question.get_text(language, ("fi", "en"))
        position = t("rehearsal.question", language, number=session.question_index + 1, of=len(session.reflections))
    return PhonePage(
        language=language,
        phase=phase.value,
        stage=stage_of(session),
        heading=heading,
        lines=lines,
        options=options,
        can_vote=phase == Phase.VOTE,
        voted=any(o.mine for o in options),
        revealed=phase == Phase.REVEAL,
        ideal=ideal,
        model_answer=model_answer,
        ending=ending,
        question=question,
        position=position,
    )


def _situation(session: Session, language: str, lang: str) -> tuple[str, ...]:
    """What happened last and what the customer says and does now."""
    story = session.story
    shown: list[str] = []
    last = session.last_result
    if last is not None and last.result is not None:
        shown.append(t("rehearsal.result", language, text=text_in(last.result, lang, story)))
    for line in session.beat().lines:
        who = speaker_label(story, line.speaker, lang)
        if line.text is not None:
            said = text_in(line.text, lang, story)
            shown.append(f"{who}: {said}" if who else said)
        if line.cue is not None:
            shown.append(f"({text_in(line.cue, lang, story)})")
    return tuple(shown)
