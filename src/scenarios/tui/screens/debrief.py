"""The debrief: the trainee's path beside the ideal, scores, ending, reflection; export to Markdown."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from scenarios.exports.debrief import debrief_markdown, exam_line, exam_passed
from scenarios.i18n.present import says_the_same
from scenarios.output import OutputError, write_output
from scenarios.store import exports_dir
from scenarios.story.lessons import verdict_line
from scenarios.tui.commands import Command
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.screens.feedback import verdict_text
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.header import Header
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.engine import Playthrough, Result
    from scenarios.story.model import Story
    from scenarios.tui.app import ScenariosApp


class Reviewed(Protocol):
    """What a debrief shows: a playthrough of a story, played in a mode."""

    @property
    def story(self) -> Story: ...
    @property
    def play(self) -> Playthrough: ...
    @property
    def mode(self) -> str: ...


@dataclass(frozen=True)
class PastPlaythrough:
    """A stored playthrough opened from the progress screen for its debrief."""

    story: Story
    play: Playthrough
    mode: str


def points_bar(got: int, ideal: int, width: int = 10) -> str:
    """A text bar of `got` against `ideal`, e.g. `███████░░░`; below zero a bar pointing left, e.g. `◀██`."""
    if ideal <= 0:
        return ""
    if got < 0:
        return "◀" + "█" * max(1, min(width - 1, round(width * -got / ideal)))
    filled = max(0, min(width, round(width * got / ideal)))
    return "█" * filled + "░" * (width - filled)


def score_line(label: str, got: int, ideal: int, of_what: str = "") -> str:
    """One score in the one format used everywhere: `Label   3 / 4  ████████░░  of your choices`."""
    return f"{label:<22} {got:>2} / {ideal:<2} {points_bar(got, ideal)}  {of_what}".rstrip()


class DebriefScreen(Screen[None]):
    """Everything to review after a playthrough."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "export", id="export"),
        Binding("r", "again", "again", id="again"),
        # Escape goes back where the debrief came from: Progress (a past playthrough), else the library.
        Binding("escape", "close", "close", id="close"),
        Binding("escape", "back", "back", id="back"),
        Binding("f3", "app.progress", "progress", id="progress", show=False),  # listed by `?`: 80 columns are few
    ]

    app: ScenariosApp

    def __init__(self, session: Reviewed) -> None:
        super().__init__()
        self.session = session
        self.debrief = session.play.debrief()

    def own_reply(self, decision: Result) -> list[str | tuple[str, str]]:
        """What the trainee wrote in their own words at the decision, with its marks as they left them."""
        if decision.own is None:
            return []
        from scenarios.trainer.own_words import kept_lines

        app, story = self.app, self.session.story
        parts: list[str | tuple[str, str]] = ["\n\n", (app.tr("plain.own.yours", text=decision.own.text), "")]
        for line in kept_lines(story, decision.own, decision.node):
            note = f" {app.tr('own.corrected')}" if line.corrected else ""
            parts.append(f"\n{line.sign} {app.story_text(story, line.label)}{note}")
        return parts

    def compose(self) -> ComposeResult:
        """Ending, path beside the ideal, scores, reflection."""
        app, story, debrief = self.app, self.session.story, self.debrief

        def text(value: object) -> str:
            return app.story_text(story, value)

        yield Header()
        with VerticalScroll(id="debrief"):
            yield Static(Content(f"{app.tr('plain.debrief')}: {text(story.title)}"), classes="title")
            if self.session.mode == "exam":
                passed = exam_passed(debrief)
                yield Static(Content(exam_line(debrief, app.language)), id="exam", classes="-passed" if passed else "")
            if debrief.outcome is not None:
                outcome = app.tr(f"outcome.{debrief.outcome.value}")
                yield Static(
                    Content(app.tr("plain.ending", outcome=outcome)), classes=f"outcome {debrief.outcome.value}"
                )
            if debrief.dead_end:
                yield Static(Content(app.tr("plain.dead_end")), classes="outcome")
            for line in debrief.ending_lines:
                yield Static(Content(text(line)), classes="ending-line")
            yield Static(Content(app.tr("tui.debrief.path")), classes="heading")
            for number, decision in enumerate(debrief.decisions, start=1):
                with Horizontal(classes="decision"):
                    yours = Content.assemble(
                        (f"{number}. {app.tr('tui.debrief.yours')}\n", "bold"),
                        text(decision.text),
                        "\n",
                        (verdict_text(app.tr, decision.solution_focused), "italic"),
                        *self.own_reply(decision),
                    )
                    yield Static(yours, classes="yours")
                    ideal_body = app.tr("plain.ideal_chosen") if decision.is_ideal else text(decision.ideal_text)
                    parts: list[str | tuple[str, str]] = [(f"{app.tr('tui.debrief.ideal')}\n", "bold"), ideal_body]
                    answer = text(decision.model_answer) if decision.model_answer is not None else ""
                    if answer and (decision.is_ideal or not says_the_same(answer, ideal_body)):
                        parts += ["\n", (app.tr("plain.model_answer", text=answer), "italic")]
                    ideal = Content.assemble(*parts)
                    yield Static(ideal, classes="ideal-column")
                if decision.feedback is not None:
                    yield Static(Content(text(decision.feedback)), classes="decision-feedback")
                lesson = verdict_line(story, decision.node, decision.option_id, app.language)
                if lesson:
                    yield Static(Content(lesson), classes="decision-lesson")
            yield Static(Content(app.tr("plain.scores")), classes="heading")
            with Vertical(id="scores"):
                sf = app.tr("dimension.solution_focus")
                got, total = debrief.solution_focused, debrief.total
                yield Static(Content(score_line(sf, got, total, app.tr("tui.debrief.of_choices"))))
                of_ideal = app.tr("tui.debrief.of_ideal")
                for score in debrief.scores:
                    label = app.tr(f"dimension.{score.dimension}")
                    yield Static(Content(score_line(label, score.got, score.ideal, of_ideal)))
            yield Static(Content(app.tr("plain.reflection")), classes="heading")
            for question in debrief.reflection:
                yield Static(Content(f"• {text(question)}"), classes="reflection")
        yield KeysFooter(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape closes a past playthrough's debrief (back to Progress) and leaves a finished one for the library."""
        past = isinstance(self.session, PastPlaythrough)
        if action == "close":
            return past
        if action == "back":
            return not past
        return True

    def action_close(self) -> None:
        """Back to Progress."""
        self.app.pop_screen()

    def action_back(self) -> None:
        """Back to the library."""
        self.app.action_library()

    def on_mount(self) -> None:
        """Words for the Footer; arrows and Page keys scroll the debrief."""
        localize_bindings(self, self.app.language)
        self.query_one("#debrief").focus()

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language in the settings."""
        self.retranslate()

    def retranslate(self) -> None:
        """Redraw in the new language."""
        self.refresh(recompose=True)

    def palette_commands(self) -> list[Command]:
        """Export and play again, in the command palette as well."""
        tr = self.app.tr
        return [
            (tr("tui.key.export"), tr("tui.command.export"), self.action_export),
            (tr("tui.key.again"), tr("tui.command.again"), self.action_again),
        ]

    def action_export(self) -> None:
        """Write the debrief to a Markdown file in the exports folder and say where; a trainee in a browser
        (`scenarios serve`) gets it as a download instead, and nothing is written on the server."""
        story = self.session.story
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self.app.clock()))
        markdown = debrief_markdown(
            story, self.debrief, self.app.language, self.session.mode, played_at=self.session.play.started_at
        )
        name = f"{story.id}-{stamp}.md"
        if self.app.store.trainee.served:
            self.app.deliver_text(
                io.StringIO(markdown), save_filename=name, mime_type="text/markdown", encoding="utf-8"
            )
            self.notify(self.app.tr("tui.debrief.downloaded", name=name), markup=False, timeout=6)
            return
        try:
            path = exports_dir() / name
            write_output(path, markdown, force=True, private=True)
        except OSError as error:
            self.notify(self.app.tr("tui.error.export", detail=str(error)), severity="error", markup=False)
            return
        except OutputError as error:
            self.notify(self.app.tr(error.key, **error.params), severity="error", markup=False)
            return
        self.exported = path
        # The folder and the file name on lines of their own, so the toast does not break a name.
        exported = self.app.tr("tui.debrief.exported", folder=str(path.parent), name=path.name)
        self.notify(exported, markup=False, timeout=6)

    def action_again(self) -> None:
        """Play the same story again."""
        story = self.session.story
        if self.app.story_watch is not None:
            story = self.app.story_watch.newest(story)
        self.app.pop_screen()
        self.app.start_story(story)
