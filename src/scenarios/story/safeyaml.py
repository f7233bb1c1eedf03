"""Plain, safe YAML: text to Python data with the line and column of every key and value.

The loader never lets ruamel.yaml construct objects. It reads the parser's event
stream (which is iterative, so deep nesting cannot exhaust the stack) and builds plain
dicts, lists, strings, integers, booleans and None itself. That is where the hostile
cases are stopped: anchors and aliases (an alias bomb costs nothing until something
expands it, and nothing here does), explicit tags (nothing is ever instantiated),
duplicate keys and excessive nesting. Size, NUL bytes, encoding and tabs are checked
on the raw bytes first, so the parser only ever sees bounded, decoded text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from scenarios.visible import char_name, first_unsafe, visible

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_INT = 2**63 - 1
MIN_INT = -(2**63)

Path = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_MAY_RESOLVE = frozenset("~nNtTfF+-.0123456789")  # how null, true, false and numbers can begin
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
# Raw characters a file may not hold (CR is allowed: it ends lines in Windows files).
_RAW_UNSAFE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


class Position(NamedTuple):  # a named tuple: made for every key and value, and cheaply
    """A place in a file: 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class YamlProblem(Exception):
    """The file is not plain, safe YAML. `code` names the message in the catalog."""

    code: str
    position: Position
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    """Parsed data with the positions of its keys and values, by path.

    `problems` are the ones that need not stop the reading (a duplicate key, a control
    character in a text, a number out of range), so the rest of the file can still be
    checked: the offending text is kept with its control characters made visible, a
    number out of range is read as nothing, and a duplicate key's second value is dropped.
    """

    data: Any
    value_positions: dict[Path, Position]
    key_positions: dict[Path, Position]
    problems: list[YamlProblem] = field(default_factory=list)

    def position(self, path: Path, *, key: bool = False) -> Position:
        """The position of the value (or key) at `path`, or of its nearest parent."""
        table = self.key_positions if key else self.value_positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.key_positions:
                return self.key_positions[probe]
            probe = probe[:-1]
        return self.value_positions.get((), Position(1, 1))


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def decode(raw: bytes) -> str:
    """Check the raw bytes and decode them, or raise `YamlProblem`."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem("too_big", Position(1, 1), {"size": len(raw), "limit": MAX_BYTES})
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise YamlProblem("nul_byte", _byte_position(raw, nul))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlProblem("not_utf8", _byte_position(raw, error.start)) from None
    if "\t" in text:  # most files have none: skip the walk over the lines
        for number, line in enumerate(text.splitlines(), start=1):
            indent = len(line) - len(line.lstrip(" \t"))
            if "\t" in line[:indent]:
                raise YamlProblem("tab", Position(number, line.index("\t") + 1))
    unsafe = _RAW_UNSAFE.search(text)  # one regex scan, not a Python loop over every character
    if unsafe:
        char = unsafe.group()
        raise YamlProblem("control_char", _char_position(text, unsafe.start()), {"char": char_name(char)})
    return text


def _byte_position(raw: bytes, offset: int) -> Position:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    return Position(line, column)


def _char_position(text: str, offset: int) -> Position:
    before = text[:offset]
    return Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)


class _OutOfRange:
    """A whole number beyond 64 bits, as `_scalar` returns it (nothing else could use it)."""

    __slots__ = ()


_OUT_OF_RANGE = _OutOfRange()


def _integer(digits: str, base: int) -> int | _OutOfRange:
    """A whole number, or `_OUT_OF_RANGE` without converting thousands of digits first."""
    sign = -1 if digits.startswith("-") else 1
    body = digits.lstrip("+-").lstrip("0") or "0"
    if len(body) > (19 if base == 10 else 16):
        return _OUT_OF_RANGE
    value = sign * int(body, base)
    return value if MIN_INT <= value <= MAX_INT else _OUT_OF_RANGE


def _scalar(event: ScalarEvent) -> Any:
    """Resolve a scalar like YAML 1.2's core schema, minus floats' odd corners."""
    value = event.value
    if event.style:  # quoted or block scalars are always text
        return value
    if value and value[0] not in _MAY_RESOLVE:  # plain text, the bulk of a story: nothing to resolve
        return value
    lowered = value.lower()
    if lowered in ("", "~", "null"):
        return None
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if _INT.match(value):
        return _integer(value, 10)
    if _HEX.match(value):
        return _integer(value[2:], 16)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value)
    return value


def _events(text: str, pure: bool) -> Iterator[Any]:
    """The parser's events: libyaml's C parser when installed (about 30 times faster), else ruamel's own."""
    parser_class = None if pure else _c_parser()
    if parser_class is None:
        yield from YAML(typ="rt", pure=True).parse(text)
        return
    parser = parser_class(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def _c_parser() -> Any:
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # no compiled extension on this platform
        return None
    return CParser


def parse(text: str, *, pure: bool = False) -> Document:
    """Parse one YAML document into plain data, or raise `YamlProblem`.

    libyaml's C parser reads YAML 1.1, which refuses some plain text that YAML 1.2 allows
    and authors write all the time (`{fi: Mitä?, en: What?}`). So a syntax error from it
    is settled by ruamel.yaml's own YAML 1.2 parser, whose verdict and message stand.
    `pure` goes straight to that parser.
    """
    if not pure and _c_parser() is not None:
        try:
            return _parse(text, pure=False)
        except YamlProblem as problem:
            if problem.code != "syntax":
                raise
    return _parse(text, pure=True)


def _parse(text: str, *, pure: bool) -> Document:
    values: dict[Path, Position] = {}
    keys: dict[Path, Position] = {}
    problems: list[YamlProblem] = []
    # Each frame: [container, path, pending key (maps only), set of keys seen]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    have_root = False

    def place(value: Any, mark: Any) -> Path | None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            values[()] = _pos(mark)
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
            values[child] = _pos(mark)
            return child
        if frame[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YamlProblem("complex_key", _pos(mark))
            key = "" if value is None else str(value)
            if key in frame[3]:
                problems.append(YamlProblem("duplicate_key", _pos(mark), {"key": key}))
                frame[2] = _Duplicate(key)
                return None
            frame[3].add(key)
            frame[2] = key
            keys[(*path, key)] = _pos(mark)
            return None
        key = frame[2]
        frame[2] = _NO_KEY
        if isinstance(key, _Duplicate):  # the first value stands; this one is read and dropped
            return (*path, _DROPPED, key.key)
        container[key] = value
        values[(*path, key)] = _pos(mark)
        return (*path, key)

    def scalar(event: ScalarEvent) -> Any:
        value = _scalar(event)
        if value is _OUT_OF_RANGE:
            problems.append(YamlProblem("number_out_of_range", _pos(event.start_mark), {"limit": "2^63"}))
            return None
        if isinstance(value, str):
            index = first_unsafe(value)
            if index >= 0:
                problems.append(
                    YamlProblem("control_char_text", _pos(event.start_mark), {"char": char_name(value[index])})
                )
                return visible(value)
        return value

    try:
        for event in _events(text, pure):
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                raise YamlProblem("anchor", _pos(event.start_mark))
            if getattr(event, "tag", None) and not isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                raise YamlProblem("tag", _pos(event.start_mark), {"tag": str(event.tag)})
            if type(event).__name__ == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    raise YamlProblem("many_documents", _pos(event.start_mark))
            if isinstance(event, ScalarEvent):
                place(scalar(event), event.start_mark)
            elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem("too_deep", _pos(event.start_mark), {"limit": MAX_DEPTH})
                container: Any = {} if isinstance(event, MappingStartEvent) else []
                path = place(container, event.start_mark)
                if path is None:  # a mapping used as a key
                    raise YamlProblem("complex_key", _pos(event.start_mark))
                stack.append([container, path, _NO_KEY, set()])
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, StreamEndEvent):
                break
    except YamlProblem:
        raise
    except MarkedYAMLError as error:
        mark, detail = error.problem_mark or error.context_mark, error.problem or error.context or ""
        if error.context_mark is not None and any(
            end in (error.problem or "") for end in ("end of stream", "<stream end>")
        ):
            # An unclosed quote or bracket is only noticed at the end of the file: point at its start.
            mark, detail = error.context_mark, f"{error.context}, {error.problem}"
        position = _pos(mark) if mark is not None else Position(1, 1)
        if mark is not None and _BAD_ESCAPE.search(error.problem or ""):
            raise YamlProblem("bad_escape", *_escape_at(text, position)) from None
        raise YamlProblem("syntax", position, {"detail": detail}) from None
    except (YAMLError, ValueError, TypeError, RecursionError) as error:
        raise YamlProblem(
            "syntax", Position(1, 1), {"detail": str(error).splitlines()[0] if str(error) else ""}
        ) from None
    if not have_root or root is None:
        raise YamlProblem("empty", Position(1, 1))
    return Document(root, values, keys, problems)


_BAD_ESCAPE = re.compile(r"unknown escape character|expected escape sequence")


def _escape_at(text: str, position: Position) -> tuple[Position, dict[str, Any]]:
    """Where the backslash of a bad escape is (the parser points after it) and what follows it."""
    line = text.split("\n")[position.line - 1] if position.line <= text.count("\n") + 1 else ""
    start = line.rfind("\\", 0, position.column)
    if start < 0:
        return position, {"char": "?"}
    return Position(position.line, start + 1), {"char": line[start + 1 : start + 2]}


_DROPPED = "\x00dropped"  # the path under which a duplicate key's value is read, and forgotten


@dataclass(frozen=True)
class _Duplicate:
    key: str


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()
