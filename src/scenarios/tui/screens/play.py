"""Playing a story: the transcript in the channel's own look, the mood, and the options."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from scenarios.engine import Beat, ChoiceError, OwnReply, Playthrough, Result
from scenarios.i18n.present import (
    LESSON_FALLBACKS,
    choice_prompt,
    clock_text,
    customer_label,
    lesson_name,
    speaker_label,
    story_language,
)
from scenarios.story.lessons import verdict_lessons, verdict_line
from scenarios.story.model import Story
from scenarios.trainer.session import TakenOverError
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.screens.feedback import FeedbackPanel
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.header import Header
from scenarios.tui.widgets.keys_footer import KeysFooter
from scenarios.tui.widgets.more import follow_scrolling, more_text
from scenarios.tui.widgets.own_words import OwnWordsPanel
from scenarios.tui.widgets.side_panel import SidePanel
from scenarios.tui.widgets.status_line import StatusLine, mood_scale, mood_text
from scenarios.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from scenarios.rubric.match import Checklist
    from scenarios.trainer.session import PlaySession
    from scenarios.tui.app import ScenariosApp

Event = tuple[str, Beat | Result]


def replay(play: Playthrough) -> list[Event]:
    """The beats and choices of a playthrough so far, rebuilt from its history (for resume)."""
    fresh = Playthrough(play.story, seed=play.seed, clock=play.clock, started_at=play.started_at, origin=play.origin)
    events: list[Event] = [("beat", fresh.beat())]
    for past in play.history:
        events.append(("choice", fresh.choose_option(past.option_id, at=past.at)))
        events.append(("beat", fresh.beat()))
    return events


def waiting_since(session: PlaySession, events: list[Event]) -> float:
    """When the customer last said something (the start of the chat's wait), on the session's clock."""
    since = last = session.play.started_at
    for kind, item in events:
        if kind == "choice":
            last = session.lived(item.at)  # type: ignore[union-attr]
        elif any(line.speaker == "customer" for line in item.lines) and not item.returned:  # type: ignore[union-attr]
            since = last
    return since


class Column(Vertical):
    """A column that tells the screen when its size changed (the conversation is fitted to what is left)."""

    class Resized(Message):
        """The column's size changed."""

    def on_resize(self) -> None:
        """Tell the screen."""
        self.post_message(self.Resized())


class PlayScreen(Screen[None]):
    """One playthrough. Options by number keys, arrows and Enter, or the mouse.

    The conversation reads from the top, the options right under its last message; new lines are shown
    from their start (an email from its header), and the line above the options says when there is more
    to read (PgUp, PgDn). From `SidePanel.WIDE` columns the conversation keeps a readable width and a side
    panel beside it has the customer, the situation, the mood and the feedback.

    The screen is composed once; a new language or a reloaded story updates its widgets in place
    (the transcript is rebuilt inside its scroll), so the one-second clock never meets a half-built screen.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # One Footer entry, "1–9", for the nine number keys.
        *(Binding(str(n), f"choose({n})", "choose", id="choose", show=n == 1, key_display="1–9") for n in range(1, 10)),
        Binding("enter", "debrief", "debrief", id="debrief"),  # shown once the story is over
        Binding("escape", "app.library", "back", id="back"),
        Binding("f2", "app.glossary", "glossary", id="glossary"),
        Binding("question_mark", "app.keys", "keys", id="keys"),
        # Priority: the options list would page itself; these page the conversation (or the feedback).
        Binding("pageup", "page(-1)", "scroll", id="scroll", show=False, priority=True),
        Binding("pagedown", "page(1)", "scroll", id="scroll", show=False, priority=True),
    ]

    app: ScenariosApp

    def __init__(self, session: PlaySession, *, resumed: bool = False) -> None:
        super().__init__(classes=f"channel-{session.story.channel.value}")
        self.session = session
        self.events: list[Event] = replay(session.play) if resumed else [("beat", session.play.beat())]
        self.busy = False
        self.rebuilding = False
        self.finished = False
        self.feedback: Result | None = None
        self.waiting_since = waiting_since(session, self.events)
        self.last_mood: int | None = None
        self.mood_now: int | None = None
        # Own words first: where the trainee is with their reply at this decision (None: not writing one).
        self.own_state: str | None = None
        """"writing", "checking" (the matcher runs in a thread), "checklist", or None."""
        self.own_asked: tuple[str, int] | None = None
        """The decision (node, number) whose own reply was asked for, so a redraw does not ask again."""
        self.own_text = ""
        self.own_checklist: Checklist | None = None
        self.own_corrected: set[str] = set()
        self.own_reply: OwnReply | None = None
        """The reply written and checked, kept with the choice the trainee makes next."""
        self.new_from: int = max(i for i, (kind, _) in enumerate(self.events) if kind == "beat")
        """The first event not yet brought into view: the transcript shows new lines from their start."""
        self.room = 0
        """The rows the conversation may take (what the prompt and the options leave)."""
        self.lesson_beside = False
        """The feedback on show has its lesson in the side panel (a wide screen), not in the feedback itself."""

    # --- building --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Status line; the conversation, typing indicator, prompt and options; the side panel with the feedback."""
        yield Header()
        self.status = StatusLine(id="status")
        yield self.status
        with Horizontal(id="play-body"):
            with Column(id="main"):
                with VerticalScroll(id="transcript"):
                    yield from self.transcript_widgets()
                with Column(id="below"):
                    typing = Static(id="typing", markup=False)
                    typing.display = False  # shown only while the chat customer "types"
                    yield typing
                    errors = self.app.story_watch.errors if self.app.story_watch is not None else None
                    panel = Static(Content(errors or ""), id="watch-errors")
                    panel.border_title = self.app.tr("tui.watch.errors")
                    panel.display = errors is not None  # a watched story file that does not load: its errors
                    yield panel
                    # A watched file reloaded: said here, not over the options.
                    note = Static(id="watch-note", markup=False)
                    note.display = False
                    yield note
                    with Horizontal(id="prompt-row"):
                        yield Static(id="prompt", markup=False)
                        yield Static(id="more", markup=False)
                    yield OptionList(id="choices")
                    own = OwnWordsPanel(id="own-words")
                    own.display = False
                    yield own
            yield SidePanel(id="side")
        yield KeysFooter(compact=True)

    def transcript(self) -> Transcript:
        """A transcript builder in the trainee's language."""
        story = self.session.story
        app = self.app
        # The app's words in the trainee's language even when the story lacks it (its texts fall back).
        return Transcript(story, app.language, app.tr, lambda text: app.story_text(story, text))

    def transcript_widgets(self) -> list[Widget]:
        """The whole transcript so far, from a fresh builder."""
        self.builder = self.transcript()
        widgets: list[Widget] = []
        for index, (kind, item) in enumerate(self.events):
            new = self.builder.beat(item) if kind == "beat" else self.builder.choice(item)  # type: ignore[arg-type]
            if index == self.new_from and new:
                new[0].add_class("-new")  # where the trainee starts reading
            widgets += new
        return widgets

    def customer_name(self) -> str:
        """How the customer is named (cast name or the catalog's word)."""
        story = self.session.story
        return speaker_label(story, "customer", self.app.language)

    def on_mount(self) -> None:
        """Words, the options of the current beat, and the status line's clock."""
        transcript = self.query_one("#transcript", VerticalScroll)
        follow_scrolling(self, transcript, self.show_more)
        follow_scrolling(self, self.query_one("#choices", OptionList), self.show_more)
        self.show_words()
        if self.own_words_on():
            from scenarios.trainer.own_words import has_own_words, warm_up

            if has_own_words(self.session.story):
                warm_up([self.rubric_language()])  # the word lists open while the trainee reads
        self.finish_if_over()
        self.show_choices()
        self.set_interval(1.0, self.tick)
        self.call_after_refresh(self.bring_new_into_view)

    def on_resize(self, event: events.Resize) -> None:
        """A chat bubble keeps a readable width (70 columns) from 100 columns on; the side panel from 120."""
        self.set_class(event.size.width >= 100, "-wide")
        self.set_class(event.size.width >= SidePanel.WIDE, "-side")
        self.query_one("#choices").styles.max_height = max(6, event.size.height * 60 // 100)
        self.query_one(FeedbackPanel).body.styles.max_height = max(4, event.size.height * 45 // 100)
        self.show_side()
        if self.feedback is not None and self.lesson_beside != self.side_shown:
            self.show_feedback(self.feedback)  # the lesson moves into the feedback, or out of it to its place
        self.tick()

    @property
    def side_shown(self) -> bool:
        """True when the side panel is beside the conversation (a wide screen)."""
        return self.has_class("-side")

    def show_words(self) -> None:
        """Every text on the screen that is not the transcript, in the trainee's language."""
        app, story = self.app, self.session.story
        localize_bindings(self, app.language)
        self.title = app.tr("tui.app_name")  # short, so the story's title fits beside it at 80 columns
        self.sub_title = app.story_text(story, story.title)
        self.query_one("#typing", Static).update(Content(app.tr("tui.chat.typing", who=self.customer_name())))
        self.status.mode = app.tr(f"tui.status.mode.{self.session.mode}")
        self.tick()
        self.show_side()

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language in the settings."""
        self.retranslate()

    def retranslate(self) -> None:
        """Show everything in the new language (or a reloaded story), updating the widgets in place."""
        self.rebuilding = True  # from now until the transcript is drawn again: no choice meanwhile
        self.show_words()
        if self.feedback is not None:
            self.show_feedback(self.feedback)
        elif not self.busy:
            self.show_choices()
        self.call_later(self.rebuild_transcript)

    async def rebuild_transcript(self) -> None:
        """Draw the transcript again from the events (new words, or a reloaded story)."""
        self.rebuilding = True
        try:
            scroll = self.query_one("#transcript", VerticalScroll)
            widgets = self.transcript_widgets()
            await scroll.remove_children()
            await scroll.mount_all(widgets)
            self.call_after_refresh(self.bring_new_into_view)
        finally:
            self.rebuilding = False

    def tick(self) -> None:
        """Update the status line: decision number and the channel's clock (call length, chat wait)."""
        play, app = self.session.play, self.app
        channel = self.session.story.channel.value
        icon = StatusLine.ICONS.get(channel, "")
        history = play.history
        if play.is_over:
            self.status.decision = app.tr("tui.status.over")
            # The call ended with the last choice.
            now = self.session.lived(history[-1].at) if history else play.started_at
        else:
            # While the feedback is open it is still about the decision just made (the same one after an action).
            number = play.decision_number
            if self.feedback is not None and not play.beat().returned:
                number -= 1
            self.status.decision = app.tr("tui.status.decision", number=number)
            now = self.session.now()
        if channel == "phone":
            key = "tui.phone.ended" if play.is_over else "tui.phone.elapsed"
            time = clock_text(now - play.started_at)
            self.status.clock = f"{icon} {app.tr(key, time=time)}"
            self.status.clock_short = f"{icon} {time}"
        elif channel == "chat" and not play.is_over:
            wait = clock_text(now - self.waiting_since)
            self.status.clock = f"{icon} {app.tr('tui.chat.waiting', who=self.customer_name(), time=wait)}"
            self.status.clock_short = f"{icon} {app.tr('tui.chat.waiting_short', time=wait)}"
        else:
            self.status.clock = f"{icon} {app.tr(f'channel.{channel}')}"
            self.status.clock_short = icon
        if self.mood_now is None or self.side_shown:  # beside the conversation, the side panel has the mood
            self.status.mood = self.status.mood_short = self.status.scale = ""
        else:
            self.status.mood = self.mood_words(app.tr("tui.play.mood"))
            self.status.mood_short = self.mood_words("")
            self.status.scale = mood_scale(self.mood_now)
            self.status.mood_sign = self.mood_now

    def mood_words(self, label: str) -> str:
        """The customer's mood in words, with an arrow for its last move in practice (in an exam the arrow
        would tell the verdict of the choice just made)."""
        assert self.mood_now is not None
        previous = self.last_mood if self.session.mode == "practice" else None
        return mood_text(self.mood_now, previous, self.app.language, label, self.session.play.story)

    def show_side(self) -> None:
        """Fill the side panel: who the customer is, the situation, the mood (when the panel is shown)."""
        if not self.side_shown:
            return
        app, story = self.app, self.session.story
        kind = customer_label(story, app.language)
        named = "customer" in story.cast  # else the speaker's name is only the word "Customer"
        who = f"{speaker_label(story, 'customer', app.language)}, {kind}" if named else kind

        def titled(title: str, *body: str | tuple[str, str]) -> Content:
            return Content.assemble((f"{title}\n", "bold"), *body)

        customer = titled(app.tr("tui.card.customer"), who)
        situation = titled(app.tr("tui.side.situation"), app.story_text(story, story.summary))
        mood = Content("")
        if self.mood_now is not None:
            style = "$text-error" if self.mood_now < 0 else "$text-success" if self.mood_now > 0 else ""
            mood = titled(app.tr("tui.play.mood"), (self.mood_words(""), style), f"\n{mood_scale(self.mood_now)}")
        self.query_one(SidePanel).show(customer=customer, situation=situation, mood=mood)

    # --- the options -----------------------------------------------------------------
    def show_choices(self) -> None:
        """List the current beat's options, or the way to the debrief once the story is over."""
        play, app = self.session.play, self.app
        beat = play.beat()
        # The mood stays in view when the customer says nothing at a beat: it is still the customer's mood.
        mood = beat.mood if beat.mood is not None else play.state.get("mood")
        mood = None if isinstance(mood, bool) else mood
        if mood != self.mood_now:
            self.last_mood, self.mood_now = self.mood_now, mood
            self.show_side()
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        if play.is_over:
            prompt = app.tr("tui.play.over")
        else:
            prompt = f"{choice_prompt(self.session.story, beat, app.language)} {app.tr('tui.play.how_to_choose')}"
        self.query_one("#prompt", Static).update(Content(prompt))
        if play.is_over:
            if beat.dead_end:
                options.add_option(Option(Content(app.tr("plain.dead_end")), disabled=True))
            options.add_option(Option(Content(app.tr("tui.play.to_debrief")), id="debrief"))
        else:
            for choice in beat.choices:
                label = Content.assemble(
                    (f"{choice.number}. ", "bold"),
                    (f"[{app.tr(f'kind.{choice.kind}')}] ", "dim"),
                    app.story_text(self.session.story, choice.text),
                )
                options.add_option(Option(label, id=f"c{choice.number}"))
        options.highlighted = len(options.options) - 1 if play.is_over else 0
        self.tick()
        self.refresh_bindings()
        if play.is_over:
            self.set_focus(None)  # Enter is the screen's "to the debrief", and the keys line says so
        elif self.own_state is not None:
            self.own_panel_words()
        elif self.wants_own_words(beat):
            self.begin_own_words(beat)
        elif self.feedback is None:
            options.focus()

    # --- own words first ---------------------------------------------------------------
    def own_words_on(self) -> bool:
        """The trainee writes their own reply first (the setting, in practice mode)."""
        return self.app.settings.own_words == "on" and self.session.mode == "practice"

    def rubric_language(self) -> str:
        """The language the trainee writes in: the app's, or the story's nearest when it lacks it."""
        return story_language(self.session.story, self.app.language)

    def wants_own_words(self, beat: Beat) -> bool:
        """Whether to ask for the trainee's own reply before the options of `beat` (once per decision)."""
        from scenarios.trainer.own_words import asks_own_words

        play = self.session.play
        return (
            self.own_words_on()
            and not play.is_over
            and not beat.returned
            and self.feedback is None
            and asks_own_words(self.session.story, beat.node)
            and self.own_asked != (beat.node, play.decision_number)
        )

    def reply_is_email(self, node: str) -> bool:
        """Whether the reply at `node` is written as an email (so Enter starts a new line)."""
        medium = self.session.story.nodes[node].medium
        return (medium.value if medium is not None else self.session.story.channel.value) == "email"

    def begin_own_words(self, beat: Beat) -> None:
        """Hide the options and open the editor for the trainee's own reply."""
        self.own_asked = (beat.node, self.session.play.decision_number)
        self.own_state = "writing"
        self.own_text, self.own_checklist, self.own_corrected, self.own_reply = "", None, set(), None
        self.query_one("#prompt-row").display = False
        self.query_one("#choices").display = False
        self.query_one(OwnWordsPanel).begin(self.app.tr, multiline=self.reply_is_email(beat.node))
        self.refresh_bindings()

    def own_panel_words(self) -> None:
        """A redraw while the trainee writes: the options stay hidden, the panel's words follow the language."""
        self.query_one("#prompt-row").display = False
        self.query_one("#choices").display = False
        panel = self.query_one(OwnWordsPanel)
        panel.set_words(self.app.tr, multiline=self.reply_is_email(self.session.play.node))
        if self.own_state == "checklist":
            self.show_own_checklist()

    @on(OwnWordsPanel.Sent)
    def _own_sent(self, event: OwnWordsPanel.Sent) -> None:
        if self.own_state != "writing":
            return
        self.own_state = "checking"
        self.own_text = event.text
        self.query_one(OwnWordsPanel).checking(self.app.tr)
        story, node, language = self.session.story, self.session.play.node, self.rubric_language()

        def check() -> None:
            from scenarios.trainer.own_words import SHARED

            checklist = SHARED.check(story, node, language, event.text)
            self.app.call_from_thread(self.own_checked, node, checklist)

        self.run_worker(check, thread=True, exclusive=True, group="own-words")

    def own_checked(self, node: str, checklist: Checklist) -> None:
        """The matcher's checklist of the reply: shown, for the trainee to read and correct."""
        if self.own_state != "checking" or node != self.session.play.node:
            return
        self.own_state = "checklist"
        self.own_checklist = checklist
        self.show_own_checklist()

    def show_own_checklist(self, keep: int = 0) -> None:
        """The checklist as it stands with the trainee's corrections."""
        from scenarios.trainer.own_words import checklist_lines

        rubric = self.session.story.nodes[self.session.play.node].rubric
        if rubric is None or self.own_checklist is None:
            return
        story = self.session.story
        lines = checklist_lines(rubric, self.own_checklist, self.own_corrected)
        self.query_one(OwnWordsPanel).show_checklist(
            lines, self.app.tr, lambda text: self.app.story_text(story, text), keep=keep
        )

    @on(OwnWordsPanel.Turned)
    def _own_turned(self, event: OwnWordsPanel.Turned) -> None:
        """The trainee disagrees with a mark: it is turned over (and counted as corrected)."""
        from scenarios.trainer.own_words import checklist_lines

        if self.own_state != "checklist" or self.own_checklist is None:
            return
        self.own_corrected ^= {event.id}
        rubric = self.session.story.nodes[self.session.play.node].rubric
        assert rubric is not None
        lines = checklist_lines(rubric, self.own_checklist, self.own_corrected)
        keep = next((number for number, line in enumerate(lines) if line.id == event.id), 0)
        self.show_own_checklist(keep)

    @on(OwnWordsPanel.Done)
    def _own_done(self) -> None:
        """On to the options: the reply waits to be kept with the choice made next."""
        from scenarios.trainer.own_words import own_reply

        if self.own_state != "checklist" or self.own_checklist is None:
            return
        self.own_reply = own_reply(self.own_text, self.own_checklist, self.own_corrected)
        self.own_state = None
        self.query_one(OwnWordsPanel).display = False
        self.query_one("#prompt", Static).update(Content(self.app.tr("plain.own.now_choose")))
        self.query_one("#prompt-row").display = True
        choices = self.query_one("#choices", OptionList)
        choices.display = True
        choices.focus()
        self.refresh_bindings()

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
        if self.busy or self.rebuilding or play.is_over:
            return
        if self.own_state is not None:
            return
        try:
            result = self.session.choose(number, own=self.own_reply)  # chosen and saved
        except ChoiceError:
            self.app.bell()
            return
        except TakenOverError:  # another window took the story over: nothing of this choice is kept
            self.app.notify(self.app.tr("tui.save.refused"), severity="error", markup=False, timeout=12)
            self.app.action_library()  # what this screen shows is no longer the playthrough
            return
        self.own_reply = None
        self.busy = True
        self.events.append(("choice", result))
        self.report_save()
        self.mount_entries(self.builder.choice(result))
        if self.session.mode == "practice":
            self.show_feedback(result)
        else:
            self.advance()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys on offer: the numbers while there are options to choose (not while the feedback or the own
        reply is open), Enter to the debrief at the end."""
        over = self.session.play.is_over
        if action == "choose":
            return self.feedback is None and self.own_state is None and not over
        if action == "debrief":
            return over
        return True

    def action_debrief(self) -> None:
        """The story is over: on to the debrief (Enter, wherever the focus is)."""
        if self.session.play.is_over:
            self.open_debrief()

    def action_page(self, step: int) -> None:
        """PgUp/PgDn: page the feedback while it is open and has more, else the conversation."""
        feedback = self.query_one(FeedbackPanel)
        target: Widget = self.query_one("#transcript", VerticalScroll)
        if self.feedback is not None and feedback.body.max_scroll_y > 0:
            target = feedback.body
        if step < 0:
            target.scroll_page_up(animate=False)
        else:
            target.scroll_page_down(animate=False)

    def show_feedback(self, result: Result) -> None:
        """Show the feedback on `result` in place of the options (in the side panel on a wide screen, the lesson
        behind the verdict in its own place above it)."""
        self.feedback = result
        self.add_class("-feedback")
        self.tick()
        self.query_one("#prompt-row").display = False
        self.query_one("#choices").display = False
        story, app = self.session.story, self.app
        beside = self.lesson_beside = self.side_shown
        lesson = "" if beside else verdict_line(story, result.node, result.option_id, app.language)
        self.query_one(SidePanel).show_lesson(self.lesson_words(result) if beside else Content(""))
        self.query_one(FeedbackPanel).show(
            result, app.tr, lambda text: app.story_text(story, text), app.language, lesson
        )
        self.refresh_bindings()

    def lesson_words(self, result: Result) -> Content:
        """The side panel's lesson behind the verdict on `result`: each lesson's name and what the material says
        (empty when the decision is not tagged)."""
        app = self.app
        lessons = verdict_lessons(self.session.story, result.node, result.option_id)
        if not lessons:
            return Content("")
        parts: list[str | tuple[str, str]] = [(app.tr("tui.side.lesson"), "bold")]
        for lesson in lessons:
            parts += ["\n", (lesson_name(lesson, app.language), "italic")]
            parts += ["\n", lesson.text.get_text(app.language, LESSON_FALLBACKS)]
        return Content.assemble(*parts)

    @on(FeedbackPanel.Continue)
    def _feedback_read(self) -> None:
        self.feedback = None
        self.remove_class("-feedback")
        self.query_one(SidePanel).show_lesson(Content(""))  # it would tell the next decision's answer
        self.refresh_bindings()
        self.query_one(FeedbackPanel).display = False
        self.query_one("#prompt-row").display = True
        self.query_one("#choices").display = True
        self.advance()

    def advance(self) -> None:
        """Show the next beat; in chat, the customer types first."""
        beat = self.session.play.beat()
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
        self.events.append(("beat", beat))
        self.mount_entries(self.builder.beat(beat))
        if any(line.speaker == "customer" for line in beat.lines) and not beat.returned:
            self.waiting_since = self.session.now()
        self.busy = False
        self.finish_if_over()
        self.show_choices()

    def mount_entries(self, widgets: list[Widget]) -> None:
        """Add entries to the transcript and bring them into view from their start."""
        scroll = self.query_one("#transcript", VerticalScroll)
        if widgets:
            self.new_from = len(self.events) - 1
            for widget in scroll.query(".-new"):
                widget.remove_class("-new")
            widgets[0].add_class("-new")
            scroll.mount_all(widgets)
        self.call_after_refresh(self.bring_new_into_view)

    # --- what is in view -----------------------------------------------------------------
    def bring_new_into_view(self) -> None:
        """Show the newest lines from their start: all of them when they fit (and what came before, as much
        as fits above them), else their first lines, so an email opens at its header."""
        scroll = self.query_one("#transcript", VerticalScroll)
        new = scroll.query(".-new")
        if new:
            scroll.scroll_to_widget(new.last(), animate=False, top=True)
        else:
            scroll.scroll_end(animate=False)
        self.show_more()

    @on(Column.Resized)
    def fit_transcript(self) -> None:
        """Let the conversation take the height the prompt and the options leave, so they sit right under its
        last message (and never below the screen)."""
        room = max(3, self.query_one("#main").content_size.height - self.query_one("#below").outer_size.height)
        if room != self.room:
            self.room = room
            self.query_one("#transcript").styles.max_height = room
            self.call_after_refresh(self.bring_new_into_view)
        self.show_more()

    def show_more(self) -> None:
        """Say beside the prompt whether the conversation has more above or below, and on the options' edge
        whether more options are below."""
        tr = self.app.tr
        self.query_one("#more", Static).update(
            Content(more_text(self.query_one("#transcript"), tr, down="PgDn", up="PgUp"))
        )
        options = self.query_one("#choices", OptionList)
        options.border_subtitle = more_text(options, tr, down="↓", up="↑")

    # --- a watched story file ----------------------------------------------------------
    def reload(self, story: Story) -> str:
        """Carry the playthrough over to a new version of its story and redraw; returns how (`carry_over`)."""
        old = self.session.story
        how = self.session.carry_to(story, self.app.story_text(story, story.title))
        self.finished = self.session.finished
        self.events = replay(self.session.play)
        self.new_from = len(self.events) - 1
        self.waiting_since = waiting_since(self.session, self.events)
        self.last_mood = self.mood_now = None
        self.report_save()
        self.remove_class(f"channel-{old.channel.value}")
        self.add_class(f"channel-{story.channel.value}")
        self.retranslate()
        return how

    def show_watch_errors(self, errors: str | None) -> None:
        """Show a watched file's load errors (plain text) until the next good save, or hide them."""
        panel = self.query_one("#watch-errors", Static)
        panel.update(Content(errors or ""))
        panel.border_title = self.app.tr("tui.watch.errors")
        panel.display = errors is not None
        if errors is not None:
            self.show_watch_note(None)

    def show_watch_note(self, note: str | None) -> None:
        """Say on one line above the options that the watched file was reloaded (a toast would cover them)."""
        line = self.query_one("#watch-note", Static)
        line.update(note or "")
        line.display = note is not None

    # --- keeping it --------------------------------------------------------------------
    def report_save(self) -> None:
        """Say when the last save did not reach the database (a full disk, a busy database, another window)."""
        problem = self.session.problem
        if problem is not None and not (problem.code == "taken" and self.session.told_taken):
            self.session.told_taken = problem.code == "taken"
            words = self.app.tr(f"tui.save.{problem.code}", detail=problem.detail)
            self.notify(words, severity="error", markup=False, timeout=10 if problem.code == "taken" else 8)

    def finish_if_over(self) -> None:
        """Record the playthrough as finished once its story has ended (its last beat is on screen)."""
        if self.session.play.is_over:
            self.finish()

    def finish(self) -> None:
        """Record the finished playthrough once."""
        if self.finished:
            return
        self.finished = True
        self.session.finish()
        self.report_save()

    def on_unmount(self) -> None:
        """Off the screen: this window no longer plays it (the playthrough stays for resume)."""
        self.session.leave()

    def open_debrief(self) -> None:
        """Replace this screen with the debrief."""
        from scenarios.tui.screens.debrief import DebriefScreen

        self.app.switch_screen(DebriefScreen(self.session))
