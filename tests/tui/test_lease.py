"""Two app windows on one data directory, a story left at once, a busy database: nothing the trainee does is lost."""

from __future__ import annotations

import json
import sqlite3

from scenarios.store import ACTIVE, Store, database_path
from scenarios.trainer.resume import at_launch
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.screens.resume import ResumeScreen
from tests.support import record_of
from tests.tui.conftest import SIZE
from tests.tui.helpers import (
    AppPilot,
    MakeApp,
    choose_number,
    notices,
    past_the_briefing,
    play_screen,
    screen_text,
    search_and_open,
    until,
    until_screen,
    whole,
)


async def choose(app: ScenariosApp, pilot: AppPilot, option_id: str) -> None:
    """Choose an option by id as the trainee would (its number key), and close the feedback."""
    number = next(c.number for c in play_screen(app).session.play.beat().choices if c.option_id == option_id)
    await choose_number(app, pilot, str(number))


async def test_a_second_window_is_told_the_story_is_open_and_starts_afresh(make_app: MakeApp) -> None:
    first, second = make_app(language="en"), make_app(language="en")
    async with first.run_test(size=SIZE) as one:
        await search_and_open(first, one, "wristband")
        await choose(first, one, "check")
        record_id = play_screen(first).session.record_id
        async with second.run_test(size=SIZE) as two:
            await until_screen(two, LibraryScreen, "the library")
            assert at_launch(second.trainer, second.story_of) is None  # not offered at launch: it is being played
            await search_and_open(second, two, "wristband")
            assert isinstance(second.screen, ResumeScreen)
            assert "played in another window (1 decision made)" in screen_text(second)
            await two.press("enter")  # "Start afresh here" is the default
            await until(two, lambda: bool(second.screen.query("#briefing")), "the briefing")
            await past_the_briefing(second, two)
            assert isinstance(second.screen, PlayScreen) and play_screen(second).session.play.history == ()
            await choose(second, two, "check")
            assert record_of(Store(), record_id).status == ACTIVE  # the first window's playthrough lives on
        await choose(first, one, play_screen(first).session.play.beat().choices[0].option_id)
        assert play_screen(first).session.problem is None


async def test_a_second_window_may_take_the_playthrough_over(make_app: MakeApp) -> None:
    first, second = make_app(language="en"), make_app(language="en")
    async with first.run_test(size=SIZE) as one:
        # Heard from the start: on a slow machine the first window's own timed heartbeat may come before the one
        # this test calls, and the notice is given once.
        told = notices(first)
        await search_and_open(first, one, "wristband")
        await choose(first, one, "check")
        async with second.run_test(size=SIZE) as two:
            await search_and_open(second, two, "wristband")
            await until(two, lambda: whole(second, "#take_over"), "the offer to move it here")
            await two.click("#take_over")
            await until_screen(two, PlayScreen, "the playthrough moved here")
            assert [r.option_id for r in play_screen(second).session.play.history] == ["check"]
            first.keep_leases()  # the first window's next heartbeat, if its own has not come yet
            await until(one, lambda: any("another window" in message for message in told), "the notice")


async def test_a_window_whose_story_was_taken_over_and_paused_cannot_choose_in_it(make_app: MakeApp) -> None:
    first, second = make_app(language="en"), make_app(language="en")
    async with first.run_test(size=SIZE) as one:
        await search_and_open(first, one, "wristband")
        await choose(first, one, "check")
        stale = play_screen(first)
        record_id = stale.session.record_id
        async with second.run_test(size=SIZE) as two:
            await search_and_open(second, two, "wristband")
            await until(two, lambda: whole(second, "#take_over"), "the offer to move it here")
            await two.click("#take_over")
            await until_screen(two, PlayScreen, "the playthrough moved here")
            assert [r.option_id for r in play_screen(second).session.play.history] == ["check"]
            await two.press("escape")  # paused: back to the library, the lease freed
            await until(two, lambda: record_of(Store(), record_id).owner is None, "the story to be paused")
        # The first window has heard nothing yet (no heartbeat since): it chooses, and is refused.
        told = notices(first)
        number = next(c.number for c in stale.session.play.beat().choices)
        await one.press(str(number))
        await until_screen(one, LibraryScreen, "the library, the story no longer played here")
        assert any("opened in another window meanwhile, so your choice here was not saved" in m for m in told), told
        assert any("Nothing done in the other window is lost" in m for m in told)
    # The story waits where the second window paused it (the refused choice would have ended it).
    record = record_of(Store(), record_id)
    assert (record.status, record.decisions, record.owner) == (ACTIVE, 1, None)
    assert [c["option"] for c in json.loads(record.save)["choices"]] == ["check"]


async def test_a_story_left_before_any_decision_is_not_offered_again(make_app: MakeApp) -> None:
    first = make_app(language="en")
    async with first.run_test(size=SIZE) as pilot:
        await search_and_open(first, pilot, "wristband")
        assert isinstance(first.screen, PlayScreen)
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
    again = make_app(language="en")
    async with again.run_test(size=SIZE) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        assert at_launch(again.trainer, again.story_of) is None
        assert "unfinished" not in screen_text(again)


async def test_a_busy_database_is_a_message_and_the_next_choice_saves_everything(make_app: MakeApp) -> None:
    app = make_app(language="en", store=Store(timeout=0.05))
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "wristband")
        other = sqlite3.connect(str(database_path()), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program writes, and goes on writing
        told = notices(app)
        await choose(app, pilot, "check")
        await until(pilot, lambda: any("busy" in message for message in told), "the notice")
        assert app.is_running
        other.execute("ROLLBACK")
        other.close()
        session = play_screen(app).session
        await choose(app, pilot, session.play.beat().choices[0].option_id)
        assert session.problem is None
        saved = record_of(Store(), session.record_id)
        assert saved.decisions == len(session.play.history) == 2


async def test_settings_changed_while_the_database_is_busy_apply_and_say_so(make_app: MakeApp) -> None:
    app = make_app(language="en", store=Store(timeout=0.05))
    async with app.run_test(size=SIZE) as pilot:
        other = sqlite3.connect(str(database_path()), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        told = notices(app)
        app.apply_settings(app.settings.model_copy(update={"language": "fi"}))
        try:  # the notice is raised at once
            await until(pilot, lambda: any("varattu" in message for message in told), "the busy notice")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert app.is_running and app.language == "fi"
