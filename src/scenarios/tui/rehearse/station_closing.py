"""The close of the station exercise, filled in together on the shared screen: what every channel asks of the
worker (figure 7's cross-channel row) and the team's answers to chapter 6's six questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static, TextArea

from scenarios.rehearsal.stations import QUESTIONS, SKILL_KINDS, StationError, StationSession
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.rehearse.base import binding, field_keys, localize
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp

FLUSH_SECONDS = 1.0


class StationClosingScreen(Screen[None]):
    """Figure 7's row of what every channel asks (mindset, skillset, toolset), then the six questions, one field
    each. What is typed is kept in the session within a second, when a field is left, and on going back."""

    CSS_PATH = "stations.tcss"
    AUTO_FOCUS = "#common-mindset"
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "back", "back"),
        *field_keys(),
        binding("ctrl+q", "app.quit", "quit", priority=True),
    ]

    app: ScenariosApp

    def __init__(self, session: StationSession) -> None:
        super().__init__()
        self.session = session
        self.told: set[str] = set()
        """The fields whose text the session refused (too long), said once each."""

    def tr(self, key: str, **params: object) -> str:
        """A catalog string in the app's language."""
        return self.app.tr(key, **params)

    def compose(self) -> ComposeResult:
        """The heading and what to do, the cross-channel row, the questions."""
        common = self.session.common_skills()
        with VerticalScroll(id="closing-stage"):
            yield Static(Content(self.tr("stations.closing.heading")), id="closing-heading", classes="rehearse-title")
            yield Static(Content(self.tr("stations.closing.common_hint")), id="closing-common-hint", classes="hint")
            for kind in SKILL_KINDS:
                yield Label(Content(self.tr(f"stations.kind.{kind}")), id=f"label-common-{kind}")
                yield TextArea(common[kind], id=f"common-{kind}", classes="closing-text")
            yield Static(
                Content(self.tr("stations.export.questions")), id="closing-questions", classes="rehearse-title"
            )
            for index, question in enumerate(QUESTIONS):
                text = question.get_text(self.app.language, ("fi", "en"))
                yield Label(Content(f"{index + 1}. {text}"), id=f"label-answer-{index}")
                yield TextArea(self.session.answers.get(index, ""), id=f"answer-{index}", classes="closing-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Footer words; typing kept every second."""
        localize(self, self.app.language)
        self.set_interval(FLUSH_SECONDS, self.flush)

    def on_descendant_blur(self) -> None:
        """A field left: keep what was typed now."""
        self.flush()

    def flush(self) -> None:
        """Put what was typed into the session (which saves it)."""
        for area in self.query(".closing-text").results(TextArea):
            where, _, what = (area.id or "").partition("-")
            try:
                if where == "common":
                    self.session.fill_common(what, area.text)
                else:
                    self.session.answer(int(what), area.text)
            except StationError as error:  # too long: kept on screen, said once until it fits
                if area.id not in self.told:
                    self.told.add(area.id or "")
                    self.notify(self.tr(f"stations.error.{error.code}", **error.params), severity="error", markup=False)
            else:
                self.told.discard(area.id or "")

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The language changed in the settings: the words in the new language, the texts as typed."""
        localize(self, message.language)
        self.query_one("#closing-heading", Static).update(Content(self.tr("stations.closing.heading")))
        self.query_one("#closing-common-hint", Static).update(Content(self.tr("stations.closing.common_hint")))
        self.query_one("#closing-questions", Static).update(Content(self.tr("stations.export.questions")))
        for kind in SKILL_KINDS:
            self.query_one(f"#label-common-{kind}", Label).update(Content(self.tr(f"stations.kind.{kind}")))
        for index, question in enumerate(QUESTIONS):
            text = question.get_text(message.language, ("fi", "en"))
            self.query_one(f"#label-answer-{index}", Label).update(Content(f"{index + 1}. {text}"))

    def action_back(self) -> None:
        """Keep the typing and go back to the rotation."""
        self.flush()
        self.dismiss()
