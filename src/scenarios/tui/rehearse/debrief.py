"""The team debrief: per decision the vote spread against the ideal; per story the ending."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from scenarios.i18n.present import story_language, text_in
from scenarios.rehearsal.export import bar
from scenarios.rehearsal.views import Reveal, team_debrief
from scenarios.tui.messages import ShowRun
from scenarios.tui.rehearse.base import RunScreen, binding, localize
from scenarios.tui.rehearse.export import export_buttons, export_pressed
from scenarios.tui.widgets.keys_footer import KeysFooter
from scenarios.visible import visible

SHORT = 24
"""The least of an option's text the debrief shows beside its bar (more on a wider screen, one line always)."""


class RehearseDebriefScreen(RunScreen):
    """What the team chose at each decision, beside the ideal; then on to the reflection questions."""

    BINDINGS: ClassVar[list[BindingType]] = [binding("ctrl+q", "app.quit", "quit", priority=True)]

    def compose(self) -> ComposeResult:
        """Summary lines, then each decision's spread with the ideal marked in words."""
        app, session = self.app, self.run.session
        debrief = team_debrief(session)
        with VerticalScroll(id="rehearse-stage"):
            yield Static(Content(app.tr("rehearsal.export.debrief")), classes="rehearse-title")
            yield Static(Content(app.tr("rehearsal.majority_ideal", count=debrief.majority_ideal,
                                        of=len(debrief.reveals))), classes="heading")  # fmt: skip
            yield Static(
                Content(app.tr("rehearsal.votes_sf", percent=round(100 * debrief.votes_solution_focused))),
                classes="heading",
            )
            yield Static(Content(app.tr("rehearsal.mark.ideal")), classes="hint")
            for outcome in debrief.stories:
                story = outcome.story
                lang = story_language(story, app.language)
                title = text_in(story.title, lang, story)
                ending = app.tr(f"outcome.{outcome.outcome.value}") if outcome.outcome else "—"
                yield Static(Content(f"{title} — {app.tr('rehearsal.ending', outcome=ending)}"), classes="heading")
                for reveal in (r for r in debrief.reveals if r.story is story):
                    yield Static(Content(self._decision_lines(reveal, lang)), classes="debrief-decision")
        with Vertical(id="rehearse-bottom"):
            with Horizontal(classes="buttons"):
                yield Button(app.tr("rehearsal.tui.to_reflection"), id="reflect", variant="primary", compact=True)
                yield from export_buttons(app)
            yield Static("", id="exported", markup=False)
        yield KeysFooter(show_command_palette=False)  # its room goes to the session's keys

    def _decision_lines(self, reveal: Reveal, lang: str) -> str:
        """A decision's spread (each option by its first line, the ideal starred), the option the team went on
        with, and the facilitator's note: short enough to scan from the back of the room."""
        app, story = self.app, reveal.story
        lines = [app.tr("rehearsal.export.decision", number=reveal.number)]
        for o in reveal.options:
            flat = " ".join(text_in(o.text, lang, story).split())  # an email's lines run on in one line
            short = max(SHORT, self.app.size.width - 30)  # what fits beside the bar on this screen
            first = flat if len(flat) <= short else flat[: short - 1].rstrip() + "…"
            star = "★" if o.is_ideal else " "
            lines.append(f" {star} {o.number}. {bar(round(100 * o.share), 10)} {o.votes:>3}  {first}")
        chosen = next((o for o in reveal.options if o.chosen), None)
        if chosen is not None:
            how = app.tr(f"rehearsal.how.{reveal.decision.continued_by}") if reveal.decision.continued_by else ""
            lines.append("   → " + app.tr("rehearsal.tui.went_on", number=chosen.number, how=how))
        if reveal.decision.note:
            lines.append(f"   {app.tr('rehearsal.export.note')}: {visible(reveal.decision.note)}")
        return "\n".join(lines)

    def on_mount(self) -> None:
        """Words, and the focus on going on."""
        localize(self, self.app.language)
        self.query_one("#reflect", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """To the questions, or an export."""
        if event.button.id == "reflect":
            self.run.session.start_reflection()
            self.post_message(ShowRun(self.run))
        else:
            export_pressed(self, event.button.id or "")
