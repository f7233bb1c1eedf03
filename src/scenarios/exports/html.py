"""HTML from Jinja2 templates, made safe in one place for every page of ours (exports, reports, phone pages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from scenarios.visible import visible


def _shown(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str) or value.isprintable():
        return value  # a printable text holds no control character (every one `visible` escapes is unprintable)
    return visible(value)


def html_templates(folder: Path, *, keep_trailing_newline: bool = False) -> Environment:
    """The templates in `folder`: every value HTML-escaped, every text's control characters shown as visible
    escapes, and a value a template names but is not given an error (never an empty gap on the page). A template
    is read once (they are the package's files): a page does not look at its files' times again."""
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        finalize=_shown,
        undefined=StrictUndefined,
        keep_trailing_newline=keep_trailing_newline,
        auto_reload=False,
    )
