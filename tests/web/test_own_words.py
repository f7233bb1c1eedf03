"""Own words first in the web trainer: the reply is written on the play page before the options, its checklist
shown with a box to turn each mark over, the choice kept with the reply, and the verdict shows it beside the
ideal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scenarios.engine import OwnReply
from scenarios.store import Store
from scenarios.story import browse
from scenarios.web.actions import WebTrainer
from scenarios.web.pages import Page
from tests.rubric.support import HERE
from tests.web.pages import Desk, location, visit_of, words


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """The web trainer over the rubrics' story (five decisions with rubrics)."""
    store = Store(tmp_path / "web.sqlite3")
    trainer = WebTrainer(store, paths=[HERE / "rubrics.yaml"], language="en", seed=7)
    try:
        yield Desk(trainer)
    finally:
        trainer.close()
        store.close()


def only_option(desk: Desk, story: str) -> str:
    session = desk.trainer.session(visit_of("Aino"), story)
    assert session is not None
    return session.play.available()[0]


def test_a_reply_written_first_is_checked_corrected_and_kept_with_the_choice(desk: Desk) -> None:
    aino = visit_of("Aino")
    assert location(desk.trainer.save_settings(aino, {"own_words": "on"})) == "/settings?note=saved"
    assert "Own words first" in words(desk.trainer.settings_page(aino))
    story = "rubric-measure"
    assert desk.start(aino, story) == f"/play/{story}"
    page = words(desk.trainer.play_page(aino, story))
    assert "Write your reply first, in your own words" in page and "Let's look." not in page, "no options yet"
    refused = desk.choose(aino, only_option(desk, story), story)
    assert location(refused) == f"/play/{story}#own", "no choice before the reply"

    desk.trainer.own_send(aino, story, 0, "   ")  # an empty reply changes nothing
    assert "Write your reply first" in words(desk.trainer.play_page(aino, story))
    assert location(desk.trainer.own_send(aino, story, 0, "So sorry, let me chek the history")) == f"/play/{story}#own"
    checklist = desk.trainer.play_page(aino, story)
    assert isinstance(checklist, Page)
    said = words(checklist)
    assert "Your own reply So sorry, let me chek the history" in said
    assert "✓ Looks up the wristband's history (found) “let me chek”, “history”" in said
    assert "○ Offers a way forward (missing)" in said and 'name="turn-next"' in checklist.html
    assert "Let's look." not in said

    assert location(desk.trainer.own_done(aino, story, 0, {"next", "nonsense"})) == f"/play/{story}#choices"
    page = words(desk.trainer.play_page(aino, story))
    assert "Now choose the option closest to what you wrote." in page and "Let's look." in page
    assert location(desk.choose(aino, only_option(desk, story), story)) == f"/play/{story}/verdict/1#verdict"
    verdict = words(desk.trainer.verdict_page(aino, story, 1))
    assert "Your own reply So sorry, let me chek the history" in verdict
    assert "The ideal choice: Let's look." in verdict, "the ideal beside the reply, though it was chosen"
    session = desk.trainer.session(aino, story)
    assert session is not None
    assert session.play.history[0].own == OwnReply("So sorry, let me chek the history", ("feeling", "look"), ("next",))
    assert "Write your reply first" in words(desk.trainer.play_page(aino, story)), "the next decision asks again"


def test_a_reply_from_a_page_made_before_the_story_moved_on_is_not_taken(desk: Desk) -> None:
    aino = visit_of("Aino")
    desk.trainer.save_settings(aino, {"own_words": "on"})
    story = "rubric-measure"
    desk.start(aino, story)
    assert location(desk.trainer.own_send(aino, story, 3, "Let me check")) == f"/play/{story}?note=stale"
    assert location(desk.trainer.own_done(aino, story, 0, set())) == f"/play/{story}?note=stale", "nothing sent yet"


def test_the_debrief_shows_each_own_reply_with_its_marks_as_left(desk: Desk) -> None:
    aino = visit_of("Aino")
    desk.trainer.save_settings(aino, {"own_words": "on"})
    story = "rubric-measure"
    desk.start(aino, story)
    replies = ["Sorry, let me check the history", "I'm sorry", "What do you need?", "An interpreter", "I'll check"]
    for step, reply in enumerate(replies):
        desk.trainer.own_send(aino, story, step, reply)
        desk.trainer.own_done(aino, story, step, {"next"} if step == 0 else set())
        desk.choose(aino, only_option(desk, story), story)
    debrief = words(desk.trainer.debrief_page(aino, story))
    assert debrief.count("Your own reply") == len(replies)
    assert (
        "Your own reply Sorry, let me check the history ✓ Looks up the wristband's history (found) "
        "✓ Acknowledges the annoyance (found) ✓ Offers a way forward (found) (you corrected)"
    ) in debrief, "the marks as the trainee left them, the corrected one said so"


def test_the_library_marks_a_story_that_asks_for_own_words_once_the_setting_is_on(desk: Desk) -> None:
    aino = visit_of("Aino")
    assert "own words first" not in words(desk.trainer.library_page(aino, browse.Search()))
    desk.trainer.save_settings(aino, {"own_words": "on"})
    library = words(desk.trainer.library_page(aino, browse.Search()))
    assert "The rubrics' measure" in library and "not played yet · ✎ own words first" in library
