"""The web trainer's pages: Jinja2 templates in `templates/` through the one autoescaping environment, and what
every page is told (its language, theme, the trainee, the form token), plus the replies an action gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenarios.exports.html import html_templates
from scenarios.i18n.catalog import LANGUAGES, language_link, t
from scenarios.store.trainee import Trainee

TEMPLATES = html_templates(Path(__file__).parent / "templates")
STATIC = Path(__file__).parent / "static"
THEMES = {"textual-dark": "dark", "textual-light": "light", "scenarios-high-contrast": "contrast"}
"""The trainee's theme (shared with the terminal app) as the page's: dark, light or high contrast."""
NAV = (
    ("library", "/", "web.nav.library"),
    ("progress", "/progress", "web.nav.progress"),
    ("lessons", "/lessons", "web.nav.lessons"),
    ("review", "/review", "web.nav.review"),
    ("glossary", "/glossary", "web.nav.glossary"),
    ("settings", "/settings", "web.nav.settings"),
)
"""The main menu, in order: the section, its address and its words' key."""


@dataclass(frozen=True)
class Visit:
    """Who asks, from which browser, and what the page needs to know of them (made by the server per request)."""

    trainee: Trainee
    browser: str
    """The browser's id (its signed cookie): one of the trainee's windows."""
    form_token: str
    """The token every form of this browser carries (a form without it is refused)."""
    accept_language: str | None = None
    names: bool = True
    """The trainee gave a name on the name page (which they may change); False behind a sign-in proxy."""


@dataclass(frozen=True)
class Page:
    """An HTML page."""

    html: str
    status: int = 200


@dataclass(frozen=True)
class Redirect:
    """Go to `location` (after a form: 303, so the browser asks with GET)."""

    location: str


@dataclass(frozen=True)
class Download:
    """A file for the browser to save (`name`), never written on the server."""

    text: str
    name: str
    mime: str = "text/markdown"


Reply = Page | Redirect | Download


@dataclass(frozen=True)
class Look:
    """How the trainee's pages look and speak: their language, theme and mode."""

    language: str
    theme: str
    """`dark`, `light`, `contrast`, or `auto` (the browser's own preference) until the trainee chooses one."""
    mode: str
    chosen: bool = False
    """The trainee has chosen their settings (else the browser's language and look are followed)."""


@dataclass
class Frame:
    """What the layout of every page shows around it."""

    visit: Visit
    look: Look
    section: str | None = None
    """The menu item the page belongs to (marked as the current page)."""
    notices: list[str] = field(default_factory=list)
    """Sentences to tell at the top of the page (a save that failed, a page that was out of date)."""


def render(template: str, frame: Frame, *, title: str, status_code: int = 200, **values: Any) -> Page:
    """The page `template` with `values`; `tr(key, **params)` is the catalog in the trainee's language."""
    language = frame.look.language

    def tr(key: str, **params: Any) -> str:
        return t(key, language, **params)

    html = TEMPLATES.get_template(template).render(
        lang=language,
        other_languages=[(code, language_link(code)) for code in LANGUAGES if code != language],
        tr=tr,
        title=title,
        app_name=t("tui.app_name", language),
        theme=frame.look.theme,
        trainee=frame.visit.trainee.name,
        names=frame.visit.names,
        form_token=frame.visit.form_token,
        nav=[(name, path, t(key, language), name == frame.section) for name, path, key in NAV],
        notices=frame.notices,
        **values,
    )
    return Page(html, status_code)
