"""The outbox in the store: statements commit with the save they record and wait until an LRS takes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.engine import Playthrough, to_json
from scenarios.records import outbox
from scenarios.records.outbox import LrsConfig, recording, status, sync, waiting_statements
from scenarios.records.statements import playthrough_statements
from scenarios.store import Store, schema_version
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from tests.records.ralph import free_port
from tests.support import WriteStory


@pytest.fixture
def mini(write: WriteStory, mini_text: str) -> Story:
    story = load_file(write(mini_text)).story
    assert story is not None
    return story


@pytest.fixture
def store(tmp_path: Path, store_backend: str | None) -> Store:
    """The store the outbox is in: a SQLite file, or a PostgreSQL database (each test runs on both)."""
    return Store(store_backend or tmp_path / "records.sqlite3")


def play_and_save(store: Store, story: Story, options: list[str], mode: str = "practice") -> int:
    """Play as the app does: start a record, then save after every choice inside `recording`."""
    play = Playthrough(story, seed=1)
    record_id = store.start(story.id, "t", "en", mode, to_json(play))
    for option in options:
        play.choose_option(option)
        with recording(store, play, record_id, mode, "en"):
            if play.is_over:
                store.finish(
                    record_id, to_json(play), decisions=len(play.history), solution_focused=0, ideal=0, outcome=None
                )
            else:
                store.autosave(record_id, to_json(play), decisions=len(play.history), solution_focused=0, ideal=0)
    return record_id


def test_each_save_puts_the_playthrough_so_far_in_the_outbox_once(store: Store, mini: Story) -> None:
    play_and_save(store, mini, ["check", "tell"])
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in waiting_statements(store)]
    assert verbs == ["initialized", "interacted", "answered", "completed", "terminated"]
    assert status(store).waiting == 5 and status(store).sent == 0
    assert schema_version(store.conn, "records") == len(outbox.MIGRATIONS)


def test_the_outbox_holds_every_statement_of_the_playthrough_as_made_at_its_end(store: Store, mini: Story) -> None:
    record_id = play_and_save(store, mini, ["check", "tell"])
    play = Playthrough(mini, seed=1)
    for option in ["check", "tell"]:
        play.choose_option(option)
    ctx = outbox.with_team(outbox.context_for(store, record_id, "practice", "en"), store)
    made = playthrough_statements(play, ctx)
    kept = waiting_statements(store)
    assert [s["id"] for s in kept] == [s["id"] for s in made]
    assert [s["verb"] for s in kept] == [s["verb"] for s in made]
    assert [s["object"]["id"] for s in kept] == [s["object"]["id"] for s in made]


def test_a_save_after_one_that_failed_records_the_choice_it_missed(store: Store, mini: Story) -> None:
    play = Playthrough(mini, seed=1)
    record_id = store.start(mini.id, "t", "en", "practice", to_json(play))
    play.choose_option("check")
    with pytest.raises(RuntimeError), recording(store, play, record_id, "practice", "en"):
        store.autosave(record_id, to_json(play), decisions=1, solution_focused=1, ideal=1)
        raise RuntimeError("busy")  # this choice's save and statements roll back
    play.choose_option("tell")
    with recording(store, play, record_id, "practice", "en"):
        store.finish(record_id, to_json(play), decisions=2, solution_focused=1, ideal=1, outcome=None)
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in waiting_statements(store)]
    assert verbs == ["initialized", "interacted", "answered", "completed", "terminated"]


def test_a_failed_save_leaves_no_statements_and_statements_never_come_without_their_save(
    store: Store, mini: Story
) -> None:
    play = Playthrough(mini, seed=1)
    record_id = store.start(mini.id, "t", "en", "practice", to_json(play))
    before = to_json(play)
    play.choose_option("check")
    with pytest.raises(RuntimeError), recording(store, play, record_id, "practice", "en"):
        store.autosave(record_id, to_json(play), decisions=1, solution_focused=1, ideal=1)
        raise RuntimeError("disk full")  # the save fails after its update: both roll back
    assert waiting_statements(store) == []
    record = store.get(record_id)
    assert record is not None and record.save == before and record.decisions == 0


def test_the_same_playthrough_twice_makes_separate_statements(store: Store, mini: Story) -> None:
    play_and_save(store, mini, ["online"])
    play_and_save(store, mini, ["online"])
    statements = waiting_statements(store)
    assert len(statements) == 8 and len({s["id"] for s in statements}) == 8


def test_no_lrs_configured_sends_nothing_and_says_so(store: Store, mini: Story) -> None:
    play_and_save(store, mini, ["online"])
    report = sync(store, LrsConfig())
    assert report.error == "no_lrs" and report.waiting == 4


def test_an_unreachable_lrs_is_retried_with_growing_waits_and_keeps_everything(store: Store, mini: Story) -> None:
    play_and_save(store, mini, ["online"])
    waits: list[float] = []
    report = sync(
        store, LrsConfig(url=f"http://127.0.0.1:{free_port()}/xAPI/"), retries=3, backoff=0.5, sleep=waits.append
    )
    assert waits == [0.5, 1.0, 2.0]
    assert report.sent == 0 and report.waiting == 4 and report.error
    assert status(store).last_error == report.error


def test_settings_and_environment_configure_the_lrs(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.write_setting("records", {"url": "https://lrs.example/xAPI/", "key": "k", "secret": "s"})
    assert outbox.load_config(store, {}).headers()["Authorization"] == "Basic azpz"
    config = outbox.load_config(store, {"SCENARIOS_LRS_URL": "https://other.example/xAPI", "SCENARIOS_LRS_TOKEN": "t"})
    assert config.statements_url == "https://other.example/xAPI/statements"
    assert config.headers()["Authorization"] == "Bearer t"


def test_a_save_that_changed_nothing_adds_no_statements(store: Store, mini: Story) -> None:
    play = Playthrough(mini, seed=1)
    play.choose_option("online")
    with recording(store, play, 999, "practice", "en"):  # no such row: the update changes nothing
        store.autosave(999, to_json(play), decisions=1, solution_focused=0, ideal=0)
    assert waiting_statements(store) == []


def test_leaving_and_coming_back_are_numbered_suspended_and_resumed_statements(store: Store, mini: Story) -> None:
    record_id = play_and_save(store, mini, ["check"])
    first = outbox.record_pause(store, mini, record_id, "practice", "en", "suspended")
    outbox.record_pause(store, mini, record_id, "practice", "en", "resumed")
    second = outbox.record_pause(store, mini, record_id, "practice", "en", "suspended")
    assert first["id"] != second["id"]
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in waiting_statements(store)]
    assert verbs[-3:] == ["suspended", "resumed", "suspended"]
