"""Bring every translation in line with the English template, as `msgmerge` would: `python -m scenarios.i18n.sync`.

`po/en.po` holds every message with its English text. For each other language's `.po` this puts the messages in
the template's order, adds the new ones untranslated (shown in English, listed by `scenarios translations`),
drops the removed ones, copies the notes and flags, and marks a translation whose English changed since as
fuzzy (shown in English until a translator reviews it), keeping the English it was made from.
"""

from __future__ import annotations

import sys

from scenarios.i18n.catalog import LANGUAGES, PO_FOLDER, SOURCE_LANGUAGE, plural_count
from scenarios.i18n.po import Catalog, Message, read, write

HEADER = {
    "Project-Id-Version": "scenarios",
    "Language": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
"""The header of a new catalog (the language and its plural rule filled in)."""


def merged(template: Catalog, catalog: Catalog) -> Catalog:
    """`catalog`'s translations on `template`'s messages (see the module's docstring)."""
    before = {message.key: message for message in catalog.messages}
    forms = plural_count(catalog.plural_forms)
    messages = []
    for source in template.messages:
        old = before.get(source.key)
        size = 1 if source.source_plural is None else forms
        message = Message(
            source.key,
            source.source,
            source.source_plural,
            [""] * size,
            flags=list(source.flags),
            notes=list(source.notes),
            comments=list(source.comments),
        )
        if old is not None and (old.source_plural is None) == (source.source_plural is None):
            message.translation = (old.translation + [""] * size)[:size]
            changed = (old.source, old.source_plural) != (source.source, source.source_plural)
            if any(message.translation) and (changed or old.fuzzy):
                message.fuzzy = True
                message.previous = old.previous if old.fuzzy and old.previous is not None else old.source
        messages.append(message)
    return Catalog(catalog.header, messages)


def new_catalog(language: str, plural_forms: str) -> Catalog:
    """An empty catalog for `language` with its plural rule (as gettext writes it, e.g. from Babel's CLDR data)."""
    return Catalog({**HEADER, "Language": language, "Plural-Forms": plural_forms}, [])


def main(argv: list[str] | None = None) -> int:
    """Merge every language's `.po` with `en.po`; print what changed."""
    del argv
    template = read(PO_FOLDER / f"{SOURCE_LANGUAGE}.po")
    for language in LANGUAGES + tuple(sorted({path.stem for path in PO_FOLDER.glob("*.po")} - set(LANGUAGES))):
        if language == SOURCE_LANGUAGE:
            continue
        path = PO_FOLDER / f"{language}.po"
        catalog = read(path) if path.exists() else new_catalog(language, HEADER["Plural-Forms"])
        result = merged(template, catalog)
        write(path, result)
        open_ones = sum(not message.translated for message in result.messages)
        print(f"{path.name}: {len(result.messages)} messages, {open_ones} untranslated or fuzzy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
