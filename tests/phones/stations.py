"""A stored station rotation and its phones' server, as the app keeps them (for the station tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scenarios.phones.access import PhoneAccess, open_access
from scenarios.phones.server import PhoneServer
from scenarios.rehearsal.station_records import StationRecords
from scenarios.rehearsal.stations import StationSession
from scenarios.store import Store
from tests.rehearsal.conftest import FakeClock

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
        return PhoneServer(self.session, self.access(), host="127.0.0.1", port=0)

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
