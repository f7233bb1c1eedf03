"""The library reads the built-in stories, the user's folder, SCENARIOS_STORY_PATH and the settings'
folders; says where each story comes from; keeps broken files and unreachable folders visible; and
keeps an index cache that is used only when it matches exactly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios.cli.main import main
from scenarios.store import Store
from scenarios.store.folders import write_story_folders
from scenarios.story.library import Library, builtin_dir, index_path, user_dir
from tests.conftest import MINI


def story(mini_text: str, story_id: str, title: str = "A small story") -> str:
    return mini_text.replace("id: mini", f"id: {story_id}").replace("en: A small story", f"en: {title}")


def listed(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    assert main(["list", "--json", "--lang", "en"]) == 0
    return {row["id"]: row for row in json.loads(capsys.readouterr().out)}


def test_the_library_is_built_in_plus_mine_plus_story_path_plus_settings(
    capsys: pytest.CaptureFixture[str], mini_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = user_dir()
    mine.mkdir(parents=True)
    (mine / "own.yaml").write_text(story(mini_text, "own-story"), encoding="utf-8")
    team_a, team_b, shared = tmp_path / "team-a", tmp_path / "team-b", tmp_path / "shared"
    for folder, story_id in ((team_a, "team-a-story"), (team_b, "team-b-story"), (shared, "shared-story")):
        folder.mkdir()
        (folder / f"{story_id}.yml").write_text(story(mini_text, story_id), encoding="utf-8")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", os.pathsep.join([str(team_a), str(team_b)]))
    store = Store()
    write_story_folders(store, [str(shared)])
    store.close()

    rows = listed(capsys)
    assert rows["own-story"]["origin"] == "mine"
    assert rows["team-a-story"]["origin"] == "team" and rows["team-a-story"]["folder"] == str(team_a)
    assert rows["team-b-story"]["origin"] == "team"
    assert rows["shared-story"]["origin"] == "team" and rows["shared-story"]["folder"] == str(shared)
    assert rows["travel-card"]["origin"] == "built-in"
    assert main(["list", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "mine" in text and f"team folder {team_a}" in text


def test_a_broken_file_and_an_unreachable_folder_are_reported_and_hide_nothing(
    capsys: pytest.CaptureFixture[str], mini_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = user_dir()
    mine.mkdir(parents=True)
    (mine / "good.yaml").write_text(story(mini_text, "own-story"), encoding="utf-8")
    (mine / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(tmp_path / "network-drive-gone"))
    assert main(["list", "--json", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    rows = json.loads(out)
    ids = {row["id"] for row in rows if not row["broken"]}
    assert "own-story" in ids and "travel-card" in ids
    [broken, gone] = [row for row in rows if row["broken"]]
    assert broken["path"] == str(mine / "broken.yaml") and broken["origin"] == "mine"
    assert broken["problems"][0].startswith(f"{mine / 'broken.yaml'}:1:")
    assert "network-drive-gone cannot be read" in gone["problems"][0]
    # Listed with its errors where the stories are, not in a note on stderr.
    assert main(["list", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert f"{mine / 'broken.yaml'} (mine): the story does not load, 1 problem:" in out
    assert f"  {mine / 'broken.yaml'}:1:" in out and "network-drive-gone cannot be read" in out and err == ""
    library = Library.discover([])
    assert [entry.path for entry in library.broken] == [str(mine / "broken.yaml"), str(tmp_path / "network-drive-gone")]
    assert library.broken[0].diagnostics[0].format("en").startswith(str(mine / "broken.yaml") + ":")


def test_a_story_with_a_built_in_id_replaces_it_and_says_so(capsys: pytest.CaptureFixture[str], mini_text: str) -> None:
    mine = user_dir()
    mine.mkdir(parents=True)
    (mine / "travel-card.yaml").write_text(story(mini_text, "travel-card", "My own travel card"), encoding="utf-8")
    rows = listed(capsys)
    assert rows["travel-card"]["title"] == "My own travel card"
    assert rows["travel-card"]["origin"] == "mine"
    assert rows["travel-card"]["replaces_built_in"] == str(builtin_dir() / "travel-card.yaml")
    library = Library.discover([])
    travel_card = library.get("travel-card")
    assert travel_card is not None and travel_card.title["en"] == "My own travel card"
    assert sum(1 for info in library.infos if info.id == "travel-card") == 1
    origin = library.origin_of("travel-card")
    assert origin is not None and "replaces a built-in story" in origin.label("en")


def test_two_user_or_team_files_with_one_id_are_a_located_error_naming_both(
    mini_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = user_dir()
    mine.mkdir(parents=True)
    (mine / "a.yaml").write_text(story(mini_text, "same"), encoding="utf-8")
    team = tmp_path / "team"
    team.mkdir()
    (team / "b.yaml").write_text(story(mini_text, "same"), encoding="utf-8")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(team))
    library = Library.discover([])
    [broken] = library.broken
    assert broken.path == str(team / "b.yaml")
    message = broken.diagnostics[0].format("en")
    assert message.startswith(f"{team / 'b.yaml'}:1:1:") and str(mine / "a.yaml") in message
    assert library.path_of("same") == str(mine / "a.yaml")


def test_new_mine_writes_into_the_users_folder_and_the_library_has_it_at_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--lang", "en", "new", "my-first", "--channel", "phone", "--mine"]) == 0
    written = user_dir() / "my-first.yaml"
    assert written.is_file()
    assert (user_dir() / "story.schema.json").is_file(), "the modeline's schema is beside the story"
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=story.schema.json\n")
    capsys.readouterr()
    assert listed(capsys)["my-first"]["origin"] == "mine"


def test_folders_shows_adds_and_removes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["folders", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert str(builtin_dir()) in out and str(user_dir()) in out
    team = tmp_path / "team"
    team.mkdir()
    assert main(["folders", "--add", str(team), "--lang", "en"]) == 0
    assert str(team) in capsys.readouterr().out
    assert main(["list", "--folders", "--lang", "en"]) == 0
    assert f"team           {team}" in capsys.readouterr().out
    assert main(["folders", "--remove", str(team), "--lang", "en"]) == 0
    assert main(["folders", "--remove", str(team), "--lang", "en"]) == 2


def test_adding_a_team_folder_twice_says_it_is_there_already(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    assert main(["folders", "--add", str(team), "--lang", "en"]) == 0
    assert f"Added the team folder {team}." in capsys.readouterr().out
    assert main(["folders", "--add", str(team), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"The team folder {team} is already in the list." in out and "Added" not in out
    assert out.count(str(team)) == 2  # the sentence and one row of the list
    assert main(["folders", "--add", str(tmp_path / "typo"), "--lang", "en"]) == 0
    assert f"The folder {tmp_path / 'typo'} does not exist (yet)" in capsys.readouterr().err


def test_new_team_writes_into_the_team_folder_and_the_library_has_it_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--lang", "en", "new", "for-all", "--channel", "chat", "--team"]) == 2
    assert "No team folder is set. Add one once: scenarios folders --add FOLDER" in capsys.readouterr().err
    team = tmp_path / "asiakaspalvelu"
    team.mkdir()
    assert main(["folders", "--add", str(team), "--lang", "en"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "new", "for-all", "--channel", "chat", "--team"]) == 0
    written = team / "for-all.yaml"
    assert written.is_file() and (team / "story.schema.json").is_file()
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=story.schema.json\n")
    assert "scenarios help authoring" in written.read_text(encoding="utf-8")  # a guide a pip install has
    capsys.readouterr()
    assert listed(capsys)["for-all"]["origin"] == "team"
    # With two team folders, --team names one by its path or its name.
    other = tmp_path / "nuoriso"
    other.mkdir()
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(other))
    assert main(["--lang", "en", "new", "second", "--channel", "desk", "--team"]) == 2
    err = capsys.readouterr().err
    assert "There are several team folders" in err and str(team) in err and str(other) in err
    assert main(["--lang", "en", "new", "second", "--channel", "desk", "--team", "nuoriso"]) == 0
    assert (other / "second.yaml").is_file()
    assert main(["--lang", "en", "new", "third", "--channel", "desk", "--team", "elsewhere"]) == 2
    assert "'elsewhere' is not a team folder." in capsys.readouterr().err


def test_help_prints_the_guide_in_the_authors_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["help", "authoring", "--lang", "fi"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Suomeksi") and "### 1. Aloita pohjasta" in out and "## In English" not in out
    assert main(["help", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "scenarios help authoring" in out and "scenarios help format" in out
    assert main(["help", "lint", "--lang", "en"]) == 0
    assert "### SC001 · unreachable-node" in capsys.readouterr().out
    assert main(["help", "example", "--lang", "en"]) == 0
    assert "\nid: harjoitus-maaliverkko\n" in capsys.readouterr().out


def test_play_and_rehearse_find_a_story_of_a_team_folder(
    capsys: pytest.CaptureFixture[str], mini_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "t.yaml").write_text(story(mini_text, "team-story"), encoding="utf-8")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(team))
    assert main(["play", "team-story", "--choices", "2,1", "--lang", "en"]) == 0
    assert "A small story" in capsys.readouterr().out
    from scenarios.rehearsal.command import rehearse_story

    assert rehearse_story("team-story", "en") == ("team-story", [])
    assert rehearse_story(str(team / "t.yaml"), "en") == ("team-story", [team / "t.yaml"])
    assert rehearse_story("no-such-story", "en") == 2


def test_the_library_notices_a_new_or_edited_file(mini_text: str) -> None:
    mine = user_dir()
    mine.mkdir(parents=True)
    library = Library.discover([])
    assert not library.changed()
    (mine / "new.yaml").write_text(story(mini_text, "new-one"), encoding="utf-8")
    assert library.changed()
    library = library.reloaded(cache=index_path())
    assert library.path_of("new-one") is not None
    assert not library.changed()
    (mine / "new.yaml").write_text(story(mini_text, "new-one", "Edited title, longer"), encoding="utf-8")
    assert library.changed()


def test_a_story_opened_again_unchanged_is_not_parsed_again_but_an_edit_is_read(mini_text: str) -> None:
    mine = user_dir()
    mine.mkdir(parents=True)
    path = mine / "s.yaml"
    path.write_text(story(mini_text, "same-story", "First title"), encoding="utf-8")
    first = Library.discover([]).get("same-story")
    again = Library.discover([]).get("same-story")
    assert first is not None and again is first, "the same version of the file gives the same story"
    stat = path.stat()
    # the same size and mtime, other bytes: the content hash tells
    path.write_text(story(mini_text, "same-story", "Other title"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edited = Library.discover([]).get("same-story")
    assert edited is not None and edited.title["en"] == "Other title"


# --- the index cache -------------------------------------------------------------------------


def test_a_warm_cache_lists_the_library_without_parsing_yaml_or_building_models(tmp_path: Path) -> None:
    env = {**os.environ, "SCENARIOS_DATA_DIR": str(tmp_path / "data")}
    env.pop("SCENARIOS_STORY_PATH", None)
    probe = (
        "import sys\n"
        "from scenarios.story.library import Library\n"
        "library = Library.discover()\n"
        "assert len(library.infos) >= 22\n"
        "heavy = ('ruamel.yaml', 'pydantic', 'scenarios.story.model', 'scenarios.story.loader')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    cold = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert "scenarios.story.model" in cold.stdout, "the first run builds the cache"
    warm = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert warm.stdout.strip() == "[]", warm.stdout


def entries_of(cache: Path) -> dict[str, dict[str, object]]:
    """The cache's entries by file (JSON as the library writes it)."""
    entries: dict[str, dict[str, object]] = json.loads(cache.read_text(encoding="utf-8"))["files"]
    return entries


def test_a_stale_entry_is_never_trusted(mini_text: str) -> None:
    mine = user_dir()
    mine.mkdir(parents=True)
    path = mine / "s.yaml"
    path.write_text(story(mini_text, "first-id"), encoding="utf-8")
    assert Library.discover([]).path_of("first-id") is not None
    stat = path.stat()
    # the same size and mtime, other bytes: the content hash tells
    path.write_text(story(mini_text, "other-id"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    library = Library.discover([])
    assert library.path_of("other-id") == str(path) and library.path_of("first-id") is None


@pytest.mark.parametrize("damage", ["missing", "corrupt", "foreign", "other-version", "wrong-shape"])
def test_a_missing_corrupt_or_foreign_cache_is_rebuilt_silently(
    damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    Library.discover([])
    cache = index_path()
    good = cache.read_text(encoding="utf-8")
    if damage == "missing":
        cache.unlink()
    elif damage == "corrupt":
        cache.write_text(good[: len(good) // 2], encoding="utf-8")
    elif damage == "foreign":
        cache.write_text(json.dumps({"something": "else"}), encoding="utf-8")
    elif damage == "other-version":
        data = json.loads(good)
        data["version"] = "0.0.0"
        for entry in data["files"].values():
            entry["meta"] = None  # would hide every story if trusted
        cache.write_text(json.dumps(data), encoding="utf-8")
    else:
        data = json.loads(good)
        for entry in data["files"].values():
            entry["diagnostics"] = "nonsense"
        cache.write_text(json.dumps(data), encoding="utf-8")
    library = Library.discover([])
    assert len(library.infos) >= 22 and library.broken == []
    assert json.loads(cache.read_text(encoding="utf-8")) == json.loads(good)


def test_a_broken_files_diagnostics_come_from_the_cache_the_same(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "stories" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text("id: x\nnodes: [\n", encoding="utf-8")
    assert main(["--lang", "en", "validate", str(broken)]) == 1
    first = capsys.readouterr().out
    assert str(broken) in entries_of(index_path())
    assert main(["--lang", "en", "validate", str(broken)]) == 1
    assert capsys.readouterr().out == first


def test_two_processes_rebuilding_at_once_leave_a_whole_cache(tmp_path: Path) -> None:
    env = {**os.environ, "SCENARIOS_DATA_DIR": str(tmp_path / "data")}
    env.pop("SCENARIOS_STORY_PATH", None)
    probe = "from scenarios.story.library import Library\nfor _ in range(3):\n    Library.discover([], cache=True)\n"
    runs = [subprocess.Popen([sys.executable, "-c", probe], env=env) for _ in range(3)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0]
    cache = tmp_path / "data" / "library-index.json"
    assert len(json.loads(cache.read_text(encoding="utf-8"))["files"]) >= 22
    assert [p.name for p in cache.parent.iterdir() if p.name.startswith(".library-index-")] == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(MINI)), junk=st.sampled_from(["", ":", "  - x\n", "\t", "[", "é"]))
def test_the_cache_never_changes_the_answer(tmp_path_factory: pytest.TempPathFactory, cut: int, junk: str) -> None:
    """Whatever a file holds, the library read through a warm cache equals one read without it."""
    folder = tmp_path_factory.mktemp("cached")
    path = folder / "story.yaml"
    path.write_text(MINI[:cut] + junk + MINI[cut:], encoding="utf-8")
    cache = folder / "index.json"

    def seen(library: Library) -> tuple[object, ...]:
        return (
            [(info.id, info.title, info.origin) for info in library.infos],
            [(p, [d.format("en") for d in diagnostics]) for p, diagnostics in library.diagnostics()],
        )

    fresh = seen(Library.load([folder]))
    assert seen(Library.load([folder], cache=cache)) == fresh  # cold: builds the cache
    assert seen(Library.load([folder], cache=cache)) == fresh  # warm: read from it
