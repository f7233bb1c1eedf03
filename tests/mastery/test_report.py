"""`scenarios report`'s lessons: the share of trainees who have mastered each lesson, the lessons a team misses
most, and each trainee's lessons, right against records counted by hand (from the store here; from a real Ralph in
tests/records/test_report_lessons.py), readable at 80 columns, in the HTML and in the CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.records.mastery_report import LessonsReport, lessons_report
from scenarios.records.outbox import waiting_statements
from scenarios.records.report_text import render_lessons, render_trainee
from scenarios.records.trainees import trainee_views
from scenarios.store import Store, served_trainee
from scenarios.trainer.review import lesson_round
from scenarios.trainer.session import Trainer
from tests.mastery.stories import play, stories
from tests.rehearsal.conftest import FakeClock

DESK, PHONE, EMAIL = stories()
MONDAY = 1_763_370_000.0  # Monday 17 November 2025, 09:00 UTC

# (met, mastered, answers, against) of each lesson, counted by hand from the plays in `three_trainees`:
#   Aino: the email right three times (both its lessons mastered); the desk right (check, find, plain).
#   Bo:   the email right, with form 7B (breaks no-assumed-knowledge only), right; the desk's promise (breaks
#         check) and jargon (breaks plain); then a review round: the desk's first decision right (check, find).
#   Cai:  the desk's 'come back tomorrow' (weak, names none: against check and find), then plain; the phone's
#         'look it up online' (breaks friendly) and 'it was nothing' (weak, names none: against both).
HAND_COUNTED = {
    "colleague-is-a-customer": (2, 1, 5, 0),
    "find-the-need": (3, 0, 3, 1),
    "friendly-is-not-enough": (1, 0, 1, 1),
    "check-before-promising": (3, 0, 4, 2),
    "thank-the-customer": (1, 0, 1, 1),
    "plain-language": (3, 0, 3, 1),
    "accept-praise": (1, 0, 1, 1),
    "no-assumed-knowledge": (2, 1, 6, 1),
}
MISSED_MOST = [
    "check-before-promising",  # 2/4
    "find-the-need",  # 1/3 (ties with plain-language: by id)
    "plain-language",  # 1/3
    "no-assumed-knowledge",  # 1/6
    "accept-praise",  # 1/1, answered fewer than three times: after the others
    "friendly-is-not-enough",
    "thank-the-customer",
]


def three_trainees(team: str) -> None:
    """Three trainees in a browser on one server's store (the data directory's), with their team set."""
    clock = FakeClock(MONDAY)
    for name, plays in (
        ("Aino", [(EMAIL, ["steps"]), (EMAIL, ["steps"]), (EMAIL, ["steps"]), (DESK, ["look", "plain"])]),
        ("Bo", [(EMAIL, ["steps"]), (EMAIL, ["form"]), (EMAIL, ["steps"]), (DESK, ["promise", "jargon"])]),
        ("Cai", [(DESK, ["later", "plain"]), (PHONE, ["online", "nothing"])]),
    ):
        store = Store(clock=clock, trainee=served_trainee(name))
        store.write_setting("records", {"team": team})
        trainer = Trainer(store, clock=clock)
        for story, options in plays:
            clock.advance(600)
            play(trainer, story, options)
        if name == "Bo":
            clock.advance(86400)
            round_ = lesson_round(trainer.lessons, DESK, "start", {DESK.id: DESK}.get)
            assert round_.open_next() and round_.play is not None
            round_.choose(next(c.number for c in round_.play.beat().choices if c.option_id == "look"))
            round_.end()
        store.close()


def counted(report: LessonsReport) -> dict[str, tuple[int, int, int, int]]:
    return {f.lesson.lesson: (f.trainees, f.mastered, f.answers, f.against) for f in report.lessons}


def check(report: LessonsReport) -> None:
    assert counted(report) == HAND_COUNTED
    assert [f.lesson.lesson for f in report.missed] == MISSED_MOST
    assert report.trainees == 3 and report.unmet == 52 - len(HAND_COUNTED)
    bo = next(t for t in report.by_trainee.values() if t.label == "Bo")
    assert {f.lesson.lesson: f.against for f in bo.lessons} == {
        "colleague-is-a-customer": 0, "no-assumed-knowledge": 1, "check-before-promising": 1, "find-the-need": 0,
        "plain-language": 1,
    }  # fmt: skip


def test_the_lessons_of_several_trainees_are_counted_right_from_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    three_trainees("Kirjasto")
    statements = waiting_statements(Store(), include_sent=True)
    check(lessons_report(statements))

    text = render_lessons(lessons_report(statements), "en", 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    row = next(line for line in text.splitlines() if line.startswith("  A colleague is a customer too"))
    assert row.split()[-4:] == ["1/2", "50", "%", "✗0/5"]  # mastered by one of the two who met it, never missed
    assert " 1. Check before you promise (ch. 4)" in text and "44 lessons of the material have not been met" in text

    views = {view.label: view for view in trainee_views(statements)}
    bo = views["Bo"]
    assert bo.reviews == 1 and [a.mode for a in bo.attempts] == ["practice"] * 4  # the round is no playthrough
    assert {lesson: (s.state, s.recent) for lesson, s in bo.mastery.items()}["check-before-promising"] == (
        "learning",
        (False, True),
    )
    drill = render_trainee(bo, "en", 80)
    assert max(len(line) for line in drill.splitlines()) <= 80
    assert "█ Lessons from every choice: 0 mastered, 5 learning" in drill and "1 review round" in drill
    assert any(line.startswith("  ~ learning") and "Check before you promise" in line and line.endswith("✗✓")
               for line in drill.splitlines())  # fmt: skip
    aino = render_trainee(views["Aino"], "en", 80)
    assert "2 mastered, 3 learning" in aino
    assert any(line.startswith("  ✓ mastered") and "A colleague is a customer too" in line and line.endswith("✓✓✓")
               for line in aino.splitlines())  # fmt: skip

    assert main(["--lang", "en", "report"]) == 0
    out = capsys.readouterr().out
    assert "Lessons mastered" in out and "3 trainees. A lesson is mastered when" in out
    table = out.split("═\nTrainees")[-1]
    assert "mastered" in table.splitlines()[2] and table.count("/") >= 3
    assert any(line.strip().startswith("Aino") and line.rstrip().endswith("2/5") for line in table.splitlines())


def test_the_lessons_are_in_the_html_and_the_csv(tmp_path: Path) -> None:
    three_trainees("Kirjasto")
    page, table = tmp_path / "r.html", tmp_path / "lessons.csv"
    assert main(["--lang", "fi", "report", "--html", str(page), "--lessons-csv", str(table)]) == 0
    html = page.read_text(encoding="utf-8")
    lessons = html.split('<section id="lessons">')[1].split("</section>")[0]
    assert "Oppien hallinta" in lessons and "<td>Kollega on myös asiakas</td>" in lessons
    assert "1/2 · 50 %" in lessons and "✗ 2/4 · 50 %" in lessons
    assert lessons.index("Tarkista ennen kuin lupaat (luku 4)") < lessons.index("Selvitä tarve kysymyksen takana")
    assert "3 harjoittelijaa" in lessons
    trainees = html.split('<section id="trainees">')[1]
    assert "Opit kaikista valinnoista: 0 hallussa, 5 harjoittelussa" in trainees and "1 kertauskierros" in trainees
    rows = [line.split(";") for line in table.read_text(encoding="utf-8-sig").splitlines()]
    header, body = rows[0], rows[1:]
    assert header[:3] == ["kuka", "oppi", "opin nimi"]
    everyone = {row[1]: (int(row[5]), int(row[6]), int(row[8]), int(row[9])) for row in body if row[0] == "kaikki"}
    assert everyone == HAND_COUNTED
    bo = {row[1]: (row[4], int(row[8]), int(row[9])) for row in body if row[0] == "Bo"}
    assert bo["no-assumed-knowledge"] == ("harjoittelussa", 3, 1)
    assert {row[0] for row in body} == {"kaikki", "Aino", "Bo", "Cai"}
