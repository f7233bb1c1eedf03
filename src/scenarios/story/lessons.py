"""The lessons: every concrete piece of guidance the material gives, and which of them a choice touches.

The lessons live in `lessons.yaml` beside this module, in every language the file declares. They
are read with the same safe YAML loader as the stories and validated into frozen models:

    lessons = load_lessons()
    lesson = lessons.lesson("check-before-promising")
    lesson.title.get_text("fi")      # "Tarkista ennen kuin lupaat"
    lesson.chapter                   # 4

A story names them: a decision the lessons it tests (`lessons:`), an option the lessons it
breaks (`breaks:`). Every front end asks here which lessons lie behind a verdict: one choice's
(`verdict_lessons`, in words `verdict_line`: for a weak option the lessons it breaks, for any
other the lessons the decision tests), or, where every option is shown at once (a rehearsal's
reveal), each option's own (`broken_lessons`) and the decision's (`decision_lessons`).
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from importlib import resources
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scenarios.i18n.catalog import t
from scenarios.i18n.present import lesson_line
from scenarios.story.model import ID_PATTERN, Node, Story
from scenarios.story.safeyaml import YamlProblem, decode, parse
from scenarios.story.text import LocalText, Text

LESSONS_FILE = "lessons.yaml"
CHAPTER = re.compile(r"\s*(\d+)")
"""The chapter is the first number of a lesson's `source` ("5.1, haastava tarina 1" → 5)."""


class LessonsError(ValueError):
    """The lessons file is missing, not plain safe YAML, or not a valid catalog of lessons."""


class Lesson(BaseModel):
    """One piece of guidance: where the material gives it, its name, and the guidance in a sentence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
    source: Annotated[str, Field(pattern=r"^\s*\d")]
    title: LocalText
    text: LocalText
    note: LocalText | None = None
    """What goes beyond the material's own words, when something does."""

    @property
    def chapter(self) -> int:
        """The chapter of the material the lesson comes from (the first number of `source`)."""
        found = CHAPTER.match(self.source)
        assert found is not None  # the pattern of `source` promises a leading number
        return int(found.group(1))

    def texts(self) -> tuple[Text, ...]:
        """Every text of the lesson: its title, its sentence and its note."""
        return (self.title, self.text, *([self.note] if self.note is not None else []))


class Chapter(BaseModel):
    """A chapter of the material: its number and the name its heading gives it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: Annotated[int, Field(ge=1)]
    title: LocalText


class Lessons(BaseModel):
    """The catalog of lessons, in the order of the material's chapters, and the chapters' names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    languages: tuple[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], ...] = ("fi",)
    source: str = ""
    chapters: tuple[Chapter, ...] = ()
    lessons: tuple[Lesson, ...]

    @model_validator(mode="after")
    def _complete(self) -> Lessons:
        ids = [lesson.id for lesson in self.lessons]
        duplicates = sorted({name for name in ids if ids.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate lesson ids: {', '.join(duplicates)}")
        numbers = [chapter.number for chapter in self.chapters]
        twice = sorted({number for number in numbers if numbers.count(number) > 1})
        if twice:
            raise ValueError(f"chapters named twice: {', '.join(map(str, twice))}")
        for chapter in self.chapters:
            missing = [
                code
                for code in self.languages
                if not chapter.title.has(code) or not chapter.title.get_text(code).strip()
            ]
            if missing:
                raise ValueError(f"chapter {chapter.number} has a name without {', '.join(missing)}")
        for lesson in self.lessons:
            for text in lesson.texts():
                missing = [code for code in self.languages if not text.has(code) or not text.get_text(code).strip()]
                if missing:
                    raise ValueError(f"lesson '{lesson.id}' has a text without {', '.join(missing)}")
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        """The lesson ids, in order."""
        return tuple(lesson.id for lesson in self.lessons)

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id; `KeyError` if there is none."""
        found = self._by_id.get(lesson_id)
        if found is None:
            raise KeyError(lesson_id)
        return found

    def get(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, or None."""
        return self._by_id.get(lesson_id)

    def chapter_title(self, number: int, language: str) -> str | None:
        """The chapter's name in `language` (the catalog's first language when it has none), or None: not named."""
        for chapter in self.chapters:
            if chapter.number == number:
                return chapter.title.get_text(language, self.languages)
        return None

    @cached_property
    def _by_id(self) -> dict[str, Lesson]:
        return {lesson.id: lesson for lesson in self.lessons}


def chapter_heading(chapter: int, language: str) -> str:
    """A chapter as a heading of its lessons: `Chapter 4: Solution focus in customer work` (its number alone
    when the catalog does not name it)."""
    title = load_lessons().chapter_title(chapter, language)
    if title is None:
        return t("lessons.chapter_heading", language, chapter=chapter)
    return t("lessons.chapter_named", language, chapter=chapter, title=title)


def parse_lessons(raw: bytes, name: str = LESSONS_FILE) -> Lessons:
    """Read a catalog of lessons from raw bytes with the safe loader; `LessonsError` if it is bad."""
    try:
        document = parse(decode(raw))
    except YamlProblem as problem:
        where = f"{name}:{problem.position.line}:{problem.position.column}"
        raise LessonsError(f"{where}: not plain, safe YAML ({problem.code})") from None
    try:
        return Lessons.model_validate(document.data)
    except ValidationError as error:
        raise LessonsError(f"{name}: not a valid catalog of lessons: {error}") from None


@cache
def load_lessons() -> Lessons:
    """The built-in lessons shipped with the package (read once per process)."""
    try:
        raw = resources.files("scenarios.story").joinpath(LESSONS_FILE).read_bytes()
    except OSError as error:
        raise LessonsError(f"{LESSONS_FILE}: cannot be read ({error})") from None
    return parse_lessons(raw)


def verdict_ids(node: Node, option_id: str) -> tuple[str, ...]:
    """The lesson ids behind the verdict on one option of a decision.

    A weak option names the lessons it breaks; any other option (the ideal, or a reasonable
    reply that is not the best) stands for the lessons the decision tests.
    """
    for index, option in enumerate(node.options):
        if node.option_id(index) == option_id and option.breaks:
            return option.breaks
    return node.lessons


def verdict_lessons(story: Story, node: str, option_id: str) -> tuple[Lesson, ...]:
    """The lessons behind the verdict on `option_id` at `node` of `story` (none when it is not tagged)."""
    found = story.nodes.get(node)
    if found is None:
        return ()
    return _named(verdict_ids(found, option_id))


def decision_lessons(story: Story, node: str) -> tuple[Lesson, ...]:
    """The lessons a decision tests (none when it is not tagged)."""
    found = story.nodes.get(node)
    return _named(found.lessons) if found is not None else ()


def broken_lessons(story: Story, node: str, option_id: str) -> tuple[Lesson, ...]:
    """The lessons one option breaks, its own `breaks` only (none for the ideal or a reasonable reply)."""
    found = story.nodes.get(node)
    if found is None:
        return ()
    for index, option in enumerate(found.options):
        if found.option_id(index) == option_id:
            return _named(option.breaks)
    return ()


def verdict_line(story: Story, node: str, option_id: str, language: str) -> str:
    """The line naming the lessons behind the verdict on one choice, with their chapters, in `language`:
    "Oppi: Tarkista ennen kuin lupaat (luku 4)" ('' when the decision is not tagged)."""
    return lesson_line(verdict_lessons(story, node, option_id), language)


def _named(ids: tuple[str, ...]) -> tuple[Lesson, ...]:
    """The catalog's lessons with these ids, in order (an id the catalog lacks is left out: the loader reports it)."""
    if not ids:
        return ()
    catalog = load_lessons()
    return tuple(lesson for lesson in (catalog.get(name) for name in ids) if lesson is not None)
