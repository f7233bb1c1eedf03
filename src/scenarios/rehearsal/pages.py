"""HTML pages from Jinja2 templates (`templates/*.html.j2`) with autoescaping.

Every value a template shows is escaped by Jinja2, and shown with its control characters as
visible escapes (`scenarios.visible`) first; nothing is placed into HTML by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from scenarios.exports.html import html_templates
from scenarios.i18n.catalog import t
from scenarios.visible import visible


def _lines(text: str) -> Markup:
    """A text whose line breaks stay breaks: each line escaped, joined with `<br>`."""
    return Markup("<br>").join(escape(visible(line)) for line in str(text).split("\n"))


_ENVIRONMENT = html_templates(Path(__file__).parent / "templates", keep_trailing_newline=True)
_ENVIRONMENT.filters["lines"] = _lines


def render_page(template: str, language: str, *, css: str, **values: Any) -> str:
    """The page `template` with `values`; `tr(key, **params)` in the template is the catalog in `language`."""

    def tr(key: str, **params: Any) -> str:
        return t(key, language, **params)

    page = _ENVIRONMENT.get_template(template).render(lang=language, css=Markup(css), tr=tr, **values)
    return page if page.endswith("\n") else page + "\n"
