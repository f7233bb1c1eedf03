"""A phone's reveal names the lesson behind each verdict with its chapter, as the shared screen does."""

from __future__ import annotations

from scenarios.phones.pages import render
from scenarios.phones.views import page_of
from scenarios.rehearsal import Participants, Session
from scenarios.story.loader import load_text
from tests.rehearsal.conftest import FakeClock
from tests.rehearsal.test_export import TAGGED


def revealed() -> Session:
    story = load_text(TAGGED).story
    assert story is not None
    session = Session.new([story], participants=Participants.of(names=["Aino", "Bo"]), clock=FakeClock())
    session.start()
    session.set_count("hang", 1)
    session.set_count("look", 1)
    session.reveal()
    return session


def test_the_reveal_page_names_the_lesson_a_weak_option_breaks_and_the_one_the_decision_tests() -> None:
    session = revealed()
    page = page_of(session, "aino", "fi")
    by_id = {o.option_id: o for o in page.options}
    assert by_id["hang"].breaks == "Oppi: Asia etenee sinun kauttasi (luku 4)"
    assert by_id["look"].breaks == ""
    assert page.lessons == "Oppi: Näytä ja selitä, älä vain totea (luku 5)"
    html = render(
        "page.html.j2", "en", page=page_of(session, "aino", "en"), who="Aino", team="", form="f", token="t",
        flash="", problem=False, note_limit=1000,
    )  # fmt: skip
    assert '<p class="lesson">Lesson: Move the matter on yourself (chapter 4)</p>' in html
    assert '<p class="ideal lesson">Lesson: Show and explain, don&#39;t just state (chapter 5)</p>' in html


def test_before_the_reveal_a_phone_shows_no_lesson() -> None:
    story = load_text(TAGGED).story
    assert story is not None
    session = Session.new([story], participants=Participants.of(names=["Aino"]), clock=FakeClock())
    session.start()
    page = page_of(session, "aino", "en")
    assert page.lessons == "" and all(o.breaks == "" for o in page.options)
