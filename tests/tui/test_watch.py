"""`scenarios play FILE --watch`: the story file is edited on disk while the trainee plays."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from scenarios.engine import fingerprint
from scenarios.store import Store
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.screens.resume import ResumeScreen
from scenarios.tui.watch import FileWatch
from tests.support import record_of, story_at
from tests.tui.conftest import SIZE, STORIES
from tests.tui.helpers import (
    AppPilot,
    feedback_shown,
    play_screen,
    screen_text,
    to_first_decision,
    until,
    until_screen,
)
from tests.tui.helpers import notices as kept_notices


@pytest.fixture
def story_file(tmp_path: Path) -> Path:
    """A copy of the desk test story that the tests edit."""
    path = tmp_path / "desk.yaml"
    path.write_text((STORIES / "desk.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    """Save `path` with `old` replaced, and a later modification time (as an editor's save has)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


@pytest.fixture
def watching(make_app: Callable[..., ScenariosApp], story_file: Path) -> ScenariosApp:
    story = story_at(story_file)
    return make_app(language="en", story=story, watch=story_file, offer_resume=False)


async def reload(app: ScenariosApp, pilot: AppPilot) -> None:
    """Look at the file now rather than waiting for the interval, and wait for the play screen to be redrawn."""
    assert app.story_watch is not None
    app.story_watch.check()
    await until(pilot, lambda: not play_screen(app).rebuilding, "the play screen to be redrawn")


def notices(app: ScenariosApp) -> list[str]:
    """What the watch said: the play screen's reload line (its time cut off) and its errors panel's title."""
    said = []
    note = app.screen.query("#watch-note")
    if note and note.first().display:
        said.append(str(note.first(Static).visual).partition(" · ")[2])
    errors = app.screen.query("#watch-errors")
    if errors and errors.first().display:
        said.append(str(errors.first().border_title))
    return said


async def to_report(app: ScenariosApp, pilot: AppPilot) -> None:
    """Past the briefing, choose 'It is probably empty' and close its feedback; the trainee is at `report`."""
    await to_first_decision(app, pilot)
    await pilot.press("1")
    await until(pilot, lambda: feedback_shown(app), "the feedback")
    await pilot.press("enter")
    await until(pilot, lambda: not feedback_shown(app), "the next decision")
    assert isinstance(app.screen, PlayScreen) and play_screen(app).session.play.beat().node == "report"


def test_file_watch_counts_only_changes_of_content(story_file: Path) -> None:
    watch = FileWatch(story_file)
    assert not watch.changed()
    os.utime(story_file, ns=(1, 1))
    assert not watch.changed()  # touched, same bytes
    edit(story_file, "So what now?", "So what next?")
    assert watch.changed() and not watch.changed()


async def test_a_text_change_shows_the_new_text_and_keeps_the_place(watching: ScenariosApp, story_file: Path) -> None:
    async with watching.run_test(size=SIZE) as pilot:
        await to_report(watching, pilot)
        record_id = play_screen(watching).session.record_id
        edit(story_file, "So what now?", "So what next?")
        await reload(watching, pilot)
        screen = watching.screen
        assert isinstance(screen, PlayScreen)
        assert screen.session.play.beat().node == "report"
        assert [r.option_id for r in screen.session.play.history] == ["empty"]
        assert "So what next?" in screen_text(watching) and "So what now?" not in screen_text(watching)
        await until(pilot, lambda: "Story reloaded." in notices(watching), "the notice")
        # Autosave goes on, and the save has the new version's fingerprint.
        saved = json.loads(record_of(watching.store, record_id).save)
        assert saved["fingerprint"] == fingerprint(story_at(story_file))
        await pilot.press("1", "enter")
        await until(pilot, lambda: screen.session.play.is_over, "the end of the story")


async def test_a_save_while_feedback_is_open_reloads_after_it(watching: ScenariosApp, story_file: Path) -> None:
    async with watching.run_test(size=SIZE) as pilot:
        await to_first_decision(watching, pilot)
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(watching), "the feedback")
        edit(story_file, "So what now?", "So what next?")
        await reload(watching, pilot)
        assert feedback_shown(watching) and "Story reloaded." not in notices(watching)
        await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(watching), "the next decision")
        await reload(watching, pilot)
        assert "So what next?" in screen_text(watching)
        await until(pilot, lambda: "Story reloaded." in notices(watching), "the notice")


async def test_a_removed_earlier_option_keeps_the_place(watching: ScenariosApp, story_file: Path) -> None:
    async with watching.run_test(size=SIZE) as pilot:
        await to_report(watching, pilot)
        edit(story_file, "id: empty", "id: guess")
        await reload(watching, pilot)
        assert play_screen(watching).session.play.beat().node == "report"
        await until(pilot, lambda: "Story reloaded; kept your place." in notices(watching), "the notice")


async def test_a_broken_save_shows_the_errors_and_a_fix_clears_them(watching: ScenariosApp, story_file: Path) -> None:
    async with watching.run_test(size=SIZE) as pilot:
        await to_report(watching, pilot)
        play = play_screen(watching).session.play
        edit(story_file, "next: calm", "next: clam [@click=app.quit]")
        await reload(watching, pilot)
        panel = watching.screen.query_one("#watch-errors", Static)
        assert panel.display
        shown = str(panel.visual)
        assert f"{story_file}:" in shown and "clam [@click=app.quit]" in shown  # plain text, not markup
        await until(
            pilot, lambda: "Story has errors: still playing the last good version." in notices(watching), "the notice"
        )
        assert play_screen(watching).session.play is play  # still the last good version
        assert "So what now?" in screen_text(watching)
        edit(story_file, "next: clam [@click=app.quit]", "next: calm")
        await reload(watching, pilot)
        assert not watching.screen.query_one("#watch-errors").display
        assert play_screen(watching).session.play.beat().node == "report"


async def test_errors_stay_until_the_next_good_save(watching: ScenariosApp, story_file: Path) -> None:
    async with watching.run_test(size=SIZE) as pilot:
        await to_first_decision(watching, pilot)
        edit(story_file, "ending: resolved", "ending: maybe")
        await reload(watching, pilot)
        await reload(watching, pilot)  # nothing new on disk: the errors stay
        assert watching.screen.query_one("#watch-errors").display


async def test_a_removed_node_starts_again_and_says_so(watching: ScenariosApp, story_file: Path) -> None:
    async with watching.run_test(size=SIZE) as pilot:
        await to_report(watching, pilot)
        text = story_file.read_text(encoding="utf-8")
        text = text.replace("next: report", "next: talk").replace("  report:", "  talk:").replace("id: empty", "id: x")
        edit(story_file, story_file.read_text(encoding="utf-8"), text)
        await reload(watching, pilot)
        screen = play_screen(watching)
        assert screen.session.play.beat().node == "arrive" and screen.session.play.history == ()
        await until(
            pilot,
            lambda: "Story reloaded; the place no longer exists: started again." in notices(watching),
            "the notice",
        )


async def test_a_reloaded_playthrough_resumes_on_the_next_launch(
    make_app: Callable[..., ScenariosApp], story_file: Path, tmp_path: Path
) -> None:
    store = Store(tmp_path / "progress.db")
    app = make_app(language="en", story=story_at(story_file), watch=story_file, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await to_report(app, pilot)
        edit(story_file, "id: empty", "id: guess")
        await reload(app, pilot)
    again = make_app(language="en", story=story_at(story_file), store=Store(tmp_path / "progress.db"))
    async with again.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to continue")
        await pilot.press("enter")  # "continue"
        await until_screen(pilot, PlayScreen, "the resumed playthrough")
        assert play_screen(again).session.play.beat().node == "report"


async def test_the_reload_notice_never_covers_the_options(
    make_app: Callable[..., ScenariosApp], story_file: Path
) -> None:
    # The watched file is in a library folder too, as an author's story in a team folder is.
    story = story_at(story_file)
    app = make_app(language="fi", story=story, watch=story_file, offer_resume=False, paths=[story_file.parent])
    async with app.run_test(size=(80, 24)) as pilot:
        toasts = kept_notices(app)
        await to_report(app, pilot)
        await until(pilot, lambda: app.loaded_library is not None, "the library")
        library = app.loaded_library  # as read before the save (the app may look again at any time after it)
        edit(story_file, "No mitä nyt?", "No mitäs nyt?")
        await reload(app, pilot)

        def read_again() -> bool:  # the library notices the same save (a check already under way is not repeated)
            app.check_library()
            return app.loaded_library is not library

        await until(pilot, read_again, "the library to be read again")
        await pilot.pause()  # a settle point: a notice of the reload would have been posted by now
        assert toasts == []  # no toast over the options
        note = app.screen.query_one("#watch-note", Static)
        assert str(note.visual).endswith("Tarina ladattiin uudelleen.") and note.region.height == 1
        choices = app.screen.query_one("#choices")
        assert note.region.bottom <= choices.region.y  # above the options
        for y in range(choices.region.y, choices.region.bottom):
            assert app.screen.get_widget_at(choices.region.x + 2, y)[0] in (choices, *choices.walk_children())
        edit(story_file, "next: calm", "next: clam")
        await reload(app, pilot)
        panel = app.screen.query_one("#watch-errors", Static)
        assert panel.display and not note.display and toasts == []
        assert str(panel.border_title) == "Tarinassa on virheitä: pelataan viimeisintä toimivaa versiota."
