"""One station's entry: the keeper's grid for a customer role, and what the channel asks of the worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Select, Static, TextArea

from scenarios.rehearsal import timer_text
from scenarios.rehearsal.stations import FACILITATOR, GRID_FIELDS, SKILL_KINDS, StationSession
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.rehearse.base import binding, field_keys, localize
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp
    from scenarios.tui.rehearse.phones import PhonesChanged

FLUSH_SECONDS = 1.0


class StationEntryScreen(Screen[None]):
    """What the keeper of `station` writes: the grid of the customer role chosen at the top, and the skills.

    What is typed here is kept in the session within a second, when a field is left, and on leaving the screen.

    When the keeper types on a phone, the new text shows here in every field not typed into since it last
    showed the session's text. In a field typed into here too, both are kept: the text there first, then the
    lines the other added (`merge.merge_texts`); the field's label names who else wrote in it, and a note says
    when two texts were put together. Each field is compared by its text (`bases`), never by which typing
    messages have arrived yet, so a burst of keys is never taken for text loaded from the session.
    """

    CSS_PATH = "stations.tcss"
    AUTO_FOCUS = "#grid-expects"
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("escape", "back", "back"),
        *field_keys(),
        binding("ctrl+q", "app.quit", "quit", priority=True),
    ]

    app: ScenariosApp

    def __init__(self, session: StationSession, station: str) -> None:
        super().__init__()
        self.session = session
        self.station = station
        visiting = session.visitor(station) if not session.is_done else None
        self.role = visiting.role if visiting is not None else session.roles[0]
        self.bases: dict[str, str] = {}
        """Field id → the session's text the field last showed: the field holds typing when its text differs."""

    def tr(self, key: str, **params: object) -> str:
        """A catalog string in the app's language."""
        return self.app.tr(key, **params)

    def compose(self) -> ComposeResult:
        """Heading, the role, the grid beside the skills."""
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
                    for name in GRID_FIELDS:
                        yield Label(Content(self._label(f"grid-{name}")), id=f"label-grid-{name}")
                        yield TextArea(self._base(f"grid-{name}"), id=f"grid-{name}", classes="entry-text")
                with Vertical(classes="entry-column"):
                    for kind in SKILL_KINDS:
                        yield Label(Content(self._label(f"skills-{kind}")), id=f"label-skills-{kind}")
                        yield TextArea(self._base(f"skills-{kind}"), id=f"skills-{kind}", classes="entry-text")
        yield KeysFooter()

    def _role_options(self) -> list[tuple[str, str]]:
        roles = self.session.roles
        return [(self.tr("stations.entry.role", customer=self.tr(f"customer.{role}")), role) for role in roles]

    def _base(self, name: str) -> str:
        """The session's text for field `name`, remembered as what the field shows."""
        self.bases[name] = self._stored(name)
        return self.bases[name]

    def _label(self, name: str) -> str:
        """A field's label, and who else wrote in it from a phone."""
        label, others = self._field_word(name), self._others(name)
        return label + " · " + self.tr("stations.entry.also", names=others) if others else label

    def _field_word(self, name: str) -> str:
        where, _, what = name.partition("-")
        return self.tr(f"stations.field.{what}" if where == "grid" else f"stations.kind.{what}")

    def _others(self, name: str) -> str:
        """Who wrote in field `name` from a phone (the keeper, as a rule), or ""."""
        where, _, what = name.partition("-")
        writers = self.session.written_by(self.station, self.role if where == "grid" else "", what)
        return ", ".join(who for who in writers if who != FACILITATOR)

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
        self.show_labels()

    def show_labels(self) -> None:
        """Every field's label as it stands (who else wrote there)."""
        for area in self.query(".entry-text").results(TextArea):
            self.query_one(f"#label-{area.id}", Label).update(Content(self._label(area.id or "")))

    def _heading(self) -> str:
        s = self.session
        heading = self.tr("stations.entry.heading", channel=self.tr(f"channel.{self.station}"),
                          keeper=s.keepers[self.station])  # fmt: skip
        if not s.is_done:
            heading += " · " + self.tr("stations.round_of", number=s.round_index + 1, of=s.rounds)
            heading += " · " + timer_text(s.remaining())
            if s.time_up():
                heading += " · " + self.tr("stations.time_up_short")
        return heading

    def on_mount(self) -> None:
        """Footer words; typing kept every second (`AUTO_FOCUS` puts the cursor in the first field)."""
        localize(self, self.app.language)
        self.set_interval(FLUSH_SECONDS, self.flush)

    def _stored(self, name: str) -> str:
        """What the session holds for the field with id `name` (on the role shown)."""
        where, _, what = name.partition("-")
        if where == "grid":
            return self.session.grid(self.station, self.role)[what]
        return self.session.station_skills(self.station)[what]

    def on_phones_changed(self, message: PhonesChanged) -> None:
        """The keeper (or someone) changed the session: their text in each field not typed into here; both texts
        in a field typed into on both sides."""
        for area in self.query(".entry-text").results(TextArea):
            name = area.id or ""
            stored = self._stored(name)
            if stored == self.bases.get(name):
                continue  # nothing new from elsewhere
            if area.text == self.bases.get(name):
                self.bases[name] = stored
                show_text(area, stored)
            else:
                self.keep(area)
        self.show_labels()

    def on_descendant_blur(self) -> None:
        """A field left: keep what was typed now."""
        self.flush()

    def flush(self) -> None:
        """Put what was typed into the session (which saves it), and the clock into the heading."""
        for area in self.query(".entry-text").results(TextArea):
            self.keep(area)
        if self.is_mounted:
            heading = self.query_one("#entry-heading", Static)
            heading.update(Content(self._heading()))
            heading.set_class(self.session.time_up(), "-up")

    def keep(self, area: TextArea) -> None:
        """Keep the field's typing in the session; if someone else wrote there meanwhile, show both texts."""
        name = area.id or ""
        base = self.bases.get(name, "")
        if area.text == base:
            return
        where, _, what = name.partition("-")
        if where == "grid":
            kept = self.session.fill_grid(self.station, self.role, what, area.text, base=base)
        else:
            kept = self.session.fill_skills(self.station, what, area.text, base=base)
        self.bases[name] = kept
        if kept.strip() != area.text.strip():  # someone else wrote here meanwhile: both texts, and a word on it
            show_text(area, kept)
            merged = self.tr("stations.entry.merged", field=self._field_word(name), names=self._others(name) or "–")
            self.notify(merged, markup=False, timeout=10)
            self.show_labels()

    def on_select_changed(self, event: Select.Changed) -> None:
        """Another customer role: keep the old role's typing, show the new role's grid."""
        if event.select.id != "role" or not isinstance(event.value, str) or event.value == self.role:
            return
        self.flush()
        self.role = event.value
        for name in GRID_FIELDS:
            self.query_one(f"#grid-{name}", TextArea).load_text(self._base(f"grid-{name}"))
        self.show_labels()

    def action_back(self) -> None:
        """Keep the typing and go back to the rotation."""
        self.flush()
        self.dismiss()


def show_text(area: TextArea, text: str) -> None:
    """Put `text` into `area`, the cursor staying in what was there: text added after it leaves the cursor where
    it was; text added before moves it down with the lines it stood in."""
    before, row_col = area.text, area.cursor_location
    area.load_text(text)
    offset = text.find(before) if before else -1
    if offset < 0:
        area.move_cursor(area.document.end)
        return
    row, column = row_col
    above = text[:offset].split("\n")
    area.move_cursor((row + len(above) - 1, column + (len(above[-1]) if row == 0 else 0)))
