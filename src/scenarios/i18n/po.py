"""Reading and writing the gettext catalogs (`po/<language>.po`): the subset of the PO format the trainer's
catalogs use, which every PO editor (Poedit, Weblate, Lokalize, msgfmt) reads and writes.

A message is named by its context (`msgctxt`, the catalog key, e.g. `tui.library.title`); its `msgid` is the
English text, the source every translation is made from; its `msgstr` the translation (empty while untranslated).
A plural message has `msgid_plural` and one `msgstr[i]` per plural form of the language (its header's
`Plural-Forms`). docs/translating.md describes the scheme. Reading is done at start, so it is a plain
line scan with no dependencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
_ESCAPE = re.compile(r"\\(.)")


@dataclass
class Message:
    """One entry of a catalog."""

    key: str
    """The catalog key (`msgctxt`)."""
    source: str
    """The English text (`msgid`; the singular for a plural message)."""
    source_plural: str | None = None
    """The English plural (`msgid_plural`), None for a message without plural forms."""
    translation: list[str] = field(default_factory=list)
    """`msgstr`, or `msgstr[0]`, `msgstr[1]`, …; empty strings while untranslated."""
    fuzzy: bool = False
    """Marked for review (`#, fuzzy`): the English changed since it was translated; shown in English meanwhile."""
    flags: list[str] = field(default_factory=list)
    """The other flags (`#, python-brace-format`)."""
    notes: list[str] = field(default_factory=list)
    """Notes for translators (`#.` lines), e.g. `plural by {count}`."""
    comments: list[str] = field(default_factory=list)
    """Comments (`# ` lines): the section headings of the catalog."""
    previous: str | None = None
    """The English text this translation was made from, when it changed since (`#| msgid`)."""

    @property
    def translated(self) -> bool:
        """Whether the message has a translation to show (every form filled, not fuzzy; an empty English text
        needs none)."""
        return not self.source or (bool(self.translation) and all(self.translation) and not self.fuzzy)

    @property
    def plural_by(self) -> str | None:
        """The parameter whose number chooses the plural form (a note `plural by {count}`)."""
        for note in self.notes:
            found = re.fullmatch(r"plural by \{(\w+)\}", note)
            if found:
                return found.group(1)
        return None


@dataclass
class Catalog:
    """A whole `.po` file: its header fields and its messages in order."""

    header: dict[str, str]
    messages: list[Message]

    @property
    def language(self) -> str:
        """The language code of the header (`Language: sv`)."""
        return self.header.get("Language", "")

    @property
    def plural_forms(self) -> str:
        """The header's `Plural-Forms` (e.g. `nplurals=2; plural=(n != 1);`)."""
        return self.header.get("Plural-Forms", "nplurals=2; plural=(n != 1);")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda found: _ESCAPES.get(found.group(1), found.group(1)), text) if "\\" in text else text


def parse(text: str) -> Catalog:
    """A catalog from the text of a `.po` file (raises ValueError naming the line of something it cannot read).

    Entries are separated by blank lines, as every PO tool writes them."""
    header: dict[str, str] = {}
    messages: list[Message] = []
    number = 0
    for block in text.split("\n\n"):
        fields: dict[str, list[str]] = {}
        comments: list[str] = []
        target: list[str] = []
        for line in block.split("\n"):
            number += 1
            if not line or line.isspace():
                continue
            if line[0] == "#":
                if fields:
                    messages.append(_message(fields, comments, header))
                    fields, comments = {}, []
                comments.append(line)
            elif line[0] == '"':
                if not fields or not line.rstrip().endswith('"'):
                    raise ValueError(f"line {number}: a string continued where none began")
                target.append(_unescape(line.strip()[1:-1]))
            else:
                keyword, _, value = line.partition(" ")
                value = value.strip()
                if not (keyword.startswith("msg") and len(value) >= 2 and value[0] == value[-1] == '"'):
                    raise ValueError(f"line {number}: not a PO line: {line[:60]}")
                if keyword in ("msgctxt", "msgid") and any(name.startswith("msgstr") for name in fields):
                    messages.append(_message(fields, comments, header))
                    fields, comments = {}, []
                if keyword in fields:
                    raise ValueError(f"line {number}: {keyword} twice in one message")
                target = fields[keyword] = [_unescape(value[1:-1])]
        number += 1
        if fields:
            messages.append(_message(fields, comments, header))
    return Catalog(header, messages)


def _message(fields: dict[str, list[str]], comments: list[str], header: dict[str, str]) -> Message:
    joined = {keyword: "".join(parts) for keyword, parts in fields.items()}
    if "msgid" not in joined:
        raise ValueError(f"a message without msgid: {joined}")
    source = joined["msgid"]
    if "msgctxt" not in joined and source == "":  # the header entry
        for line in joined.get("msgstr", "").splitlines():
            name, _, value = line.partition(":")
            header[name.strip()] = value.strip()
        return Message("", "")
    plural = joined.get("msgid_plural")
    if plural is None:
        translation = [joined.get("msgstr", "")]
    else:
        indices = sorted(int(keyword[7:-1]) for keyword in joined if keyword.startswith("msgstr["))
        translation = [joined[f"msgstr[{index}]"] for index in indices]
    message = Message(joined.get("msgctxt", ""), source, plural, translation)
    for comment in comments:
        if comment.startswith("#,"):
            for flag in (flag.strip() for flag in comment[2:].split(",")):
                if flag == "fuzzy":
                    message.fuzzy = True
                elif flag:
                    message.flags.append(flag)
        elif comment.startswith("#."):
            message.notes.append(comment[2:].strip())
        elif comment.startswith("#| msgid "):
            message.previous = _unescape(comment[9:].strip()[1:-1])
        elif comment.startswith("#|") or comment.startswith("#:") or comment.startswith("#~"):
            continue
        else:
            message.comments.append(comment[1:].strip())
    return message


def read(path: Path) -> Catalog:
    """The catalog in the `.po` file at `path` (header entry dropped from the messages)."""
    catalog = parse(path.read_text(encoding="utf-8"))
    catalog.messages = [message for message in catalog.messages if message.key]
    return catalog


def _quoted(keyword: str, text: str) -> list[str]:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    if "\n" not in text.rstrip("\n"):
        return [f'{keyword} "{escaped.replace(chr(10), chr(92) + "n")}"']
    lines = [f'{keyword} ""']
    for piece in escaped.split("\n")[:-1]:
        lines.append(f'"{piece}\\n"')
    last = escaped.split("\n")[-1]
    if last:
        lines.append(f'"{last}"')
    return lines


HEADER_FIELDS = ("Project-Id-Version", "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding")


def format_catalog(catalog: Catalog) -> str:
    """The text of `catalog` as a `.po` file: one line per string (a line break ends a line), no wrapping."""
    header = "".join(f"{name}: {value}\n" for name, value in catalog.header.items())
    out = ["# The trainer's words (scenarios). Edit in a PO editor or by hand; docs/translating.md says how.", ""]
    out += _quoted("msgid", "") + _quoted("msgstr", header) + [""]
    for message in catalog.messages:
        out += [f"# {comment}".rstrip() for comment in message.comments]
        out += [f"#. {note}" for note in message.notes]
        flags = (["fuzzy"] if message.fuzzy else []) + message.flags
        if flags:
            out.append("#, " + ", ".join(flags))
        if message.fuzzy and message.previous is not None:
            out += ["#| " + line for line in _quoted("msgid", message.previous)]
        out += _quoted("msgctxt", message.key)
        out += _quoted("msgid", message.source)
        if message.source_plural is None:
            out += _quoted("msgstr", message.translation[0] if message.translation else "")
        else:
            out += _quoted("msgid_plural", message.source_plural)
            for index, form in enumerate(message.translation):
                out += _quoted(f"msgstr[{index}]", form)
        out.append("")
    return "\n".join(out)


def write(path: Path, catalog: Catalog) -> None:
    """Write `catalog` to `path` (UTF-8, Unix line ends)."""
    path.write_text(format_catalog(catalog), encoding="utf-8", newline="\n")
