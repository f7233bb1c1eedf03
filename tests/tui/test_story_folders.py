"""The app's library, palette and rehearsal setup include the user's and the team's stories, say where
each comes from, and notice a story folder changing without a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, SelectionList

from scenarios.story.library import user_dir
from scenarios.tui.app import ScenariosApp
from scenarios.tui.rehearse.setup import RehearseSetupScreen
from scenarios.tui.screens.library import LibraryScreen
from tests.conftest import MINI
from tests.tui.conftest import SIZE
from tests.tui.helpers import AppPilot, MakeApp, play_screen, screen_text, until, until_screen


def write_story(folder: Path, story_id: str, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{story_id}.yaml"
    text = MINI.replace("id: mini", f"id: {story_id}").replace("en: A small story", f"en: {title}")
    path.write_text(text, encoding="utf-8")
    return path


async def search(app: ScenariosApp, pilot: AppPilot, query: str) -> str:
    """Type `query` into the library's search; what the screen shows once the list is searched."""
    await until(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.is_mounted, "the library")
    library = app.screen
    assert isinstance(library, LibraryScreen)
    library.query_one("#search", Input).value = query
    await until(pilot, lambda: library.query_text == query, "the list to be searched")
    return screen_text(app)


async def test_the_library_shows_my_and_the_teams_stories_with_their_origin(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_story(user_dir(), "my-story", "My own story")
    team = tmp_path / "team"
    write_story(team, "team-story", "The team's story")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(team))
    app = make_app(language="en", paths=None)
    async with app.run_test(size=SIZE) as pilot:
        text = await search(app, pilot, "My own story")
        assert "My own story" in text and "mine" in text
        text = await search(app, pilot, "team's story")
        assert "The team's story" in text and f"team folder {team}" in text
        assert "From: team folder" in text, "the card says where the story comes from"
        text = await search(app, pilot, "wristband")
        assert "From: built-in" in text


async def test_a_new_file_appears_without_a_restart_and_ctrl_r_reloads(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test looks at the folders itself, when the app's timer would: a look of the timer's own, on a slow
    # machine two seconds or more after the second file was written, would show it before Ctrl+R.
    monkeypatch.setattr("scenarios.tui.app.LIBRARY_POLL", 3600.0)
    app = make_app(language="en", paths=None)
    async with app.run_test(size=SIZE) as pilot:
        assert "Written just now" not in await search(app, pilot, "Written just now")
        write_story(user_dir(), "fresh", "Written just now")
        app.check_library()  # what the app's timer calls every two seconds
        await until(pilot, lambda: "Written just now" in screen_text(app), "the new story in the list")
        write_story(user_dir(), "fresher", "Written a moment later")
        assert "Written a moment later" not in await search(app, pilot, "a moment later")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "Written a moment later" in screen_text(app), "the reloaded list")


async def test_the_rehearsal_setup_and_the_palette_offer_every_library_story(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = tmp_path / "team"
    write_story(team, "team-story", "The team's story")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(team))
    app = make_app(language="en", paths=None)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        app.action_rehearse()
        await until_screen(pilot, RehearseSetupScreen, "the rehearsal setup")
        plan = app.screen.query_one("#plan", SelectionList)
        labels = {
            str(plan.get_option_at_index(i).value): str(plan.get_option_at_index(i).prompt)
            for i in range(plan.option_count)
        }
        assert "team-story" in labels and "travel-card" in labels
        assert "team folder" in labels["team-story"]
        from scenarios.tui.commands import MainCommands

        provider = MainCommands(app.screen)
        helps = [help_text for name, help_text, _ in provider.commands() if "team's story" in name]
        assert helps == [f"team-story · team folder {team}"]


async def test_rehearse_a_story_file_ticks_it_in_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarios.tui.rehearse.app import create_rehearsal_app

    path = write_story(tmp_path / "drafts", "draft-story", "A draft for the team")
    app = create_rehearsal_app(language="en", extra=[path], preselect="draft-story", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the rehearsal setup")
        plan = app.screen.query_one("#plan", SelectionList)
        assert plan.selected == ["draft-story"]
        assert app.library.path_of("travel-card") is not None, "the rest of the library is offered too"


async def test_an_interrupted_playthrough_of_a_team_story_resumes_and_one_gone_is_kept(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scenarios.engine import Playthrough, to_json
    from scenarios.store import Store
    from scenarios.story.library import Library
    from scenarios.tui.screens.play import PlayScreen
    from scenarios.tui.screens.resume import ResumeScreen

    team = tmp_path / "team"
    path = write_story(team, "team-story", "The team's story")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(team))
    story = Library.discover([]).get("team-story")
    assert story is not None
    play = Playthrough(story, seed=1)
    store = Store()
    record_id = store.start(story.id, "The team's story", "en", "practice", to_json(play))
    play.choose_option("check")
    store.autosave(record_id, to_json(play), decisions=1, solution_focused=1, ideal=1)
    store.close()

    app = make_app(language="en", paths=None)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to continue")
        assert isinstance(app.screen, ResumeScreen) and app.screen.kind == "waiting"
        await pilot.press("enter")
        await until_screen(pilot, PlayScreen, "the resumed playthrough")
        assert [r.option_id for r in play_screen(app).session.play.history] == ["check"]

    path.unlink()  # the team removed the file (or the network folder is gone)
    app = make_app(language="en", paths=None)
    async with app.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to keep or forget it")
        assert isinstance(app.screen, ResumeScreen) and app.screen.kind == "missing"
        assert "not in the library now" in screen_text(app)
        await pilot.press("enter")
        await until_screen(pilot, LibraryScreen, "the library")
    assert [r.story_id for r in Store().interrupted()] == ["team-story"]


async def test_the_library_panel_shows_nothing_of_a_file_a_team_folder_links_to(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private, team = tmp_path / "private", tmp_path / "team"
    private.mkdir()
    (private / "config.yaml").write_text("db_host: x\ndb_password: hunter2\n", encoding="utf-8")
    write_story(team, "team-story", "The team's story")
    (team / "secrets.yaml").symlink_to(private / "config.yaml")
    (team / "notes.yaml").write_text("db_password: hunter2\n", encoding="utf-8")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(team))
    app = make_app(language="en", paths=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        app.screen.query_one("#search", Input).value = "secrets.yaml"
        await until(pilot, lambda: "outside the story folder" in screen_text(app), "the link's problem")
        assert "hunter2" not in screen_text(app)
        app.screen.query_one("#search", Input).value = "notes.yaml"
        await until(pilot, lambda: "This file is not a story" in screen_text(app), "the file's problem")
        assert "hunter2" not in screen_text(app)


async def test_a_team_story_says_its_folder_in_its_row_and_a_search_for_the_team_finds_it(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = tmp_path / "a-long-path-to-the-network-drive" / "yhteiset" / "asiakaspalvelu-tarinat"
    write_story(team, "team-story", "The team's story")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(team))
    app = make_app(language="fi", paths=None)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Pieni tarina" not in await search(app, pilot, "ihan muuta")
        assert "Pieni tarina" in await search(app, pilot, "tiimi")  # its origin is searched too
        options = app.screen.query_one("#stories", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        row = next(prompt for prompt in prompts if prompt.startswith("Pieni tarina")).splitlines()[1]
        label = "tiimin kansio asiakaspalvelu-tarinat"
        assert label in row and str(team) not in row  # the folder by its name, not its whole path
        assert len(row[: row.index(label) + len(label)]) <= options.scrollable_content_region.width  # not cut off


async def test_the_story_ticked_for_a_rehearsal_is_in_view(tmp_path: Path) -> None:
    from scenarios.tui.rehearse.app import create_rehearsal_app

    path = write_story(tmp_path / "drafts", "zz-last-story", "A draft for the team")
    app = create_rehearsal_app(language="en", extra=[path], preselect="zz-last-story", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_screen(pilot, RehearseSetupScreen, "the rehearsal setup")
        plan = app.screen.query_one("#plan", SelectionList)
        index = plan.get_option_index("zz-last-story")
        assert index > 20, "the ticked story is far down the list"
        await until(pilot, lambda: plan.scroll_y > 0, "the list scrolled to the ticked story")
        assert plan.highlighted == index
        assert plan.scroll_y <= index < plan.scroll_y + plan.scrollable_content_region.height
        assert plan.region.y < app.screen.region.bottom  # the list itself is on the screen
