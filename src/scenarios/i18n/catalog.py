"""User-facing strings of the trainer, one gettext catalog per language: `po/<language>.po` (docs/translating.md).

Every front end (plain mode, the terminal app, rehearsal) takes its words from here;
no user-facing string is written into a screen. `t("key", lang, **params)`.

Each message is named by its key (the `msgctxt`, e.g. `tui.library.title`), written in English (the `msgid`,
from `po/en.po`, the template) and translated in each language's `.po` (`msgstr`). A message that is not
translated yet (empty or marked fuzzy) is shown in English; `scenarios translations` lists them. A string
that depends on a number has plural forms (`msgid_plural`, `msgstr[0]`, …), chosen by the parameter its note
names (`#. plural by {count}`) and the language's `Plural-Forms` (CLDR's rule, as gettext writes it).
A new language is a new `.po` file and a line in `LANGUAGES`.

Problem messages about a story file or a save are here too, as `loader.<code>`; `scenarios.i18n.messages.render`
fills them in. A catalog is read the first time one of its words is asked for.
"""

from __future__ import annotations

import gettext
import marshal
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

from scenarios.i18n.po import Message, read

LANGUAGES = ("fi", "en", "sv")
"""The languages the trainer speaks, each with its catalog `po/<code>.po`; the first is the default."""
DEFAULT_LANGUAGE = "fi"
SOURCE_LANGUAGE = "en"
"""The language the messages are written in (`msgid`), and the one shown while a translation is missing."""
PO_FOLDER = Path(__file__).parent / "po"


@dataclass(frozen=True)
class Plural:
    """A message's plural forms in one language, and how the number chooses among them."""

    by: str
    """The parameter whose number chooses the form."""
    forms: tuple[str, ...]
    """The texts, in the order of the language's `Plural-Forms`."""
    rule: Callable[[int], int]
    """The number to the index of its form."""

    def form(self, count: int) -> str:
        """The text for `count`."""
        index = self.rule(count)
        return self.forms[index] if 0 <= index < len(self.forms) else self.forms[-1]


Entry = str | Plural
"""A catalog string, or its plural forms."""


def plural_count(plural_forms: str) -> int:
    """The number of forms a `Plural-Forms` header names (`nplurals=2; …` gives 2)."""
    for part in plural_forms.split(";"):
        name, _, value = part.partition("=")
        if name.strip() == "nplurals":
            return int(value)
    return 2


def plural_rule(plural_forms: str) -> Callable[[int], int]:
    """The number-to-form function of a `Plural-Forms` header, read by the standard library's gettext."""
    expression = plural_forms.partition("plural=")[2].strip().rstrip(";")
    return gettext.c2py(expression or "n != 1")


Raw = dict[str, "str | tuple[str, tuple[str, ...]]"]
"""A catalog as kept compiled: each key's text, or its count parameter and plural forms."""
COMPILED_FORMAT = 1


def load(language: str, folder: Path | None = None) -> dict[str, Entry]:
    """Every message in `language`: its translation, else (untranslated or fuzzy) its English text.

    The catalog is compiled on first use and kept like Python's bytecode (beside the `.po` in `__pycache__`, or
    under PYTHONPYCACHEPREFIX), so a start reads a marshal file instead of parsing text; a changed `.po` is
    compiled again."""
    path = (folder or PO_FOLDER) / f"{language}.po"
    plural_forms, raw = _compiled(path, language)
    rule, english = plural_rule(plural_forms), plural_rule(ENGLISH_PLURALS)
    entries: dict[str, Entry] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            entries[key] = value
        else:
            by, forms = value
            entries[key] = Plural(by, forms[1:], english if forms[0] == SOURCE_LANGUAGE else rule)
    return entries


ENGLISH_PLURALS = "nplurals=2; plural=(n != 1);"


def _compiled(path: Path, language: str) -> tuple[str, Raw]:
    """The catalog at `path` as `Raw`, from its compiled copy when that was made from this very file."""
    status = path.stat()
    stamp = (COMPILED_FORMAT, status.st_mtime_ns, status.st_size)
    cache = _compiled_path(path)
    if cache is not None:
        try:
            kept = marshal.loads(cache.read_bytes())
            if kept[0] == stamp:
                return kept[1], kept[2]
        except (OSError, ValueError, EOFError, TypeError, IndexError):
            pass
    catalog = read(path)
    raw: Raw = {}
    for message in catalog.messages:
        done = language != SOURCE_LANGUAGE and message.translated
        if message.source_plural is None:
            raw[message.key] = message.translation[0] if done else message.source
        else:
            forms = (
                (language, *message.translation) if done else (SOURCE_LANGUAGE, message.source, message.source_plural)
            )
            raw[message.key] = (message.plural_by or "count", forms)
    if cache is not None and not sys.dont_write_bytecode:
        _keep(cache, marshal.dumps((stamp, catalog.plural_forms, raw)))
    return catalog.plural_forms, raw


def _compiled_path(path: Path) -> Path | None:
    """Where the compiled copy of the catalog at `path` is kept (as Python keeps a module's bytecode)."""
    name = f"{path.stem}.catalog-{COMPILED_FORMAT}.marshal"
    if sys.pycache_prefix:
        folder = path.parent.resolve()
        return Path(sys.pycache_prefix).joinpath(*folder.parts[1:], name)
    return path.parent / "__pycache__" / name


def _keep(cache: Path, data: bytes) -> None:
    """Write `data` to `cache` whole or not at all; a folder that cannot be written to is left alone."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        partial.write_bytes(data)
        os.replace(partial, cache)
    except OSError:
        pass


def catalog_languages() -> list[str]:
    """Every language with a `.po` file (also one not yet in `LANGUAGES`), the source language first."""
    found = sorted(path.stem for path in PO_FOLDER.glob("*.po"))
    return sorted(found, key=lambda code: (code != SOURCE_LANGUAGE, code not in LANGUAGES, code))


def untranslated(language: str) -> tuple[list[Message], int]:
    """The messages of `language`'s catalog shown in English (untranslated, or fuzzy: the English changed since
    it was translated), and how many messages the catalog has."""
    messages = read(PO_FOLDER / f"{language}.po").messages
    return [message for message in messages if not message.translated], len(messages)


class _Catalogs(Mapping[str, dict[str, Entry]]):
    """The catalogs by language, each read from its `.po` file when first asked for."""

    def __init__(self) -> None:
        self._loaded: dict[str, dict[str, Entry]] = {}

    def __getitem__(self, language: str) -> dict[str, Entry]:
        if language not in LANGUAGES:
            raise KeyError(language)
        if language not in self._loaded:
            self._loaded[language] = load(language)
        return self._loaded[language]

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __contains__(self, language: object) -> bool:
        return language in LANGUAGES


CATALOGS: Mapping[str, dict[str, Entry]] = _Catalogs()


def __getattr__(name: str) -> dict[str, Entry]:
    """`FI`, `EN`, …: a language's catalog by the name the dictionaries had before they moved to `.po` files."""
    if name.isupper() and name.lower() in LANGUAGES:
        return CATALOGS[name.lower()]
    raise AttributeError(name)


def t(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The UI string `key` in `language` (Finnish when the language is unknown), in its plural form if it has them."""
    catalog = CATALOGS[language if language in LANGUAGES else DEFAULT_LANGUAGE]
    entry = catalog.get(key)
    if entry is None:
        entry = CATALOGS[DEFAULT_LANGUAGE].get(key, key)
    if isinstance(entry, Plural):
        count = params.get(entry.by, 0)
        entry = entry.form(count if isinstance(count, int) else 0)
    return entry.format(**params) if params else entry


def language_name(code: str, language: str) -> str:
    """The name of the language `code` in `language` ("ruotsi"), else in its own words (its catalog's
    `language.name`: a language added by its `.po` file alone is named by it)."""
    key = f"tui.language.{code}"
    return t(key, language) if key in CATALOGS[SOURCE_LANGUAGE] else t("language.name", code)


def in_language(code: str, language: str) -> str:
    """ "In the language `code`", said in `language` ("ruotsiksi", "på svenska"); a language with no words for it
    yet: its name."""
    key = f"language.in.{code}"
    return t(key, language) if key in CATALOGS[SOURCE_LANGUAGE] else language_name(code, language)


def decimal(number: str, language: str) -> str:
    """A number written with a point (`0.5`), with the decimal mark of `language` (`0,5` in Finnish and Swedish)."""
    return number.replace(".", t("language.decimal_mark", language))


def percent(number: int | str, language: str) -> str:
    """A whole percentage as `language` writes it (`31 %` in Finnish and Swedish, `31%` in English)."""
    return t("language.percent", language, number=number)


def quoted(text: str, language: str) -> str:
    """Words quoted with the marks of `language` (”…” in Finnish and Swedish, “…” in English)."""
    return t("language.quoted", language, text=text)


def _pattern(pattern: str, fields: dict[str, int]) -> str:
    """A CLDR date or time pattern filled in: each run of one letter (y, M, d, H, m) is that field, padded with zeros
    to the run's length ("d.M.y", "y-MM-dd", "HH:mm"); anything else is kept as written."""
    return re.sub(r"([yMdHm])\1*", lambda run: str(fields[run.group(1)]).zfill(len(run.group(0))), pattern)


def date_text(day: date, language: str) -> str:
    """A day as `language` writes it (7.12.2026 in Finnish and Swedish; 2026-12-07 in English)."""
    return _pattern(t("language.date", language), {"y": day.year, "M": day.month, "d": day.day})


def moment_text(seconds: float, language: str, *, time_of_day: bool = True) -> str:
    """A moment (seconds since the epoch) in local time as `language` writes it, with the time of day to the minute
    unless left out (7.12.2026 klo 14.05; 2026-12-07 14:05). A time out of range (a tampered record) is '?'."""
    from datetime import datetime  # not at import: the catalog is read before the first frame and by --help

    try:
        moment = datetime.fromtimestamp(seconds)
    except (ValueError, OverflowError, OSError, TypeError):
        return "?"
    day = date_text(moment.date(), language)
    if not time_of_day:
        return day
    clock = _pattern(t("language.time", language), {"H": moment.hour, "m": moment.minute})
    return t("language.date_time", language, date=day, time=clock)


def language_link(code: str) -> str:
    """A link to the language `code`, in that language ("På svenska"; a language with no words for it yet: its
    name in its own words)."""
    key = f"phones.language.{code}"
    return t(key, code) if key in CATALOGS[SOURCE_LANGUAGE] else t("language.name", code)


def resolve_language(asked: str | None) -> str:
    """The UI language: the one asked for, else $SCENARIOS_LANG, else Finnish."""
    for candidate in (asked, os.environ.get("SCENARIOS_LANG")):
        if candidate and candidate.split("_")[0].lower() in CATALOGS:
            return candidate.split("_")[0].lower()
    return DEFAULT_LANGUAGE


def page_language(accept_language: str | None, default: str | None = None) -> str:
    """The first of our languages a browser asks for (its `Accept-Language`), else `default` resolved as usual."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in CATALOGS:
            return code
    return resolve_language(default)


def language_override(flag: str | None) -> tuple[str, str] | None:
    """The language the app is told to use over the trainee's saved setting, and what told it (`--lang`, else
    `SCENARIOS_LANG`, as the LRS's variables win over its settings); None when the saved setting decides."""
    if flag and flag.split("_")[0].lower() in CATALOGS:
        return flag.split("_")[0].lower(), "--lang"
    variable = os.environ.get("SCENARIOS_LANG")
    if variable and variable.split("_")[0].lower() in CATALOGS:
        return variable.split("_")[0].lower(), "SCENARIOS_LANG"
    return None
