"""Phones in the rehearsal app: the server's life beside a running session, the join code on screen, the count.

The server runs in the app's own event loop. `open_phones` binds it (an address that cannot be used is
said in words, and the session goes on without phones); an app-owned worker then keeps it until the
session ends, another session opens phones, or the app closes (Textual cancels the worker, whose
`finally` stops the server). The facilitator's screen learns of votes and notes by `PhonesChanged`,
and only ever shows how many voted.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from scenarios.rehearsal import Phase, Session
from scenarios.rehearsal.stations import STATIONS, StationSession

if TYPE_CHECKING:
    from scenarios.phones.address import PhoneOptions
    from scenarios.phones.server import PhoneServer
    from scenarios.tui.app import ScenariosApp
    from scenarios.tui.rehearse.base import AnyRun

GROUP = "phones"


@dataclass
class PhonesChanged(Message):
    """A phone voted, wrote a note, joined or saved a station's texts (or phones closed): screens update."""

    kind: str


@dataclass
class Phones:
    """The phones' server of a running session."""

    server: PhoneServer
    announced: bool = False
    """True once the join code was shown (it opens by itself on the first screen of the session)."""


def wanted_options(app: ScenariosApp) -> PhoneOptions:
    """The address the facilitator asked for (`--host`, `--port`), else the defaults."""
    from scenarios.phones.address import PhoneOptions

    return app.rehearsal_options.phones or PhoneOptions()


async def open_phones(app: ScenariosApp, run: AnyRun, *, typed_names: bool | None = None) -> bool:
    """Open `run`'s session to phones (the stored link and code when it had them); False when it could not.

    Any other session's phones are closed first: one server at a time.
    """
    from scenarios.phones.access import open_access
    from scenarios.phones.server import PhoneServer
    from scenarios.tui.rehearse.presenter import ScreenRemote

    previous = app.workers.cancel_group(app, GROUP)
    if previous:
        await app.workers.wait_for_complete(previous)  # its port is free again
    options = wanted_options(app)
    host = options.address
    access = open_access(app.store, run.session_id, typed_names=typed_names)
    server = PhoneServer(run.session, access, run.records, host=host, port=options.port)
    try:
        await server.start()
    except OSError as error:
        app.notify(
            app.tr("rehearsal.phones.cannot", address=f"{host}:{options.port}", detail=error.strerror or str(error)),
            severity="error", markup=False, timeout=30,
        )  # fmt: skip
        return False
    phones = Phones(server)

    def changed(session: Session | StationSession, kind: str, payload: dict[str, Any]) -> None:
        tell(app, kind)

    server.on_join = lambda: tell(app, "join")
    server.on_station = lambda station: tell(app, "station")
    server.remote = ScreenRemote(app)  # the presenter view: the facilitator's own remote
    # The phones stay open after the session's end while its last screen is shown: a note to the last question
    # may still be on its way, and a keeper may finish their texts after a rotation's last round.
    run.session.watch(changed)
    run.phones = phones

    async def keep() -> None:
        try:
            await asyncio.get_running_loop().create_future()  # until cancelled
        finally:
            run.session.unwatch(changed)
            if run.phones is phones:
                run.phones = None
            await server.stop()
            tell(app, "closed")

    app.run_worker(keep(), group=GROUP, name="phones-server", exit_on_error=False)
    return True


def close_phones(app: ScenariosApp) -> None:
    """Close any session's phones (another session starts without them)."""
    app.workers.cancel_group(app, GROUP)


def tell(app: ScenariosApp, kind: str) -> None:
    """Every screen on the stack hears that something changed on the phones."""
    for screen in list(app.screen_stack):
        screen.post_message(PhonesChanged(kind))


def phones_line(app: ScenariosApp, run: AnyRun) -> str:
    """The facilitator's line: how many joined, and while voting how many voted (never who voted what).

    In a station rotation: how many keepers joined, and which stations were filled from phones.
    """
    phones = run.phones
    if phones is None:
        return ""
    session = run.session
    if isinstance(session, StationSession):
        server = phones.server
        keepers = {session.keeper_station(p.name) for p in server.access.participants().values()} - {None}
        written = [app.tr(f"channel.{station}") for station in STATIONS if station in server.written]
        stations = ", ".join(written) or "–"
        return app.tr("rehearsal.phones.keepers", joined=len(keepers), of=len(STATIONS), stations=stations)
    joined = len(phones.server.access.participants())
    if session.phase == Phase.VOTE:
        expected = session.participants.count or joined
        return app.tr("rehearsal.phones.voted", voted=session.phone_votes_in(), of=expected, joined=joined)
    return app.tr("rehearsal.phones.joined", joined=joined)


class PhonesScreen(ModalScreen[None]):
    """The join code: the QR code of the link, the link itself, and the short code to type instead."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close", id="close"),
        Binding("f8", "close", "close", show=False),
    ]
    DEFAULT_CSS = """
    PhonesScreen { align: center middle; }
    #phones-join { width: 100; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
                   background: $surface; border: thick $primary; }
    #phones-join > Horizontal { height: auto; width: 100%; }
    #phones-join .title { text-style: bold; }
    #qr { width: auto; height: auto; color: #000000; background: #ffffff; margin: 0 2 0 0; }
    #phones-words { width: 1fr; height: auto; }
    #phones-words Static { margin: 0 0 1 0; }
    #phones-url, #phones-code { text-style: bold; }
    #phones-release { height: auto; margin: 0 0 1 0; }
    #phones-release Static { width: auto; margin: 0 1 0 0; }
    #release-name { width: 1fr; max-width: 40; margin: 0 1 0 0; }
    """

    app: ScenariosApp

    def __init__(self, run: AnyRun) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        """The QR code beside the words; a Close button."""
        from scenarios.phones.qr import qr_lines

        app, phones = self.app, self.run.phones
        with VerticalScroll(id="phones-join"):
            yield Static(Content(app.tr("rehearsal.phones.title")), classes="title")
            if phones is None:
                yield Static(Content(app.tr("rehearsal.phones.off")))
            else:
                server = phones.server
                with Horizontal():
                    yield Static(Content("\n".join(qr_lines(server.url))), id="qr")
                    with Vertical(id="phones-words"):
                        yield Static(Content(app.tr("rehearsal.phones.scan")))
                        yield Static(Content(server.url), id="phones-url")
                        yield Static(Content(app.tr("rehearsal.phones.or_code", address=server.base)))
                        yield Static(Content(server.access.code), id="phones-code")
                        yield Static(Content(phones_line(app, self.run)), id="phones-joined")
                        if server.remote is not None:  # its link is never shown here: the room sees this screen
                            yield Button(app.tr("rehearsal.presenter.open"), id="presenter", compact=True)
                # Someone whose phone lost its cookie cannot join under their name again until it is freed.
                # The row is built as it is now (not fixed up after mounting: a Select given options before
                # it has mounted its own parts fails on a slow machine).
                joined = [(p.name, p.id) for p in server.access.participants().values()]
                with Horizontal(id="phones-release") as row:
                    row.display = bool(joined)
                    yield Static(Content(app.tr("rehearsal.phones.release_label")))
                    yield Select[str](joined, prompt=app.tr("rehearsal.phones.release_pick"), id="release-name",
                                      compact=True)  # fmt: skip
                    yield Button(app.tr("rehearsal.phones.release"), id="release", compact=True)
            yield Button(app.tr("tui.close"), id="close", variant="primary")

    def on_mount(self) -> None:
        """Close is focused: Enter or Escape goes back to the session."""
        self.query_one("#close", Button).focus()

    def on_phones_changed(self, message: PhonesChanged) -> None:
        """Someone joined (or a name was freed): the count under the code, the names that can be freed."""
        for line in self.query("#phones-joined").results(Static):
            line.update(Content(phones_line(self.app, self.run)))
        self.show_joined()

    def show_joined(self) -> None:
        """The names taken on phones, to pick one to free (the row shows only when someone joined)."""
        phones = self.run.phones
        for row in self.query("#phones-release"):
            joined = list(phones.server.access.participants().values()) if phones is not None else []
            row.display = bool(joined)
            names = self.query_one("#release-name", Select)
            picked = names.value
            names.set_options([(p.name, p.id) for p in joined])
            if any(p.id == picked for p in joined):
                names.value = picked

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Free the picked name, or close."""
        if event.button.id == "release":
            self.release()
        elif event.button.id == "presenter":
            from scenarios.tui.rehearse.presenter import open_presenter_view

            open_presenter_view(self.app, self.run)
        else:
            self.dismiss(None)

    def release(self) -> None:
        """Free the name picked in the list: its old phone is out, and the name can join again."""
        phones, picked = self.run.phones, self.query_one("#release-name", Select).value
        if phones is None or not isinstance(picked, str):
            self.app.bell()
            return
        released = phones.server.release(picked)
        if released is not None:
            self.app.notify(self.app.tr("rehearsal.phones.released", name=released.name), markup=False)
        tell(self.app, "join")

    def action_close(self) -> None:
        """Back to the session."""
        self.dismiss(None)
