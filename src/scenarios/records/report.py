"""The trainer's item analysis: what many trainees chose at each decision, read from xAPI statements.

Pure functions of statements (from the store, exported files or an LRS; see `records.sources`): no I/O.
A decision is *missed* when the option chosen was not solution-focused (the primary score, ch. 4).
Only trainees' own playthroughs count (an Agent actor); a rehearsal's team statements (a Group actor)
are counted apart and left out of the figures.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scenarios.records import MODES

DECISION_VERBS = ("answered", "interacted")
DIMENSIONS = ("encounter", "interaction", "expert", "positivity")
FEW_CHOICES = 3
"""Decisions chosen fewer times than this come last among the most missed, however high their share."""


@dataclass(frozen=True)
class Filters:
    """Which statements a report reads: a team (by name, any case), stories (by id), dates (inclusive, UTC, on
    the statements' own timestamps) and the mode (practice or exam; None: both)."""

    team: str | None = None
    stories: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    mode: str | None = None


@dataclass(frozen=True)
class Choice:
    """One decision one trainee made in one playthrough."""

    registration: str
    learner: str
    team: str | None
    story: str
    node: str
    option: str
    solution_focused: bool
    ideal: str
    at: datetime
    mode: str = "practice"
    seconds: float = 0.0
    """Time on the decision: from the step before to the choice."""
    lessons: tuple[str, ...] = ()
    """The lessons of the material the decision tests (their ids)."""
    breaks: tuple[str, ...] = ()
    """The lessons the option chosen breaks."""
    name: str = ""
    """The trainee's name as the statement gives it (the actor's name), if any."""
    left_out: tuple[str, ...] | None = None
    """With an own reply written first: the elements of the ideal reply it left out (None: no own reply)."""
    corrected: int = 0
    """With an own reply: how many of its checklist's marks the trainee turned over."""


@dataclass
class OptionStats:
    """How often one option of a decision was chosen."""

    option: str
    text: dict[str, str]
    chosen: int = 0
    solution_focused: bool | None = None
    """Whether choosing it counts as solution-focused (unknown for an option nobody chose)."""
    ideal: bool = False


@dataclass
class DecisionStats:
    """One decision of a story over every playthrough read."""

    story: str
    node: str
    options: list[OptionStats] = field(default_factory=list)
    choices: int = 0
    solution_focused: int = 0
    step: float = 0.0
    """The average position of the decision in the playthroughs (to show them in the order met)."""
    own_replies: int = 0
    """Choices that came with an own reply written first."""
    left_out: Counter[str] = field(default_factory=Counter)
    """How many of those replies left out each element of the ideal reply (by the rubric's id)."""
    element_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    """The elements' labels by language, as the statements give them."""
    corrections: int = 0
    """Marks of those replies' checklists the trainees turned over (they disagreed with the matcher)."""

    def most_left_out(self, top: int = 3) -> list[tuple[str, int]]:
        """The elements own replies left out most often, with how many left each out."""
        return sorted(self.left_out.items(), key=lambda item: (-item[1], item[0]))[:top]

    @property
    def missed(self) -> int:
        """Choices that were not solution-focused."""
        return self.choices - self.solution_focused

    @property
    def missed_share(self) -> float:
        """The share of choices that were not solution-focused (0 when nobody chose)."""
        return self.missed / self.choices if self.choices else 0.0

    @property
    def solution_focused_share(self) -> float:
        """The share of solution-focused choices."""
        return self.solution_focused / self.choices if self.choices else 0.0

    def option(self, option_id: str) -> OptionStats:
        """The option's counts (added when first seen)."""
        for stats in self.options:
            if stats.option == option_id:
                return stats
        stats = OptionStats(option_id, {})
        self.options.append(stats)
        return stats


@dataclass(frozen=True)
class DimensionAverage:
    """A dimension's average points per finished playthrough, beside the ideal path's."""

    dimension: str
    got: float
    ideal: float
    playthroughs: int

    @property
    def share(self) -> float:
        """Got as a share of the ideal, from -1 to 1: below 0 when the average is negative (measured against the
        ideal, or against itself when it is further from 0 than the ideal is)."""
        scale = max(self.ideal, abs(self.got))
        return max(-1.0, min(1.0, self.got / scale)) if scale else 0.0


@dataclass
class StoryStats:
    """One story: its playthroughs, decisions in the order met, and dimension averages."""

    story: str
    title: dict[str, str]
    playthroughs: int = 0
    completed: int = 0
    decisions: list[DecisionStats] = field(default_factory=list)
    dimensions: list[DimensionAverage] = field(default_factory=list)

    @property
    def choices(self) -> int:
        """Decisions made in the story, all playthroughs together."""
        return sum(d.choices for d in self.decisions)

    @property
    def solution_focused_share(self) -> float:
        """The share of solution-focused choices in the story."""
        total = self.choices
        return sum(d.solution_focused for d in self.decisions) / total if total else 0.0


@dataclass(frozen=True)
class WeekStats:
    """One ISO week: how many playthroughs were played and the share of solution-focused choices."""

    year: int
    week: int
    monday: date
    playthroughs: int
    choices: int
    solution_focused: int

    @property
    def share(self) -> float:
        """The share of solution-focused choices in the week."""
        return self.solution_focused / self.choices if self.choices else 0.0


@dataclass
class Report:
    """The item analysis of the statements read, with the filters it was made with."""

    filters: Filters
    stories: list[StoryStats]
    missed: list[DecisionStats]
    """Decisions with a missed choice, most often missed first."""
    dimensions: list[DimensionAverage]
    weeks: list[WeekStats]
    trainees: int
    playthroughs: int
    choices: int
    first: date | None
    last: date | None
    team_statements: int = 0
    """Team (Group) statements read and left out of the figures."""
    unreadable: int = 0
    """Statements that were not the trainer's (or not whole) and were skipped."""

    @property
    def empty(self) -> bool:
        """Nothing to show: no decision matched."""
        return self.choices == 0

    def story_title(self, story_id: str, language: str) -> str:
        """A story's title in `language` (its id when the statements named none)."""
        for story in self.stories:
            if story.story == story_id:
                return pick(story.title, language) or story_id
        return story_id


def pick(texts: dict[str, str], language: str) -> str:
    """The text of a language map in `language`, else English or Finnish or any."""
    for key in (language, "en", "en-US", "fi"):
        if texts.get(key):
            return texts[key]
    return next(iter(texts.values()), "")


def verb_of(statement: dict[str, Any]) -> str:
    """The verb's last path segment (`answered`, `completed` …)."""
    return str(statement.get("verb", {}).get("id", "")).rsplit("/", 1)[-1]


def extension(holder: dict[str, Any], name: str) -> Any:
    """An extension by its last path segment, whatever the base IRI it was made under."""
    for key, value in (holder.get("extensions") or {}).items():
        if str(key).rsplit("/", 1)[-1] == name:
            return value
    return None


def activity_path(activity_id: str) -> list[str]:
    """The parts after `/stories/` of an activity id: [story], [story, "nodes", node] …"""
    if "/stories/" not in activity_id:
        return []
    return activity_id.split("/stories/", 1)[1].split("/")


def team_of(statement: dict[str, Any]) -> str | None:
    """The trainee's team from the statement's context (`context.team`, a Group), or None."""
    team = (statement.get("context") or {}).get("team")
    if not isinstance(team, dict):
        return None
    name = team.get("name") or (team.get("account") or {}).get("name")
    return str(name) if name else None


def learner_of(statement: dict[str, Any]) -> str:
    """Who the actor is: the account name, else the name, else the mailbox."""
    actor = statement.get("actor") or {}
    account = actor.get("account") or {}
    return str(account.get("name") or actor.get("mbox") or actor.get("name") or "")


def when(statement: dict[str, Any]) -> datetime | None:
    """The statement's timestamp in UTC, or None when it has none that can be read."""
    raw = statement.get("timestamp")
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def mode_of(statement: dict[str, Any]) -> str:
    """The mode the statement was made in (`practice` when it names none)."""
    return str(extension(statement.get("context") or {}, "mode") or "practice")


def matches(statement: dict[str, Any], filters: Filters, story: str, at: datetime) -> bool:
    """Whether the statement passes the report's filters."""
    if filters.team is not None and (team_of(statement) or "").casefold() != filters.team.casefold():
        return False
    if filters.stories and story not in filters.stories:
        return False
    if filters.mode is not None and mode_of(statement) != filters.mode:
        return False
    if filters.since is not None and at.date() < filters.since:
        return False
    return not (filters.until is not None and at.date() > filters.until)


@dataclass
class Reading:
    """What the statements said, read once: the choices and endings that pass the filters, and what the
    activity definitions tell of stories, decisions and lessons (from every statement read)."""

    choices: list[Choice] = field(default_factory=list)
    completions: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    """(story, registration, dimension points) of each finished playthrough."""
    endings: dict[str, Ending] = field(default_factory=dict)
    """How each registration ended, by registration."""
    titles: dict[str, dict[str, str]] = field(default_factory=dict)
    option_texts: dict[tuple[str, str], dict[str, dict[str, str]]] = field(default_factory=dict)
    correct: dict[tuple[str, str], str] = field(default_factory=dict)
    """A decision's ideal option as its definition names it (`correctResponsesPattern`)."""
    verdicts: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    """A decision's solution-focused options as its definition names them (also those nobody chose)."""
    lessons: dict[str, LessonInfo] = field(default_factory=dict)
    element_labels: dict[tuple[str, str], dict[str, dict[str, str]]] = field(default_factory=dict)
    """A decision's rubric elements' labels by language, as own replies' statements give them."""
    team_statements: int = 0
    unreadable: int = 0


@dataclass(frozen=True)
class LessonInfo:
    """A lesson of the material as the statements name it: its title and chapter."""

    lesson: str
    title: dict[str, str]
    chapter: int | None


@dataclass(frozen=True)
class Ending:
    """How a playthrough ended: its outcome, and in an exam passed or failed."""

    outcome: str | None = None
    verdict: str | None = None


def read(statements: list[dict[str, Any]], filters: Filters = Filters()) -> Reading:
    """Read the trainees' statements (duplicates by id once) under `filters`."""
    seen: set[str] = set()
    reading = Reading()
    for statement in statements:
        sid = statement.get("id")
        if isinstance(sid, str):
            if sid in seen:
                continue
            seen.add(sid)
        if (statement.get("actor") or {}).get("objectType") == "Group":
            reading.team_statements += 1
            continue
        try:
            ok = _read(statement, filters, reading)
        except (KeyError, TypeError, ValueError, AttributeError):
            ok = False
        if not ok:
            reading.unreadable += 1
    return reading


def analyse(statements: list[dict[str, Any]], filters: Filters = Filters(), *, top: int = 10) -> Report:
    """The item analysis of `statements` (duplicates by id counted once) under `filters`."""
    reading = read(statements, filters)
    choices = reading.choices
    stories = _stories(reading)
    decisions = [d for s in stories for d in s.decisions]
    missed = sorted((d for d in decisions if d.missed), key=missed_order)
    dates = [c.at.date() for c in choices]
    return Report(
        filters=filters,
        stories=stories,
        missed=missed[:top],
        dimensions=_dimensions([points for _, _, points in reading.completions]),
        weeks=_weeks(choices),
        trainees=len({c.learner for c in choices}),
        playthroughs=len({c.registration for c in choices}),
        choices=len(choices),
        first=min(dates, default=None),
        last=max(dates, default=None),
        team_statements=reading.team_statements,
        unreadable=reading.unreadable,
    )


def missed_order(decision: DecisionStats) -> tuple[bool, float, int, str, str]:
    """The order of the most missed: the share missed, highest first; a decision met fewer than `FEW_CHOICES`
    times comes after the rest (one or two choices are noise beside many), then the count missed."""
    return (decision.choices < FEW_CHOICES, -decision.missed_share, -decision.missed, decision.story, decision.node)


def modes_in(statements: list[dict[str, Any]]) -> list[str]:
    """The modes (practice, exam) the trainees' decisions were made in, in that order."""
    found = {mode_of(s) for s in statements if verb_of(s) in DECISION_VERBS}
    return [mode for mode in MODES if mode in found]


def _read(statement: dict[str, Any], filters: Filters, reading: Reading) -> bool:
    """Read one of the trainer's statements into `reading`; False when it is not one."""
    target = statement["object"]
    path = activity_path(str(target.get("id", "")))
    at = when(statement)
    context = statement.get("context") or {}
    registration = str(context.get("registration") or "")
    if not path or at is None or not registration:
        return False
    story = path[0]
    activities = context.get("contextActivities") or {}
    for parent in activities.get("parent") or []:
        if activity_path(str(parent.get("id", ""))) == [story]:
            reading.titles.setdefault(story, dict((parent.get("definition") or {}).get("name") or {}))
    definition = target.get("definition") or {}
    if len(path) == 1:
        reading.titles.setdefault(story, dict(definition.get("name") or {}))
    verb = verb_of(statement)
    is_decision = verb in DECISION_VERBS and len(path) >= 3 and path[1] == "nodes"
    if is_decision:
        key = (story, path[2])
        texts = reading.option_texts.setdefault(key, {})
        for choice in definition.get("choices") or []:
            texts.setdefault(str(choice["id"]), dict(choice.get("description") or {}))
        pattern = definition.get("correctResponsesPattern")
        if isinstance(pattern, list) and pattern:
            reading.correct.setdefault(key, str(pattern[0]))
        verdicts = extension(definition, "solution-focused-options")
        if isinstance(verdicts, list):
            reading.verdicts.setdefault(key, {str(v) for v in verdicts})
        for lesson in activities.get("grouping") or []:
            _lesson(lesson, reading)
    if not matches(statement, filters, story, at):
        return True
    result = statement.get("result") or {}
    if is_decision:
        lessons = tuple(
            str(a.get("id", "")).rsplit("/", 1)[-1]
            for a in activities.get("grouping") or []
            if (a.get("definition") or {}).get("type", "").endswith("/objective")
        )
        broken = extension(result, "breaks")
        own = extension(result, "own-reply")
        left_out = None
        corrected = 0
        if isinstance(own, dict) and isinstance(own.get("missing"), list):
            left_out = tuple(str(item) for item in own["missing"])
            corrected = len(own["corrected"]) if isinstance(own.get("corrected"), list) else 0
            labels = own.get("labels")
            if isinstance(labels, dict):
                known = reading.element_labels.setdefault((story, path[2]), {})
                for item, words in labels.items():
                    if isinstance(words, dict):
                        known.setdefault(str(item), {str(k): str(v) for k, v in words.items()})
        reading.choices.append(
            Choice(
                registration=registration,
                learner=learner_of(statement),
                team=team_of(statement),
                story=story,
                node=path[2],
                option=str(result["response"]),
                solution_focused=bool(result.get("success")),
                ideal=str(extension(result, "ideal-option") or "").rsplit("/", 1)[-1],
                at=at,
                mode=mode_of(statement),
                seconds=seconds_of(result.get("duration")),
                lessons=lessons,
                breaks=tuple(str(b).rsplit("/", 1)[-1] for b in broken) if isinstance(broken, list) else (),
                name=str((statement.get("actor") or {}).get("name") or ""),
                left_out=left_out,
                corrected=corrected,
            )
        )
    elif verb == "completed" and len(path) == 1:
        points = extension(result, "dimension-points")
        reading.completions.append((story, registration, points if isinstance(points, dict) else {}))
        outcome = extension(result, "outcome")
        held = reading.endings.get(registration, Ending())
        reading.endings[registration] = Ending(str(outcome) if outcome else None, held.verdict)
    elif verb in ("passed", "failed") and len(path) == 1:
        held = reading.endings.get(registration, Ending())
        reading.endings[registration] = Ending(held.outcome, verb)
    return True


def _lesson(activity: dict[str, Any], reading: Reading) -> None:
    definition = activity.get("definition") or {}
    if not str(definition.get("type", "")).endswith("/objective"):
        return
    lesson = str(activity.get("id", "")).rsplit("/", 1)[-1]
    chapter = extension(definition, "chapter")
    if lesson and lesson not in reading.lessons:
        name = dict(definition.get("name") or {})
        reading.lessons[lesson] = LessonInfo(lesson, name, chapter if isinstance(chapter, int) else None)


DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def seconds_of(value: Any) -> float:
    """An ISO 8601 duration (PT12.5S, PT1M2S, P1DT2H …) in seconds; 0 for anything else."""
    found = DURATION.match(value) if isinstance(value, str) else None
    if found is None:
        return 0.0
    days, hours, minutes, seconds = (float(part) if part else 0.0 for part in found.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds


def _stories(reading: Reading) -> list[StoryStats]:
    choices = reading.choices
    by_story: dict[str, StoryStats] = {}
    decisions: dict[tuple[str, str], DecisionStats] = {}
    steps: dict[tuple[str, str], list[int]] = defaultdict(list)
    ordered = sorted(choices, key=lambda c: (c.registration, c.at))
    step_in: dict[str, int] = defaultdict(int)
    ideals: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for choice in ordered:
        step_in[choice.registration] += 1
        key = (choice.story, choice.node)
        if key not in decisions:
            decisions[key] = DecisionStats(choice.story, choice.node)
            for option_id, text in reading.option_texts.get(key, {}).items():
                decisions[key].option(option_id).text = text
        decision = decisions[key]
        steps[key].append(step_in[choice.registration])
        decision.choices += 1
        decision.solution_focused += choice.solution_focused
        chosen = decision.option(choice.option)
        chosen.chosen += 1
        chosen.solution_focused = choice.solution_focused
        if choice.ideal:
            ideals[key][choice.ideal] += 1
        if choice.left_out is not None:
            decision.own_replies += 1
            decision.left_out.update(choice.left_out)
            decision.corrections += choice.corrected
            decision.element_labels = reading.element_labels.get(key, {})
    for key, decision in decisions.items():
        decision.step = sum(steps[key]) / len(steps[key])
        # One ideal per decision: the one its definition names, else the one most often named when chosen
        # (a decision met twice may have offered another ideal while the marked one was not on offer).
        ideal = reading.correct.get(key) or (ideals[key].most_common(1)[0][0] if ideals[key] else None)
        if ideal is not None:
            decision.option(ideal).ideal = True
        verdicts = reading.verdicts.get(key)
        if verdicts is not None:
            for option in decision.options:
                if option.solution_focused is None:
                    option.solution_focused = option.option in verdicts
        story = by_story.setdefault(key[0], StoryStats(key[0], reading.titles.get(key[0], {})))
        story.decisions.append(decision)
    for story in by_story.values():
        story.decisions.sort(key=lambda d: (d.step, d.node))
        story.playthroughs = len({c.registration for c in choices if c.story == story.story})
        done = [points for sid, _, points in reading.completions if sid == story.story]
        story.completed = len(done)
        story.dimensions = _dimensions(done)
    return sorted(by_story.values(), key=lambda s: (-s.playthroughs, s.story))


def _dimensions(completions: list[dict[str, Any]]) -> list[DimensionAverage]:
    """Each dimension's average got and ideal points over the finished playthroughs that scored it."""
    got: dict[str, list[float]] = defaultdict(list)
    ideal: dict[str, list[float]] = defaultdict(list)
    for points in completions:
        for dimension, score in points.items():
            if isinstance(score, dict):
                got[str(dimension)].append(float(score.get("got", 0)))
                ideal[str(dimension)].append(float(score.get("ideal", 0)))
    order = [d for d in DIMENSIONS if d in got] + sorted(d for d in got if d not in DIMENSIONS)
    return [DimensionAverage(d, sum(got[d]) / len(got[d]), sum(ideal[d]) / len(ideal[d]), len(got[d])) for d in order]


def _weeks(choices: list[Choice]) -> list[WeekStats]:
    """Every ISO week from the first choice to the last (empty weeks included, to show gaps)."""
    if not choices:
        return []
    buckets: dict[date, list[Choice]] = defaultdict(list)
    for choice in choices:
        day = choice.at.date()
        buckets[day - timedelta(days=day.weekday())].append(choice)
    monday, last = min(buckets), max(buckets)
    weeks = []
    while monday <= last:
        held = buckets.get(monday, [])
        year, week, _ = monday.isocalendar()
        weeks.append(
            WeekStats(
                year,
                week,
                monday,
                len({c.registration for c in held}),
                len(held),
                sum(c.solution_focused for c in held),
            )
        )
        monday += timedelta(days=7)
    return weeks
