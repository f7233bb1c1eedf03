"""Each trainee's progress apart: the store's `trainee` column, its migration, the trainer and the records."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scenarios.records.outbox import context_for, learner_id, waiting_statements
from scenarios.store import (
    ABANDONED,
    ACTIVE,
    FINISHED,
    Settings,
    Store,
    load_settings,
    local_trainee,
    migrate,
    save_settings,
    schema_version,
    served_trainee,
)
from scenarios.store.connection import Connection, Location
from scenarios.store.postgres import connect
from scenarios.store.progress import COMPONENT, MIGRATIONS
from scenarios.store.trainee import clean_name, os_user
from scenarios.story.loader import load_text
from scenarios.story.model import Story
from scenarios.trainer.session import PlaySession, Trainer
from tests.conftest import MINI


@pytest.fixture
def story() -> Story:
    loaded = load_text(MINI, "mini.yaml").story
    assert loaded is not None
    return loaded


@pytest.fixture
def database(tmp_path: Path, store_backend: str | None) -> Location:
    """The shared store: a SQLite file, or a PostgreSQL database (each test runs on both)."""
    return store_backend or tmp_path / "progress.sqlite3"


def raw_connection(database: Location) -> Connection:
    """A connection to the store with no migration run (as an older release left it)."""
    if isinstance(database, Path):
        return sqlite3.connect(str(database), isolation_level=None)
    return connect(database, timeout=5.0)


def trainer_of(database: Location, name: str | None) -> Trainer:
    """A window of the trainee `name` in a browser (None: the terminal's user) over the shared database."""
    trainee = served_trainee(name) if name is not None else None
    return Trainer(Store(database, trainee=trainee), owner=f"test-host:0:{name}")


def choose(session: PlaySession, option_id: str) -> None:
    session.choose(next(c.number for c in session.play.beat().choices if c.option_id == option_id))


def play_to_the_end(trainer: Trainer, story: Story) -> PlaySession:
    session = trainer.start(story, title="A small story", language="en", mode="practice", seed=1)
    choose(session, "check")
    choose(session, "tell")
    assert session.finish()
    return session


def test_an_old_database_keeps_its_progress_for_the_local_user(database: Location) -> None:
    conn = raw_connection(database)
    migrate(conn, COMPONENT, MIGRATIONS[:2])
    for status in (ACTIVE, FINISHED):
        conn.execute(
            "INSERT INTO playthrough (story_id, title, language, mode, started_at, updated_at, save, decisions, "
            "status) VALUES ('mini', 'A small story', 'en', 'practice', 1, 2, '{}', 1, ?)",
            (status,),
        )
    conn.close()

    local = Store(database)
    assert schema_version(local.conn, COMPONENT) == len(MIGRATIONS) == 4
    assert local.trainee == local_trainee() and local.trainee.key == os_user()
    assert [r.trainee for r in local.interrupted()] == [os_user()]
    assert [r.trainee for r in local.history()] == [os_user()]
    assert set(local.best()) == {"mini"}

    # A trainee in a browser, even one who gives the OS user's name, sees none of it.
    browser = Store(database, trainee=served_trainee(os_user()))
    assert browser.interrupted() == [] and browser.history() == [] and browser.best() == {}
    assert browser.get(1) is None and browser.get(2) is None


def test_two_trainees_never_see_resume_or_change_each_others_playthroughs(database: Location, story: Story) -> None:
    aino, bo = trainer_of(database, "Aino Virtanen"), trainer_of(database, "Bo")
    play_to_the_end(aino, story)
    waiting = aino.start(story, title="A small story", language="en", mode="practice", seed=2)
    choose(waiting, "check")
    waiting.leave()
    [aino_waiting] = aino.waiting()

    assert bo.waiting() == [] and bo.store.history() == [] and bo.store.best() == {}
    assert bo.store.get(aino_waiting.id) is None
    # Bo's writes by id do not reach Aino's row.
    assert not bo.store.claim(aino_waiting.id, bo.owner)
    assert not bo.store.autosave(aino_waiting.id, "{}", decisions=9, solution_focused=0, ideal=0)
    bo.store.abandon(aino_waiting.id)
    assert aino.store.get(aino_waiting.id) == aino_waiting

    # Bo starting the same story leaves Aino's unfinished one waiting for her.
    choose(bo.start(story, title="A small story", language="en", mode="practice", seed=3), "online")
    assert [r.id for r in aino.waiting("mini")] == [aino_waiting.id]
    assert len(bo.waiting("mini")) == 1

    # Aino resumes hers; her own new start gives it up, as in the terminal.
    aino.resume(aino_waiting, story).leave()
    choose(aino.start(story, title="A small story", language="en", mode="practice", seed=4), "check")
    assert aino.store.get(aino_waiting.id).status == ABANDONED  # type: ignore[union-attr]
    assert len(bo.waiting("mini")) == 1


def test_the_same_name_in_any_case_or_spacing_is_the_same_trainee(database: Location, story: Story) -> None:
    play_to_the_end(trainer_of(database, "  Aino   Virtanen "), story)
    assert len(trainer_of(database, "aino virtanen").store.history()) == 1
    assert served_trainee(" Aino  Virtanen").name == "Aino Virtanen"


@pytest.mark.parametrize("name", ["", "   ", "x" * 65, "Aino\x1b[2J", "Bo\u202e", "tab\there"])
def test_a_name_that_cannot_be_shown_plainly_is_refused(name: str) -> None:
    if name == "tab\there":  # whitespace inside a name is only tidied into one space
        assert clean_name(name) == "tab here"
        return
    assert clean_name(name) is None
    with pytest.raises(ValueError):
        served_trainee(name)


def test_each_browser_trainee_keeps_settings_of_their_own(database: Location) -> None:
    local = Store(database)
    save_settings(local, Settings(language="en"))
    aino = Store(database, trainee=served_trainee("Aino"))
    assert load_settings(aino).language == "en"  # none of her own yet: the installation's
    save_settings(aino, Settings(language="fi", theme="textual-light"))
    bo = Store(database, trainee=served_trainee("Bo"))
    assert load_settings(bo) == Settings(language="en")
    assert load_settings(local) == Settings(language="en")
    assert load_settings(Store(database, trainee=served_trainee("aino"))).theme == "textual-light"


def test_records_name_the_browser_trainee_and_the_terminal_user_anonymously(database: Location, story: Story) -> None:
    aino = trainer_of(database, "Aino Virtanen")
    session = play_to_the_end(aino, story)
    assert session.record_id is not None
    actor = context_for(aino.store, session.record_id, "practice", "en").actor
    assert actor["account"]["name"] == "aino virtanen" and actor["name"] == "Aino Virtanen"
    assert {s["actor"]["account"]["name"] for s in waiting_statements(aino.store)} == {"aino virtanen"}

    local = trainer_of(database, None)
    assert context_for(local.store, 1, "practice", "en").actor["account"]["name"] == learner_id(local.store)
