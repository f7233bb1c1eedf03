"""The command line as a user and a script see it: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.store import Store
from tests.support import WriteStory, numbers_for, story_at


@pytest.fixture
def story_file(write: WriteStory, mini_text: str) -> Path:
    return write(mini_text, "mini.yaml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_play_with_choices_prints_scene_verdict_feedback_ideal_and_debrief(
    capsys: pytest.CaptureFixture[str], story_file: Path
) -> None:
    # seed 0 with --choices: the order is fixed, so scripts are stable
    code, out, _ = run(capsys, "play", str(story_file), "--plain", "--choices", "1,1", "--lang", "en")
    assert code == 0
    assert out.startswith("A small story\n") and "==" not in out
    assert "Customer: Hi! When is the swimming hall open?" in out
    assert "(Smiles.)" in out
    assert "What do you say or do?" in out and "  1. [" in out and "  2. [" in out
    assert "Verdict: " in out
    assert "\nDebrief\n" in out
    assert "Solution focus: " in out and "Customer encounter: " in out
    assert "What did I learn that was new to me?" in out


def test_play_is_finnish_by_default(capsys: pytest.CaptureFixture[str], story_file: Path) -> None:
    code, out, _ = run(capsys, "play", str(story_file), "--choices", "1,1,1")
    assert code == 0
    assert "Asiakas: Hei! Milloin uimahalli on auki?" in out
    assert "Mitä sanot tai teet?" in out and "Yhteenveto" in out and "Mitä uutta oivalsin?" in out


def test_play_json_prints_only_the_debrief_on_stdout(capsys: pytest.CaptureFixture[str], story_file: Path) -> None:
    code, out, err = run(capsys, "play", str(story_file), "--choices", "1,1,1", "--json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert {"story", "ending", "outcome", "decisions", "scores"} <= set(data)
    assert data["story"] == "mini"
    assert all({"node", "chosen", "ideal", "solution_focused"} <= set(d) for d in data["decisions"])
    assert "A small story\n" in err


def test_the_ideal_choices_reach_the_resolved_ending(capsys: pytest.CaptureFixture[str], story_file: Path) -> None:
    from scenarios.engine import Playthrough

    play = Playthrough(story_at(story_file), seed=0)
    numbers: list[int] = []
    while not play.is_over:
        number = play.ideal_choice()
        assert number is not None
        numbers.append(number)
        play.choose(number)
    _, out, _ = run(capsys, "play", str(story_file), "--choices", ",".join(map(str, numbers)), "--json")
    data = json.loads(out)
    assert data["outcome"] == "resolved"
    assert all(d["solution_focused"] and d["is_ideal"] for d in data["decisions"])


def test_a_choice_that_is_not_on_offer_is_a_usage_error(capsys: pytest.CaptureFixture[str], story_file: Path) -> None:
    code, _, err = run(capsys, "play", str(story_file), "--choices", "7", "--lang", "en")
    assert code == 2
    assert "there is no option 7 at decision 1 (choose 1–2)" in err


def test_choices_that_are_not_numbers(capsys: pytest.CaptureFixture[str], story_file: Path) -> None:
    code, _, err = run(capsys, "play", str(story_file), "--choices", "one,two")
    assert code == 2 and "--choices" in err


def test_an_unknown_story_suggests_the_closest_id(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mini_text: str
) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "mini.yaml").write_text(mini_text, encoding="utf-8")
    monkeypatch.setattr("scenarios.story.library.builtin_dir", lambda: library)
    code, _, err = run(capsys, "play", "minni", "--lang", "en")
    assert code == 2
    assert "No story called 'minni'" in err and "Did you mean 'mini'?" in err


def test_a_broken_story_file_shows_its_problems_not_a_traceback(
    capsys: pytest.CaptureFixture[str], write: WriteStory, mini_text: str
) -> None:
    path = write(mini_text.replace("next: good", "next: godo"), "broken.yaml")
    code, _, err = run(capsys, "play", str(path), "--lang", "en")
    assert code == 1
    assert "broken.yaml:" in err and "There is no node called 'godo'" in err
    assert "Traceback" not in err


def test_validate_exit_codes(
    capsys: pytest.CaptureFixture[str], write: WriteStory, mini_text: str, tmp_path: Path
) -> None:
    good = write(mini_text, "good.yaml")
    code, out, _ = run(capsys, "validate", str(good), "--lang", "en")
    assert code == 0 and "all valid" in out
    bad = write(mini_text.replace("channel: desk", "channel: fax"), "bad.yaml")
    code, out, _ = run(capsys, "validate", str(tmp_path), "--lang", "en")
    assert code == 1
    assert f"{bad}:5:10: 'fax' is not allowed here" in out
    assert "Files checked: 2; valid: 1, with errors: 1 (problems: 1)." in out
    code, _, err = run(capsys, "validate", str(tmp_path / "missing.yaml"), "--lang", "en")
    assert code == 2 and "No such path" in err
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2


def test_validate_reports_the_same_id_in_two_files(
    capsys: pytest.CaptureFixture[str], write: WriteStory, mini_text: str, tmp_path: Path
) -> None:
    write(mini_text, "a.yaml")
    write(mini_text, "b.yaml")
    code, out, _ = run(capsys, "validate", str(tmp_path), "--lang", "en")
    assert code == 1
    assert "b.yaml:1:1: The story id 'mini' is already used in" in out and "a.yaml" in out


def test_list_shows_the_library_and_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, write: WriteStory, mini_text: str
) -> None:
    write(mini_text, "mini.yaml")
    write("id: [broken\n", "broken.yaml")
    code, out, err = run(capsys, "list", str(tmp_path), "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].startswith("mini  A small story")
    assert "front desk · young adult · Solution focus (ch. 4)" in out
    assert f"{tmp_path / 'broken.yaml'} (" in out and "the story does not load, 1 problem:" in out and err == ""
    code, out, _ = run(capsys, "list", str(tmp_path), "--json")
    [row, broken] = json.loads(out)
    assert broken["broken"] and broken["id"] is None and broken["path"] == str(tmp_path / "broken.yaml")
    assert row == row | {
        "id": "mini",
        "title": "Pieni tarina",
        "channel": "desk",
        "customer": "young-adult",
        "theme": "solution-focus",
    }


def test_plain_mode_reads_numbers_from_a_pipe_and_rejects_nonsense(story_file: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "scenarios", "play", str(story_file), "--plain", "--lang", "en", "--seed", "0"],
        input="x\n9\n1\n1\n1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Type a number from 1 to 2. Ctrl-D ends (the story stays unfinished)." in completed.stdout
    assert "\nDebrief\n" in completed.stdout


def test_input_that_ends_early_is_a_clear_error(story_file: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "scenarios", "play", str(story_file), "--plain", "--lang", "en"],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert "Input ended before the story did.\n" in completed.stderr  # no internal node names
    assert "Traceback" not in completed.stderr
    # Nothing was chosen: nothing is offered again (as in the app), and nothing promises it.
    assert "offers to continue it" not in completed.stderr
    assert Store().interrupted() == []
    (check,) = numbers_for(story_at(story_file), ["check"], seed=1)  # an action that stays at the decision
    after_one = subprocess.run(
        [sys.executable, "-m", "scenarios", "play", str(story_file), "--plain", "--lang", "en", "--seed", "1"],
        input=f"{check}\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "offers to continue it" in after_one.stderr
    assert [record.decisions for record in Store().interrupted()] == [1]


def test_line_mode_keeps_progress_unless_told_not_to(capsys: pytest.CaptureFixture[str], story_file: Path) -> None:
    check_then_tell = ",".join(map(str, numbers_for(story_at(story_file), ["check", "tell"])))
    code, _, _ = run(capsys, "play", str(story_file), "--choices", check_then_tell, "--lang", "en")
    assert code == 0
    (record,) = Store().history()
    assert (record.story_id, record.mode, record.decisions, record.outcome) == ("mini", "practice", 2, "resolved")
    code, _, _ = run(capsys, "play", str(story_file), "--choices", check_then_tell, "--no-save")
    assert code == 0 and len(Store().history()) == 1


def test_the_prompt_fits_the_options_and_the_nodes_medium(
    capsys: pytest.CaptureFixture[str], write: WriteStory, mini_text: str
) -> None:
    staged = mini_text.replace("  start:\n", "  start:\n    medium: phone\n", 1)
    staged = staged.replace("      - id: check\n        action:", "      - id: check\n        reply:")
    code, out, _ = run(capsys, "play", str(write(staged, "staged.yaml")), "--choices", "1,1", "--lang", "en")
    assert code == 0 and "What do you say on the phone?" in out


def test_a_story_without_the_chosen_language_keeps_the_apps_words_in_it(
    capsys: pytest.CaptureFixture[str], write: WriteStory, mini_text: str
) -> None:
    text = re.sub(r"\{fi: ([^{}]*?), en: [^{}]*\}", r"\1", mini_text.replace("languages: [fi, en]", "languages: [fi]"))
    finnish_only = write(text, "fi.yaml")
    code, out, _ = run(capsys, "play", str(finnish_only), "--choices", "2,1", "--lang", "en")
    assert code == 0
    assert "Hei! Milloin uimahalli on auki?" in out  # the story's own text, in Finnish
    assert "Customer: Hei!" in out and "Verdict:" in out and "Asiakas:" not in out  # the app's words in English


def test_help_follows_a_leading_lang(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "fi", "--help"])
    assert exit_.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("käyttö: scenarios")
    assert "listaa kirjaston tarinat" in shown and "näytä tämä ohje ja lopeta" in shown
    assert "list the stories" not in shown and "options:" not in shown


def test_subcommand_help_follows_scenarios_lang(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENARIOS_LANG", "fi")
    for command in (["list"], ["rehearse"], ["records", "export"], ["new"]):
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        shown = capsys.readouterr().out
        assert "valitsimet:" in shown and "näytä tämä ohje ja lopeta" in shown, command
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    assert "tulosta lista JSON-muodossa" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "play", "--help"])  # the flag wins over the environment
    shown = capsys.readouterr().out
    assert "line-by-line mode" in shown and shown.startswith("usage: scenarios play")


@pytest.mark.parametrize(
    ("argv", "finnish", "english"),
    [
        (["validate"], "scenarios validate: nämä puuttuvat: paths", "the following arguments are required: paths"),
        (["list", "--bogus"], "scenarios: tuntemattomat argumentit: --bogus", "unrecognized arguments: --bogus"),
        (["play", "x", "--seed", "abc"], "scenarios play: --seed: 'abc' ei ole luku", "--seed: 'abc' is not a number"),
        (["list", "--lang", "de"], "--lang: 'de' ei käy (vaihtoehdot: 'fi', 'en', 'sv')", "invalid choice: 'de'"),
    ],
)
def test_a_usage_error_is_told_in_the_users_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], finnish: str, english: str
) -> None:
    for language, expected in (("fi", finnish), ("en", english)):
        with pytest.raises(SystemExit) as exit_:
            main(["--lang", language, *argv])
        assert exit_.value.code == 2
        shown = capsys.readouterr().err
        assert expected in shown, shown
        assert shown.startswith("käyttö: scenarios" if language == "fi" else "usage: scenarios")
        if language == "fi":
            assert not any(word in shown for word in ("required", "unrecognized", "invalid", "choose")), shown


def test_the_help_runs_as_a_command_in_finnish() -> None:
    env = {**os.environ, "SCENARIOS_LANG": "fi"}
    done = subprocess.run(
        [sys.executable, "-m", "scenarios", "list", "--help"], capture_output=True, text=True, env=env, check=True
    )
    assert "tulosta lista JSON-muodossa" in done.stdout


def test_plain_mode_never_breaks_a_line_inside_an_amount_or_a_phone_number(
    capsys: pytest.CaptureFixture[str], write: WriteStory, mini_text: str
) -> None:
    # Wherever the amount falls on the line, "140 €" and "040 123 4567" stay whole.
    for lead in range(50, 78):
        said = f"{'x' * lead} maksu on 140 € ja numero 040 123 4567, klo 16 asti."
        story = write(mini_text.replace("Hei! Milloin uimahalli on auki?", f"'{said}'"), f"wrap{lead}.yaml")
        code, out, _ = run(capsys, "play", str(story), "--plain", "--choices", "1,1", "--no-save")
        assert code == 0
        lines = out.splitlines()
        assert not any(line.endswith(("140", "040", "123", "klo")) for line in lines), lead
        assert "140 €" in out and "040 123 4567" in out and "klo 16" in out


def test_a_story_of_chapter_11_is_shown_with_its_chapter(
    capsys: pytest.CaptureFixture[str], write: WriteStory, mini_text: str
) -> None:
    path = write(mini_text.replace("theme: solution-focus", "theme: target-state"), "target.yaml")
    code, out, _ = run(capsys, "play", str(path), "--plain", "--choices", "1,1", "--lang", "en", "--no-save")
    assert code == 0
    assert "Theme: Today's service and the target state (ch. 11)" in " ".join(out.split())  # wrapped
    code, out, _ = run(capsys, "play", str(path), "--plain", "--choices", "1,1", "--lang", "fi", "--no-save")
    assert "Teema: Nykytila ja tavoitetila (luku 11)" in " ".join(out.split())


def test_choices_that_run_out_end_the_script_instead_of_waiting_for_input(
    capsys: pytest.CaptureFixture[str], story_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal:
        """A terminal nobody types into: reading it would wait for ever."""

        def isatty(self) -> bool:
            return True

        def readline(self) -> str:
            raise AssertionError("a script read the terminal")

    monkeypatch.setattr(sys, "stdin", Terminal())
    (check,) = numbers_for(story_at(story_file), ["check"])  # on to a second decision
    code, _, err = run(capsys, "play", str(story_file), "--choices", str(check), "--lang", "en")
    assert code == 2
    assert "--choices ran out before the story did: no number for decision 2 (1–2)." in err
    assert "The story is kept unfinished: the app (scenarios) offers to continue it." in err


def test_list_in_an_80_column_terminal_wraps_between_words_and_in_a_pipe_not_at_all(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    _, piped, _ = run(capsys, "list", "--lang", "fi")
    assert max(len(line) for line in piped.splitlines()) > 80  # a pipe gets each line whole
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code, out, _ = run(capsys, "list", "--lang", "fi")
    lines = out.splitlines()
    assert code == 0 and max(len(line) for line in lines) <= 80
    words = {word for line in piped.splitlines() for word in line.split()}
    assert {word for line in lines for word in line.split()} <= words  # no word was cut in two
    assert lines[1].startswith(" " * 10) and lines[2].startswith(" " * 10)  # the details under the title


def test_a_line_mode_story_moved_to_another_window_is_saved_no_more_and_says_so(story_file: Path) -> None:
    import io

    from scenarios.cli.plain import PlainPlayer, PlainProgress
    from scenarios.engine import Playthrough
    from scenarios.trainer.session import Trainer

    story = story_at(story_file)
    check, tell = numbers_for(story, ["check", "tell"], seed=1)
    typed = [str(check)]

    def ask(prompt: str) -> str:
        if not typed:  # at the second decision: the trainee moves the story to the app, and pauses it there
            app = Trainer(Store())
            [waiting] = app.waiting()
            app.resume(waiting, story, take_over=True).leave()
            return str(tell)
        return typed.pop()

    err = io.StringIO()
    PlainPlayer(story, "en", io.StringIO()).play(
        Playthrough(story, seed=1), iter(()), ask, PlainProgress(story, "en", err)
    )
    assert "opened in another window meanwhile, so your choice here was not saved" in err.getvalue()
    [record] = Store().interrupted()  # where the app paused it: the line mode's last choice is not kept
    assert (record.decisions, record.owner, Store().history()) == (1, None, [])
