"""Driving the rehearsal app with phones on, as a facilitator does (for the pilot and browser tests)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, SelectionList

from scenarios.phones.address import PhoneOptions
from scenarios.phones.server import PhoneServer
from scenarios.rehearsal import Session
from scenarios.store import Store
from scenarios.tui.rehearse.app import RehearsalApp, create_rehearsal_app
from scenarios.tui.rehearse.base import RunScreen
from scenarios.tui.rehearse.phones import PhonesScreen
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from tests.conftest import MINI
from tests.rehearsal.conftest import FakeClock
from tests.tui.helpers import screen_text, until_screen

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
    screen = app.screen
    assert isinstance(screen, RehearseSetupScreen)
    screen.query_one("#team", Input).value = "Desk team"
    screen.query_one("#participants", Input).value = participants
    screen.query_one("#plan", SelectionList).select(plan)
    screen.query_one("#room-words", Checkbox).value = own_words
    screen.query_one("#start", Button).scroll_visible(animate=False)
    await pilot.pause()
    await pilot.click("#start")
    await until_screen(pilot, PhonesScreen, "the join code")


async def pass_without_votes(pilot: Pilot[None]) -> None:
    """Open the vote, reveal it with nobody having voted, and go on along the ideal path."""
    await pilot.press("v")
    await pilot.pause()
    await pilot.click("#reveal")
    await pilot.pause()
    await pilot.click("#reveal-anyway")
    await pilot.pause()
    await pilot.press("i")
    await pilot.pause()


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
