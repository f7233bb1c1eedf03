"""Writing output files: whole or not at all, never over a file unasked, with the permissions they should have."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.output import OutputError, write_output
from scenarios.store import Store
from scenarios.story.loader import load_file
from tests.records.test_outbox import play_and_save
from tests.support import WriteStory

# Runs inside a user and mount namespace of its own (`unshare -rm`): a 64 KiB tmpfs at DISK, filled up,
# so the write meets a really full disk (ENOSPC), as the repro did.
ON_A_FULL_DISK = """
import io, json, os, subprocess, sys
from contextlib import redirect_stderr
from pathlib import Path

disk = Path(sys.argv[1])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], check=True)
old = disk / "records.jsonl"
old.write_text("the trainer's last export\\n", encoding="utf-8")
try:
    with open(disk / "filler", "wb", buffering=0) as filler:
        while True:
            filler.write(b"x" * 1024)
except OSError:
    pass
from scenarios.cli.main import main

err = io.StringIO()
with redirect_stderr(err):
    code = main(["--lang", "en", "records", "export", "-o", str(old), "--force"])
print(json.dumps({"code": code, "err": err.getvalue(), "old": old.read_text(encoding="utf-8"),
                  "files": sorted(p.name for p in disk.iterdir())}))
"""


def can_unshare() -> bool:
    unshare = shutil.which("unshare")
    return unshare is not None and subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not can_unshare(), reason="needs unshare -rm (util-linux, user namespaces) to mount a full disk")
def test_a_forced_export_onto_a_full_disk_leaves_the_old_file_whole(
    tmp_path: Path, write: WriteStory, mini_text: str
) -> None:
    story = load_file(write(mini_text)).story
    assert story is not None
    store = Store()
    for _ in range(20):  # more statements than the disk has room for
        play_and_save(store, story, ["check", "tell"])
    store.close()
    disk = tmp_path / "disk"
    disk.mkdir()
    ran = subprocess.run(
        ["unshare", "-rm", sys.executable, "-c", ON_A_FULL_DISK, str(disk)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout)
    assert result["code"] == 1 and "the disk is full" in result["err"]
    assert result["old"] == "the trainer's last export\n"  # not 8,192 bytes of the new one
    assert result["files"] == ["filler", "records.jsonl"]  # no temporary file left


def test_a_forced_write_keeps_the_replaced_files_permissions_and_private_ones_are_the_owners(tmp_path: Path) -> None:
    shared = tmp_path / "team.csv"
    shared.write_text("old", encoding="utf-8")
    shared.chmod(0o664)
    write_output(shared, "new", force=True)
    assert shared.read_text(encoding="utf-8") == "new" and shared.stat().st_mode & 0o777 == 0o664
    before = os.umask(0)
    try:
        write_output(tmp_path / "export.md", "x", private=True)
    finally:
        os.umask(before)
    assert (tmp_path / "export.md").stat().st_mode & 0o777 == 0o600


def test_a_forced_write_through_a_link_replaces_the_linked_file_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(OutputError) as refused:
        write_output(link, "new")
    assert refused.value.key == "output.exists"
    write_output(link, "new", force=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]
