"""The library: every story with its details and best result, filters, search, and broken files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from scenarios.i18n.present import customer_label, source_label, story_language
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.text import localize_bindings
from scenarios.visible import visible

if TYPE_CHECKING:  # the stories' modules load after the first frame, with the library
    from scenarios.story.library import Library
    from scenarios.story.loader import LoadResult
    from scenarios.story.model import Story
    from scenarios.tui.app import ScenariosApp


class LibraryScreen(Screen[None]):
    """Browse, filter and search the stories; Enter starts the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "move", id="move", show=False),
        Binding("up", "move(-1)", "move", id="move", show=False),
        # A priority binding: "/" is never typed into the search box, it focuses and selects it.
        Binding("slash", "search", "search", id="search", priority=True),
        Binding("escape", "clear", "clear", id="clear", show=False),
        Binding("f2", "app.glossary", "glossary", id="glossary"),
        Binding("f3", "app.progress", "progress", id="progress"),
        Binding("f4", "app.settings", "settings", id="settings"),
        Binding("f5", "app.rehearse", "rehearse", id="rehearse"),
    ]

    app: ScenariosApp

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.channel: str | None = None
        self.customer: str | None = None
        self.theme_filter: str | None = None
        self.highlighted: str | None = None
        self.pressed_on: int | None = None  # the highlighted row when a mouse button went down on the list

    # --- building --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Search and filters in one row, the list with the highlighted story's card beside it, the start button."""
        app = self.app
        yield Header()
        with Horizontal(id="filters"):
            yield Input(value=self.query_text, placeholder=app.tr("tui.library.search"), id="search", compact=True)
            yield Select(
                self._channel_options(),
                prompt=app.tr("tui.library.all_channels"),
                id="channel",
                value=self.channel or Select.NULL,
                compact=True,
            )
            yield Select(
                self._customer_options(),
                prompt=app.tr("tui.library.all_customers"),
                id="customer",
                value=self.customer or Select.NULL,
                compact=True,
            )
            yield Select(
                self._theme_options(),
                prompt=app.tr("tui.library.all_themes"),
                id="theme",
                value=self.theme_filter or Select.NULL,
                compact=True,
            )
        with Horizontal(id="library-body"):
            yield OptionList(id="stories")
            with VerticalScroll(id="card"):
                yield Static(id="card-body")
        with Horizontal(id="start-bar"):
            yield Button(Content(""), id="start", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_resize(self, event: events.Resize) -> None:
        """Below 100 columns the list takes the whole width; the card would leave it too narrow."""
        self.set_class(event.size.width < 100, "-narrow")

    def on_mount(self) -> None:
        """Fill the list and put the cursor in the search box."""
        localize_bindings(self, self.app.language)
        self.localize_menus()
        self.refresh_list()
        search = self.query_one("#search", Input)
        search.cursor_blink = self.app.cursor_blink
        search.focus()

    def library_loaded(self) -> None:
        """The stories have loaded after the first frame: fill in the filters and the list."""
        try:
            self.query_one("#channel", Select).set_options(self._channel_options())
            self.query_one("#customer", Select).set_options(self._customer_options())
            self.query_one("#theme", Select).set_options(self._theme_options())
        except NoMatches:  # being rebuilt (a language switch): the rebuild shows the stories
            return
        self.refresh_list()

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language in the settings."""
        self.retranslate()

    def retranslate(self) -> None:
        """Rebuild in the new language, keeping filters and the highlighted story."""
        self.refresh(recompose=True)
        self.call_after_refresh(self._after_recompose)

    def localize_menus(self) -> None:
        """The filter menus' own key (Escape closes an open menu) in the trainee's words."""
        for overlay in self.query("SelectOverlay"):
            localize_bindings(overlay, self.app.language)

    def _after_recompose(self) -> None:
        self.localize_menus()
        self.refresh_list()
        search = self.query_one("#search", Input)
        search.cursor_blink = self.app.cursor_blink
        if self.app.screen is self:
            search.focus()

    def library_changed(self) -> None:
        """The app reloaded the library (a story folder changed): list it again, keeping filters, search and focus."""
        self.refresh_list()

    def on_screen_resume(self) -> None:
        """Returning from a playthrough: best results may have changed; typing replaces the old search."""
        self.refresh_list()
        search = self.query_one("#search", Input)
        if self.app.screen is self and search.has_focus:
            search.select_all()

    # --- the list --------------------------------------------------------------------
    @property
    def _library(self) -> Library | None:
        return self.app.loaded_library

    def shown_entries(self) -> list[LoadResult]:
        """The entries that pass the filters and the search, broken ones last (none while loading)."""
        library = self._library
        if library is None:
            return []
        shown = [entry for entry in library.entries if entry.story and self._matches(entry.story)]
        filtering = self.channel or self.customer or self.theme_filter
        broken = [e for e in library.broken if not filtering and self._path_matches(e)]
        return shown + broken

    def refresh_list(self) -> None:
        """Show the visible entries; keep the highlight on the same story when it is still shown."""
        options = self.query_one("#stories", OptionList)
        entries = self.shown_entries()
        best = self.app.store.best() if entries else {}
        waiting = {record.story_id for record in self.app.trainer.waiting()} if entries else set()
        options.clear_options()
        items: list[Option | None] = []
        library = self._library
        if library is None:
            items.append(Option(Content(self.app.tr("tui.library.loading")), id="none", disabled=True))
        elif not entries:
            items.append(Option(Content(self.app.tr("tui.library.nothing")), id="none", disabled=True))
            if self.query_text or self.channel or self.customer or self.theme_filter:
                items.append(Option(Content(self.app.tr("tui.library.how_to_clear")), id="clear-hint", disabled=True))
        for entry in entries:
            option_id = f"s{library.entries.index(entry)}" if library is not None else ""
            if entry.story is not None:
                prompt = self._story_prompt(entry.story, best.get(entry.story.id), entry.story.id in waiting)
            else:
                prompt = self._broken_prompt(entry)
            if items:
                items.append(None)
            items.append(Option(prompt, id=option_id))
        options.add_options(items)
        ids = [f"s{library.entries.index(e)}" for e in entries] if library is not None else []
        target = self.highlighted if self.highlighted in ids else (ids[0] if ids else None)
        if target is not None:
            options.highlighted = options.get_option_index(target)
        self.show_card(target)

    def entry(self, option_id: str | None) -> LoadResult | None:
        """The library entry behind an option id."""
        library = self._library
        if option_id is None or not option_id.startswith("s") or library is None:
            return None
        return library.entries[int(option_id[1:])]

    def show_card(self, option_id: str | None) -> None:
        """Show the card of the highlighted entry: details and summary, or the file's errors."""
        self.highlighted = option_id
        entry = self.entry(option_id)
        body = self.query_one("#card-body", Static)
        start = self.query_one("#start", Button)
        if entry is None:
            body.update(Content(""))
            start.display = False
        elif entry.story is None:
            body.update(self._broken_card(entry))
            start.display = False
        else:
            body.update(self._story_card(entry.story))
            title = self.app.story_text(entry.story, entry.story.title)
            start.label = Content(self.app.tr("tui.library.start_story", title=title))
            start.display = True

    # --- events ----------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.refresh_list()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.action_start()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else str(event.value)
        if event.select.id == "channel":
            self.channel = value
        elif event.select.id == "customer":
            self.customer = value
        elif event.select.id == "theme":
            self.theme_filter = value
        self.refresh_list()

    @on(OptionList.OptionHighlighted, "#stories")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_card(event.option.id)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Remember which story was highlighted before a click on the list (a click selects, a second starts)."""
        options = self.query_one("#stories", OptionList)
        self.pressed_on = options.highlighted if event.widget is options else None

    @on(OptionList.OptionSelected, "#stories")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        clicked, self.pressed_on = self.pressed_on, None
        self.show_card(event.option.id)
        if clicked is None or clicked == event.option_index:
            self.action_start()

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    def action_move(self, step: int) -> None:
        """Move the highlight in the list (works while typing in the search box)."""
        options = self.query_one("#stories", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_search(self) -> None:
        """Put the cursor in the search box with its text selected, so typing starts a new search."""
        search = self.query_one("#search", Input)
        search.cursor_blink = self.app.cursor_blink
        search.focus()
        search.select_all()

    def action_clear(self) -> None:
        """Escape: clear the search first, then the filters."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
            search.focus()
            return
        for select in self.query(Select):
            select.clear()

    def action_start(self) -> None:
        """Start the highlighted story (a broken one only shows its errors)."""
        entry = self.entry(self.highlighted)
        if entry is not None and entry.story is not None:
            self.app.open_story_from_library(entry.story)

    # --- words -----------------------------------------------------------------------
    def _lang(self, story: Story) -> str:
        return story_language(story, self.app.language)

    def _matches(self, story: Story) -> bool:
        if self.channel and story.channel.value != self.channel:
            return False
        if self.customer and story.customer_type != self.customer:
            return False
        if self.theme_filter and story.theme.value != self.theme_filter:
            return False
        words = self.query_text.casefold().split()
        if not words:
            return True
        app, lang = self.app, self.app.language
        haystack = " ".join(
            (
                story.id,
                app.story_text(story, story.title),
                app.story_text(story, story.summary),
                customer_label(story, lang),
                app.tr(f"channel.{story.channel.value}"),
                app.tr(f"theme.{story.theme.value}"),
                " ".join(story.tags),
            )
        ).casefold()
        return all(word in haystack for word in words)

    def _path_matches(self, entry: LoadResult) -> bool:
        words = self.query_text.casefold().split()
        return all(word in entry.path.casefold() for word in words)

    def _stories(self) -> list[Story]:
        return self._library.stories if self._library is not None else []

    def _channel_options(self) -> list[tuple[Content, str]]:
        channels = sorted({story.channel.value for story in self._stories()})
        return [(Content(self.app.tr(f"channel.{channel}")), channel) for channel in channels]

    def _customer_options(self) -> list[tuple[Content, str]]:
        present = {story.customer_type for story in self._stories()}
        if not present:
            return []
        from scenarios.story.model import CustomerType

        return [
            (Content(self.app.tr(f"customer.{kind.value}")), kind.value)
            for kind in CustomerType
            if kind.value in present
        ]

    def _theme_options(self) -> list[tuple[Content, str]]:
        present = {story.theme.value for story in self._stories()}
        if not present:
            return []
        from scenarios.story.model import Theme

        return [
            (Content(self.app.tr(f"theme.{theme.value}")), theme.value) for theme in Theme if theme.value in present
        ]

    def _details(self, story: Story) -> str:
        app = self.app
        return " · ".join(
            (
                app.tr(f"channel.{story.channel.value}"),
                customer_label(story, self.app.language),
                app.tr(f"difficulty.{story.difficulty.value}"),
                app.tr("tui.library.minutes", minutes=story.minutes),
            )
        )

    def _best(self, record: Any, key: str = "tui.library.best") -> str:
        if record is None:
            return self.app.tr("tui.library.not_played")
        return self.app.tr(key, got=record.solution_focused, of=record.decisions)

    def _story_prompt(self, story: Story, record: Any, unfinished: bool) -> Content:
        meta = f"{self._details(story)} · {self._best(record)}"
        origin = self.app.library.origin_of(story.id)
        if origin is not None and origin.notable:
            meta += f" · {origin.label(self.app.language)}"
        if unfinished:
            meta += f" · ⏸ {self.app.tr('tui.library.unfinished')}"
        return Content.assemble((self.app.story_text(story, story.title), "bold"), "\n", (meta, "dim"))

    def _broken_prompt(self, entry: LoadResult) -> Content:
        return Content.assemble(
            (self.app.tr("tui.library.broken_title"), "bold"), "\n", (visible(entry.path, one_line=True), "dim")
        )

    def _story_card(self, story: Story) -> Content:
        app = self.app
        record = app.store.best().get(story.id)
        rows = [
            (app.tr("tui.card.channel"), app.tr(f"channel.{story.channel.value}")),
            (app.tr("tui.card.customer"), customer_label(story, self.app.language)),
            (app.tr("tui.card.theme"), app.tr(f"theme.{story.theme.value}")),
            (app.tr("tui.card.difficulty"), app.tr(f"difficulty.{story.difficulty.value}")),
            (app.tr("tui.card.minutes"), app.tr("tui.library.minutes", minutes=story.minutes)),
            (app.tr("tui.card.source"), source_label(story.source, app.language)),
            (app.tr("tui.card.best"), self._best(record, key="tui.card.best_value")),
        ]
        if any(info.origin.notable for info in app.library.infos):
            rows.append((app.tr("library.origin.label"), self._origin(story)))  # only when there is a choice to tell
        parts: list[str | tuple[str, str]] = [(app.story_text(story, story.title), "bold"), "\n\n"]
        parts += [app.story_text(story, story.summary), "\n\n"]
        for label, value in rows:
            parts += [(f"{label}: ", "bold"), value, "\n"]
        if story.fictional:
            parts += ["\n", (app.tr("story.fictional"), "italic"), "\n"]
        if self._lang(story) != app.language:
            parts += ["\n", (app.tr("plain.language_fallback", asked=app.language, shown=self._lang(story)), "italic")]
        return Content.assemble(*parts)

    def _origin(self, story: Story) -> str:
        origin = self.app.library.origin_of(story.id)
        return origin.label(self.app.language) if origin is not None else "—"

    def _broken_card(self, entry: LoadResult) -> Content:
        app = self.app
        parts: list[str | tuple[str, str]] = [(app.tr("tui.library.broken_title"), "bold"), "\n\n"]
        parts += [app.tr("tui.library.broken_help", path=visible(entry.path, one_line=True)), "\n\n"]
        for diagnostic in entry.diagnostics:
            parts += [diagnostic.format(app.language), "\n\n"]
        return Content.assemble(*parts)
