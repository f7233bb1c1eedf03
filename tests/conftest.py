"""Shared fixtures: small stories written as an author would, and a clean environment."""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from tests.support import WriteStory


def _keep_bytecode() -> None:
    """Keep compiled bytecode between runs even where the environment turns it off (PYTHONDONTWRITEBYTECODE).

    Without it every test worker, and every `python` a test starts (the command line, the startup probes),
    compiles the package and rewrites the tests' asserts from source again: seconds of CPU each run. The
    bytecode goes to a cache of its own outside the checkout (as PYTHONPYCACHEPREFIX does), so nothing is
    written beside the sources, which is what turning it off is usually for. Python checks each cached
    file against its source, so an edited module is compiled again.
    """
    if not sys.dont_write_bytecode:
        return
    prefix = sys.pycache_prefix or os.path.join(tempfile.gettempdir(), f"scenarios-pycache-{os.getuid()}")
    sys.dont_write_bytecode, sys.pycache_prefix = False, prefix
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = prefix


_keep_bytecode()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` starts two workers per CPU (at most eight): a third of a worker's time is spent waiting
    (the pilot sleeps until the app is idle, a browser or a server answers), and a second worker per CPU
    fills it. On the 2-core machine: 2 min 37 s against 2 min 50 s - 3 min 36 s with one per CPU."""
    return min(8, 2 * (os.cpu_count() or 1))


FIRST = ("tests/test_static_checks.py",)
"""Tests run before all others: ruff and mypy over the whole checkout, each one process the suite cannot split
(mypy without its cache, as in a clean clone: 14 CPU s, 40 s on a busy 2-core machine). Collected where their
names put them, they started four fifths of the way through, and could be the last thing a worker ran, alone."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the `FIRST` tests first: xdist hands tests to its workers in this order, so they run beside the others
    from the start instead of at the end."""
    first = [item for item in items if item.nodeid.startswith(FIRST)]
    if first:
        items[:] = first + [item for item in items if not item.nodeid.startswith(FIRST)]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no async plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


# The `chromium` fixture (a real headless browser) for the web tests.
pytest_plugins = ["tests.browser", "tests.postgresql"]

MINI = """\
id: mini
languages: [fi, en]
title: {fi: Pieni tarina, en: A small story}
summary: {fi: Asiakas kysyy aukioloajoista., en: A customer asks about opening hours.}
channel: desk
customer: young-adult
theme: solution-focus
source: "4"
state:
  mood: {start: 0, min: -3, max: 3}
  looked: no
nodes:
  start:
    say: {fi: Hei! Milloin uimahalli on auki?, en: Hi! When is the swimming hall open?}
    cues: {fi: Hymyilee., en: Smiles.}
    model_answer: {fi: Katsotaan yhdessä., en: Let's look together.}
    options:
      - id: online
        reply: {fi: Katso netistä., en: Look it up online.}
        solution_focused: no
        feedback: {fi: Ystävällistä mutta ei ratkaise., en: Friendly but solves nothing.}
        effects: mood -= 1
        next: bad
      - id: check
        action: {fi: Katso järjestelmästä., en: Check the system.}
        solution_focused: yes
        ideal: yes
        points: {expert: 2, encounter: 1}
        result: {fi: Auki klo 6–21., en: Open 6 am to 9 pm.}
        effects: [looked = yes, mood += 1]
        next: answer
  answer:
    say:
      - if: looked
        text: {fi: Kiitos kun katsoit!, en: Thanks for looking!}
      - if: not looked
        text: {fi: No?, en: Well?}
    options:
      - id: tell
        reply: {fi: Auki kuudesta yhdeksään., en: Open six to nine.}
        solution_focused: yes
        ideal: yes
        points: {interaction: 2}
        next: good
      - id: next
        reply: {fi: Seuraava!, en: Next!}
        solution_focused: no
        effects: mood -= 2
        next: bad
  bad:
    ending: unresolved
    say: {fi: Asiakas lähtee., en: The customer leaves.}
  good:
    ending: resolved
    say: {fi: Asiakas kiittää., en: The customer thanks you.}
"""


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the real language setting or writes to a real home directory."""
    # Set, then removed: monkeypatch's undo then removes whatever a test's own code put there too (a command
    # run in-process sets SCENARIOS_STORE for its children; a bare delenv of an absent name records nothing).
    for name in ("SCENARIOS_LANG", "SCENARIOS_STORY_PATH", "SCENARIOS_STORE"):  # the store: the data dir's SQLite
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("SCENARIOS_DATA_DIR", str(tmp_path / "data"))
    # The word lists' index (own words) is built once per machine for every test run, not in each test.
    monkeypatch.setenv("SCENARIOS_CACHE_DIR", SHARED_CACHE)


SHARED_CACHE = os.path.join(tempfile.gettempdir(), f"scenarios-test-cache-{os.getuid()}")
"""The tests' cache folder (the lemmatizer's index of simplemma's word lists): shared by every test and
every run, outside any home directory."""


@pytest.fixture
def mini_text() -> str:
    """A small valid story with an action, a conditional line and two endings."""
    return MINI


@pytest.fixture
def write(tmp_path: Path) -> WriteStory:
    """Write a story file (dedented) and return its path."""

    def write_file(text: str | bytes, name: str = "story.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write_file
