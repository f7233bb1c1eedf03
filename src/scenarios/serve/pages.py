"""The server's own pages (Jinja2 templates in `templates/`, every value escaped): the trainer around its
terminal, the form where a trainee gives a name, and what a refused browser is told, in its language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scenarios.exports.html import html_templates
from scenarios.i18n.catalog import page_language, t
from scenarios.store.trainee import NAME_MAX

__all__ = ["forbidden_page", "message_page", "name_page", "page_language", "render", "trainer_page"]

_TEMPLATES = html_templates(Path(__file__).parent / "templates")


def render(template: str, language: str, **values: Any) -> str:
    """The page `template` with `values`; `tr(key, **params)` in the template is the catalog in `language`."""

    def tr(key: str, **params: Any) -> str:
        return t(key, language, **params)

    return _TEMPLATES.get_template(template).render(lang=language, tr=tr, **values)


def trainer_page(language: str, *, title: str, websocket_url: str, alive_seconds: int) -> str:
    """The trainer: textual-serve's terminal, which opens `websocket_url`, and our script that closes it when
    the page is left (every asset from this server)."""
    return render("trainer.html.j2", language, title=title, websocket_url=websocket_url, alive_seconds=alive_seconds)


def name_page(
    language: str,
    *,
    form_token: str,
    current: str | None = None,
    error: bool = False,
    expired: bool = False,
    given: str = "",
) -> str:
    """The form where a trainee gives their name or id, with this browser's `form_token` (`current`: the name this
    browser remembers; `error`: the name given could not be one; `expired`: the form came without its token)."""
    title = t("serve.name.title", language)
    return render(
        "name.html.j2",
        language,
        title=title,
        current=current,
        error=error,
        expired=expired,
        given=given,
        name_max=NAME_MAX,
        form_token=form_token,
    )


def message_page(language: str, key: str, *, again: bool = False, **params: Any) -> str:
    """A page that only tells something: the title `serve.<key>.title` and the sentence `serve.<key>`
    (`again`: with a link to try the trainer again)."""
    title = t(f"serve.{key}.title", language)
    return render("message.html.j2", language, title=title, message=t(f"serve.{key}", language, **params), again=again)


def forbidden_page(language: str) -> str:
    """What a browser without the token (or with a cookie this server did not sign) is shown."""
    return message_page(language, "forbidden")
