"""The library: every story listed, filters and search, and a broken file shown with its error."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, Select, Static

from scenarios.story.library import StoryInfo
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.library import LibraryScreen, title_order
from tests.tui.conftest import SIZE, STORIES
from tests.tui.helpers import (
    AppPilot,
    MakeApp,
    footer_keys,
    past_the_briefing,
    screen_text,
    until,
    until_screen,
)


def listed(app: ScenariosApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return [entry.id if isinstance(entry, StoryInfo) else entry.path for entry in screen.shown_entries()]


async def library_ready(app: ScenariosApp, pilot: AppPilot) -> None:
    """Wait for the library with its filter menus (added after the first frame)."""

    def ready() -> bool:
        screen = app.screen
        if not (isinstance(screen, LibraryScreen) and screen.is_mounted):
            return False
        menus = screen.query("#theme")
        return bool(menus) and menus.first().region.width > 0

    await until(pilot, ready, "the library and its filters")


async def lists(app: ScenariosApp, pilot: AppPilot, expected: list[str]) -> None:
    """Wait for the list to show `expected` (the screen filters as each key or menu change arrives)."""
    await until(pilot, lambda: listed(app) == expected, f"the list {expected}")


async def test_every_story_and_the_broken_file_are_listed(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(app, pilot)
        shown = listed(app)
        assert len(shown) == 6
        assert shown[-1].endswith("broken.yaml")
        options = app.screen.query_one("#stories", OptionList)
        assert options.option_count == 6


async def test_the_broken_entry_shows_its_error_and_does_not_start(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(app, pilot)
        await pilot.press(*"broken.yaml")
        await until(pilot, lambda: "Broken story file" in screen_text(app), "the broken file's card")
        text = screen_text(app)
        assert "broken.yaml:1:1" in text and "'channel' is missing" in text
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query_one("#search", Input).has_focus, "Enter to be handled")
        assert isinstance(app.screen, LibraryScreen) and len(app.screen_stack) == 1


async def test_typing_searches_titles_summaries_and_customers(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(app, pilot)
        await pilot.press(*"goal net")
        await lists(app, pilot, ["phone-goal-net"])
        await pilot.press(*(["backspace"] * 8), *"retired")
        await until(pilot, lambda: app.screen.query_one("#search", Input).value == "retired", "the new search")
        await lists(app, pilot, ["phone-goal-net"])
        await pilot.press(*(["backspace"] * 7), *"zzz")
        await lists(app, pilot, [])
        assert "No stories match." in screen_text(app)


async def test_filters_by_channel_customer_and_theme(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(app, pilot)
        app.screen.query_one("#channel", Select).value = "desk"
        await lists(app, pilot, ["markup-trap", "desk-wristband"])
        app.screen.query_one("#customer", Select).value = "young-adult"
        await lists(app, pilot, ["desk-wristband"])
        app.screen.query_one("#channel", Select).clear()
        app.screen.query_one("#theme", Select).value = "channels"
        await lists(app, pilot, ["chat-bus-card"])


@pytest.mark.parametrize(
    ("language", "order"),
    [
        ("fi", ["markup-trap", "chat-bus-card", "phone-goal-net", "email-credentials", "desk-wristband"]),
        ("en", ["markup-trap", "email-credentials", "phone-goal-net", "chat-bus-card", "desk-wristband"]),
    ],
)
async def test_the_stories_are_in_the_order_of_their_titles_in_the_trainees_language(
    make_app: MakeApp, language: str, order: list[str]
) -> None:
    app = make_app(language=language)
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(app, pilot)
        assert listed(app)[:-1] == order and listed(app)[-1].endswith("broken.yaml")  # a broken file comes last
        other = "en" if language == "fi" else "fi"
        app.apply_settings(app.settings.model_copy(update={"language": other}))
        await until(pilot, lambda: listed(app)[:-1] != order, "the order of the other language's titles")


def test_titles_sort_as_the_finnish_alphabet_does_ignoring_case_and_leading_quotes() -> None:
    titles = ["Öljy", "äiti", "Åland", "zeta", "”Tiedätkö kuka minä olen?”", "Aamu"]
    assert sorted(titles, key=title_order) == ["Aamu", "”Tiedätkö kuka minä olen?”", "zeta", "Åland", "äiti", "Öljy"]


async def test_the_card_shows_summary_details_and_best_result(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(app, pilot)
        await pilot.press(*"wristband")
        await lists(app, pilot, ["desk-wristband"])
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
        await library_ready(app, pilot)
        screen = app.screen
        await until(pilot, lambda: not screen.query_one("#card").display, "the card to step aside")
        start = screen.query_one("#start", Button)
        assert start.display and start.region.y + start.region.height <= 23
        assert screen.query_one("#filters").region.height == 1  # the filters in one row
        assert screen.query_one("#channel").region.width >= 14
        assert str(start.label) == "▶ Aloita: [bold]Ansa[/bold] [@click=app.quit] (Enter)"  # the first title
        await until(pilot, lambda: "? Ohje" in footer_keys(app), "`?` in the keys line")
        keys = footer_keys(app)
        assert "^q Lopeta" in keys and "^p Komennot" in keys
        assert not any(key.startswith("f5") for key in keys)  # `?` lists it
    app = make_app(language="fi")
    async with app.run_test(size=(120, 40)) as pilot:
        await library_ready(app, pilot)
        await until(pilot, lambda: app.screen.query_one("#card").display, "the card beside the list")


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
        await lists(app, pilot, ["desk-wristband"])
        assert search.value == "wristband"


async def test_coming_back_to_the_library_starts_a_new_search(make_app: MakeApp) -> None:
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(app, pilot)
        await pilot.press(*"wristband")
        await lists(app, pilot, ["desk-wristband"])
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#briefing")), "the briefing")
        await pilot.press("escape")  # back from the briefing
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press(*"goal")
        await until(pilot, lambda: app.screen.query_one("#search", Input).value == "goal", "a new search")


async def test_escape_clears_the_search_then_the_filters_and_the_empty_list_says_how(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(app, pilot)
        app.screen.query_one("#channel", Select).value = "phone"
        await pilot.press(*"wristband")
        await until(pilot, lambda: app.screen.query_one("#search", Input).value == "wristband", "the search")
        await lists(app, pilot, [])
        assert "Esc clears the search, then the filters." in screen_text(app)
        await pilot.press("escape")
        await lists(app, pilot, ["phone-goal-net"])
        assert app.screen.query_one("#search", Input).value == ""
        await pilot.press("escape")
        await until(pilot, lambda: len(listed(app)) == 6, "every story again")


async def test_a_click_selects_and_a_second_click_starts(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await library_ready(app, pilot)
        options = app.screen.query_one("#stories", OptionList)
        assert await pilot.click("#stories", offset=(3, 4))
        await until(pilot, lambda: options.highlighted == 1, "the second story to be selected")
        assert isinstance(app.screen, LibraryScreen)
        assert await pilot.click("#stories", offset=(3, 4))
        await until(pilot, lambda: not isinstance(app.screen, LibraryScreen), "the story to start")


async def test_separators_stay_between_long_entries(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(app, pilot)
        options = app.screen.query_one("#stories", OptionList)
        await until(pilot, lambda: options.size.height > 9, "the list laid out")
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
        await until(pilot, lambda: app.loaded_library is not None, "the stories to load")
        await lists(app, pilot, ["phone-goal-net"])
        channels = app.screen.query_one("#channel", Select)
        await until(pilot, lambda: len(channels._options) > 1, "the channels")  # the prompt and the channels
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#briefing")), "the story's briefing")
        await past_the_briefing(app, pilot)
        assert isinstance(app.screen, PlayScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_theme_menu_shows_whole_theme_names_on_screen(make_app: MakeApp, size: tuple[int, int]) -> None:
    from textual.widgets._select import SelectOverlay

    app = make_app(language="fi")
    async with app.run_test(size=size) as pilot:
        await library_ready(app, pilot)
        for menu in ("#theme", "#customer"):  # "Ratkaisukeskeisyys (luku 4)", "Eläkeläispariskunta"
            select = app.screen.query_one(menu, Select)
            select.expanded = True
            overlay = select.query_one(SelectOverlay)

            def whole(overlay: SelectOverlay = overlay) -> bool:
                longest = max((len(str(option.prompt)) for option in overlay.options), default=999)
                return overlay.region.width >= longest  # a compact menu: no border, no padding

            await until(pilot, whole, f"the {menu} menu to show whole names")
            assert overlay.region.right <= size[0]
            select.expanded = False
