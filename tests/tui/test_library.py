"""The library: every story listed, filters and search, and a broken file shown with its error."""

from __future__ import annotations

from textual.widgets import OptionList, Select

from scenarios.tui.screens.library import LibraryScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import screen_text


def listed(app) -> list[str]:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return [entry.story.id if entry.story else entry.path for entry in screen.shown_entries()]


async def test_every_story_and_the_broken_file_are_listed(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = listed(app)
        assert len(shown) == 6
        assert shown[-1].endswith("broken.yaml")
        options = app.screen.query_one("#stories", OptionList)
        assert options.option_count == 6


async def test_the_broken_entry_shows_its_error_and_does_not_start(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"broken.yaml")
        await pilot.pause()
        text = screen_text(app)
        assert "Broken story file" in text
        assert "broken.yaml:1:1" in text and "'channel' is missing" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_typing_searches_titles_summaries_and_customers(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"goal net")
        await pilot.pause()
        assert listed(app) == ["phone-goal-net"]
        await pilot.press(*(["backspace"] * 8), *"retired")
        await pilot.pause()
        assert listed(app) == ["phone-goal-net"]
        await pilot.press(*(["backspace"] * 7), *"zzz")
        await pilot.pause()
        assert listed(app) == []
        assert "No stories match." in screen_text(app)


async def test_filters_by_channel_customer_and_theme(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#channel", Select).value = "desk"
        await pilot.pause()
        assert listed(app) == ["desk-wristband", "markup-trap"]
        app.screen.query_one("#customer", Select).value = "young-adult"
        await pilot.pause()
        assert listed(app) == ["desk-wristband"]
        app.screen.query_one("#channel", Select).clear()
        app.screen.query_one("#theme", Select).value = "channels"
        await pilot.pause()
        assert listed(app) == ["chat-bus-card"]


async def test_the_card_shows_summary_details_and_best_result(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"wristband")
        await pilot.pause()
        card = str(app.screen.query_one("#card-body").visual)
        assert "A customer comes to the desk upset about a wristband." in card
        assert "Best result: not played yet" in card
        assert "5.1, haastava tarina 1" in card
