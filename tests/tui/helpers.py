"""Small helpers for pilot tests: the fixtures' types, read what a screen shows, find the library entry of a story."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets._toast import Toast, ToastRack

from scenarios.tui.app import ScenariosApp
from scenarios.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:  # the library probe imports these helpers and must not load the engine with the play screen
    from scenarios.tui.screens.play import PlayScreen

PATIENCE = 60.0
"""The most a test waits for something that must happen (a slow machine is slow, never wrong)."""

MakeApp = Callable[..., ScenariosApp]
"""The `make_app` fixture: the real app on the test stories; keyword arguments override `create_app`'s."""

AppPilot = Pilot[None]
"""The pilot of a `ScenariosApp` (an `App[None]`) in `run_test()`."""


class SnapCompare(Protocol):
    """The `snap_compare` fixture of pytest-textual-snapshot, as it is called.

    (The plugin annotates the fixture as `Callable[[str | PurePath], bool]`, narrower than the function it returns,
    which also takes `press`, `terminal_size` and `run_before`.)
    """

    def __call__(
        self,
        app: str | PurePath | App[Any],
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[Any]], Awaitable[None] | None] | None = None,
    ) -> bool: ...


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds (it must within `PATIENCE` seconds, else the test fails).

    For what a screen does after a key or a click has been handled (a worker, a layout after a resize):
    the pilot's own pause ends when the app looks idle, which on a busy machine can be too early. The app
    first handles what is already queued (as the pilot's pause does), so a condition that already holds
    still leaves the screen as settled as a pause would: what a test reads next is drawn."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    await pilot.pause()
    while not condition():
        assert loop.time() < deadline, f"still waiting for {what}"
        await pilot.pause(0.02)


async def until_screen(pilot: Pilot[Any], kind: type[Screen[Any]], what: str) -> None:
    """Let the app run until a screen of `kind` is on top with all its widgets mounted.

    A pushed screen is on top at once but composes over a few turns of the loop: reading it, or
    ending the test, before then finds it half drawn (and a widget still mounting breaks as the app closes)."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, kind) and app.screen.is_mounted, what)


def inside(app: App[Any], *widgets: Widget) -> bool:
    """Whether each widget is shown whole on the screen: laid out, not empty, not cut (where a click lands)."""
    screen = app.screen.region
    return all(widget.region.area > 0 and screen.contains_region(widget.region) for widget in widgets)


def whole(app: App[Any], *selectors: str) -> bool:
    """Whether each selector matches a widget on the screen and every widget matched is shown whole (for a wait:
    a click needs its target laid out where it will stay)."""
    widgets = [widget for selector in selectors for widget in app.screen.query(selector)]
    return all(app.screen.query(selector) for selector in selectors) and inside(app, *widgets)


def notices(app: App[Any]) -> list[str]:
    """Every notification `app` raises from now on, in order, kept for the test to read: the app's own list drops
    each once its time is up (counted from when it was raised), which on a slow machine comes before a test that
    first waits for something else looks."""
    told: list[str] = []
    notify = app.notify

    def kept(message: str, *args: Any, **kwargs: Any) -> None:
        told.append(str(message))
        notify(message, *args, **kwargs)

    app.notify = kept  # type: ignore[method-assign]  # screens and widgets notify through `app.notify`
    return told


def toasts(app: App[Any]) -> list[Toast]:
    """The notices drawn on the screen now, as the trainee sees them (`notices` says what was raised)."""
    rack = app.screen.get_child_by_type(ToastRack)  # a system widget: not found by the screen's query()
    return [toast for toast in rack.query(Toast) if toast.region.height]


def footer_keys(app: App[None]) -> list[str]:
    """The keys line as shown, e.g. `["? Ohje", "^q Lopeta"]` (keys cut off at the right edge are left out)."""
    from textual.widgets._footer import FooterKey  # not exported by textual.widgets; the type the Footer yields

    width = app.screen.size.width
    return [
        f"{key.key_display} {key.description}".strip()
        for key in app.screen.query(FooterKey)
        if key.display and key.region.width and key.region.right <= width
    ]


def screen_text(app: App[None]) -> str:
    """All text of the shown Static widgets, status lines and option lists on the current screen, as plain text."""
    parts = [str(widget.visual) for widget in app.screen.query(Static) if widget.display]
    parts += [status.text for status in app.screen.query(StatusLine)]
    for options in app.screen.query(OptionList):
        parts += [str(option.prompt) for option in options.options]
    return "\n".join(parts)


async def search_and_open(app: App[None], pilot: AppPilot, query: str) -> None:
    """Put `query` in the library's search box and press Enter to start the first match; returns once the
    next screen is on top: the story's first decision (past its briefing), or the offer to continue it.

    (Typing key by key is tested in test_library; here the whole word goes in at once.)
    """
    await until(pilot, lambda: app.screen.is_mounted and bool(app.screen.query("#search")), "the library")
    library = app.screen
    search = library.query_one("#search", Input)
    search.value = query
    # The list is filtered when the search box tells the screen its new value.
    await until(pilot, lambda: getattr(library, "query_text", None) == query, "the list to be searched")
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is not library and app.screen.is_mounted, "the story to open")
    await past_the_briefing(app, pilot)


async def to_first_decision(app: App[None], pilot: AppPilot) -> None:
    """Wait for the story the app opened at launch, and go past its briefing to its first decision."""
    await until(
        pilot,
        lambda: app.screen.is_mounted and bool(app.screen.query("#briefing") or app.screen.query("#choices")),
        "the story to open",
    )
    await past_the_briefing(app, pilot)


async def past_the_briefing(app: App[None], pilot: AppPilot) -> None:
    """On the briefing of a new playthrough, press Enter and wait for its first decision (elsewhere: nothing)."""
    briefing = app.screen
    if briefing.query("#briefing"):
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is not briefing and app.screen.is_mounted, "the first decision")


async def choose_number(app: ScenariosApp, pilot: AppPilot, key: str) -> None:
    """Press an option's number on the play screen and wait until the next decision (or the end) is offered,
    going past the feedback in practice mode."""
    screen = play_screen(app)
    made = len(screen.session.play.history)
    await pilot.press(key)
    await until(pilot, lambda: len(screen.session.play.history) > made, f"option {key} to be chosen")
    if screen.session.mode == "practice":
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        await pilot.press("enter")
    await until(pilot, lambda: not feedback_shown(app) and not screen.busy, "the next decision")


def feedback_shown(app: App[None]) -> bool:
    """True while the practice feedback is docked on the play screen."""
    panels = app.screen.query("#feedback")
    return bool(panels) and panels.first().display


def play_screen(app: ScenariosApp) -> PlayScreen:
    """The play screen on show (the test fails here when another screen is)."""
    from scenarios.tui.screens.play import PlayScreen

    screen = app.screen
    assert isinstance(screen, PlayScreen), f"the play screen is not on show but {type(screen).__name__}"
    return screen
