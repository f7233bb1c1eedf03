"""Fixtures for rehearsal tests: a fake clock, stories, and a session driven to any phase."""

from __future__ import annotations

import pytest

from scenarios.rehearsal import Participants, Session
from scenarios.story.model import Story
from tests.conftest import MINI
from tests.support import story_of

# A story whose first decision has an action that returns to the same decision (`once`),
# and whose texts carry markup that must stay text everywhere.
LOOKUP = """\
id: lookup
languages: [fi, en]
title: {fi: "Tarkista <b>ensin</b>", en: "Check <b>first</b> & [bold]then[/bold]"}
summary: {fi: Asiakas soittaa laskusta., en: A customer phones about a bill.}
channel: phone
customer: retired-couple
theme: solution-focus
source: "5.1"
state:
  checked: no
nodes:
  call:
    say: {fi: "Lasku on väärin!", en: "The bill is wrong! <script>alert(1)</script>"}
    model_answer: {fi: Katsotaan yhdessä., en: "Let's look at it together."}
    options:
      - id: look
        action: {fi: Katso lasku järjestelmästä., en: "Look the bill up [@click=app.quit]."}
        solution_focused: yes
        points: {expert: 2}
        result: {fi: Lasku on oikein., en: The bill is right.}
        effects: checked = yes
        once: yes
      - id: explain
        if: checked
        reply: {fi: Selitän laskun rivit., en: "Let me explain the lines, \\"one by one\\"."}
        solution_focused: yes
        ideal: yes
        points: {interaction: 2}
        next: done
      - id: hang
        reply: {fi: Soita myöhemmin., en: "Call back later, = obviously."}
        solution_focused: no
        feedback: {fi: Asiakas jää ilman apua., en: "The customer is left without help, <i>again</i>."}
        next: lost
  done:
    ending: resolved
    say: {fi: Kiitos!, en: Thanks!}
  lost:
    ending: unresolved
    say: {fi: Asiakas lopettaa puhelun., en: The customer hangs up.}
"""

# The small story with a rubric at its first decision (own words first); its second decision has none.
OWN_WORDS = MINI.replace("id: mini", "id: own-words", 1).replace(
    """    model_answer: {fi: Katsotaan yhdessä., en: Let's look together.}
""",
    """    model_answer: {fi: Katsotaan yhdessä., en: Let's look together.}
    rubric:
      elements:
        - id: check
          label: {fi: Lupaa katsoa, en: Offers to check}
          words: {fi: [katson, tarkistan], en: [check, look it up]}
        - id: hours
          label: {fi: Kertoo aukioloajat, en: Tells the opening hours}
          words: {fi: [aukioloaika, auki], en: [opening hours, open]}
        - id: greet
          label: {fi: Tervehtii, en: Greets}
          words: {fi: [hei, päivää], en: [hello, good morning]}
      avoid:
        - id: online
          label: {fi: Käskee katsomaan netistä, en: Sends them to the website}
          words: {fi: [netistä], en: [online, website]}
""",
    1,
)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    """A clock at a fixed time until the test moves it."""
    return FakeClock()


@pytest.fixture
def mini(mini_text: str) -> Story:
    """The shared small story."""
    return story_of(mini_text)


@pytest.fixture
def lookup() -> Story:
    """A story whose action returns to its decision, with markup in its texts."""
    return story_of(LOOKUP)


@pytest.fixture
def own_words() -> Story:
    """The small story with a rubric at its first decision."""
    return story_of(OWN_WORDS)


@pytest.fixture
def stories(mini: Story, lookup: Story) -> dict[str, Story]:
    """Both stories by id."""
    return {mini.id: mini, lookup.id: lookup}


@pytest.fixture
def session(mini: Story, clock: FakeClock) -> Session:
    """A started session of the mini story for eight participants."""
    s = Session.new([mini], team="Kirjasto", participants=Participants.of(count=8), clock=clock, seed=3)
    s.start()
    return s
