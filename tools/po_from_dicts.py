"""Move the catalog's words from the old Python dictionaries (`FI`, `EN` in a `catalog.py` of before the move to
gettext) into `src/scenarios/i18n/po/{en,fi}.po`, and bring the other languages' `.po` in line (`sv.po` keeps its
translations; a message whose English changed is marked fuzzy).

    python tools/po_from_dicts.py OLD_CATALOG_PY              # the dictionaries are the whole truth (the move itself)
    python tools/po_from_dicts.py --add-missing OLD_CATALOG_PY   # only add the keys the .po files lack

`--add-missing` is for a branch that added keys to the dictionaries before the move landed: take that branch's
`catalog.py` (`git show BRANCH:src/scenarios/i18n/catalog.py > /tmp/old.py`) and its new keys go into the `.po`
files next to the key they followed in the dictionary, in Finnish and English (Swedish untranslated).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from scenarios.i18n.catalog import LANGUAGES, PO_FOLDER, SOURCE_LANGUAGE  # noqa: E402
from scenarios.i18n.po import Catalog, Message, read, write  # noqa: E402
from scenarios.i18n.sync import HEADER, merged, new_catalog  # noqa: E402

PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)[^{}]*\}(?!\})")

Entry = str | dict[str, str]

DROPPED = {"speaker.narrator"}
"""Keys left behind: the narrator's empty name (a msgid "" is the header to gettext) is now said in code."""


def dictionaries(path: Path) -> tuple[dict[str, dict[str, Entry]], dict[str, list[str]]]:
    """The dictionaries `FI`, `EN`, … of an old catalog.py by language, and the comment lines above each key."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: dict[str, dict[str, Entry]] = {}
    comments: dict[str, list[str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and isinstance(node.value, ast.Dict):
            name = node.target.id
            if not (name.isupper() and len(name) == 2):
                continue
            found[name.lower()] = ast.literal_eval(node.value)
            previous_end = node.value.lineno
            for key in node.value.keys:
                assert isinstance(key, ast.Constant)
                above = [
                    line.strip()[1:].strip() for line in lines[previous_end : key.lineno - 1] if line.strip()[:1] == "#"
                ]
                above = [line for line in above if line and line.strip("- ")]
                if above and name == "FI":
                    comments[str(key.value)] = [line.strip("- ").strip() for line in above]
                previous_end = key.end_lineno or key.lineno
                value = node.value.values[node.value.keys.index(key)]
                previous_end = value.end_lineno or previous_end
    return found, comments


def forms(entry: Entry) -> list[str]:
    return [entry] if isinstance(entry, str) else [entry["one"], entry["other"]]


def message(key: str, english: Entry, comments: list[str]) -> Message:
    """The template's message for `key` (English)."""
    texts = forms(english)
    notes = [f"plural by {{{english['by']}}}"] if isinstance(english, dict) else []
    flags = ["python-brace-format"] if any(PLACEHOLDER.search(text) for text in texts) else []
    plural = texts[1] if len(texts) > 1 else None
    return Message(key, texts[0], plural, [""] * len(texts), flags=flags, notes=notes, comments=list(comments))


def translated(template: Message, entry: Entry) -> Message:
    """`template` translated as `entry` (a form the old dictionaries lack is left empty)."""
    texts = forms(entry)
    if template.source_plural is not None and len(texts) == 1:  # one text for every number in this language
        texts = texts * 2
    return Message(
        template.key,
        template.source,
        template.source_plural,
        texts,
        flags=list(template.flags),
        notes=list(template.notes),
        comments=list(template.comments),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old_catalog", type=Path)
    parser.add_argument("--add-missing", action="store_true")
    args = parser.parse_args()
    found, comments = dictionaries(args.old_catalog)
    order = list(found["fi"]) + [key for key in found["en"] if key not in found["fi"]]
    order = [key for key in order if key not in DROPPED]
    template_path = PO_FOLDER / f"{SOURCE_LANGUAGE}.po"
    PO_FOLDER.mkdir(exist_ok=True)
    if args.add_missing:
        template = read(template_path)
        have = {each.key for each in template.messages}
        for index, key in enumerate(order):
            if key in have:
                continue
            new = message(key, found["en"].get(key, found["fi"][key]), comments.get(key, []))
            keys = [each.key for each in template.messages]
            after = next((order[j] for j in range(index - 1, -1, -1) if order[j] in keys), None)
            template.messages.insert(keys.index(after) + 1 if after else len(keys), new)
            have.add(key)
            print(f"added {key}")
    else:
        template = Catalog(
            {**HEADER, "Language": SOURCE_LANGUAGE},
            [message(key, found["en"].get(key, found["fi"][key]), comments.get(key, [])) for key in order],
        )
    write(template_path, template)
    for language in sorted({path.stem for path in PO_FOLDER.glob("*.po")} | set(LANGUAGES) | {"sv"}):
        if language == SOURCE_LANGUAGE:
            continue
        path = PO_FOLDER / f"{language}.po"
        old = read(path) if path.exists() else new_catalog(language, HEADER["Plural-Forms"])
        result = merged(template, old)
        entries = found.get(language, {})
        for index, each in enumerate(result.messages):
            if each.key in entries and (not args.add_missing or each.key not in {m.key for m in old.messages}):
                result.messages[index] = translated(each, entries[each.key])
        write(path, result)
        print(f"{path.relative_to(ROOT)}: {len(result.messages)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
