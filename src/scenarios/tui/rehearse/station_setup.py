"""The setup's part for a chapter 6 station rotation: who keeps the stations, how long a round is; start and resume."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from scenarios.rehearsal import Participants
from scenarios.rehearsal.saves import SessionSaveError
from scenarios.rehearsal.stations import DEFAULT_ROUND_MINUTES, ROLES, StationError, StationSession, plan_rotation
from scenarios.tui.messages import ShowRun
from scenarios.tui.rehearse.base import OrderedInput, Run
from scenarios.visible import visible

if TYPE_CHECKING:
    from textual.screen import Screen

    from scenarios.tui.app import ScenariosApp

STORY, STATIONS = "story", "stations"


class StationFields(Vertical):
    """The station keepers (blank: drawn at random) and the round's length in minutes."""

    DEFAULT_CSS = "StationFields { height: auto; }"

    def compose(self) -> ComposeResult:
        """Two fields."""
        app: ScenariosApp = self.app  # type: ignore[assignment]
        yield Static(Content(app.tr("stations.setup.groups_hint")), classes="hint")
        yield Label(Content(app.tr("stations.setup.keepers")))
        yield OrderedInput(id="keepers", compact=True)
        yield Label(Content(app.tr("stations.setup.round_minutes")))
        yield OrderedInput(str(DEFAULT_ROUND_MINUTES), id="round-minutes", type="number", compact=True)


def start_stations(
    screen: Screen[None],
    participants: Participants,
    months: dict[str, int],
    raw_groups: str,
    seed: int,
    *,
    phones: bool = False,
    typed_names: bool = False,
) -> str | None:
    """Form the rotation from the setup's fields, store it and open its screen (open to phones when
    `phones`); the message key of what to fix when it cannot start (its parameters are not needed:
    each message says the numbers)."""
    app: ScenariosApp = screen.app  # type: ignore[assignment]
    people = list(participants.voters(lambda n: app.tr("rehearsal.participant", number=n)))
    keepers = [visible(name, one_line=True).strip() for name in screen.query_one("#keepers", Input).value.split(",")]
    try:
        minutes = float(screen.query_one("#round-minutes", Input).value.strip().replace(",", ".") or "nan")
    except ValueError:
        minutes = float("nan")
    if not 0 < minutes <= 24 * 60:  # also refuses nan
        return "stations.error.round_minutes"
    try:
        chosen, groups = plan_rotation(
            people, keepers=keepers, groups=int(raw_groups) if raw_groups else len(ROLES), seed=seed, months=months
        )
        session = StationSession.new(
            keepers=chosen,
            groups=groups,
            round_minutes=minutes,
            team=visible(screen.query_one("#team", Input).value.strip(), one_line=True),
            language=app.language,
            clock=app.clock,
        )
    except StationError as error:
        return f"stations.error.{error.code}"
    records = app.rehearsals.stations
    session_id = records.start(session)
    session.start()
    screen.post_message(ShowRun(Run(session, session_id, records), phones=phones, typed_names=typed_names))
    return None


def resume_stations(app: ScenariosApp, session_id: int, *, phones: bool = False) -> str | None:
    """Open a stored rotation where it stands (a running clock still running); the reason when it cannot be.

    It opens to phones again when it had them (the same link and code: the phones come back), or when `phones`.
    """
    from scenarios.phones.access import has_access

    records = app.rehearsals.stations
    try:
        session = records.resume(session_id, clock=app.clock)
    except SessionSaveError as error:
        records.abandon(session_id)
        return app.tr(f"rehearsal.save.{error.code}", **error.params)
    except KeyError:
        return app.tr("rehearsal.save.corrupt")
    reopen = phones or has_access(app.store, session_id)
    app.post_message(ShowRun(Run(session, session_id, records), phones=reopen))
    return None
