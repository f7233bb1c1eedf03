"""Which rehearsal screen shows a session: a station rotation's, or a story session's decision, team debrief or
reflection questions; and the one way there for both kinds, phones opened first when asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from scenarios.rehearsal import Phase
from scenarios.rehearsal.stations import StationSession
from scenarios.tui.rehearse.base import AnyRun, RunScreen
from scenarios.tui.rehearse.debrief import RehearseDebriefScreen
from scenarios.tui.rehearse.phones import close_phones, open_phones
from scenarios.tui.rehearse.reflect import RehearseReflectScreen
from scenarios.tui.rehearse.session import RehearseSessionScreen
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from scenarios.tui.rehearse.stations import StationsScreen

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp
    from scenarios.tui.messages import ShowRun


def open_run(app: ScenariosApp, message: ShowRun) -> None:
    """Show the run of `message`: opened to phones first (a problem is said, and it goes on without), or
    with any other session's phones closed, or (a step of the session on screen) as it is."""
    run = message.run
    if message.phones:

        async def open_and_show() -> None:
            await open_phones(app, run, typed_names=message.typed_names)
            show(app, run)

        app.run_worker(open_and_show(), exit_on_error=False)
        return
    if message.phones is False:
        close_phones(app)
    show(app, run)


def show(app: ScenariosApp, run: AnyRun) -> None:
    """Open the screen for where the session stands, in place of the rehearsal screen showing now."""
    screen: Screen[None]
    if isinstance(run.session, StationSession):
        screen = StationsScreen(run)
    else:
        phase = run.session.phase
        if phase == Phase.DEBRIEF:
            screen = RehearseDebriefScreen(run)
        elif phase in (Phase.REFLECT, Phase.DONE):
            screen = RehearseReflectScreen(run)
        else:
            screen = RehearseSessionScreen(run)
    if len(app.screen_stack) > 1 and isinstance(app.screen, RunScreen | RehearseSetupScreen | StationsScreen):
        app.switch_screen(screen)
    else:
        app.push_screen(screen)
