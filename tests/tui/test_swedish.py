"""The app in Swedish (`--lang sv`): a pilot walks every screen a trainee meets and finds no Finnish or English word.

A word counts as Finnish or English when the trainer's Finnish or English texts use it (its catalogs, the glossary,
the lessons and the stories' texts) and its Swedish texts never do; names, numbers and words the languages share
are not counted. Plurals are Swedish too.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.screen import Screen
from textual.widgets import Static

from scenarios.i18n.catalog import PO_FOLDER, t
from scenarios.i18n.po import read
from scenarios.story.glossary import load_glossary
from scenarios.story.lessons import load_lessons
from scenarios.tui.app import ScenariosApp
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.glossary import GlossaryScreen
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.screens.progress import ProgressScreen
from scenarios.tui.screens.settings import SettingsScreen
from tests.tui.helpers import AppPilot, MakeApp, feedback_shown, search_and_open, until, until_screen

DESK = """\
id: desk-wristband-sv
languages: [fi, en, sv]
title: {fi: Tyhjä ranneke, en: The empty wristband, sv: Det tomma armbandet}
summary:
  fi: Asiakas tulee tiskille tuohtuneena rannekkeen kanssa.
  en: A customer comes to the desk upset about a wristband.
  sv: En kund kommer upprörd till disken med ett armband.
channel: desk
customer: young-adult
theme: customer-positivity
source: "5.1, haastava tarina 1"
difficulty: medium
minutes: 4
shuffle: no
state:
  mood: {start: -1, min: -3, max: 3}
nodes:
  arrive:
    say: {fi: Tämä ranneke ei toimi!, en: This wristband does not work!, sv: Det här armbandet fungerar inte!}
    cues: {fi: Lyö rannekkeen tiskiin., en: Slaps the wristband on the counter., sv: Slår armbandet i disken.}
    lessons: [explain-the-why]
    options:
      - id: empty
        reply: {fi: Se on varmaan tyhjä., en: It is probably empty., sv: Det är säkert tomt.}
        solution_focused: no
        breaks: explain-the-why
        feedback:
          fi: Asiakas sai saman vastauksen jo puhelimessa.
          en: The customer already got that answer on the phone.
          sv: Kunden fick samma svar redan i telefon.
        effects: mood -= 1
        next: report
      - id: check
        action: {fi: Hae rannekkeen raportti., en: Pull the wristband's report., sv: Ta fram armbandets rapport.}
        solution_focused: yes
        ideal: yes
        points: {encounter: 1, expert: 2}
        feedback: {fi: Tosiasiat esiin yhdessä., en: Facts out together., sv: Fakta fram tillsammans.}
        result: {fi: Käynnit vanhenivat maaliskuussa., en: The visits expired in March., sv: Besöken gick ut i mars.}
        effects: mood += 1
        next: report
  report:
    say: {fi: No mitä nyt?, en: So what now?, sv: "Nå, vad nu då?"}
    options:
      - id: explain
        reply:
          fi: Näytän raportin ja hyvitämme käynnit.
          en: I will show you the report and we will refund the visits.
          sv: Jag visar rapporten och vi ersätter besöken.
        solution_focused: yes
        ideal: yes
        points: {interaction: 2, positivity: 1}
        next: calm
      - id: rules
        reply: {fi: Säännöt ovat säännöt., en: Rules are rules., sv: Regler är regler.}
        solution_focused: no
        feedback: {fi: Raja ilman ratkaisua., en: A limit without a solution., sv: En gräns utan lösning.}
        next: angry
  calm:
    ending: resolved
    say:
      fi: Asiakas kiittää ja lähtee uimaan.
      en: The customer says thanks and goes for a swim.
      sv: Kunden tackar och går och simmar.
  angry:
    ending: unresolved
    say: {fi: Asiakas lähtee vihaisena., en: The customer leaves angry., sv: Kunden går därifrån arg.}
"""

PHONE = """\
id: phone-goal-net-sv
languages: [fi, en, sv]
title: {fi: Rikkinäinen maaliverkko, en: The broken goal net, sv: Det trasiga målnätet}
summary:
  fi: Asukas soittaa rikkinäisestä maaliverkosta.
  en: A resident phones about a broken goal net.
  sv: En invånare ringer om ett trasigt målnät.
channel: phone
customer: retired-couple
theme: solution-focus
source: "5.1, tavallinen tarina 7"
difficulty: easy
minutes: 3
shuffle: no
nodes:
  ring:
    say:
      fi: "Hei, kentän maaliverkko on rikki."
      en: "Hello, the goal net on the field is broken."
      sv: "Hej, målnätet på planen är trasigt."
    cues: {fi: Taustalla kuuluu tuulta., en: Wind can be heard in the background., sv: Det blåser i bakgrunden.}
    options:
      - id: ask
        reply:
          fi: "Kiitos ilmoituksesta! Millä kentällä?"
          en: "Thanks for letting us know! Which field?"
          sv: "Tack för att du meddelar! Vilken plan?"
        solution_focused: yes
        ideal: yes
        next: done
      - id: elsewhere
        reply: {fi: Soita huoltoon., en: Call maintenance., sv: Ring fastighetsskötseln.}
        solution_focused: no
        next: done
  done:
    ending: resolved
    say: {fi: Puhelu päättyy., en: The call ends., sv: Samtalet tar slut.}
"""

WORD = re.compile(r"[^\W\d_]{2,}")


def words(text: str) -> set[str]:
    return {word.casefold() for word in WORD.findall(text)}


def texts_in(language: str, stories: str) -> set[str]:
    """Every word the trainer's own texts use in `language`: its catalog, the glossary, the lessons, the stories."""
    catalog = read(PO_FOLDER / f"{language}.po")
    found: set[str] = set()
    for message in catalog.messages:
        if language == "en":
            found |= words(f"{message.source} {message.source_plural or ''}")
        else:
            found |= words(" ".join(message.translation))
    glossary, lessons = load_glossary(), load_lessons()
    for term in glossary.terms:
        found |= words(" ".join(text.get_text(language) for text in term.texts()))
    for lesson in lessons.lessons:
        found |= words(" ".join(text.get_text(language) for text in lesson.texts()))
    for line in stories.splitlines():  # the stories' texts: `fi: ...` up to the next language
        for code, text in re.findall(r"\b(fi|en|sv): ([^,}\n]+)", line):
            if code == language:
                found |= words(text)
    return found


FOREIGN = (texts_in("fi", DESK + PHONE) | texts_in("en", DESK + PHONE)) - texts_in("sv", DESK + PHONE)


def shown(screen: Screen[object]) -> str:
    """Every character the screen shows, line by line (as the terminal would)."""
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def foreign_words(app: ScenariosApp) -> list[str]:
    return sorted(words(shown(app.screen)) & FOREIGN)


def sv_library(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir(parents=True)
    (folder / "desk.yaml").write_text(DESK, encoding="utf-8")
    (folder / "phone.yaml").write_text(PHONE, encoding="utf-8")
    return folder


async def continue_after_feedback(app: ScenariosApp, pilot: AppPilot) -> None:
    await until(pilot, lambda: feedback_shown(app), "the feedback")
    assert foreign_words(app) == []
    await pilot.press("enter")
    await until(pilot, lambda: not feedback_shown(app), "the feedback to close")


async def test_every_screen_speaks_swedish(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(language="sv", paths=[sv_library(tmp_path)])
    async with app.run_test(size=(110, 40)) as pilot:  # the feedback under the conversation, at full width
        await until_screen(pilot, LibraryScreen, "the library")
        assert "Det tomma armbandet" in shown(app.screen) and "Sök berättelser" in shown(app.screen)
        assert foreign_words(app) == []
        await pilot.press("ctrl+p")
        await until(pilot, lambda: "Kommandon" in shown(app.screen) or "Sök kommandon" in shown(app.screen), "palette")
        assert foreign_words(app) == []
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library again")

        await search_and_open(app, pilot, "armband")
        await until_screen(pilot, PlayScreen, "the story")
        await until(pilot, lambda: "Det här armbandet fungerar inte!" in shown(app.screen), "the first line drawn")
        assert "Humör: irriterad (-1)" in shown(app.screen)
        assert foreign_words(app) == []
        await pilot.press("1")  # "It is probably empty": not solution-focused, with the lesson it breaks
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        assert "Lärdom: Visa och förklara, konstatera inte bara (kapitel 5)" in shown(app.screen)
        await continue_after_feedback(app, pilot)
        await pilot.press("1")  # the ideal reply
        await continue_after_feedback(app, pilot)
        await until(pilot, lambda: "Till sammanfattningen" in shown(app.screen), "the end of the story")
        assert foreign_words(app) == []
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")
        assert "Din väg och idealvägen" in shown(app.screen)
        assert foreign_words(app) == []

        for key, kind in (("f3", ProgressScreen), ("f2", GlossaryScreen), ("f4", SettingsScreen)):
            await pilot.press(key)
            await until_screen(pilot, kind, kind.__name__)
            assert foreign_words(app) == [], kind.__name__
        assert "✓ svenska" in shown(app.screen)
        await pilot.press("f1")
        await until_screen(pilot, LibraryScreen, "the library")

        await search_and_open(app, pilot, "målnät")
        await until_screen(pilot, PlayScreen, "the phone call")
        await until(pilot, lambda: "Samtalet pågår" in shown(app.screen), "the call timer")
        assert foreign_words(app) == []


def test_swedish_plurals() -> None:
    assert t("rehearsal.export.participant_count", "sv", count=1) == "1 deltagare"
    assert t("records.app.waiting", "sv", count=1) == "1 lärandepost väntar på att skickas."
    assert t("records.app.waiting", "sv", count=3) == "3 lärandeposter väntar på att skickas."
    assert t("transcripts.count", "sv", count=2) == "2 vägar genom berättelsen:"
    assert "(1 beslut fattat)" in t("tui.resume.body", "sv", story="S", when="i dag", decisions=1)
    assert "(2 beslut fattade)" in t("tui.resume.body", "sv", story="S", when="i dag", decisions=2)


async def test_the_check_finds_finnish_and_english_words(make_app: MakeApp, tmp_path: Path) -> None:
    for language, expected in (("en", {"search", "difficulty"}), ("fi", {"aloita", "asiointipiste"})):
        app = make_app(language=language, paths=[sv_library(tmp_path / language)])
        async with app.run_test(size=(120, 40)) as pilot:
            await until_screen(pilot, LibraryScreen, "the library")
            assert expected <= set(foreign_words(app)), language


FINNISH_ONLY = """\
id: aaa-finnish-only
languages: [fi, en]
title: {fi: Tyhjä ranneke, en: The empty wristband}
summary: {fi: Asiakas tulee tiskille., en: A customer comes to the desk.}
channel: desk
customer: young-adult
theme: customer-positivity
source: "5.1, haastava tarina 1"
nodes:
  arrive:
    say: {fi: Ranneke ei toimi., en: The wristband does not work.}
    options:
      - reply: {fi: Katsotaan yhdessä., en: Let us look together.}
        ideal: yes
        solution_focused: yes
        next: done
  done:
    ending: resolved
    say: {fi: Asia selviää., en: It is sorted.}
"""


async def test_a_story_without_swedish_comes_after_the_swedish_ones_and_says_it_is_shown_in_finnish(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = sv_library(tmp_path)
    (folder / "aaa.yaml").write_text(FINNISH_ONLY, encoding="utf-8")
    app = make_app(language="sv", paths=[folder])
    async with app.run_test(size=(120, 40)) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        await until(pilot, lambda: "Tyhjä ranneke" in shown(app.screen), "the three stories listed")
        screen = shown(app.screen)
        # The library's order puts aaa-finnish-only first; in Swedish the two Swedish stories come before it.
        assert screen.index("Det tomma armbandet") < screen.index("Tyhjä ranneke")
        assert screen.index("Det trasiga målnätet") < screen.index("Tyhjä ranneke")
        assert "på finska · servicepunkt · ung vuxen" in screen
        await pilot.press(*"ranneke")

        def card() -> str:
            return " ".join(str(app.screen.query_one("#card-body", Static).visual).split())

        await until(pilot, lambda: "Berättelsen finns inte på svenska; den visas på finska." in card(), "the note")
