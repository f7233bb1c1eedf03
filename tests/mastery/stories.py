"""Three small stories of the mastery tests' own, each decision tagged with lessons of the catalog, and helpers
that play them through the trainer as a trainee would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from scenarios.store import Store
from scenarios.story.model import Story
from scenarios.trainer.review import DecisionRound
from scenarios.trainer.session import PlaySession, Trainer
from tests.support import story_of

DESK = """\
id: desk-card
languages: [fi, en]
title: {fi: Kortti tiskillä, en: A card at the desk}
summary: {fi: Asiakas kysyy korttiaan., en: A customer asks about their card.}
channel: desk
customer: young-adult
theme: solution-focus
source: "4"
nodes:
  start:
    say: {fi: Onko korttini valmis?, en: Is my card ready?}
    lessons: [check-before-promising, find-the-need]
    options:
      - id: promise
        reply: {fi: On varmasti!, en: It surely is!}
        solution_focused: no
        breaks: check-before-promising
        feedback: {fi: Lupasit tarkistamatta., en: You promised without checking.}
        next: wait
      - id: look
        action: {fi: Katso tilaus järjestelmästä., en: Look the order up in the system.}
        solution_focused: yes
        ideal: yes
        feedback: {fi: Tarkistit ensin., en: You checked first.}
        next: wait
      - id: later
        reply: {fi: Tulkaa huomenna., en: Come back tomorrow.}
        solution_focused: no
        feedback: {fi: Asia ei etene., en: The matter does not move.}
        next: wait
  wait:
    say: {fi: Milloin se sitten tulee?, en: So when will it come?}
    lessons: plain-language
    options:
      - id: plain
        reply: {fi: Ensi viikolla postissa., en: "Next week, by post."}
        solution_focused: yes
        ideal: yes
        next: done
      - id: jargon
        reply: {fi: Tilaus on Pusatecissa tilassa 3., en: The order is in Pusatec state 3.}
        solution_focused: yes
        breaks: plain-language
        next: done
  done:
    ending: resolved
    say: {fi: Asiakas kiittää., en: The customer thanks you.}
"""

PHONE = """\
id: phone-hours
languages: [fi, en]
title: {fi: Aukioloajat puhelimessa, en: Opening hours on the phone}
summary: {fi: Soittaja kysyy aukioloja., en: A caller asks about opening hours.}
channel: phone
customer: retired-couple
theme: solution-focus
source: "4"
nodes:
  start:
    say: {fi: Milloin halli on auki?, en: When is the hall open?}
    lessons: friendly-is-not-enough
    options:
      - id: online
        reply: {fi: "Katsokaa netistä, kiitos!", en: "Please look it up online, thanks!"}
        solution_focused: no
        breaks: friendly-is-not-enough
        next: thanks
      - id: tell
        reply: {fi: Kuudesta yhdeksään., en: Six to nine.}
        solution_focused: yes
        ideal: yes
        next: thanks
  thanks:
    say: {fi: Kiitos paljon!, en: Thank you so much!}
    lessons: [accept-praise, thank-the-customer]
    options:
      - id: accept
        reply: {fi: "Kiitos itsellenne, mukavaa päivää!", en: "Thank you too, have a nice day!"}
        solution_focused: yes
        ideal: yes
        next: done
      - id: nothing
        reply: {fi: Ei tämä mitään., en: It was nothing.}
        solution_focused: no
        next: done
  done:
    ending: resolved
    say: {fi: Puhelu päättyy., en: The call ends.}
"""

EMAIL = """\
id: email-login
languages: [fi, en]
title: {fi: Tunnukset sähköpostilla, en: A login by email}
summary: {fi: Kollega pyytää tunnuksia., en: A colleague asks for a login.}
channel: email
customer: young-adult
theme: solution-focus
source: "8"
nodes:
  start:
    email:
      sender: {fi: Jonna, en: Jonna}
      subject: {fi: Tunnukset, en: A login}
    say: {fi: Tarvitsen tunnukset järjestelmään., en: I need a login to the system.}
    lessons: [colleague-is-a-customer, no-assumed-knowledge]
    options:
      - id: steps
        reply: {fi: Tässä ohjeet vaihe vaiheelta., en: Here are the steps one by one.}
        solution_focused: yes
        ideal: yes
        next: done
      - id: form
        reply: {fi: Täytä lomake 7B., en: Fill in form 7B.}
        solution_focused: no
        breaks: no-assumed-knowledge
        next: done
  done:
    ending: resolved
    say: {fi: Jonna kiittää., en: Jonna thanks you.}
"""

TEXTS = (DESK, PHONE, EMAIL)


def stories() -> list[Story]:
    """The three stories, loaded."""
    return [story_of(text) for text in TEXTS]


def play(trainer: Trainer, story: Story, options: list[str], *, mode: str = "practice") -> PlaySession:
    """Play `story` to its end choosing these option ids (as far as they go), then the ideal; finished."""
    session = trainer.start(story, title=story.id, language="en", mode=mode, seed=1)
    wanted = list(options)
    while not session.play.is_over:
        option = wanted.pop(0) if wanted else session.play.ideal_option()
        session.choose(next(c.number for c in session.play.beat().choices if c.option_id == option))
    assert session.finish()
    return session


def practise(store: Store, clock: Callable[[], float] | None = None) -> None:
    """Everything practice that adapts records, on `store`: lessons met and mastered (the email answered as the
    ideal three times), missed and fallen back, and two review rounds, one done and one left."""
    ticking = clock or _Ticking()
    trainer = Trainer(store, clock=ticking)
    desk, phone, email = stories()
    for _ in range(3):
        play(trainer, email, ["steps"])
    play(trainer, email, ["form"])  # no-assumed-knowledge falls back to learning
    play(trainer, desk, ["promise", "jargon"])
    play(trainer, phone, ["tell", "nothing"], mode="exam")
    found = {story.id: story for story in (desk, phone, email)}.get
    book = trainer.lessons
    for leave_early in (False, True):
        round_ = DecisionRound(book, book.plan([desk, phone, email], book.today() + timedelta(days=1)), found)
        while round_.open_next():
            while not round_.item_done:
                assert round_.play is not None
                round_.choose(round_.play.ideal_choice() or 1)
            if leave_early:
                break
        round_.end()


class _Ticking:
    """A clock a minute further at each reading."""

    def __init__(self) -> None:
        self.now = 1_750_068_000.0

    def __call__(self) -> float:
        self.now += 60
        return self.now
