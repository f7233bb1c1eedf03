"""A team rehearsal leaves team statements (the team as a Group, its participants as members) in the outbox,
with each save of the session: the team's choice and the vote spread at each decision, valid xAPI, once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scenarios.records.outbox import LrsConfig, sync, waiting_statements
from scenarios.records.report import analyse
from scenarios.rehearsal import MAJORITY, PICK, Participants, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from tests.postgresql import or_shared
from tests.records.ralph import KEY, SECRET, Ralph
from tests.records.xapi_schema import STATEMENT

BASE = "https://scenarios.invalid/xapi/extensions/"


@pytest.fixture
def mini(write: Callable[[str], Path], mini_text: str) -> Story:
    story = load_file(write(mini_text)).story
    assert story is not None
    return story


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [str(s["verb"]["id"]).rsplit("/", 1)[1] for s in statements]


def rehearse(store: Store, story: Story) -> int:
    """A whole rehearsal of `story`: five named participants vote twice; the facilitator picks on the second."""
    times = iter(range(1_763_337_600, 1_763_340_000, 30))
    session = Session.new(
        [story],
        team="Kirjasto",
        participants=Participants.of(names=["Aino", "Bo", "Cai", "Dan", "Eve"]),
        clock=lambda: float(next(times)),
        language="en",
    )
    session_id = StoryRecords(store).start(session)
    session.start()
    session.set_count("check", 3)
    session.set_count("online", 2)
    session.reveal()
    session.continue_with(MAJORITY)
    session.set_count("tell", 1)
    session.set_count("next", 4)
    session.reveal()
    session.continue_with(PICK, "tell")
    session.next_story()
    session.finish()
    store.writer.flush()  # the saves (and their statements) are the writer thread's
    return session_id


@pytest.mark.usefixtures("store_backend")
def test_a_rehearsal_leaves_the_teams_statements_once_and_valid(tmp_path: Path, mini: Story) -> None:
    store = Store(or_shared(tmp_path / "r.sqlite3"))  # on each backend of the store in turn
    rehearse(store, mini)
    statements = waiting_statements(store)
    assert verbs(statements) == ["launched", "initialized", "interacted", "answered", "completed", "terminated"]
    assert len({s["id"] for s in statements}) == len(statements)  # every save made them again: kept once
    for statement in statements:
        jsonschema.validate(statement, STATEMENT)
        actor = statement["actor"]
        assert actor["objectType"] == "Group" and actor["name"] == "Kirjasto"
        assert [m["name"] for m in actor["member"]] == ["Aino", "Bo", "Cai", "Dan", "Eve"]
        assert statement["context"]["extensions"][BASE + "mode"] == "rehearsal"
    action, answer = statements[2]["result"], statements[3]["result"]
    assert action["response"] == "check" and action["extensions"][BASE + "votes"] == {"check": 3, "online": 2}
    assert action["extensions"][BASE + "vote-shares"] == {"check": 0.6, "online": 0.4}
    assert action["extensions"][BASE + "continued-by"] == "majority"
    assert answer["response"] == "tell" and answer["success"] is True
    assert answer["extensions"][BASE + "votes"] == {"tell": 1, "next": 4}
    assert answer["extensions"][BASE + "continued-by"] == "pick"


@pytest.mark.usefixtures("store_backend")
def test_the_team_statements_stay_out_of_the_trainees_report(tmp_path: Path, mini: Story) -> None:
    store = Store(or_shared(tmp_path / "r.sqlite3"))
    rehearse(store, mini)
    report = analyse(waiting_statements(store))
    assert report.empty and report.team_statements == 6


def test_a_real_lrs_takes_the_team_statements(running_ralph: Ralph, tmp_path: Path, mini: Story) -> None:
    store = Store(tmp_path / "r.sqlite3")
    rehearse(store, mini)
    ids = {s["id"] for s in waiting_statements(store)}
    report = sync(store, LrsConfig(url=running_ralph.endpoint, key=KEY, secret=SECRET))
    assert (report.sent, report.set_aside, report.waiting) == (6, 0, 0)
    held = {str(s["id"]): s for s in running_ralph.statements() if s["id"] in ids}
    assert set(held) == ids
    for statement in held.values():
        actor = statement["actor"]
        assert isinstance(actor, dict) and actor["objectType"] == "Group" and len(actor["member"]) == 5
