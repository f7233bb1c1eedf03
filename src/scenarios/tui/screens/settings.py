"""Settings: language (the whole UI and the stories), practice or exam mode, own words first, theme, and the Learning
Record Store."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import RadioButton, RadioSet, Static

from scenarios.i18n.catalog import LANGUAGES, language_name
from scenarios.store import THEMES
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.header import Header
from scenarios.tui.widgets.keys_footer import KeysFooter
from scenarios.tui.widgets.lrs_settings import LrsSettings

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp

CHOICES: dict[str, tuple[str, ...]] = {
    "language": LANGUAGES,
    "mode": ("practice", "exam"),
    "own_words": ("off", "on"),
    "theme": THEMES,
}
LABELS = {"mode": "tui.mode.{}", "own_words": "tui.own_words.{}", "theme": "tui.theme.{}"}


class SettingsScreen(Screen[None]):
    """Four radio sets; each change applies at once and is kept for the next launch."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "close", id="close")]

    app: ScenariosApp

    def compose(self) -> ComposeResult:
        """One radio set per setting, the current value pressed."""
        app = self.app
        current = app.settings.model_dump()
        yield Header()
        with VerticalScroll(classes="page"):
            yield Static(Content(app.tr("tui.settings.title")), classes="heading")
            for name, values in CHOICES.items():
                with Vertical(classes="setting"):
                    yield Static(Content(app.tr(f"tui.settings.{name}")))
                    if name == "language" and app.language_from == "SCENARIOS_LANG":
                        note = app.tr("tui.settings.language_env")
                        yield Static(Content(note), id="language-env", classes="note")
                    with RadioSet(id=name):
                        for value in values:
                            yield RadioButton(self.label(name, value), value=current[name] == value, name=value)
            # The LRS is the whole server's (one outbox for every trainee): in a browser, the operator sets it.
            if not app.store.trainee.served:
                yield LrsSettings()
        yield KeysFooter(compact=True)

    def label(self, name: str, value: str) -> Content:
        """A value's words, with a mark beside the chosen one so it never shows by colour alone."""
        app = self.app
        mark = "✓ " if getattr(app.settings, name) == value else "  "
        words = language_name(value, app.language) if name == "language" else app.tr(LABELS[name].format(value))
        return Content(mark + words)

    def on_mount(self) -> None:
        """Words for the Footer; focus the first setting."""
        localize_bindings(self, self.app.language)
        self.cursor_on_current()
        self.query_one(RadioSet).focus()

    def cursor_on_current(self) -> None:
        """Start each set's cursor on the chosen value (Textual starts it on the first)."""
        for radio_set in self.query(RadioSet):
            radio_set._selected = radio_set.pressed_index

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language in the settings."""
        self.retranslate()

    def retranslate(self) -> None:
        """Redraw in the new language, keeping the focused setting."""
        focused = self.focused.id if self.focused is not None else None
        self.refresh(recompose=True)
        self.call_after_refresh(self.cursor_on_current)
        if focused:
            self.call_after_refresh(lambda: self.query_one(f"#{focused}").focus())

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        setting = event.radio_set.id
        value = event.pressed.name
        if setting is None or value is None or getattr(self.app.settings, setting) == value:
            return
        language = self.app.language
        self.app.apply_settings(self.app.settings.model_copy(update={setting: value}))
        if self.app.language == language:  # a new language has already redrawn every screen
            # Only the marks moved: the set's labels are updated in place, not the whole screen composed again.
            for button in event.radio_set.query(RadioButton):
                if button.name is not None:
                    button.label = self.label(setting, button.name)
