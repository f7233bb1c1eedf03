"""Settings, progress, glossary, export and the Footer: the screens around playing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, RadioButton, RadioSet

from scenarios.store import Store, load_settings
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.glossary import GlossaryScreen
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.screens.progress import ProgressScreen
from scenarios.tui.screens.settings import SettingsScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import (
    AppPilot,
    MakeApp,
    choose_number,
    notices,
    past_the_briefing,
    play_screen,
    screen_text,
    search_and_open,
    toasts,
    until,
    until_screen,
)


async def play_wristband_to_debrief(app: ScenariosApp, pilot: AppPilot, query: str = "wristband") -> None:
    await search_and_open(app, pilot, query)
    await choose_number(app, pilot, "2")
    await choose_number(app, pilot, "1")
    await pilot.press("enter")
    await until_screen(pilot, DebriefScreen, "the debrief")


async def test_switching_language_switches_the_whole_ui_and_the_stories(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "ranneke")
        assert "Tämä ranneke ei toimi!" in screen_text(app)
        await pilot.press("f4")
        await until_screen(pilot, SettingsScreen, "the settings")
        assert "Kieli (käyttöliittymä ja tarinat)" in screen_text(app)
        await pilot.press("down", "enter")  # the language radio set has the focus: Finnish → English
        await until(pilot, lambda: "Language (the interface and the stories)" in screen_text(app), "English")
        assert app.title == "Asiakaspolku – customer-service practice"
        await pilot.press("escape")
        await until_screen(pilot, PlayScreen, "the story")
        await until(pilot, lambda: not play_screen(app).rebuilding, "the story in English")
        shown = screen_text(app)
        assert "This wristband does not work!" in shown and "Tämä ranneke" not in shown
        assert "Mood: annoyed (-1)" in shown
        assert not app.screen.query_one("#typing").display
        assert [binding.description for binding in app.screen._bindings.key_to_bindings["escape"]] == ["To the library"]
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        # A search typed in Finnish is not kept for the English library.
        assert app.screen.query_one("#search", Input).value == ""
        assert "The empty wristband" in screen_text(app)
    assert load_settings(Store()).language == "en"


def labels(app: ScenariosApp, radio_set: str) -> list[str]:
    """The words of a settings radio set's buttons, as shown."""
    return [str(button.label) for button in app.screen.query_one(radio_set, RadioSet).query(RadioButton)]


async def test_mode_and_high_contrast_theme_are_kept(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await until_screen(pilot, SettingsScreen, "the settings")
        app.screen.query_one("#mode", RadioSet).focus()
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.settings.mode == "exam", "exam mode")
        exam = ["  practice: feedback right after each choice", "✓ exam: all feedback waits for the debrief"]
        await until(pilot, lambda: labels(app, "#mode") == exam, "the mark beside exam")  # never by colour alone
        app.screen.query_one("#theme", RadioSet).focus()
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: app.theme == "scenarios-high-contrast", "the high-contrast theme")
        await until(pilot, lambda: labels(app, "#theme")[-1] == "✓ high contrast", "the mark beside high contrast")
        assert labels(app, "#mode") == exam and sum(label.startswith("✓") for label in labels(app, "#theme")) == 1
    settings = load_settings(Store())
    assert (settings.mode, settings.theme) == ("exam", "scenarios-high-contrast")


async def test_progress_lists_history_and_best(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await until_screen(pilot, ProgressScreen, "the progress screen")
        assert "You have not finished a story yet." in screen_text(app)
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        await play_wristband_to_debrief(app, pilot)
        await pilot.press("f3")
        await until_screen(pilot, ProgressScreen, "the progress screen")
        history = app.screen.query_one("#history", DataTable)
        assert history.row_count == 1
        row = [str(cell) for cell in history.get_row_at(0)]
        assert row[1:] == ["The empty wristband", "practice", "2/2 solution-focused", "2/2", "resolved"]
        assert app.screen.query_one("#best", DataTable).row_count == 1
        assert history.has_focus
        await pilot.press("enter")  # open the playthrough: its debrief (no Tab first)
        await until_screen(pilot, DebriefScreen, "the playthrough's debrief")
        assert "Ending: resolved" in screen_text(app) and "Pull the wristband's report." in screen_text(app)
        await pilot.press("escape")  # back where it was opened from
        await until_screen(pilot, ProgressScreen, "the progress screen")
        await pilot.press("escape")  # back to the debrief Progress was opened from
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen) and app.screen.is_mounted, "the debrief")
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        assert "best: 2/2 solution-focused" in screen_text(app)


async def test_the_progress_table_is_not_cut_in_finnish_at_120_columns(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=(120, 40)) as pilot:
        await play_wristband_to_debrief(app, pilot, "ranneke")
        await pilot.press("f3")
        await until_screen(pilot, ProgressScreen, "the progress screen")
        history = app.screen.query_one("#history", DataTable)
        assert history.virtual_size.width <= history.scrollable_content_region.width


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_the_progress_tables_fit_an_80_column_terminal(make_app: MakeApp, language: str) -> None:
    store = Store()  # a playthrough of a story no longer in the library, with a long title
    record_id = store.start("gone", "Eläkeläispari etsii liikuntaryhmää chatissa ja puhelimessa", "fi", "exam", "{}")
    store.finish(record_id, "{}", decisions=3, solution_focused=2, ideal=1, outcome="partly")
    store.conn.close()
    app = make_app(language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await play_wristband_to_debrief(app, pilot, "ranneke" if language == "fi" else "wristband")
        await pilot.press("f3")
        await until_screen(pilot, ProgressScreen, "the progress screen")
        for table_id in ("#history", "#best"):
            table = app.screen.query_one(table_id, DataTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width, table_id
        history = app.screen.query_one("#history", DataTable)
        cells = [str(cell) for row in range(history.row_count) for cell in history.get_row_at(row)]
        assert "2/3" in cells and ("osittain ratkaistu" if language == "fi" else "partly resolved") in cells

        def gone_height() -> int:
            return next(row.height for row in history.ordered_rows if "2/3" in map(str, history.get_row(row.key)))

        # The long title wraps onto more lines instead of widening the table.
        await until(pilot, lambda: gone_height() >= 2, "the long title to wrap")
        await pilot.resize_terminal(120, 40)
        wide = "2/3 ratkaisukeskeistä" if language == "fi" else "2/3 solution-focused"

        def every_column_in_full() -> bool:
            history = app.screen.query_one("#history", DataTable)
            cells = [str(cell) for row in range(history.row_count) for cell in history.get_row_at(row)]
            return wide in cells and "1/3" in cells

        await until(pilot, every_column_in_full, "the wide table")


async def test_the_glossary_opens_from_anywhere(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await until_screen(pilot, GlossaryScreen, "the glossary")
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        await search_and_open(app, pilot, "wristband")
        await pilot.press("f2")
        await until_screen(pilot, GlossaryScreen, "the glossary")
        shown = screen_text(app)
        assert "Glossary: the core concepts" in shown
        assert "Customer\nA person or party with a need" in shown
        assert "• A resident buying a bus ticket" in shown
        await pilot.press("escape")
        await until_screen(pilot, PlayScreen, "the story")


async def test_the_debrief_exports_to_markdown_and_plays_again(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # the notices drawn (the tests' default: none)
        await play_wristband_to_debrief(app, pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        told = notices(app)
        await pilot.press("e")
        await until(pilot, lambda: hasattr(debrief, "exported") and bool(told), "the export")
        exported = debrief.exported
        text = exported.read_text("utf-8")
        assert text.startswith("# Debrief: The empty wristband")
        assert "**Your choice:** Pull the wristband's report. (Solution-focused)" in text
        assert "- Solution focus: 2/2" in text
        assert "- Date: 2025-06-15 15:06" in text  # when it was played
        assert "> The customer says thanks and goes for a swim." in text  # the ending's own words
        assert "Model answer: “Let us look right away together.”" in text
        assert "- Interaction: 2/2" in text  # one score format: got/ideal
        toast = told[-1]
        assert "\nwristband" not in toast and exported.name in toast.splitlines()
        assert "## To reflect on" in text and "- What did I learn that was new to me?" in text
        await pilot.press("r")  # again: the briefing, then the first decision
        await until(pilot, lambda: bool(app.screen.query("#briefing")), "the briefing")
        assert not toasts(app)  # the export's notice is not left over the new story
        await past_the_briefing(app, pilot)
        assert play_screen(app).session.play.history == ()


async def test_the_footer_and_palette_speak_the_trainees_language(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        described = {key: binding.description for key, (_, binding, _, _) in app.screen.active_bindings.items()}
        assert described["f2"] == "Sanasto" and described["ctrl+p"] == "Komennot"
        await search_and_open(app, pilot, "ranneke")
        described = {key: binding.description for key, (_, binding, _, _) in app.screen.active_bindings.items()}
        assert described["1"] == "Valitse"


def test_an_unexpected_error_is_logged_not_shown_as_a_traceback(
    make_app: MakeApp, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from scenarios.store import data_dir

    app = make_app(language="en")

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(app, "action_glossary", broken)

    async def press_f2(pilot: AppPilot) -> None:
        await pilot.press("f2")

    app.run(headless=True, size=SIZE, auto_pilot=press_f2)  # the real run, as the command line does
    shown = capfd.readouterr().err
    assert "unexpected error" in shown and "Traceback" not in shown and "boom" not in shown
    assert app.return_code == 1
    assert "RuntimeError: boom" in (data_dir() / "crash.log").read_text("utf-8")


async def test_the_debrief_shows_model_answers_and_a_negative_score_has_a_bar(make_app: MakeApp) -> None:
    from scenarios.tui.screens.debrief import points_bar

    assert points_bar(-1, 4).startswith("◀█") and points_bar(0, 4) == "░" * 10 and points_bar(4, 4) == "█" * 10
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await play_wristband_to_debrief(app, pilot)
        assert "Model answer: “Let us look right away together.”" in screen_text(app)


async def test_the_palette_has_the_screens_commands_and_finds_the_mode_by_either_word(make_app: MakeApp) -> None:
    from scenarios.tui.commands import MainCommands

    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await play_wristband_to_debrief(app, pilot)
        provider = MainCommands(app.screen)

        async def found(query: str) -> list[str]:
            return [str(hit.text) async for hit in provider.search(query)]

        assert "Export" in await found("export")
        assert "Play again" in await found("play again")
        assert any("exam" in name for name in await found("practice"))
        assert any("exam" in name for name in await found("exam"))
        names = [name for name, _, _ in provider.commands()]
        assert not any(name in ("Keys", "Maximize", "Screenshot", "Theme") for name in names)
        assert list(app.get_system_commands(app.screen)) == []
        await pilot.press("ctrl+p")
        await until(pilot, lambda: bool(app.screen.query(Input)), "the command palette")
        assert app.screen.query_one(Input).placeholder == "Search for commands or stories…"


async def test_ctrl_c_quits_and_the_story_is_offered_again(make_app: MakeApp) -> None:
    from scenarios.store import Store

    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "wristband")
        await pilot.press("2", "ctrl+c")
        await until(pilot, lambda: not app.is_running, "the app to close")
    assert app.return_code == 0 and [r.decisions for r in Store().interrupted()] == [1]


async def test_an_open_filter_menu_speaks_finnish_too(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#channel")), "the filter menus")
        app.screen.query_one("#channel").focus()
        await pilot.press("enter")

        def escape_does() -> str:
            active = app.screen.active_bindings.get("escape")
            return active.binding.description if active is not None else ""

        await until(pilot, lambda: escape_does() == "Sulje valikko", "the open menu's Escape in Finnish")
