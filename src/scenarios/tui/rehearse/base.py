"""What the rehearsal's screens share: the running session, a screen working on it, parts rebuilt alone, words."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, Input, Static

from scenarios.i18n.catalog import CATALOGS, t
from scenarios.rehearsal import Session, timer_text
from scenarios.rehearsal.stations import StationSession
from scenarios.rehearsal.stored import SessionRecords
from scenarios.tui.messages import LanguageChanged

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.dom import DOMNode

    from scenarios.tui.app import ScenariosApp
    from scenarios.tui.rehearse.phones import Phones, PhonesChanged


S = TypeVar("S", Session, StationSession)


@dataclass
class Run(Generic[S]):
    """A session on screen (of any kind) and its row in the store."""

    session: S
    session_id: int
    records: SessionRecords[S]
    phones: Phones | None = None
    """The phones' server while the session is open to phones (`tui.rehearse.phones`)."""


AnyRun = Run[Session] | Run[StationSession]
"""A story session's run or a station rotation's."""


class Part(Vertical):
    """A part of a screen, drawn by one of the screen's functions and rebuilt alone when what it shows changes.

    The rest of the screen (its timers, the countdown, the focused field) stays as it is. `shows`, where given,
    says in short what the part shows now: asked to redraw, the part is rebuilt only when that has changed
    (a rebuild mounts its widgets afresh and lays the whole screen out again).
    """

    DEFAULT_CSS = "Part { height: auto; }"

    def __init__(
        self, draw: Callable[[], ComposeResult], *, id: str, shows: Callable[[], Hashable] | None = None
    ) -> None:
        super().__init__(id=id)
        self.draw = draw
        self.shows = shows
        self.shown: Hashable = None

    def compose(self) -> ComposeResult:
        """What the screen's function draws."""
        self.shown = self.shows() if self.shows is not None else None
        yield from self.draw()

    def changed(self) -> bool:
        """Whether the part would show something else if drawn now (always, when it cannot say)."""
        return self.shows is None or self.shows() != self.shown


class RunScreen(Screen[None]):
    """A rehearsal screen working on one running session: the base of the session's screens.

    A screen is composed once and mounted once (one countdown timer); a step of the session
    updates its widgets in place or rebuilds only the `Part`s whose content changed.
    """

    CSS_PATH = "rehearse.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "phones", "phones", id="phones", show=False),
        Binding("f9", "presenter", "presenter", id="presenter", show=False),
    ]

    app: ScenariosApp

    def __init__(self, run: Run[Session]) -> None:
        super().__init__()
        self.run = run
        self.session = run.session

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in effect, this screen's own first in the order it declares them.

        (Textual keeps a key where it was first met going from the focused widget up: a note's TextArea
        binds F6 and F7 itself, so with the focus in the note the Footer listed F6, F7 before F5.)
        """
        active = super().active_bindings
        own = [key for key in self._bindings.key_to_bindings if key in active]
        return {key: active[key] for key in [*own, *(key for key in active if key not in own)]}

    # --- phones (subclasses' handlers run first; these run for every rehearsal screen) ---------
    def on_mount(self) -> None:
        """The phones' line; the join code opens by itself on the session's first screen with phones."""
        self.show_phones()
        phones = self.run.phones
        if phones is not None and not phones.announced:
            phones.announced = True
            self.join_before_the_clock()

    def join_before_the_clock(self) -> None:
        """The join code, opened by itself as the session starts: the countdown waits behind it (people are
        still joining; nobody has seen the clock yet) and runs on when the code is closed."""
        from scenarios.tui.rehearse.phones import PhonesScreen

        timer = self.session.timer()
        held = timer is not None and timer.is_running
        if held:
            self.session.timer_action("pause")

        def closed(_: None) -> None:
            again = self.session.timer()
            if held and again is timer and again is not None and not again.is_running:
                self.session.timer_action("resume")
            self.tick()
            self.refresh_bindings()  # F5's word: the clock runs again

        self.app.push_screen(PhonesScreen(self.run), callback=closed)

    def action_clock(self, what: str) -> None:
        """Pause or resume the countdown (F5); the key's word then says the other."""
        self.session.timer_action(what)
        self.tick()
        self.refresh_bindings()

    def clock_key_works(self, parameters: tuple[object, ...]) -> bool:
        """Whether F5's binding with `parameters` is the one in effect: "pause" while the clock runs, else "resume"."""
        timer = self.session.timer()
        return timer is not None and timer.is_running == (parameters == ("pause",))

    def action_phones(self) -> None:
        """Show the join code (QR code, link, session code) again."""
        from scenarios.tui.rehearse.phones import PhonesScreen

        if self.run.phones is not None:
            self.app.push_screen(PhonesScreen(self.run))

    def action_presenter(self) -> None:
        """Open the presenter view in this computer's browser (its link copied, never shown to the room)."""
        from scenarios.tui.rehearse.presenter import open_presenter_view

        open_presenter_view(self.app, self.run)

    def on_phones_changed(self, message: PhonesChanged) -> None:
        """A phone joined or voted: the count (only ever how many, never who voted what)."""
        self.show_phones()

    def show_phones(self) -> None:
        """Update the phones' line (`#phones-line`) where the screen has one."""
        from scenarios.tui.rehearse.phones import phones_line

        for line in self.query("#phones-line").results(Static):
            show_text(line, phones_line(self.app, self.run))
            line.display = self.run.phones is not None

    def tick(self) -> None:
        """Redraw the countdown (`#countdown`) and whether it is paused or up (`#timer-state`)."""
        timer = self.session.timer()
        if timer is None:
            return
        now = self.session.clock()
        countdown, state_line = self.query_one("#countdown", Digits), self.query_one("#timer-state", Static)
        show_digits(countdown, timer_text(timer.remaining(now)))
        up = timer.is_done(now)
        state = ""
        if up:
            state = self.app.tr("rehearsal.timer.up")
        elif not timer.is_running:
            state = self.app.tr("rehearsal.timer.paused")
        show_text(state_line, state)
        # Time up shows in colour and in words: the digits turn red, the line beside them says so.
        countdown.set_class(up, "up")
        state_line.set_class(up, "up")

    def clock_ticks(self) -> None:
        """Twice a second: the countdown redrawn, and the running clock saved now and then (`Session.checkpoint`:
        at most every two seconds, so a crash loses at most those)."""
        self.tick()
        self.session.checkpoint()

    async def redraw_parts(self, *parts: str) -> None:
        """Rebuild the named parts that now show something else (all of them when none is named: new words)."""
        for part in self.query(Part):
            if not parts or (part.id in parts and part.changed()):
                await part.recompose()

    async def on_language_changed(self, message: LanguageChanged) -> None:
        """The language changed in the settings: the same screen in the new words."""
        localize(self, message.language)
        await self.show_words()

    async def show_words(self) -> None:
        """Draw every text again (each screen knows its own)."""
        await self.redraw_parts()


def show_text(line: Static, text: str | Content) -> None:
    """Show `text` on `line` (plain words: a str is never read as markup), unless the line already shows it.

    Every update lays the whole screen out again: the countdown's lines are set twice a second, the session's
    lines at each count typed, mostly to what they already say.
    """
    new = Content(text) if isinstance(text, str) else text
    shown = line.content
    if isinstance(shown, str):
        same = shown == "" and not new.plain
    else:
        same = isinstance(shown, Content) and shown.plain == new.plain and shown.spans == new.spans
    if not same:
        line.update(new)


def show_digits(digits: Digits, text: str) -> None:
    """Show `text` on a countdown, unless it already does (a half-second tick mostly finds the same second)."""
    if digits.value != text:
        digits.update(text)


def localize(node: DOMNode, language: str) -> None:
    """Footer words for the rehearsal's bindings, from `rehearsal.key.<id>`."""
    for key, bindings in list(node._bindings.key_to_bindings.items()):
        node._bindings.key_to_bindings[key] = [
            replace(b, description=t(f"rehearsal.key.{b.id}", language), tooltip="")
            if b.id and f"rehearsal.key.{b.id}" in CATALOGS["fi"]
            else b
            for b in bindings
        ]
    node.refresh_bindings()


class OrderedInput(Input):
    """An Input that carries out its own editing keys (Backspace, Delete, arrows, Home, End, Enter) in the order typed.

    Textual runs a widget's key bindings only once the key has bubbled up through every container to the
    App, while a typed character is inserted by the Input at once. While a container is busy (the session
    screen redraws after each count), a fast typist's `-4 Backspace Backspace 1` ended as `-`: the digit
    overtook the Backspaces. Here the Input's own bindings run as the key arrives, so nothing overtakes them.
    """

    async def _on_key(self, event: events.Key) -> None:
        for key_binding in self._bindings.key_to_bindings.get(event.key, []):
            if self.check_action(key_binding.action, ()) is False:
                continue
            event.stop()
            event.prevent_default()
            await self.run_action(key_binding.action)
            return
        await super()._on_key(event)


def field_keys() -> list[Binding]:
    """Tab and Shift+Tab handled as they arrive, so a fast typist's keys after a Tab reach the next field.

    (Textual hands each key to the widget focused when the key arrives, and runs a non-priority binding
    only after the key has bubbled up to the App through every container's queue. The session screen is
    busy redrawing after each typed count, so a plain Tab was carried out after the digits typed behind
    it had already gone into the old field: `0 Tab 2 Tab 6` gave `026`. `OrderedInput` does the same for
    the keys a field binds itself.)
    """
    return [
        binding("tab", "app.focus_next", "next", show=False, priority=True),
        binding("shift+tab", "app.focus_previous", "next", show=False, priority=True),
    ]


def binding(key: str, action: str, name: str, *, show: bool = True, priority: bool = False) -> Binding:
    """A binding whose Footer word comes from `rehearsal.key.<name>`."""
    return Binding(key, action, name, id=name, show=show, priority=priority)
