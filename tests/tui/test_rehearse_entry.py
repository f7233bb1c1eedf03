"""The trainee app's way into the team rehearsal: the command palette and F5 in the library."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import OptionList

from scenarios.tui.rehearse.session import RehearseSessionScreen
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from scenarios.tui.screens.library import LibraryScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import MakeApp, until, until_screen, whole


async def test_the_command_palette_opens_the_rehearsal(make_app: MakeApp) -> None:
    app = make_app(language="en", offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await until_screen(pilot, CommandPalette, "CommandPalette")
        await pilot.press(*"rehearsal")

        def prompts() -> list[str]:
            return [str(option.prompt) for option in app.screen.query_one(OptionList).options]

        await until(pilot, lambda: bool(prompts()) and "Team rehearsal" in prompts()[0], "the palette's match")
        await pilot.press("enter")
        await until_screen(pilot, RehearseSetupScreen, "the setup")


async def test_f5_in_the_library_opens_the_rehearsal_and_f1_comes_back(make_app: MakeApp) -> None:
    app = make_app(language="en", offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("f5")
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        setup = app.screen
        await pilot.press("f5")  # already there: nothing more opens
        await until(
            pilot,
            lambda: app.screen is setup and len(app.screen_stack) == 2,
            "back at the setup",
        )
        await pilot.press("f1")
        await until_screen(pilot, LibraryScreen, "LibraryScreen")


async def test_a_rehearsal_opened_from_the_trainee_app_starts(make_app: MakeApp) -> None:
    from textual.widgets import Button, Input, SelectionList

    app = make_app(language="en", offer_resume=False)
    async with app.run_test(size=(110, 40)) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("f5")
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        screen = app.screen
        screen.query_one("#participants", Input).value = "3"
        screen.query_one("#plan", SelectionList).select("desk-wristband")
        screen.query_one("#start", Button).scroll_visible(animate=False)
        await until(pilot, lambda: whole(app, "#start"), "the start button in sight")
        await pilot.click("#start")
        await until_screen(pilot, RehearseSessionScreen, "the session screen")
        await pilot.press("f1")
        await until_screen(pilot, LibraryScreen, "LibraryScreen")
