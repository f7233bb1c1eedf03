"""A trainee in the browser is told of their own learning records waiting to be sent, not of the whole server's
outbox (which holds every trainee's); the terminal's user, whose data directory it is, sees all of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.records.background import outbox_note
from scenarios.store import Store
from scenarios.store.trainee import served_trainee
from scenarios.story.loader import load_file
from tests.records.test_outbox import play_and_save
from tests.support import WriteStory


def test_each_trainee_in_the_browser_sees_their_own_waiting_records(
    tmp_path: Path, write: WriteStory, mini_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENARIOS_LRS_URL", "http://127.0.0.1:9/xAPI")  # an LRS is set, and down
    story = load_file(write(mini_text)).story
    assert story is not None
    path = tmp_path / "server.sqlite3"
    aino = Store(path, trainee=served_trainee("Aino"))
    bo = Store(path, trainee=served_trainee("Bo"))
    play_and_save(aino, story, ["check", "tell"])  # 5 statements: a whole playthrough
    play_and_save(bo, story, ["online"])  # 4
    play_and_save(bo, story, ["online"])  # 4 more
    assert outbox_note(aino, "en") == "5 learning records waiting to be sent."
    assert outbox_note(bo, "en") == "8 learning records waiting to be sent."
    assert outbox_note(Store(path, trainee=served_trainee("Cai")), "en") is None  # nothing of Cai's waits
    assert outbox_note(Store(path), "en") == "13 learning records waiting to be sent."  # the server's own user
