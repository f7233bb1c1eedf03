"""A stored station rotation and its phones' server, as the app keeps them (for the station tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input

from scenarios.phones.access import PhoneAccess, open_access
from scenarios.phones.address import PhoneOptions
from scenarios.phones.server import PhoneServer
from scenarios.rehearsal.station_records import StationRecords
from scenarios.rehearsal.stations import StationSession
from scenarios.store import Store
from scenarios.tui.rehearse.app import RehearsalApp, create_rehearsal_app
from scenarios.tui.rehearse.phones import PhonesScreen
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from scenarios.tui.rehearse.stations import StationsScreen
from tests.conftest import MINI
from tests.rehearsal.conftest import FakeClock
from tests.tui.helpers import until_screen

KEEPERS = {"desk": "Dee", "email": "Eve", "chat": "Cai", "phone": "Pia"}
GROUPS = [["Aino", "Bo"], ["Ulla", "Vic"]]


@dataclass
class StoredStations:
    """A station rotation saved in a store after every change."""

    store: Store
    records: StationRecords
    session: StationSession
    session_id: int

    def access(self) -> PhoneAccess:
        """The rotation's phone access (the same token and secret every time)."""
        return open_access(self.store, self.session_id)

    def server(self) -> PhoneServer:
        """A phones' server of the rotation on loopback, on any free port."""
        return PhoneServer(self.session, self.access(), self.records, host="127.0.0.1", port=0)

    def reopen(self) -> StoredStations:
        """The app started again: a new connection to the store and the rotation resumed from it."""
        store = Store(self.store.path, clock=self.session.clock)
        records = StationRecords(store)
        session = records.resume(self.session_id, clock=self.session.clock)
        return StoredStations(store, records, session, self.session_id)


def stored_stations(tmp_path: Path) -> StoredStations:
    """Four keepers and two groups in round 1 (the young adults at the desk, the retired couple at email)."""
    clock = FakeClock(1_750_000_000.0)
    store = Store(tmp_path / "scenarios.sqlite", clock=clock)
    records = StationRecords(store)
    session = StationSession.new(keepers=KEEPERS, groups=GROUPS, team="Desk team", language="en", clock=clock)
    session_id = records.start(session)
    session.start()
    return StoredStations(store, records, session, session_id)


PEOPLE = "Dee, Eve, Cai, Pia, Aino, Bo, Ulla, Vic"


def station_app(tmp_path: Path, language: str = "en") -> RehearsalApp:
    """The rehearsal app set for a station rotation, opening it to phones on loopback (any free port)."""
    folder = tmp_path / "stories"
    folder.mkdir(exist_ok=True)
    (folder / "mini.yaml").write_text(MINI, encoding="utf-8")
    clock = FakeClock(1_750_000_000.0)
    store = Store(tmp_path / "scenarios.sqlite", clock=clock)
    return create_rehearsal_app(
        paths=[folder], language=language, clock=clock, seed=0, cursor_blink=False, store=store,
        phones=PhoneOptions("127.0.0.1", 0), stations=True,
    )  # fmt: skip


async def start_rotation_with_phones(app: RehearsalApp, pilot: Pilot[None]) -> tuple[StationsScreen, PhoneServer]:
    """Fill in the setup (Dee, Eve, Cai and Pia keep the stations; two groups), start, close the join code."""
    setup = app.screen
    assert isinstance(setup, RehearseSetupScreen)
    setup.query_one("#team", Input).value = "Desk team"
    setup.query_one("#participants", Input).value = PEOPLE
    setup.query_one("#keepers", Input).value = "Dee, Eve, Cai, Pia"
    setup.query_one("#groups", Input).value = "2"
    assert setup.query_one("#phone-options").display and setup.query_one("#phones", Checkbox).value
    setup.query_one("#start", Button).press()
    await until_screen(pilot, PhonesScreen, "the join code")
    await pilot.press("escape")
    await until_screen(pilot, StationsScreen, "the rotation")
    screen = app.screen
    assert isinstance(screen, StationsScreen) and screen.run.phones is not None
    return screen, screen.run.phones.server
