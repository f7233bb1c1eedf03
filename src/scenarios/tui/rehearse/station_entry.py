"""One station's entry: the keeper's grid for a customer role, and what the channel asks of the worker."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Select, Static, TextArea

from scenarios.rehearsal import clock_text
from scenarios.rehearsal.stations import GRID_FIELDS, SKILL_KINDS, StationSession
from scenarios.tui.rehearse.base import binding, field_keys, localize

FLUSH_SECONDS = 1.0


class StationEntryScreen(Screen[None]):
    """What the keeper of `station` writes: the grid of the customer role chosen at the top, and the skills.

    Typing is kept in the session within a second, when a field loses the focus, and on leaving.
    """

    CSS_PATH = "stations.tcss"
    AUTO_FOCUS = "#grid-expects"
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "back", "back"),
        *field_keys(),
        binding("ctrl+q", "app.quit", "quit", priority=True),
    ]

    def __init__(self, session: StationSession, station: str) -> None:
        super().__init__()
        self.session = session
        self.station = station
        visiting = session.visitor(station) if not session.is_done else None
        self.role = visiting.role if visiting is not None else session.roles[0]
        self.pending: dict[tuple[str, str], str] = {}

    def tr(self, key: str, **params: object) -> str:
        """A catalog string in the app's language."""
        return self.app.tr(key, **params)  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        """Heading, the role, the grid beside the skills."""
        s = self.session
        yield Header()
        with Vertical(id="entry-stage"):
            yield Static(Content(self._heading()), id="entry-heading", classes="rehearse-title")
            yield Select(
                [(self.tr("stations.entry.role", customer=self.tr(f"customer.{role}")), role) for role in s.roles],
                value=self.role,
                allow_blank=False,
                id="role",
            )
            with Horizontal(id="entry-columns"):
                with Vertical(classes="entry-column"):
                    grid = s.grid(self.station, self.role)
                    for name in GRID_FIELDS:
                        yield Label(Content(self.tr(f"stations.field.{name}")))
                        yield TextArea(grid[name], id=f"grid-{name}", classes="entry-text")
                with Vertical(classes="entry-column"):
                    skills = s.station_skills(self.station)
                    for kind in SKILL_KINDS:
                        yield Label(Content(self.tr(f"stations.kind.{kind}")))
                        yield TextArea(skills[kind], id=f"skills-{kind}", classes="entry-text")
        yield Footer()

    def _heading(self) -> str:
        s = self.session
        heading = self.tr("stations.entry.heading", channel=self.tr(f"channel.{self.station}"),
                          keeper=s.keepers[self.station])  # fmt: skip
        if not s.is_done:
            heading += " · " + self.tr("stations.round_of", number=s.round_index + 1, of=s.rounds)
            heading += " · " + clock_text(s.remaining())
            if s.time_up():
                heading += " · " + self.tr("stations.time_up_short")
        return heading

    def on_mount(self) -> None:
        """Footer words; pending typing kept every second (`AUTO_FOCUS` puts the cursor in the first field)."""
        localize(self, self.app.language)  # type: ignore[attr-defined]
        self.set_interval(FLUSH_SECONDS, self.flush)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Remember what was typed (kept in the session at the next flush)."""
        name = event.text_area.id or ""
        where, _, what = name.partition("-")
        key = (self.role, what) if where == "grid" else ("", what)
        self.pending[key] = event.text_area.text

    def on_descendant_blur(self) -> None:
        """A field left: keep what was typed now."""
        self.flush()

    def flush(self) -> None:
        """Put pending typing into the session (which saves it), and the clock into the heading."""
        pending, self.pending = self.pending, {}
        for (role, what), text in pending.items():
            if role:
                self.session.fill_grid(self.station, role, what, text)
            else:
                self.session.fill_skills(self.station, what, text)
        if self.is_mounted:
            heading = self.query_one("#entry-heading", Static)
            heading.update(Content(self._heading()))
            heading.set_class(self.session.time_up(), "-up")

    def on_select_changed(self, event: Select.Changed) -> None:
        """Another customer role: keep the old role's typing, show the new role's grid."""
        if event.select.id != "role" or not isinstance(event.value, str) or event.value == self.role:
            return
        self.flush()
        self.role = event.value
        grid = self.session.grid(self.station, self.role)
        for name in GRID_FIELDS:
            area = self.query_one(f"#grid-{name}", TextArea)
            area.load_text(grid[name])
        self.pending.clear()  # loading the texts is not typing

    def action_back(self) -> None:
        """Keep the typing and go back to the rotation."""
        self.flush()
        self.dismiss()
