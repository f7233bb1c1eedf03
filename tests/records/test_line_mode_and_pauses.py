"""Line mode's playthroughs make the same statements as the app's, once; leaving and resuming are recorded."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scenarios.cli.main import main
from scenarios.records.outbox import waiting_statements
from scenarios.store import Store
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from scenarios.trainer.session import Trainer
from scenarios.tui.screens.play import PlayScreen
from tests.records.xapi_schema import STATEMENT
from tests.support import numbers_for
from tests.tui.conftest import SIZE
from tests.tui.helpers import search_and_open, until, until_screen


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [str(s["verb"]["id"]).rsplit("/", 1)[1] for s in statements]


@pytest.fixture
def story_file(write: Callable[[str, str], Path], mini_text: str) -> Path:
    return write(mini_text, "mini.yaml")


@pytest.fixture
def mini(story_file: Path) -> Story:
    story = load_file(story_file).story
    assert story is not None
    return story


def test_a_line_mode_playthrough_leaves_its_statements_once(
    story_file: Path, mini: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    check_then_tell = ",".join(map(str, numbers_for(mini, ["check", "tell"])))  # --choices plays seed 0
    assert main(["play", str(story_file), "--choices", check_then_tell, "--lang", "en"]) == 0
    statements = waiting_statements(Store())
    assert verbs(statements) == ["initialized", "interacted", "answered", "completed", "terminated"]
    for statement in statements:
        jsonschema.validate(statement, STATEMENT)
        assert statement["context"]["language"] == "en"
    assert statements[1]["result"]["response"] == "check" and statements[2]["result"]["response"] == "tell"
    assert main(["play", str(story_file), "--choices", check_then_tell, "--no-save"]) == 0
    assert len(waiting_statements(Store())) == 5  # --no-save keeps it out of the records too
    assert main(["play", str(story_file), "--choices", check_then_tell]) == 0
    again = waiting_statements(Store())
    assert len(again) == 10 and len({s["id"] for s in again}) == 10
    capsys.readouterr()


def test_line_mode_left_unfinished_is_suspended_and_the_app_layer_resumes_it(story_file: Path, mini: Story) -> None:
    (check,) = numbers_for(mini, ["check"], seed=1)  # an action that stays at the decision
    done = subprocess.run(
        [sys.executable, "-m", "scenarios", "play", str(story_file), "--plain", "--lang", "en", "--seed", "1"],
        input=f"{check}\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "offers to continue it" in done.stderr
    store = Store()
    assert verbs(waiting_statements(store)) == ["initialized", "interacted", "suspended"]
    trainer = Trainer(store)
    (record,) = trainer.waiting()
    session = trainer.resume(record, mini)
    session.choose(next(c.number for c in session.play.beat().choices if c.option_id == "tell"))
    assert session.finish()
    session.leave()  # finished: nothing more to say
    statements = waiting_statements(store)
    assert verbs(statements) == [
        "initialized",
        "interacted",
        "suspended",
        "resumed",
        "answered",
        "completed",
        "terminated",
    ]
    assert len({s["context"]["registration"] for s in statements}) == 1
    for statement in statements:
        jsonschema.validate(statement, STATEMENT)


def test_leaving_twice_and_coming_back_twice_are_numbered(tmp_path: Path, mini: Story) -> None:
    store = Store(tmp_path / "s.sqlite3")
    trainer = Trainer(store)
    session = trainer.start(mini, title="Mini", language="fi", mode="practice", seed=1)
    session.leave()  # nothing chosen yet: no row, nothing to say
    assert waiting_statements(store) == []
    session = trainer.start(mini, title="Mini", language="fi", mode="practice", seed=1)
    session.choose(next(c.number for c in session.play.beat().choices if c.option_id == "check"))
    session.leave()
    session.leave()  # a second call (the screen and the app both leave) says nothing more
    (record,) = trainer.waiting()
    trainer.resume(record, mini).leave()
    statements = waiting_statements(store)
    assert verbs(statements) == ["initialized", "interacted", "suspended", "resumed", "suspended"]
    assert len({s["id"] for s in statements}) == 5


async def test_the_app_records_leaving_a_story_and_resuming_it(make_app: Callable[..., Any]) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "wristband")
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("2")
        await until(
            pilot, lambda: verbs(waiting_statements(Store()))[-1:] == ["interacted"], "the choice to be recorded"
        )
        await pilot.press("f1")  # back to the library, mid-way
        await until(pilot, lambda: verbs(waiting_statements(Store()))[-1:] == ["suspended"], "the story to be left")
        await search_and_open(app, pilot, "wristband")  # offered again: continue it
        await pilot.press("enter")
        await until_screen(pilot, PlayScreen, "the story to continue")
        assert verbs(waiting_statements(Store()))[-1] == "resumed"
    # Quitting the app with the story open leaves it suspended again.
    assert verbs(waiting_statements(Store()))[-2:] == ["resumed", "suspended"]
