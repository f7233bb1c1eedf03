"""Line mode: `scenarios review --plain` offers the day's review (the clock moved with SCENARIOS_CLOCK_SHIFT, as a
trainee tries it), `scenarios review --lessons` lists the trainee's lessons; both in a pipe, as a screen reader
user would run them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.store import Store
from scenarios.store.answers import answers_of, reviews
from scenarios.store.clock import shift
from tests.mastery.stories import TEXTS
from tests.support import numbers_for, story_of


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The three stories in a folder of the library (as a team folder would hold them)."""
    stories = tmp_path / "stories"
    stories.mkdir()
    for number, text in enumerate(TEXTS):
        (stories / f"story{number}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(stories))
    monkeypatch.delenv("SCENARIOS_CLOCK_SHIFT", raising=False)
    return stories


def play_three(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The desk story with an unchecked promise and jargon, the phone call with 'it was nothing', the email
    right: as `play --choices` takes them."""
    desk, phone, email = (story_of(text) for text in TEXTS)
    for index, (story, options) in enumerate(
        ((desk, ["promise", "jargon"]), (phone, ["tell", "nothing"]), (email, ["steps"]))
    ):
        numbers = ",".join(str(n) for n in numbers_for(story, options))
        assert main(["--lang", "en", "play", str(folder / f"story{index}.yaml"), "--choices", numbers]) == 0
    capsys.readouterr()


def review(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, answers: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    main(["--lang", "en", "review", "--plain", "--seed", "4"])
    return capsys.readouterr().out


def test_after_three_stories_the_next_day_offers_a_review_of_the_missed_decisions_in_line_mode(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    play_three(folder, capsys)
    today = review(capsys, monkeypatch, "")
    assert "earlier miss" not in today  # nothing is due on the day of the misses
    monkeypatch.setenv("SCENARIOS_CLOCK_SHIFT", "1d")
    assert shift() == 86400
    out = review(capsys, monkeypatch, "1\n" * 40)
    assert "3 earlier misses again." in out
    assert out.split("Decision 1 of ")[1].split("\n")[0].endswith(": A card at the desk")  # the misses first
    assert "Your choice here on " in out and "missed (review interval 1 of 4)." in out
    second = out.split("Decision 2 of ")[1]
    assert second.split("\n")[0].endswith("A card at the desk")
    so_far = second.split("So far:")[1]
    # The desk's second decision where the trainee stood: after the promise they made.
    assert so_far.index("Is my card ready?") < so_far.index("You: It surely is!") < so_far.index("So when will it")
    assert "Review done: " in out
    store = Store()
    kept = answers_of(store.conn, store.trainee.key)
    assert len([a for a in kept if a.review is not None]) >= 3
    assert [r.finished_at is not None for r in reviews(store.conn, store.trainee.key)] == [True]
    store.close()


def test_the_lessons_in_line_mode_show_each_state_and_what_to_practise_next(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    play_three(folder, capsys)
    assert main(["--lang", "en", "review", "--lessons"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Your lessons: 7 of 52 met, 0 mastered.\n")
    lines = out.splitlines()
    practise = lines[lines.index("Practise next:") + 1 :][:3]
    assert all(line.startswith("  ") for line in practise)
    assert "  Check before you promise (chapter 4): 0 of 1 answers right" in practise
    assert "Chapter 4: Solution focus in customer work" in lines
    row = next(line for line in lines if "Check before you promise" in line and line.startswith("  ~"))
    assert row.startswith("  ~ learning") and "(last 20" in row
    assert any(line.startswith("  · not seen") and "Limits are care" in line for line in lines)


def test_a_review_left_when_the_input_ends_keeps_what_was_answered(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    play_three(folder, capsys)
    monkeypatch.setenv("SCENARIOS_CLOCK_SHIFT", "1d")
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n1\n"))
    assert main(["--lang", "en", "review", "--plain", "--seed", "4"]) == 1
    captured = capsys.readouterr()
    assert "Type a number from 1 to" in captured.out  # 'x' is no number: asked again
    assert "Review left unfinished: " in captured.out and "Input ended" in captured.err
    store = Store()
    (kept,) = reviews(store.conn, store.trainee.key)
    assert (kept.answered, kept.finished_at is not None) == (1, True)
    store.close()
