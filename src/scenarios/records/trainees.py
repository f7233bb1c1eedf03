"""The report's view of each trainee: their path through each story, time on task, exams passed and failed,
and how they did on each lesson of the material, practice and exam kept apart. Pure, like `records.report`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scenarios.mastery.rule import LessonState
from scenarios.records import MODES
from scenarios.records.mastery_report import states_of
from scenarios.records.report import Choice, Ending, Filters, LessonInfo, Reading, read
from scenarios.records.statements import REVIEW_MODE


@dataclass(frozen=True)
class Step:
    """One choice on a trainee's path: the decision, the option chosen and its verdict."""

    node: str
    option: str
    text: dict[str, str]
    solution_focused: bool
    ideal: bool


@dataclass(frozen=True)
class Attempt:
    """One playthrough of one story: when, in which mode, the path taken and how it ended."""

    story: str
    title: dict[str, str]
    registration: str
    mode: str
    started: datetime
    steps: tuple[Step, ...]
    seconds: float
    ending: Ending | None

    @property
    def solution_focused(self) -> int:
        """Solution-focused choices on the path."""
        return sum(step.solution_focused for step in self.steps)


@dataclass
class LessonMastery:
    """How a trainee did at the decisions that test one lesson (in one mode)."""

    lesson: LessonInfo
    choices: int = 0
    solution_focused: int = 0
    broken: int = 0
    """Choices whose option goes against the lesson."""

    @property
    def share(self) -> float:
        """The share of solution-focused choices at the lesson's decisions."""
        return self.solution_focused / self.choices if self.choices else 0.0


@dataclass
class TraineeView:
    """One trainee: who, their attempts (most recent last) and their lessons, by mode."""

    learner: str
    name: str
    attempts: list[Attempt] = field(default_factory=list)
    lessons: dict[str, list[LessonMastery]] = field(default_factory=dict)
    """By mode: the lessons met, weakest first."""
    mastery: dict[str, LessonState] = field(default_factory=dict)
    """Each lesson's state by the trainer's mastery rule, over every choice (practice, exam and review)."""
    reviews: int = 0
    """Review rounds played (their choices count for mastery, not as playthroughs)."""

    @property
    def label(self) -> str:
        """The name when the statements give one, else the learner id."""
        return self.name or self.learner

    def in_mode(self, mode: str) -> list[Attempt]:
        """The attempts made in `mode`."""
        return [a for a in self.attempts if a.mode == mode]

    def seconds(self, mode: str | None = None) -> float:
        """Time on task: the time taken over the choices (in `mode`, or all)."""
        return sum(a.seconds for a in self.attempts if mode is None or a.mode == mode)

    def share(self, mode: str) -> float:
        """The share of solution-focused choices in `mode`."""
        steps = [step for attempt in self.in_mode(mode) for step in attempt.steps]
        return sum(step.solution_focused for step in steps) / len(steps) if steps else 0.0

    def verdicts(self) -> tuple[int, int]:
        """Exams passed and failed."""
        endings = [a.ending.verdict for a in self.in_mode("exam") if a.ending is not None]
        return endings.count("passed"), endings.count("failed")

    def matches(self, wanted: str) -> bool:
        """Whether `wanted` names this trainee: their id or name (any case), or the start of their id (8
        characters at least, as the list of trainees shows a long id cut short)."""
        key = wanted.strip().casefold()
        learner = self.learner.casefold()
        return key in (learner, self.name.casefold()) or (len(key) >= 8 and learner.startswith(key))


def trainee_views(statements: list[dict[str, Any]], filters: Filters | None = None) -> list[TraineeView]:
    """Every trainee's view of the statements read under `filters` (the mode filter aside: a view keeps the
    modes apart itself), in the order of their labels."""
    given = filters or Filters()
    reading = read(statements, Filters(given.team, given.stories, given.since, given.until))
    by_learner: dict[str, list[Choice]] = defaultdict(list)
    for choice in reading.choices:
        by_learner[choice.learner].append(choice)
    views = []
    for learner, choices in by_learner.items():
        name = next((c.name for c in choices if c.name), "")
        played = [c for c in choices if c.mode in MODES]
        reviews = len({c.registration for c in choices if c.mode == REVIEW_MODE})
        view = TraineeView(learner, name, _attempts(played, reading), {}, states_of(choices), reviews)
        for mode in MODES:
            met = _lessons([c for c in choices if c.mode == mode], reading)
            if met:
                view.lessons[mode] = met
        views.append(view)
    return sorted(views, key=lambda v: v.label.casefold())


def _attempts(choices: list[Choice], reading: Reading) -> list[Attempt]:
    by_registration: dict[str, list[Choice]] = defaultdict(list)
    for choice in choices:
        by_registration[choice.registration].append(choice)
    attempts = []
    for registration, held in by_registration.items():
        held.sort(key=lambda c: c.at)
        steps = tuple(
            Step(
                c.node,
                c.option,
                reading.option_texts.get((c.story, c.node), {}).get(c.option, {}),
                c.solution_focused,
                c.option == (reading.correct.get((c.story, c.node)) or c.ideal),
            )
            for c in held
        )
        first = held[0]
        seconds = sum(c.seconds for c in held)
        attempts.append(
            Attempt(
                first.story,
                reading.titles.get(first.story, {}),
                registration,
                first.mode,
                first.at,
                steps,
                seconds,
                reading.endings.get(registration),
            )
        )
    return sorted(attempts, key=lambda a: a.started)


def _lessons(choices: list[Choice], reading: Reading) -> list[LessonMastery]:
    found: dict[str, LessonMastery] = {}

    def mastery(lesson: str) -> LessonMastery:
        info = reading.lessons.get(lesson) or LessonInfo(lesson, {}, None)
        return found.setdefault(lesson, LessonMastery(info))

    for choice in choices:
        for lesson in choice.lessons:
            held = mastery(lesson)
            held.choices += 1
            held.solution_focused += choice.solution_focused
        for lesson in choice.breaks:
            mastery(lesson).broken += 1
    return sorted(found.values(), key=lambda m: (m.share if m.choices else 1.0, -m.broken, m.lesson.lesson))
