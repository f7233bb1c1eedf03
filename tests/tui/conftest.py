"""Fixtures that make the app deterministic: test stories, a fixed clock, seed 0, no blink, no delays."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from scenarios.tui.app import ScenariosApp, create_app
from tests.tui.helpers import MakeApp

STORIES = Path(__file__).parent / "stories"
SIZE = (100, 32)
NOW = 1_750_000_000.0


@pytest.fixture(autouse=True)
def _fixed_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates on screen do not depend on where the tests run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> MakeApp:
    """Build the real app (the CLI's factory) on the test stories, deterministically.

    The stories are named by a path relative to the repository, so file names shown on
    screen (a broken story's errors) are the same wherever the checkout lives.
    """
    monkeypatch.chdir(STORIES.parents[2])

    def build(**overrides: Any) -> ScenariosApp:
        options: dict[str, Any] = {
            "paths": [STORIES.relative_to(STORIES.parents[2])],
            "seed": 0,
            "clock": lambda: NOW,
            "typing_delay": 0.0,
            "cursor_blink": False,
            # Loaded before the app starts, so the first screen is the same in every run
            # (test_library covers loading after the first frame).
            "library_in_background": False,
        }
        options.update(overrides)
        return create_app(**options)

    return build
