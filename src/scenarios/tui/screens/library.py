"""The library: every story with its details and best result, filters, search, and broken files.

It lists the library's metadata (`Library.infos`, `Library.broken_infos`: from the index cache, so
no YAML is parsed and no story model is built); a story is loaded when it is started.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Select, Static
from textual.widgets._select import SelectOverlay  # not exported by textual.widgets; the open menu of a Select
from textual.widgets.option_list import Option

from scenarios.i18n.catalog import in_language, t
from scenarios.i18n.present import language_fallback, source_label
from scenarios.story.kinds import CustomerType, Theme
from scenarios.tui.messages import LanguageChanged, LibraryChanged
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.header import Header
from scenarios.tui.widgets.keys_footer import KeysFooter, MoreKeys
from scenarios.tui.widgets.start_button import StartButton
from scenarios.visible import visible

if TYPE_CHECKING:  # the library's module loads after the first frame; the stories when one is started
    from typing_extensions import TypeIs

    from scenarios.store import PlaythroughRecord
    from scenarios.story.library import BrokenInfo, Library, StoryInfo
    from scenarios.tui.app import ScenariosApp

    Item = StoryInfo | BrokenInfo


class SearchInput(Input):
    """The library's search box; `?` is the key for the keys of the screen, never a search character."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Every printable character but `?` is typed into the search."""
        return character != "?" and super().check_consume_key(key, character)


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
        # The facilitator's key, listed by `?` and in the commands; the keys line keeps room for `?`.
        Binding("f5", "app.rehearse", "rehearse", id="rehearse", show=False),
        # A priority binding like "/": `?` shows the keys even while the search box has the focus.
        Binding("question_mark", "app.keys", "keys", id="keys", priority=True),
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
        self.filters_shown = False
        self._items_of: Library | None = None
        self._items_in = ""
        self._items: tuple[Item, ...] = ()

    # --- building --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Search and filters in one row, the list with the highlighted story's card beside it, the start button."""
        app = self.app
        yield Header()
        with Horizontal(id="filters"):
            yield SearchInput(
                value=self.query_text, placeholder=app.tr("tui.library.search"), id="search", compact=True
            )
            if self.filters_shown:
                yield from self._filters()
        with Horizontal(id="library-body"):
            yield OptionList(id="stories")
            with VerticalScroll(id="card"):
                yield Static(id="card-body")
        with Horizontal(id="start-bar"):
            yield StartButton(Content(""), id="start", variant="primary", compact=True)
            due = Static(id="review-due", markup=False)
            due.display = False  # said only when review items are due
            yield due
        more = [("f6", "tui.key.lessons", "app.lessons"), ("f7", "tui.key.review", "app.review")]
        yield MoreKeys(more, id="more-keys")  # the keys line has no room for them in Finnish
        yield KeysFooter(compact=True)

    def _filters(self) -> list[Select[str]]:
        """The channel, customer and theme menus, set to the chosen filters."""
        return [
            Select(
                self._channel_options(),
                prompt=self.app.tr("tui.library.all_channels"),
                id="channel",
                value=self.channel or Select.NULL,
                compact=True,
            ),
            Select(
                self._customer_options(),
                prompt=self.app.tr("tui.library.all_customers"),
                id="customer",
                value=self.customer or Select.NULL,
                compact=True,
            ),
            Select(
                self._theme_options(),
                prompt=self.app.tr("tui.library.all_themes"),
                id="theme",
                value=self.theme_filter or Select.NULL,
                compact=True,
            ),
        ]

    async def show_filters(self) -> None:
        """Add the filter menus once the first frame is on screen: three menus are the costliest part of this
        screen to build and style, and they have no stories to offer before the library is listed anyway."""
        if self.filters_shown:
            return
        self.filters_shown = True
        try:
            row = self.query_one("#filters", Horizontal)
        except NoMatches:  # being rebuilt (a language switch): the rebuild has them
            return
        await row.mount(*self._filters())
        self.localize_menus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """An open filter menu adds its own keys to the keys line: the commands' key steps aside meanwhile
        (at 80 columns they would overlap)."""
        self.query_one(KeysFooter).show_command_palette = not isinstance(event.widget, SelectOverlay)

    def on_resize(self, event: events.Resize) -> None:
        """Below 100 columns the list takes the whole width; the card would leave it too narrow."""
        self.set_class(event.size.width < 100, "-narrow")

    def on_mount(self) -> None:
        """Fill the list and put the cursor in the search box."""
        localize_bindings(self, self.app.language)
        self.localize_menus()
        self.refresh_list()
        if self._library is not None:  # else said once the library has loaded, after the first frame
            self.show_review_due()
        if self.app.first_frame_shown:
            self.call_later(self.show_filters)
        search = self.query_one("#search", Input)
        search.cursor_blink = self.app.cursor_blink
        search.focus()

    def library_loaded(self) -> None:
        """The stories have loaded after the first frame: fill in the filters, the list and what review waits."""
        self.show_review_due()
        if self.filters_shown:
            try:
                self.query_one("#channel", Select).set_options(self._channel_options())
                self.query_one("#customer", Select).set_options(self._customer_options())
                self.query_one("#theme", Select).set_options(self._theme_options())
            except NoMatches:  # being rebuilt (a language switch), or still being added: made with the options
                pass
        try:
            self.refresh_list()
        except NoMatches:  # being rebuilt: the rebuild shows the stories
            return

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language in the settings."""
        self.retranslate()

    def retranslate(self) -> None:
        """Rebuild in the new language, keeping the filters and the highlighted story; a search typed in the
        other language is cleared (its words would find nothing, or the wrong stories)."""
        self.query_text = ""
        self.refresh(recompose=True)
        self.call_after_refresh(self._after_recompose)

    def localize_menus(self) -> None:
        """The filter menus' own key (Escape closes an open menu) in the trainee's words."""
        for overlay in self.query("SelectOverlay"):
            localize_bindings(overlay, self.app.language)

    def _after_recompose(self) -> None:
        self.localize_menus()
        self.refresh_list()
        self.show_review_due()
        search = self.query_one("#search", Input)
        search.cursor_blink = self.app.cursor_blink
        if self.app.screen is self:
            search.focus()

    def on_library_changed(self, message: LibraryChanged) -> None:
        """The app reloaded the library (a story folder changed): list it again, keeping filters, search and focus."""
        self.refresh_list()
        self.show_review_due()

    def show_review_due(self) -> None:
        """Say beside the start button how many decisions are due for the day's review (nothing when none)."""
        from scenarios.trainer.due import due_count

        library = self._library
        try:
            line = self.query_one("#review-due", Static)
        except NoMatches:  # being rebuilt (a language switch): the rebuild says it
            return
        count = due_count(self.app.store, {info.id for info in library.infos}, self.app.clock) if library else 0
        line.update(self.app.tr("tui.library.review_due", count=count) if count else "")
        line.display = bool(count)

    def on_screen_resume(self) -> None:
        """Returning from a playthrough: best results may have changed; typing replaces the old search."""
        self.refresh_list()
        self.show_review_due()
        search = self.query_one("#search", Input)
        if self.app.screen is self and search.has_focus:
            search.select_all()

    # --- the list --------------------------------------------------------------------
    @property
    def _library(self) -> Library | None:
        return self.app.loaded_library

    def items(self) -> tuple[Item, ...]:
        """Every story of the library as metadata, then every file that does not load (none while loading)."""
        library = self._library
        if library is None:
            return ()
        language = self.app.language
        if self._items_of is not library or self._items_in != language:  # once per library (a reload makes a new one)
            stories = sorted(library.infos, key=lambda info: title_order(self._text(info, info.title)))
            self._items_of, self._items_in, self._items = library, language, (*stories, *library.broken_infos)
        return self._items

    def shown_entries(self) -> list[Item]:
        """The entries that pass the filters and the search, broken ones last (none while loading).

        Stories in the trainee's language come first (a Swedish-speaking trainee sees the stories told in
        Swedish before those shown in their first language); the order is otherwise the library's."""
        filtering = self.channel or self.customer or self.theme_filter
        language = self.app.language
        matching = [item for item in self.items() if _is_story(item) and self._matches(item)]
        stories: list[Item] = sorted(matching, key=lambda info: _is_story(info) and info.language(language) != language)
        broken = [item for item in self.items() if not _is_story(item) and not filtering]
        return stories + [item for item in broken if self._path_matches(item)]

    def refresh_list(self) -> None:
        """Show the visible entries; keep the highlight on the same story when it is still shown."""
        options = self.query_one("#stories", OptionList)
        entries = self.shown_entries()
        best = self.app.store.best() if entries else {}
        # Read from the store directly: the trainer (and with it the engine) waits until a story is played.
        waiting = {record.story_id for record in self.app.store.interrupted()} if entries else set()
        options.clear_options()
        items: list[Option | None] = []
        if self._library is None:
            items.append(Option(Content(self.app.tr("tui.library.loading")), id="none", disabled=True))
        elif not entries:
            items.append(Option(Content(self.app.tr("tui.library.nothing")), id="none", disabled=True))
            if self.query_text or self.channel or self.customer or self.theme_filter:
                items.append(Option(Content(self.app.tr("tui.library.how_to_clear")), id="clear-hint", disabled=True))
        ids = [self._option_id(entry) for entry in entries]
        for entry, option_id in zip(entries, ids, strict=True):
            if _is_story(entry):
                prompt = self._story_prompt(entry, best.get(entry.id), entry.id in waiting)
            else:
                prompt = self._broken_prompt(entry)
            if items:
                items.append(None)
            items.append(Option(prompt, id=option_id))
        options.add_options(items)
        target = self.highlighted if self.highlighted in ids else (ids[0] if ids else None)
        if target is not None:
            options.highlighted = options.get_option_index(target)
        self.show_card(target)

    def _option_id(self, entry: Item) -> str:
        """The entry's option id: the story's id, or a broken file's path (the same in every language and order)."""
        return f"story:{entry.id}" if _is_story(entry) else f"file:{entry.path}"

    def entry(self, option_id: str | None) -> Item | None:
        """The library entry behind an option id."""
        return next((item for item in self.items() if self._option_id(item) == option_id), None)

    def show_card(self, option_id: str | None) -> None:
        """Show the card of the highlighted entry: details and summary, or the file's errors."""
        self.highlighted = option_id
        entry = self.entry(option_id)
        body = self.query_one("#card-body", Static)
        start = self.query_one("#start", Button)
        if entry is None:
            body.update(Content(""))
            start.display = False
        elif not _is_story(entry):
            body.update(self._broken_card(entry))
            start.display = False
        else:
            body.update(self._story_card(entry))
            start.label = Content(self.app.tr("tui.library.start_story", title=self._text(entry, entry.title)))
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

    def search_for(self, query: str) -> None:
        """Put `query` in the search box (the list follows) and the cursor after it."""
        search = self.query_one("#search", Input)
        search.value = query
        search.cursor_position = len(query)
        search.focus()

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
        """Start the highlighted story, loading it now (a broken one only shows its errors, on its card).

        A story whose file no longer loads (edited since it was listed) shows its errors instead.
        """
        entry = self.entry(self.highlighted)
        if entry is not None and _is_story(entry):
            self.app.open_story_by_id(entry.id)

    # --- words -----------------------------------------------------------------------
    def _text(self, info: StoryInfo, value: dict[str, str] | None) -> str:
        """A text of the story in the trainee's language (or the story's own first language)."""
        return info.text(value, info.language(self.app.language))

    def _customer(self, info: StoryInfo) -> str:
        """The customer: the story's own description if it has one, else the customer type in words."""
        if info.customer_description:
            return self._text(info, info.customer_description)
        return t(f"customer.{info.customer}", self.app.language)

    def _matches(self, info: StoryInfo) -> bool:
        if self.channel and info.channel != self.channel:
            return False
        if self.customer and info.customer != self.customer:
            return False
        if self.theme_filter and info.theme != self.theme_filter:
            return False
        words = self.query_text.casefold().split()
        if not words:
            return True
        app = self.app
        haystack = " ".join(
            (
                info.id,
                self._text(info, info.title),
                self._text(info, info.summary),
                self._customer(info),
                app.tr(f"channel.{info.channel}"),
                app.tr(f"theme.{info.theme}"),
                " ".join(info.tags),
                info.origin.label(app.language) if info.origin.notable else "",  # "tiimi" finds the team's
            )
        ).casefold()
        return all(word in haystack for word in words)

    def _path_matches(self, entry: BrokenInfo) -> bool:
        words = self.query_text.casefold().split()
        return all(word in entry.path.casefold() for word in words)

    def _stories(self) -> list[StoryInfo]:
        return [item for item in self.items() if _is_story(item)]

    def _channel_options(self) -> list[tuple[Content, str]]:
        channels = sorted({info.channel for info in self._stories()})
        return [(Content(self.app.tr(f"channel.{channel}")), channel) for channel in channels]

    def _customer_options(self) -> list[tuple[Content, str]]:
        present = {info.customer for info in self._stories()}
        return [
            (Content(self.app.tr(f"customer.{kind.value}")), kind.value)
            for kind in CustomerType
            if kind.value in present
        ]

    def _theme_options(self) -> list[tuple[Content, str]]:
        present = {info.theme for info in self._stories()}
        return [
            (Content(self.app.tr(f"theme.{theme.value}")), theme.value) for theme in Theme if theme.value in present
        ]

    def _details(self, info: StoryInfo) -> str:
        app = self.app
        return " · ".join(
            (
                app.tr(f"channel.{info.channel}"),
                self._customer(info),
                app.tr(f"difficulty.{info.difficulty}"),
                app.tr("tui.library.minutes", minutes=info.minutes),
            )
        )

    def _best(self, record: PlaythroughRecord | None, key: str = "tui.library.best") -> str:
        if record is None:
            return self.app.tr("tui.library.not_played")
        return self.app.tr(key, got=record.solution_focused, of=record.decisions)

    def _story_prompt(self, info: StoryInfo, record: PlaythroughRecord | None, unfinished: bool) -> Content:
        meta = f"{self._details(info)} · {self._best(record)}"
        shown = info.language(self.app.language)
        if shown != self.app.language:  # told first, as the folder is: a narrow screen cuts the end off
            meta = f"{in_language(shown, self.app.language)} · {meta}"
        if info.origin.notable:  # first, and the folder by its name: at the end a narrow screen cut it off
            meta = f"{info.origin.label(self.app.language, short=True)} · {meta}"
        if unfinished:
            meta += f" · ⏸ {self.app.tr('tui.library.unfinished')}"
        title: list[str | tuple[str, str]] = [(self._text(info, info.title), "bold")]
        if info.own_words and self.app.settings.own_words == "on":  # on the title's line: the details' is full
            title.append((f"  ✎ {self.app.tr('tui.library.own_words')}", "dim"))
        return Content.assemble(*title, "\n", (meta, "dim"))

    def _broken_prompt(self, entry: BrokenInfo) -> Content:
        return Content.assemble(
            (self.app.tr("tui.library.broken_title"), "bold"), "\n", (visible(entry.path, one_line=True), "dim")
        )

    def _story_card(self, info: StoryInfo) -> Content:
        app = self.app
        record = app.store.best().get(info.id)
        rows = [
            (app.tr("tui.card.channel"), app.tr(f"channel.{info.channel}")),
            (app.tr("tui.card.customer"), self._customer(info)),
            (app.tr("tui.card.theme"), app.tr(f"theme.{info.theme}")),
            (app.tr("tui.card.difficulty"), app.tr(f"difficulty.{info.difficulty}")),
            (app.tr("tui.card.minutes"), app.tr("tui.library.minutes", minutes=info.minutes)),
            (app.tr("tui.card.source"), source_label(info.source, app.language)),
            (app.tr("tui.card.best"), self._best(record, key="tui.card.best_value")),
        ]
        if info.own_words:
            rows.insert(-1, (app.tr("tui.card.own_words"), app.tr("tui.card.own_words_value", count=info.own_words)))
        if any(item.origin.notable for item in self._stories()):
            rows.append(
                (app.tr("library.origin.label"), info.origin.label(app.language))
            )  # only when there is a choice to tell
        parts: list[str | tuple[str, str]] = [(self._text(info, info.title), "bold"), "\n\n"]
        parts += [self._text(info, info.summary), "\n\n"]
        for label, value in rows:
            parts += [(f"{label}: ", "bold"), value, "\n"]
        if info.fictional:
            note = self._text(info, info.fictional_note) if info.fictional_note else app.tr("story.fictional")
            parts += ["\n", (note, "italic"), "\n"]
        shown = info.language(app.language)
        if shown != app.language:
            parts += ["\n", (language_fallback(app.language, shown), "italic")]
        return Content.assemble(*parts)

    def _broken_card(self, entry: BrokenInfo) -> Content:
        app = self.app
        parts: list[str | tuple[str, str]] = [(app.tr("tui.library.broken_title"), "bold"), "\n\n"]
        parts += [app.tr("tui.library.broken_help", path=visible(entry.path, one_line=True)), "\n\n"]
        for diagnostic in entry.diagnostics:
            parts += [diagnostic.format(app.language), "\n\n"]
        return Content.assemble(*parts)


FINNISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})
"""Å, Ä and Ö after Z, as the Finnish alphabet has them (plain code points put Ä before Å)."""


def title_order(title: str) -> str:
    """The sorting key of a title: letters only from the first one on (a quote or a dash does not count),
    case ignored, Å Ä Ö last."""
    start = next((i for i, char in enumerate(title) if char.isalnum()), 0)
    return title[start:].casefold().translate(FINNISH_ORDER)


def _is_story(item: Item) -> TypeIs[StoryInfo]:
    """True for a story's metadata, False for a file that does not load (told apart without importing the library)."""
    return hasattr(item, "title")
