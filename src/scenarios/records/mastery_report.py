"""The report's lessons: how many trainees have mastered each lesson of the material, and the lessons a team misses
most. Pure, like `records.report`: read from the statements (the store's, files' or an LRS's alike).

Each trainee's state of a lesson is the trainer's own (`scenarios.mastery.rule`: mastered when the last three
answers about it went right), folded from every choice the statements hold, practice, exam and review alike:
a decision's lessons are its `grouping` objectives, the lessons an option breaks its `breaks` extension. A
lesson is *missed* by an answer that goes against it; the lessons missed most are those with the highest share
of such answers (a lesson answered fewer than `FEW_CHOICES` times comes after the others).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scenarios.i18n.catalog import LANGUAGES
from scenarios.mastery.rule import LEARNING, MASTERED, Answer, LessonState, evidence, fold
from scenarios.records.report import FEW_CHOICES, Choice, Filters, LessonInfo, read
from scenarios.story.lessons import LessonsError, load_lessons


def as_answers(choices: Iterable[Choice]) -> list[Answer]:
    """The choices read from statements as the mastery rule reads answers."""
    return [
        Answer(c.story, c.node, c.option, c.solution_focused, c.lessons, c.breaks, c.at.timestamp()) for c in choices
    ]


def states_of(choices: Iterable[Choice]) -> dict[str, LessonState]:
    """One trainee's lessons' states after these choices of theirs."""
    return fold(as_answers(choices))


@dataclass
class LessonFigures:
    """One lesson over the trainees read."""

    lesson: LessonInfo
    trainees: int = 0
    """Trainees who met it (some answer of theirs said something about it)."""
    mastered: int = 0
    learning: int = 0
    answers: int = 0
    """Answers about it, every trainee's together."""
    against: int = 0
    """Of them, those that went against it."""

    @property
    def mastered_share(self) -> float:
        """The share of the trainees who met it that have mastered it."""
        return self.mastered / self.trainees if self.trainees else 0.0

    @property
    def missed_share(self) -> float:
        """The share of the answers about it that went against it."""
        return self.against / self.answers if self.answers else 0.0


@dataclass
class TraineeLessons:
    """One trainee's lessons: their name (when the statements give one) and their figures per lesson met."""

    learner: str
    name: str
    lessons: list[LessonFigures]
    states: dict[str, LessonState]

    @property
    def label(self) -> str:
        """The name when the statements give one, else the learner id."""
        return self.name or self.learner


@dataclass
class LessonsReport:
    """Every lesson met, in the catalog's order, and the lessons missed most."""

    lessons: list[LessonFigures] = field(default_factory=list)
    missed: list[LessonFigures] = field(default_factory=list)
    trainees: int = 0
    """Trainees with an answer about some lesson."""
    unmet: int = 0
    """Lessons of the catalog nobody has met."""
    by_trainee: dict[str, TraineeLessons] = field(default_factory=dict)
    """Each trainee's own figures of the lessons they met (`trainees` is 1, `mastered` 1 or 0), by learner."""

    @property
    def empty(self) -> bool:
        """No answer said anything about a lesson."""
        return not self.lessons


def missed_order(figures: LessonFigures) -> tuple[bool, float, int, str]:
    """The order of the lessons missed most: the share of answers against them, highest first; a lesson answered
    fewer than `FEW_CHOICES` times after the others; then the count."""
    return (figures.answers < FEW_CHOICES, -figures.missed_share, -figures.against, figures.lesson.lesson)


def lessons_report(statements: list[dict[str, Any]], filters: Filters | None = None, *, top: int = 10) -> LessonsReport:
    """The lessons of `statements` under `filters` (their mode aside: mastery is over every mode)."""
    given = filters or Filters()
    reading = read(statements, Filters(given.team, given.stories, given.since, given.until))
    by_learner: dict[str, list[Choice]] = defaultdict(list)
    for choice in reading.choices:
        by_learner[choice.learner].append(choice)
    infos: dict[str, LessonInfo] = {}

    def info(lesson: str) -> LessonInfo:
        if lesson not in infos:
            infos[lesson] = reading.lessons.get(lesson) or catalog_info(lesson)
        return infos[lesson]

    order = catalog_order()

    def in_order(figures: Iterable[LessonFigures]) -> list[LessonFigures]:
        return sorted(figures, key=lambda f: (order.get(f.lesson.lesson, len(order)), f.lesson.lesson))

    everyone: dict[str, LessonFigures] = {}
    trainees: dict[str, TraineeLessons] = {}
    for learner, choices in by_learner.items():
        states = states_of(choices)
        own = {lesson: LessonFigures(info(lesson)) for lesson in states}
        for choice in choices:
            for lesson, right in evidence(choice.solution_focused, choice.lessons, choice.breaks):
                own[lesson].answers += 1
                own[lesson].against += not right
        for lesson, state in states.items():
            mine = own[lesson]
            mine.trainees = 1
            mine.mastered, mine.learning = int(state.state == MASTERED), int(state.state == LEARNING)
            held = everyone.setdefault(lesson, LessonFigures(info(lesson)))
            for name in ("trainees", "mastered", "learning", "answers", "against"):
                setattr(held, name, getattr(held, name) + getattr(mine, name))
        if states:
            name = next((c.name for c in choices if c.name), "")
            trainees[learner] = TraineeLessons(learner, name, in_order(own.values()), states)
    met = in_order(everyone.values())
    missed = sorted((f for f in met if f.against), key=missed_order)[:top]
    unmet = len([lesson for lesson in order if lesson not in everyone])
    return LessonsReport(met, missed, len(trainees), unmet, trainees)


def catalog_order() -> dict[str, int]:
    """Each lesson's place in the catalog (empty when the catalog cannot be read)."""
    try:
        return {lesson: index for index, lesson in enumerate(load_lessons().ids)}
    except LessonsError:
        return {}


def catalog_info(lesson: str) -> LessonInfo:
    """A lesson the statements name only by its id (broken, never tested), named from the catalog when it has it."""
    try:
        found = load_lessons().get(lesson)
    except LessonsError:
        found = None
    if found is None:
        return LessonInfo(lesson, {}, None)
    return LessonInfo(lesson, {lang: found.title.get_text(lang) for lang in LANGUAGES}, found.chapter)
