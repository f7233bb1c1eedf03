"""The glossary: the material's core concepts (chapter 2), reachable from anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from scenarios.story.glossary import GlossaryError, load_glossary
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.header import Header
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def glossary_entries(language: str) -> list[tuple[str, str, list[str]]]:
    """(term, definition, examples) in `language`; none when the glossary cannot be read."""
    try:
        glossary = load_glossary()
    except GlossaryError:
        return []
    fallbacks = glossary.languages
    return [
        (
            term.term.get_text(language, fallbacks),
            term.definition.get_text(language, fallbacks),
            [example.get_text(language, fallbacks) for example in term.examples],
        )
        for term in glossary.terms
    ]


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
            for term, definition, examples in entries:
                parts: list[str | tuple[str, str]] = [(term, "bold"), "\n", definition]
                parts += [f"\n  • {example}" for example in examples]
                yield Static(Content.assemble(*parts), classes="term")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        """Words for the Footer."""
        localize_bindings(self, self.app.language)

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language in the settings."""
        self.retranslate()

    def retranslate(self) -> None:
        """Redraw in the new language."""
        self.refresh(recompose=True)
