"""The app starts on a store with rows of the wrong types (issue #29, item 10: `decisions='many'` crashed it
at start) and shows what it can of them."""

from __future__ import annotations

from textual.widgets import DataTable

from scenarios.engine import Playthrough
from scenarios.engine.saves import to_json
from scenarios.store import Store
from scenarios.story.library import Library
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.progress import ProgressScreen
from tests.tui.conftest import NOW, SIZE, STORIES
from tests.tui.helpers import MakeApp, screen_text, until, until_screen


def finished_with_wrong_types() -> None:
    """A finished playthrough, then its row written over by hand with values of the wrong types."""
    story = Library.load([STORIES]).get("desk-wristband")
    assert story is not None
    play = Playthrough(story, seed=0, clock=lambda: NOW)
    store = Store()
    record_id = store.start(story.id, "The empty wristband", "en", "practice", to_json(play))
    store.finish(record_id, to_json(play), decisions=2, solution_focused=2, ideal=2, outcome="resolved")
    store.conn.execute(
        "UPDATE playthrough SET decisions = 'many', solution_focused = 'x', ideal = 2.5, updated_at = 'yesterday', "
        "started_at = x'00', title = 7 WHERE id = ?",
        (record_id,),
    )
    store.close()


async def test_the_app_starts_and_shows_progress_on_a_row_of_the_wrong_types(make_app: MakeApp) -> None:
    finished_with_wrong_types()
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("f3")
        await until_screen(pilot, ProgressScreen, "the progress screen")

        def history() -> DataTable[object]:
            return app.screen.query_one("#history", DataTable)

        await until(pilot, lambda: history().row_count == 1, "the playthrough in the history")
        assert "0/0 solution-focused" in [str(cell) for cell in history().get_row_at(0)]
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library again")
        assert "The empty wristband" in screen_text(app)
    assert app.return_code in (None, 0)
