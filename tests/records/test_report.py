"""`scenarios report`: the trainer's item analysis from the store, from exported files and from a real LRS."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from scenarios.cli.main import main
from scenarios.records.outbox import LrsConfig, sync, waiting_statements
from scenarios.records.report import Filters, analyse
from scenarios.records.report_text import bar, render
from scenarios.store import Store
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from scenarios.trainer.session import Trainer
from tests.records.ralph import KEY, SECRET, Ralph
from tests.records.xapi_schema import STATEMENT

DAY = 86_400.0
MONDAY = 1_763_337_600.0  # Monday 17 November 2025, 00:00 UTC


@pytest.fixture
def mini(write: Callable[[str], Path], mini_text: str) -> Story:
    story = load_file(write(mini_text)).story
    assert story is not None
    return story


def play(store: Store, story: Story, options: list[str], at: float) -> None:
    """One whole playthrough through the trainer layer, as the app plays it, starting at `at`."""
    ticks: Iterator[int] = iter(range(1000))
    trainer = Trainer(store, clock=lambda: at + 10 * next(ticks))
    session = trainer.start(story, title="Mini", language="en", mode="practice", seed=1)
    for option in options:
        number = next(c.number for c in session.play.beat().choices if c.option_id == option)
        session.choose(number)
    assert session.finish()


def trainee(path: Path, story: Story, plays: list[tuple[list[str], float]], team: str | None = None) -> Store:
    """A trainee's own store (their own learner id), with their team set, after `plays`."""
    store = Store(path)
    if team is not None:
        store.write_setting("records", {"team": team})
    for options, at in plays:
        play(store, story, options, at)
    return store


def test_the_analysis_counts_each_option_and_puts_the_most_missed_decision_first(tmp_path: Path, mini: Story) -> None:
    store = trainee(
        tmp_path / "a.sqlite3",
        mini,
        [(["check", "tell"], MONDAY), (["check", "next"], MONDAY + DAY), (["online"], MONDAY + 8 * DAY)],
    )
    report = analyse(waiting_statements(store, include_sent=True))
    assert (report.playthroughs, report.trainees, report.choices) == (3, 1, 5)
    (story,) = report.stories
    start, answer = story.decisions  # in the order met
    assert (start.node, start.choices, start.solution_focused) == ("start", 3, 2)
    counts = {o.option: (o.chosen, o.solution_focused, o.ideal) for o in start.options}
    assert counts == {"check": (2, True, True), "online": (1, False, False)}
    assert (answer.node, answer.missed, answer.choices) == ("answer", 1, 2)
    # 1/2 missed is a higher share than 1/3, but a decision met fewer than 3 times comes after.
    assert [d.node for d in report.missed] == ["start", "answer"]
    more = analyse(
        waiting_statements(store)
        + waiting_statements(trainee(tmp_path / "b.sqlite3", mini, [(["check", "next"], MONDAY)]))
    )
    assert [d.node for d in more.missed] == ["answer", "start"]  # 2/3 before 1/4
    expert = next(d for d in report.dimensions if d.dimension == "expert")
    assert expert.got == pytest.approx(4 / 3) and (expert.ideal, expert.playthroughs) == (2.0, 3)
    assert [(w.week, w.choices, w.solution_focused) for w in report.weeks] == [(47, 4, 3), (48, 1, 0)]
    assert report.story_title("mini", "fi") == "Pieni tarina"


def test_filters_by_team_story_and_dates(tmp_path: Path, mini: Story) -> None:
    one = trainee(tmp_path / "a.sqlite3", mini, [(["online"], MONDAY)], team="Kirjasto")
    two = trainee(tmp_path / "b.sqlite3", mini, [(["check", "tell"], MONDAY + 9 * DAY)], team="Uimahalli")
    statements = waiting_statements(one, include_sent=True) + waiting_statements(two, include_sent=True)
    assert analyse(statements).trainees == 2
    library = analyse(statements, Filters(team="kirjasto"))
    assert (library.trainees, library.choices, library.stories[0].solution_focused_share) == (1, 1, 0.0)
    assert analyse(statements, Filters(stories=("other",))).empty
    later = analyse(statements, Filters(since=date(2025, 11, 20)))
    assert (later.choices, later.first) == (2, date(2025, 11, 26))
    assert analyse(statements, Filters(until=date(2025, 11, 17))).choices == 1


def test_the_team_goes_into_every_statement_as_a_valid_group(
    tmp_path: Path, mini: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENARIOS_TEAM", "Kirjasto")  # the environment wins over the setting
    store = trainee(tmp_path / "a.sqlite3", mini, [(["online"], MONDAY)], team="Uimahalli")
    statements = waiting_statements(store)
    for statement in statements:
        jsonschema.validate(statement, STATEMENT)
        assert statement["context"]["team"]["name"] == "Kirjasto"
        assert statement["context"]["team"]["objectType"] == "Group"


def test_rehearsal_team_statements_and_foreign_ones_are_left_out_of_the_figures(tmp_path: Path, mini: Story) -> None:
    store = trainee(tmp_path / "a.sqlite3", mini, [(["online"], MONDAY)])
    ours = waiting_statements(store)
    group = {**ours[1], "id": "00000000-0000-4000-8000-000000000001", "actor": {"objectType": "Group", "member": []}}
    foreign = {**ours[1], "id": "00000000-0000-4000-8000-000000000002", "object": {"id": "https://x.example/a"}}
    report = analyse([*ours, *ours, group, foreign])  # each statement twice: counted once
    assert (report.choices, report.team_statements, report.unreadable) == (1, 1, 1)


def test_bars_are_drawn_to_an_eighth_of_a_cell() -> None:
    assert bar(0.0, 4) == "░░░░"
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 4) == "██░░"
    assert bar(0.53, 4) == "██▏░"  # 0.53 × 32 eighths = 17 = 2 cells and 1 eighth


@pytest.mark.parametrize("width", [80, 120])
def test_the_terminal_report_fits_the_width_in_both_languages(tmp_path: Path, mini: Story, width: int) -> None:
    store = trainee(tmp_path / "a.sqlite3", mini, [(["check", "next"], MONDAY), (["online"], MONDAY + DAY)])
    report = analyse(waiting_statements(store))
    for language, heading in (("en", "Decisions most often missed"), ("fi", "Useimmin ohi menneet päätökset")):
        text = render(report, language, width)
        assert heading in text
        assert max(len(line) for line in text.splitlines()) <= width
    assert "✗  Next!" in render(report, "en", width)


def test_report_reads_the_local_store_by_default(mini: Story, capsys: pytest.CaptureFixture[str]) -> None:
    trainee(Path(Store().path), mini, [(["online"], MONDAY)]).close()
    assert main(["--lang", "en", "report"]) == 0
    out = capsys.readouterr().out
    assert "Playthroughs: 1 · trainees: 1 · stories: 1" in out
    assert "A small story · start" in out and "ideal: Check the system." in out
    assert main(["--lang", "fi", "report", "--story", "nothing"]) == 0
    assert "Ei yhtään valintaa" in capsys.readouterr().out


def test_report_reads_several_exported_files_and_names_a_bad_line(
    tmp_path: Path, mini: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for name, options in (("a", ["online"]), ("b", ["check", "tell"])):
        store = trainee(tmp_path / f"{name}.sqlite3", mini, [(options, MONDAY)])
        lines = [json.dumps(s) for s in waiting_statements(store)]
        path = tmp_path / f"{name}.jsonl"
        path.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
        files.append(str(path))
    assert main(["--lang", "en", "report", *files, files[0]]) == 0
    captured = capsys.readouterr()
    assert "Playthroughs: 2 · trainees: 2 · stories: 1" in captured.out
    assert f"{files[0]}:5: skipped, not an xAPI statement" in captured.err
    page = tmp_path / "page.json"  # an LRS's page of statements, as saved from its API
    page.write_text(json.dumps({"statements": waiting_statements(Store(tmp_path / "a.sqlite3"))}), encoding="utf-8")
    assert main(["--lang", "en", "report", str(page)]) == 0
    assert "Playthroughs: 1 · trainees: 1 · stories: 1" in capsys.readouterr().out
    assert main(["--lang", "en", "report", str(tmp_path / "missing.jsonl")]) == 1
    assert "Cannot read" in capsys.readouterr().err


def test_report_writes_self_contained_html_and_excel_csv(
    tmp_path: Path, mini: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    trainee(Path(Store().path), mini, [(["check", "tell"], MONDAY), (["online"], MONDAY + DAY)]).close()
    html, table = tmp_path / "r.html", tmp_path / "r.csv"
    assert main(["--lang", "fi", "report", "--html", str(html), "--csv", str(table)]) == 0
    page = html.read_text(encoding="utf-8")
    assert page.count("<svg") >= 4 and "<script" not in page and "http" not in page.split("</style>")[0]
    assert 'lang="fi"' in page and "Useimmin ohi menneet päätökset" in page and "Katso järjestelmästä." in page
    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = [line.split(";") for line in raw.decode("utf-8-sig").splitlines()]
    assert rows[0][:3] == ["tarina", "tarinan nimi", "päätös"]
    assert ["mini", "Pieni tarina", "1", "start", "2", "50", "check", "Katso järjestelmästä.", "1", "50"] in [
        r[:10] for r in rows
    ]
    assert main(["--lang", "en", "report", "--html", str(html)]) == 2  # no --force: the file is kept
    assert "exists already" in capsys.readouterr().err


def test_story_text_stays_text_in_the_html(tmp_path: Path, write: Callable[..., Path], mini_text: str) -> None:
    story = load_file(write(mini_text.replace("Check the system.", "<script>alert(1)</script> & check"))).story
    assert story is not None
    trainee(Path(Store().path), story, [(["check", "tell"], MONDAY)]).close()
    html = tmp_path / "r.html"
    assert main(["--lang", "en", "report", "--html", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; check" in page


def test_a_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "report", "--since", "30.11.2026"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_report_reads_back_what_a_real_lrs_holds(
    running_ralph: Ralph,
    tmp_path: Path,
    mini: Story,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Each test gets its own story id in the shared Ralph, so other tests' statements do not count here.
    story = mini.model_copy(update={"id": f"mini-{tmp_path.name}"})
    config = LrsConfig(url=running_ralph.endpoint, key=KEY, secret=SECRET)
    for name, options in (("a", ["online"]), ("b", ["check", "next"]), ("c", ["check", "tell"])):
        store = trainee(tmp_path / f"{name}.sqlite3", story, [(options, MONDAY)], team="Kirjasto")
        assert sync(store, config).waiting == 0
    monkeypatch.setenv("SCENARIOS_LRS_URL", running_ralph.endpoint)
    monkeypatch.setenv("SCENARIOS_LRS_KEY", KEY)
    monkeypatch.setenv("SCENARIOS_LRS_SECRET", SECRET)
    csv_path = tmp_path / "lrs.csv"
    assert (
        main(["--lang", "en", "report", "--lrs", "--story", story.id, "--team", "Kirjasto", "--csv", str(csv_path)])
        == 0
    )
    rows = [line.split(";") for line in csv_path.read_text(encoding="utf-8-sig").splitlines()[1:]]
    chosen = {(r[3], r[6]): int(r[8]) for r in rows}
    assert chosen == {("start", "check"): 2, ("start", "online"): 1, ("answer", "tell"): 1, ("answer", "next"): 1}
    monkeypatch.setenv("SCENARIOS_LRS_SECRET", "wrong")
    assert main(["--lang", "en", "report", "--lrs"]) == 1
    assert "HTTP 401" in capsys.readouterr().err
