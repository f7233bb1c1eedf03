"""Which rehearsal screen shows a session: the decision, the team debrief, or the reflection questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from scenarios.rehearsal import Phase
from scenarios.tui.rehearse.base import Run, RunScreen
from scenarios.tui.rehearse.debrief import RehearseDebriefScreen
from scenarios.tui.rehearse.reflect import RehearseReflectScreen
from scenarios.tui.rehearse.session import RehearseSessionScreen
from scenarios.tui.rehearse.setup import RehearseSetupScreen

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def show(app: ScenariosApp, run: Run) -> None:
    """Open the screen for where the session stands, in place of the rehearsal screen showing now."""
    phase = run.session.phase
    screen: Screen[None]
    if phase == Phase.DEBRIEF:
        screen = RehearseDebriefScreen(run)
    elif phase in (Phase.REFLECT, Phase.DONE):
        screen = RehearseReflectScreen(run)
    else:
        screen = RehearseSessionScreen(run)
    if len(app.screen_stack) > 1 and isinstance(app.screen, RunScreen | RehearseSetupScreen):
        app.switch_screen(screen)
    else:
        app.push_screen(screen)
