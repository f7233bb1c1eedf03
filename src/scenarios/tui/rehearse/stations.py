"""The station rotation on the shared screen: the round, who is where, the big round clock, each station's state."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Digits, Static

from scenarios.output import OutputError, write_output
from scenarios.rehearsal import timer_text
from scenarios.rehearsal.cards import rotation_cards
from scenarios.rehearsal.station_export import FORMATS, export_stations
from scenarios.rehearsal.stations import STATIONS, StationError, StationSession
from scenarios.store import exports_dir
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.rehearse.base import Run, binding, localize, show_digits, show_text
from scenarios.tui.rehearse.station_entry import StationEntryScreen
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp
    from scenarios.tui.rehearse.phones import PhonesChanged

TICK_SECONDS = 0.5


class StationsScreen(Screen[None]):
    """The rotation: round and clock, the groups' places, the stations; 1-4 open a station's entry."""

    CSS_PATH = "stations.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(binding(str(n), f"station({n})", "station", show=n == 1) for n in range(1, len(STATIONS) + 1)),
        # The story session's clock keys (F5 pause or resume, F6 one more minute); p and + too.
        binding("f5", "clock('pause')", "pause"),
        binding("f5", "clock('resume')", "resume"),
        binding("p", "clock('pause')", "pause", show=False),
        binding("p", "clock('resume')", "resume", show=False),
        binding("f6", "extend", "extend"),
        binding("plus", "extend", "extend", show=False),
        binding("n", "next_round", "next_round"),
        binding("b", "previous_round", "previous_round", show=False),
        binding("c", "cards", "cards"),
        binding("y", "closing", "closing"),
        binding("i", "guide", "guide", show=False),  # said in the hint line: the keys line is full at 80 columns
        binding("f8", "phones", "phones", show=False),
        binding("ctrl+q", "app.quit", "quit", priority=True),
    ]

    app: ScenariosApp

    def __init__(self, run: Run[StationSession]) -> None:
        super().__init__()
        self.run = run
        self.session = run.session

    def tr(self, key: str, **params: object) -> str:
        """A catalog string in the app's language."""
        return self.app.tr(key, **params)

    # --- drawing -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Composed once, with every line as the session stands (so the first frame is whole); `show` updates them."""
        # No title bar, as on the story rehearsal's screens: a projector needs every line.
        with VerticalScroll(id="stations-stage"):
            yield Static(self._heading(), id="stations-heading", classes="rehearse-title", markup=False)
            with Horizontal(id="station-timer"):
                yield Digits(timer_text(self.session.remaining()), id="round-clock")
                yield Static("", id="round-state", markup=False)
            yield Static(self._rotation(), id="rotation", markup=False)
            yield Static(self._stations(), id="station-list", markup=False)
            yield Static("", id="phones-line", markup=False)
            yield Static(self._hint(), id="stations-hint", classes="hint", markup=False)
            with Horizontal(id="station-exports", classes="buttons"):
                for fmt in FORMATS:
                    yield Button(self.tr("rehearsal.tui.export", format=fmt.upper()), id=f"export-{fmt}")
            yield Static("", id="exported", markup=False)
        yield KeysFooter(show_command_palette=False)  # its room goes to the rotation's keys

    def on_mount(self) -> None:
        """Footer words, what is shown for the phase, and the clock ticking."""
        localize(self, self.app.language)
        self.show()
        self.set_interval(TICK_SECONDS, self.tick)
        phones = self.run.phones
        if phones is not None and not phones.announced:
            phones.announced = True
            self.join_before_the_clock()

    def join_before_the_clock(self) -> None:
        """The join code, opened by itself as the rotation starts: the round clock waits behind it and runs
        on when the code is closed."""
        from scenarios.tui.rehearse.phones import PhonesScreen

        held = self.session.round_clock.is_running
        if held:
            self.session.toggle_clock()

        def closed(_: None) -> None:
            if held and not self.session.round_clock.is_running and not self.session.is_done:
                self.session.toggle_clock()
            self.show()  # (which refreshes the keys: F5 says Pause again)

        self.app.push_screen(PhonesScreen(self.run), callback=closed)

    def show(self) -> None:
        """Every line as the session now stands."""
        s = self.session
        self.query_one("#stations-heading", Static).update(self._heading())
        self.query_one("#station-timer").display = not s.is_done
        self.query_one("#rotation", Static).update(Content(self._rotation()))
        self.query_one("#rotation").display = not s.is_done
        self.query_one("#station-list", Static).update(Content(self._stations()))
        self.query_one("#stations-hint", Static).update(self._hint())
        self.query_one("#station-exports").display = s.is_done
        self.show_phones()
        self.refresh_bindings()
        self.tick()

    def _heading(self) -> str:
        s = self.session
        heading = self.tr("stations.title") + (f" · {s.team}" if s.team else "")
        if s.is_done:
            return heading + " · " + self.tr("stations.finished")
        return heading + " · " + self.tr("stations.round_of", number=s.round_index + 1, of=s.rounds)

    def _hint(self) -> str:
        return self.tr("stations.hint.done" if self.session.is_done else "stations.hint")

    def _rotation(self) -> str:
        s = self.session
        if s.is_done:
            return ""
        name = self._names
        lines = [
            self.tr("stations.visit", number=s.round_index + 1, people=", ".join(v.people), **name(v.role, v.station))
            for v in s.visits()
        ]
        if s.round_index + 1 < s.rounds:
            after = s.visits(s.round_index + 1)
            nxt = ", ".join(self.tr("stations.next_visit", **name(v.role, v.station)) for v in after)
            lines.append(self.tr("stations.next", visits=nxt))
        return "\n".join(lines)

    def _names(self, role: str, station: str) -> dict[str, str]:
        return {"role": self.tr(f"customer.{role}"), "channel": self.tr(f"channel.{station}")}

    def _stations(self) -> str:
        s = self.session
        lines = [self.tr("stations.list_heading")]
        for number, station in enumerate(STATIONS, start=1):
            done, of = s.filled(station)
            words = {"number": number, "channel": self.tr(f"channel.{station}"), "keeper": s.keepers[station]}
            if s.is_done:
                lines.append(self.tr("stations.station_line_done", done=done, of=of, **words))
                continue
            visit = s.visitor(station)
            guest = self.tr(f"customer.{visit.role}") if visit is not None else self.tr("stations.empty")
            lines.append(self.tr("stations.station_line", guest=guest, done=done, of=of, **words))
        return "\n".join(lines)

    def tick(self) -> None:
        """The clock and its state; the bell once when the time runs out."""
        s = self.session
        if s.is_done:
            return
        clock = self.query_one("#round-clock", Digits)
        state = self.query_one("#round-state", Static)
        show_digits(clock, timer_text(s.remaining()))
        up = s.time_up()
        clock.set_class(up, "-up")
        state.set_class(up, "-up")
        if up:
            show_text(state, self.tr("stations.time_up"))
        elif not s.round_clock.is_running:
            show_text(state, self.tr("stations.paused"))
        else:
            show_text(state, self.tr("stations.running", minutes=round(s.round_seconds / 60)))
        if s.check_time_up():
            self.app.bell()

    def show_phones(self) -> None:
        """The phones' line: keepers joined and stations filled from phones (hidden without phones)."""
        from scenarios.tui.rehearse.phones import phones_line

        line = self.query_one("#phones-line", Static)
        show_text(line, phones_line(self.app, self.run))
        line.display = self.run.phones is not None

    def on_phones_changed(self, message: PhonesChanged) -> None:
        """A keeper joined or saved from a phone (or the session changed): the stations' state and the line."""
        self.show()

    def action_phones(self) -> None:
        """Show the join code (QR code, link, session code) again."""
        from scenarios.tui.rehearse.phones import PhonesScreen

        if self.run.phones is not None:
            self.app.push_screen(PhonesScreen(self.run))

    # --- actions -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The clock's keys and the next round only while the rounds run (the footer shows what works)."""
        if action in ("clock", "extend", "next_round") and self.session.is_done:
            return False
        if action == "clock":  # F5's word says what it does now
            return self.session.round_clock.is_running == (parameters == ("pause",))
        if action == "closing":  # the exercise ends with it: offered once the rounds are over
            return self.session.is_done
        return True

    def action_station(self, number: int) -> None:
        """Open station `number`'s entry (1 desk, 2 email, 3 chat, 4 phone)."""
        self.app.push_screen(StationEntryScreen(self.session, STATIONS[number - 1]), lambda _: self.show())

    def action_closing(self) -> None:
        """Open the close of the exercise: what every channel asks, and the chapter's six questions."""
        from scenarios.tui.rehearse.station_closing import StationClosingScreen

        self.app.push_screen(StationClosingScreen(self.session), lambda _: self.show())

    def action_guide(self) -> None:
        """The facilitator's instructions for the exercise, as chapter 6 runs it."""
        from scenarios.tui.rehearse.station_guide import StationGuideScreen

        self.app.push_screen(StationGuideScreen())

    def action_clock(self, what: str) -> None:
        """Pause or resume the round clock (`what` is the binding's word: the clock toggles either way)."""
        self._act(self.session.toggle_clock)
        self.refresh_bindings()

    def action_extend(self) -> None:
        """One more minute for this round."""
        self._act(self.session.extend_round)

    def action_next_round(self) -> None:
        """Send the groups on; after the last round the rotation ends."""
        self._act(self.session.next_round)

    def action_previous_round(self) -> None:
        """Back one round (n pressed by mistake)."""
        self._act(self.session.previous_round)

    def _act(self, operation: object) -> None:
        try:
            operation()  # type: ignore[operator]
        except StationError:
            self.app.bell()
        self.show()

    def action_cards(self) -> None:
        """Write the role cards of this rotation (its keepers, groups, rounds and round length) as a printable
        page into the exports folder and say where: the cards agree with the screen."""
        path = exports_dir() / f"cards-{self.run.session_id}.html"
        language = self.app.language
        text = rotation_cards(self.session, self.run.session_id, self.app.library.stories, "html", language,
                              seed=self.run.session_id)  # fmt: skip
        try:
            write_output(path, text, force=True, private=True)
            message = self.tr("stations.cards_written", path=str(path))
        except OutputError as error:
            message = self.tr(error.key, **error.params)
        self.query_one("#exported", Static).update(Content(message))
        self.notify(message, markup=False, timeout=10)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Write the record for an export button into the exports folder and say where."""
        button = event.button.id or ""
        if not button.startswith("export-"):
            return
        fmt = button.removeprefix("export-")
        path = exports_dir() / f"rehearsal-{self.run.session_id}.{fmt}"
        try:
            write_output(path, export_stations(self.session, fmt, self.app.language), force=True, private=True)
            message = self.tr("rehearsal.tui.exported", path=str(path))
        except OutputError as error:
            message = self.tr(error.key, **error.params)
        self.query_one("#exported", Static).update(message)

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The language changed in the settings: the same screen in the new words."""
        localize(self, message.language)
        self.show()
