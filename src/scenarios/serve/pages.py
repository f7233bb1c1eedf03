"""The server's own pages: the trainer around its terminal, the trainee gives a name, and the refusal without the
token (HTML, escaped)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from scenarios.exports.html import html_templates
from scenarios.i18n.catalog import LANGUAGES, resolve_language, t
from scenarios.store.trainee import NAME_MAX

_TEMPLATES = html_templates(Path(__file__).parent / "templates")

_STYLE = """
body { background: #0c181f; color: #f0f0f0; font: 18px/1.5 system-ui, sans-serif; margin: 0; }
main { max-width: 34rem; margin: 12vh auto; padding: 2rem; background: #12232d; border-radius: 6px; }
h1 { font-size: 1.5rem; margin-top: 0; }
label { display: block; margin-bottom: .4rem; }
input { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; }
button { font: inherit; margin-top: 1rem; padding: .5rem 1.5rem; background: #5e0ba7; color: #fff; border: 0; }
.hint { color: #b8c4cc; font-size: .9rem; }
.error { color: #ff9d9d; }
"""


def page_language(accept_language: str | None, default: str | None = None) -> str:
    """The first of our languages the browser asks for (`Accept-Language`), else `default` resolved as usual."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in LANGUAGES:
            return code
    return resolve_language(default)


def _page(title: str, body: str, language: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def name_page(language: str, *, current: str | None = None, error: bool = False, given: str = "") -> str:
    """The form where a trainee gives their name or id (`current`: the name this browser remembers)."""
    title = t("serve.name.title", language)
    parts = [f"<h1>{escape(title)}</h1>"]
    if current is not None:
        parts.append(f"<p>{escape(t('serve.name.current', language, name=current))}</p>")
    parts.append(f'<p class="hint">{escape(t("serve.name.hint", language))}</p>')
    if error:
        parts.append(f'<p class="error" id="error">{escape(t("serve.name.invalid", language, max=NAME_MAX))}</p>')
    parts.append(
        '<form method="post" action="/trainee">'
        f'<label for="name">{escape(t("serve.name.label", language))}</label>'
        f'<input id="name" name="name" maxlength="{NAME_MAX}" autocomplete="name" autofocus required '
        f'value="{escape(given)}">'
        f'<button type="submit" id="go">{escape(t("serve.name.submit", language))}</button>'
        "</form>"
    )
    return _page(title, "".join(parts), language)


def forbidden_page(language: str) -> str:
    """What a browser without the token (or with a cookie this server did not sign) is shown."""
    title = t("serve.forbidden.title", language)
    return _page(title, f"<h1>{escape(title)}</h1><p>{escape(t('serve.forbidden', language))}</p>", language)


def trainer_page(language: str, *, title: str, websocket_url: str, alive_seconds: int) -> str:
    """The trainer: textual-serve's terminal, which opens `websocket_url`, and our script that closes it when
    the page is left (`templates/trainer.html.j2`; every asset from this server)."""
    return _TEMPLATES.get_template("trainer.html.j2").render(
        lang=language,
        tr=lambda key: t(key, language),
        title=title,
        websocket_url=websocket_url,
        alive_seconds=alive_seconds,
    )
