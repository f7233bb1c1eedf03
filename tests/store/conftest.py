"""Every store test gets its own data directory, never the real one."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary `$SCENARIOS_DATA_DIR`."""
    path = tmp_path / "data"
    monkeypatch.setenv("SCENARIOS_DATA_DIR", str(path))
    return path
