"""The team debrief: per decision the vote spread against the ideal; per story the ending."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from scenarios.i18n.present import story_language, text_in
from scenarios.rehearsal import Phase
from scenarios.rehearsal.export import percent_bar
from scenarios.rehearsal.views import Reveal, team_debrief
from scenarios.tui.messages import ShowRun
from scenarios.tui.rehearse.base import RunScreen, binding, localize
from scenarios.tui.rehearse.export import export_buttons, export_pressed
from scenarios.tui.widgets.keys_footer import KeysFooter
from scenarios.visible import visible

SHORT = 24
"""The least width of an option's text beside its bar (wider on a wider screen; a long option wraps)."""


class RehearseDebriefScreen(RunScreen):
    """What the team chose at each decision, beside the ideal; then on to the reflection questions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("f7", "reflect", "next"),  # the next step, as everywhere in the session
        binding("ctrl+q", "app.quit", "quit", priority=True),
    ]

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
        """A decision's spread (each option whole, wrapped beside its bar, the ideal starred), the option the team
        went on with, and the facilitator's note."""
        app, story = self.app, reveal.story
        lines = [app.tr("rehearsal.export.decision", number=reveal.number)]
        # The screen less the stage's padding (1 each side), its scroll bar (2) and the decision's indent (2).
        width = max(SHORT + 24, self.app.size.width - 6)
        for o in reveal.options:
            flat = " ".join(text_in(o.text, lang, story).split())  # an email's lines run on in one line
            star = "★" if o.is_ideal else " "
            head = f" {star} {o.number}. {percent_bar(round(100 * o.share), 10)} {o.votes:>3}  "
            # The whole option, wrapped beside its bar: cut short, the difference between two options was lost.
            lines += textwrap.wrap(flat, width, initial_indent=head, subsequent_indent=" " * len(head)) or [head]
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

    def action_reflect(self) -> None:
        """On to the reflection questions (once: a key pressed twice while the next screen comes up does nothing)."""
        if self.run.session.phase != Phase.DEBRIEF:
            return
        self.run.session.start_reflection()
        self.post_message(ShowRun(self.run))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """To the questions, or an export."""
        if event.button.id == "reflect":
            self.action_reflect()
        else:
            export_pressed(self, event.button.id or "")
