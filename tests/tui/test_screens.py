"""Settings, progress, glossary, export and the Footer: the screens around playing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, RadioSet

from scenarios.store import Store, load_settings
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.glossary import GlossaryScreen
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.screens.progress import ProgressScreen
from scenarios.tui.screens.settings import SettingsScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import screen_text, search_and_open


async def play_wristband_to_debrief(app, pilot, query: str = "wristband") -> None:  # type: ignore[no-untyped-def]
    await search_and_open(app, pilot, query)
    await pilot.press("2")
    await pilot.pause()
    if not isinstance(app.screen, PlayScreen):
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press("1")
    await pilot.pause()
    if not isinstance(app.screen, PlayScreen):
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, DebriefScreen)


async def test_switching_language_switches_the_whole_ui_and_the_stories(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "ranneke")
        assert "Tämä ranneke ei toimi!" in screen_text(app)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "Kieli (käyttöliittymä ja tarinat)" in screen_text(app)
        await pilot.press("down", "enter")  # the language radio set has the focus: Finnish → English
        await pilot.pause()
        assert "Language (the interface and the stories)" in screen_text(app)
        assert app.title == "Asiakaspolku – customer-service practice"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        shown = screen_text(app)
        assert "This wristband does not work!" in shown and "Tämä ranneke" not in shown
        assert "Customer's mood: annoyed (-1)" in shown
        assert not app.screen.query_one("#typing").display
        assert [binding.description for binding in app.screen._bindings.key_to_bindings["escape"]] == ["To the library"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#search").value == "ranneke"  # the search is kept
        app.screen.query_one("#search").value = ""
        await pilot.pause()
        assert "The empty wristband" in screen_text(app)
    assert load_settings(Store()).language == "en"


async def test_mode_and_high_contrast_theme_are_kept(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#mode", RadioSet).focus()
        await pilot.press("down", "enter")
        app.screen.query_one("#theme", RadioSet).focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.theme == "scenarios-high-contrast"
    settings = load_settings(Store())
    assert (settings.mode, settings.theme) == ("exam", "scenarios-high-contrast")


async def test_progress_lists_history_and_best(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        assert "You have not finished a story yet." in screen_text(app)
        await pilot.press("escape")
        await play_wristband_to_debrief(app, pilot)
        await pilot.press("f3")
        await pilot.pause()
        history = app.screen.query_one("#history", DataTable)
        assert history.row_count == 1
        row = [str(cell) for cell in history.get_row_at(0)]
        assert row[1:] == ["The empty wristband", "practice", "2/2 solution-focused, 2 ideal", "resolved"]
        assert app.screen.query_one("#best", DataTable).row_count == 1
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert "best: 2/2 solution-focused" in screen_text(app)


async def test_the_glossary_opens_from_anywhere(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press("escape")
        await search_and_open(app, pilot, "wristband")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        shown = screen_text(app)
        assert "Glossary: the core concepts" in shown
        assert "Customer\nA person or party with a need" in shown
        assert "• A resident buying a bus ticket" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


async def test_the_debrief_exports_to_markdown_and_plays_again(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await play_wristband_to_debrief(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        exported = app.screen.exported  # type: ignore[attr-defined]
        text = exported.read_text("utf-8")
        assert text.startswith("# Debrief: The empty wristband")
        assert "**Your choice:** Pull the wristband's report. (Solution-focused)" in text
        assert "- Solution focus: 2/2" in text
        assert "## To reflect on" in text and "- What did I learn that was new to me?" in text
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.play.history == ()


async def test_the_footer_and_palette_speak_the_trainees_language(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        described = {key: binding.description for key, (_, binding, _, _) in app.screen.active_bindings.items()}
        assert described["f2"] == "Sanasto" and described["ctrl+p"] == "Komennot"
        await search_and_open(app, pilot, "ranneke")
        described = {key: binding.description for key, (_, binding, _, _) in app.screen.active_bindings.items()}
        assert described["1"] == "Valitse"


def test_an_unexpected_error_is_logged_not_shown_as_a_traceback(make_app, capfd) -> None:  # type: ignore[no-untyped-def]
    from scenarios.store import data_dir

    app = make_app(language="en")

    def broken() -> None:
        raise RuntimeError("boom")

    app.action_glossary = broken  # type: ignore[method-assign]

    async def press_f2(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f2")

    app.run(headless=True, size=SIZE, auto_pilot=press_f2)  # the real run, as the command line does
    shown = capfd.readouterr().err
    assert "unexpected error" in shown and "Traceback" not in shown and "boom" not in shown
    assert app.return_code == 1
    assert "RuntimeError: boom" in (data_dir() / "crash.log").read_text("utf-8")
