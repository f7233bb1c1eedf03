"""Issue #13 on a projector: every rehearsal screen fits 100×30 (and 80×24), and vote entry keeps up with a fast typist.

The layout tests play the built-in library's longest email (three options, a 14-line message) and check
that the named widgets lie wholly inside the screen: nothing cut, nothing to scroll to.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Digits, Input, SelectionList, Static
from textual.widgets._footer import FooterKey

from scenarios.rehearsal import Phase, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store, exports_dir
from scenarios.tui.rehearse.app import RehearsalApp, create_rehearsal_app
from scenarios.tui.rehearse.debrief import RehearseDebriefScreen
from scenarios.tui.rehearse.notes import RehearseNotesScreen
from scenarios.tui.rehearse.phones import PhonesChanged
from scenarios.tui.rehearse.reflect import RehearseReflectScreen
from scenarios.tui.rehearse.session import RehearseSessionScreen
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from tests.conftest import MINI
from tests.rehearsal.conftest import LOOKUP, FakeClock
from tests.tui.helpers import inside, screen_text, until, until_screen, whole

PROJECTOR = (100, 30)
SMALL = (80, 24)
LIBRARY = Path(__file__).parents[2] / "stories"
EMAIL = "accessible-venue-email"  # a long email and three options: the tallest decision


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_750_000_000.0)


@pytest.fixture
def small_library(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI, encoding="utf-8")
    (folder / "lookup.yaml").write_text(LOOKUP, encoding="utf-8")
    return folder


def make(clock: FakeClock, language: str = "fi", *, paths: Path = LIBRARY, store: Store | None = None) -> RehearsalApp:
    return create_rehearsal_app(paths=[paths], language=language, clock=clock, seed=0, cursor_blink=False, store=store)


def session_of(app: RehearsalApp) -> Session:
    screen = app.screen
    assert isinstance(screen, RehearseSessionScreen | RehearseDebriefScreen | RehearseReflectScreen)
    return screen.run.session


def assert_inside(app: RehearsalApp, *widgets: Widget) -> None:
    """Each widget is shown whole: not empty, and its region wholly inside the screen's."""
    screen = app.screen.region
    for widget in widgets:
        region = widget.region
        assert region.area > 0, f"{widget!r} is not shown"
        assert screen.contains_region(region), f"{widget!r} at {region} is cut by the screen {screen}"


async def assert_footer_fits(app: RehearsalApp, pilot: Pilot[None]) -> None:
    """Every key of the keys line is inside the screen (once the footer has laid its keys out: it recomposes
    after the bindings change, a few frames later on a slow machine)."""

    def laid_out() -> bool:
        keys = app.screen.query(FooterKey)
        return bool(keys) and all(key.region.area > 0 for key in keys)

    await until(pilot, laid_out, "the keys line laid out")
    assert_inside(app, *app.screen.query(FooterKey))


async def start(app: RehearsalApp, pilot: Pilot[None], *stories: str, participants: str = "3", mode: str = "") -> None:
    await until_screen(pilot, RehearseSetupScreen, "the setup")
    screen = app.screen
    screen.query_one("#team", Input).value = "Kirjasto"
    screen.query_one("#participants", Input).value = participants
    plan = screen.query_one("#plan", SelectionList)
    for story_id in stories:
        plan.select(story_id)
    if mode:
        screen.query_one("#mode").value = mode  # type: ignore[attr-defined]
    order = screen.query_one("#order", Static)
    await until(pilot, lambda: all(f"{n}. " in str(order.visual) for n in range(1, len(stories) + 1)), "the order")
    await until(pilot, lambda: whole(app, "#start"), "the start button in sight")
    await pilot.click("#start")
    await until_screen(pilot, RehearseSessionScreen, "the session screen")


@pytest.mark.parametrize("size", [PROJECTOR, SMALL])
async def test_the_setup_fits_with_its_start_button_in_sight(clock: FakeClock, size: tuple[int, int]) -> None:
    app = make(clock)
    async with app.run_test(size=size) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        screen = app.screen
        names = ("#team", "#participants", "#groups", "#plan", "#order", "#minutes", "#mode", "#start")
        await until(pilot, lambda: whole(app, *names), "the setup drawn whole")
        await assert_footer_fits(app, pilot)
        assert screen.query_one("#plan", SelectionList).region.height >= 3


async def test_the_setups_ticks_show_by_shape_not_only_by_colour(small_library: Path, clock: FakeClock) -> None:
    """On a washed-out projector (or to a colour-blind facilitator) a ticked box must look ticked."""
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        await until(pilot, lambda: whole(app, "#phones", "#plan"), "the ticks drawn")
        phones, plan = app.screen.query_one("#phones", Checkbox), app.screen.query_one("#plan", SelectionList)

        def boxes() -> tuple[str, list[str]]:
            return phones.render_line(0).text[:3], [plan.render_line(y).text[:3] for y in range(plan.option_count)]

        assert boxes() == ("▐ ▌", ["▐ ▌", "▐ ▌"])
        await pilot.click("#phones")
        plan.focus()
        await pilot.press("down", "space")
        await until(pilot, lambda: phones.value and len(plan.selected) == 1, "phones.value and len(plan.selected) == 1")
        assert boxes() == ("▐X▌", ["▐ ▌", "▐X▌"])


async def test_the_setup_shows_the_play_order_and_takes_any_length(small_library: Path, clock: FakeClock) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        screen = app.screen
        order = screen.query_one("#order", Static)
        assert "pick stories" in str(order.visual)
        plan = screen.query_one("#plan", SelectionList)
        plan.select("lookup")
        plan.select("mini")
        await until(
            pilot,
            lambda: "Order: 1. Check <b>first</b> & [bold]then[/bold]  2. A small story" in str(order.visual),
            "the order as typed",
        )
        prompts = [str(plan.get_option_at_index(i).prompt) for i in range(plan.option_count)]
        assert "1. Check <b>first</b>" in " ".join(prompts) and "2. A small story" in " ".join(prompts)
        plan.deselect("lookup")
        await until(pilot, lambda: "Order: 1. A small story" in str(order.visual), "the order without lookup")
        prompts = [str(plan.get_option_at_index(i).prompt) for i in range(plan.option_count)]
        assert "1. A small story" in " ".join(prompts) and "Order: 1. A small story" in str(order.visual)
        plan.select("lookup")
        await until(pilot, lambda: "2. Check <b>first</b>" in str(order.visual), "lookup second in the order")
        screen.query_one("#minutes", Input).value = "0"
        screen.query_one("#participants", Input).value = "Mikko, mikko, Aino"
        await until(pilot, lambda: whole(app, "#start"), "the start button in sight")
        await pilot.click("#start")
        error = screen.query_one("#setup-error", Static)
        await until(pilot, lambda: "The same name is given twice (Mikko)" in str(error.visual), "the names refused")
        assert isinstance(app.screen, RehearseSetupScreen)
        screen.query_one("#participants", Input).value = "Mikko K, Mikko L, Aino"
        screen.query_one("#start", Button).press()  # clicks in quick succession would make a double-click
        await until(pilot, lambda: "at most 180 minutes" in str(screen.query_one("#setup-error", Static).visual),
                    "the minutes refused")  # fmt: skip
        screen.query_one("#minutes", Input).value = "0,5"  # half a minute, typed with a decimal comma
        screen.query_one("#start", Button).press()  # clicks in quick succession would make a double-click
        await until_screen(pilot, RehearseSessionScreen, "the session")
        assert session_of(app).discussion_seconds == 30
        assert [story.id for story in session_of(app).stories] == ["mini", "lookup"]
        assert app.screen.query_one("#countdown", Digits).value == "0:30"


@pytest.mark.parametrize(("size", "language"), [(PROJECTOR, "fi"), (PROJECTOR, "en"), (SMALL, "en")])
async def test_a_three_option_decision_fits_in_every_phase(
    clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    app = make(clock, language)
    async with app.run_test(size=size) as pilot:
        await start(app, pilot, EMAIL)
        screen = app.screen
        assert len(session_of(app).beat().choices) == 3
        # The discussion: the heading, the countdown, the button and the keys always in sight.
        assert_inside(app, screen.query_one("#heading-line"), screen.query_one("#countdown"), screen.query_one("#vote"))
        await assert_footer_fits(app, pilot)
        if size == PROJECTOR:  # the whole message and every option without scrolling
            assert_inside(app, *screen.query(".said"), *screen.query(".option-row"))
        await pilot.press("v")
        await until(pilot, lambda: whole(app, "#reveal", "#total"), "the reveal button and the total in sight")
        if size == PROJECTOR:
            assert_inside(app, *screen.query(".option-row"), *screen.query("Input.count"))
        for field in screen.query("Input.count"):  # at 80×24 the stage scrolls each field into sight
            await pilot.click(f"#{field.id}") if size == PROJECTOR else screen.set_focus(field)
            await until(pilot, lambda: inside(app, field), f"{field.id} in sight")  # noqa: B023 (called at once)
        await assert_footer_fits(app, pilot)
        for number, count in ((1, "1"), (2, "0"), (3, "2")):
            screen.query_one(f"#count-{number}", Input).value = count
        await until(pilot, lambda: session_of(app).vote_check().total == 3, "the counts kept")
        await until(pilot, lambda: whole(app, "#reveal"), "the reveal button in sight")
        await pilot.click("#reveal")
        await until(pilot, lambda: len(screen.query(".reveal-option")) == 3, "the reveal's three options")
        await until(
            pilot,
            lambda: inside(app, *screen.query(".reveal-option"), *screen.query("#buttons-part Button")),
            "the reveal drawn whole",
        )
        await assert_footer_fits(app, pilot)


async def test_the_english_debrief_reflection_and_export_buttons_fit(small_library: Path, clock: FakeClock) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini", participants="1")
        session = session_of(app)
        while session.phase != Phase.STORY_END:
            session.open_vote() if session.phase == Phase.DISCUSS else None
            session.reveal(accept_mismatch=True)
            session.continue_with("ideal")
        await app.screen.redraw()  # type: ignore[attr-defined]
        await until(pilot, lambda: whole(app, "#next-story"), "the next story button in sight")
        await pilot.click("#next-story")
        await until_screen(pilot, RehearseDebriefScreen, "the team debrief")
        buttons = list(app.screen.query(Button))
        assert [b.id for b in buttons][-1] == "export-csv"
        assert_inside(app, *buttons)
        await assert_footer_fits(app, pilot)
        await pilot.click("#reflect")
        await until_screen(pilot, RehearseReflectScreen, "the reflection")
        assert_inside(app, *(app.screen.query_one(n) for n in ("#question", "#countdown", "#note", "#next", "#finish")))
        await assert_footer_fits(app, pilot)
        await pilot.click("#finish")
        await until(pilot, lambda: session_of(app).phase == Phase.DONE, "the end of the session")
        await until(pilot, lambda: whole(app, "#export-md", "Button", "#note"), "the closing notes and exports")


async def test_the_notes_dialog_fits(small_library: Path, clock: FakeClock) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=SMALL) as pilot:
        await start(app, pilot, "mini")
        await pilot.press("n")
        await until_screen(pilot, RehearseNotesScreen, "the notes dialog")
        await until(pilot, lambda: whole(app, "#note", "#save", "#cancel"), "the notes dialog drawn whole")


async def test_time_up_shows_in_colour_and_words_and_a_minute_more_counts_at_once(
    small_library: Path, clock: FakeClock
) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini")
        screen = app.screen
        assert isinstance(screen, RehearseSessionScreen)
        countdown, state = screen.query_one("#countdown", Digits), screen.query_one("#timer-state", Static)
        assert not countdown.has_class("up")
        clock.advance(120)
        screen.tick()
        assert countdown.value == "0:00" and countdown.has_class("up") and state.has_class("up")
        assert str(state.visual) == "Time is up."
        await pilot.press("plus")
        assert countdown.value == "1:00" and not countdown.has_class("up")
        await pilot.press("s")  # skip, then a minute more: it counts without pressing pause
        assert countdown.value == "0:00" and "Time is up." in str(state.visual)
        await pilot.press("plus")
        clock.advance(10)
        screen.tick()
        assert countdown.value == "0:50" and str(state.visual) == ""


async def test_a_burst_of_keys_lands_every_count_in_its_own_field(clock: FakeClock) -> None:
    """`v 0 Tab 2 Tab 6` and a corrected typo, sent at once as tmux or a fast typist does."""
    app = make(clock, "en")
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, EMAIL, participants="8")
        keys = ["v", "0", "tab", "2", "tab", "minus", "4", "backspace", "backspace", "6"]
        for key in keys:
            app.post_message(events.Key(key, {"tab": None, "minus": "-", "backspace": "\x7f"}.get(key, key)))

        def tally() -> list[int]:
            decision = session_of(app).decision
            return list(decision.ballots.tally().values()) if decision is not None else []

        await until(pilot, lambda: tally() == [0, 2, 6], "every count in its own field")
        values = [field.value for field in app.screen.query("Input.count").results(Input)]
        assert values == ["0", "2", "6"]
        assert "Votes in all: 8 · participants: 8" in screen_text(app)


async def test_a_negative_count_is_refused_with_a_message(small_library: Path, clock: FakeClock) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini", participants="3")
        await pilot.press("v", "3", "tab", "minus", "3")
        await until(
            pilot,
            lambda: "A vote count must be a whole number, 0 or more (got -3)." in screen_text(app),
            "the bad count refused",
        )
        assert session_of(app).vote_check().total == 3  # the refused count counts nothing
        await pilot.click("#reveal")
        await until(
            pilot,
            lambda: session_of(app).phase == Phase.VOTE and app.focused is app.screen.query_one("#count-2"),
            "the vote with a count focused",
        )
        await pilot.press("backspace", "backspace", "0")
        await until(pilot, lambda: app.screen.query_one("#count-2", Input).value == "0", "the count corrected")
        await until(pilot, lambda: "(got" not in screen_text(app), "the complaint gone")
        app.screen.query_one("#reveal", Button).press()  # a second click soon after would be a double-click
        await until(pilot, lambda: session_of(app).phase == Phase.REVEAL, "the phase reveal")


async def test_turns_a_pass_is_not_a_missing_vote_and_the_screen_says_everyone_has_voted(
    small_library: Path, clock: FakeClock
) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini", participants="Aino, Bo", mode="turns")
        await pilot.press("v", "1")
        await until(
            pilot, lambda: "Bo's turn" in screen_text(app) and "Pass the turn on." in screen_text(app), "Bo's turn"
        )
        await pilot.click("#reveal")
        await until(
            pilot, lambda: "1 participant has not voted yet" in screen_text(app), "1 participant has not voted yet"
        )
        assert "correct" not in screen_text(app).lower()
        await pilot.press("0")  # Bo passes
        await until(pilot, lambda: "Everyone has voted." in screen_text(app), "Everyone has voted.")
        shown = screen_text(app)
        assert "Everyone has voted." in shown and "Pass the turn on" not in shown and "Press the option" not in shown
        app.screen.query_one("#reveal", Button).press()  # a second click soon after would be a double-click
        await until(
            pilot,
            lambda: session_of(app).phase == Phase.REVEAL and not session_of(app).decisions[0].accepted_mismatch,
            "the reveal",
        )


async def test_no_votes_is_not_called_a_tie(small_library: Path, clock: FakeClock) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini", participants="")
        await pilot.press("v")
        await until(pilot, lambda: session_of(app).phase == Phase.VOTE and whole(app, "#reveal"), "the vote")
        await pilot.click("#reveal")
        await until(pilot, lambda: "No votes were given." in screen_text(app), "No votes were given.")
        shown = screen_text(app)
        assert "No votes were given." in shown and "tie" not in shown.lower()
        assert not app.screen.query("#go-majority")


async def keys_line(app: RehearsalApp, pilot: Pilot[None]) -> str:
    """The words of the keys line as it is drawn now (once the footer has laid out the keys of this step)."""
    await assert_footer_fits(app, pilot)
    return " | ".join(str(key.description) for key in app.screen.query(FooterKey))


async def test_after_a_tie_the_keys_line_offers_no_majority_and_m_says_why(
    small_library: Path, clock: FakeClock
) -> None:
    """Issue #26: after a tie "m Majority" stayed on the keys line of the projector."""
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini", participants="2")
        await pilot.press("v", "1", "tab", "1", "enter")
        await until(pilot, lambda: session_of(app).phase == Phase.REVEAL, "the reveal")
        await until(pilot, lambda: "Ideal" in " ".join(str(k.description) for k in app.screen.query(FooterKey)),
                    "the reveal's keys")  # fmt: skip
        words = await keys_line(app, pilot)
        assert "Majority" not in words and "Ideal" in words, words
        await pilot.press("m")  # pressed by habit all the same: the screen says why nothing happened
        await until(pilot, lambda: "tie" in screen_text(app).lower(), "the tie said in words")
        assert session_of(app).phase == Phase.REVEAL
        await pilot.press("i", "v", "2", "tab", "0", "enter")  # the next decision: a clear majority offers it again
        await until(pilot, lambda: session_of(app).phase == Phase.REVEAL, "the second reveal")
        await until(pilot, lambda: "Majority" in " ".join(str(k.description) for k in app.screen.query(FooterKey)),
                    "the majority key")  # fmt: skip


async def test_the_facilitator_takes_back_a_wrong_number_key(small_library: Path, clock: FakeClock) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini", participants="2")
        await pilot.press("v", "2", "tab", "0")
        await until(pilot, lambda: session_of(app).vote_check().total == 2, "the counts kept")
        await pilot.click("#reveal")
        await until(pilot, lambda: session_of(app).phase == Phase.REVEAL, "the reveal")
        first = session_of(app).decisions[0]
        await pilot.press("2")  # meant the majority, pressed the other option
        await until(
            pilot,
            lambda: session_of(app).phase in (Phase.DISCUSS, Phase.STORY_END) and first.chosen is not None,
            "the team going on",
        )
        assert app.screen.query("#undo-continue")
        await assert_footer_fits(app, pilot)
        await pilot.press("u")
        await until(
            pilot,
            lambda: session_of(app).phase == Phase.REVEAL and first.chosen is None,
            "the choice taken back",
        )
        assert "Choice taken back" in screen_text(app) and "Decision 1" in screen_text(app)
        await pilot.press("m")
        await until(pilot, lambda: first.continued_by == "majority", "first.continued_by == 'majority'")


async def test_the_discussion_clock_survives_a_crash_near_where_it_was(
    small_library: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """`kill -9` at 1:54 came back as 2:00: the running clock is now saved as it runs."""
    database = tmp_path / "crash.sqlite3"
    app = make(clock, "en", paths=small_library, store=Store(database, clock=clock))
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini")
        screen = app.screen
        assert isinstance(screen, RehearseSessionScreen)
        for _ in range(6):
            clock.advance(1)
            screen.clock_ticks()  # as twice a second on a real screen: drawn, and saved now and then
        assert screen.query_one("#countdown", Digits).value == "1:54"
    # No clean exit saved anything more: what is stored is what the ticks saved.
    record = StoryRecords(Store(database)).interrupted()[0]
    again = make(clock, "en", paths=small_library, store=Store(database, clock=clock))
    async with again.run_test(size=PROJECTOR) as pilot:
        await until(pilot, lambda: whole(again, f"#resume-{record.id}"), "the session offered")
        await pilot.click(f"#resume-{record.id}")
        await until_screen(pilot, RehearseSessionScreen, "the session resumed")
        value = again.screen.query_one("#countdown", Digits).value
        assert value in ("1:54", "1:55", "1:56"), value


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize("size", [PROJECTOR, SMALL])
async def test_the_keys_line_is_whole_in_every_phase(clock: FakeClock, language: str, size: tuple[int, int]) -> None:
    """The footer was cut to "f1 K": every key and its word, the quit key last, inside the screen."""
    app = make(clock, language)
    async with app.run_test(size=size) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        await assert_footer_fits(app, pilot)
        await start(app, pilot, EMAIL, participants="Aino, Bo", mode="turns")
        await assert_footer_fits(app, pilot)  # the discussion
        await pilot.press("v")  # the vote: whose turn it is, always in sight
        await until(pilot, lambda: session_of(app).phase == Phase.VOTE and whole(app, "#turn"), "Aino's turn in sight")
        await assert_footer_fits(app, pilot)
        await pilot.press("1", "1")
        await until(pilot, lambda: session_of(app).vote_check().turns_taken == 2, "both turns taken")
        await until(pilot, lambda: whole(app, "#turn"), "the turns' line in sight")
        await assert_footer_fits(app, pilot)
        await pilot.click("#reveal")
        await until(pilot, lambda: session_of(app).phase == Phase.REVEAL, "the phase reveal")
        await assert_footer_fits(app, pilot)
        await pilot.press("1")  # on with option 1: the discussion of the next decision, with the take-back key
        await until(pilot, lambda: session_of(app).can_undo_continue(), "session_of(app).can_undo_continue()")
        await assert_footer_fits(app, pilot)
        descriptions = [key.description for key in app.screen.query(FooterKey)]
        assert descriptions[-1] == {"fi": "Lopeta", "en": "Quit"}[language]


async def test_the_debrief_says_what_the_team_went_on_with_and_numbers_each_story_afresh(
    tmp_path: Path, clock: FakeClock
) -> None:
    folder = tmp_path / "stories"
    folder.mkdir()
    told = MINI.replace(
        "        points: {interaction: 2}\n        next: good",
        "        points: {interaction: 2}\n        result: {fi: Asiakas hymyilee., en: The customer smiles.}\n"
        "        next: good",
    )
    (folder / "mini.yaml").write_text(told, encoding="utf-8")
    (folder / "lookup.yaml").write_text(LOOKUP, encoding="utf-8")
    app = make(clock, "en", paths=folder)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "lookup", "mini", participants="1")
        session = session_of(app)
        screen = app.screen
        assert isinstance(screen, RehearseSessionScreen)
        session.set_note("They wanted to check first")
        session.set_count("hang", 1)
        session.reveal()
        session.continue_with("ideal")  # look it up: the same decision again, decision 2 of the story
        session.set_count("explain", 1)
        session.reveal()
        session.continue_with("majority")
        session.next_story()
        await screen.redraw()
        assert "Story 2 of 2: A small story · Decision 1" in screen_text(app)  # counted afresh
        for option in ("check", "tell"):
            session.set_count(option, 1)
            session.reveal()
            session.continue_with("majority")
        await screen.redraw()
        shown = screen_text(app)
        assert shown.index("What happened: The customer smiles.") < shown.index("The customer thanks you.")
        app.screen.query_one("#next-story", Button).press()
        await until_screen(pilot, RehearseDebriefScreen, "the team debrief")
        shown = screen_text(app)
        assert "Went on with option 1 (the ideal path)" in shown or "Went on with option 2 (the ideal path)" in shown
        assert "(the majority's choice)" in shown and "Note: They wanted to check first" in shown
        assert shown.count("Decision 1") == 2 and "Decision 3" not in shown


async def footer_words(app: RehearsalApp, pilot: Pilot[None]) -> dict[str, str]:
    """The keys line as key → word, once the footer has laid its keys out."""
    await assert_footer_fits(app, pilot)
    return {key.key: key.description for key in app.screen.query(FooterKey)}


async def test_a_presenter_runs_a_whole_session_with_one_key_map_shown_in_the_footer(
    small_library: Path, clock: FakeClock
) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini", participants="Aino, Bo, Cai")
        session = session_of(app)
        keys = await footer_words(app, pilot)
        assert keys["f7"] == "Vote" and keys["f5"] == "Pause" and keys["f6"] == "+1 min"
        await pilot.press("f5")  # paused: the same key now says what it does next
        await until(pilot, lambda: not session.decision.discussion.is_running, "the pause")  # type: ignore[union-attr]
        assert (await footer_words(app, pilot))["f5"] == "Resume"
        await pilot.press("f6")  # one more minute, and the clock stays paused (as in the station rotation)
        assert session.remaining() == 180 and not session.decision.discussion.is_running  # type: ignore[union-attr]
        await pilot.press("f5", "f7")
        await until(pilot, lambda: session.phase == Phase.VOTE, "the vote")
        assert (await footer_words(app, pilot))["f7"] == "Reveal"
        await pilot.press("2", "tab", "1")  # the counts, then F7 in the last field: the reveal
        await pilot.press("f7")
        await until(pilot, lambda: session.phase == Phase.REVEAL, "the reveal")
        keys = await footer_words(app, pilot)
        assert keys["m"] == "Majority" and keys["i"] == "Ideal path"
        await pilot.press("m")
        await until(pilot, lambda: session.phase in (Phase.DISCUSS, Phase.STORY_END), "the team going on")

        def phase() -> Phase:  # read afresh each time: the keys move it on
            return session.phase

        while phase() == Phase.DISCUSS:  # the next decision the same way, by keys alone
            decisions = len(session.decisions)
            await pilot.press("f7", "3", "f7")
            await until(pilot, lambda: phase() == Phase.REVEAL, "the next reveal")
            await pilot.press("m")
            await until(pilot, lambda: phase() != Phase.REVEAL, "the team going on again")
            assert phase() == Phase.STORY_END or len(session.decisions) > decisions
        await until(pilot, lambda: session.phase == Phase.STORY_END, "the story's end")
        assert (await footer_words(app, pilot))["f7"] == "Next"
        await pilot.press("f7")
        await until_screen(pilot, RehearseDebriefScreen, "the debrief")
        assert (await footer_words(app, pilot))["f7"] == "Next"
        await pilot.press("f7")  # to the first question
        await until_screen(pilot, RehearseReflectScreen, "the reflection")
        await until(pilot, lambda: session.question_index == 0 and session.phase == Phase.REFLECT, "question 1")
        keys = await footer_words(app, pilot)
        assert (keys["f5"], keys["f6"], keys["f7"]) == ("Pause", "+1 min", "Next")  # the same keys as at a decision
        for _ in session.reflections:
            await pilot.press("f7")
        await until(pilot, lambda: session.phase == Phase.DONE, "the end")
        assert (await footer_words(app, pilot))["f7"] == "Export record"  # the last step: the record, every format
        screen = app.screen
        assert isinstance(screen, RehearseReflectScreen)
        await pilot.press("f7")
        written = [exports_dir() / f"rehearsal-{screen.run.session_id}.{fmt}" for fmt in ("md", "html", "csv")]
        await until(pilot, lambda: all(path.exists() for path in written), "the record in three formats")
        assert all(str(path) in screen_text(app) for path in written)  # and where, in words


async def test_a_late_phone_vote_updates_the_warning_that_the_votes_do_not_add_up(
    small_library: Path, clock: FakeClock
) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini", participants="Aino, Bo, Cai, Dan")
        session = session_of(app)
        await pilot.press("f7", "1", "tab", "1", "f7")  # two typed, four expected: the reveal asks first
        await until(pilot, lambda: "Votes entered: 2, but there are 4" in screen_text(app), "the warning")
        first = session.beat().choices[0].option_id
        session.phone_vote("phone-1", first)  # a phone's vote arrives after the warning
        app.screen.post_message(PhonesChanged("vote"))
        await until(pilot, lambda: "Votes entered: 3, but there are 4" in screen_text(app), "the warning again")
        assert "Votes entered: 2" not in screen_text(app)
        session.phone_vote("phone-2", first)
        app.screen.post_message(PhonesChanged("vote"))
        await until(pilot, lambda: "Votes entered" not in screen_text(app), "the warning gone once they add up")
        assert not app.screen.query("#reveal-anyway")


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_an_empty_groups_field_is_not_marked_wrong_and_an_open_menu_says_its_key_in_our_words(
    clock: FakeClock, language: str
) -> None:
    app = make(clock, language)
    async with app.run_test(size=PROJECTOR) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        screen = app.screen
        groups = screen.query_one("#groups", Input)
        groups.focus()
        await pilot.press("tab")  # left empty (empty means no groups): not red
        await until(pilot, lambda: not groups.has_focus, "the next field")
        assert not groups.has_class("-invalid")
        screen.query_one("#mode").focus()
        await pilot.press("enter")  # the voting menu opens; its Esc key is in the app's language
        words = {"fi": "Sulje valikko", "en": "Close the menu"}[language]
        await until(pilot, lambda: words in [k.description for k in app.screen.query(FooterKey)], "the menu's key")
        assert "Dismiss menu" not in [k.description for k in app.screen.query(FooterKey)]


async def test_the_focus_shows_by_shape_on_a_washed_out_projector(small_library: Path, clock: FakeClock) -> None:
    app = make(clock, "en", paths=small_library)
    async with app.run_test(size=PROJECTOR) as pilot:
        await start(app, pilot, "mini", participants="3")
        await pilot.press("f7")
        await until(pilot, lambda: len(app.screen.query("Input.count")) >= 2, "the count fields")
        first, second = list(app.screen.query("Input.count").results(Input))[:2]
        await until(pilot, lambda: first.has_focus, "the first count in focus")
        # A mark beside the focused field (a shade alone is lost on a projector), and none beside the others.
        assert first.styles.border_left[0] != "" and second.styles.border_left[0] == ""
        await pilot.press("tab")
        await until(pilot, lambda: second.has_focus, "the second count in focus")
        assert second.styles.border_left[0] != "" and first.styles.border_left[0] == ""


async def test_at_80x24_what_is_below_is_said_and_pgdn_brings_it_into_sight_from_the_counts(clock: FakeClock) -> None:
    app = make(clock, "en")
    async with app.run_test(size=SMALL) as pilot:
        await start(app, pilot, EMAIL)
        await pilot.press("f7")
        await until(pilot, lambda: session_of(app).phase == Phase.VOTE, "the vote")
        heading = app.screen.query_one("#heading-line", Static)
        await until(pilot, lambda: "More below" in str(heading.visual), "the heading saying more is below")
        count = app.screen.query_one("#count-1", Input)
        assert count.has_focus
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
        await until(pilot, lambda: "More below" not in str(heading.visual), "the end of the stage in sight")
        options = list(app.screen.query(".option"))
        assert len(options) == 3
        assert_inside(app, options[-1])  # the last option, read without leaving the count fields
        assert count.has_focus
