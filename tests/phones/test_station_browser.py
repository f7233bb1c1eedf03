"""End to end in real browsers: two station keepers' headless Chromiums fill their grids in round 1, the
facilitator moves the rotation on, their pages show the new visitors by themselves, and the export holds
what the phones typed (including a text still being typed when the round moved on)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from scenarios.store import exports_dir
from tests.browser import chromium_paths, open_chromium
from tests.phones.facilitator import shown
from tests.phones.stations import start_rotation_with_phones, station_app
from tests.phones.test_browser import Phone
from tests.tui.helpers import until

pytestmark = pytest.mark.skipif(chromium_paths() is None, reason="needs Debian's chromium and chromium-driver")


async def test_two_keepers_fill_their_grids_from_phones_through_a_round(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    profiles = [tmp_path_factory.mktemp(f"keeper-{n}") for n in range(2)]
    drivers: list[Any] = list(await asyncio.gather(*(asyncio.to_thread(open_chromium, p, 412, 915) for p in profiles)))
    dee, eve = (Phone(driver) for driver in drivers)
    app = station_app(tmp_path)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen, server = await start_rotation_with_phones(app, pilot)
            session = screen.session
            first, second = session.visits()
            assert (first.station, second.station) == ("desk", "email")
            for phone, name in ((dee, "Dee"), (eve, "Eve")):
                await phone.open(server.url)
                await phone.press(f"//button[@value='{name}']")
            await dee.sees(
                "You keep the station: front desk", f"At your station now: young adult ({', '.join(first.people)})"
            )
            await eve.sees("You keep the station: email", "At your station now: retired couple")

            # Round 1: each keeper types; a field is saved when it is left and a moment after typing stops.
            await dee.type("expects", "Quick service, no queue")
            await dee.type("questions", "Where do I take a number?")
            await eve.type("at_best", "A clear answer in one message")
            await until(pilot, lambda: session.grid("desk", "young-adult")["expects"] != "", "Dee's first field")
            await until(pilot, lambda: session.grid("desk", "young-adult")["questions"] != "", "Dee's second field")
            await until(pilot, lambda: session.grid("email", "retired-couple")["at_best"] != "", "Eve's field")
            await dee.sees("Saved.")
            await until(pilot, lambda: "filled from phones: front desk, email" in shown(app), "the phones' line")

            # Eve is still typing when the facilitator sends the groups on: her text is saved before her page moves.
            await eve.type("toolset", "Templates for replies")
            await pilot.press("n")
            assert session.round_index == 1
            young = session.visitor("email")
            assert young is not None and young.role == "young-adult"
            await eve.sees("Round 2/4", f"At your station now: young adult ({', '.join(young.people)})")
            await dee.sees("Round 2/4", "No customer at your station this round.")
            await until(pilot, lambda: session.station_skills("email")["toolset"] != "", "Eve's last field")
            page = await eve.do(lambda d: d.find_element("id", "toolset").get_attribute("value"))
            assert page == "Templates for replies"

            # The rotation ends; the export holds what the phones typed.
            await pilot.press("n", "n", "n")
            await until(pilot, lambda: session.is_done, "the end of the rotation")
            await dee.sees("The rotation is over. You can still complete your station's texts.", "Quick service")
            await pilot.click("#export-md")
            exported = exports_dir() / "rehearsal-1.md"
            await until(pilot, exported.exists, "the export")
            written = exported.read_text(encoding="utf-8")
            for text in ("Quick service, no queue", "Where do I take a number?",
                         "A clear answer in one message", "Templates for replies"):  # fmt: skip
                assert text in written, text
    finally:
        await asyncio.gather(*(asyncio.to_thread(driver.quit) for driver in drivers))


async def test_the_round_clock_and_time_up_reach_a_keepers_and_a_customers_phone(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    profiles = [tmp_path_factory.mktemp(f"phone-{n}") for n in range(2)]
    drivers: list[Any] = list(await asyncio.gather(*(asyncio.to_thread(open_chromium, p, 412, 915) for p in profiles)))
    dee, customer = (Phone(driver) for driver in drivers)
    app = station_app(tmp_path)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen, server = await start_rotation_with_phones(app, pilot)
            session = screen.session
            at_desk = session.visits()[0]
            assert at_desk.station == "desk"
            await dee.open(server.url)
            await dee.press("//button[@value='Dee']")
            await customer.open(server.url)
            await customer.press(f"//button[@value='{at_desk.people[0]}']")
            await dee.sees("Time left")
            # The customer's phone holds their role card for the station they are at, and the clock.
            await customer.sees("You are the customer: young adult", "This round, front desk:", "Time left")

            await pilot.press("p")  # paused on the shared screen: paused on the phones
            await dee.sees("paused", "20:00")
            await pilot.press("p")
            app.clock.advance(20 * 60 + 1)  # type: ignore[attr-defined]
            await until(pilot, lambda: session.time_up_signalled, "the shared screen's time-up")
            await customer.sees("Time is up: move on to the next station (email).", "0:00")
            await dee.sees("Time is up. No customer at your station next round.")
            red = await dee.do(lambda d: d.find_element("id", "clock-box").get_attribute("class"))
            assert red == "clock up"

            await pilot.press("n")  # the next round: a fresh clock everywhere, the card for the next station
            await customer.sees("Round 2/4", "This round, email:", "Time left")
            shown_up = await customer.do(lambda d: d.find_element("id", "time-up").is_displayed())
            assert shown_up is False
    finally:
        await asyncio.gather(*(asyncio.to_thread(driver.quit) for driver in drivers))
