"""The catalogs (`src/scenarios/i18n/po/*.po`): every language has every message with the same placeholders and
its plural forms; Finnish is complete; a missing translation is shown in English and listed by a command; a new
language is a new `.po` file and a line in `LANGUAGES`; no key is unused."""

from __future__ import annotations

import ast
import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
from babel import Locale

from scenarios.cli.main import main
from scenarios.i18n import catalog
from scenarios.i18n.catalog import CATALOGS, LANGUAGES, PO_FOLDER, SOURCE_LANGUAGE, plural_count, plural_rule, t
from scenarios.i18n.messages import PREFIX, render
from scenarios.i18n.po import Catalog, Message, format_catalog, parse, read, write
from scenarios.i18n.present import language_fallback
from scenarios.i18n.sync import merged, new_catalog

SOURCE = Path(__file__).parents[1] / "src" / "scenarios"
PO_FILES = sorted(PO_FOLDER.glob("*.po"))
TEMPLATE = read(PO_FOLDER / f"{SOURCE_LANGUAGE}.po")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def english(message: Message) -> list[str]:
    return [message.source] if message.source_plural is None else [message.source, message.source_plural]


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.name)
def test_every_catalog_has_every_message_with_the_same_placeholders(path: Path) -> None:
    translations = read(path)
    assert [message.key for message in translations.messages] == [message.key for message in TEMPLATE.messages]
    for source, message in zip(TEMPLATE.messages, translations.messages, strict=True):
        assert english(message) == english(source), f"{message.key}: run python -m scenarios.i18n.sync"
        wanted = set().union(*(placeholders(text) for text in english(source)))
        for text in message.translation:
            if text:
                assert placeholders(text) <= wanted, message.key
        if message.translated and source.source:
            assert set().union(*(placeholders(text) for text in message.translation)) == wanted, message.key


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.name)
def test_plural_messages_have_the_forms_of_the_languages_cldr_rule(path: Path) -> None:
    translations = read(path)
    language = translations.language
    assert language == path.stem
    cldr = Locale.parse(language).plural_form
    rule = plural_rule(translations.plural_forms)
    # The header's rule puts the numbers in the same groups as CLDR's categories, one form per category.
    categories = {cldr(n): rule(n) for n in range(0, 1001)}
    assert len(set(categories.values())) == len(categories) == plural_count(translations.plural_forms)
    assert all(categories[cldr(n)] == rule(n) for n in range(0, 1001))
    for message in translations.messages:
        if message.source_plural is not None:
            assert message.plural_by is not None, message.key
            assert all(f"{{{message.plural_by}}}" in text for text in english(message)), message.key
            assert len(message.translation) == plural_count(translations.plural_forms), message.key


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.name)
def test_the_catalogs_are_what_gettext_and_babel_read(path: Path) -> None:
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        babel = read_po(file)
    ours = read(path)
    for message in ours.messages:
        theirs = babel.get(message.source, message.key)
        assert theirs is not None, message.key
        assert theirs.fuzzy == message.fuzzy, message.key
    assert format_catalog(ours) == path.read_text(encoding="utf-8"), "written as `python -m scenarios.i18n.sync` does"
    if shutil.which("msgfmt"):  # GNU gettext's own check of the format and the placeholders
        done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_trainers_own_languages_are_complete(language: str) -> None:
    missing, _ = catalog.untranslated(language) if language != SOURCE_LANGUAGE else ([], 0)
    assert [message.key for message in missing] == []


def test_plural_forms_are_chosen_by_the_count() -> None:
    assert t("rehearsal.export.participant_count", "en", count=1) == "1 participant"
    assert t("rehearsal.export.participant_count", "en", count=2) == "2 participants"
    assert t("rehearsal.export.participant_count", "fi", count=1) == "1 osallistuja"
    assert t("rehearsal.export.participant_count", "fi", count=0) == "0 osallistujaa"
    assert "(1 päätös tehty)" in t("tui.resume.body", "fi", story="S", when="eilen", decisions=1)
    assert "(1 decision made)" in t("tui.resume.body", "en", story="S", when="today", decisions=1)
    assert "1 ongelma:" in t("cli.broken_story", "fi", path="a.yaml", count=1, origin="omat tarinat")
    assert "2 problems:" in t("cli.broken_story", "en", path="a.yaml", count=2, origin="mine")


def test_numbers_quotes_and_the_story_language_note_are_written_as_each_language_writes_them() -> None:
    assert [catalog.decimal("0.5", language) for language in ("fi", "en", "sv")] == ["0,5", "0.5", "0,5"]
    assert [catalog.percent(31, language) for language in ("fi", "en", "sv")] == ["31 %", "31%", "31 %"]
    assert [catalog.quoted("simhall", language) for language in ("fi", "en", "sv")] == [
        "”simhall”",
        "“simhall”",
        "”simhall”",
    ]
    assert language_fallback("sv", "fi") == "Berättelsen finns inte på svenska; den visas på finska."
    assert language_fallback("fi", "en") == "Tätä tarinaa ei ole suomeksi; se näytetään englanniksi."
    assert language_fallback("en", "sv") == "This story is not available in English; it is shown in Swedish."


def po_with(language: str, edit: dict[str, list[str]], *, fuzzy: tuple[str, ...] = ()) -> Catalog:
    """`language`'s catalog with the translations of `edit` put in, and the keys in `fuzzy` marked for review."""
    translations = read(PO_FOLDER / f"{language}.po")
    for message in translations.messages:
        if message.key in edit:
            message.translation = edit[message.key]
        message.fuzzy = message.key in fuzzy
    return translations


@pytest.fixture
def po_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the catalogs the trainer reads instead of its own (read afresh)."""
    folder = tmp_path / "po"
    shutil.copytree(PO_FOLDER, folder)
    monkeypatch.setattr(catalog, "PO_FOLDER", folder)
    monkeypatch.setattr(catalog, "CATALOGS", catalog._Catalogs())
    return folder


def test_a_missing_translation_is_shown_in_english_and_listed(
    po_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        po_folder / "fi.po",
        po_with("fi", {"channel.desk": [""], "rehearsal.export.participant_count": ["", ""]}, fuzzy=("kind.reply",)),
    )
    assert t("channel.desk", "fi") == "front desk"
    assert t("rehearsal.export.participant_count", "fi", count=1) == "1 participant"
    assert t("kind.reply", "fi") == "reply"  # fuzzy: the English changed since it was translated
    assert t("channel.phone", "fi") == "puhelin"
    assert main(["--lang", "en", "translations", "fi"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"fi.po: 3 messages of {len(TEMPLATE.messages)} not translated (shown in English):"
    assert "  channel.desk  front desk" in out
    assert "  kind.reply  reply  (the English changed since it was translated)" in out
    assert "  rehearsal.export.participant_count  {count} participants" in out
    assert "channel.phone" not in out


def test_a_changed_english_text_marks_its_translations_for_review(po_folder: Path) -> None:
    template = read(po_folder / "en.po")
    template.messages[0].source = "service desk"
    result = merged(template, read(po_folder / "fi.po"))
    first = result.messages[0]
    assert (first.key, first.fuzzy, first.previous, first.translation) == (
        "channel.desk",
        True,
        "front desk",
        ["asiointipiste"],
    )
    write(po_folder / "en.po", template)
    write(po_folder / "fi.po", result)
    assert t("channel.desk", "fi") == "service desk"
    assert parse(format_catalog(result)).messages[1].fuzzy


def test_a_catalog_is_compiled_once_and_again_when_its_po_changes(
    po_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    assert catalog.load("fi", po_folder)["channel.desk"] == "asiointipiste"
    compiled = catalog._compiled_path(po_folder / "fi.po")
    assert compiled is not None and compiled.exists()
    write(po_folder / "fi.po", po_with("fi", {"channel.desk": ["palvelupiste"]}))
    assert catalog.load("fi", po_folder)["channel.desk"] == "palvelupiste"
    compiled.write_bytes(b"not a catalog")  # a damaged copy is made again, never trusted
    assert catalog.load("fi", po_folder)["channel.desk"] == "palvelupiste"


PSEUDO = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "y": "ÿ", "s": "š", "c": "ç", "n": "ñ"}


def pseudo(text: str) -> str:
    """A pseudo-translation: the letters accented, placeholders kept, the whole in brackets."""
    pieces = re.split(r"(\{[^{}]*\})", text)
    return "⟦" + "".join(p if p.startswith("{") else "".join(PSEUDO.get(c, c) for c in p) for p in pieces) + "⟧"


def test_a_new_language_is_a_po_file_and_a_line_in_the_list(
    po_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pseudo-locale (`eo`, Esperanto's code, with accented English) added as a translator would add one."""
    new = merged(read(po_folder / "en.po"), new_catalog("eo", "nplurals=2; plural=(n != 1);"))
    for message in new.messages:
        message.translation = [pseudo(text) for text in english(message)]
    write(po_folder / "eo.po", new)  # the new .po file ...
    monkeypatch.setattr(catalog, "LANGUAGES", (*LANGUAGES, "eo"))  # ... and the line in the list
    assert t("channel.desk", "eo") == "⟦fröñt déšk⟧"
    assert t("rehearsal.export.participant_count", "eo", count=2) == "⟦2 pártíçípáñtš⟧"
    assert catalog.resolve_language("eo") == "eo"
    monkeypatch.setenv("SCENARIOS_LANG", "eo")
    assert catalog.resolve_language(None) == "eo"
    assert main(["translations", "eo"]) == 0
    assert capsys.readouterr().out == f"⟦eo.pö: áll {len(new.messages)} méššágéš tráñšlátéd.⟧\n"
    assert "eo" in CATALOGS and catalog.CATALOGS["eo"]["channel.desk"] == "⟦fröñt déšk⟧"


def used_literals() -> tuple[set[str], set[str]]:
    """String constants in the package, and the constant heads of f-strings (`f"channel.{x}"` gives "channel.")."""
    literals: set[str] = set()
    heads: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.relative_to(SOURCE).as_posix() == "i18n/messages.py":
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
    keys = [message.key for message in TEMPLATE.messages]
    unused = [key for key in keys if key not in literals and not any(key.startswith(head) for head in heads)]
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
    assert render("too_big", {}, "xx") == render("too_big", {}, "en")  # a language without a catalog: English
    plural = [message.key for message in TEMPLATE.messages if message.key.startswith(PREFIX) and message.source_plural]
    assert plural == []  # render() formats them as plain templates


def test_dates_and_times_are_written_as_each_language_writes_them() -> None:
    """Issue #28: dates per locale, from a CLDR pattern a translator sets in the catalog ("d.M.y", "y-MM-dd")."""
    from datetime import date, datetime

    from scenarios.i18n.catalog import date_text, moment_text

    day = date(2026, 3, 5)
    assert [date_text(day, language) for language in ("fi", "sv", "en")] == ["5.3.2026", "5.3.2026", "2026-03-05"]
    at = datetime(2026, 3, 5, 9, 7).timestamp()
    assert moment_text(at, "fi") == "5.3.2026 klo 9.07"
    assert moment_text(at, "sv") == "5.3.2026 kl. 9.07"
    assert moment_text(at, "en") == "2026-03-05 09:07"
    assert moment_text(at, "fi", time_of_day=False) == "5.3.2026"
    assert moment_text(1e30, "fi") == "?"  # a tampered time is shown, not raised
