"""Progress: the best result per story and the history of finished playthroughs."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text as RichText
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from scenarios.engine import SaveError, from_json
from scenarios.i18n.catalog import moment_text
from scenarios.i18n.messages import render
from scenarios.store import PlaythroughRecord
from scenarios.tui.messages import LanguageChanged, OutboxChanged
from scenarios.tui.screens.debrief import DebriefScreen, PastPlaythrough
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.header import Header
from scenarios.tui.widgets.keys_footer import KeysFooter
from scenarios.visible import visible

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


NARROW = 100
"""Below this many columns the tables drop the ideal-choices column and shorten the date and the result."""
MARGIN = 8
"""Columns around a table: the page's padding and room for the page's and the table's scrollbars."""
STORY_MIN = 12
"""The story column never gets narrower than this; long titles wrap onto more lines instead."""


class ProgressScreen(Screen[None]):
    """Two tables: best per story, and every finished playthrough (date, story, mode, result).

    The tables fit the screen's width (no sideways scrolling): story titles wrap in their column,
    and below `NARROW` columns the date is shorter, the result is a plain count and the ideal
    choices are left out (the debrief a row opens has them all).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "close", id="close"),
        Binding("f6", "app.lessons", "lessons", id="lessons"),  # its neighbour: what the playthroughs taught
    ]

    app: ScenariosApp

    def compose(self) -> ComposeResult:
        """Headings and tables (filled on mount)."""
        app = self.app
        yield Header()
        with VerticalScroll(classes="page"):
            yield Static(Content(app.tr("tui.progress.best")), classes="heading")
            yield DataTable(id="best", cursor_type="row", zebra_stripes=True)
            yield Static(Content(app.tr("tui.progress.history")), classes="heading")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            yield Static(Content(app.tr("tui.progress.none")), id="empty")
            yield Static(Content(app.tr("tui.progress.open_hint")), id="open-hint")
            yield Static(Content(""), id="outbox")
        yield KeysFooter(compact=True)

    filled_for: int | None = None
    """The screen width the tables were last laid out for."""

    def on_mount(self) -> None:
        """Fill the tables from the store; the history has the focus, so Enter opens a playthrough's debrief."""
        localize_bindings(self, self.app.language)
        self.fill()
        self.focus_table()

    def focus_table(self) -> None:
        """Focus the history (else the best results) when it has rows."""
        for table_id in ("#history", "#best"):
            table = self.query_one(table_id, DataTable)
            if table.row_count:
                table.focus()
                return

    def on_resize(self, event: events.Resize) -> None:
        """Lay the tables out again for the new width."""
        if event.size.width != self.filled_for:
            self.fill()

    @property
    def narrow(self) -> bool:
        """True when the screen is too narrow for every column."""
        return self.size.width < NARROW

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language in the settings."""
        self.retranslate()

    def retranslate(self) -> None:
        """Redraw in the new language."""
        self.refresh(recompose=True)
        self.call_after_refresh(self.fill)
        self.call_after_refresh(self.focus_table)

    def on_outbox_changed(self, message: OutboxChanged) -> None:
        """A sync ended: what waits now."""
        self.outbox_changed()

    def outbox_changed(self) -> None:
        """Say quietly how many learning records wait to be sent (nothing when no LRS is set or none wait)."""
        note = self.app.outbox_note()
        outbox = self.query_one("#outbox", Static)
        outbox.update(Content(note or ""))
        outbox.display = note is not None

    def fill(self) -> None:
        """Put the store's records in the tables."""
        app = self.app
        self.outbox_changed()
        history = app.store.history()
        best = app.store.best()
        self.query_one("#empty").display = not history
        self.query_one("#open-hint").display = bool(history)
        self.filled_for = self.size.width
        names = (
            ["date", "story", "mode", "result", "ending"]
            if self.narrow
            else ["date", "story", "mode", "result", "ideal", "ending"]
        )
        headers = [RichText(app.tr(f"tui.progress.{name}")) for name in names]
        for table_id, records in (("#best", list(best.values())), ("#history", history)):
            table = self.query_one(table_id, DataTable)
            table.clear(columns=True)
            table.display = bool(records)
            rows = [self.row(record) for record in records]
            widths = [max([header.cell_len, *(row[i].cell_len for row in rows)]) for i, header in enumerate(headers)]
            story = names.index("story")
            others = sum(width for i, width in enumerate(widths) if i != story)
            room = self.size.width - MARGIN - others - 2 * table.cell_padding * len(names)
            widths[story] = max(STORY_MIN, min(widths[story], room))
            for header, width in zip(headers, widths, strict=True):
                table.add_column(header, width=width)
            for record, row in zip(records, rows, strict=True):
                table.add_row(*row, key=str(record.id), height=None)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        """Enter or a click on a row: that playthrough's debrief."""
        if event.row_key.value is not None:
            self.open_debrief(int(event.row_key.value))

    def open_debrief(self, record_id: int) -> None:
        """Show the debrief of a stored playthrough, or say plainly why it cannot be shown."""
        app = self.app
        record = app.store.get(record_id)
        story = app.library.get(record.story_id) if record is not None else None
        if record is None or story is None:
            title = record.title if record is not None else "?"
            app.notify(app.tr("tui.resume.story_missing", story=title), severity="warning", markup=False)
            return
        try:
            play = from_json(story, record.save, clock=app.clock)
        except SaveError as error:
            reason = render(error.code, error.params, app.language)
            app.notify(app.tr("tui.progress.cannot_open", reason=reason), severity="warning", markup=False)
            return
        app.push_screen(DebriefScreen(PastPlaythrough(story, play, record.mode)))

    def row(self, record: PlaythroughRecord) -> list[RichText]:
        """One record's cells, as plain text (story titles are never markup)."""
        app = self.app
        story = app.library.get(record.story_id)
        title = app.story_text(story, story.title) if story is not None else visible(record.title, one_line=True)
        outcome = app.tr(f"outcome.{record.outcome}") if record.outcome else "–"
        if self.narrow:
            cells = [
                moment_text(record.updated_at, app.language, time_of_day=False),
                title,
                app.tr(f"tui.mode_name.{record.mode}"),
                f"{record.solution_focused}/{record.decisions}",
                outcome,
            ]
        else:
            cells = [
                moment_text(record.updated_at, app.language),
                title,
                app.tr(f"tui.mode_name.{record.mode}"),
                app.tr("tui.progress.score", got=record.solution_focused, of=record.decisions),
                f"{record.ideal}/{record.decisions}",
                outcome,
            ]
        return [RichText(cell) for cell in cells]
