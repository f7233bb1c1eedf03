"""A playthrough in the terminal app leaves its statements in the outbox, valid, with each save."""

from __future__ import annotations

import jsonschema
import pytest

from scenarios.records.outbox import status, waiting_statements
from scenarios.store import Store
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.play import PlayScreen
from tests.records.xapi_schema import STATEMENT
from tests.tui.conftest import SIZE
from tests.tui.helpers import MakeApp, search_and_open, until, until_screen


def verbs() -> list[str]:
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in waiting_statements(Store())]


@pytest.mark.parametrize("mode", ["practice", "exam"])
async def test_playing_in_the_app_fills_the_outbox_choice_by_choice(make_app: MakeApp, mode: str) -> None:
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": mode})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "wristband")
        play = app.screen
        assert isinstance(play, PlayScreen)

        def ready() -> bool:
            return play.feedback is None and not play.busy

        await pilot.press("2")
        await until(pilot, lambda: len(verbs()) >= 2, "the choice to be recorded")
        assert verbs() == ["initialized", "interacted"]  # saved with the choice, before the story goes on
        if mode == "practice":
            await until(pilot, lambda: play.feedback is not None, "the feedback")
            await pilot.press("enter")  # past the feedback
        await until(pilot, ready, "the next decision")
        await pilot.press("down", "up", "enter")
        await until(pilot, lambda: len(verbs()) >= 3, "the second choice to be recorded")
        if mode == "practice":
            await until(pilot, lambda: play.feedback is not None, "the feedback")
            await pilot.press("enter")
        await until(pilot, lambda: ready() and play.session.play.is_over, "the ending")
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")
    ending = ["completed", "passed", "terminated"] if mode == "exam" else ["completed", "terminated"]
    assert verbs() == ["initialized", "interacted", "answered", *ending]
    for statement in waiting_statements(Store()):
        jsonschema.validate(statement, STATEMENT)
        assert statement["context"]["language"] == "en"
    assert status(Store()).waiting == len(verbs())
