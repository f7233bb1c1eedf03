"""Control characters made visible: the one output sanitiser between any text and a terminal or file.

A story, a file name, a team name or a damaged database can carry characters a terminal
obeys instead of showing: ESC and the other C0 controls, DEL, the C1 controls (U+009B
alone starts a command sequence on many terminals) and the bidi overrides, which reorder
what a reader sees. The loader refuses them in stories; everything that prints or exports
text passes it through `visible()` as well, which writes each one as a visible escape in
Python's notation: ESC becomes the four characters `\\x1b`, U+202E becomes `\\u202e`.
Newlines and tabs are kept. `json_visible()` does the same with JSON's `\\u001b`, so
JSON output stays valid and decodes to the original text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

_C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()
_C1_NAMES = (
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGCI SCI CSI ST OSC PM APC"
).split()
_BIDI_NAMES = {
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
}

# Everything a story may not hold, newline and tab aside; lone surrogates cannot even be printed.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# The same, newline and tab included: for text that must stay on one line.
UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def char_name(char: str) -> str:
    """How a message names a character: `U+001B (ESC)`, `U+202E (RLO)`."""
    code = ord(char)
    if code < 0x20:
        short = _C0_NAMES[code]
    elif code == 0x7F:
        short = "DEL"
    elif 0x80 <= code <= 0x9F:
        short = _C1_NAMES[code - 0x80]
    elif code in _BIDI_NAMES:
        short = _BIDI_NAMES[code]
    elif 0xD800 <= code <= 0xDFFF:
        short = "surrogate"
    else:
        return f"U+{code:04X}"
    return f"U+{code:04X} ({short})"


def first_unsafe(text: str) -> int:
    """The index of the first character a story may not hold, or -1."""
    match = UNSAFE.search(text)
    return match.start() if match else -1


def _python_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with each control character as a visible escape (`\\x1b`); `one_line` escapes newline and tab too."""
    return (UNSAFE_IN_LINE if one_line else UNSAFE).sub(_python_escape, text)


def json_visible(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with C1, DEL and bidi controls as `\\u` escapes.

    Only valid inside JSON strings, which is where `json.dumps` leaves such characters.
    """
    return UNSAFE.sub(_json_escape, text)


class VisibleStream:
    """A text stream that writes through `visible()`: whatever is printed to it reaches the terminal inert."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write `text` with its control characters made visible."""
        self.stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def visible_output() -> Iterator[None]:
    """While it lasts, everything printed to `sys.stdout` and `sys.stderr` goes through `visible()`.

    The command line runs inside it, so no row, message or file name it prints can drive the
    terminal. (Textual writes to the real terminal, `sys.__stderr__`, and is unaffected.)
    """
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, VisibleStream):
        sys.stdout = VisibleStream(sys.stdout)
    if not isinstance(sys.stderr, VisibleStream):
        sys.stderr = VisibleStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
