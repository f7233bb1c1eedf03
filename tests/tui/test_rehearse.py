"""Pilot tests of a full team rehearsal: setup, discussion, votes, reveal, continue, debrief, questions, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Button, Digits, Input, Select, SelectionList, Static, TextArea

from scenarios.rehearsal import Participants, Phase, Session
from scenarios.rehearsal.story_records import StoryRecords
from scenarios.store import Store, exports_dir
from scenarios.tui.app import ScenariosApp
from scenarios.tui.rehearse.app import RehearsalApp, create_rehearsal_app
from scenarios.tui.rehearse.base import RunScreen
from scenarios.tui.rehearse.debrief import RehearseDebriefScreen
from scenarios.tui.rehearse.notes import RehearseNotesScreen
from scenarios.tui.rehearse.reflect import RehearseReflectScreen
from scenarios.tui.rehearse.session import RehearseSessionScreen
from scenarios.tui.rehearse.setup import RehearseSetupScreen, parse_participants
from tests.conftest import MINI
from tests.rehearsal.conftest import LOOKUP, FakeClock
from tests.tui.helpers import AppPilot, inside, screen_text, until, until_screen

SIZE = (110, 40)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI, encoding="utf-8")
    (folder / "lookup.yaml").write_text(LOOKUP, encoding="utf-8")
    return folder


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_750_000_000.0)


def make(library: Path, clock: FakeClock, store: Store | None = None) -> RehearsalApp:
    """The rehearsal app on the test library, deterministic."""
    return create_rehearsal_app(paths=[library], language="en", clock=clock, seed=0, cursor_blink=False, store=store)


async def setup(
    app: ScenariosApp,
    pilot: AppPilot,
    *,
    stories: tuple[str, ...] = ("mini",),
    participants: str = "3",
    team: str = "Desk team",
    mode: str | None = None,
) -> None:
    """Fill in the setup screen as a facilitator would and start the session."""
    await until_screen(pilot, RehearseSetupScreen, "the setup")
    screen = app.screen
    await pilot.press(*team)
    screen.query_one("#participants", Input).value = participants
    plan = screen.query_one("#plan", SelectionList)
    for story_id in stories:
        plan.select(story_id)
    if mode is not None:
        screen.query_one("#mode", Select).value = mode
    start = screen.query_one("#start", Button)
    start.scroll_visible(animate=False)
    await until(pilot, lambda: inside(app, start), "the start button in sight")
    await pilot.click("#start")
    await until_screen(pilot, RehearseSessionScreen, "the session screen")


def text(app: ScenariosApp) -> str:
    return screen_text(app)


def session(app: ScenariosApp) -> Session:
    """The session on the rehearsal screen on show."""
    screen = app.screen
    assert isinstance(screen, RunScreen), f"no rehearsal under way but {type(screen).__name__}"
    return screen.run.session


def reflection_note(app: ScenariosApp) -> str:
    """The team's note on the reflection question on screen, as kept in the session."""
    reflection = session(app).reflection
    return reflection.note if reflection is not None else ""


def tally(app: ScenariosApp) -> dict[str, int]:
    """The votes counted so far for the decision on screen."""
    decision = session(app).decision
    assert decision is not None, "no decision on screen"
    return decision.ballots.tally()


async def test_a_full_rehearsal_from_setup_to_export(library: Path, clock: FakeClock) -> None:
    app = make(library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await setup(app, pilot)
        assert isinstance(app.screen, RehearseSessionScreen)
        shown = text(app)
        assert "Story 1 of 1: A small story · Decision 1" in shown
        assert "Customer: Hi! When is the swimming hall open?" in shown and "(Smiles.)" in shown
        assert "1. Look it up online." in shown or "1. Check the system." in shown
        assert app.screen.query_one("#countdown", Digits).value == "2:00"
        clock.advance(30)
        app.screen.tick()
        assert app.screen.query_one("#countdown", Digits).value == "1:30"
        await pilot.press("p")
        clock.advance(100)
        app.screen.tick()
        assert app.screen.query_one("#countdown", Digits).value == "1:30" and "(paused)" in text(app)
        await pilot.press("plus")
        app.screen.tick()
        assert app.screen.query_one("#countdown", Digits).value == "2:30"
        await pilot.press("v")
        await until(pilot, lambda: session(app).phase == Phase.VOTE, "the phase vote")
        # The counts: more votes than people first, then corrected.
        numbers = {c.option_id: c.number for c in session(app).beat().choices}
        await pilot.click(f"#count-{numbers['check']}")
        await pilot.press("3")
        await pilot.click(f"#count-{numbers['online']}")
        await pilot.press("1")
        await pilot.click("#count-2")
        await pilot.press("enter")  # Enter in the last count reveals
        await until(
            pilot,
            lambda: "Votes entered: 4, but there are 3 participants" in text(app),
            "Votes entered: 4, but there are 3 participants",
        )
        assert session(app).phase == Phase.VOTE and tally(app) == {"check": 3, "online": 1}
        assert app.screen.query("#reveal-anyway")
        online = app.screen.query_one(f"#count-{numbers['online']}", Input)
        online.value = "0"
        await until(
            pilot, lambda: "Votes in all: 3 · participants: 3" in text(app), "Votes in all: 3 · participants: 3"
        )
        assert "Votes entered" not in text(app) and not app.screen.query("#reveal-anyway")  # the complaint is answered
        await pilot.click("#reveal")
        await until(pilot, lambda: session(app).phase == Phase.REVEAL, "the phase reveal")
        shown = text(app)
        assert "████████████████████ votes 3 · 100 %  ★ ideal ▲ majority" in shown
        assert "░░░░░░░░░░░░░░░░░░░░ votes 0 · 0 %" in shown
        assert "Not solution-focused — Friendly but solves nothing." in shown and "Solution-focused" in shown
        ideal = next(c.number for c in session(app).beat().choices if c.option_id == "check")
        assert f"The ideal response: option {ideal} (★)." in shown and "Model answer: “Let's look together.”" in shown
        await pilot.press("n")
        await until_screen(pilot, RehearseNotesScreen, "the notes dialog")
        app.screen.query_one("#note", TextArea).text = "Everyone wanted to check first"
        await pilot.click("#save")
        await until(
            pilot,
            lambda: session(app).decisions[0].note == "Everyone wanted to check first",
            "the note kept",
        )
        await pilot.press("m")
        await until(pilot, lambda: "Decision 2" in text(app), "the second decision")
        shown = text(app)
        assert "What happened: Open 6 am to 9 pm." in shown and "Decision 2" in shown
        assert "Customer: Thanks for looking!" in shown
        # Nobody votes at the second decision: a tie of every option; the facilitator picks.
        await pilot.press("v")
        await until(pilot, lambda: session(app).phase == Phase.VOTE, "the second vote")
        await pilot.click("#reveal")
        await until(pilot, lambda: "3 participants" in text(app), "3 participants")
        await pilot.click("#reveal-anyway")
        await until(
            pilot,
            lambda: "No votes were given." in text(app) and not app.screen.query("#go-majority"),
            "No votes were given.",
        )
        await pilot.press("m")
        await until(pilot, lambda: "no majority" in text(app) and "tie" not in text(app), "no majority")
        await pilot.press("i")
        await until(
            pilot,
            lambda: session(app).phase == Phase.STORY_END and "The story ended: resolved" in text(app),
            "the story's end",
        )
        await pilot.click("#next-story")
        await until_screen(pilot, RehearseDebriefScreen, "the team debrief")
        shown = text(app)
        assert "The majority chose the ideal option at 1 of 2 decisions." in shown
        assert "75 % of the votes" not in shown and "100 % of the votes went to solution-focused options." in shown
        await pilot.click("#reflect")
        await until_screen(pilot, RehearseReflectScreen, "the reflection")
        assert "What did I learn that was new to me?" in text(app) and "Question 1 of 6" in text(app)
        assert app.screen.query_one("#countdown", Digits).value == "2:00"
        app.screen.query_one("#note", TextArea).text = "Checking first pays off"
        await until(pilot, lambda: reflection_note(app) == "Checking first pays off", "the answer kept")
        await pilot.press("f7")
        await until(pilot, lambda: "What is still unclear to me?" in text(app), "What is still unclear to me?")
        await pilot.click("#finish")
        await until(
            pilot,
            lambda: session(app).phase == Phase.DONE and "The rehearsal is finished." in text(app),
            "the end of the session",
        )
        app.screen.query_one("#note", TextArea).text = "A good session"
        await until(pilot, lambda: session(app).notes == "A good session", "the session notes kept")
        session_id = app.screen.run.session_id
        for fmt in ("md", "html", "csv"):
            await pilot.click(f"#export-{fmt}")
            written = f"rehearsal-{session_id}.{fmt}"
            await until(pilot, lambda: written in text(app), f"the {fmt} export said")  # noqa: B023 (called at once)
    markdown = (exports_dir() / f"rehearsal-{session_id}.md").read_text(encoding="utf-8")
    assert "# Team rehearsal record: Desk team" in markdown
    assert "Everyone wanted to check first" in markdown and "Checking first pays off" in markdown
    assert "A good session" in markdown


async def test_story_text_stays_text_on_every_rehearsal_screen(library: Path, clock: FakeClock) -> None:
    app = make(library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await setup(app, pilot, stories=("lookup",), participants="")
        shown = text(app)
        assert "The bill is wrong! <script>alert(1)</script>" in shown
        assert "Check <b>first</b> & [bold]then[/bold]" in shown
        await pilot.press("v")
        await until(pilot, lambda: bool(app.screen.query("Input.count")), "the vote's counts")
        numbers = {c.option_id: c.number for c in session(app).beat().choices}
        app.screen.query_one(f"#count-{numbers['look']}", Input).value = "2"
        await until(pilot, lambda: tally(app).get("look") == 2, "the count kept")
        await pilot.click("#reveal")
        await until(
            pilot, lambda: "Look the bill up [@click=app.quit]." in text(app), "Look the bill up [@click=app.quit]."
        )
        await pilot.press(str(numbers["look"]))  # the facilitator's pick
        await until(
            pilot,
            lambda: app.is_running and session(app).decisions[0].continued_by == "pick",
            "the pick kept",
        )


async def test_votes_in_turn_are_secret_until_the_reveal(library: Path, clock: FakeClock) -> None:
    app = make(library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await setup(app, pilot, participants="Aino, Bo", mode="turns")
        await pilot.press("v")
        await until(pilot, lambda: "Aino's turn" in text(app), "Aino's turn")
        first = session(app).beat().choices[0]
        await pilot.press("1")
        await until(pilot, lambda: "Bo's turn" in text(app), "Bo's turn")
        shown = text(app)
        assert "Bo's turn" in shown and "Vote recorded" in shown and "votes 1" not in shown
        await pilot.press("u")
        await until(pilot, lambda: "Aino's turn" in text(app), "Aino's turn")
        await pilot.press("1", "0")
        await until(pilot, lambda: "Everyone has voted." in text(app), "Everyone has voted.")
        await pilot.click("#reveal")
        await until(
            pilot, lambda: session(app).phase == Phase.REVEAL, "the phase reveal"
        )  # Bo passed: a turn taken, no votes missing
        assert tally(app)[first.option_id] == 1


async def test_an_interrupted_session_resumes_from_the_setup_screen(
    library: Path, clock: FakeClock, tmp_path: Path
) -> None:
    database = tmp_path / "resume.sqlite3"
    app = make(library, clock, store=Store(database, clock=clock))
    async with app.run_test(size=SIZE) as pilot:
        await setup(app, pilot, participants="2")
        await pilot.press("v")
        await until(pilot, lambda: bool(app.screen.query("#count-1")), "the vote's counts")
        app.screen.query_one("#count-1", Input).value = "2"
        await until(pilot, lambda: session(app).vote_check().total == 2, "the count kept")
    # The app is gone (as after a crash); a new one offers the session.
    again = make(library, clock, store=Store(database, clock=clock))
    async with again.run_test(size=SIZE) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        buttons = [b for b in again.screen.query(Button) if (b.id or "").startswith("resume-")]
        assert len(buttons) == 1 and "Desk team" in str(buttons[0].label)
        await pilot.click(f"#{buttons[0].id}")
        await until(pilot, lambda: isinstance(again.screen, RehearseSessionScreen), "the RehearseSessionScreen")
        assert session(again).phase == Phase.VOTE and session(again).vote_check().total == 2
        assert again.screen.query_one("#count-1", Input).value == "2"
    assert StoryRecords(Store(database)).interrupted()[0].phase == "vote"


async def test_setup_says_what_to_fix(library: Path, clock: FakeClock) -> None:
    app = make(library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        await until(pilot, lambda: inside(app, app.screen.query_one("#start")), "the start button in sight")
        await pilot.click("#start")
        await until(
            pilot,
            lambda: "Choose at least one story." in str(app.screen.query_one("#setup-error", Static).visual),
            "Choose at least one story.",
        )
        app.screen.query_one("#plan", SelectionList).select("mini")
        app.screen.query_one("#participants", Input).value = "Aino:13"
        app.screen.query_one("#start", Button).press()
        await until(
            pilot,
            lambda: "Type the number of participants" in str(app.screen.query_one("#setup-error", Static).visual),
            "Type the number of participants",
        )


async def test_groups_by_birth_month(library: Path, clock: FakeClock) -> None:
    app = make(library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        app.screen.query_one("#groups", Input).value = "2"
        await setup(app, pilot, participants="Aino:11, Bo:2, Cai:6, Dan:1")
        assert session(app).groups == [["Dan", "Bo"], ["Cai", "Aino"]]


def test_participants_are_read_as_a_count_names_or_names_with_months() -> None:
    assert participants_in("8").count == 8
    parsed = parse_participants("Aino, Bo:3, , Cai")
    assert parsed is not None
    people, months = parsed
    assert people.names == ("Aino", "Bo", "Cai") and months == {"Bo": 3}
    assert parse_participants("Bo:x") is None and parse_participants(":3") is None
    assert participants_in("").count == 0


def participants_in(raw: str) -> Participants:
    """The participants read from `raw`, which must be readable."""
    parsed = parse_participants(raw)
    assert parsed is not None, raw
    return parsed[0]


async def test_back_to_the_setup_offers_the_session_and_the_language_can_change(
    library: Path, clock: FakeClock
) -> None:
    app = make(library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await setup(app, pilot)
        await pilot.press("f1")
        await until_screen(pilot, RehearseSetupScreen, "the setup")
        resume = [b for b in app.screen.query(Button) if (b.id or "").startswith("resume-")]
        assert len(resume) == 1 and app.focused is resume[0]
        await pilot.press("enter")
        await until_screen(pilot, RehearseSessionScreen, "the session screen")
        app.apply_settings(app.settings.model_copy(update={"language": "fi"}))
        await until(pilot, lambda: "Tarina 1/1: Pieni tarina · Päätös 1" in text(app), "the session in Finnish")
        assert "Asiakas: Hei! Milloin uimahalli on auki?" in text(app)


async def test_counts_typed_quickly_land_in_their_own_fields(library: Path, clock: FakeClock) -> None:
    """Issue #13: `v 0 Tab 2 Tab 6` typed without a pause gave one field `026`."""
    app = make(library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await setup(app, pilot, participants="8")
        # A burst: every key is queued before the first is handled (as from a fast typist or a paste).
        for key, character in [("v", "v"), ("3", "3"), ("tab", None), ("5", "5"), ("enter", "\r")]:
            app.post_message(events.Key(key, character))
        await until(pilot, lambda: session(app).phase == Phase.REVEAL, "the reveal by Enter in the last count")
        first, second = (choice.option_id for choice in session(app).beat().choices)
        assert tally(app) == {first: 3, second: 5}
        assert session(app).phase == Phase.REVEAL  # Enter in the last count revealed the 8 votes


async def test_the_countdown_ticks_from_one_timer_however_many_keys(library: Path, clock: FakeClock) -> None:
    """Each redraw used to mount the screen again and add a timer (2 became 7 after six votes)."""
    app = make(library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await setup(app, pilot, participants="Aino, Bo, Cai, Dan", mode="turns")
        screen = app.screen
        before = len(screen._timers)  # Textual keeps no public count of a node's timers
        await pilot.press("p", "p", "v")
        for _ in range(3):
            await pilot.press("1", "u")
        await pilot.press("1", "2", "1")
        await until(
            pilot,
            lambda: app.screen is screen and len(screen._timers) == before,
            "the screen's one timer",
        )
        assert "Dan's turn" in text(app)
        app.apply_settings(app.settings.model_copy(update={"language": "fi"}))
        await until(pilot, lambda: "Vuorossa: Dan." in text(app), "the turn in the new words")
        assert app.screen is screen and len(screen._timers) == before  # the same screen, in place, one timer


async def test_the_setup_form_keeps_up_with_a_burst_of_keys(library: Path, clock: FakeClock) -> None:
    """`Desk Tab 8` sent at once (tmux, a paste, a fast typist) gave the team name `Desk8`."""
    app = make(library, clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.focused is not None and app.focused.id == "team", "the team's name focused")
        for key, character in [("D", "D"), ("e", "e"), ("tab", None), ("8", "8")]:
            app.post_message(events.Key(key, character))
        await until(
            pilot,
            lambda: app.screen.query_one("#team", Input).value == "De",
            "the team's name as typed",
        )
        assert app.screen.query_one("#participants", Input).value == "8"
