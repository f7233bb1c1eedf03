"""The app as a trainee in a browser sees it (`scenarios serve`): the debrief is delivered as a download, and
the team rehearsal is not offered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.command import CommandPalette
from textual.widgets import OptionList

from scenarios.store import Store, exports_dir, served_trainee
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.library import LibraryScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import notices, until, until_screen
from tests.tui.test_screens import play_wristband_to_debrief


async def test_a_served_trainees_debrief_is_delivered_to_the_browser_not_written_on_the_server(
    make_app: Callable[..., ScenariosApp], tmp_path: Path
) -> None:
    app = make_app(language="en", store=Store(trainee=served_trainee("Aino")))
    delivered: list[tuple[str, dict[str, Any]]] = []
    # Textual's delivery goes to the browser through the web driver; headless, it would write into ~/Downloads.
    app.deliver_text = lambda file, **options: delivered.append((file.read(), options))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        told = notices(app)
        await play_wristband_to_debrief(app, pilot)
        await pilot.press("e")
        await until(pilot, lambda: bool(delivered) and bool(told), "the download")
        [(text, options)] = delivered
        assert text.startswith("# Debrief: The empty wristband")
        assert options["save_filename"].endswith(".md") and options["mime_type"] == "text/markdown"
        assert list(exports_dir().iterdir()) == []
        assert told[-1] == f"Your browser downloads the debrief as {options['save_filename']}"


async def test_the_team_rehearsal_is_not_offered_in_a_browser(make_app: Callable[..., ScenariosApp]) -> None:
    app = make_app(language="en", offer_resume=False, store=Store(trainee=served_trainee("Aino")))
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        assert app.sub_title == "Aino"  # the header says whose progress this is
        await pilot.press("f5")
        await pilot.press("ctrl+p")  # F5 did nothing: Ctrl+P opens the palette over the library
        await until_screen(pilot, CommandPalette, "the command palette")
        assert isinstance(app.screen_stack[-2], LibraryScreen) and len(app.screen_stack) == 2
        palette = app.screen
        # Before anything is typed the palette lists the main commands (the rehearsal among them in the terminal).
        await until(
            pilot,
            lambda: any("Settings" in str(option.prompt) for option in palette.query_one(OptionList).options),
            "the main commands",
        )
        prompts = [str(option.prompt) for option in palette.query_one(OptionList).options]
        assert not any("Team rehearsal" in prompt for prompt in prompts), prompts
