"""The LRS settings in the Settings screen: kept in the store, the secret masked, the environment winning,
and a connection test against a real Ralph."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from textual.widgets import Input, Static

from scenarios.records.outbox import load_config
from scenarios.store import Store
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.settings import SettingsScreen
from tests.records.ralph import KEY, SECRET, Ralph
from tests.tui.conftest import SIZE
from tests.tui.helpers import until, until_screen


async def fill(app: ScenariosApp, pilot: Any, values: dict[str, str]) -> None:
    """Type each value into its field, as a trainee would (click, then type)."""
    for field, text in values.items():
        field_input = app.screen.query_one(f"#lrs-{field}", Input)
        field_input.focus()
        await until(pilot, partial(getattr, field_input, "has_focus"), f"the {field} field to take the focus")
        await pilot.press(*list(text))
        await until(pilot, partial(holds, field_input, text), f"the {field} field to hold what was typed")


def holds(field: Input, text: str) -> bool:
    return field.value.endswith(text)


def result(app: ScenariosApp) -> str:
    return str(app.screen.query_one("#lrs-result", Static).visual)


async def test_the_lrs_is_set_in_settings_with_the_secret_masked_and_a_connection_test(
    make_app: Callable[..., ScenariosApp], running_ralph: Ralph
) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await until_screen(pilot, SettingsScreen, "the settings")
        assert app.screen.query_one("#lrs-secret", Input).password
        await fill(app, pilot, {"url": running_ralph.endpoint, "key": KEY, "secret": "wrong", "team": "Kirjasto"})
        await pilot.press("enter")  # Enter in a field saves
        await until(pilot, lambda: result(app) == "Saved.", "the settings to be saved")
        config = load_config(Store(), {})
        assert (config.url, config.key, config.secret, config.team) == (
            running_ralph.endpoint,
            KEY,
            "wrong",
            "Kirjasto",
        )
        await pilot.click("#lrs-test")
        await until(pilot, lambda: "HTTP" in result(app), "the connection test's answer")
        assert result(app) == "The connection does not work (HTTP 401)."
        app.screen.query_one("#lrs-secret", Input).value = ""
        await fill(app, pilot, {"secret": SECRET})
        await pilot.click("#lrs-test")
        await until(pilot, lambda: "works" in result(app), "the second connection test's answer")
        assert result(app) == "The connection works."
        assert SECRET not in str(app.screen.query_one("#lrs-secret", Input).render_line(0))  # shown masked


async def test_the_environment_wins_and_the_screen_says_so(
    make_app: Callable[..., ScenariosApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENARIOS_LRS_URL", "https://lrs.example.org/xAPI/")
    monkeypatch.setenv("SCENARIOS_LRS_SECRET", "from-env")
    app = make_app(language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await until_screen(pilot, SettingsScreen, "the settings")
        url = app.screen.query_one("#lrs-url", Input)
        secret = app.screen.query_one("#lrs-secret", Input)
        assert url.disabled and url.value == "https://lrs.example.org/xAPI/"
        assert secret.disabled and secret.value == ""  # a secret from the environment is never shown
        notes = " ".join(str(s.visual) for s in app.screen.query(".lrs-env").results(Static))
        assert "SCENARIOS_LRS_URL" in notes and "SCENARIOS_LRS_SECRET" in notes
        await fill(app, pilot, {"key": "k"})
        await pilot.press("enter")
        await until(pilot, lambda: Store().read_setting("records") is not None, "the settings to be saved")
    assert Store().read_setting("records") == {"key": "k"}  # only what the screen may set


async def test_a_trainee_in_a_browser_is_not_offered_the_servers_lrs(make_app: Callable[..., ScenariosApp]) -> None:
    from scenarios.store import served_trainee
    from scenarios.tui.widgets.lrs_settings import LrsSettings

    app = make_app(language="en", store=Store(trainee=served_trainee("Aino")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await until_screen(pilot, SettingsScreen, "the settings")
        assert not app.screen.query(LrsSettings) and not app.screen.query("#lrs-url")


async def test_a_base_that_is_no_iri_is_not_saved_and_one_from_the_environment_is_named(
    make_app: Callable[..., ScenariosApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await until_screen(pilot, SettingsScreen, "the settings")
        await fill(app, pilot, {"base": "my training"})
        await pilot.press("enter")
        await until(pilot, lambda: "cannot be the base" in result(app), "the refusal")
        assert result(app).startswith("my training cannot be the base: give an IRI such as https://")
    assert Store().read_setting("records") is None  # nothing saved

    monkeypatch.setenv("SCENARIOS_XAPI_BASE", "my training")
    app = make_app(language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await until_screen(pilot, SettingsScreen, "the settings")
        notes = " ".join(str(s.visual) for s in app.screen.query(".lrs-env").results(Static))
        assert "my training ei kelpaa perusosoitteeksi" in notes
