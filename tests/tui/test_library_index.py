"""The library screen lists the index cache's metadata: no story is parsed or validated until one is
started, best results and a broken file's problems are shown all the same, and a story whose file
broke after it was listed shows its problems when started."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from textual.widgets import Input

from scenarios.store import Store
from scenarios.store.settings import Settings
from scenarios.story.library import Library
from scenarios.story.loader import load_text
from scenarios.trainer.session import Trainer
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.message import MessageScreen
from tests.conftest import MINI
from tests.tui.conftest import NOW, SIZE
from tests.tui.helpers import screen_text, until, until_screen

BROKEN = "id: broken-one\nlanguages: [en]\ntitle: {en: Broken}\n"


def finish_mini() -> None:
    """Play the small story to its ideal ending, stored as finished (its best result: 2/2)."""
    story = load_text(MINI, "mini.yaml").story
    assert story is not None
    trainer = Trainer(Store(clock=lambda: NOW), clock=lambda: NOW)
    session = trainer.start(story, title="A small story", language="en", mode="practice", seed=1)
    while not session.play.is_over:
        number = session.play.ideal_choice()
        assert number is not None
        session.choose(number)
    assert session.finish()
    trainer.store.close()


def test_the_library_lists_from_the_index_and_loads_a_story_only_when_started(tmp_path: Path) -> None:
    data = Path(os.environ["SCENARIOS_DATA_DIR"])
    (data / "stories").mkdir(parents=True)
    (data / "stories" / "mini.yaml").write_text(MINI, encoding="utf-8")
    (data / "stories" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    finish_mini()
    Library.discover()  # an earlier run wrote the index cache
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-m", "tests.tui.library_probe"]
    out = subprocess.run(command, cwd=root, capture_output=True, text=True, check=True).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    listed = str(seen["listed"])
    assert "A small story" in listed and "best: 2/2 solution-focused" in listed and "mine" in listed
    assert listed.count("not played yet") >= 20  # the built-in stories too
    broken = str(seen["broken"])
    assert "Broken story file" in broken and "broken.yaml:1:1" in broken and "'channel' is missing" in broken
    assert seen["before_start"] == []  # listed, searched and a broken file's problems shown: nothing parsed
    assert seen["started"] == "BriefingScreen"  # the story's briefing, before its first decision
    assert "pydantic" in seen["after_start"]  # the probe sees the story modules once a story is loaded


async def test_a_story_whose_file_broke_after_listing_shows_its_problems_when_started(tmp_path: Path) -> None:
    folder = tmp_path / "stories"
    folder.mkdir()
    path = folder / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    settings = Settings(language="en")
    Library.load([folder], cache=tmp_path / "index.json")  # listed before: the app reads the index cache
    library = Library.load([folder], cache=tmp_path / "index.json")
    app = ScenariosApp(library, Store(clock=lambda: NOW), settings, seed=0, offer_resume=False, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "A small story" in screen_text(app), "the list")
        assert isinstance(app.screen, LibraryScreen)
        # The author saves a broken version; same size and time, so the folder watch does not relist it first.
        stat = path.stat()
        path.write_bytes(BROKEN.encode("utf-8").ljust(stat.st_size, b"\n"))
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        app.screen.query_one("#search", Input).focus()
        await pilot.press("enter")
        await until_screen(pilot, MessageScreen, "the file's problems")
        text = screen_text(app)
        assert "Broken story file" in text and "mini.yaml:1:1" in text and "'channel' is missing" in text
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
