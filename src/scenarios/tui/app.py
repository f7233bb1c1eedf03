"""The Textual app and its factory, used alike by the command line, the tests and the benchmark."""

from __future__ import annotations

import random
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text as RichText
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from scenarios.catalog import t
from scenarios.messages import render
from scenarios.store import PlaythroughRecord, Settings, Store, data_dir, load_settings, save_settings
from scenarios.tui.commands import MainCommands
from scenarios.tui.text import localize_bindings

# The first frame needs none of these: the stories (pydantic, ruamel.yaml), the engine and the
# watch are imported where they are used, and the library is loaded after the first frame.
if TYPE_CHECKING:
    from scenarios.engine import Clock, Playthrough
    from scenarios.library import Library
    from scenarios.model import Story
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


class ScenariosApp(App[None]):
    """The trainer: a library of stories, the play screen per channel, feedback and debrief."""

    CSS_PATH = "app.tcss"
    # Only the trainer's own commands, in the trainee's language: Textual's (English) system commands
    # are left out, its theme picker too (the theme is set in Settings, one source of truth).
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {MainCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Work everywhere; each screen shows in its Footer the ones that make sense there (80 columns are few).
        Binding("f1", "library", "library", id="library", show=False),
        Binding("f2", "glossary", "glossary", id="glossary", show=False),
        Binding("f3", "progress", "progress", id="progress", show=False),
        Binding("f4", "settings", "settings", id="settings", show=False),
        Binding("ctrl+q", "quit", "quit", id="quit", priority=True),
        # Ctrl+C ends the app like Ctrl+Q (the README's promise): the playthrough is saved after every
        # choice and offered again on the next start.
        Binding("ctrl+c", "quit", "quit", id="quit", show=False, priority=True),
    ]

    def __init__(
        self,
        library: Library | None,
        store: Store,
        settings: Settings,
        *,
        library_paths: list[str | Path] | None = None,
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
        self._library = library
        self.library_paths = library_paths
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

    # --- the library -----------------------------------------------------------------
    @property
    def library(self) -> Library:
        """The stories; loaded here and now when asked for before the background load is done."""
        if self._library is None:
            from scenarios.library import Library

            self._library = Library.load(self.library_paths)
        return self._library

    @property
    def loaded_library(self) -> Library | None:
        """The stories once loaded, else None (the library screen says they are loading)."""
        return self._library

    def on_ready(self) -> None:
        """The first frame is on screen: now load the stories, in a worker thread."""
        if self._library is None:
            paths = self.library_paths
            self.run_worker(lambda: _load_library(paths), name="library", thread=True, exclusive=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The library has loaded in the background: show it."""
        if event.worker.name != "library" or event.state != WorkerState.SUCCESS:
            return
        if self._library is None:
            self._library = event.worker.result
        from scenarios.tui.screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.library_loaded()

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
        from scenarios.present import story_language, text_in

        return text_in(text, story_language(story, self.language), story)  # type: ignore[arg-type]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """None of Textual's own commands (Keys, Maximize, Screenshot, Theme): `MainCommands` has the trainer's."""
        return iter(())

    def action_command_palette(self) -> None:
        """Open the command palette with its placeholder in the trainee's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=self.tr("tui.palette.placeholder")))

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
            from scenarios.tui.watch import INTERVAL, StoryWatch

            self.watch = StoryWatch(self, self.watch_path, self.open_story)
            self.set_interval(INTERVAL, self.watch.check)
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
        from scenarios.engine import Playthrough, to_json
        from scenarios.present import story_language, text_in
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

    def resume(self, record: PlaythroughRecord) -> None:
        """Continue a stored playthrough exactly where it stopped, or say why it cannot."""
        from scenarios.engine import SaveError, from_json
        from scenarios.tui.screens.message import MessageScreen
        from scenarios.tui.screens.play import PlayScreen

        # The story opened from a file comes first: it may be an edited copy of a library story.
        story = self.open_story if self.open_story is not None and self.open_story.id == record.story_id else None
        story = story or self.library.get(record.story_id)
        if story is None:
            self.store.abandon(record.id)
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

        self.push_screen(ResumeScreen(record), answered)

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
    library_in_background: bool = True,
) -> ScenariosApp:
    """Build the app: the library from `paths` (default: built-in), the store and saved settings.

    `story` (an id or a loaded story) opens that story straight away; `language` overrides the
    saved language for this run. Tests fix `clock` and `seed`, and turn off the chat's typing
    delay and the cursor's blink, so every run draws the same screens. `watch`, the file `story`
    was loaded from, is reloaded when it is saved (`scenarios play FILE --watch`).

    The library loads in the background after the first frame, unless a story is named by id
    or `library_in_background` is off (then it is loaded before the app is built).
    """
    library: Library | None = None
    if isinstance(story, str) or not library_in_background:
        from scenarios.library import Library

        library = Library.load(paths)
    store = store or Store(clock=clock)
    settings = load_settings(store, language)
    opened = library.get(story) if isinstance(story, str) and library is not None else story
    return ScenariosApp(
        library,
        store,
        settings,
        library_paths=paths,
        open_story=opened,
        clock=clock,
        seed=seed,
        typing_delay=typing_delay,
        offer_resume=offer_resume,
        cursor_blink=cursor_blink,
        watch=Path(watch) if watch is not None else None,
    )


def _load_library(paths: list[str | Path] | None) -> Library:
    """Load the library (in a worker thread)."""
    from scenarios.library import Library

    return Library.load(paths)
