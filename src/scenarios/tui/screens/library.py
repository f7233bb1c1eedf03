"""The library: every story with its details and best result, filters, search, and broken files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from scenarios.loader import LoadResult
from scenarios.model import CustomerType, Story, Theme
from scenarios.present import customer_label, story_language

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


class LibraryScreen(Screen[None]):
    """Browse, filter and search the stories; Enter starts the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "move", id="move", show=False),
        Binding("up", "move(-1)", "move", id="move", show=False),
        Binding("slash", "search", "search", id="search"),
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

    # --- building --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Filters on top, the list of stories on the left, the highlighted story's card on the right."""
        app = self.app
        yield Header()
        with Horizontal(id="filters"):
            yield Input(value=self.query_text, placeholder=app.tr("tui.library.search"), id="search")
            yield Select(
                self._channel_options(),
                prompt=app.tr("tui.library.all_channels"),
                id="channel",
                value=self.channel or Select.NULL,
            )
            yield Select(
                self._customer_options(),
                prompt=app.tr("tui.library.all_customers"),
                id="customer",
                value=self.customer or Select.NULL,
            )
            yield Select(
                self._theme_options(),
                prompt=app.tr("tui.library.all_themes"),
                id="theme",
                value=self.theme_filter or Select.NULL,
            )
        with Horizontal(id="library-body"):
            yield OptionList(id="stories")
            with VerticalScroll(id="card"):
                yield Static(id="card-body")
                yield Button(app.tr("tui.library.start"), id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the list and put the cursor in the search box."""
        from scenarios.tui.text import localize_bindings

        localize_bindings(self, self.app.language)
        self.refresh_list()
        search = self.query_one("#search", Input)
        search.cursor_blink = self.app.cursor_blink
        search.focus()

    def retranslate(self) -> None:
        """Rebuild in the new language, keeping filters and the highlighted story."""
        self.refresh(recompose=True)
        self.call_after_refresh(self._after_recompose)

    def _after_recompose(self) -> None:
        self.refresh_list()
        search = self.query_one("#search", Input)
        search.cursor_blink = self.app.cursor_blink
        if self.app.screen is self:
            search.focus()

    def library_changed(self) -> None:
        """The app reloaded the library (a story folder changed): list it again, keeping filters, search and focus."""
        self.refresh_list()

    def on_screen_resume(self) -> None:
        """Returning from a playthrough: best results may have changed."""
        self.refresh_list()

    # --- the list --------------------------------------------------------------------
    def visible(self) -> list[LoadResult]:
        """The entries that pass the filters and the search, broken ones last."""
        shown = [entry for entry in self.app.library.entries if entry.story and self._matches(entry.story)]
        filtering = self.channel or self.customer or self.theme_filter
        broken = [e for e in self.app.library.broken if not filtering and self._path_matches(e)]
        return shown + broken

    def refresh_list(self) -> None:
        """Show the visible entries; keep the highlight on the same story when it is still shown."""
        options = self.query_one("#stories", OptionList)
        best = self.app.store.best()
        waiting = {record.story_id for record in self.app.store.interrupted()}
        entries = self.visible()
        options.clear_options()
        items: list[Option | None] = []
        if not entries:
            items.append(Option(Content(self.app.tr("tui.library.nothing")), id="none", disabled=True))
        for entry in entries:
            option_id = f"s{self.app.library.entries.index(entry)}"
            if entry.story is not None:
                prompt = self._story_prompt(entry.story, best.get(entry.story.id), entry.story.id in waiting)
            else:
                prompt = self._broken_prompt(entry)
            if items:
                items.append(None)
            items.append(Option(prompt, id=option_id))
        options.add_options(items)
        ids = [f"s{self.app.library.entries.index(e)}" for e in entries]
        target = self.highlighted if self.highlighted in ids else (ids[0] if ids else None)
        if target is not None:
            options.highlighted = options.get_option_index(target)
        self.show_card(target)

    def entry(self, option_id: str | None) -> LoadResult | None:
        """The library entry behind an option id."""
        if option_id is None or not option_id.startswith("s"):
            return None
        return self.app.library.entries[int(option_id[1:])]

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

    @on(OptionList.OptionSelected, "#stories")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.show_card(event.option.id)
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
        """Put the cursor in the search box."""
        search = self.query_one("#search", Input)
        search.cursor_blink = self.app.cursor_blink
        search.focus()

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
        app, lang = self.app, self._lang(story)
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

    def _channel_options(self) -> list[tuple[Content, str]]:
        channels = sorted({story.channel.value for story in self.app.library.stories})
        return [(Content(self.app.tr(f"channel.{channel}")), channel) for channel in channels]

    def _customer_options(self) -> list[tuple[Content, str]]:
        present = {story.customer_type for story in self.app.library.stories}
        return [
            (Content(self.app.tr(f"customer.{kind.value}")), kind.value)
            for kind in CustomerType
            if kind.value in present
        ]

    def _theme_options(self) -> list[tuple[Content, str]]:
        present = {story.theme.value for story in self.app.library.stories}
        return [
            (Content(self.app.tr(f"theme.{theme.value}")), theme.value) for theme in Theme if theme.value in present
        ]

    def _details(self, story: Story) -> str:
        app = self.app
        return " · ".join(
            (
                app.tr(f"channel.{story.channel.value}"),
                customer_label(story, self._lang(story)),
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
        return Content.assemble((self.app.tr("tui.library.broken_title"), "bold"), "\n", (entry.path, "dim"))

    def _story_card(self, story: Story) -> Content:
        app = self.app
        record = app.store.best().get(story.id)
        rows = [
            (app.tr("tui.card.channel"), app.tr(f"channel.{story.channel.value}")),
            (app.tr("tui.card.customer"), customer_label(story, self._lang(story))),
            (app.tr("tui.card.theme"), app.tr(f"theme.{story.theme.value}")),
            (app.tr("tui.card.difficulty"), app.tr(f"difficulty.{story.difficulty.value}")),
            (app.tr("tui.card.minutes"), app.tr("tui.library.minutes", minutes=story.minutes)),
            (app.tr("tui.card.source"), story.source),
            (app.tr("tui.card.best"), self._best(record, key="tui.card.best_value")),
        ]
        if any(info.origin.notable for info in app.library.infos):
            rows.append((app.tr("library.origin.label"), self._origin(story)))  # only when there is a choice to tell
        parts: list[str | tuple[str, str]] = [(app.story_text(story, story.title), "bold"), "\n\n"]
        parts += [app.story_text(story, story.summary), "\n\n"]
        for label, value in rows:
            parts += [(f"{label}: ", "bold"), value, "\n"]
        if self._lang(story) != app.language:
            parts += ["\n", (app.tr("plain.language_fallback", asked=app.language, shown=self._lang(story)), "italic")]
        return Content.assemble(*parts)

    def _origin(self, story: Story) -> str:
        origin = self.app.library.origin_of(story.id)
        return origin.label(self.app.language) if origin is not None else "—"

    def _broken_card(self, entry: LoadResult) -> Content:
        app = self.app
        parts: list[str | tuple[str, str]] = [(app.tr("tui.library.broken_title"), "bold"), "\n\n"]
        parts += [app.tr("tui.library.broken_help", path=entry.path), "\n\n"]
        for diagnostic in entry.diagnostics:
            parts += [diagnostic.format(app.language), "\n\n"]
        return Content.assemble(*parts)
