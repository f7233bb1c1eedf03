"""The phones' HTML pages from Jinja2 templates (`templates/*.html.j2`) with autoescape.

Every value is escaped by Jinja2 and shown with its control characters as visible escapes
(`scenarios.visible`); nothing is placed into HTML by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scenarios.exports.html import html_templates
from scenarios.i18n.catalog import LANGUAGES, language_link, t

_ENVIRONMENT = html_templates(Path(__file__).parent / "templates")


def render(template: str, language: str, **values: Any) -> str:
    """The page `template` with `values`; `tr(key, **params)` in the template is the catalog in `language`."""

    def tr(key: str, **params: Any) -> str:
        return t(key, language, **params)

    others = [(code, language_link(code)) for code in LANGUAGES if code != language]
    return _ENVIRONMENT.get_template(template).render(lang=language, tr=tr, other_languages=others, **values)
