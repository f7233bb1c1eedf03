"""What a story folder may hold (issue #29): story files, and links that stay inside the folder. A link out
of the folder is named and never read, and a file that is not a story shows nothing of itself, in the
command line, the library and the app's library panel (which `scenarios serve` shows in browsers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.story.library import Library, StoryFolder
from tests.conftest import MINI

SECRET = "db_password: hunter2"


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team folder beside a private one: a link to a password file, a link to a story outside, a link to a
    story inside, a link loop, a link to a device and a configuration file put there by mistake."""
    private, team = tmp_path / "private", tmp_path / "team"
    private.mkdir()
    team.mkdir()
    (private / "config.yaml").write_text(f"db_host: x\n{SECRET}\n", encoding="utf-8")
    (private / "outside.yaml").write_text(MINI.replace("id: mini", "id: outside"), encoding="utf-8")
    (team / "stories").mkdir()
    (team / "stories" / "inside.yaml").write_text(MINI.replace("id: mini", "id: inside"), encoding="utf-8")
    (team / "secrets.yaml").symlink_to(private / "config.yaml")
    (team / "outside.yaml").symlink_to(Path("..") / "private" / "outside.yaml")
    (team / "alias.yml").symlink_to(Path("stories") / "inside.yaml")
    (team / "loop.yaml").symlink_to("loop.yaml")
    (team / "zero.yaml").symlink_to("/dev/zero")
    (team / "settings.yaml").write_text(f"{SECRET}\n", encoding="utf-8")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(team))
    return team


def test_links_out_of_the_folder_are_named_and_never_read(team: Path, tmp_path: Path) -> None:
    library = Library.scan([StoryFolder(team, "team")])
    problems = {Path(path).name: [d.code for d in diagnostics] for path, diagnostics in library.diagnostics()}
    assert problems["secrets.yaml"] == ["link_outside"] and problems["outside.yaml"] == ["link_outside"]
    assert problems["settings.yaml"] == ["not_a_story"]
    assert "zero.yaml" not in problems and "loop.yaml" not in problems  # not files: passed over
    assert library.get("outside") is None
    # A link inside the folder is read: here it is the same story twice, so the second is a duplicate.
    assert library.get("inside") is not None and problems["inside.yaml"] == ["duplicate_story_id"]


@pytest.mark.parametrize("command", [["validate"], ["lint"], ["test"]])
def test_the_authors_commands_show_nothing_of_a_file_that_is_not_a_story(
    command: list[str], team: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lang", "en", *command, str(team)]) == 1
    out = capsys.readouterr()
    shown = out.out + out.err
    assert "hunter2" not in shown and "db_host" not in shown and "Traceback" not in shown
    assert "secrets.yaml:1:1: This is a link to somewhere outside the story folder" in shown


def test_list_and_folders_show_nothing_of_them(team: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["list"], ["list", "--json"], ["folders"]):
        main(["--lang", "en", *command])
        out = capsys.readouterr()
        assert "hunter2" not in out.out + out.err
