"""Driving the rehearsal app with phones on, as a facilitator does (for the pilot and browser tests)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, SelectionList

from scenarios.phones.address import PhoneOptions
from scenarios.phones.server import PhoneServer
from scenarios.rehearsal import Phase, Session
from scenarios.store import Store
from scenarios.tui.rehearse.app import RehearsalApp, create_rehearsal_app
from scenarios.tui.rehearse.base import RunScreen
from scenarios.tui.rehearse.phones import PhonesScreen
from scenarios.tui.rehearse.session import RehearseSessionScreen
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from tests.conftest import MINI
from tests.rehearsal.conftest import FakeClock
from tests.tui.helpers import screen_text, until, until_screen, whole

SIZE = (110, 40)


def rehearsal_app(tmp_path: Path, port: int = 0, *, story: str = MINI) -> RehearsalApp:
    """The rehearsal app on the mini story (or `story`), opening sessions to phones on loopback (port 0: any free
    port)."""
    folder = tmp_path / "stories"
    folder.mkdir(exist_ok=True)
    (folder / "story.yaml").write_text(story, encoding="utf-8")
    clock = FakeClock(1_750_000_000.0)
    store = Store(tmp_path / "scenarios.sqlite", clock=clock)
    return create_rehearsal_app(
        paths=[folder], language="en", clock=clock, seed=0, cursor_blink=False, store=store,
        phones=PhoneOptions("127.0.0.1", port),
    )  # fmt: skip


async def start_with_phones(
    app: RehearsalApp,
    pilot: Pilot[None],
    participants: str = "Aino, Bo, Cai",
    *,
    plan: str = "mini",
    own_words: bool = False,
) -> None:
    """Fill in the setup (phones are ticked by `--phones`), start, and wait for the join code on screen."""
    await until_screen(pilot, RehearseSetupScreen, "the setup")
    screen = app.screen
    screen.query_one("#team", Input).value = "Desk team"
    screen.query_one("#participants", Input).value = participants
    screen.query_one("#plan", SelectionList).select(plan)
    screen.query_one("#room-words", Checkbox).value = own_words
    screen.query_one("#start", Button).scroll_visible(animate=False)
    await until(pilot, lambda: whole(app, "#start"), "the start button in sight")
    await pilot.click("#start")
    await until_screen(pilot, PhonesScreen, "the join code")


async def pass_without_votes(pilot: Pilot[None]) -> None:
    """Open the vote, reveal it with nobody having voted, and go on along the ideal path (to the next decision,
    or the story's end)."""
    app = pilot.app

    def session() -> Session:
        screen = app.screen
        assert isinstance(screen, RunScreen), f"no rehearsal under way but {type(screen).__name__}"
        return screen.run.session

    await until_screen(pilot, RehearseSessionScreen, "the session screen")
    await pilot.press("v")
    await until(pilot, lambda: session().phase == Phase.VOTE and whole(app, "#reveal"), "the vote")
    await pilot.click("#reveal")
    await until(pilot, lambda: whole(app, "#reveal-anyway"), "the question whether to reveal without votes")
    await pilot.click("#reveal-anyway")
    await until(pilot, lambda: session().phase == Phase.REVEAL, "the reveal")
    decision = session().decisions[-1]
    await pilot.press("i")
    await until(pilot, lambda: decision.chosen is not None and session().phase != Phase.REVEAL, "the ideal path")
    next_step = "#next-story" if session().phase == Phase.STORY_END else "#vote"
    await until(pilot, lambda: whole(app, next_step), f"{next_step} in sight")


def running(app: RehearsalApp) -> tuple[Session, PhoneServer]:
    """The session on screen and its phones' server."""
    screen = app.screen
    assert isinstance(screen, RunScreen | PhonesScreen)
    phones, session = screen.run.phones, screen.run.session
    assert phones is not None and isinstance(session, Session)
    return session, phones.server


def shown(app: RehearsalApp) -> str:
    """What the facilitator's screen shows."""
    return screen_text(app)
