"""A probe run in a fresh interpreter by test_library_index: what the library screen shows, and which story
modules are imported, step by step. It imports nothing of the stories itself (unlike the tests' modules)."""

from __future__ import annotations

import asyncio
import json
import sys

from textual.widgets import Input

from scenarios.tui.app import create_app
from tests.tui.helpers import screen_text, until

STORY_MODULES: tuple[str, ...] = (
    "pydantic",
    "ruamel",
    "scenarios.story.model",
    "scenarios.story.loader",
    "scenarios.story.safeyaml",
)
STORY_MODULES += ("scenarios.engine", "scenarios.trainer.session")


def loaded(prefixes: tuple[str, ...]) -> list[str]:
    """The modules of `sys.modules` under `prefixes` (in the probe's interpreter)."""
    return sorted(name for name in sys.modules if name.split(".")[0] in prefixes or name.startswith(prefixes))


async def probe() -> dict[str, object]:
    """What the library screen shows and which story modules are imported, step by step.

    Run in a fresh interpreter (see the test below): the app on the whole library, built-in stories and the
    user's own folder, until it is listed; then the broken file is searched for; then the small story started.
    """
    seen: dict[str, object] = {}
    app = create_app(offer_resume=False, cursor_blink=False, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.loaded_library is not None, "the background listing")
        await until(pilot, lambda: "broken.yaml" in screen_text(app), "the list")
        seen["listed"] = screen_text(app)
        library = app.screen
        library.query_one("#search", Input).value = "broken.yaml"
        await until(pilot, lambda: getattr(library, "query_text", "") == "broken.yaml", "the search")
        seen["broken"] = screen_text(app)
        seen["before_start"] = loaded(STORY_MODULES)
        library.query_one("#search", Input).value = "small story"
        await until(pilot, lambda: getattr(library, "query_text", "") == "small story", "the search")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is not library and app.screen.is_mounted, "the story to open")
        seen["started"] = type(app.screen).__name__
        seen["after_start"] = loaded(STORY_MODULES)
    return seen


if __name__ == "__main__":
    print(json.dumps(asyncio.run(probe())))
