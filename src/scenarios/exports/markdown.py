"""Plain text made inert in Markdown: the one escaping function every Markdown export uses.

The trainer's debrief export, the rehearsal record and the role cards all pass story text,
names and notes through `md()`. Markup characters are backslash-escaped (so `<script>`,
`<img onerror=...>`, links, emphasis and tables stay text in any renderer), a line that
would start a heading, list or quote is defused, line breaks stay breaks, and control
characters are shown as visible escapes (`scenarios.visible`).
"""

from __future__ import annotations

import re

from scenarios.visible import visible

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+\.)", re.MULTILINE)


def md(text: str) -> str:
    """`text` shown as it is in Markdown: markup escaped, line breaks kept as breaks."""
    text = _MD_SPECIAL.sub(r"\\\1", visible(text))
    text = _MD_LINE_START.sub(_escape_line_start, text)
    return text.replace("\n", "  \n")


def md_line(text: str) -> str:
    """`md(text)` on one line: for a table cell or a list item."""
    return md(text).replace("  \n", " ")


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.group(1), match.group(2)
    return lead + (mark[:-1] + "\\." if mark.endswith(".") else "\\" + mark)
