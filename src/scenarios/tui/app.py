"""The Textual app and its factory, used alike by the command line, the tests and the benchmark."""

from __future__ import annotations

import random
import time
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text as RichText
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from scenarios.catalog import t
from scenarios.engine import Clock, Playthrough, SaveError, from_json, to_json
from scenarios.library import Library, index_path
from scenarios.messages import render
from scenarios.model import Story
from scenarios.present import story_language, text_in
from scenarios.store import PlaythroughRecord, Settings, Store, data_dir, load_settings, save_settings
from scenarios.store.folders import read_story_folders
from scenarios.tui.commands import MainCommands
from scenarios.tui.text import localize_bindings
from scenarios.tui.watch import INTERVAL as WATCH_INTERVAL
from scenarios.tui.watch import StoryWatch

HIGH_CONTRAST = Theme(
    name="scenarios-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
)


@dataclass
class Session:
    """A playthrough in progress in the app, and the row that keeps it."""

    story: Story
    play: Playthrough
    record_id: int
    mode: str


LIBRARY_POLL = 2.0
"""Seconds between looks at the story folders (a stat of each file: cheap)."""


class ScenariosApp(App[None]):
    """The trainer: a library of stories, the play screen per channel, feedback and debrief."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {MainCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "library", "library", id="library"),
        Binding("f2", "glossary", "glossary", id="glossary"),
        Binding("f3", "progress", "progress", id="progress"),
        Binding("f4", "settings", "settings", id="settings"),
        Binding("ctrl+r", "reload_library", "reload", id="reload", show=False),
        Binding("ctrl+q", "quit", "quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        library: Library,
        store: Store,
        settings: Settings,
        *,
        open_story: Story | None = None,
        clock: Clock = time.time,
        seed: int | None = None,
        typing_delay: float = 0.6,
        offer_resume: bool = True,
        cursor_blink: bool = True,
        watch: Path | None = None,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.library = library
        self.store = store
        self.settings = settings
        self.open_story = open_story
        self.clock = clock
        self.seed = seed
        self.typing_delay = typing_delay
        self.offer_resume = offer_resume
        self.watch_path = watch
        self.watch: StoryWatch | None = None
        self.register_theme(HIGH_CONTRAST)

    # --- words -----------------------------------------------------------------------
    @property
    def language(self) -> str:
        """The trainee's language for the UI and the stories."""
        return self.settings.language

    def tr(self, key: str, **params: object) -> str:
        """A catalog string in the trainee's language."""
        return t(key, self.language, **params)

    def story_text(self, story: Story, text: object) -> str:
        """A story's text in the trainee's language (or the story's own first language)."""
        return text_in(text, story_language(story, self.language), story)  # type: ignore[arg-type]

    # --- lifecycle -------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        """The library is the app's base screen."""
        from scenarios.tui.screens.library import LibraryScreen

        return LibraryScreen()

    def on_mount(self) -> None:
        """Apply the theme and words, then open a story or offer to resume one."""
        self.theme = self.settings.theme
        self.title = self.tr("tui.app_title")
        localize_bindings(self, self.language)
        if self.watch_path is not None and self.open_story is not None:
            self.watch = StoryWatch(self, self.watch_path, self.open_story)
            self.set_interval(WATCH_INTERVAL, self.watch.check)
        self.set_interval(LIBRARY_POLL, self.check_library)
        if self.open_story is not None:
            self.open_story_from_library(self.open_story)
        elif self.offer_resume:
            self.call_later(self.offer_resume_prompt)

    def _fatal_error(self) -> None:
        """An unexpected error: keep the traceback in a log file, say one plain sentence, and exit.

        Textual would print a traceback with locals here. The playthrough is already saved after
        the last choice, so the trainee can resume on the next launch.
        """
        details = "".join(traceback.format_exception(self._exception)) if self._exception else traceback.format_exc()
        try:
            log = data_dir() / "crash.log"
            log.write_text(details, encoding="utf-8")
            where = str(log)
        except OSError:
            where = "-"
        self.bell()
        self._exit_renderables.append(RichText(self.tr("tui.error.crash", path=where)))
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        """Close the database cleanly."""
        self.store.close()

    # --- playing ---------------------------------------------------------------------
    def start_story(self, story: Story) -> None:
        """Start a new playthrough of `story` and open the play screen."""
        from scenarios.tui.screens.play import PlayScreen

        seed = self.seed if self.seed is not None else random.randrange(1 << 30)
        play = Playthrough(story, seed=seed, clock=self.clock)
        title = text_in(story.title, story_language(story, self.language), story)
        record_id = self.store.start(story.id, title, self.language, self.settings.mode, to_json(play))
        self.push_screen(PlayScreen(Session(story, play, record_id, self.settings.mode)))

    def open_story_from_library(self, story: Story) -> None:
        """Start `story`, first offering to continue its interrupted playthrough if there is one."""
        from scenarios.tui.screens.resume import ResumeScreen

        waiting = [record for record in self.store.interrupted() if record.story_id == story.id]
        if not waiting:
            self.start_story(story)
            return

        def answered(choice: str | None) -> None:
            if choice == "resume":
                self.resume(waiting[0])
            elif choice == "discard":
                self.store.abandon(waiting[0].id)
                self.start_story(story)

        self.push_screen(ResumeScreen(waiting[0]), answered)

    def open_story_by_id(self, story_id: str) -> None:
        """Open a library story by id (loading it now); say so if it no longer loads."""
        story = self.library.get(story_id)
        if story is None:
            self.notify(self.tr("cli.unknown_story", name=story_id), severity="error", markup=False)
            return
        self.open_story_from_library(story)

    def resume(self, record: PlaythroughRecord) -> None:
        """Continue a stored playthrough exactly where it stopped, or say why it cannot."""
        from scenarios.tui.screens.message import MessageScreen
        from scenarios.tui.screens.play import PlayScreen

        # The story opened from a file comes first: it may be an edited copy of a library story.
        story = self.open_story if self.open_story is not None and self.open_story.id == record.story_id else None
        story = story or self.library.get(record.story_id)
        if story is None:
            # Kept, not abandoned: the file may come back (a network folder reconnected).
            self.push_screen(MessageScreen(self.tr("tui.resume.story_missing", story=record.title)))
            return
        try:
            play = from_json(story, record.save, clock=self.clock)
        except SaveError as error:
            message = render(error.code, error.params, self.language)

            def answered(again: bool | None) -> None:
                self.store.abandon(record.id)
                if again:
                    self.start_story(story)

            self.push_screen(
                MessageScreen(self.tr("tui.resume.cannot", reason=message), confirm=self.tr("tui.resume.start_again")),
                answered,
            )
            return
        self.push_screen(PlayScreen(Session(story, play, record.id, record.mode), resumed=True))

    def offer_resume_prompt(self) -> None:
        """On launch: offer the most recent interrupted playthrough."""
        from scenarios.tui.screens.resume import ResumeScreen

        records = self.store.interrupted()
        if not records:
            return
        record = records[0]

        def answered(choice: str | None) -> None:
            if choice == "resume":
                self.resume(record)
            elif choice == "discard":
                self.store.abandon(record.id)

        self.push_screen(ResumeScreen(record, available=self.library.path_of(record.story_id) is not None), answered)

    # --- the library's folders ---------------------------------------------------------
    def check_library(self) -> None:
        """Reload the library when a story file or folder was added, edited or removed.

        The look (a stat of each file) and the reload run in a thread: a slow or vanished
        network folder never freezes the screen.
        """
        if not any(worker.group == "library" and worker.is_running for worker in self.workers):
            self.run_worker(partial(self._refresh_library, False), thread=True, group="library")

    def action_reload_library(self) -> None:
        """Read the story folders again now (Ctrl+R)."""
        self.run_worker(partial(self._refresh_library, True), thread=True, group="library")

    def _refresh_library(self, force: bool) -> None:
        library = self.library
        if force or library.changed():
            self.call_from_thread(self.use_library, library.reloaded(cache=index_path()))

    def use_library(self, library: Library) -> None:
        """Show `library` from now on, keeping the library screen's filters and search."""
        self.library = library
        for screen in self.screen_stack:
            refresh = getattr(screen, "library_changed", None)
            if refresh is not None:
                refresh()
        self.notify(self.tr("library.reloaded"))

    # --- settings --------------------------------------------------------------------
    def apply_settings(self, settings: Settings) -> None:
        """Keep new settings and switch theme and words everywhere at once."""
        changed_language = settings.language != self.settings.language
        self.settings = settings
        save_settings(self.store, settings)
        self.theme = settings.theme
        if changed_language:
            self.title = self.tr("tui.app_title")
            localize_bindings(self, self.language)
            for screen in self.screen_stack:
                localize_bindings(screen, self.language)
                retranslate = getattr(screen, "retranslate", None)
                if retranslate is not None:
                    retranslate()
                screen.refresh_bindings()

    # --- actions ---------------------------------------------------------------------
    def action_library(self) -> None:
        """Back to the library (a playthrough in progress stays saved)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_glossary(self) -> None:
        """Open the glossary of core concepts."""
        from scenarios.tui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())

    def action_progress(self) -> None:
        """Open the history of playthroughs."""
        from scenarios.tui.screens.progress import ProgressScreen

        if not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen())

    def action_rehearse(self) -> None:
        """Open the team rehearsal's setup (as `scenarios rehearse` does); F1 comes back to the library."""
        from scenarios.tui.screens.rehearse_setup import RehearseSetupScreen

        if not getattr(self.screen, "is_rehearsal", False):
            self.push_screen(RehearseSetupScreen())

    def action_settings(self) -> None:
        """Open the settings."""
        from scenarios.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())


def create_app(
    *,
    paths: list[str | Path] | None = None,
    language: str | None = None,
    story: str | Story | None = None,
    store: Store | None = None,
    clock: Clock = time.time,
    seed: int | None = None,
    typing_delay: float = 0.6,
    offer_resume: bool = True,
    cursor_blink: bool = True,
    watch: str | Path | None = None,
) -> ScenariosApp:
    """Build the app: the library from `paths` (default: built-in, mine, team folders), the store and settings.

    `story` (an id or a loaded story) opens that story straight away; `language` overrides the
    saved language for this run. Tests fix `clock` and `seed`, and turn off the chat's typing
    delay and the cursor's blink, so every run draws the same screens. `watch`, the file `story`
    was loaded from, is reloaded when it is saved (`scenarios play FILE --watch`).
    """
    store = store or Store(clock=clock)
    settings = load_settings(store, language)
    library = Library.load(paths) if paths else Library.discover(read_story_folders(store))
    opened = library.get(story) if isinstance(story, str) else story
    return ScenariosApp(
        library,
        store,
        settings,
        open_story=opened,
        clock=clock,
        seed=seed,
        typing_delay=typing_delay,
        offer_resume=offer_resume,
        cursor_blink=cursor_blink,
        watch=Path(watch) if watch is not None else None,
    )
