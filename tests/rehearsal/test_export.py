"""The exported session record: Markdown, HTML and CSV, checked for content and escaping."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest

from scenarios.exports.csvfile import excel_csv
from scenarios.exports.markdown import md
from scenarios.rehearsal import IDEAL, MAJORITY, Participants, Session
from scenarios.rehearsal.export import export, percent_bar
from scenarios.rehearsal.views import current_reveal
from scenarios.story.loader import load_text
from scenarios.story.model import Story
from tests.conftest import MINI
from tests.rehearsal.conftest import LOOKUP, FakeClock


@pytest.fixture
def finished(lookup: Story, mini: Story, clock: FakeClock) -> Session:
    """Two stories: a tie settled by the facilitator, a count mismatch accepted, notes, reflection."""
    s = Session.new(
        [lookup, mini],
        team="Asiakaspalvelu <Itä>",
        participants=Participants.of(names=["Aino", "Bo", "=Cai"]),
        groups=[["Aino", "Bo"], ["=Cai"]],
        clock=clock,
    )
    s.start()
    clock.advance(95)
    s.set_count("look", 1)
    s.set_count("hang", 1)
    s.reveal(accept_mismatch=True)
    s.set_note("Checking first | felt right\nsecond line")
    s.continue_with(MAJORITY, pick="look")
    s.set_count("explain", 3)
    s.reveal()
    s.continue_with(MAJORITY)
    s.next_story()
    s.set_count("online", 2)
    s.set_count("check", 1)
    s.reveal()
    s.continue_with(IDEAL)
    s.open_vote()
    s.reveal(accept_mismatch=True)  # nobody voted
    s.continue_with(IDEAL)
    s.next_story()
    s.set_session_note("=SUM(A1) <b>good</b>")
    s.start_reflection()
    s.set_note("We want to practise phone calls")
    s.finish()
    return s


def test_markdown_has_every_decision_the_spread_the_verdicts_and_the_notes(finished: Session) -> None:
    text = export(finished, "md", "en")
    assert text.startswith("# Team rehearsal record: Asiakaspalvelu \\<Itä\\>")
    assert "Aino, Bo, =Cai" in text and "Group 1: Aino, Bo" in text
    assert text.count("### Decision") == 4
    assert "The bill is wrong! \\<script\\>alert(1)\\</script\\>" in text  # what the customer said, inert
    assert "Look the bill up \\[@click=app.quit\\]." in text
    assert f"`{percent_bar(50)}` votes 1 · 50 %" in text
    assert "★ ideal" in text and "→ the team went on with this" in text
    assert "Not solution-focused" in text and "The customer is left without help, \\<i\\>again\\</i\\>" in text
    assert "Votes 2, participants 3: the facilitator accepted the difference." in text
    assert "Went on with: Look the bill up" in text and "(the majority's choice)" in text
    assert "Discussion time 1:35" in text
    assert "Checking first \\| felt right  \nsecond line" in text
    assert "No votes were given." in text
    assert "The story ended: resolved" in text
    assert "The majority chose the ideal option at 1 of 4 decisions." in text
    assert "We want to practise phone calls" in text and "\\=SUM(A1) \\<b\\>good\\</b\\>" in text
    assert "What did I learn that was new to me?" in text


def test_markdown_in_finnish(finished: Session) -> None:
    text = export(finished, "md", "fi")
    assert "# Tiimiharjoituksen muistio" in text and "Lasku on väärin!" in text and "Mitä uutta oivalsin?" in text
    assert "Tapahtui: Lasku on oikein." in text


def test_every_export_tells_what_happened_after_the_option_the_team_went_on_with(finished: Session) -> None:
    """The team looked the bill up and the story told them it is right: the record keeps that, once, at the
    decision where it happened (as the screen showed it before the next decision)."""
    for fmt in ("md", "html"):
        text = export(finished, fmt, "en")
        assert text.count("What happened: The bill is right.") == 1, fmt
        assert text.index("What happened: The bill is right.") < text.index("Let me explain the lines"), fmt
    rows = csv_rows(export(finished, "csv", "en"))
    decisions = [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0] == "decision"]
    told = {r["option"]: r["what_happened"] for r in decisions if r["what_happened"]}
    # On the rows of the options gone on with that tell something: looking the bill up, and in the second
    # story the action the ideal path took; the other options' rows stay empty.
    assert told == {"look": "The bill is right.", "check": "Open 6 am to 9 pm."}
    assert all(r["went_on_with"] == "yes" for r in decisions if r["what_happened"])


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_story_text_and_prints_well(finished: Session) -> None:
    page = export(finished, "html", "en")
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "i" not in parser.tags and "b" not in parser.tags
    text = "".join(parser.text)
    assert "The bill is wrong! <script>alert(1)</script>" in text  # shown as text
    assert "Check <b>first</b> & [bold]then[/bold]" in text
    assert "@media print" in page and "break-inside: avoid" in page
    assert page.count('<section class="decision">') == 4
    assert 'style="width: 50%"' in page and "votes 1 · 50 %" in text  # the bar has its number beside it
    assert "★ ideal" in text and "Not solution-focused" in text
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page


def csv_rows(text: str) -> list[list[str]]:
    """The rows as Finnish Excel reads them: UTF-8 after the byte order mark, `;` between cells."""
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_csv_has_a_row_per_option_and_defuses_formulas(finished: Session) -> None:
    rows = csv_rows(export(finished, "csv", "en"))
    assert rows[0][:5] == ["section", "team", "date", "story", "title"]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    decisions = [r for r in body if r["section"] == "decision"]
    assert len(decisions) == 2 + 2 + 2 + 2
    assert decisions[0]["story"] == "lookup" and decisions[0]["decision"] == "1"
    assert {r["option"] for r in decisions[:2]} == {"look", "hang"}
    look = next(r for r in decisions if r["option"] == "look")
    assert look["votes"] == "1" and look["share_percent"] == "50" and look["ideal"] == "yes"
    assert look["went_on_with"] == "yes"
    assert look["continued_by"] == "the majority's choice" and look["discussion_seconds"] == "95"
    assert look["note"] == "Checking first | felt right\nsecond line"
    hang = next(r for r in decisions if r["option"] == "hang")
    assert hang["text"] == "Call back later, = obviously."


def test_csv_cells_that_look_like_formulas_are_quoted(lookup: Story, clock: FakeClock) -> None:
    s = Session.new([lookup], team="=HYPERLINK(1)", clock=clock)
    s.start()
    s.set_count("look", 1)
    s.reveal()
    s.set_note("-2+3")
    rows = csv_rows(export(s, "csv", "en"))
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[2][-1] == "'-2+3"


def test_an_unfinished_session_exports_what_there_is(session: Session) -> None:
    assert "### Decision" not in export(session, "md", "en")
    rows = csv_rows(export(session, "csv", "en"))
    assert len(rows) == 2 and rows[1][0] == "participants"  # the header and who took part


def test_md_escape_makes_markup_inert() -> None:
    assert md("[bold]x[/bold] <i> | *a*") == "\\[bold\\]x\\[/bold\\] \\<i\\> \\| \\*a\\*"
    assert md("# no heading\n1. no list\n- no item") == "\\# no heading  \n1\\. no list  \n\\- no item"
    assert percent_bar(0) == "░" * 20 and percent_bar(100) == "█" * 20


def test_csv_for_finnish_excel_has_everyone_the_notes_and_finnish_words(finished: Session) -> None:
    finished.decisions[0].discussion.elapsed_before = 95.5
    rows = csv_rows(export(finished, "csv", "fi"))
    assert rows[0][:3] == ["osio", "tiimi", "päivämäärä"]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    sections = [r["osio"] for r in body]
    assert sections[:3] == ["osallistujat", "ryhmä", "ryhmä"]
    assert body[0]["teksti"] == "Aino, Bo, '=Cai" or body[0]["teksti"] == "Aino, Bo, =Cai"
    decisions = [r for r in body if r["osio"] == "päätös"]
    assert decisions[0]["keskustelu_sekuntia"] == "95,5"  # a decimal comma
    assert {r["jatkotapa"] for r in decisions} <= {"enemmistön valinta", "ohjaajan valinta", "ihannepolku"}
    assert "majority" not in {r["jatkotapa"] for r in decisions}
    reflection = next(r for r in body if r["osio"] == "pohdinta")
    assert reflection["muistiinpano"] == "We want to practise phone calls"
    notes = next(r for r in body if r["osio"] == "muistiinpanot")
    assert notes["muistiinpano"] == "'=SUM(A1) <b>good</b>"  # the formula guard stays


def test_one_csv_writer_makes_every_cell_safe_for_excel() -> None:
    text = excel_csv(["a", "b", "c", "d"], [["=1+1", 2.5, 3, None], ["line one\nline two", 4.0, -1, "@x"]])
    assert text.startswith("\ufeffa;b;c;d\n")
    assert csv_rows(text)[1:] == [["'=1+1", "2,5", "3", ""], ["line one\nline two", "4", "-1", "'@x"]]


def test_a_multi_line_email_is_quoted_whole_in_markdown_and_keeps_its_lines_in_html(clock: FakeClock) -> None:
    story = load_text(MINI.replace("Hei! Milloin uimahalli on auki?", '"Hei!\\n\\n1. Milloin auki?\\n2. Entä sauna?"'))
    assert story.story is not None, story.diagnostics
    s = Session.new([story.story], clock=clock, participants=Participants.of(count=1))
    s.start()
    s.set_count("check", 1)
    s.reveal()
    s.set_note("first\nsecond")
    text = export(s, "md", "fi")
    quote = text[text.index("> Asiakas: Hei!") :].split("\n\n")[0].splitlines()
    assert all(line.startswith(">") for line in quote) and any("2\\. Entä sauna?" in line for line in quote)
    page = export(s, "html", "fi")
    assert "white-space: pre-line" in page and "first<br>second" in page


TAGGED = LOOKUP.replace(
    "    options:\n      - id: look", "    lessons: [explain-the-why]\n    options:\n      - id: look"
).replace("        solution_focused: no\n", "        solution_focused: no\n        breaks: own-the-next-step\n")


@pytest.fixture
def revealed(clock: FakeClock) -> Session:
    """A tagged story's decision revealed: the team voted for the weak option that breaks a lesson."""
    story = load_text(TAGGED).story
    assert story is not None
    s = Session.new([story], clock=clock)
    s.start()
    s.set_count("hang", 2)
    s.set_count("look", 1)
    s.reveal()
    return s


def test_the_reveal_names_the_lessons_each_option_breaks_and_the_decision_tests(revealed: Session) -> None:
    reveal = current_reveal(revealed)
    assert reveal is not None
    assert [lesson.id for lesson in reveal.lessons] == ["explain-the-why"]
    breaks = {o.option_id: [lesson.id for lesson in o.breaks] for o in reveal.options}
    assert breaks == {"look": [], "hang": ["own-the-next-step"]}


def test_every_export_names_the_lesson_and_chapter_behind_each_verdict(revealed: Session) -> None:
    revealed.continue_with(IDEAL)
    text = export(revealed, "md", "en")
    assert "- **2. Not solution-focused:** The customer is left without help, \\<i\\>again\\</i\\>. " in text
    assert "Lesson: Move the matter on yourself (chapter 4)" in text
    assert "\nLesson: Show and explain, don't just state (chapter 5)\n" in text  # what the ideal follows
    parser = _Collect()
    parser.feed(export(revealed, "html", "fi"))
    page = "".join(parser.text)
    assert (
        "Oppi: Asia etenee sinun kauttasi (luku 4)" in page and "Oppi: Näytä ja selitä, älä vain totea (luku 5)" in page
    )
    rows = csv_rows(export(revealed, "csv", "en"))
    decisions = {r[rows[0].index("option")]: r[rows[0].index("lesson")] for r in rows[1:] if r[0] == "decision"}
    assert decisions == {
        "look": "Show and explain, don't just state (chapter 5)",  # a sound option: the decision's lesson
        "hang": "Move the matter on yourself (chapter 4)",  # a weak one: the lesson it breaks
    }


def test_an_untagged_story_exports_no_lesson(finished: Session) -> None:
    assert "Lesson" not in export(finished, "md", "en")
    rows = csv_rows(export(finished, "csv", "en"))
    assert {r[rows[0].index("lesson")] for r in rows[1:]} == {""}
