"""The library: every story listed, filters and search, and a broken file shown with its error."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, Select, Static

from scenarios.story.library import StoryInfo
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.library import LibraryScreen
from tests.tui.conftest import SIZE, STORIES
from tests.tui.helpers import MakeApp, screen_text, until


def listed(app: ScenariosApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return [entry.id if isinstance(entry, StoryInfo) else entry.path for entry in screen.shown_entries()]


async def test_every_story_and_the_broken_file_are_listed(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = listed(app)
        assert len(shown) == 6
        assert shown[-1].endswith("broken.yaml")
        options = app.screen.query_one("#stories", OptionList)
        assert options.option_count == 6


async def test_the_broken_entry_shows_its_error_and_does_not_start(make_app: MakeApp) -> None:
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


async def test_typing_searches_titles_summaries_and_customers(make_app: MakeApp) -> None:
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


async def test_filters_by_channel_customer_and_theme(make_app: MakeApp) -> None:
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


async def test_the_card_shows_summary_details_and_best_result(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"wristband")
        await pilot.pause()
        card = str(app.screen.query_one("#card-body", Static).visual)
        assert "A customer comes to the desk upset about a wristband." in card
        assert "Best result: not played yet" in card
        assert "Source: chapter 5.1 of the City of Turku" in card and "haastava" not in card  # one language


async def test_the_card_tells_what_the_story_says_is_made_up_or_else_the_generic_note(
    make_app: MakeApp, tmp_path: Path
) -> None:
    desk = (STORIES / "desk.yaml").read_text(encoding="utf-8")
    note = "fictional: {fi: Rannekkeen hinta on keksitty., en: The wristband's price is made up.}\n"
    (tmp_path / "noted.yaml").write_text(desk.replace("minutes: 4\n", "minutes: 4\n" + note), encoding="utf-8")
    phone = (STORIES / "phone.yaml").read_text(encoding="utf-8")
    (tmp_path / "generic.yaml").write_text(
        phone.replace("minutes: 3\n", "minutes: 3\nfictional: yes\n"), encoding="utf-8"
    )
    app = make_app(language="en", paths=[tmp_path])

    def card() -> str:
        return str(app.screen.query_one("#card-body", Static).visual)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"wristband")
        await until(pilot, lambda: "The wristband's price is made up." in card(), "the story's own note")
        assert "made-up examples" not in card()
        await pilot.press(*(["backspace"] * 9), *"goal net")
        await until(pilot, lambda: "made-up examples, not the City of Turku's" in card(), "the generic note")


async def test_at_80x24_the_list_the_start_button_and_the_footer_fit(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query_one("#card").display  # the card would squeeze the list
        start = screen.query_one("#start", Button)
        assert start.display and start.region.y + start.region.height <= 23
        assert screen.query_one("#filters").region.height == 1  # the filters in one row
        assert screen.query_one("#channel").region.width >= 14
        assert str(start.label) == "▶ Aloita: Bussikortin lataus (Enter)"
    app = make_app(language="fi")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#card").display


async def test_slash_focuses_and_selects_the_search_and_never_types(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"goal")
        await pilot.press("down")
        app.screen.query_one("#stories").focus()
        await pilot.press("slash")
        search = app.screen.query_one("#search", Input)
        assert search.has_focus and search.value == "goal"
        await pilot.press(*"wristband")  # replaces the selected old search
        await pilot.pause()
        assert search.value == "wristband" and listed(app) == ["desk-wristband"]


async def test_coming_back_to_the_library_starts_a_new_search(make_app: MakeApp) -> None:
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"wristband", "enter")
        await pilot.pause()
        await pilot.press("escape")  # back from the play screen
        await pilot.pause()
        await pilot.press(*"goal")
        await pilot.pause()
        assert app.screen.query_one("#search", Input).value == "goal"


async def test_escape_clears_the_search_then_the_filters_and_the_empty_list_says_how(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#channel", Select).value = "phone"
        await pilot.press(*"wristband")
        await pilot.pause()
        assert listed(app) == [] and "Esc clears the search, then the filters." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#search", Input).value == "" and listed(app) == ["phone-goal-net"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(listed(app)) == 6


async def test_a_click_selects_and_a_second_click_starts(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#stories", OptionList)
        assert await pilot.click("#stories", offset=(3, 4))
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and options.highlighted == 1  # the second story
        assert await pilot.click("#stories", offset=(3, 4))
        await pilot.pause()
        assert not isinstance(app.screen, LibraryScreen)


async def test_separators_stay_between_long_entries(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#stories", OptionList)
        lines = [strip.text for strip in (options.render_line(y) for y in range(options.size.height))]
        rules = [number for number, line in enumerate(lines) if line.strip().startswith("───")]
        assert rules[:3] == [2, 5, 8]  # every story two lines, then a rule


async def test_the_library_loads_after_the_first_frame_and_fills_in(make_app: MakeApp) -> None:
    """As launched from the command line: nothing is loaded before the app starts; the list fills
    in (filters too) once the stories have loaded, and a typed search applies to them."""
    from scenarios.tui.screens.play import PlayScreen

    app = make_app(language="en", library_in_background=True)
    assert app.loaded_library is None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"goal net")
        for _ in range(100):  # until the worker has been started and has finished
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.loaded_library is not None:
                break
        assert app.loaded_library is not None
        assert listed(app) == ["phone-goal-net"]
        channels = app.screen.query_one("#channel", Select)
        assert len(channels._options) > 1  # the prompt and the channels of the stories
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_theme_menu_shows_whole_theme_names_on_screen(make_app: MakeApp, size: tuple[int, int]) -> None:
    from textual.widgets._select import SelectOverlay

    app = make_app(language="fi")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#theme", Select)
        select.expanded = True
        await pilot.pause()
        overlay = select.query_one(SelectOverlay)
        longest = max(len(str(option.prompt)) for option in overlay.options)
        assert overlay.region.width >= longest  # a compact menu: no border, no padding
        assert overlay.region.right <= size[0]
