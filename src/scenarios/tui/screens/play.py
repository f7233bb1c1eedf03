"""Playing a story: the transcript in the channel's own look, the mood, and the options."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from scenarios.engine import Beat, ChoiceError, Playthrough, Result, carry_over, to_json
from scenarios.model import Story
from scenarios.present import story_language
from scenarios.records.outbox import recording
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.channel_header import ChannelHeader, clock_text
from scenarios.tui.widgets.mood import MoodMeter
from scenarios.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp, Session

Event = tuple[str, Beat | Result]


def replay(play: Playthrough) -> list[Event]:
    """The beats and choices of a playthrough so far, rebuilt from its history (for resume)."""
    fresh = Playthrough(play.story, seed=play.seed, clock=play.clock, started_at=play.started_at, origin=play.origin)
    events: list[Event] = [("beat", fresh.beat())]
    for past in play.history:
        events.append(("choice", fresh.choose_option(past.option_id, at=past.at)))
        events.append(("beat", fresh.beat()))
    return events


class PlayScreen(Screen[None]):
    """One playthrough. Options by number keys, arrows and Enter, or the mouse."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # One Footer entry, "1–9", for the nine number keys.
        *(Binding(str(n), f"choose({n})", "choose", id="choose", show=n == 1, key_display="1–9") for n in range(1, 10)),
        Binding("escape", "app.library", "back", id="back"),
    ]

    app: ScenariosApp

    def __init__(self, session: Session, *, resumed: bool = False) -> None:
        super().__init__(classes=f"channel-{session.story.channel.value}")
        self.session = session
        self.events: list[Event] = replay(session.play) if resumed else [("beat", session.play.beat())]
        self.busy = False
        self.finished = False
        self.waiting_since = self.app_clock()
        self.last_mood: int | None = None

    def app_clock(self) -> float:
        """Now, by the playthrough's clock (fixed in tests)."""
        return self.session.play.clock()

    # --- building --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Channel header, transcript, typing indicator, mood, options."""
        app = self.app
        transcript = self.builder = self.transcript()
        yield Header()
        yield ChannelHeader(id="channel-header")
        with VerticalScroll(id="transcript"):
            for kind, item in self.events:
                widgets = transcript.beat(item) if kind == "beat" else transcript.choice(item)  # type: ignore[arg-type]
                yield from widgets
        typing = Static(Content(app.tr("tui.chat.typing", who=self.customer_name())), id="typing")
        typing.display = False  # shown only while the chat customer "types"
        yield typing
        yield MoodMeter(id="mood")
        errors = app.watch.errors if app.watch is not None else None
        panel = Static(Content(errors or ""), id="watch-errors")
        panel.display = errors is not None  # a watched story file that does not load: its errors
        yield panel
        yield Static(Content(app.tr(f"tui.play.prompt.{self.session.story.channel.value}")), id="prompt")
        yield OptionList(id="choices")
        yield Footer()

    def transcript(self) -> Transcript:
        """A transcript builder in the trainee's language."""
        story = self.session.story
        app = self.app
        return Transcript(story, story_language(story, app.language), app.tr, lambda text: app.story_text(story, text))

    def customer_name(self) -> str:
        """How the customer is named (cast name or the catalog's word)."""
        from scenarios.present import speaker_label

        story = self.session.story
        return speaker_label(story, "customer", story_language(story, self.app.language))

    def on_mount(self) -> None:
        """Show the options of the current beat and start the header's clock."""
        localize_bindings(self, self.app.language)
        self.show_choices()
        self.tick()
        self.set_interval(1.0, self.tick)
        self.query_one("#transcript").scroll_end(animate=False)

    def retranslate(self) -> None:
        """Redraw everything in the new language (or a reloaded story)."""
        self.refresh(recompose=True)
        self.call_after_refresh(self.show_choices)
        self.call_after_refresh(lambda: self.query_one("#transcript").scroll_end(animate=False))

    def tick(self) -> None:
        """Update the header: the call's length on the phone, the customer's wait in chat."""
        story, app = self.session.story, self.app
        channel = story.channel.value
        title = app.tr(f"channel.{channel}")
        if channel == "phone":
            detail = app.tr("tui.phone.elapsed", time=clock_text(self.app_clock() - self.session.play.started_at))
        elif channel == "chat":
            detail = app.tr(
                "tui.chat.waiting", who=self.customer_name(), time=clock_text(self.app_clock() - self.waiting_since)
            )
        else:
            detail = app.story_text(story, story.title)
        self.query_one(ChannelHeader).show(channel, title, detail)

    # --- the options -----------------------------------------------------------------
    def show_choices(self) -> None:
        """List the current beat's options, or the way to the debrief once the story is over."""
        play, app = self.session.play, self.app
        beat = play.beat()
        self.query_one(MoodMeter).show(beat.mood, self.last_mood, app.language, app.tr("tui.play.mood"))
        self.last_mood = beat.mood
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        prompt = "tui.play.over" if play.is_over else f"tui.play.prompt.{self.session.story.channel.value}"
        self.query_one("#prompt", Static).update(Content(app.tr(prompt)))
        if play.is_over:
            self.finish()
            if beat.dead_end:
                options.add_option(Option(Content(app.tr("plain.dead_end", node=beat.node)), disabled=True))
            options.add_option(Option(Content(app.tr("tui.play.to_debrief")), id="debrief"))
        else:
            for choice in beat.choices:
                prompt = Content.assemble(
                    (f"{choice.number}. ", "bold"),
                    (f"[{app.tr(f'kind.{choice.kind}')}] ", "dim"),
                    app.story_text(self.session.story, choice.text),
                )
                options.add_option(Option(prompt, id=f"c{choice.number}"))
        options.highlighted = len(options.options) - 1 if play.is_over else 0
        options.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == "debrief":
            self.open_debrief()
        elif option_id.startswith("c"):
            self.action_choose(int(option_id[1:]))

    def action_choose(self, number: int) -> None:
        """Choose option `number`: save, give feedback (practice), then go on."""
        play = self.session.play
        if self.busy or play.is_over:
            return
        try:
            result = play.choose(number)
        except ChoiceError:
            self.app.bell()
            return
        self.busy = True
        self.events.append(("choice", result))
        self.autosave()
        self.mount_entries(self.builder.choice(result))
        if self.session.mode == "practice":
            from scenarios.tui.screens.feedback import FeedbackScreen

            self.app.push_screen(FeedbackScreen(self.session.story, result), lambda _: self.advance())
        else:
            self.advance()

    def advance(self) -> None:
        """Show the next beat; in chat, the customer types first."""
        beat = self.session.play.beat()
        self.events.append(("beat", beat))
        delay = self.app.typing_delay
        if self.session.story.channel.value == "chat" and delay > 0 and beat.lines and not beat.returned:
            self.query_one("#typing").display = True
            self.query_one("#choices", OptionList).clear_options()
            self.set_timer(delay, lambda: self.reveal(beat))
        else:
            self.reveal(beat)

    def reveal(self, beat: Beat) -> None:
        """Put the beat's lines on screen and offer its options."""
        self.query_one("#typing").display = False
        self.mount_entries(self.builder.beat(beat))
        if any(line.speaker == "customer" for line in beat.lines):
            self.waiting_since = self.app_clock()
        self.busy = False
        self.show_choices()

    def mount_entries(self, widgets: list) -> None:  # type: ignore[type-arg]
        """Add entries to the transcript and keep the newest in view."""
        scroll = self.query_one("#transcript", VerticalScroll)
        if widgets:
            scroll.mount_all(widgets)
        self.call_after_refresh(scroll.scroll_end, animate=False)

    # --- a watched story file ----------------------------------------------------------
    def reload(self, story: Story) -> str:
        """Carry the playthrough over to a new version of its story and redraw; returns how (`carry_over`)."""
        from scenarios.tui.app import Session

        old, app = self.session, self.app
        carried = carry_over(old.play, story)
        record_id = old.record_id
        if story.id != old.story.id or (self.finished and not carried.play.is_over):
            # Another story now, or a finished one going on: the old record stays as it was.
            if story.id != old.story.id and not self.finished:
                app.store.abandon(record_id)
            title = app.story_text(story, story.title)
            record_id = app.store.start(story.id, title, app.language, old.mode, to_json(carried.play))
            self.finished = False
        self.session = Session(story, carried.play, record_id, old.mode)
        self.events = replay(carried.play)
        self.last_mood = None
        if not self.finished:
            self.autosave()  # the save now carries the new version's fingerprint
        self.remove_class(f"channel-{old.story.channel.value}")
        self.add_class(f"channel-{story.channel.value}")
        self.retranslate()
        return carried.how

    def show_watch_errors(self, errors: str | None) -> None:
        """Show a watched file's load errors (plain text) until the next good save, or hide them."""
        panel = self.query_one("#watch-errors", Static)
        panel.update(Content(errors or ""))
        panel.display = errors is not None

    # --- keeping it --------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Decisions made, solution-focused ones and ideal ones, so far."""
        history = self.session.play.history
        return {
            "decisions": len(history),
            "solution_focused": sum(1 for r in history if r.solution_focused),
            "ideal": sum(1 for r in history if r.is_ideal),
        }

    def autosave(self) -> None:
        """Store the engine's save after every choice (one small transaction)."""
        try:
            with recording(
                self.app.store, self.session.play, self.session.record_id, self.session.mode, self.app.language
            ):
                self.app.store.autosave(self.session.record_id, to_json(self.session.play), **self.counts())
        except Exception as error:  # a full disk must not end the session
            self.notify(self.app.tr("tui.error.save", detail=str(error)), severity="error", markup=False)

    def finish(self) -> None:
        """Record the finished playthrough once."""
        if self.finished:
            return
        self.finished = True
        beat = self.session.play.beat()
        outcome = beat.ending.value if beat.ending is not None else None
        try:
            with recording(
                self.app.store, self.session.play, self.session.record_id, self.session.mode, self.app.language
            ):
                self.app.store.finish(
                    self.session.record_id, to_json(self.session.play), outcome=outcome, **self.counts()
                )
        except Exception as error:
            self.notify(self.app.tr("tui.error.save", detail=str(error)), severity="error", markup=False)

    def open_debrief(self) -> None:
        """Replace this screen with the debrief."""
        from scenarios.tui.screens.debrief import DebriefScreen

        self.app.switch_screen(DebriefScreen(self.session))
