"""Statements reach a real Ralph LRS exactly once, even when it is down in between (no mocks)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scenarios.records import outbox
from scenarios.records.outbox import LrsConfig, status, sync, waiting_statements
from scenarios.store import Store, transaction
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from tests.records.ralph import KEY, SECRET, Ralph
from tests.records.test_outbox import play_and_save
from tests.support import WriteStory


@pytest.fixture
def mini(write: WriteStory, mini_text: str) -> Story:
    story = load_file(write(mini_text)).story
    assert story is not None
    return story


def config(ralph: Ralph) -> LrsConfig:
    return LrsConfig(url=ralph.endpoint, key=KEY, secret=SECRET)


def held(ralph: Ralph, ids: set[str]) -> Counter[str]:
    """How many times Ralph holds each of `ids`."""
    return Counter(str(s["id"]) for s in ralph.statements() if s["id"] in ids)


def test_a_whole_playthrough_arrives_and_reads_back_the_same(running_ralph: Ralph, tmp_path: Path, mini: Story) -> None:
    store = Store(tmp_path / "a.sqlite3")
    play_and_save(store, mini, ["check", "tell"], mode="exam")
    sent = waiting_statements(store)
    report = sync(store, config(running_ralph), batch=2)
    assert (report.sent, report.waiting, report.error) == (6, 0, None)
    stored = {str(s["id"]): s for s in running_ralph.statements()}
    for statement in sent:
        back = stored[statement["id"]]
        for field in ("actor", "verb", "object", "result"):
            assert back.get(field) == statement.get(field), (statement["verb"], field)
        assert back["context"]["registration"] == statement["context"]["registration"]


def test_ralph_down_keeps_the_outbox_and_after_restart_all_arrive_exactly_once(
    running_ralph: Ralph, tmp_path: Path, mini: Story
) -> None:
    store = Store(tmp_path / "b.sqlite3")
    play_and_save(store, mini, ["check"])  # half a playthrough: initialized, interacted
    first = sync(store, config(running_ralph))
    assert first.sent == 2 and first.waiting == 0

    running_ralph.stop()
    play_and_save(store, mini, ["online"])  # another playthrough while the LRS is down
    down = sync(store, config(running_ralph), retries=1, sleep=lambda _: None)
    assert down.sent == 0 and down.waiting == 4 and down.error
    assert status(store).waiting == 4

    running_ralph.start()
    # A crash after Ralph took a batch but before it was marked sent: those go again.
    store.conn.execute("UPDATE outbox SET sent_at = NULL")
    again = sync(store, config(running_ralph), batch=3)
    assert again.error is None and again.waiting == 0 and again.sent == 6
    ids = {s["id"] for s in waiting_statements(store, include_sent=True)}
    assert held(running_ralph, ids) == Counter(dict.fromkeys(ids, 1))


def test_wrong_credentials_send_nothing(running_ralph: Ralph, tmp_path: Path, mini: Story) -> None:
    store = Store(tmp_path / "c.sqlite3")
    play_and_save(store, mini, ["online"])
    report = sync(store, LrsConfig(url=running_ralph.endpoint, key=KEY, secret="wrong"), sleep=lambda _: None)
    assert report.sent == 0 and report.waiting == 4 and report.error == "HTTP 401"


def test_a_statement_the_lrs_refuses_is_set_aside_at_once_and_the_others_arrive(
    running_ralph: Ralph, tmp_path: Path, mini: Story
) -> None:
    store = Store(tmp_path / "d.sqlite3")
    outbox.ensure_schema(store.conn)
    broken = {"id": "5c1e7d2a-0000-4000-8000-000000000001", "actor": {"name": "nobody"}, "verb": {}, "object": {}}
    with transaction(store.conn):
        outbox.add(store.conn, [broken], "broken", 0.0)  # first in the queue: it would hold back the rest
    play_and_save(store, mini, ["online"])
    report = sync(store, config(running_ralph))
    assert (report.sent, report.set_aside, report.waiting, report.error) == (4, 1, 0, None)
    (held,) = outbox.set_aside_statements(store)
    assert held.id == broken["id"] and held.reason.startswith(("HTTP 400", "HTTP 422"))
    assert "actor" in held.reason  # Ralph's own words say what is wrong
    assert status(store).set_aside == 1 and waiting_statements(store) == []
    assert broken["id"] not in {s["id"] for s in running_ralph.statements()}
