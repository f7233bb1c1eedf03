"""The data directory is private: the store (with the LRS secret in its settings), its WAL and shared-memory
files, the exports and the secrets are their owner's only, whatever the umask and whoever made the folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.serve.guard import SECRET_FILE, load_secret
from scenarios.store import Store, data_dir, exports_dir

SECRET = "lrs-secret-hunter2"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The usual umask, and none at all (every file would be made world-writable)."""
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def with_the_lrs_secret(path: Path | None = None) -> Store:
    store = Store(path)
    store.write_setting("records", {"url": "https://lrs.example.org/xAPI/", "key": "k", "secret": SECRET})
    return store


def test_a_new_data_directory_and_everything_in_it_are_the_owners_only(umask: int, data_dir: Path) -> None:
    store = with_the_lrs_secret()
    wal, shm = data_dir / "scenarios.sqlite3-wal", data_dir / "scenarios.sqlite3-shm"
    assert wal.exists() and shm.exists()  # while the store is open
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "scenarios.sqlite3") == mode(wal) == mode(shm) == 0o600
    store.close()
    load_secret(data_dir)
    assert mode(data_dir / SECRET_FILE) == 0o600
    assert mode(exports_dir()) == 0o700


def test_an_export_into_the_exports_folder_is_the_owners_only(
    umask: int, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scenarios.rehearsal import Session
    from scenarios.rehearsal.story_records import StoryRecords
    from scenarios.story.library import Library

    library = Library.discover()
    story = library.get(library.infos[0].id)
    assert story is not None
    session_id = StoryRecords(Store()).start(Session.new([story]))
    assert main(["--lang", "en", "rehearse", "--export", str(session_id), "--format", "csv"]) == 0
    (written,) = exports_dir().iterdir()
    assert mode(written) == 0o600, capsys.readouterr()


def test_a_store_left_readable_by_an_earlier_version_is_made_private_when_opened(data_dir: Path) -> None:
    with_the_lrs_secret().close()
    store_file = data_dir / "scenarios.sqlite3"
    store_file.chmod(0o644)
    (data_dir / SECRET_FILE).write_bytes(os.urandom(32))
    (data_dir / SECRET_FILE).chmod(0o644)
    store = Store()
    assert mode(store_file) == 0o600 and mode(data_dir / "scenarios.sqlite3-wal") == 0o600
    store.close()
    load_secret(data_dir)
    assert mode(data_dir / SECRET_FILE) == 0o600


@pytest.fixture
def shared_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data directory an administrator made for everyone to reach (0755, outside the tests' private tmp)."""
    folder = Path(tempfile.mkdtemp(prefix="scenarios-safety-shared-"))
    folder.chmod(0o755)
    monkeypatch.setenv("SCENARIOS_DATA_DIR", str(folder))
    yield folder
    shutil.rmtree(folder)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to run as another user")
def test_another_local_user_cannot_read_the_lrs_secret_from_a_folder_made_by_someone_else(
    umask: int, shared_folder: Path
) -> None:
    store = with_the_lrs_secret()
    store.close()
    assert data_dir() == shared_folder and mode(shared_folder) == 0o755  # their folder: left as they made it
    cat = shutil.which("cat")
    assert cat is not None
    ran = subprocess.run(
        [cat, str(shared_folder / "scenarios.sqlite3")],
        user=65534,  # nobody
        group=65534,
        extra_groups=[],
        capture_output=True,
        cwd="/",
        timeout=30,
    )
    assert ran.returncode != 0 and b"Permission denied" in ran.stderr
    assert SECRET.encode() not in ran.stdout
