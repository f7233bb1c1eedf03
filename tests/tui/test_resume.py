"""An interrupted playthrough is offered on the next launch and continues exactly where it stopped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenarios.engine import Playthrough, to_json
from scenarios.store import Store
from scenarios.story.library import Library
from scenarios.trainer.resume import at_launch
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.message import MessageScreen
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.screens.resume import ResumeScreen
from tests.support import record_of, story_at
from tests.tui.conftest import NOW, SIZE, STORIES
from tests.tui.helpers import (
    MakeApp,
    past_the_briefing,
    play_screen,
    screen_text,
    search_and_open,
    until,
    until_screen,
)


def crashed_after_one_choice(seed: int = 7) -> tuple[int, Playthrough]:
    """What the app leaves behind when killed right after the autosave of the first choice."""
    story = Library.load([STORIES]).get("desk-wristband")
    assert story is not None
    play = Playthrough(story, seed=seed, clock=lambda: NOW)
    store = Store()
    record_id = store.start(story.id, "Tyhjä ranneke", "fi", "exam", to_json(play))
    play.choose_option("check")
    store.autosave(record_id, to_json(play), decisions=1, solution_focused=1, ideal=1)
    store.conn.close()  # no clean shutdown, no finish
    return record_id, play


async def test_resume_after_a_crash_continues_exactly(make_app: MakeApp) -> None:
    _, before = crashed_after_one_choice()
    app = make_app(language="en", seed=None)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to resume")
        # Started in Finnish, reopened in English: the dialog is in one language, the story's title included.
        assert "The empty wristband" in screen_text(app) and "1 decision made" in screen_text(app)
        assert "Tyhjä ranneke" not in screen_text(app)
        await pilot.press("enter")
        await until_screen(pilot, PlayScreen, "the resumed playthrough")
        play = play_screen(app).session.play
        assert [r.option_id for r in play.history] == ["check"]
        assert play.beat() == before.beat()  # same node, same lines, same order of options
        assert "The visits expired in March." in screen_text(app)  # the transcript so far is back
        await pilot.press("1")
        await until(pilot, lambda: play.is_over, "the last choice")
    store = Store()
    assert store.interrupted() == []
    assert store.history()[0].decisions == 2


async def test_resume_after_quitting_the_app_mid_story(make_app: MakeApp) -> None:
    first = make_app(language="en")
    first.settings = first.settings.model_copy(update={"mode": "exam"})
    async with first.run_test(size=SIZE) as pilot:
        await search_and_open(first, pilot, "wristband")
        await pilot.press("2")
        session = play_screen(first).session
        await until(pilot, lambda: len(session.play.history) == 1, "the first choice")
        order = [choice.option_id for choice in session.play.beat().choices]
    second = make_app(language="en")
    async with second.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to resume")
        await pilot.press("enter")
        await until_screen(pilot, PlayScreen, "the resumed playthrough")
        play = play_screen(second).session.play
        assert [choice.option_id for choice in play.beat().choices] == order


async def test_later_keeps_it_and_start_again_discards_it(make_app: MakeApp) -> None:
    record_id, _ = crashed_after_one_choice()
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to resume")
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        assert [r.id for r in Store().interrupted()] == [record_id]
        assert "4 min · not played yet · ⏸ unfinished" in screen_text(app)  # marked in the library
        await search_and_open(app, pilot, "wristband")  # the library offers it again for this story
        await until_screen(pilot, ResumeScreen, "the offer to resume")
        await pilot.click("#discard")
        await until(pilot, lambda: bool(app.screen.query("#briefing")), "the briefing of a new playthrough")
        await past_the_briefing(app, pilot)
        assert play_screen(app).session.play.history == ()
    assert record_of(Store(), record_id).status == "abandoned"


def tamper(record_id: int, **changes: object) -> None:
    """Change fields of a stored save, as an edited story or a damaged file would."""
    store = Store()
    save = json.loads(record_of(store, record_id).save)
    save.update(changes)
    store.autosave(record_id, json.dumps(save), decisions=1, solution_focused=1, ideal=1)
    store.close()


async def test_a_save_of_an_edited_story_continues_from_the_same_place(make_app: MakeApp) -> None:
    record_id, _ = crashed_after_one_choice()
    tamper(record_id, fingerprint="0" * 16)  # the story was edited; the choice made still fits it
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to resume")
        assert "continue from the same place" in screen_text(app) and app.screen.query("#resume")
        await pilot.press("enter")
        await until_screen(pilot, PlayScreen, "the resumed playthrough")
        play = play_screen(app).session.play
        assert [r.option_id for r in play.history] == ["check"]
        await pilot.press("1")
        await until(pilot, lambda: play.is_over, "the last choice")
    saved = record_of(Store(), record_id)
    assert saved.status == "finished" and json.loads(saved.save)["fingerprint"] != "0" * 16


async def test_a_save_whose_choices_no_longer_fit_offers_to_start_again(make_app: MakeApp) -> None:
    record_id, _ = crashed_after_one_choice()
    story = Library.load([STORIES]).get("desk-wristband")
    assert story is not None
    tamper(record_id, fingerprint="0" * 16, choices=[{"node": story.start, "option": "gone", "at": NOW}])
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, MessageScreen, "why it cannot go on")
        assert "cannot be continued" in screen_text(app) and "no longer has choice 1" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#briefing")), "the briefing of a new playthrough")
        await past_the_briefing(app, pilot)
        assert play_screen(app).session.play.history == ()
    assert record_of(Store(), record_id).status == "abandoned"


@pytest.mark.parametrize("started_at", [float("nan"), float("-inf"), float("inf"), 10**400])
async def test_a_save_with_an_impossible_start_time_is_damaged_not_a_crash(
    make_app: MakeApp, started_at: float
) -> None:
    record_id, _ = crashed_after_one_choice()
    tamper(record_id, started_at=started_at)
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, MessageScreen, "why it cannot go on")
        assert "damaged" in screen_text(app)
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        assert app.is_running
    assert record_of(Store(), record_id).status == "abandoned"  # not offered again on the next launch
    again = make_app(language="en")
    async with again.run_test(size=SIZE) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        assert at_launch(again.trainer, again.story_of) is None  # nothing to offer at launch


async def test_a_save_of_a_story_no_longer_in_the_library_is_offered_honestly(
    make_app: MakeApp, tmp_path: Path
) -> None:
    crashed_after_one_choice()
    app = make_app(language="en", paths=[STORIES / "phone.yaml"])
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to resume")
        text = screen_text(app)
        # never "continue" or "start again" for a story that cannot be played
        assert "not in the library now" in text
        assert not app.screen.query("#resume") and "Start again" not in text
        await pilot.press("enter")  # keep it for later
        await until_screen(pilot, LibraryScreen, "the library")
    assert len(Store().interrupted()) == 1, "kept for when the story is back"


async def test_a_save_of_a_story_gone_can_be_forgotten(make_app: MakeApp, tmp_path: Path) -> None:
    crashed_after_one_choice()
    app = make_app(language="en", paths=[STORIES / "phone.yaml"])
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to resume")
        assert "Tyhjä ranneke" in screen_text(app)  # not in the library: the title it was saved with
        await pilot.click("#discard")
        await until_screen(pilot, LibraryScreen, "the library")
    assert Store().interrupted() == []


async def test_opening_a_story_from_the_command_line_offers_its_unfinished_playthrough(make_app: MakeApp) -> None:
    crashed_after_one_choice()

    story = story_at(STORIES / "desk.yaml")
    app = make_app(language="en", paths=[STORIES / "phone.yaml"], story=story)  # not in this library
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to resume")
        await pilot.press("enter")
        await until_screen(pilot, PlayScreen, "the resumed playthrough")
        assert [r.option_id for r in play_screen(app).session.play.history] == ["check"]
