"""The shared screen at a decision: discussion with a countdown, votes, the reveal, and going on."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Digits, Input, Static

from scenarios.i18n.present import lesson_line, speaker_label, story_language, text_in
from scenarios.rehearsal import IDEAL, MAJORITY, PICK, TURNS, Phase, Session, VoteError
from scenarios.rehearsal.export import percent_bar
from scenarios.rehearsal.replies import decision_replies, replies_in, room_words
from scenarios.rehearsal.session import DECISION_PHASES
from scenarios.rehearsal.views import Reveal, current_reveal
from scenarios.tui.messages import ShowRun
from scenarios.tui.rehearse.base import OrderedInput, Part, Run, RunScreen, binding, field_keys, localize, show_text
from scenarios.tui.rehearse.notes import RehearseNotesScreen
from scenarios.tui.rehearse.phones import PhonesChanged
from scenarios.tui.widgets.keys_footer import KeysFooter
from scenarios.visible import visible

NUMBERS = "123456789"


class RehearseSessionScreen(RunScreen):
    """One decision (or a story's ending) on the shared screen, redrawn at each step."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: a key that changes the phase is handled as it arrives, so the keys typed after it
        # reach the fields it opens (a fast typist's `v 3 Tab 5` fills two counts).
        binding("v", "vote", "vote", priority=True, show=False),
        # One key map for the whole session (the reflection has the same): F7 the next step, F5 the clock's
        # pause, F6 one more minute. Letters stay as aliases where no field takes them.
        binding("f7", "show_replies", "show_replies", priority=True),  # own words first: the room's replies
        binding("f7", "show_options", "show_options", priority=True),  # then the options
        binding("f7", "vote", "vote", priority=True),
        binding("f7", "reveal", "reveal", priority=True),
        binding("f7", "reveal_anyway", "reveal_anyway", priority=True),  # once the votes were said not to add up
        binding("f7", "next_story", "next", priority=True),
        *field_keys(),
        binding("f5", "clock('pause')", "pause", priority=True),
        binding("f5", "clock('resume')", "resume", priority=True),
        binding("p", "clock('pause')", "pause", show=False),
        binding("p", "clock('resume')", "resume", show=False),
        binding("f6", "timer('extend')", "extend", priority=True),
        binding("plus", "timer('extend')", "extend", show=False),
        binding("s", "timer('skip')", "skip"),
        # A long email or model answer is read without leaving the counts: PgDn / PgUp scroll the stage.
        binding("pagedown", "scroll_stage(1)", "more", show=False, priority=True),
        binding("pageup", "scroll_stage(-1)", "more", show=False, priority=True),
        binding("n", "notes", "notes"),
        binding("m", "go('majority')", "majority"),
        # After a tie (or no votes) `m` is not on the keys line, yet pressed it still says why there is no majority.
        binding("m", "no_majority", "majority", show=False),
        binding("i", "go('ideal')", "ideal"),
        binding("u", "undo", "undo"),
        binding("u", "undo_continue", "undo_continue"),
        *(binding(key, f"number({key})", "pick", show=False) for key in "0" + NUMBERS),
        binding("ctrl+q", "app.quit", "quit", priority=True),
    ]

    def __init__(self, run: Run[Session]) -> None:
        super().__init__(run)
        self.message = ""
        self.mismatch = False
        self.count_refused = False
        self.drawn: tuple[int, int, Phase] | None = None
        self.drawn_buttons: tuple[tuple[int, int, Phase], bool, bool] | None = None
        """The step, the mismatch and whether the last continuation can be undone, as the buttons show them."""
        self.more_below = False
        """Whether the stage holds more than is in sight (the heading says so)."""

    # --- words -----------------------------------------------------------------------
    def tr(self, key: str, **params: object) -> str:
        """A catalog string in the app's language."""
        return self.app.tr(key, **params)

    def text(self, value: object) -> str:
        """A story text, plain, in the app's language or the story's own."""
        story = self.session.story
        return text_in(value, story_language(story, self.app.language), story)  # type: ignore[arg-type]

    # --- drawing ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Heading, what happened, countdown, what the customer said, then the phase's own part.

        Composed once: a step of the session updates the lines in place (`update_lines`) and
        rebuilds only the parts that show another decision or phase (`redraw`).
        """
        # The heading and the countdown stay at the top and the buttons at the bottom: a long email
        # scrolls between them, and what the facilitator needs is always in sight.
        with Horizontal(id="rehearse-top"):
            yield Static(Content(self._heading()), id="heading-line", classes="rehearse-title")
            with Horizontal(id="rehearse-timer"):
                yield Digits("", id="countdown")
                yield Static("", id="timer-state", markup=False)
        with VerticalScroll(id="rehearse-stage"):
            yield Part(self._result, id="result-part", shows=self._result_line)
            yield Part(self._said_and_body, id="body-part", shows=self._body_shows)
        with Vertical(id="rehearse-bottom"):
            yield Part(self._vote_status, id="status-part", shows=self._status_shows)
            yield Static(Content(self.message), id="rehearse-message", classes="message")
            yield Static("", id="phones-line", classes="hint", markup=False)
            yield Part(self._buttons, id="buttons-part")
        yield KeysFooter(show_command_palette=False)  # its room goes to the session's keys

    def _heading(self) -> str:
        s = self.session
        heading = self.tr("rehearsal.tui.story", number=s.story_index + 1, of=len(s.stories),
                          title=self.text(s.story.title))  # fmt: skip
        if s.decision is not None:
            number = sum(1 for d in s.decisions if d.story_index == s.story_index)  # counted afresh in each story
            heading += " · " + self.tr("rehearsal.tui.decision", number=number)
        if self.more_below:
            heading += "  " + self.tr("rehearsal.tui.more_below")
        return heading

    def _result_line(self) -> str | None:
        """What the team's last choice led to, shown above the next decision while it is discussed and voted on."""
        s = self.session
        last = s.last_result
        if last is not None and last.result is not None and s.phase in (Phase.DISCUSS, Phase.VOTE):
            return self.tr("rehearsal.result", text=self.text(last.result))
        return None

    def _result(self) -> ComposeResult:
        line = self._result_line()
        if line is not None:
            yield Static(Content(line), classes="said result")

    def _body_shows(self) -> tuple[object, ...]:
        """The decision and what of it the body shows: the discussion and a vote in turns show the same options,
        a vote by counts adds a field to each."""
        s = self.session
        same = s.phase == Phase.DISCUSS or (s.phase == Phase.VOTE and s.vote_mode == TURNS)
        return (s.story_index, len(s.decisions), s.beat().node, "options" if same else s.phase)

    def _status_shows(self) -> tuple[object, ...] | None:
        """The lines under the options (their counts are updated in place): none outside writing and voting."""
        s = self.session
        if s.phase not in (Phase.WRITE, Phase.REPLIES, Phase.VOTE):
            return None
        return (s.phase, s.vote_mode)

    def _said_and_body(self) -> ComposeResult:
        s = self.session
        if s.phase == Phase.STORY_END:
            yield from self._ending()  # what the last choice did, then the ending's own words
        elif s.phase == Phase.REVEAL:  # the verdicts need the room: the team has read the message
            yield from self._reveal()
        elif s.phase == Phase.WRITE:  # own words first: what the customer said, and no options yet
            yield from self._said()
            yield Static(Content(self.tr("rehearsal.replies.write")), classes="heading")
        elif s.phase == Phase.REPLIES:  # the room's replies, grouped, then what the customer said again
            yield from self._room()
            yield from self._said()
        else:
            yield from self._said()
            yield from self._options()

    def step(self) -> tuple[int, int, Phase]:
        """Where the session stands: a change of it rebuilds the decision's parts."""
        s = self.session
        return (s.story_index, len(s.decisions), s.phase)

    def update_lines(self) -> None:
        """The heading, the message, the countdown's row and the vote lines, updated in place."""
        s = self.session
        show_text(self.query_one("#heading-line", Static), self._heading())
        show_text(self.query_one("#rehearse-message", Static), self.message)
        self.query_one("#rehearse-timer").display = s.phase == Phase.DISCUSS
        for turn in self.query("#turn").results(Static):
            show_text(turn, self._turn())
        for help_line in self.query("#turns-help").results(Static):
            show_text(help_line, self._turns_help())
        for total in self.query("#total").results(Static):
            show_text(total, self._total())
        for written in self.query("#replies-in").results(Static):
            show_text(written, replies_in(s, self.app.language))
        self.show_phones()

    async def redraw(self, message: str = "") -> None:
        """Show the session as it now stands (another screen when the phase asks for it)."""
        self.message = message
        if self.session.phase in (Phase.DEBRIEF, Phase.REFLECT, Phase.DONE):
            self.post_message(ShowRun(self.run))
            return
        step = self.step()
        parts = ["result-part", "body-part", "status-part"] if step != self.drawn else []
        buttons = (step, self.mismatch, self.session.can_undo_continue())
        if buttons != self.drawn_buttons:
            parts.append("buttons-part")
        if parts:
            await self.redraw_parts(*parts)
        self.update_lines()
        if step != self.drawn:
            self.query_one("#rehearse-stage", VerticalScroll).scroll_home(animate=False)
            self.focus_first()
        elif "buttons-part" in parts and not isinstance(self.app.focused, Input | Button):
            self.focus_first()  # the focused button went with the old buttons (the undo button, once a reply came)
        self.drawn, self.drawn_buttons = step, buttons
        self.refresh_bindings()
        self.tick()
        self.call_after_refresh(self.show_more_below)

    async def show_words(self) -> None:
        """Every text again in the new language, the focus kept where it is when it can be."""
        focused = self.app.focused.id if self.app.focused is not None else None
        await self.redraw_parts()
        self.update_lines()
        refocus = self.query(f"#{focused}") if focused else None
        if refocus:
            self.set_focus(refocus.first())
        else:
            self.focus_first()

    def focus_first(self) -> None:
        """The focus where the facilitator acts next: the first count, else the first button."""
        target = self.query("Input.count").first() if self.query("Input.count") else None
        target = target or (self.query(Button).first() if self.query(Button) else None)
        if target is not None:
            self.set_focus(target)  # at once: `focus()` would wait behind the keys already queued

    def _said(self) -> ComposeResult:
        story, beat = self.session.story, self.session.beat()
        lang = story_language(story, self.app.language)
        for line in beat.lines:
            who = speaker_label(story, line.speaker, lang)
            if line.text is not None:
                yield Static(Content(f"{who}: {self.text(line.text)}" if who else self.text(line.text)), classes="said")
            if line.cue is not None:
                yield Static(Content(f"({self.text(line.cue)})"), classes="said cue")

    def _options(self) -> ComposeResult:
        s = self.session
        yield Static(Content(self.tr("rehearsal.tui.what_now")), classes="heading")
        counting = s.phase == Phase.VOTE and s.vote_mode != TURNS
        for choice in s.beat().choices:
            with Horizontal(classes="option-row"):
                yield Static(Content(f"{choice.number}. {self.text(choice.text)}"), classes="option")
                if counting:
                    count = s.decision.ballots.counts.get(choice.option_id) if s.decision else None
                    yield OrderedInput(
                        str(count) if count else "", type="integer", id=f"count-{choice.number}",
                        classes="count", placeholder="0", compact=True, valid_empty=True,  # empty counts 0
                    )  # fmt: skip

    def _room(self) -> ComposeResult:
        """The room's own replies, grouped by the rubric elements they hold (`rehearsal.replies`): no names."""
        s = self.session
        decision = s.decision
        grouped = decision_replies(s, decision) if decision is not None else None
        if grouped is None:
            return
        words = room_words(grouped, s.story, self.app.language)
        yield Static(Content(f"{self.tr('rehearsal.replies.heading')} · {words.summary}"), classes="heading")
        for key, lines in (("found", words.found), ("missed", words.missed), ("mistakes", words.mistakes)):
            if lines:
                yield Static(Content(self.tr(f"rehearsal.replies.{key}")), classes="room-label")
                yield Static(Content("\n".join(lines)), classes=f"room-items {key}")
        for heading, texts in words.groups:
            yield Static(Content(heading), classes="room-group")
            yield Static(Content("\n".join(f"“{reply.text}”  {reply.mistakes}".rstrip() for reply in texts)),
                         classes="room-replies")  # fmt: skip
        yield Static("", classes="room-end")  # a blank line before what the customer said

    def _vote_status(self) -> ComposeResult:
        """While voting, below the options and always in sight: whose turn it is, or the total so far. Own words
        first: how many replies are in while the room writes, and what F7 does next."""
        s = self.session
        if s.phase == Phase.WRITE:
            yield Static(Content(replies_in(s, self.app.language)), id="replies-in", classes="rehearse-title")
            yield Static(Content(self.tr("rehearsal.replies.write_help")), classes="hint")
        elif s.phase == Phase.REPLIES:
            yield Static(Content(self.tr("rehearsal.replies.options_help")), classes="hint")
        if s.phase != Phase.VOTE:
            return
        if s.vote_mode == TURNS:
            yield Static(Content(self._turn()), id="turn", classes="rehearse-title")
            yield Static(Content(self._turns_help()), id="turns-help", classes="hint")
        else:
            yield Static(Content(self.tr("rehearsal.tui.counts_help")), classes="hint")
            yield Static(Content(self._total()), id="total", classes="rehearse-title")

    def _turn(self) -> str:
        s = self.session
        voter = s.next_voter()
        name = voter if voter is None or s.participants.names else self.tr("rehearsal.participant", number=voter)
        name = visible(str(name), one_line=True)  # a typed or saved name never drives the terminal
        return self.tr("rehearsal.vote_turn", voter=name) if voter else self.tr("rehearsal.vote_turns_done")

    def _turns_help(self) -> str:
        done = self.session.decision is not None and self.session.next_voter() is None
        return self.tr("rehearsal.tui.turns_done_help" if done else "rehearsal.tui.turns_help")

    def _total(self) -> str:
        check = self.session.vote_check()
        if check.expected is None:
            return self.tr("rehearsal.vote_total", total=check.total)
        return self.tr("rehearsal.vote_total_of", total=check.total, expected=check.expected)

    def _reveal(self) -> ComposeResult:
        reveal = current_reveal(self.session)
        assert reveal is not None
        for o in reveal.options:
            marks = [self.tr("rehearsal.mark.ideal")] if o.is_ideal else []
            if o.in_majority and reveal.clear_majority:
                marks.append(self.tr("rehearsal.mark.majority"))
            verdict = self.tr("verdict.yes" if o.solution_focused else "verdict.no")
            votes = self.tr("rehearsal.votes_share", votes=o.votes, percent=round(100 * o.share))
            body = Content.assemble(
                (f"{o.number}. {self.text(o.text)}\n", "bold" if o.is_ideal else ""),
                f"{percent_bar(round(100 * o.share))} {votes}  {' '.join(marks)}\n",
                (verdict, "italic"),
                f" — {self.text(o.feedback)}" if o.feedback is not None else "",
                (f"\n{lesson_line(o.breaks, self.app.language)}", "italic") if o.breaks else "",
            )
            yield Static(body, classes=f"reveal-option {'good' if o.solution_focused else 'bad'}")
        yield Static(Content(self._tally_line(reveal)), classes="hint")
        # The ideal option is marked in the list: named by its number here, its text is not repeated.
        ideal = next(o.number for o in reveal.options if o.is_ideal)
        yield Static(Content(self.tr("rehearsal.tui.ideal_number", number=ideal)), classes="ideal")
        if reveal.lessons:
            yield Static(Content(lesson_line(reveal.lessons, self.app.language)), classes="ideal")
        if reveal.model_answer is not None:
            yield Static(
                Content(self.tr("rehearsal.model_answer", text=self.text(reveal.model_answer))), classes="ideal"
            )

    def _tally_line(self, reveal: Reveal) -> str:
        line = self._total()
        if reveal.total == 0:
            return f"{line}. {self.tr('rehearsal.no_votes')}"
        if reveal.tie:
            numbers = ", ".join(str(o.number) for o in reveal.options if o.in_majority)
            return f"{line}. {self.tr('rehearsal.tie', options=numbers)}"
        return line

    def _ending(self) -> ComposeResult:
        play = self.session.play
        last = self.session.last_result
        if last is not None and last.result is not None:
            yield Static(Content(self.tr("rehearsal.result", text=self.text(last.result))), classes="said result")
        yield from self._said()
        ending = play.beat().ending
        outcome = self.tr(f"outcome.{ending.value}") if ending else "—"
        yield Static(Content(self.tr("rehearsal.ending", outcome=outcome)), classes="heading")

    def _buttons(self) -> ComposeResult:
        s = self.session
        with Horizontal(classes="buttons"):
            if s.phase in (Phase.WRITE, Phase.REPLIES):
                shows = "replies" if s.phase == Phase.WRITE else "options"
                label = self.tr(f"rehearsal.key.show_{shows}")
                yield Button(label, id=f"show-{shows}", variant="primary", compact=True)
                if s.can_undo_continue():
                    yield Button(self.tr("rehearsal.tui.undo_continue"), id="undo-continue", compact=True)
            elif s.phase == Phase.DISCUSS:
                yield Button(self.tr("rehearsal.key.vote"), id="vote", variant="primary", compact=True)
                if s.can_undo_continue():
                    yield Button(self.tr("rehearsal.tui.undo_continue"), id="undo-continue", compact=True)
            elif s.phase == Phase.VOTE:
                yield Button(self.tr("rehearsal.key.reveal"), id="reveal", variant="primary", compact=True)
                if self.mismatch:
                    yield Button(
                        self.tr("rehearsal.tui.reveal_anyway"), id="reveal-anyway", variant="warning", compact=True
                    )
            elif s.phase == Phase.REVEAL:
                reveal = current_reveal(s)
                if reveal is not None and reveal.clear_majority:
                    yield Button(
                        self.tr("rehearsal.tui.go_majority"), id="go-majority", variant="primary", compact=True
                    )
                yield Button(self.tr("rehearsal.tui.go_ideal"), id="go-ideal", compact=True)
                for choice in s.beat().choices:
                    yield Button(
                        self.tr("rehearsal.tui.go_pick", number=choice.number), id=f"go-{choice.number}", compact=True
                    )
            elif s.phase == Phase.STORY_END:
                last = s.story_index + 1 >= len(s.stories)
                label = self.tr("rehearsal.tui.to_debrief" if last else "rehearsal.tui.next_story")
                yield Button(label, id="next-story", variant="primary", compact=True)
                if s.can_undo_continue():
                    yield Button(self.tr("rehearsal.tui.undo_continue"), id="undo-continue", compact=True)

    # --- lifecycle -------------------------------------------------------------------
    def on_mount(self) -> None:
        """Words, the countdown's one timer, and the focus where the facilitator acts next."""
        localize(self, self.app.language)
        self.update_lines()
        self.drawn, self.drawn_buttons = self.step(), (self.step(), self.mismatch, self.session.can_undo_continue())
        self.tick()
        self.set_interval(0.5, self.clock_ticks)
        self.focus_first()
        stage = self.query_one("#rehearse-stage", VerticalScroll)
        self.watch(stage, "scroll_y", lambda _: self.show_more_below(), init=False)  # a wheel or PgDn
        self.call_after_refresh(self.show_more_below)

    def action_scroll_stage(self, pages: int) -> None:
        """Scroll what is said (the email, the reveal) by a page, the focus staying where it is."""
        stage = self.query_one("#rehearse-stage", VerticalScroll)
        stage.scroll_to(y=stage.scroll_y + pages * max(1, stage.scrollable_content_region.height - 1), animate=False)

    def show_more_below(self) -> None:
        """Say in the heading when the stage holds more than is in sight (an option or the end of a model
        answer below): in the heading's row, so saying it takes no row from the stage."""
        stage = self.query_one("#rehearse-stage", VerticalScroll)
        more = stage.max_scroll_y > 0 and stage.scroll_y < stage.max_scroll_y
        if more != self.more_below:
            self.more_below = more
            show_text(self.query_one("#heading-line", Static), self._heading())

    def on_resize(self) -> None:
        """Another screen size: more or less may be below."""
        self.call_after_refresh(self.show_more_below)

    def on_phones_changed(self, message: PhonesChanged) -> None:
        """A phone voted: the total of the votes too (how many, never who voted what), and a warning that the
        votes do not add up said again with the new numbers (or gone once they do). A message can come while
        the screen is still being put together (it is pushed as a phone votes): it then draws them itself."""
        if not self.is_mounted:
            return
        if self.session.phase == Phase.WRITE and self.drawn_buttons is not None:
            if self.session.can_undo_continue() != self.drawn_buttons[2]:  # a first reply: no undo from now on
                self.call_next(self.redraw, self.message)
                return
        if self.mismatch and self.session.phase == Phase.VOTE:
            problem = self.session.vote_problem()
            self.mismatch = problem is not None
            said = "" if problem is None else self.tr(f"rehearsal.error.{problem.code}", **problem.params)
            self.call_next(self.redraw, said)
            return
        self.update_lines()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that work in this phase."""
        phase = self.session.phase
        if action == "clock":  # one key, its word saying what it does now ("Pause" or "Resume")
            return phase == Phase.DISCUSS and self.clock_key_works(parameters)
        allowed = {
            "show_replies": phase == Phase.WRITE,
            "show_options": phase == Phase.REPLIES,
            "vote": phase == Phase.DISCUSS,
            "reveal": phase == Phase.VOTE and not self.mismatch,
            "reveal_anyway": phase == Phase.VOTE and self.mismatch,
            "next_story": phase == Phase.STORY_END,
            "timer": phase == Phase.DISCUSS,
            "go": phase == Phase.REVEAL and (parameters != ("majority",) or self._clear_majority()),
            "no_majority": phase == Phase.REVEAL and not self._clear_majority(),
            "undo": phase == Phase.VOTE and self.session.vote_mode == TURNS,
            "undo_continue": self.session.can_undo_continue(),
            "number": phase == Phase.REVEAL or (phase == Phase.VOTE and self.session.vote_mode == TURNS),
            "notes": phase in DECISION_PHASES,
        }
        return allowed.get(action, True)

    def _clear_majority(self) -> bool:
        """Whether the reveal on screen has one most-voted option to go on with (after a tie, or with no votes,
        `m` is not offered: the facilitator picks a number instead)."""
        reveal = current_reveal(self.session)
        return reveal is not None and reveal.clear_majority

    # --- acting ----------------------------------------------------------------------
    async def attempt(self, step: Callable[..., object], *args: object) -> bool:
        """Run a session step; a refusal is shown in words, nothing is lost."""
        try:
            step(*args)
        except VoteError as error:
            params = dict(error.params)
            if "options" in params:
                numbers = {c.option_id: c.number for c in self.session.beat().choices}
                params["options"] = ", ".join(str(numbers.get(o, o)) for o in params["options"])
            self.mismatch = error.code in ("count_mismatch", "turns_left")
            await self.redraw(self.tr(f"rehearsal.error.{error.code}", **params))
            return False
        return True

    async def action_show_replies(self) -> None:
        """Own words first: show the room's replies (whoever has not written yet)."""
        if await self.attempt(self.session.show_replies):
            await self.redraw()

    async def action_show_options(self) -> None:
        """Own words first: after the replies, the options and the discussion's clock."""
        if await self.attempt(self.session.show_options):
            await self.redraw()

    async def action_vote(self) -> None:
        """End the discussion."""
        if await self.attempt(self.session.open_vote):
            await self.redraw()

    def action_timer(self, what: str) -> None:
        """Pause/resume, extend or skip the countdown."""
        self.session.timer_action(what)
        self.tick()

    async def action_reveal(self) -> None:
        """Reveal the votes (as the Reveal button; a total that does not match asks first)."""
        if self.session.phase == Phase.VOTE:
            await self.reveal(accept=False)

    async def action_reveal_anyway(self) -> None:
        """Reveal although the votes do not add up (F7 again once the screen said so, as the button)."""
        if self.session.phase == Phase.VOTE:
            await self.reveal(accept=True)

    async def action_next_story(self) -> None:
        """After a story's ending: the next story, or the team debrief after the last."""
        if self.session.phase == Phase.STORY_END and await self.attempt(self.session.next_story):
            await self.redraw()

    async def action_go(self, how: str) -> None:
        """Go on along the majority or the ideal path."""
        if await self.attempt(self.session.continue_with, how):
            self.mismatch = False
            await self.redraw()

    async def action_no_majority(self) -> None:
        """`m` after a tie or with no votes: says there is no majority to follow (the facilitator picks a number)."""
        await self.action_go(MAJORITY)

    async def action_number(self, key: str) -> None:
        """In the reveal: go on with that option. Voting in turn: the current voter's secret pick."""
        s = self.session
        number = int(key)
        choices = {c.number: c.option_id for c in s.beat().choices}
        if s.phase == Phase.REVEAL and number in choices:
            if await self.attempt(s.continue_with, PICK, choices[number]):
                await self.redraw()
        elif s.phase == Phase.VOTE and (number in choices or number == 0):
            voter = s.next_voter()
            if voter is not None and await self.attempt(s.cast_vote, voter, choices.get(number)):
                done = s.next_voter() is None  # nobody to hand the turn to: the turn line says everyone has voted
                await self.redraw("" if done else self.tr("rehearsal.vote_secret"))

    async def action_undo(self) -> None:
        """Take back the last vote cast in turn."""
        if await self.attempt(self.session.undo_vote):
            await self.redraw()

    async def action_undo_continue(self) -> None:
        """Before the next vote: take back the last continuation (a wrong number key acts at once)."""
        if await self.attempt(self.session.undo_continue):
            await self.redraw(self.tr("rehearsal.tui.undone"))

    def action_notes(self) -> None:
        """Write down what the team said at this decision."""
        decision = self.session.decision

        def saved(text: str | None) -> None:
            if text is not None:
                self.session.set_note(text)

        self.app.push_screen(RehearseNotesScreen(decision.note if decision else ""), saved)

    def take_count(self, field: Input) -> str | None:
        """Keep the count typed in `field` (an empty field counts 0); a negative or unreadable one is
        refused: the message saying so is returned and the count kept as it was."""
        number = int((field.id or "count-0").removeprefix("count-"))
        choice = next((c for c in self.session.beat().choices if c.number == number), None)
        if choice is None or self.session.phase != Phase.VOTE or self.session.decision is None:
            return None
        value = field.value.strip()
        if value and not value.isdigit():
            return self.tr("rehearsal.error.bad_count", count=value)
        count = int(value) if value else 0
        if count != self.session.decision.ballots.counts.get(choice.option_id, 0):
            self.session.set_count(choice.option_id, count)
            # A changed count answers the earlier complaint: clear it.
            self.mismatch = False
            self.message = ""
        return None

    async def on_input_changed(self, event: Input.Changed) -> None:
        """A count typed: kept at once, the total compared with the participants."""
        if not event.input.has_class("count"):
            return
        refused = self.take_count(event.input)
        message = refused or ("" if self.count_refused else self.message)  # a corrected count clears the refusal
        self.count_refused = refused is not None
        await self.redraw(message)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a count: to the next count, or reveal after the last."""
        inputs = list(self.query("Input.count"))
        index = inputs.index(event.input) if event.input in inputs else -1
        if 0 <= index < len(inputs) - 1:
            self.set_focus(inputs[index + 1])
        else:
            await self.reveal(accept=False)

    async def reveal(self, *, accept: bool) -> None:
        """Reveal the spread and the verdicts (a total that does not match must be accepted)."""
        for field in self.query("Input.count").results(Input):
            refused = self.take_count(field)  # every count as it stands now, even one whose change is on its way
            if refused is not None:
                self.set_focus(field)
                await self.redraw(refused)
                return
        if await self.attempt(lambda: self.session.reveal(accept_mismatch=accept)):
            self.mismatch = False
            await self.redraw()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """The phase's buttons."""
        button = event.button.id or ""
        if button == "show-replies":
            await self.action_show_replies()
        elif button == "show-options":
            await self.action_show_options()
        elif button == "vote":
            await self.action_vote()
        elif button in ("reveal", "reveal-anyway"):
            await self.reveal(accept=button == "reveal-anyway")
        elif button == "go-majority":
            await self.action_go(MAJORITY)
        elif button == "go-ideal":
            await self.action_go(IDEAL)
        elif button.startswith("go-"):
            await self.action_number(button.removeprefix("go-"))
        elif button == "undo-continue":
            await self.action_undo_continue()
        elif button == "next-story":
            await self.action_next_story()
