"""A real Ralph LRS for the records tests (made once per machine, started once per run)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.records.ralph import Ralph, RalphUnavailable, ensure_venv


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    """A running Ralph with a file-system backend; skips when Ralph cannot be installed (offline)."""
    try:
        python = ensure_venv()
    except RalphUnavailable as error:
        pytest.skip(f"Ralph LRS not available: {error}")
    server = Ralph(python, Path(tmp_path_factory.mktemp("ralph")))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def running_ralph(ralph: Ralph) -> Ralph:
    """Ralph, started again if an earlier test stopped it."""
    if ralph.process is None:
        ralph.start()
    return ralph


# The app's deterministic factory, for playing through the app here (async tests run by tests/conftest.py).
from tests.tui.conftest import _fixed_timezone, make_app  # noqa: E402

__all__ = ["_fixed_timezone", "make_app"]
