"""The Textual app and its factory, used alike by the command line, the tests and the benchmark."""

from __future__ import annotations

import io
import random
import sqlite3
import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from scenarios.i18n.catalog import t
from scenarios.output import OutputError, write_output
from scenarios.store import PlaythroughRecord, Settings, Store, data_dir, load_settings, save_settings
from scenarios.store.clock import now
from scenarios.store.connection import Location
from scenarios.store.folders import read_story_folders
from scenarios.trainer.lease import HEARTBEAT_EVERY
from scenarios.tui.commands import MainCommands
from scenarios.tui.messages import LanguageChanged, LibraryChanged, OutboxChanged, ShowRun
from scenarios.tui.rehearsal_options import RehearsalOptions
from scenarios.tui.screens.message import MessageScreen
from scenarios.tui.text import localize_bindings

# The first frame needs none of these: the stories (pydantic, ruamel.yaml), the engine and the
# watch are imported where they are used, and the library is loaded after the first frame.
if TYPE_CHECKING:
    from scenarios.engine import Clock
    from scenarios.records.background import SyncSchedule
    from scenarios.records.cmi5 import Launch
    from scenarios.records.outbox import SyncReport
    from scenarios.rehearsal.sessions import Rehearsals
    from scenarios.story.diagnostics import Diagnostic
    from scenarios.story.library import Library
    from scenarios.story.model import Story
    from scenarios.trainer.session import Trainer
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


LIBRARY_POLL = 2.0
"""Seconds between looks at the story folders (a stat of each file: cheap)."""
SYNC_TICK = 5.0
"""Seconds between looks at whether a background sync of learning records is due (the schedule decides)."""
RECORDS_SYNC = "records-sync"
LAUNCH_SYNC = "launch-sync"
LAST_SYNC_WAIT = 5.0
"""Seconds a launched session's last statements may take to reach the LMS as the trainer closes."""


def _sync_launch(path: Location, launch: Launch, timeout: float = 15.0) -> None:
    """Send a launch's waiting statements to its LMS through a connection of its own (never raises: what
    cannot go now waits in the outbox for the next try)."""
    from scenarios.records.outbox import http_send, sync_launch
    from scenarios.store import SchemaTooNewError

    try:
        store = Store(path)
    except (sqlite3.Error, SchemaTooNewError, OSError):
        return
    try:
        sync_launch(store, launch, send=partial(http_send, timeout=timeout))
    except sqlite3.Error:
        pass
    finally:
        store.close()


class ScenariosApp(App[None]):
    """The trainer: a library of stories, the play screen per channel, feedback and debrief."""

    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = "app.tcss"
    # Only the trainer's own commands, in the trainee's language: Textual's (English) system commands
    # are left out, its theme picker too (the theme is set in Settings, one source of truth).
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {MainCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Work everywhere; each screen shows in its Footer the ones that make sense there (80 columns are few).
        Binding("f1", "library", "library", id="library", show=False),
        Binding("f2", "glossary", "glossary", id="glossary", show=False),
        Binding("f3", "progress", "progress", id="progress", show=False),
        Binding("f4", "settings", "settings", id="settings", show=False),
        Binding("f6", "lessons", "lessons", id="lessons", show=False),
        Binding("f7", "review", "review", id="review", show=False),
        Binding("ctrl+r", "reload_library", "reload", id="reload", show=False),
        # Only in a story an LMS launched (cmi5): end the session and go back to the LMS.
        Binding("f10", "return_to_lms", "back to the LMS", id="return_to_lms"),
        # Everywhere; shown on the library and play screens (elsewhere the keys line has no room for it).
        Binding("question_mark", "keys", "keys", id="keys", show=False),
        # Only where a screen has no Escape of its own: the rehearsal's setup opened over the library (F5).
        Binding("escape", "back", "back", id="back"),
        Binding("ctrl+q", "quit", "quit", id="quit", priority=True),
        # Ctrl+C ends the app like Ctrl+Q (the README's promise): the playthrough is saved after every
        # choice and offered again on the next start.
        Binding("ctrl+c", "quit", "quit", id="quit", show=False, priority=True),
    ]

    NOTIFICATION_TIMEOUT: ClassVar[float] = 4
    """Seconds a notice stays (Textual's default is 5): notices sit at the top right, over the conversation."""

    language: reactive[str] = reactive("fi", init=False)
    """The trainee's language for the UI and the stories; every screen follows a change at once."""

    def __init__(
        self,
        library: Library | None,
        store: Store,
        settings: Settings,
        *,
        library_paths: list[str | Path] | None = None,
        open_story: Story | None = None,
        clock: Clock = now,
        seed: int | None = None,
        typing_delay: float = 0.6,
        offer_resume: bool = True,
        cursor_blink: bool = True,
        watch: Path | None = None,
        language_from: str | None = None,
        kept_language: str | None = None,
        launch: Launch | None = None,
        open_review: bool = False,
    ) -> None:
        super().__init__()
        self.launch = launch
        """The cmi5 launch when an LMS launched this window's story (`scenarios serve`'s launch route)."""
        self.crash_details = io.StringIO()
        self.error_console = Console(file=self.crash_details, width=120, color_system=None, markup=False)
        self.cursor_blink = cursor_blink
        self._library = library
        self.library_paths = library_paths
        self.store = store
        self._trainer: Trainer | None = None
        self._rehearsals: Rehearsals | None = None
        self.rehearsal_options = RehearsalOptions()
        """How the team rehearsal was asked for (`scenarios rehearse` sets them)."""
        self.settings = settings
        self.set_reactive(ScenariosApp.language, settings.language)
        self.language_from = language_from
        """What set this run's language over the saved setting (`--lang`, `SCENARIOS_LANG`), or None."""
        self.kept_language = kept_language
        """The saved setting's language while `language_from` overrides it (kept when other settings are saved)."""
        self.open_story = open_story
        self.review_to_open = open_review
        """The day's review is to open once the stories are loaded (`scenarios review` in a terminal)."""
        self.clock = clock
        self.seed = seed
        self.typing_delay = typing_delay
        self.offer_resume = offer_resume
        self.resume_to_offer = False
        """The launch's resume offer is still to be made (after the first frame, with the stories loaded)."""
        self.watch_path = watch
        self.story_watch: StoryWatch | None = None
        self.sync_schedule: SyncSchedule | None = None
        """When the next background sync of learning records is due (made when first needed)."""
        self.first_frame_shown = False
        self.rehearsal_entry: Screen[Any] | None = None
        """The rehearsal's setup as F5 opened it over the library (Escape goes back from it)."""
        self.register_theme(HIGH_CONTRAST)

    @property
    def trainer(self) -> Trainer:
        """The session layer: made when first needed (it brings the engine, which the first frame does without)."""
        if self._trainer is None:
            from scenarios.trainer.session import Trainer

            self._trainer = Trainer(self.store, clock=self.clock, launch=self.launch)
        return self._trainer

    # --- the library -----------------------------------------------------------------
    @property
    def library(self) -> Library:
        """The stories; loaded here and now when asked for before the background load is done."""
        if self._library is None:
            self._library = _load_library(self.library_paths, read_story_folders(self.store))
        return self._library

    @property
    def loaded_library(self) -> Library | None:
        """The stories once loaded, else None (the library screen says they are loading)."""
        return self._library

    def on_ready(self) -> None:
        """The first frame is on screen: now add the library's filter menus and load the stories, in a worker thread."""
        from scenarios.tui.screens.library import LibraryScreen

        self.first_frame_shown = True
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                self.call_later(screen.show_filters)
        if self._library is None:
            paths = self.library_paths
            folders = read_story_folders(self.store)
            self.run_worker(lambda: _load_library(paths, folders), name="library", thread=True, exclusive=True)
        else:
            self.offer_resume_when_due()
        self.set_interval(SYNC_TICK, self.sync_records)
        if self.launch is not None:
            self.trainer.begin_launch()
        self.sync_records()

    # --- learning records --------------------------------------------------------------
    def sync_records(self) -> None:
        """When an LRS is set and a sync is due, send the waiting statements in a worker thread (never
        blocking the screen; the schedule backs off while the LRS is down). A launched story's statements go
        to its LMS at every tick: the LMS shows the learner's progress as it happens."""
        from scenarios.records.background import SyncSchedule, sync_store
        from scenarios.records.outbox import load_config

        launch = self.launch
        busy = any(worker.name == LAUNCH_SYNC and worker.is_running for worker in self.workers)
        if launch is not None and not busy:
            self.run_worker(partial(_sync_launch, self.store.path, launch), name=LAUNCH_SYNC, thread=True)
        if self.sync_schedule is None:
            self.sync_schedule = SyncSchedule()
        try:
            configured = bool(load_config(self.store).url)
        except sqlite3.Error:
            return
        if not configured or not self.sync_schedule.due:
            return
        if any(worker.name == RECORDS_SYNC and worker.is_running for worker in self.workers):
            return
        path = self.store.path
        self.run_worker(partial(sync_store, path), name=RECORDS_SYNC, group="records", thread=True)

    def records_synced(self, report: SyncReport) -> None:
        """A background sync ended: plan the next one, and update what the screens say is waiting."""
        if self.sync_schedule is not None:
            self.sync_schedule.record(report)
        for screen in self.screen_stack:
            screen.post_message(OutboxChanged())

    def outbox_note(self) -> str | None:
        """ "3 learning records waiting to be sent", or None (no LRS set, or nothing waits)."""
        from scenarios.records.background import outbox_note

        return outbox_note(self.store, self.language)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The library has loaded in the background: show it. (A background sync ended: note it.)"""
        if event.worker.name == RECORDS_SYNC:
            if event.state == WorkerState.SUCCESS and event.worker.result is not None:
                self.records_synced(event.worker.result)
            return
        if event.worker.name != "library" or event.state != WorkerState.SUCCESS:
            return
        if self._library is None:
            self._library = event.worker.result
        from scenarios.tui.screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.library_loaded()
        self.offer_resume_when_due()

    # --- words -----------------------------------------------------------------------
    def tr(self, key: str, **params: object) -> str:
        """A catalog string in the trainee's language."""
        return t(key, self.language, **params)

    def story_text(self, story: Story, text: object) -> str:
        """A story's text in the trainee's language (or the story's own first language)."""
        from scenarios.i18n.present import story_language, text_in

        return text_in(text, story_language(story, self.language), story)  # type: ignore[arg-type]

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """None of Textual's own commands (Keys, Maximize, Screenshot, Theme): `MainCommands` has the trainer's."""
        return iter(())

    def action_command_palette(self) -> None:
        """Open the command palette with its placeholder in the trainee's language."""
        # App is invariant in its result type: is_open takes any App.
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette", placeholder=self.tr("tui.palette.placeholder")))

    # --- lifecycle -------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        """The library is the app's base screen."""
        from scenarios.tui.screens.library import LibraryScreen

        return LibraryScreen()

    def on_mount(self) -> None:
        """Apply the theme and words, then open a story or offer to resume one."""
        self.theme = self.settings.theme
        self.title = self.tr("tui.app_title")
        if self.store.trainee.served:  # in a browser: whose progress this is, beside the title
            self.sub_title = self.store.trainee.name
        localize_bindings(self, self.language)
        self.set_interval(HEARTBEAT_EVERY, self.keep_leases)
        if self.watch_path is not None and self.open_story is not None:
            from scenarios.tui.watch import INTERVAL, StoryWatch

            self.story_watch = StoryWatch(self, self.watch_path, self.open_story)
            self.set_interval(INTERVAL, self.story_watch.check)
        self.set_interval(LIBRARY_POLL, self.check_library)
        if self.open_story is not None:
            self.open_story_from_library(self.open_story)
        elif self.review_to_open:
            pass  # the trainee asked for the review: it opens once the stories are loaded, with no resume offer
        elif self.offer_resume:
            self.resume_to_offer = True  # once the first frame is shown and the stories are loaded

    def run(self, **options: Any) -> Any:
        """Run the app (options as `App.run`). An unexpected error ends it with one plain sentence on the
        terminal and the details in `crash.log`, never a traceback.

        Textual writes what it has to say at exit (for an error: a traceback with locals) to the app's
        `error_console`; ours writes into `crash_details`, and is read when the app has closed.
        The playthrough is already saved after the last choice, so the trainee can resume on the next launch.
        """
        result = super().run(**options)
        if self.crashed:
            sys.stderr.write(self.report_crash() + "\n")
        return result  # what `exit()` was given (Textual's screenshot tools pass their picture this way)

    @property
    def crashed(self) -> bool:
        """The app closed on an unexpected error (Textual's return code 1 with details written)."""
        return self.return_code == 1 and bool(self.crash_details.getvalue())

    def report_crash(self) -> str:
        """Keep the error's details in `crash.log`; the one sentence to show the trainee."""
        try:
            log = data_dir() / "crash.log"
            write_output(log, self.crash_details.getvalue(), force=True, private=True)
            where = str(log)
        except (OSError, OutputError):
            where = "-"
        return self.tr("tui.error.crash", path=where)

    def on_unmount(self) -> None:
        """Free this window's leases and close the database cleanly. A launched session ends here if it has
        not yet (the browser's page was left): its last statements go to the LMS while there is time."""
        if self.launch is not None and self.trainer.end_launch():
            _sync_launch(self.store.path, self.launch, timeout=LAST_SYNC_WAIT)
        elif self._trainer is not None:
            self._trainer.leave_all()
        self.store.close()

    def action_return_to_lms(self) -> None:
        """End the launched session (`terminated`), send its statements, and take the browser back to the LMS's
        return address (cmi5 10.2.6), or close the trainer when the LMS gave none."""
        launch = self.launch
        if launch is None:
            return
        self.trainer.end_launch()
        _sync_launch(self.store.path, launch, timeout=LAST_SYNC_WAIT)
        if launch.return_url:
            self.open_url(launch.return_url, new_tab=False)
        self.exit()

    # --- playing ---------------------------------------------------------------------
    def start_story(self, story: Story) -> None:
        """Show the briefing of a new playthrough of `story`; the playthrough starts when the trainee goes on."""
        from scenarios.tui.screens.briefing import BriefingScreen

        self.clear_notifications()  # a notice about the last story is not about this one
        self.push_screen(BriefingScreen(story))

    def play_story(self, story: Story) -> None:
        """Start a new playthrough of `story` in place of its briefing (stored from its first decision)."""
        from scenarios.i18n.present import story_language, text_in
        from scenarios.tui.screens.play import PlayScreen

        seed = self.seed if self.seed is not None else random.randrange(1 << 30)
        title = text_in(story.title, story_language(story, self.language), story)
        session = self.trainer.start(story, title=title, language=self.language, mode=self.settings.mode, seed=seed)
        self.switch_screen(PlayScreen(session))

    def open_story_from_library(self, story: Story) -> None:
        """Start `story`, first offering to continue its interrupted playthrough if there is one."""
        from scenarios.trainer.resume import opening
        from scenarios.tui.screens.resume import show_step

        show_step(self, opening(self.trainer, story))

    def story_of(self, record: PlaythroughRecord) -> Story | None:
        """The story a stored playthrough belongs to; one opened from a file first (an edited library story)."""
        if self.open_story is not None and self.open_story.id == record.story_id:
            return self.open_story
        return self.library.get(record.story_id)

    def offer_resume_when_due(self) -> None:
        """Offer to resume (once, at launch) when the library is on screen with its stories loaded; or open the
        day's review, when that is what the trainee started the app for."""
        if self.resume_to_offer:
            self.resume_to_offer = False
            self.offer_resume_prompt()
        if self.review_to_open:
            self.review_to_open = False
            self.action_review()

    def offer_resume_prompt(self) -> None:
        """On launch: offer the most recent interrupted playthrough no other window is playing.

        With none waiting, as on a first start, the engine is not even imported."""
        try:
            if not self.store.interrupted():
                return
        except sqlite3.Error:
            return  # a busy or damaged database: no offer now; the playthrough waits in Progress
        from scenarios.trainer.resume import at_launch
        from scenarios.tui.screens.resume import show_step

        show_step(self, at_launch(self.trainer, self.story_of))

    def keep_leases(self) -> None:
        """The heartbeat of this window's playthroughs; say so when another window has taken one over."""
        for session in self._trainer.playing if self._trainer is not None else ():
            if not session.heartbeat() and not session.told_taken:
                session.told_taken = True
                self.notify(self.tr("tui.save.taken"), severity="warning", markup=False, timeout=10)

    def open_story_by_id(self, story_id: str) -> None:
        """Open a library story by id (loading it now); if its file no longer loads, show its problems."""
        loaded = self.library.open(story_id)
        if loaded is None:
            self.notify(self.tr("cli.unknown_story", name=story_id), severity="error", markup=False)
        elif loaded.story is None:
            self.push_screen(MessageScreen(self.broken_message(loaded.path, loaded.diagnostics)))
        else:
            self.open_story_from_library(loaded.story)

    def broken_message(self, path: str, diagnostics: Iterable[Diagnostic]) -> str:
        """A story file that does not load, in the trainee's words: what it is, then each problem, located."""
        from scenarios.visible import visible

        parts = [
            self.tr("tui.library.broken_title"),
            self.tr("tui.library.broken_help", path=visible(path, one_line=True)),
        ]
        return "\n\n".join([*parts, *(diagnostic.format(self.language) for diagnostic in diagnostics)])

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
        from scenarios.story.library import index_path

        library = self._library
        if library is None:  # still loading after the first frame: that load reads the folders as they are
            return
        if force or library.changed():
            self.call_from_thread(self.use_library, library.reloaded(cache=index_path()), announce=force)

    def use_library(self, library: Library, *, announce: bool = True) -> None:
        """Show `library` from now on, keeping the library screen's filters and search. Said in a toast when
        asked for (Ctrl+R) or seen on the library; a notice over a story being played would cover its options."""
        from scenarios.tui.screens.library import LibraryScreen

        self._library = library
        for screen in self.screen_stack:
            screen.post_message(LibraryChanged())
        if announce or isinstance(self.screen, LibraryScreen):
            self.notify(self.tr("library.reloaded"))

    # --- settings --------------------------------------------------------------------
    def apply_settings(self, settings: Settings) -> None:
        """Keep new settings and switch theme and words everywhere at once.

        A language set by `--lang` or `SCENARIOS_LANG` is not saved unless the trainee chose another here.
        """
        if settings.language != self.settings.language:
            self.kept_language = None
        self.settings = settings
        self.theme = settings.theme
        self.language = settings.language
        kept = self.kept_language
        try:
            save_settings(self.store, settings if kept is None else settings.model_copy(update={"language": kept}))
        except sqlite3.Error:  # a busy database: the settings hold for this session and are saved next time
            # Ten seconds, as the other warnings: two sentences to read (the default suits a short notice).
            self.notify(self.tr("tui.error.busy"), severity="warning", markup=False, timeout=10)

    def watch_language(self) -> None:
        """The words change everywhere at once: the title, the keys, and every screen on the stack."""
        self.title = self.tr("tui.app_title")
        localize_bindings(self, self.language)
        for screen in self.screen_stack:
            localize_bindings(screen, self.language)
            screen.post_message(LanguageChanged(self.language))
            screen.refresh_bindings()

    # --- actions ---------------------------------------------------------------------
    def action_library(self) -> None:
        """Back to the library (a playthrough in progress stays saved)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def search_library(self, query: str) -> None:
        """Back to the library with `query` in its search box (what the command palette found nothing for)."""
        from scenarios.tui.screens.library import LibraryScreen

        self.action_library()
        base = self.screen_stack[0]
        if isinstance(base, LibraryScreen):
            base.search_for(query)

    def action_glossary(self) -> None:
        """Open the glossary of core concepts."""
        from scenarios.tui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())

    def action_progress(self) -> None:
        """Open the history of playthroughs (in place of the lessons, its neighbour, when they are on show)."""
        from scenarios.tui.screens.lessons import LessonsScreen
        from scenarios.tui.screens.progress import ProgressScreen

        if isinstance(self.screen, LessonsScreen):
            self.switch_screen(ProgressScreen())
        elif not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen())

    def action_lessons(self) -> None:
        """Open the trainee's lessons: each lesson's state, and what to practise next (in place of Progress, its
        neighbour, when it is on show)."""
        from scenarios.tui.screens.lessons import LessonsScreen
        from scenarios.tui.screens.progress import ProgressScreen

        if isinstance(self.screen, ProgressScreen):
            self.switch_screen(LessonsScreen())
        elif not isinstance(self.screen, LessonsScreen):
            self.push_screen(LessonsScreen())

    def action_review(self) -> None:
        """Open the day's review (what it holds, then its decisions one by one)."""
        from scenarios.tui.screens.review import ReviewScreen, RoundEnd, RoundIntro

        if not isinstance(self.screen, RoundIntro | ReviewScreen | RoundEnd):
            intro = RoundIntro.today(self)
            if intro is not None:
                self.push_screen(intro)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The team rehearsal is the facilitator's, on a shared screen: not offered to a trainee in a browser
        (its saved sessions are the whole installation's). Going back to the LMS is for a launched story. A trainee's
        lessons and review are not shown over a rehearsal (a rehearsal's F6 and F7 at a moment they do nothing would
        else open them on the shared screen)."""
        if action == "rehearse" and self.store.trainee.served:
            return False
        if action in ("lessons", "review"):
            return not type(self.screen).__module__.startswith("scenarios.tui.rehearse")
        if action == "return_to_lms":
            return self.launch is not None
        if action == "back":
            return self.screen is self.rehearsal_entry and len(self.screen_stack) > 1
        return True

    def action_rehearse(self) -> None:
        """Open the team rehearsal's setup (as `scenarios rehearse` does); F1 or Escape comes back to the library."""
        if self.store.trainee.served:
            return
        from scenarios.tui.rehearse.base import RunScreen
        from scenarios.tui.rehearse.setup import RehearseSetupScreen
        from scenarios.tui.rehearse.station_entry import StationEntryScreen
        from scenarios.tui.rehearse.stations import StationsScreen

        # A rehearsal already on screen (a story session's or a station rotation's) stays the only one.
        if not isinstance(self.screen, RehearseSetupScreen | RunScreen | StationsScreen | StationEntryScreen):
            self.rehearsal_entry = RehearseSetupScreen()
            self.push_screen(self.rehearsal_entry)

    def action_keys(self) -> None:
        """`?`: the keys of the screen on show, in the trainee's words."""
        from scenarios.tui.screens.keys import KeysScreen, key_rows

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen(key_rows(self, self.screen.active_bindings)))

    @property
    def rehearsals(self) -> Rehearsals:
        """The team sessions of the store (made on first use): the rehearsal screens' way to their records."""
        if self._rehearsals is None:
            from scenarios.rehearsal.sessions import Rehearsals

            self._rehearsals = Rehearsals(self.store)
            self._rehearsals.tell_problems(
                lambda detail: self.notify(
                    self.tr("rehearsal.unsaved", detail=detail), severity="warning", markup=False, timeout=15
                )
            )
        return self._rehearsals

    def on_show_run(self, message: ShowRun) -> None:
        """A rehearsal started, resumed or moved on: show the screen for where it now stands."""
        from scenarios.tui.rehearse.flow import open_run

        open_run(self, message)

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
    clock: Clock = now,
    seed: int | None = None,
    typing_delay: float = 0.6,
    offer_resume: bool = True,
    cursor_blink: bool = True,
    watch: str | Path | None = None,
    library_in_background: bool = True,
    language_from: str | None = None,
    launch: Launch | None = None,
    review: bool = False,
) -> ScenariosApp:
    """Build the app: the library from `paths` (default: built-in, mine, team folders), the store and settings.

    `story` (an id or a loaded story) opens that story straight away; `language` overrides the
    saved language for this run; when `language_from` says the command line asked for it (`--lang` or
    `SCENARIOS_LANG`), the settings say so and the saved language is kept for runs without it. Tests fix
    `clock` and `seed`, and turn off the chat's typing delay and the cursor's blink, so every run draws
    the same screens. `watch`, the file `story`
    was loaded from, is reloaded when it is saved (`scenarios play FILE --watch`). `review` opens the day's
    review once the stories are loaded (`scenarios review`).

    The library loads in the background after the first frame, unless a story is named by id
    or `library_in_background` is off (then it is loaded before the app is built).
    """
    store = store or Store(clock=clock)
    settings = load_settings(store, language)
    # Told by the command line, the language holds for this run; the saved one stays for runs without it.
    kept = load_settings(store).language if language is not None and language_from is not None else None
    library: Library | None = None
    if isinstance(story, str) or not library_in_background:
        library = _load_library(paths, read_story_folders(store))
    opened = (library.get(story) if library is not None else None) if isinstance(story, str) else story
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
        language_from=language_from,
        kept_language=kept,
        launch=launch,
        open_review=review,
    )


def _load_library(paths: list[str | Path] | None, folders: list[str] | None) -> Library:
    """Load the given files and folders, else the whole library: built-in, mine, team folders
    (`folders`: the ones in the settings, read beforehand, since the store stays in its own thread)."""
    from scenarios.story.library import Library

    return Library.load(paths) if paths else Library.discover(folders)
