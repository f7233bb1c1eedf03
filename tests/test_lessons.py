"""The lessons of the material: the catalog, its chapters, the lessons behind a verdict, and how they are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from scenarios.cli.main import main
from scenarios.engine import Playthrough
from scenarios.exports.debrief import debrief_markdown
from scenarios.i18n.present import lesson_line, lesson_name
from scenarios.story.lessons import (
    Lesson,
    Lessons,
    LessonsError,
    chapter_heading,
    load_lessons,
    parse_lessons,
    verdict_lessons,
)
from scenarios.story.loader import load_text


@pytest.fixture(scope="module")
def lessons() -> Lessons:
    return load_lessons()


def test_the_catalog_covers_chapters_2_to_11_with_unique_ids(lessons: Lessons) -> None:
    assert len(lessons.ids) == len(set(lessons.ids)) >= 50
    assert {lesson.chapter for lesson in lessons.lessons} == set(range(2, 12))
    chapters = [lesson.chapter for lesson in lessons.lessons]
    assert chapters == sorted(chapters)  # in the material's order
    assert lessons.languages == ("fi", "en", "sv")


@pytest.mark.parametrize("lesson_id", load_lessons().ids)
def test_every_lesson_has_a_title_and_a_sentence_in_finnish_english_and_swedish(
    lessons: Lessons, lesson_id: str
) -> None:
    lesson = lessons.lesson(lesson_id)
    for text in lesson.texts():
        for language in ("fi", "en", "sv"):
            assert text.has(language) and text.get_text(language).strip(), f"{lesson_id}: empty {language} text"
    assert lesson.source[0].isdigit()


def test_every_chapter_of_the_material_is_named_as_its_heading_says_in_finnish_english_and_swedish(
    lessons: Lessons,
) -> None:
    assert [chapter.number for chapter in lessons.chapters] == list(range(1, 12))
    for chapter in lessons.chapters:
        for language in ("fi", "en", "sv"):
            assert chapter.title.has(language) and chapter.title.get_text(language).strip()
    assert chapter_heading(4, "fi") == "Luku 4: Ratkaisukeskeisyys asiakastyössä"  # the material's heading
    assert chapter_heading(4, "en") == "Chapter 4: Solution focus in customer work"
    assert chapter_heading(4, "sv") == "Kapitel 4: Lösningsfokus i kundarbetet"
    assert chapter_heading(12, "en") == "Chapter 12"  # a chapter the catalog does not name: its number alone


def test_the_chapter_is_the_first_number_of_the_source(lessons: Lessons) -> None:
    assert lessons.lesson("check-before-promising").chapter == 4
    assert lessons.lesson("explain-the-why").source.startswith("5.1") and lessons.lesson("explain-the-why").chapter == 5
    assert lessons.lesson("no-peeking-in-systems").note is not None


def test_models_are_frozen_and_an_unknown_id_is_a_key_error(lessons: Lessons) -> None:
    lesson = lessons.lesson("plain-language")
    assert isinstance(lesson, Lesson)
    with pytest.raises(ValidationError):
        lesson.__setattr__("id", "other")
    with pytest.raises(KeyError):
        lessons.lesson("no-such-lesson")
    assert lessons.get("no-such-lesson") is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b"languages: [fi, en]\nlessons:\n  - {id: x, source: '4', title: {fi: X}, text: {fi: Y, en: Y}}\n",
            "without en",
        ),
        (
            b"languages: [fi]\nlessons:\n  - {id: x, source: '4', title: X, text: Y}\n"
            b"  - {id: x, source: '5', title: X, text: Y}\n",
            "duplicate",
        ),
        (b"languages: [fi]\nlessons:\n  - {id: x, source: luku 4, title: X, text: Y}\n", "not a valid catalog"),
        (b"languages: [fi]\nlessons: &a\n  - {id: x, source: '4', title: X, text: Y}\n", "safe YAML"),
        (
            b"languages: [fi, en]\nchapters:\n  - {number: 4, title: {fi: Luku}}\n"
            b"lessons:\n  - {id: x, source: '4', title: {fi: X, en: X}, text: {fi: Y, en: Y}}\n",
            "chapter 4 has a name without en",
        ),
        (
            b"languages: [fi]\nchapters:\n  - {number: 4, title: A}\n  - {number: 4, title: B}\n"
            b"lessons:\n  - {id: x, source: '4', title: X, text: Y}\n",
            "chapters named twice: 4",
        ),
    ],
)
def test_a_broken_catalog_gets_a_clear_error(raw: bytes, message: str) -> None:
    with pytest.raises(LessonsError, match=message):
        parse_lessons(raw)


STORY = """id: s
languages: [fi, en]
title: T
summary: S
channel: desk
customer: young-adult
theme: values
source: "4"
nodes:
  ask:
    say: Hei
    lessons: [check-before-promising, complete-the-service]
    options:
      - {id: ideal, reply: {fi: Katson., en: I'll check.}, solution_focused: yes, ideal: yes, next: done}
      - {id: promise, reply: {fi: Ehtii!, en: Sure!}, solution_focused: no, breaks: check-before-promising, next: done}
      - {id: fine, reply: {fi: Yleensä ehtii., en: Usually.}, solution_focused: yes, next: done}
      - {id: jargon, reply: {fi: Pusatec., en: Pusatec.}, solution_focused: yes, breaks: [plain-language], next: done}
  done:
    ending: resolved
    say: Loppu
"""


def test_the_lessons_behind_a_verdict() -> None:
    story = load_text(STORY).story
    assert story is not None

    def ids(option: str) -> list[str]:
        return [lesson.id for lesson in verdict_lessons(story, "ask", option)]

    assert ids("ideal") == ["check-before-promising", "complete-the-service"]  # what the decision tests
    assert ids("promise") == ["check-before-promising"]  # what the weak option breaks
    assert ids("fine") == ["check-before-promising", "complete-the-service"]  # a reasonable reply: the decision's
    assert ids("jargon") == ["plain-language"]  # sound, but it misses something
    assert verdict_lessons(story, "done", "x") == () and verdict_lessons(story, "nowhere", "x") == ()


def test_a_lesson_is_named_with_its_chapter_in_the_trainees_language(lessons: Lessons) -> None:
    check = lessons.lesson("check-before-promising")
    assert lesson_line([check], "fi") == "Oppi: Tarkista ennen kuin lupaat (luku 4)"
    assert lesson_line([check], "en") == "Lesson: Check before you promise (chapter 4)"
    both = [check, lessons.lesson("plain-language")]
    assert lesson_line(both, "fi") == "Opit: Tarkista ennen kuin lupaat (luku 4); Selkokieli (luku 6)"
    assert lesson_line([], "fi") == ""
    assert lesson_name(lessons.lesson("explain-the-why"), "en") == "Show and explain, don't just state (chapter 5)"


def test_scenarios_lessons_lists_the_catalog_by_chapter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Luku 2: Asiakaspalvelun keskeiset käsitteet\n  find-the-need: Selvitä tarve kysymyksen takana\n"
    )
    assert (
        "\nLuku 4: Ratkaisukeskeisyys asiakastyössä\n" in out
        and "  check-before-promising: Tarkista ennen kuin lupaat\n" in out
    )
    assert f"\n{len(load_lessons().ids)} oppia. Tarinassa: " in out
    assert main(["lessons", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert (
        "\nChapter 4: Solution focus in customer work\n" in out
        and "  check-before-promising: Check before you promise\n" in out
    )
    assert main(["lessons", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    entry = next(item for item in data["lessons"] if item["id"] == "check-before-promising")
    assert entry["chapter"] == 4 and entry["title"] == {
        "fi": "Tarkista ennen kuin lupaat",
        "en": "Check before you promise",
        "sv": "Kontrollera innan du lovar",
    }
    assert [item["id"] for item in data["lessons"]] == list(load_lessons().ids)


@pytest.mark.parametrize("story_id", ["empty-wristband", "broken-goal-net"])
def test_the_example_stories_name_the_lessons_of_every_decision_and_weak_option(story_id: str) -> None:
    from scenarios.story.library import Library

    story = Library.load().get(story_id)
    assert story is not None
    for name in story.decisions():
        node = story.nodes[name]
        assert node.lessons, name
        assert all(option.breaks for option in node.options if not option.solution_focused), name


def test_line_mode_names_the_lesson_behind_each_verdict_after_the_choice_and_in_the_debrief(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(STORY, encoding="utf-8")
    story = load_text(STORY).story
    assert story is not None
    order = [choice.option_id for choice in Playthrough(story, seed=0).beat().choices]
    number = order.index("promise") + 1
    assert main(["play", str(path), "--choices", str(number), "--lang", "en", "--no-save"]) == 0
    out = capsys.readouterr().out
    after_choice, debrief = out.split("Debrief", 1)
    assert "Lesson: Check before you promise (chapter 4)" in after_choice
    assert "  Lesson: Check before you promise (chapter 4)" in debrief
    assert main(["play", str(path), "--choices", str(number), "--json", "--no-save"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decisions"][0]["lessons"] == [
        {"id": "check-before-promising", "title": "Tarkista ennen kuin lupaat", "chapter": 4}
    ]


def test_the_debrief_export_names_the_lesson_behind_each_verdict() -> None:
    story = load_text(STORY).story
    assert story is not None
    play = Playthrough(story, seed=0, clock=lambda: 0.0)
    play.choose_option("fine")  # a reasonable reply: the lessons its decision tests
    text = debrief_markdown(story, play.debrief(), "fi", "exam")
    assert (
        "   - Opit: Tarkista ennen kuin lupaat (luku 4); Kerro kaikki, mitä asiakas tarvitsee lähteäkseen (luku 5)"
        in text
    )
