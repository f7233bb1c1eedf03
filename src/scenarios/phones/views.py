"""What a participant's phone shows of the session: plain data in one language, built from the session.

Before the reveal a page shows the options and the participant's own vote only: never the
tally, never anyone else's vote. After the reveal it shows what the shared screen shows.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

from scenarios.i18n.catalog import t
from scenarios.i18n.present import lesson_line, speaker_label, story_language, text_in
from scenarios.rehearsal.customer_roles import persona, situation
from scenarios.rehearsal.replies import RoomWords, decision_replies, own_marks, replies_in, room_words
from scenarios.rehearsal.session import DECISION_PHASES, Phase, Session
from scenarios.rehearsal.stations import FACILITATOR, GRID_FIELDS, SKILL_KINDS, StationSession
from scenarios.rehearsal.timer import timer_text
from scenarios.rehearsal.views import current_reveal, reveal_of


@dataclass(frozen=True)
class PhoneClock:
    """The countdown the shared screen shows, as a phone counts it down by itself between the server's word."""

    remaining: float
    """Seconds left when the page or the last clock event was made."""
    running: bool
    up: bool
    """True once the time is up (the shared screen turned red)."""

    @property
    def text(self) -> str:
        """The time left as the shared screen shows it (m:ss)."""
        return timer_text(self.remaining)

    def signature(self, now: float) -> tuple[bool, bool, float]:
        """What changes when the facilitator pauses, extends or skips, or the time runs out; not while it runs."""
        return self.running, self.up, round(now + self.remaining if self.running else self.remaining, 1)

    def to_event(self) -> str:
        """The clock as a Server-Sent Events message (`event: clock`)."""
        data = json.dumps({"remaining": round(self.remaining, 1), "running": self.running, "up": self.up})
        return f"event: clock\ndata: {data}\n\n"


def clock_of(session: Session | StationSession) -> PhoneClock | None:
    """The countdown on the shared screen now (a discussion's, a reflection question's or a round's), or None."""
    if isinstance(session, StationSession):
        if session.is_done:
            return None
        clock = session.round_clock
        return PhoneClock(session.remaining(), clock.is_running, session.time_up())
    timer, remaining = session.timer(), session.remaining()
    if timer is None or remaining is None:
        return None
    return PhoneClock(remaining, timer.is_running, remaining <= 0)


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
    breaks: str = ""
    """The lessons the option breaks, with their chapters (after the reveal)."""


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
    lessons: str = ""
    """The lessons the decision tests, with their chapters (after the reveal)."""
    question_index: int = 0
    """Which reflection question `question` is: a note sent from this page is filed under it."""
    clock: PhoneClock | None = None
    time_up: str = ""
    """What the phone says once the time is up."""
    reply: str = ""
    """Own words first: the reply this phone sent at the decision on screen ("" when it sent none)."""
    reply_marks: tuple[str, ...] = ()
    """Once the replies are shown: the rubric's lines for this phone's own reply (`✓ label`, `○ label`, `✗ label`)."""


def stage_of(session: Session | StationSession) -> str:
    """Where the session stands as a phone sees it: a change of it is a new page.

    Votes and grid texts do not change it; a station rotation's round does (`done-` once it is over).
    """
    if isinstance(session, StationSession):
        return f"{session.phase}-station-{session.round_index}"
    return f"{session.phase.value}-{session.story_index}-{len(session.decisions)}-{session.question_index}"


def page_of(session: Session, participant_id: str, language: str, reply_key: str = "") -> PhonePage:
    """The page of participant `participant_id` in `language` (stories fall back to their own languages); `reply_key`
    finds their own reply (own words first), which only their page shows."""
    phase = session.phase
    heading = ""
    lines: tuple[str, ...] = ()
    options: tuple[PhoneOption, ...] = ()
    ideal = model_answer = ending = question = position = lessons = reply = ""
    reply_marks: tuple[str, ...] = ()
    if phase in (*DECISION_PHASES, Phase.STORY_END) and session.plays:
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
                    breaks=lesson_line(o.breaks, language),
                )
                for o in reveal.options
            )
            ideal = text_in(reveal.ideal_text, lang, story)
            lessons = lesson_line(reveal.lessons, language)
            model_answer = text_in(reveal.model_answer, lang, story)
        elif phase in (Phase.WRITE, Phase.REPLIES):
            own = session.reply_of(reply_key) if reply_key else None
            reply = own.text if own is not None else ""
            if own is not None and phase == Phase.REPLIES:
                reply_marks = own_marks(story, own, session.beat().node, language)
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
        lessons=lessons,
        question_index=session.question_index,
        clock=clock_of(session),
        time_up=t("phones.clock.up_reflect" if phase == Phase.REFLECT else "phones.clock.up_discuss", language),
        reply=reply,
        reply_marks=reply_marks,
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


@dataclass(frozen=True)
class StationField:
    """One text a keeper writes: its form name, its label and what is written now."""

    name: str
    label: str
    text: str
    also: str = ""
    """Who else wrote in the field (the facilitator on the shared screen), in words; "" when nobody did."""


@dataclass(frozen=True)
class StationPage:
    """What a participant's phone shows in a station rotation: a keeper's grid, or where a visitor's group goes."""

    language: str
    stage: str
    heading: str
    done: bool
    station: str
    """The station the participant keeps ("" for a visitor)."""
    channel: str
    visiting: str
    """Who visits the keeper's station this round, in words ("" when it stands empty or the rotation is over)."""
    role: str
    roles: tuple[tuple[str, str, bool], ...]
    """(role, its name, chosen) for the role picker."""
    grid: tuple[StationField, ...]
    skills: tuple[StationField, ...]
    rotation: tuple[str, ...]
    """Who is where this round, and where everyone goes next (what the shared screen shows)."""
    mine: str
    """For a visitor in a group: where their group is now and goes next."""
    card: tuple[str, ...] = ()
    """For a visitor in a group: their role card (who the customer is, what brings them to this station)."""
    card_heading: str = ""
    clock: PhoneClock | None = None
    time_up: str = ""
    """What the phone says once the round's time is up: where to go (or who comes) next."""


def station_page_of(session: StationSession, participant: str, language: str, role: str = "") -> StationPage:
    """The station page of the participant named `participant` in `language`.

    The keeper of a station gets its grid for `role` (by default the customer role visiting this
    round) and its skills; everyone else gets the rotation, read-only.
    """
    done = session.is_done
    heading = t("stations.title", language) + " · " + (
        t("stations.finished", language) if done
        else t("stations.round_of", language, number=session.round_index + 1, of=session.rounds)
    )  # fmt: skip
    station = session.keeper_station(participant) or ""
    visit = session.visitor(station) if station and not done else None
    if role not in session.roles:
        role = visit.role if visit is not None else session.roles[0]
    visiting = ""
    if visit is not None:
        visiting = t("phones.station.visiting", language, customer=t(f"customer.{visit.role}", language),
                     people=", ".join(visit.people))  # fmt: skip
    grid: tuple[StationField, ...] = ()
    skills: tuple[StationField, ...] = ()
    roles: tuple[tuple[str, str, bool], ...] = ()
    if station:

        def field(kind: str, name: str, text: str) -> StationField:
            where = role if kind == "field" else ""
            also = _also(session.written_by(station, where, name), participant, language)
            return StationField(name, t(f"stations.{kind}.{name}", language), text, also)

        written = session.grid(station, role)
        grid = tuple(field("field", n, written[n]) for n in GRID_FIELDS)
        listed = session.station_skills(station)
        skills = tuple(field("kind", k, listed[k]) for k in SKILL_KINDS)
        roles = tuple((r, t(f"customer.{r}", language), r == role) for r in session.roles)
    card_heading, card = _role_card(session, "" if station or done else participant, language)
    return StationPage(
        language=language,
        stage=stage_of(session),
        heading=heading,
        done=done,
        station=station,
        channel=t(f"channel.{station}", language) if station else "",
        visiting=visiting,
        role=role,
        roles=roles,
        grid=grid,
        skills=skills,
        rotation=() if done else _rotation(session, language),
        mine="" if station or done else _group_line(session, participant, language),
        card_heading=card_heading,
        card=card,
        clock=clock_of(session),
        time_up="" if done else _time_up(session, station, participant, language),
    )


def _role_card(session: StationSession, participant: str, language: str) -> tuple[str, tuple[str, ...]]:
    """A customer's role card for the station their group is at now (the printed card's words): its heading and
    lines, or nothing for a keeper or someone in no group."""
    group = session.group_of(participant) if participant else None
    if group is None:
        return "", ()
    now = next(v for v in session.visits() if v.group == group)
    where = t("cards.visit", language, round=t("phones.station.this_round", language),
              channel=t(f"channel.{now.station}", language))  # fmt: skip
    return t("cards.customer", language, customer=t(f"customer.{now.role}", language)), (
        persona(now.role, language),
        f"{where} {situation(now.role, now.station, language)}",
        t("cards.customer_prompt", language),
    )


def _time_up(session: StationSession, station: str, participant: str, language: str) -> str:
    """What to do when the round's time is up: a keeper is told who comes next, a customer where to go."""
    last = session.round_index + 1 >= session.rounds
    if last:
        return t("phones.clock.up_last", language)
    after = session.visits(session.round_index + 1)
    if station:
        guest = next((v for v in after if v.station == station), None)
        if guest is None:
            return t("phones.clock.up_keeper_empty", language)
        return t("phones.clock.up_keeper", language, customer=t(f"customer.{guest.role}", language))
    group = session.group_of(participant)
    if group is not None:
        going = next(v for v in after if v.group == group)
        return t("phones.clock.up_visitor", language, channel=t(f"channel.{going.station}", language))
    return t("phones.clock.up_round", language)


def _also(writers: tuple[str, ...], participant: str, language: str) -> str:
    """Who wrote in a field besides `participant`, in words ("" when nobody did)."""
    me = " ".join(participant.split()).casefold()
    others = [
        t("phones.station.facilitator", language) if who == FACILITATOR else who
        for who in writers
        if " ".join(who.split()).casefold() != me
    ]
    return t("phones.station.also", language, names=", ".join(others)) if others else ""


def _rotation(session: StationSession, language: str) -> tuple[str, ...]:
    def words(role: str, station: str) -> dict[str, str]:
        return {"role": t(f"customer.{role}", language), "channel": t(f"channel.{station}", language)}

    number = session.round_index + 1
    lines = [
        t("stations.visit", language, number=number, people=", ".join(v.people), **words(v.role, v.station))
        for v in session.visits()
    ]
    if number < session.rounds:
        after = ", ".join(t("stations.next_visit", language, **words(v.role, v.station))
                          for v in session.visits(number))  # fmt: skip
        lines.append(t("stations.next", language, visits=after))
    return tuple(lines)


def _group_line(session: StationSession, participant: str, language: str) -> str:
    group = session.group_of(participant)
    if group is None:
        return ""
    now = next(v for v in session.visits() if v.group == group)
    customer, channel = t(f"customer.{now.role}", language), t(f"channel.{now.station}", language)
    if session.round_index + 1 < session.rounds:
        after = next(v for v in session.visits(session.round_index + 1) if v.group == group)
        return t("phones.station.your_group_next", language, customer=customer, channel=channel,
                 next=t(f"channel.{after.station}", language))  # fmt: skip
    return t("phones.station.your_group", language, customer=customer, channel=channel)


@dataclass(frozen=True)
class PresenterKey:
    """A key of the shared screen, as the presenter view offers it: the key and its word in the keys line."""

    key: str
    word: str
    name: str = ""
    """What the key does there now (its binding's name: `reveal_anyway` once the votes were said not to add up)."""


@dataclass(frozen=True)
class PresenterOption:
    """One option of the decision on the shared screen, with what only the facilitator sees before the reveal."""

    number: int
    text: str
    verdict: str
    good: bool
    ideal: bool
    feedback: str
    breaks: str


@dataclass(frozen=True)
class PresenterPage:
    """The facilitator's presenter view: where the session stands, its clock, the keys of the shared screen, and
    the notes the room does not see (the ideal reply and its feedback while the team still discusses, the
    votes as they come in, the answers sent from phones with their authors, the next question)."""

    language: str
    phase: str
    heading: str
    options: tuple[PresenterOption, ...]
    model_answer: str
    lessons: str
    votes: str
    """How many votes are in, of how many, and from how many phones ("" outside the vote)."""
    problem: str
    """Why the votes do not add up, in words, once the shared screen said so ("" before, and when they do)."""
    ending: str
    question: str
    position: str
    answers: tuple[str, ...]
    next_question: str
    keys: tuple[PresenterKey, ...]
    clock: PhoneClock | None = None
    time_up: str = ""
    rotation: tuple[str, ...] = ()
    """A station rotation's rounds: who is where, and where everyone goes next."""
    replies_in: str = ""
    """Own words first, while the room writes: how many replies are in, of how many."""
    room: RoomWords | None = None
    """Own words first: the room's replies grouped by the elements they hold, anonymous (as the shared screen)."""


def presenter_page_of(
    session: Session | StationSession, language: str, keys: tuple[PresenterKey, ...]
) -> PresenterPage:
    """The presenter view of a session in `language`, offering `keys` (the shared screen's keys now)."""
    if isinstance(session, StationSession):
        return _presenter_rotation(session, language, keys)
    phase = session.phase
    heading = ending = question = position = next_question = votes = problem = model_answer = lessons = ""
    options: tuple[PresenterOption, ...] = ()
    answers: tuple[str, ...] = ()
    room: RoomWords | None = None
    decision = session.decision
    if phase in (*DECISION_PHASES, Phase.STORY_END) and session.plays:
        story = session.story
        lang = story_language(story, language)
        heading = t("rehearsal.tui.story", language, number=session.story_index + 1, of=len(session.stories),
                    title=text_in(story.title, lang, story))  # fmt: skip
        if phase == Phase.STORY_END:
            outcome = session.beat().ending
            said = t(f"outcome.{outcome.value}", language) if outcome else "—"
            ending = t("rehearsal.ending", language, outcome=said)
        elif decision is not None:
            reveal = reveal_of(session, decision)
            heading += " · " + t("rehearsal.tui.decision", language, number=reveal.number)
            options = tuple(
                PresenterOption(
                    number=o.number,
                    text=text_in(o.text, lang, story),
                    verdict=t("verdict.yes" if o.solution_focused else "verdict.no", language),
                    good=o.solution_focused,
                    ideal=o.is_ideal,
                    feedback=text_in(o.feedback, lang, story),
                    breaks=lesson_line(o.breaks, language),
                )
                for o in reveal.options
            )
            model_answer = text_in(reveal.model_answer, lang, story)
            lessons = lesson_line(reveal.lessons, language)
            grouped = decision_replies(session, decision)
            if grouped is not None and phase in (Phase.WRITE, Phase.REPLIES):
                room = room_words(grouped, story, language)
            if phase == Phase.VOTE:
                check = session.vote_check()
                votes = t("presenter.votes", language, total=check.total, of=check.expected or "–",
                          phones=session.phone_votes_in())  # fmt: skip
                found = session.vote_problem() if any(k.name == "reveal_anyway" for k in keys) else None
                problem = t(f"rehearsal.error.{found.code}", language, **found.params) if found else ""
    elif phase == Phase.DEBRIEF:
        heading = t("presenter.debrief", language)
    reflection = session.reflection
    if reflection is not None:
        question = reflection.question.get_text(language, ("fi", "en"))
        position = t("rehearsal.question", language, number=session.question_index + 1, of=len(session.reflections))
        answers = tuple(f"{n.author}: {n.text}" if n.author else n.text for n in reflection.phone_notes)
    following = session.question_index + 1 if phase == Phase.REFLECT else 0
    if phase in (Phase.DEBRIEF, Phase.REFLECT) and following < len(session.reflections):
        next_question = session.reflections[following].question.get_text(language, ("fi", "en"))
    return PresenterPage(
        language=language,
        phase=phase.value,
        heading=heading,
        options=options,
        model_answer=model_answer,
        lessons=lessons,
        votes=votes,
        problem=problem,
        ending=ending,
        question=question,
        position=position,
        answers=answers,
        next_question=next_question,
        keys=keys,
        clock=clock_of(session),
        time_up=t("phones.clock.up_reflect" if phase == Phase.REFLECT else "phones.clock.up_discuss", language),
        replies_in=replies_in(session, language) if phase == Phase.WRITE else "",
        room=room,
    )


def _presenter_rotation(session: StationSession, language: str, keys: tuple[PresenterKey, ...]) -> PresenterPage:
    """The presenter view of a station rotation: the round, its clock, who is where and goes next, the keys."""
    done = session.is_done
    heading = t("stations.title", language) + " · " + (
        t("stations.finished", language) if done
        else t("stations.round_of", language, number=session.round_index + 1, of=session.rounds)
    )  # fmt: skip
    last = session.round_index + 1 >= session.rounds
    return PresenterPage(
        language=language, phase="done" if done else "stations", heading=heading, options=(), model_answer="",
        lessons="", votes="", problem="", ending="", question="", position="", answers=(), next_question="",
        keys=keys, clock=clock_of(session), rotation=() if done else _rotation(session, language),
        time_up=t("phones.clock.up_last" if last else "phones.clock.up_round", language),
    )  # fmt: skip


def presenter_stage_of(session: Session | StationSession, keys: tuple[PresenterKey, ...]) -> str:
    """What the presenter view shows that may change: a change of it is a new page (a vote or a phone's answer
    too, which a participant's page does not follow, and the keys on offer: F5 says Pause or Resume)."""
    if isinstance(session, StationSession):
        return f"{stage_of(session)}-{'|'.join(k.word for k in keys)}"
    votes = session.vote_check().total if session.phase == Phase.VOTE else 0
    answers = len(session.reflection.phone_notes) if session.reflection is not None else 0
    decision = session.decision
    replies = "" if decision is None else "/".join(sorted(r.text for r in decision.replies))  # a changed reply too
    words = "|".join(k.word for k in keys)
    return f"{stage_of(session)}-{votes}-{answers}-{zlib.crc32(replies.encode())}-{words}"
