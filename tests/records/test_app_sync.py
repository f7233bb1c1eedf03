"""The app sends learning records in the background (backing off while the LRS is down) and says quietly
how many wait; with no LRS set it says nothing. Against a real Ralph."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from scenarios.records.background import SyncSchedule
from scenarios.records.outbox import SyncReport, waiting_statements
from scenarios.store import Store
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.screens.progress import ProgressScreen
from tests.records.ralph import KEY, SECRET, Ralph, free_port
from tests.tui.conftest import SIZE
from tests.tui.helpers import screen_text, search_and_open, until, until_screen


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_schedule_backs_off_while_the_lrs_is_down_and_comes_back_after_a_success() -> None:
    clock = Clock()
    schedule = SyncSchedule(clock, every=60, longest=600)
    assert schedule.due
    down, up = SyncReport(0, 0, 3, "connection refused"), SyncReport(3, 0, 0, None)
    waits: list[float] = []
    for _ in range(5):
        schedule.record(down)
        assert not schedule.due
        waits.append(schedule.next_at - clock.now)
        clock.now = schedule.next_at
        assert schedule.due
    assert waits == [120, 240, 480, 600, 600]
    schedule.record(up)
    assert schedule.next_at - clock.now == 60


async def play_one_choice(app: ScenariosApp, pilot: Any) -> None:
    await search_and_open(app, pilot, "wristband")
    assert isinstance(app.screen, PlayScreen)
    await pilot.press("2")
    await until(pilot, lambda: len(waiting_statements(Store(), include_sent=True)) >= 2, "the choice to be recorded")


def not_yet_due(clock: Clock) -> SyncSchedule:
    """A sync schedule on the test's clock, a second before its first sync: the app's own timer (every five
    seconds) starts none until `sync_now` moves the clock (one of its own could read the outbox before the
    test's choice is in it, and be the sync the test waits for)."""
    schedule = SyncSchedule(clock)
    clock.now -= 1
    return schedule


async def sync_now(app: ScenariosApp, pilot: Any, clock: Clock) -> None:
    """Let the schedule's time come, and run the sync the app's timer would start."""
    schedule = app.sync_schedule
    assert schedule is not None
    clock.now = max(clock.now, schedule.next_at)
    app.sync_records()
    await until(pilot, lambda: schedule.next_at > clock.now, "the sync's end, and the next one planned")


def lrs_env(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("SCENARIOS_LRS_URL", url)
    monkeypatch.setenv("SCENARIOS_LRS_KEY", KEY)
    monkeypatch.setenv("SCENARIOS_LRS_SECRET", SECRET)


async def test_the_app_sends_a_playthrough_to_a_real_lrs_in_the_background(
    make_app: Callable[..., ScenariosApp], running_ralph: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    lrs_env(monkeypatch, running_ralph.endpoint)
    clock = Clock()
    app = make_app(language="en")
    app.sync_schedule = not_yet_due(clock)
    async with app.run_test(size=SIZE) as pilot:
        await play_one_choice(app, pilot)
        await sync_now(app, pilot, clock)
        await pilot.press("f3")
        await until_screen(pilot, ProgressScreen, "the progress screen")
        assert "waiting to be sent" not in screen_text(app)  # all sent: nothing to say
        ids = {s["id"] for s in waiting_statements(Store(), include_sent=True)}
        assert len(ids) == 2 and waiting_statements(Store()) == []
    held = [str(s["id"]) for s in running_ralph.statements() if s["id"] in ids]
    assert sorted(held) == sorted(ids)  # each exactly once
    # Quitting mid-story adds `suspended`, which waits for the next start's sync.
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in waiting_statements(Store())] == ["suspended"]


async def test_an_lrs_that_is_down_leaves_a_quiet_count_and_the_next_try_waits_longer(
    make_app: Callable[..., ScenariosApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    lrs_env(monkeypatch, f"http://127.0.0.1:{free_port()}/xAPI/")
    clock = Clock()
    app = make_app(language="en")
    app.sync_schedule = not_yet_due(clock)
    async with app.run_test(size=SIZE) as pilot:
        await play_one_choice(app, pilot)
        await sync_now(app, pilot, clock)
        assert app.sync_schedule.failures >= 1
        first_wait = app.sync_schedule.wait
        await sync_now(app, pilot, clock)
        assert app.sync_schedule.wait == 2 * first_wait
        await pilot.press("f3")
        await until(pilot, lambda: "2 learning records waiting to be sent." in screen_text(app), "the count waiting")
    assert len(waiting_statements(Store())) == 3  # and `suspended`, from quitting mid-story


async def test_without_an_lrs_the_app_says_nothing_of_records(
    make_app: Callable[..., ScenariosApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SCENARIOS_LRS_URL", raising=False)
    app = make_app(language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await play_one_choice(app, pilot)
        await pilot.press("f3")
        await until_screen(pilot, ProgressScreen, "the progress screen")
        assert "odottaa lähetystä" not in screen_text(app)
        assert not any(worker.name == "records-sync" for worker in app.workers)
