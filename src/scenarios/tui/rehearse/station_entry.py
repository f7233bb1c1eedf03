"""One station's entry: the keeper's grid for a customer role, and what the channel asks of the worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Select, Static, TextArea

from scenarios.rehearsal import clock_text
from scenarios.rehearsal.stations import GRID_FIELDS, SKILL_KINDS, StationSession
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.rehearse.base import binding, field_keys, localize
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.tui.rehearse.phones import PhonesChanged

FLUSH_SECONDS = 1.0


class StationEntryScreen(Screen[None]):
    """What the keeper of `station` writes: the grid of the customer role chosen at the top, and the skills.

    Typing is kept in the session within a second, when a field loses the focus, and on leaving.

    When the keeper types on a phone, the new text shows here in every field the facilitator has not
    edited since the screen opened (or since another customer role was chosen); a field the
    facilitator edited is theirs: what they typed is kept over the phone's (saved again within a second).
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
        self.edited: set[str] = set()
        """The fields (TextArea ids) the facilitator typed into: a phone's text no longer replaces them."""

    def tr(self, key: str, **params: object) -> str:
        """A catalog string in the app's language."""
        return self.app.tr(key, **params)  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        """Heading, the role, the grid beside the skills."""
        s = self.session
        # No title bar, as on the story rehearsal's screens: the fields need the lines.
        with Vertical(id="entry-stage"):
            yield Static(Content(self._heading()), id="entry-heading", classes="rehearse-title")
            yield Select(
                self._role_options(),
                value=self.role,
                allow_blank=False,
                id="role",
            )
            with Horizontal(id="entry-columns"):
                with Vertical(classes="entry-column"):
                    grid = s.grid(self.station, self.role)
                    for name in GRID_FIELDS:
                        yield Label(Content(self.tr(f"stations.field.{name}")), id=f"label-grid-{name}")
                        yield TextArea(grid[name], id=f"grid-{name}", classes="entry-text")
                with Vertical(classes="entry-column"):
                    skills = s.station_skills(self.station)
                    for kind in SKILL_KINDS:
                        yield Label(Content(self.tr(f"stations.kind.{kind}")), id=f"label-skills-{kind}")
                        yield TextArea(skills[kind], id=f"skills-{kind}", classes="entry-text")
        yield KeysFooter()

    def _role_options(self) -> list[tuple[str, str]]:
        roles = self.session.roles
        return [(self.tr("stations.entry.role", customer=self.tr(f"customer.{role}")), role) for role in roles]

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The language changed in the settings: the heading, the roles, the labels and the keys in the new words
        (the texts as typed, kept in the session first)."""
        self.flush()
        localize(self, message.language)
        self.query_one("#entry-heading", Static).update(Content(self._heading()))
        role = self.query_one("#role", Select)
        with role.prevent(Select.Changed):
            role.set_options(self._role_options())
            role.value = self.role
            role.mutate_reactive(type(role).value)  # the shown value in the new words, also when the value is the same
        for name in GRID_FIELDS:
            self.query_one(f"#label-grid-{name}", Label).update(Content(self.tr(f"stations.field.{name}")))
        for kind in SKILL_KINDS:
            self.query_one(f"#label-skills-{kind}", Label).update(Content(self.tr(f"stations.kind.{kind}")))

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
        if name not in self.edited and event.text_area.text == self._stored(name):
            return  # loaded from the session (a phone's text, another role): not typing
        key = (self.role, what) if where == "grid" else ("", what)
        self.pending[key] = event.text_area.text
        self.edited.add(name)

    def _stored(self, name: str) -> str:
        """What the session holds for the field with id `name` (on the role shown)."""
        where, _, what = name.partition("-")
        if where == "grid":
            return self.session.grid(self.station, self.role)[what]
        return self.session.station_skills(self.station)[what]

    def on_phones_changed(self, message: PhonesChanged) -> None:
        """The keeper (or someone) changed the session: show the new texts in the fields not edited here."""
        for area in self.query(".entry-text").results(TextArea):
            name = area.id or ""
            stored = self._stored(name)
            if area.text == stored:
                continue
            if name in self.edited:  # the facilitator's text stays, and is kept again at the next flush
                where, _, what = name.partition("-")
                self.pending[(self.role, what) if where == "grid" else ("", what)] = area.text
            else:
                area.load_text(stored)

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
        self.edited -= {f"grid-{name}" for name in GRID_FIELDS}
        grid = self.session.grid(self.station, self.role)
        for name in GRID_FIELDS:
            area = self.query_one(f"#grid-{name}", TextArea)
            area.load_text(grid[name])
        self.pending.clear()  # loading the texts is not typing

    def action_back(self) -> None:
        """Keep the typing and go back to the rotation."""
        self.flush()
        self.dismiss()
