"""The glossary: the material's core concepts (chapter 2), reachable from anywhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from scenarios.text import Text
from scenarios.tui.text import localize_bindings

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def glossary_entries(language: str) -> list[tuple[str, str]]:
    """(term, explanation) pairs from `scenarios.glossary`, or none while it is not available."""
    try:
        from scenarios.glossary import load_glossary  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return []
    try:
        loaded: Any = load_glossary()
    except Exception:
        return []
    items: Iterable[Any] = loaded.values() if isinstance(loaded, dict) else loaded
    if isinstance(loaded, dict) and not all(hasattr(v, "__dict__") or isinstance(v, dict) for v in loaded.values()):
        items = [{"term": k, "definition": v} for k, v in loaded.items()]
    return [pair for pair in (_pair(item, language) for item in items) if pair is not None]


def _pair(item: Any, language: str) -> tuple[str, str] | None:
    def field(*names: str) -> Any:
        for name in names:
            value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
            if value is not None:
                return value
        return None

    term = field("term", "name", "title")
    body = field("definition", "explanation", "text", "description", "body")
    if term is None:
        return None
    return _text(term, language), _text(body, language) if body is not None else ""


def _text(value: Any, language: str) -> str:
    if isinstance(value, Text):
        return value.get_text(language, ("fi", "en"))
    if isinstance(value, dict):
        return str(value.get(language) or next(iter(value.values()), ""))
    return str(value)


class GlossaryScreen(Screen[None]):
    """Each core concept and what it means; Escape goes back to where you were."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "close", id="close")]

    app: ScenariosApp

    def compose(self) -> ComposeResult:
        """The terms, or a note that the glossary is not available yet."""
        app = self.app
        entries = glossary_entries(app.language)
        yield Header()
        with VerticalScroll(classes="page", id="glossary"):
            yield Static(Content(app.tr("tui.glossary.title")), classes="heading")
            if not entries:
                yield Static(Content(app.tr("tui.glossary.missing")), id="glossary-missing")
            for term, body in entries:
                yield Static(Content.assemble((term, "bold"), "\n", body), classes="term")
        yield Footer()

    def on_mount(self) -> None:
        """Words for the Footer."""
        localize_bindings(self, self.app.language)

    def retranslate(self) -> None:
        """Redraw in the new language."""
        self.refresh(recompose=True)
