"""The trainer's item analysis: what many trainees chose at each decision, read from xAPI statements.

Pure functions of statements (from the store, exported files or an LRS; see `records.sources`): no I/O.
A decision is *missed* when the option chosen was not solution-focused (the primary score, ch. 4).
Only trainees' own playthroughs count (an Agent actor); a rehearsal's team statements (a Group actor)
are counted apart and left out of the figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

DECISION_VERBS = ("answered", "interacted")
DIMENSIONS = ("encounter", "interaction", "expert", "positivity")
FEW_CHOICES = 3
"""Decisions chosen fewer times than this come last among the most missed, however high their share."""


@dataclass(frozen=True)
class Filters:
    """Which statements a report reads: a team (by name, any case), stories (by id), and dates (inclusive, UTC)."""

    team: str | None = None
    stories: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None


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
        """Got as a share of the ideal (0–1; 0 when the ideal has no points)."""
        return min(1.0, self.got / self.ideal) if self.ideal else 0.0


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


def matches(statement: dict[str, Any], filters: Filters, story: str, at: datetime) -> bool:
    """Whether the statement passes the report's filters."""
    if filters.team is not None and (team_of(statement) or "").casefold() != filters.team.casefold():
        return False
    if filters.stories and story not in filters.stories:
        return False
    if filters.since is not None and at.date() < filters.since:
        return False
    return not (filters.until is not None and at.date() > filters.until)


def analyse(statements: list[dict[str, Any]], filters: Filters = Filters(), *, top: int = 10) -> Report:
    """The item analysis of `statements` (duplicates by id counted once) under `filters`."""
    seen: set[str] = set()
    choices: list[Choice] = []
    completions: list[tuple[str, str, dict[str, Any]]] = []  # (story, registration, dimension points)
    titles: dict[str, dict[str, str]] = {}
    option_texts: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    team_statements = unreadable = 0
    for statement in statements:
        sid = statement.get("id")
        if isinstance(sid, str):
            if sid in seen:
                continue
            seen.add(sid)
        if (statement.get("actor") or {}).get("objectType") == "Group":
            team_statements += 1
            continue
        try:
            read = _read(statement, filters, titles, option_texts)
        except (KeyError, TypeError, ValueError, AttributeError):
            read = None
        if read is None:
            unreadable += 1
            continue
        if isinstance(read, str):  # filtered out
            continue
        story, registration, kind, payload = read
        if kind == "choice":
            assert isinstance(payload, Choice)
            choices.append(payload)
        elif kind == "completed":
            assert isinstance(payload, dict)
            completions.append((story, registration, payload))
    stories = _stories(choices, completions, titles, option_texts)
    decisions = [d for s in stories for d in s.decisions]
    # A decision met only once or twice is noise beside one met often: those come after the rest.
    missed = sorted(
        (d for d in decisions if d.missed),
        key=lambda d: (d.choices < FEW_CHOICES, -d.missed_share, -d.missed, d.story, d.node),
    )
    dates = [c.at.date() for c in choices]
    return Report(
        filters=filters,
        stories=stories,
        missed=missed[:top],
        dimensions=_dimensions([points for _, _, points in completions]),
        weeks=_weeks(choices),
        trainees=len({c.learner for c in choices}),
        playthroughs=len({c.registration for c in choices}),
        choices=len(choices),
        first=min(dates, default=None),
        last=max(dates, default=None),
        team_statements=team_statements,
        unreadable=unreadable,
    )


ReadStatement = tuple[str, str, str, "Choice | dict[str, Any] | None"] | str | None


def _read(
    statement: dict[str, Any],
    filters: Filters,
    titles: dict[str, dict[str, str]],
    option_texts: dict[tuple[str, str], dict[str, dict[str, str]]],
) -> ReadStatement:
    """(story, registration, kind, payload) of one of the trainer's statements, "filtered", or None."""
    target = statement["object"]
    path = activity_path(str(target.get("id", "")))
    at = when(statement)
    context = statement.get("context") or {}
    registration = str(context.get("registration") or "")
    if not path or at is None or not registration:
        return None
    story = path[0]
    for parent in (context.get("contextActivities") or {}).get("parent") or []:
        if activity_path(str(parent.get("id", ""))) == [story]:
            titles.setdefault(story, dict((parent.get("definition") or {}).get("name") or {}))
    if len(path) == 1:
        titles.setdefault(story, dict((target.get("definition") or {}).get("name") or {}))
    if not matches(statement, filters, story, at):
        return "filtered"
    verb = verb_of(statement)
    result = statement.get("result") or {}
    if verb in DECISION_VERBS and len(path) >= 3 and path[1] == "nodes":
        node = path[2]
        texts = option_texts.setdefault((story, node), {})
        for choice in (target.get("definition") or {}).get("choices") or []:
            texts.setdefault(str(choice["id"]), dict(choice.get("description") or {}))
        ideal = str(extension(result, "ideal-option") or "").rsplit("/", 1)[-1]
        made = Choice(
            registration=registration,
            learner=learner_of(statement),
            team=team_of(statement),
            story=story,
            node=node,
            option=str(result["response"]),
            solution_focused=bool(result.get("success")),
            ideal=ideal,
            at=at,
        )
        return story, registration, "choice", made
    if verb == "completed" and len(path) == 1:
        points = extension(result, "dimension-points")
        return story, registration, "completed", points if isinstance(points, dict) else {}
    return story, registration, "other", None


def _stories(
    choices: list[Choice],
    completions: list[tuple[str, str, dict[str, Any]]],
    titles: dict[str, dict[str, str]],
    option_texts: dict[tuple[str, str], dict[str, dict[str, str]]],
) -> list[StoryStats]:
    by_story: dict[str, StoryStats] = {}
    decisions: dict[tuple[str, str], DecisionStats] = {}
    steps: dict[tuple[str, str], list[int]] = defaultdict(list)
    ordered = sorted(choices, key=lambda c: (c.registration, c.at))
    step_in: dict[str, int] = defaultdict(int)
    for choice in ordered:
        step_in[choice.registration] += 1
        key = (choice.story, choice.node)
        if key not in decisions:
            decisions[key] = DecisionStats(choice.story, choice.node)
            for option_id, text in option_texts.get(key, {}).items():
                decisions[key].option(option_id).text = text
        decision = decisions[key]
        steps[key].append(step_in[choice.registration])
        decision.choices += 1
        decision.solution_focused += choice.solution_focused
        chosen = decision.option(choice.option)
        chosen.chosen += 1
        chosen.solution_focused = choice.solution_focused
        if choice.ideal:
            decision.option(choice.ideal).ideal = True
    for key, decision in decisions.items():
        decision.step = sum(steps[key]) / len(steps[key])
        story = by_story.setdefault(key[0], StoryStats(key[0], titles.get(key[0], {})))
        story.decisions.append(decision)
    for story in by_story.values():
        story.decisions.sort(key=lambda d: (d.step, d.node))
        story.playthroughs = len({c.registration for c in choices if c.story == story.story})
        done = [points for sid, _, points in completions if sid == story.story]
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
