"""Freeing a name taken on a phone (someone lost their cookie): the old cookie stops working for it, the name
joins again from another phone and votes once; and the facilitator does it from the join dialog (F8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select
from yarl import URL

from scenarios.tui.rehearse.phones import PhonesScreen
from tests.phones.conftest import Stored, form_token
from tests.phones.facilitator import rehearsal_app, running, shown, start_with_phones
from tests.phones.test_server import get, join, phone, post, serving, vote
from tests.tui.helpers import until, until_screen


async def test_a_freed_name_joins_again_and_the_old_cookie_no_longer_counts(stored: Stored) -> None:
    stored.session.open_vote()
    async with serving(stored.server()) as server, phone() as lost, phone() as found:
        await join(lost, server, "Aino")
        _, old_page = await vote(lost, server, "online")
        assert stored.session.phone_votes_in() == 1
        aino = next(p for p in server.access.participants().values() if p.name == "Aino")

        released = server.release(aino.id)

        assert released == aino and server.access.participants() == {}
        assert stored.session.phone_votes_in() == 0  # the old phone's vote is taken back: one vote for Aino
        status, page = await get(lost, server.url)  # the old cookie: a stranger again
        assert status == 200 and "Who are you?" in page and "You are in as" not in page
        status, _ = await post(lost, f"{server.url}/vote", {"form": form_token(old_page), "option": "check"})
        assert status == 403
        await join(found, server, "Aino")  # the name is free for the new phone
        await vote(found, server, "check")
        decision = stored.session.decision
        assert decision is not None and decision.ballots.tally() == {"online": 0, "check": 1}
        assert server.release("not-a-participant") is None

    # Freed for good: the app started again does not bring the old phone back.
    again = stored.reopen()
    assert [p.name for p in again.access().participants().values()] == ["Aino"]
    async with serving(again.server()) as server, phone() as lost:
        lost.cookie_jar.update_cookies({server.cookie_name: server.access.cookie_for(aino)}, URL(server.url))
        _, page = await get(lost, server.url)
        assert "You are in as" not in page
    again.store.close()


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_the_facilitator_frees_a_name_from_the_join_dialog(tmp_path: Path, size: tuple[int, int]) -> None:
    app = rehearsal_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await start_with_phones(app, pilot)
        _, server = running(app)
        dialog = app.screen
        assert isinstance(dialog, PhonesScreen)
        assert not dialog.query_one("#phones-release").display  # nobody joined: nothing to free
        async with phone() as lost:
            await join(lost, server, "Bo")
        await until(pilot, lambda: dialog.query_one("#phones-release").display, "the names to free")
        await pilot.press("escape")  # later in the session, F8 brings the dialog back
        await until(pilot, lambda: not isinstance(app.screen, PhonesScreen), "the session screen")
        await pilot.press("f8")
        await until_screen(pilot, PhonesScreen, "the join dialog")
        dialog = app.screen
        assert isinstance(dialog, PhonesScreen)
        assert "A phone lost its sign-in?" in shown(app)
        dialog.query_one("#release-name", Select).focus()
        await pilot.press("enter", "down", "enter")  # the list of names taken: Bo
        assert dialog.query_one("#release-name", Select).value == next(iter(server.access.participants()))
        await pilot.press("tab")
        free = dialog.query_one("#release")
        assert free.has_focus and app.screen.region.contains_region(free.region)  # in sight (scrolled to)
        await pilot.press("enter")  # Free the name
        await until(pilot, lambda: not server.access.participants(), "Bo freed")
        await until(pilot, lambda: "Joined by phone: 0" in shown(app), "the count under the code")
        await until(pilot, lambda: not dialog.query_one("#phones-release").display, "nothing left to free")
        async with phone() as found:
            await join(found, server, "Bo")
