"""The web trainer's pages and forms, driven headless as its routes drive them: what a trainee sees and what is kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scenarios.store import Store, load_settings, served_trainee, transaction
from scenarios.story import browse
from scenarios.story.loader import load_text
from scenarios.trainer.resume import Offer, at_launch
from scenarios.trainer.session import Trainer
from scenarios.web.actions import WebTrainer
from scenarios.web.browsers import Limits
from scenarios.web.pages import Download, Page
from tests.conftest import MINI
from tests.web.pages import Desk, location, visit_of, words


def test_a_story_is_played_from_the_library_to_its_debrief_with_a_verdict_after_each_choice(desk: Desk) -> None:
    aino = visit_of("Aino")
    library = words(desk.trainer.library_page(aino, browse.Search()))
    assert "A small story" in library and "1 story" in library and "not played yet" in library
    assert "A customer asks about opening hours." in library

    assert desk.start(aino) == "/play/mini"
    play = words(desk.trainer.play_page(aino, "mini"))
    assert "Hi! When is the swimming hall open?" in play and "You see: Smiles." in play
    assert "Practice · Decision 1 · front desk · Mood: neutral (0)" in play
    assert "Look it up online." in play and "Check the system." in play and "What do you say or do?" in play

    assert location(desk.choose(aino, "check")) == "/play/mini/verdict/1#verdict"
    verdict = words(desk.trainer.verdict_page(aino, "mini", 1))
    assert "✓ Solution-focused" in verdict and "This was the ideal choice." in verdict
    assert "Your choice: Check the system." in verdict and "Open 6 am to 9 pm." in verdict  # what came of it

    play = words(desk.trainer.play_page(aino, "mini"))
    assert "Thanks for looking!" in play and "Decision 2" in play and "Mood: satisfied (+1) ↑" in play
    desk.choose(aino, "next")
    verdict = words(desk.trainer.verdict_page(aino, "mini", 2))
    assert "✗ Not solution-focused" in verdict and "The ideal choice: Open six to nine." in verdict

    play = words(desk.trainer.play_page(aino, "mini"))
    assert "The customer leaves." in play and "The story has ended." in play and "Go to the debrief" in play
    debrief = words(desk.trainer.debrief_page(aino, "mini"))
    assert "Ending: not resolved" in debrief and "Decision 1: ✓ Solution-focused" in debrief
    assert "Decision 2: ✗ Not solution-focused" in debrief and "Solution focus 1 2" in debrief
    download = desk.trainer.debrief_file(aino, "mini")
    assert isinstance(download, Download) and download.name.startswith("mini-") and download.name.endswith(".md")
    assert download.text.startswith("# Debrief: A small story") and "Open six to nine." in download.text


def test_what_is_played_in_the_browser_is_the_trainees_one_history_in_the_terminal_too(
    desk: Desk, tmp_path: Path, story_file: Path
) -> None:
    aino = visit_of("Aino")
    desk.start(aino)
    desk.choose(aino, "check")
    desk.trainer.leave(aino, "mini")  # paused in the browser

    # The terminal app of the same trainee (the served app runs with the same trainee's store) offers it.
    terminal = Store(tmp_path / "web.sqlite3", trainee=desk.trainee("Aino"))
    try:
        story = load_text(MINI, "mini.yaml").story
        step = at_launch(Trainer(terminal), lambda record: story)
        assert isinstance(step, Offer) and step.kind == "waiting" and step.record.decisions == 1
        (statement,) = terminal.conn.execute("SELECT statement FROM outbox WHERE statement LIKE '%suspended%'")
        assert '"name": "aino"' in statement[0]  # the trainee's own id, as the served app names them
    finally:
        terminal.close()
    # Another trainee sees none of it.
    bo = visit_of("Bo", browser="browser-2")
    assert "not played yet" in words(desk.trainer.library_page(bo, browse.Search()))
    library = desk.trainer.library_page(bo, browse.Search())
    assert isinstance(library, Page) and library.html.count("resume-heading") == 0


def test_an_unfinished_story_is_offered_again_and_goes_on_where_it_stopped(desk: Desk) -> None:
    aino = visit_of("Aino")
    desk.start(aino)
    desk.choose(aino, "check")
    assert location(desk.trainer.leave(aino, "mini")) == "/?note=left"
    library = words(desk.trainer.library_page(aino, browse.Search(), "left"))
    assert "The story is paused." in library and "Continue where you left off" in library
    assert "A small story: 1 decision made." in library and "unfinished" in library

    page = words(desk.trainer.story_page(aino, "mini"))
    assert "Continue an unfinished story?" in page and "Continue" in page and "Start again" in page
    assert location(desk.trainer.begin(aino, "mini", "resume", None)) == "/play/mini"
    play = words(desk.trainer.play_page(aino, "mini"))
    assert "Thanks for looking!" in play and "Decision 2" in play


def test_a_page_made_before_the_story_moved_on_chooses_nothing(desk: Desk) -> None:
    aino = visit_of("Aino")
    desk.start(aino)
    number = desk.option_number(aino, "mini", "check")
    desk.trainer.choose(aino, "mini", 0, number)
    again = desk.trainer.choose(aino, "mini", 0, 1)  # the same form sent twice, or an old tab
    assert location(again) == "/play/mini?note=stale"
    session = desk.trainer.session(aino, "mini")
    assert session is not None and len(session.play.history) == 1
    assert "That page was out of date" in words(desk.trainer.play_page(aino, "mini", "stale"))


def test_an_exam_keeps_its_verdicts_for_the_debrief(desk: Desk) -> None:
    aino = visit_of("Aino")
    desk.start(aino, mode="exam")
    assert location(desk.choose(aino, "online")) == "/play/mini"
    assert location(desk.trainer.verdict_page(aino, "mini", 1)) == "/play/mini"  # no peeking
    play = words(desk.trainer.play_page(aino, "mini"))
    assert "Exam" in play and "Not solution-focused" not in play
    debrief = words(desk.trainer.debrief_page(aino, "mini"))
    assert "exam" in debrief and "✗ Not solution-focused" in debrief


def test_another_window_playing_the_story_is_asked_about_and_can_be_taken_over(desk: Desk, tmp_path: Path) -> None:
    aino = visit_of("Aino")
    desk.start(aino)
    desk.choose(aino, "check")
    phone = visit_of("Aino", browser="browser-phone")
    page = words(desk.trainer.story_page(phone, "mini"))
    assert "The story is open in another window" in page and "Start afresh here" in page
    assert location(desk.trainer.begin(phone, "mini", "take_over", None)) == "/play/mini"
    assert "Thanks for looking!" in words(desk.trainer.play_page(phone, "mini"))
    # The first browser's next choice is refused: the story's page tells why, and offers to take it back.
    told = location(desk.choose(aino, "tell"))
    assert told == "/stories/mini?note=refused"
    page = words(desk.trainer.story_page(aino, "mini", note="refused"))
    assert "your choice here was not saved. Nothing done there is lost" in page
    assert "The story is open in another window" in page and "Move it here" in page
    assert desk.trainer.session(aino, "mini") is None  # no longer played in the first browser
    moved = desk.trainer.session(phone, "mini")
    assert moved is not None and [r.option_id for r in moved.play.history] == ["check"]


def test_a_browser_silent_too_long_leaves_its_stories_and_the_oldest_go_over_the_limits(
    tmp_path: Path, story_file: Path
) -> None:
    store = Store(tmp_path / "web.sqlite3")
    now = [1000.0]
    trainer = WebTrainer(store, paths=[story_file], language="en", limits=Limits(per_trainee=2, idle=60.0))
    trainer.browsers.clock = lambda: now[0]
    desk = Desk(trainer)
    try:
        tabs = [visit_of("Aino", browser=f"device-{n}") for n in range(3)]
        desk.start(tabs[0])
        desk.choose(tabs[0], "check")
        desk.start(tabs[1])
        desk.start(tabs[2])  # a third device: the first, the oldest, is left
        assert len(trainer.browsers) == 2 and trainer.session(tabs[0], "mini") is None
        assert location(trainer.play_page(tabs[0], "mini")) == "/stories/mini?note=closed"
        now[0] += 61
        trainer.chores()
        assert len(trainer.browsers) == 0
    finally:
        trainer.close()
        store.close()


def test_settings_are_the_trainees_own_and_the_terminals_too(desk: Desk, tmp_path: Path) -> None:
    aino = visit_of("Aino", language="en")
    assert location(desk.trainer.save_settings(aino, {"language": "fi", "theme": "scenarios-high-contrast"})) == (
        "/settings?note=saved"
    )
    page = desk.trainer.settings_page(aino, "saved")
    assert isinstance(page, Page) and 'lang="fi" class="theme-contrast"' in page.html
    assert "Asetukset tallennettu." in words(page)
    terminal = Store(tmp_path / "web.sqlite3", trainee=desk.trainee("Aino"))
    try:
        assert load_settings(terminal).language == "fi" and load_settings(terminal).theme == "scenarios-high-contrast"
    finally:
        terminal.close()
    bo = visit_of("Bo", browser="browser-2")
    page = desk.trainer.settings_page(bo)
    assert isinstance(page, Page) and 'lang="en" class="theme-dark"' in page.html  # Bo's browser asks for English
    tampered = desk.trainer.save_settings(aino, {"theme": "rainbow"})  # not one of the themes: nothing changes
    assert isinstance(tampered, Page) and 'class="theme-contrast"' in tampered.html


def test_a_choice_the_store_could_not_keep_is_never_said_to_be_kept(desk: Desk, tmp_path: Path) -> None:
    aino = visit_of("Aino")
    desk.start(aino)
    desk.choose(aino, "check")
    desk.trainer.store.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(tmp_path / "web.sqlite3", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        desk.choose(aino, "tell")
        verdict = words(desk.trainer.verdict_page(aino, "mini", 2))
        assert "Saving did not work just now: another program is keeping the database busy." in verdict
    finally:
        other.execute("ROLLBACK")
        other.close()
    session = desk.trainer.session(aino, "mini")
    assert session is not None and session.record_id is not None
    stored = desk.trainer.store.as_trainee(desk.trainee("Aino")).get(session.record_id)
    assert stored is not None and stored.decisions == 1  # the second choice is not in the store, and not said to be


def test_another_trainees_debrief_is_not_found(desk: Desk) -> None:
    aino = visit_of("Aino")
    desk.start(aino)
    desk.choose(aino, "check")
    desk.choose(aino, "tell")
    session = desk.trainer.session(aino, "mini")
    assert session is not None and session.record_id is not None
    assert "Ending: resolved" in words(desk.trainer.past_debrief(aino, session.record_id))
    progress = words(desk.trainer.progress_page(aino))
    assert "A small story" in progress and "2/2 solution-focused" in progress
    other = desk.trainer.past_debrief(visit_of("Bo", browser="b"), session.record_id)
    assert isinstance(other, Page) and other.status == 404


def test_in_swedish_a_story_without_swedish_says_it_is_shown_in_finnish(desk: Desk) -> None:
    library = words(desk.trainer.library_page(visit_of("Elin", language="sv"), browse.Search()))
    assert "på finska · servicepunkt" in library and "ospelad" in library
    english = words(desk.trainer.library_page(visit_of("Aino"), browse.Search()))
    assert "front desk" in english and "in Finnish" not in english


def test_the_leases_of_open_stories_are_renewed_while_another_server_saves_for_another_trainee(
    postgresql_url: str, story_file: Path
) -> None:
    now = [1000.0]
    store = Store(postgresql_url, clock=lambda: now[0], timeout=0.5)
    trainer = WebTrainer(store, paths=[story_file], language="en", seed=7)
    desk, aino = Desk(trainer), visit_of("Aino")
    other = Store(postgresql_url).as_trainee(served_trainee("Bo"))
    try:
        desk.start(aino)
        desk.choose(aino, "check")  # kept now, leased to Aino's browser
        session = trainer.session(aino, "mini")
        assert session is not None and session.record_id is not None
        with transaction(other.conn, trainee=other.trainee.key):  # another server in the middle of Bo's save
            now[0] += 30
            trainer.chores()  # the heartbeat: Aino's lease only waits for Aino's own saves
        record = store.as_trainee(aino.trainee).get(session.record_id)
        assert record is not None and record.heartbeat == now[0]
    finally:
        trainer.close()
        store.close()
        other.close()
