"""The catalogs: every language has every key with the same placeholders and its plural forms; no key is unused."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from scenarios.i18n.catalog import CATALOGS, FI, PLURAL_RULES, Entry, t
from scenarios.i18n.messages import PREFIX, render

SOURCE = Path(__file__).parents[1] / "src" / "scenarios"


def forms(entry: Entry) -> dict[str, str]:
    """The texts of an entry: itself, or each plural form."""
    return {"": entry} if isinstance(entry, str) else {k: v for k, v in entry.items() if k != "by"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def entry_placeholders(entry: Entry) -> set[str]:
    found: set[str] = set()
    for text in forms(entry).values():
        found |= placeholders(text)
    return found


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_language_has_every_key_with_the_same_placeholders(language: str) -> None:
    catalog = CATALOGS[language]
    assert sorted(set(FI) - set(catalog)) == []
    assert sorted(set(catalog) - set(FI)) == []
    for key, entry in catalog.items():
        assert entry_placeholders(entry) == entry_placeholders(FI[key]), key


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_plural_entries_name_their_count_and_have_the_languages_forms(language: str) -> None:
    rule = PLURAL_RULES[language]
    needed = {rule(n) for n in range(0, 200)}
    for key, entry in CATALOGS[language].items():
        if isinstance(entry, dict):
            assert entry["by"] in entry_placeholders(entry), key
            assert needed <= set(forms(entry)), key
            for text in forms(entry).values():  # every form says the number
                assert f"{{{entry['by']}}}" in text, key


def test_plural_forms_are_chosen_by_the_count() -> None:
    assert t("rehearsal.export.participant_count", "en", count=1) == "1 participant"
    assert t("rehearsal.export.participant_count", "en", count=2) == "2 participants"
    assert t("rehearsal.export.participant_count", "fi", count=1) == "1 osallistuja"
    assert t("rehearsal.export.participant_count", "fi", count=0) == "0 osallistujaa"
    assert "(1 päätös tehty)" in t("tui.resume.body", "fi", story="S", when="eilen", decisions=1)
    assert "(1 decision made)" in t("tui.resume.body", "en", story="S", when="today", decisions=1)
    assert "1 ongelma:" in t("cli.broken_story", "fi", path="a.yaml", count=1, origin="omat tarinat")
    assert "2 problems:" in t("cli.broken_story", "en", path="a.yaml", count=2, origin="mine")


def used_literals() -> tuple[set[str], set[str]]:
    """String constants in the package, and the constant heads of f-strings (`f"channel.{x}"` gives "channel.")."""
    literals: set[str] = set()
    heads: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.name == "catalog.py" or path.relative_to(SOURCE).as_posix() == "i18n/messages.py":
            continue  # messages.py names the problem messages' prefix, which would count them all as used
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                heads.add(str(node.values[0].value))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
                if "{}" in node.value:  # "tui.mode.{}".format(...)
                    heads.add(node.value.split("{}")[0])
                elif node.value.endswith("."):  # "authoring.severity." + severity
                    heads.add(node.value)
    for template in SOURCE.rglob("*.j2"):  # the export templates: {{ tr('rehearsal.export.option') }}
        literals.update(re.findall(r"tr\(\s*['\"]([\w.-]+)['\"]", template.read_text(encoding="utf-8")))
    return literals, heads


def test_no_key_is_unused() -> None:
    literals, heads = used_literals()
    problem_heads = {head for head in heads if head.endswith(":")}  # f"text_bad_language:{code}"
    heads = {head for head in heads if "." in head and head.endswith((".", "_"))}
    unused = [key for key in FI if key not in literals and not any(key.startswith(head) for head in heads)]
    # A problem message `loader.<code>` is used when some part of the package reports `<code>`.
    unused = [
        key
        for key in unused
        if not key.startswith(PREFIX)
        or not (key.removeprefix(PREFIX) in literals or f"{key.removeprefix(PREFIX)}:" in problem_heads)
    ]
    assert unused == []


def test_problem_messages_come_from_the_one_catalog_in_each_language() -> None:
    assert render("too_big", {"size": 9, "limit": 5}, "fi").startswith("Tiedosto on 9 tavua")
    assert render("too_big", {"size": 9, "limit": 5}, "en").startswith("The file is 9 bytes")
    assert render("unknown_key", {"suggestion": "title"}, "fi").endswith(" Tarkoititko 'title'?")
    assert render("no-such-code", {}, "en") == render("invalid", {"detail": "no-such-code"}, "en")
    assert render("too_big", {}, "sv") == render("too_big", {}, "en")  # a language without a catalog: English
    plural = [key for key in FI if key.startswith(PREFIX) and not isinstance(FI[key], str)]
    assert plural == []  # render() formats them as plain templates
