"""`scenarios play FILE --watch`: notice when the story file is saved and carry the trainee over."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.story.loader import load_file
from scenarios.story.model import Story

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp
    from scenarios.tui.screens.play import PlayScreen

INTERVAL = 0.5  # seconds between looks at the file


class FileWatch:
    """One file, looked at on demand: its modification time and size, then its content's hash.

    Only a change of content counts; a save that writes the same bytes does not.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._signature = self._stat()
        self._digest = self._hash()

    def changed(self) -> bool:
        """True once for each change of the file's content since the last look."""
        signature = self._stat()
        if signature is None or signature == self._signature:
            return False  # missing for a moment while an editor replaces it, or untouched
        self._signature = signature
        digest = self._hash()
        if digest is None or digest == self._digest:
            return False
        self._digest = digest
        return True

    def _stat(self) -> tuple[int, int] | None:
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return status.st_mtime_ns, status.st_size

    def _hash(self) -> str | None:
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            return None


class StoryWatch:
    """Reloads a watched story file into the app: the new version, or its errors until the next good save."""

    def __init__(self, app: ScenariosApp, path: Path, story: Story) -> None:
        self.app = app
        self.file = FileWatch(path)
        self.story = story
        self.ids = {story.id}
        self.errors: str | None = None
        self.pending: Story | None = None

    def check(self) -> None:
        """Look at the file; load it if it changed; apply a good version once the play screen is free."""
        if self.file.changed():
            result = self.load()
            if result is None:
                self.show_errors()
                if not self.play_screens():  # the play screen shows them in its errors panel
                    self.app.notify(self.app.tr("tui.watch.errors"), severity="error", markup=False)
        if self.pending is not None:
            self.apply()

    def load(self) -> Story | None:
        """Load the file with the real loader: the story, or None with `errors` set."""
        result = load_file(self.file.path)
        if result.story is None:
            self.errors = "\n".join(diagnostic.format(self.app.language) for diagnostic in result.diagnostics)
            self.pending = None
            return None
        self.pending = result.story
        return result.story

    def apply(self) -> None:
        """Move every open playthrough of the story onto the pending version and say what happened."""
        screens = self.play_screens()
        if any(screen.busy for screen in screens):
            return  # feedback is open or the customer is typing: reload after that
        story, self.pending = self.pending, None
        assert story is not None
        old_ids = set(self.ids)
        self.story = story
        self.ids.add(story.id)
        self.errors = None
        if self.app.open_story is not None and self.app.open_story.id in old_ids:
            self.app.open_story = story
        how = "replayed"
        for screen in screens:
            how = screen.reload(story)
        self.show_errors()
        said = self.app.tr(f"tui.watch.{how}")
        if not screens:
            self.app.notify(said, markup=False)
            return
        stamp = time.strftime("%H:%M:%S", time.localtime(self.app.clock()))  # each save seen, when
        for screen in screens:
            screen.show_watch_note(f"{stamp} · {said}")

    def newest(self, story: Story) -> Story:
        """The latest good version of `story` if it is the watched one, else `story` itself."""
        return self.story if story.id in self.ids else story

    def play_screens(self) -> list[PlayScreen]:
        """The play screens in the stack that show the watched story."""
        from scenarios.tui.screens.play import PlayScreen

        return [s for s in self.app.screen_stack if isinstance(s, PlayScreen) and s.session.story.id in self.ids]

    def show_errors(self) -> None:
        """Show the current errors (or none) on every play screen of the story."""
        for screen in self.play_screens():
            screen.show_watch_errors(self.errors)
