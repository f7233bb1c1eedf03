"""Issue #25's trainee items, each at the size it was found: 80×24, 120×40 and 200×60."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets._toast import Toast

from scenarios.tui.rehearse.setup import RehearseSetupScreen
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.feedback import FeedbackPanel
from scenarios.tui.screens.keys import KeysScreen
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.widgets.status_line import StatusLine
from tests.tui.conftest import STORIES
from tests.tui.helpers import (
    MakeApp,
    choose_number,
    feedback_shown,
    footer_keys,
    past_the_briefing,
    play_screen,
    screen_text,
    search_and_open,
    toasts,
    until,
    until_screen,
)

SMALL, LARGE, WIDE = (80, 24), (120, 40), (200, 60)
LONG = " ".join(["This sentence makes the text longer than the screen."] * 6)


def long_desk(folder: Path) -> Path:
    """The desk story with a long explanation and a long model answer at its first decision."""
    desk = (STORIES / "desk.yaml").read_text(encoding="utf-8")
    desk = desk.replace(
        "en: The customer already got that answer on the phone.}",
        f"en: The customer already got that answer on the phone. {LONG}}}",
    ).replace("en: Let us look right away together.}", f"en: Let us look right away together. {LONG} THE END.}}")
    (folder / "desk.yaml").write_text(desk, encoding="utf-8")
    return folder


async def test_at_80x24_the_model_answer_of_a_long_feedback_is_reached_with_the_keys(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(language="en", paths=[long_desk(tmp_path)])
    async with app.run_test(size=SMALL) as pilot:
        await search_and_open(app, pilot, "wristband")
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        panel = app.screen.query_one(FeedbackPanel)
        body = panel.body
        await until(pilot, lambda: body.max_scroll_y > 0, "the feedback to be longer than its room")
        assert panel.region.bottom <= SMALL[1] - 1  # the whole panel above the keys line
        await until(pilot, lambda: panel.border_subtitle == "▼ more below: ↓", "the hint that there is more")
        assert body.has_focus
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "down", "down")
        await until(pilot, lambda: body.scroll_y == body.max_scroll_y, "the end of the feedback")
        await until(pilot, lambda: panel.border_subtitle == "▲ earlier: ↑", "the hint that the rest is above")
        text = str(app.screen.query_one("#feedback-text", Static).visual)
        assert text.rstrip().endswith("THE END.”")  # the model answer is the last thing, now in view


async def test_at_80x24_an_email_opens_at_its_header_and_says_that_it_goes_on(
    make_app: MakeApp, tmp_path: Path
) -> None:
    email = (STORIES / "email.yaml").read_text(encoding="utf-8")
    email = email.replace("en: Hi! I would need credentials for the booking system.}", f"en: Hi! {LONG * 3}}}")
    (tmp_path / "email.yaml").write_text(email, encoding="utf-8")
    app = make_app(language="en", paths=[tmp_path])
    async with app.run_test(size=SMALL) as pilot:
        await search_and_open(app, pilot, "credentials")
        screen = app.screen
        transcript = screen.query_one("#transcript")
        mail = screen.query_one(".entry.email", Static)
        await until(pilot, lambda: transcript.max_scroll_y > 0, "the email to be longer than its room")
        assert transcript.scroll_y == 0 and mail.region.y >= transcript.region.y  # the header in view
        assert "From: Maija Meikäläinen" in str(mail.visual)
        more = screen.query_one("#more", Static)
        await until(pilot, lambda: str(more.visual) == "▼ more below: PgDn", "the hint that the email goes on")
        await pilot.press("pagedown", "pagedown", "pagedown")  # the options keep the focus; PgDn scrolls the mail
        await until(pilot, lambda: transcript.scroll_y == transcript.max_scroll_y, "the end of the email")
        await until(pilot, lambda: str(more.visual) == "▲ earlier: PgUp", "the hint that the header is above")
        assert screen.query_one("#choices", OptionList).has_focus


async def test_at_80x24_long_options_take_more_room_and_say_when_more_are_below(
    make_app: MakeApp, tmp_path: Path
) -> None:
    email = (STORIES / "email.yaml").read_text(encoding="utf-8")
    email = email.replace("en: Not my job.}", f"en: Not my job. {LONG * 2}}}")
    email = email.replace("en: Hi Maija! Here is how to apply for credentials.}", f"en: Hi Maija! {LONG * 2}}}")
    (tmp_path / "email.yaml").write_text(email, encoding="utf-8")
    app = make_app(language="en", paths=[tmp_path])
    async with app.run_test(size=SMALL) as pilot:
        await search_and_open(app, pilot, "credentials")
        options = app.screen.query_one("#choices", OptionList)
        await until(pilot, lambda: options.region.height > 12, "the options box to grow past its old 12 rows")
        assert options.region.height <= SMALL[1] * 60 // 100
        await until(pilot, lambda: options.border_subtitle == "▼ more below: ↓", "the hint that more options follow")
        await pilot.press("end")
        await until(pilot, lambda: options.border_subtitle == "▲ earlier: ↑", "the last option in view")


async def test_the_status_line_never_cuts_the_clock() -> None:
    class Line(App[None]):
        def compose(self) -> ComposeResult:
            yield StatusLine()

    app = Line()
    async with app.run_test(size=SMALL) as pilot:
        status = app.query_one(StatusLine)
        status.mode, status.decision = "Harjoitus", "Päätös 12"
        status.clock = "💬 Raili (ja Pentti) on odottanut 10:41"
        status.clock_short = "💬 odottanut 10:41"
        status.mood, status.mood_short, status.scale = "Mieliala: harmistunut (-1)", "harmistunut (-1)", "○○●○○○○"
        shown: dict[int, str] = {}
        for width in (110, 80, 60, 40, 24, 12):
            await pilot.resize_terminal(width, 24)

            def resized(width: int = width) -> bool:
                return status.size.width == width - 2

            await until(pilot, resized, f"the line at {width} columns")
            shown[width] = status.render().plain
            assert "10:41" in shown[width], shown[width]
        assert "Raili (ja Pentti) on odottanut 10:41" in shown[110] and "○○●○○○○" in shown[110]
        assert "○" not in shown[80] and "Raili" not in shown[80] and "Mieliala: harmistunut (-1)" in shown[80]
        # Then the mood's label, then the mode; the clock last of all.
        assert "Päätös 12 · 💬 odottanut 10:41" in shown[60] and "harmistunut (-1)" in shown[60]
        assert "Mieliala" not in shown[60] and "Raili" not in shown[60]


async def test_the_briefing_comes_first_at_80x24_and_the_call_starts_after_it(make_app: MakeApp) -> None:
    clock = Clock()
    app = make_app(language="fi", clock=clock)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#search")), "the library")
        app.screen.query_one("#search", Input).value = "maaliverkko"
        await until(pilot, lambda: getattr(app.screen, "query_text", "") == "maaliverkko", "the search")
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#briefing")), "the briefing")
        shown = screen_text(app)
        assert "Asukas soittaa rikkinäisestä maaliverkosta." in shown  # the summary
        assert "Tila: harjoitus: palaute heti jokaisen valinnan jälkeen" in shown
        assert app.screen.query_one("#begin", Button).region.bottom <= SMALL[1] - 1  # all of it on screen
        clock.now += 90  # the trainee reads for a minute and a half
        await past_the_briefing(app, pilot)
        status = app.screen.query_one(StatusLine)
        await until(pilot, lambda: "Puhelu käynnissä 0:00" in status.text, "the call to start now")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_notices_sit_at_the_top_never_over_the_feedback_and_a_new_story_clears_them(
    make_app: MakeApp,
) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SMALL, notifications=True) as pilot:  # the tests' default: none
        await search_and_open(app, pilot, "wristband")
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        app.notify("A notice\nof three\nlines")

        def toast() -> Toast | None:
            shown = toasts(app)
            return shown[0] if shown else None

        await until(pilot, lambda: toast() is not None, "the notice")
        shown = toast()
        assert shown is not None
        assert shown.region.bottom <= app.screen.query_one(FeedbackPanel).region.y
        assert shown.region.y >= 2  # under the title and the status line
        app.start_story(play_screen(app).session.story)  # a new story: the old notice is not about it
        await until(pilot, lambda: bool(app.screen.query("#begin")) and app.screen.is_mounted, "the briefing")
        assert not toasts(app)  # the notice went with the old story


@pytest.mark.parametrize("size", [LARGE, WIDE], ids=["120x40", "200x60"])
async def test_wide_screens_have_a_readable_column_a_side_panel_and_the_options_under_the_last_message(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    app = make_app(language="en")
    async with app.run_test(size=size) as pilot:
        await search_and_open(app, pilot, "wristband")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        main, side = screen.query_one("#main"), screen.query_one("#side")
        await until(pilot, lambda: side.region.width > 0, "the side panel")
        assert main.region.width <= 100 and side.region.x >= main.region.right
        panel = str(side.query_one("#side-customer", Static).visual)
        assert "young adult" in panel
        assert "annoyed (-1)" in str(side.query_one("#side-mood", Static).visual)
        assert "Mood" not in screen.query_one(StatusLine).text  # said once, beside the conversation
        transcript, options = screen.query_one("#transcript"), screen.query_one("#choices")
        # Right under the last message: the prompt's line, then the options (not at the bottom of the screen).
        assert options.region.y == transcript.region.bottom + 1
        assert options.region.bottom < size[1] - 5
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        feedback = screen.query_one(FeedbackPanel)
        assert feedback.region.x >= main.region.right  # in the side panel
        verdict, button = screen.query_one("#verdict"), screen.query_one("#continue", Button)
        assert abs(button.region.x - verdict.region.x) <= 2 and button.region.y == verdict.region.y + 1
        assert str(button.label) == "Continue (Enter)"


async def test_f5s_rehearsal_setup_is_left_with_escape(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("f5")
        await until_screen(pilot, RehearseSetupScreen, "the rehearsal setup")
        await until(pilot, lambda: "esc To the library" in footer_keys(app), "Escape in the keys line")
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        assert len(app.screen_stack) == 1


async def test_question_mark_lists_the_keys_of_the_screen_in_the_trainees_language(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("question_mark")  # even with the cursor in the search box
        await until_screen(pilot, KeysScreen, "the keys of the library")
        rows = str(app.screen.query_one("#key-rows", Static).visual)
        assert "f5  Tiimi" in rows.replace("   ", "  ") or "Tiimi" in rows  # a key the keys line has no room for
        assert "Haku" in rows and "Ohje" in rows
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
        assert app.screen.query_one("#search", Input).value == ""  # `?` was not typed
        await search_and_open(app, pilot, "ranneke")
        await pilot.press("question_mark")
        await until_screen(pilot, KeysScreen, "the keys of the play screen")
        rows = str(app.screen.query_one("#key-rows", Static).visual)
        assert "1–9" in rows and "Valitse" in rows and "Selaa" in rows and "Kirjastoon" in rows


async def test_at_the_end_of_a_story_the_keys_line_offers_enter_not_the_numbers(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SMALL) as pilot:
        await search_and_open(app, pilot, "ranneke")
        await choose_number(app, pilot, "1")
        await choose_number(app, pilot, "2")
        assert play_screen(app).session.play.is_over
        await until(pilot, lambda: "⏎ Yhteenvetoon" in footer_keys(app), "Enter to the debrief")
        assert not any(key.startswith("1–9") for key in footer_keys(app))
        await pilot.press("5")  # a number does nothing now
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")


@pytest.mark.parametrize(
    ("choices", "said"),
    [(("2", "1"), "Exam passed: the story ended resolved."), (("1", "2"), "Exam not passed")],
    ids=["passed", "not-passed"],
)
async def test_an_exams_debrief_says_it_was_an_exam_and_whether_it_was_passed(
    make_app: MakeApp, choices: tuple[str, str], said: str
) -> None:
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SMALL) as pilot:
        await search_and_open(app, pilot, "wristband")
        for key in choices:
            await choose_number(app, pilot, key)
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")
        shown = screen_text(app)
        assert said in shown
        assert "of the ideal path's points" in shown and "of your choices" in shown


async def test_the_palette_says_no_match_in_finnish_and_offers_the_library_search(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await pilot.press("ctrl+p")
        await until_screen(pilot, CommandPalette, "the command palette")
        await pilot.press(*"uimahalli")

        def prompts() -> list[str]:
            return [str(option.prompt) for option in app.screen.query_one(OptionList).options]

        await until(pilot, lambda: any("Ei komentoa eikä tarinaa" in prompt for prompt in prompts()), "no match")
        assert not any("No matches found" in prompt for prompt in prompts())
        await pilot.press("enter")
        await until_screen(pilot, LibraryScreen, "the library")
        assert app.screen.query_one("#search", Input).value == "uimahalli"


async def test_continue_keeps_its_enter_after_a_language_switch(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=SMALL) as pilot:
        await search_and_open(app, pilot, "ranneke")
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        app.apply_settings(app.settings.model_copy(update={"language": "en"}))
        button = app.screen.query_one("#continue", Button)
        await until(pilot, lambda: str(button.label) == "Continue (Enter)", "the button in English")
        await until(pilot, lambda: button.region.width >= len("Continue (Enter)"), "the whole label")


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_the_keys_line_never_overlaps_with_a_filter_menu_open(make_app: MakeApp, language: str) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(language=language)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#channel")), "the filter menus")
        app.screen.query_one("#channel").focus()
        await pilot.press("enter")
        close = "esc Sulje valikko" if language == "fi" else "esc Close the menu"
        await until(pilot, lambda: close in footer_keys(app), "the open menu's keys")
        assert keys_fit(app), [key.region for key in app.screen.query(FooterKey) if key.region.width]


def keys_fit(app: App[None]) -> bool:
    """The keys lines' keys sit side by side within the screen, none over another (the library has two lines)."""
    from textual.widgets._footer import FooterKey

    shown = [key.region for key in app.screen.query(FooterKey) if key.region.width]
    lines = [sorted((r for r in shown if r.y == y), key=lambda r: r.x) for y in {r.y for r in shown}]
    return bool(shown) and all(
        all(a.right <= b.x for a, b in itertools.pairwise(keys)) and keys[-1].right <= SMALL[0] for keys in lines
    )


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_every_screens_keys_line_fits_80_columns(make_app: MakeApp, language: str) -> None:
    app = make_app(language=language)
    async with app.run_test(size=SMALL) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await until(pilot, lambda: keys_fit(app), "the library's keys")
        for key, screen in (("f2", "glossary"), ("f3", "progress"), ("f4", "settings")):
            await pilot.press(key)

            def opened(screen: str = screen) -> bool:
                return type(app.screen).__name__.lower().startswith(screen) and app.screen.is_mounted

            await until(pilot, opened, screen)
            await until(pilot, lambda: keys_fit(app), f"the keys of {screen}")
            await pilot.press("escape")
            await until_screen(pilot, LibraryScreen, "the library")
        app.screen.query_one("#search", Input).value = "ranneke" if language == "fi" else "wristband"
        await until(pilot, lambda: getattr(app.screen, "query_text", "") != "", "the search")
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#begin")), "the briefing")
        await until(pilot, lambda: keys_fit(app), "the briefing's keys")
        await past_the_briefing(app, pilot)
        await until(pilot, lambda: keys_fit(app), "the play screen's keys")
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        await until(pilot, lambda: keys_fit(app), "the feedback's keys")
        await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(app), "the next decision")
        await choose_number(app, pilot, "1")
        await until(pilot, lambda: keys_fit(app), "the keys at the end")
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")
        await until(pilot, lambda: keys_fit(app), "the debrief's keys")


async def test_the_briefing_says_the_mode_chosen_meanwhile_and_keeps_a_readable_width_at_200x60(
    make_app: MakeApp,
) -> None:
    app = make_app(language="en")
    async with app.run_test(size=WIDE) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        app.screen.query_one("#search", Input).value = "wristband"
        await until(pilot, lambda: getattr(app.screen, "query_text", "") == "wristband", "the search")
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#begin")), "the briefing")
        briefing = app.screen
        assert briefing.query_one("#briefing").region.width <= 104
        assert "Mode: practice" in screen_text(app)
        await pilot.press("f4")
        await until(pilot, lambda: app.screen is not briefing and app.screen.is_mounted, "the settings")
        app.apply_settings(app.settings.model_copy(update={"mode": "exam"}))
        await pilot.press("escape")
        await until(pilot, lambda: "Mode: exam: all feedback waits for the debrief" in screen_text(app), "exam")
        await until(pilot, lambda: bool(app.screen.query("#begin")), "the briefing drawn again")
