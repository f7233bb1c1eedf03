"""Localized text: one string for every language, or one per language."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

ANY_LANGUAGE = "*"
LANGUAGE_CODE_PATTERN = r"^[a-z]{2,3}$"


class Text(Mapping[str, str]):
    """An immutable text in one or more languages.

    A plain string in a story is stored under `ANY_LANGUAGE` and serves every language.
    """

    __slots__ = ("_items",)

    def __init__(self, value: str | Mapping[str, str]) -> None:
        items = {ANY_LANGUAGE: value} if isinstance(value, str) else dict(value)
        self._items: tuple[tuple[str, str], ...] = tuple(items.items())

    def __getitem__(self, language: str) -> str:
        for code, text in self._items:
            if code == language:
                return text
        raise KeyError(language)

    def __iter__(self) -> Iterator[str]:
        return (code for code, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return dict(self._items) == dict(other._items)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Text({dict(self._items)!r})"

    @property
    def is_universal(self) -> bool:
        """True for a plain string that serves every language."""
        return len(self._items) == 1 and self._items[0][0] == ANY_LANGUAGE

    def has(self, language: str) -> bool:
        """Whether this text can be shown in `language` without falling back."""
        return self.is_universal or language in self

    def get_text(self, language: str, fallbacks: tuple[str, ...] = ()) -> str:
        """The text in `language`, else in the first fallback present, else any."""
        for code in (language, ANY_LANGUAGE, *fallbacks):
            for item_code, text in self._items:
                if item_code == code:
                    return text
        return self._items[0][1] if self._items else ""

    def plain(self) -> str | dict[str, str]:
        """The form written in a story file: a string or a language map."""
        return self._items[0][1] if self.is_universal else dict(self._items)


def parse_text(value: Any) -> Text:
    """Validate a story text: a string, or a map of language codes to strings.

    Surrounding white space is dropped (YAML's `>` style leaves a newline at the end).
    """
    if isinstance(value, Text):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError("text_expected")
    if isinstance(value, (int, float)):
        return Text(str(value))
    if isinstance(value, str):
        return Text(value.strip())
    if isinstance(value, Mapping):
        if not value:
            raise ValueError("text_empty_map")
        items: dict[str, str] = {}
        for code, text in value.items():
            if text is None and not (isinstance(code, str) and _is_language_code(code)):
                # `{fi: Hyvä, koska ...}`: the comma ended the text and began a new "key".
                raise ValueError(f"text_comma:{code}")
            if not isinstance(code, str) or not _is_language_code(code):
                raise ValueError(f"text_bad_language:{code}")
            if isinstance(text, bool) or text is None or isinstance(text, (list, dict)):
                raise ValueError(f"text_bad_value:{code}")
            items[code] = str(text).strip()
        return Text(items)
    raise ValueError("text_expected")


def _is_language_code(code: str) -> bool:
    return 2 <= len(code) <= 3 and code.isascii() and code.isalpha() and code.islower()


LocalText = Annotated[
    Text,
    PlainValidator(parse_text),
    PlainSerializer(lambda text: text.plain(), return_type=Any),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANGUAGE_CODE_PATTERN},
                    "additionalProperties": {"type": "string"},
                    "minProperties": 1,
                },
            ],
            "description": "A text: a plain string for every language, or a map such as {fi: ..., en: ...}.",
        }
    ),
]
