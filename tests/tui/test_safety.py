"""Story text is shown as plain text: markup and click actions in a story stay characters and never run."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette, Matcher
from textual.widgets import OptionList

from scenarios.tui.app import ScenariosApp
from scenarios.tui.commands import highlight
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.play import PlayScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import (
    AppPilot,
    MakeApp,
    feedback_shown,
    past_the_briefing,
    play_screen,
    screen_text,
    until,
    until_screen,
)

TITLE = "[bold]Ansa[/bold] [@click=app.quit]"


async def click_every_text(app: ScenariosApp, pilot: AppPilot) -> None:
    """Click each piece of text on the screen; a live link would quit the app or ring the bell."""
    for widget in list(app.screen.query(".entry, #card-body, #feedback Static, #debrief Static, #briefing Static")):
        if widget.region.area:
            await pilot.click(widget)
    await pilot.pause()  # nothing may happen: a settle point before checking that nothing did


async def test_markup_in_a_story_is_shown_literally_and_runs_nothing(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(language="en")
    bells: list[bool] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(True))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#search")), "the library")
        await pilot.press(*"ansa")
        summary = "Summary with [@click=app.quit]click me[/] and [red]red[/red]"
        await until(pilot, lambda: summary in screen_text(app), "the story's card")
        shown = screen_text(app)
        assert TITLE in shown
        assert "[@click=app.quit] · medium" in shown
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#briefing")), "the briefing")
        assert TITLE in screen_text(app) and summary in screen_text(app)
        await click_every_text(app, pilot)
        assert app.is_running and bool(app.screen.query("#briefing"))
        await past_the_briefing(app, pilot)
        assert isinstance(app.screen, PlayScreen)
        shown = screen_text(app)
        assert "Customer says [@click=app.quit]quit[/] and [bold]bold[/bold]" in shown
        assert "[blink]cue[/blink]" in shown
        assert "[@click=app.quit]Reply[/]" in shown and "Other [i]reply[/i]" in shown
        await click_every_text(app, pilot)
        assert app.is_running and isinstance(app.screen, PlayScreen)
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        assert "Why: [bold]feedback[/bold]" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(app) and play_screen(app).session.play.is_over, "the end")
        shown = screen_text(app)
        assert "[@click=app.bell]result[/]" in shown and "[@click=app.quit]The end[/]" in shown
        await click_every_text(app, pilot)
        assert app.is_running and isinstance(app.screen, PlayScreen)
        app.screen.query_one("#choices").focus()
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")
        assert f"Debrief: {TITLE}" in screen_text(app)
        await click_every_text(app, pilot)
        assert app.is_running and isinstance(app.screen, DebriefScreen)
    assert bells == []


async def test_the_command_palette_shows_story_titles_literally(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#search")), "the library")
        await pilot.press("ctrl+p")
        await until_screen(pilot, CommandPalette, "the command palette")
        await pilot.press(*"ansa")

        def shown() -> list[str]:
            return [str(option.prompt) for option in app.screen.query_one(OptionList).options]

        await until(pilot, lambda: any(f"Play: {TITLE}" in prompt for prompt in shown()), "the story in the palette")
        prompts = shown()
        results = app.screen.query_one(OptionList)
        results.highlighted = next(i for i, prompt in enumerate(prompts) if TITLE in prompt)
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#briefing")), "the briefing")
        await past_the_briefing(app, pilot)
        assert app.is_running
        assert isinstance(app.screen, PlayScreen)
        assert play_screen(app).session.story.id == "markup-trap"


def test_the_palette_highlighter_does_not_parse_markup() -> None:
    matcher = Matcher("ansa")
    content = highlight(matcher, TITLE)
    assert content.plain == TITLE
    assert content.spans  # the matched letters are highlighted
