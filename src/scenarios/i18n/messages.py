"""Problem messages an author reads (a story file's or a save's), in the trainee's language.

The texts live in the one catalog (`scenarios.i18n.catalog`) as `loader.<code>`. Each says what is
wrong and what to do. Templates use `str.format` fields filled from a problem's parameters; a
`suggestion` parameter adds "did you mean".
"""

from __future__ import annotations

from typing import Any

from scenarios.i18n.catalog import CATALOGS, SOURCE_LANGUAGE, Entry, Plural

PREFIX = "loader."
"""The catalog keys of problem messages are `loader.<code>`."""


def render(code: str, params: dict[str, Any], language: str = "en") -> str:
    """The message for `code` in `language` (English when missing), with "did you mean"."""
    english = CATALOGS[SOURCE_LANGUAGE]
    catalog = CATALOGS.get(language, english)
    known = PREFIX + code in english
    key = PREFIX + code if known else PREFIX + "invalid"
    template = _template(catalog, key)
    values = _Defaults({name: "" if value is None else value for name, value in params.items()})
    if not known:
        values.setdefault("detail", code)
    text = template.format_map(values)
    suggestion = params.get("suggestion")
    if suggestion:
        text += _template(catalog, PREFIX + "suggestion").format(suggestion=suggestion)
    return text


def _template(catalog: dict[str, Entry], key: str) -> str:
    """The text of `key` in `catalog`, else in English (problem messages have no plural forms)."""
    entry = catalog.get(key) or CATALOGS[SOURCE_LANGUAGE][key]
    return entry.forms[-1] if isinstance(entry, Plural) else entry


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"
