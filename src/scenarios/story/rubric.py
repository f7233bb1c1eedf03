"""A decision's rubric: the ideal reply's elements and the mistakes to avoid, each with the words that show it.

Used by "own words first": the trainee writes a reply before seeing the options, and the rubric says which
elements it has (see `scenarios.rubric` for the matching). Optional on every decision.

    rubric:
      elements:
        - id: link
          label: {fi: Antaa suoran linkin, en: Gives the direct link}
          lesson: website-is-self-service
          words:
            fi: [linkki, tässä lomake]
            en: [link, here's the form]
      avoid:
        - id: promise
          label: {fi: Lupaa paikan, en: Promises a place}
          words: {fi: [lupaan, varmasti saat], en: [i promise, you'll surely get]}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema

from scenarios.story.text import ANY_LANGUAGE, LANGUAGE_CODE_PATTERN, LocalText, Text

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
MAX_ITEMS = 12
"""Elements and mistakes one rubric may hold together: a checklist longer than this is not read."""
MAX_PHRASES = 40
"""Phrases one item may list in one language."""
MAX_PHRASE_WORDS = 6
"""Words in one phrase: longer ones are sentences, which a trainee never types word for word."""

WORD = re.compile(r"^[\w]+(?:[-'’./:@][\w]+)*\*?$")
"""A word of a phrase: letters and digits, joined inside by - ' . / : @ (an address, a number); `*` at its end
matches every word that begins so."""


class Words(Mapping[str, tuple[str, ...]]):
    """An item's phrases: one list for every language, or one list per language."""

    __slots__ = ("_items",)

    def __init__(self, value: Mapping[str, tuple[str, ...]]) -> None:
        self._items = dict(value)

    def __getitem__(self, language: str) -> tuple[str, ...]:
        return self._items[language]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and self._items == other._items

    def __repr__(self) -> str:
        return f"Words({self._items!r})"

    @property
    def is_universal(self) -> bool:
        """One list for every language."""
        return list(self._items) == [ANY_LANGUAGE]

    def phrases(self, language: str) -> tuple[str, ...]:
        """The phrases in `language` (the universal list when there is one; none when the language is missing)."""
        return self._items.get(language, self._items.get(ANY_LANGUAGE, ()))

    def plain(self) -> list[str] | dict[str, list[str]]:
        """The form written in a story file."""
        if self.is_universal:
            return list(self._items[ANY_LANGUAGE])
        return {code: list(phrases) for code, phrases in self._items.items()}


def _phrase_list(value: Any, code: str) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    phrases = []
    for item in items:
        if isinstance(item, bool) or item is None or isinstance(item, (list, dict)):
            raise ValueError(f"words_bad_value:{code}")
        phrases.append(" ".join(str(item).split()))
    return tuple(phrases)


def parse_words(value: Any) -> Words:
    """A list of phrases (every language), or a map from language code to a list (or one phrase)."""
    if isinstance(value, Words):
        return value
    if isinstance(value, Mapping):
        if not value:
            raise ValueError("words_empty")
        items: dict[str, tuple[str, ...]] = {}
        for code, phrases in value.items():
            if not isinstance(code, str) or not re.fullmatch(LANGUAGE_CODE_PATTERN, code):
                raise ValueError(f"text_bad_language:{code}")
            if phrases is None:
                raise ValueError(f"words_bad_value:{code}")
            items[code] = _phrase_list(phrases, code)
        return Words(items)
    if isinstance(value, (list, str)):
        return Words({ANY_LANGUAGE: _phrase_list(value, ANY_LANGUAGE)})
    raise ValueError("words_expected")


WordList = Annotated[
    Words,
    PlainValidator(parse_words),
    PlainSerializer(lambda words: words.plain(), return_type=Any),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "array", "items": {"type": ["string", "number"]}},
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANGUAGE_CODE_PATTERN},
                    "additionalProperties": {
                        "anyOf": [{"type": "array", "items": {"type": ["string", "number"]}}, {"type": "string"}]
                    },
                    "minProperties": 1,
                },
            ],
            "description": "The words and phrases that show it: a list, or a list per language {fi: [...], en: [...]}"
            " (a number, such as 60, is a word too).",
        }
    ),
]


class RubricItem(BaseModel):
    """An element of the ideal reply, or a mistake to avoid: a label and the words that show it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=NAME_PATTERN)]
    label: LocalText
    words: WordList
    lesson: str | None = None
    """The lesson of the material (an id of `story/lessons.yaml`) this element shows, or this mistake breaks."""


class Rubric(BaseModel):
    """What a good reply at this decision has (`elements`) and what it must not do (`avoid`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    elements: tuple[RubricItem, ...]
    avoid: tuple[RubricItem, ...] = ()

    @property
    def items(self) -> tuple[RubricItem, ...]:
        """The elements, then the mistakes."""
        return (*self.elements, *self.avoid)


def phrase_problem(phrase: str) -> str | None:
    """Why a phrase cannot be matched (`empty`, `too_long`, `bad_word:<word>`), or None when it can."""
    words = phrase.split()
    if not words:
        return "empty"
    if len(words) > MAX_PHRASE_WORDS:
        return "too_long"
    for word in words:
        if not WORD.match(word) or word == "*":
            return f"bad_word:{word}"
    return None


@dataclass(frozen=True)
class MarkLine:
    """One line of the checklist as a front end shows it: `✓` an element found, `○` one missing, `✗` a mistake
    made (a mistake not made is shown only when the trainee turned its mark over: `·`)."""

    id: str
    sign: str
    label: Text
    words: tuple[str, ...]
    """The reply's words that showed it (empty once kept: the engine keeps the ids, not the words)."""
    corrected: bool


def mark_lines(
    rubric: Rubric,
    marked: Iterable[str],
    corrected: Iterable[str] = (),
    words: Mapping[str, tuple[str, ...]] | None = None,
) -> list[MarkLine]:
    """The checklist's lines in the rubric's order: every element, then the mistakes made or corrected."""
    marked, corrected = frozenset(marked), frozenset(corrected)
    words = words or {}
    lines = [
        MarkLine(item.id, "✓" if item.id in marked else "○", item.label, words.get(item.id, ()), item.id in corrected)
        for item in rubric.elements
    ]
    lines += [
        MarkLine(item.id, "✗" if item.id in marked else "·", item.label, words.get(item.id, ()), item.id in corrected)
        for item in rubric.avoid
        if item.id in marked or item.id in corrected
    ]
    return lines
