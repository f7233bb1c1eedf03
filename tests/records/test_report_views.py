"""The report as a trainer reads it: practice and exam apart, the order of the most missed explained, negative
averages drawn below zero, the verdict on options nobody chose, one ideal per decision, each trainee's own view,
and dates that are the statements' own."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.engine import Playthrough
from scenarios.records.outbox import LrsConfig, waiting_statements
from scenarios.records.report import Filters, analyse
from scenarios.records.report_text import render, signed_bar
from scenarios.records.sources import from_lrs
from scenarios.records.statements import RecordContext, account_actor, playthrough_statements
from scenarios.records.trainees import trainee_views
from scenarios.store import Store, served_trainee
from scenarios.story.library import Library
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from scenarios.trainer.session import Trainer

MONDAY = 1_763_337_600.0  # Monday 17 November 2025, 00:00 UTC
BASE = "https://training.turku.example/xapi/"


@pytest.fixture
def mini(write: Callable[[str], Path], mini_text: str) -> Story:
    # Looking it up online costs the encounter two points: a trainee who only does that averages below zero.
    online = "        effects: mood -= 1\n"
    text = mini_text.replace(online, online + "        points: {encounter: -2}\n")
    story = load_file(write(text)).story
    assert story is not None
    return story


def play(store: Store, story: Story, options: list[str], at: float, mode: str = "practice") -> None:
    """One whole playthrough through the trainer layer, ten seconds a step, starting at `at`."""
    ticks: Iterator[int] = iter(range(1000))
    trainer = Trainer(store, clock=lambda: at + 10 * next(ticks))
    session = trainer.start(story, title="Mini", language="en", mode=mode, seed=1)
    for option in options:
        number = next(c.number for c in session.play.beat().choices if c.option_id == option)
        session.choose(number)
    assert session.finish()


def test_practice_and_exam_are_reported_apart(mini: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store()
    play(store, mini, ["online"], MONDAY)
    play(store, mini, ["check", "tell"], MONDAY + 60, mode="exam")
    play(store, mini, ["check", "next"], MONDAY + 120, mode="exam")
    store.close()
    assert main(["--lang", "en", "report"]) == 0
    out = capsys.readouterr().out
    practice, exam = out.split("█ Exam: feedback only in the debrief")
    assert "█ Practice: feedback after each choice" in practice
    assert "Playthroughs: 1 · trainees: 1" in practice and "Playthroughs: 2 · trainees: 1" in exam
    target = tmp_path / "exam.csv"
    assert main(["--lang", "en", "report", "--mode", "exam", "--csv", str(target)]) == 0
    rows = [line.split(";") for line in target.read_text(encoding="utf-8-sig").splitlines()]
    assert rows[0][-1] == "mode" and {row[-1] for row in rows[1:]} == {"exam"}
    assert {(row[3], row[6]): row[8] for row in rows[1:]}[("start", "check")] == "2"


def test_the_most_missed_order_is_explained_and_negative_averages_are_drawn_below_zero(
    mini: Story, tmp_path: Path
) -> None:
    store = Store()
    play(store, mini, ["online"], MONDAY)
    report = analyse(waiting_statements(store), Filters(mode="practice"))
    encounter = next(d for d in report.dimensions if d.dimension == "encounter")
    assert encounter.got == -2 and encounter.share == -1.0
    text = render(report, "en", 80)
    assert "a decision met fewer than 3 times comes after the others" in " ".join(text.split())
    line = next(line for line in text.splitlines() if "Customer encounter" in line)
    assert "█│" in line and line.rstrip().endswith("-2.0 / 1.0")  # the bar ends at the zero line, on its left
    assert signed_bar(-0.5, 11, 4) == "░░██│░░░░░░" and signed_bar(0.5, 11, 4) == "    │███░░░"
    store.close()
    page = tmp_path / "r.html"
    assert main(["--lang", "fi", "report", "--html", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "alle 3 kertaa, tulee muiden jälkeen" in html and 'class="zero"' in html
    dimensions = html.split('class="dimensions"')[1].split("</svg>")[0]
    zero = float(re.search(r'<line x1="([\d.]+)"', dimensions).group(1))  # type: ignore[union-attr]
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="16" class="(good|bad)"', dimensions)
    negative = [(float(x), float(w)) for x, w, kind in bars if kind == "bad"]
    assert negative and all(x + w == pytest.approx(zero) for x, w in negative)


def test_options_nobody_chose_have_their_verdict_and_a_decision_met_twice_has_one_ideal() -> None:
    story = next(s for s in Library.load().stories if s.id == "empty-wristband")
    play = Playthrough(story, seed=1, clock=lambda: MONDAY)
    for option in ("look-together", "pull-report", "on-the-receipt"):  # 'look' is met twice: its ideal
        play.choose_option(option)  # is offered only the second time, and is not chosen
    while not play.is_over:
        play.choose(len(play.beat().choices))
    ctx = RecordContext("learner/1", account_actor(BASE, "learner"), base=BASE)
    report = analyse(playthrough_statements(play, ctx))
    look = next(d for s in report.stories for d in s.decisions if d.node == "look")
    assert [o.option for o in look.options if o.ideal] == ["explain-report"]
    verdicts = {o.option: (o.chosen, o.solution_focused) for o in look.options}
    assert verdicts["explain-report"] == (0, True) and verdicts["reload-now"] == (0, False)
    text = render(report, "en", 100)
    assert "✓★ Look: you loaded ten" in text and text.count("★") == len(report.stories[0].decisions) + 1  # + legend


def test_each_trainee_has_a_view_of_their_paths_time_exams_and_lessons(
    mini: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    aino = Store(trainee=served_trainee("Aino"))
    play(aino, mini, ["check", "tell"], MONDAY)
    play(aino, mini, ["online"], MONDAY + 3600, mode="exam")
    aino.close()
    bo = Store(trainee=served_trainee("Bo"))
    play(bo, mini, ["check", "next"], MONDAY)
    bo.close()
    tagged = next(s for s in Library.load().stories if s.id == "broken-goal-net")
    play(
        Store(trainee=served_trainee("Bo")), tagged, ["log_it", "read_back", "ask_wish", "tell_by_noon"], MONDAY + 7200
    )
    views = {v.label: v for v in trainee_views(waiting_statements(Store(), include_sent=True))}
    assert set(views) == {"Aino", "Bo"}
    assert views["Aino"].seconds() == 30.0 and views["Aino"].verdicts() == (0, 1)
    assert [(a.mode, len(a.steps)) for a in views["Aino"].attempts] == [("practice", 2), ("exam", 1)]

    assert main(["--lang", "en", "report"]) == 0
    table = capsys.readouterr().out.split("Trainees")[-1]
    assert re.search(r"Aino\s+1\s+100 %\s+1\s+0/1\s+30 s", table)
    assert main(["--lang", "en", "report", "--trainee", "bo"]) == 0
    out = capsys.readouterr().out
    assert "Trainee: Bo" in out and "Aino" not in out
    assert "✓★ start: Check the system." in out and "✗  answer: Next!" in out
    heading = "Lessons (solution-focused choices at the decisions that test them, weakest first):"
    assert heading in " ".join(out.split())  # wrapped to the 80 columns
    assert re.search(r"Move the matter on yourself \(ch\. 4\) +░+ +0/1", out)
    assert re.search(r"Thank the customer \(ch\. 5\) +░+ +0/1", out)
    assert main(["--lang", "en", "report", "--trainee", "Cai"]) == 1
    assert "No trainee Cai in these statements. Trainees: Aino, Bo" in capsys.readouterr().err


def test_dates_are_the_statements_own_and_an_lrs_is_not_asked_for_until(mini: Story) -> None:
    store = Store()
    play(store, mini, ["online"], MONDAY)  # 17 November
    play(store, mini, ["check", "tell"], MONDAY + 3 * 86400)  # 20 November
    statements = waiting_statements(store)
    asked: list[str] = []

    def lrs(url: str, headers: dict[str, str]) -> bytes:
        # An LRS that follows xAPI: since/until on the time it stored them, which is today for all of them.
        asked.append(url)
        return json.dumps({"statements": statements, "more": ""}).encode()

    config = LrsConfig(url="https://lrs.example.org/xAPI/")
    read = from_lrs(config, since=date(2025, 11, 20), fetch=lrs)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(asked[0]).query)
    assert query["since"] == ["2025-11-19T00:00:00Z"] and "until" not in query
    report = analyse(read, Filters(since=date(2025, 11, 18), until=date(2025, 11, 20)))
    assert (report.playthroughs, report.first) == (1, date(2025, 11, 20))
