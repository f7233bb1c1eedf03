"""`scenarios new`: a commented story skeleton that validates, plays and tests as it is.

Every text is a `TODO` placeholder in each of the story's languages (lint lists what is
left to write, SC015). The skeleton shows the parts a good story uses: state with a
bounded mood, an action that unlocks the ideal reply, lines that depend on the mood, the
lessons each decision tests and each weak option breaks, two endings, and two walkthroughs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from scenarios.story.model import THEME_CHAPTERS, Channel

# (Finnish, English) placeholder texts; other languages get the English one.
Pair = tuple[str, str]

CHANNEL_OPENING: dict[str, dict[str, Pair]] = {
    "desk": {
        "say": ("TODO: mitä asiakas sanoo tiskillä", "TODO: what the customer says at the desk"),
        "cues": ("TODO: eleet ja ilmeet, äänensävy", "TODO: body language and tone of voice"),
    },
    "phone": {
        "say": ("TODO: mitä soittaja sanoo", "TODO: what the caller says"),
        "cues": (
            "TODO: mitä kuulet: äänensävy, huokaukset, taustaäänet",
            "TODO: what you hear: tone of voice, sighs, background noise",
        ),
    },
    "email": {
        "say": ("TODO: sähköpostin teksti", "TODO: the text of the email"),
        "from": ("TODO: lähettäjä", "TODO: sender"),
        "subject": ("TODO: aihe", "TODO: subject"),
    },
    "chat": {
        "say": ("TODO: asiakkaan ensimmäinen chat-viesti", "TODO: the customer's first chat message"),
    },
}

SUMMARY: Pair = (
    "TODO: yksi kappale: mikä tilanne on ja kuka asiakas on",
    "TODO: one paragraph: what the situation is and who the customer is",
)
MODEL_ANSWER: Pair = (
    "TODO: koko ihanteellinen vastaus ja mitä teet seuraavaksi",
    "TODO: the whole ideal response and what you do next",
)
ACTION: Pair = (
    "TODO: jotain, mitä teet, esim. katsot varauksen järjestelmästä",
    "TODO: something you do, e.g. look up the booking",
)
SOURCE: Pair = (
    "TODO: luku ja tarina, esim. 5.1, arkinen tarina 6",
    "TODO: chapter and story, e.g. 5.1, everyday story 6",
)
RESOLVED: Pair = (
    "TODO: miten asiakas lähtee, ja mitä tästä voi oppia",
    "TODO: how the customer leaves, and what to take from it",
)

# Comments in the skeleton, (Finnish, English): the author's UI language.
COMMENTS: dict[str, Pair] = {
    "intro": (
        "# Uusi tarina scenarios-kouluttajaan. Korvaa jokainen TODO omilla sanoillasi; jäljellä olevat\n# luettelee: scenarios lint {path}\n# Opas: scenarios help authoring · kaikki avaimet: scenarios help format\n# Valmis esimerkkitarina: scenarios help example",
        "# A new story for the scenarios trainer. Replace every TODO with your own words; the ones left\n# are listed by: scenarios lint {path}\n# Guide: scenarios help authoring · every key: scenarios help format\n# A finished example story: scenarios help example",
    ),
    "customer": (
        "# Asiakas: young-adult, retired-couple, wheelchair-user tai foreign-language-family (materiaalin\n"
        "# neljä asiakasta), tai other, jolloin kerro kohdassa customer_description, kuka asiakas on.",
        "# The customer: young-adult, retired-couple, wheelchair-user or foreign-language-family (the\n"
        "# material's four customers), or other, and then say who they are under customer_description.",
    ),
    "theme": (
        "# Materiaalin luku, jota tarina harjoittelee:\n# {themes}",
        "# The chapter of the material the story practises:\n# {themes}",
    ),
    "source": (
        "# Mistä materiaalin kohdasta tarina on:",
        "# Where in the material the story comes from:",
    ),
    "difficulty": (
        "# easy, medium tai hard",
        "# easy, medium or hard",
    ),
    "state": (
        "# Tarinan muuttujat alkuarvoineen. Kouluttaja näyttää mielialan (`mood`) sanoin.",
        "# The story's variables and their starting values. The trainer shows `mood` in words.",
    ),
    "mood_words": (
        "# Mielialan sanat ovat oletuksena raivoissaan … ilahtunut. Jos ne eivät sovi asiakkaaseesi\n"
        "# (huolestunut soittaja ei ole harmistunut), nimeä ne itse, esim.:\n"
        "# mood_words:\n#   -1: {mood_example}",
        "# The mood's words are the trainer's, furious … delighted. When they do not fit your customer\n"
        "# (a worried caller is not annoyed), name them yourself, e.g.:\n"
        "# mood_words:\n#   -1: {mood_example}",
    ),
    "flag": (
        "# kyllä/ei-lippu; alla oleva toiminto asettaa sen",
        "# a yes/no flag; the action below sets it",
    ),
    "first": (
        "  # Tarina alkaa ensimmäisestä solmusta. Solmu, jossa on vaihtoehtoja, on päätöskohta.",
        "  # The first node is where the story starts. A node with options is a decision.",
    ),
    "model": (
        "    # Mallivastaus: koko ihanteellinen vastaus laajemmin kuin vaihtoehtoon mahtuu (mitä sanot\n"
        "    # ja teet seuraavaksi); näytetään heikomman valinnan jälkeen. Jätä pois, jos sillä ei ole\n"
        "    # lisättävää vaihtoehdon tekstiin. Se kuuluu alla olevalle `ideal: yes` -vastaukselle, jonka\n"
        "    # toiminto avaa: ennen toimintoa ihanteellisena näytetään toiminto itse,\n"
        "    # mallivastaus vasta toiminnon jälkeen.",
        "    # The model answer: the whole ideal response, in more words than an option holds (what you\n"
        "    # say and do next); shown after a poorer choice. Leave it out when it would only repeat the\n"
        "    # option. It belongs to the `ideal: yes` reply below, which the action unlocks: before the\n"
        "    # action the action itself is shown as the ideal,\n"
        "    # the model answer only once the action is done.",
    ),
    "lessons": (
        "    # Mitä materiaalin oppia (1–3) tämä päätös mittaa: se, jonka tunteminen ratkaisee valinnan.\n    # `scenarios lessons` luettelee opit tunnisteineen; palaute ja yhteenveto nimeävät opin\n    # ja luvun.",
        "    # Which lessons of the material (1-3) this decision tests: the ones the choice turns on.\n    # `scenarios lessons` lists the lessons and their ids; the feedback and the debrief name\n    # the lesson and its chapter.",
    ),
    "rubric": (
        "    # Oma vastaus ensin (valinnainen): hyvän vastauksen osat ja vältettävät virheet, kukin\n"
        "    # sanoineen, joista sen tunnistaa (taivutusmuodot, yhdyssanat ja kirjoitusvirheet löytyvät\n"
        "    # myös; kieltosana kumoaa: 'en voi luvata' ei ole lupaus). Poista #-merkit ja kirjoita omat:\n"
        "    # rubric:\n"
        "    #   elements:\n"
        "    #     - id: next-step\n"
        "    #       label: {fi: Sopii seuraavan askeleen, en: Agrees the next step}\n"
        "    #       lesson: own-the-next-step\n"
        "    #       words: {fi: [soitan huomenna, palaan asiaan], en: [i'll call tomorrow, get back to you]}\n"
        "    #   avoid:\n"
        "    #     - id: elsewhere\n"
        "    #       label: {fi: Lähettää muualle, en: Sends the customer elsewhere}\n"
        "    #       words: {fi: [soita itse, ota yhteyttä], en: [call them yourself, contact them]}",
        "    # Own words first (optional): the ideal reply's elements and the mistakes to avoid, each\n"
        "    # with the words that show it (inflected forms, compounds and typos are found too; a\n"
        "    # negation undoes: 'can't promise' is no promise). Remove the #s and write your own:\n"
        "    # rubric:\n"
        "    #   elements:\n"
        "    #     - id: next-step\n"
        "    #       label: {fi: Sopii seuraavan askeleen, en: Agrees the next step}\n"
        "    #       lesson: own-the-next-step\n"
        "    #       words: {fi: [soitan huomenna, palaan asiaan], en: [i'll call tomorrow, get back to you]}\n"
        "    #   avoid:\n"
        "    #     - id: elsewhere\n"
        "    #       label: {fi: Lähettää muualle, en: Sends the customer elsewhere}\n"
        "    #       words: {fi: [soita itse, ota yhteyttä], en: [call them yourself, contact them]}",
    ),
    "breaks": (
        "        # Mitä oppia tämä heikko vaihtoehto rikkoo: pakollinen, kun `solution_focused: no`.",
        "        # Which lesson this weak option breaks: needed whenever `solution_focused: no`.",
    ),
    "action": (
        "      # Toiminto on jotain, mitä teet. Ilman `next:`-kohtaa se palaa tähän päätöskohtaan;\n      # `once: yes` poistaa sen valikosta, kun se on valittu.",
        "      # An action is something you do. Without `next:` it returns to this decision;\n      # `once: yes` makes it disappear after it has been chosen.",
    ),
    "ideal": (
        "      # Ihanteellinen vastaus; näkyy vasta, kun toiminto on tehty (`if:`).",
        "      # The ideal reply, shown only once the action has been done (`if:`).",
    ),
    "friendly": (
        "      # Ystävällinen vastaus, joka ei ratkaise mitään\n      # (luku 4: ystävällinen ei ole ratkaisukeskeinen).",
        "      # A friendly reply that does not solve anything (chapter 4: friendly is not solution-focused).",
    ),
    "lines": (
        "    # Rivit, joissa on `if:`, näkyvät vain, kun ehto pätee: asiakas reagoi.\n    # Vaikutukset lasketaan valittaessa: mood alkaa 0:sta, `help` tekee siitä 1 (`mood > 0` pätee),\n    # `friendly` -1 (`mood <= 0` pätee); `check` ei muuta sitä. Mood pysyy rajoissa -3…3.",
        "    # Lines with `if:` are shown only when the condition holds: the customer reacts.\n    # Effects apply when an option is chosen: mood starts at 0, `help` makes it 1\n    # (`mood > 0` holds), `friendly` -1 (`mood <= 0` holds); `check` leaves it.\n    # Mood stays within -3…3.",
    ),
    "endings": (
        "  # Loput: resolved, partly tai unresolved. Kertoja kertoo, miten asiakas lähtee.",
        "  # Endings: resolved, partly or unresolved. The narrator says how the customer leaves.",
    ),
    "walk": (
        "# Läpipeluut: `scenarios test` pelaa nämä ja tarkistaa, mitä niistä seuraa.\n# Kukin valinta on vaihtoehdon tunniste (id) tai sen tekstin alkusanat.",
        "# Walkthroughs: `scenarios test` plays these and checks what follows.\n# Each choice is an option's id (or the first words of its text).",
    ),
}

CHANNEL_HINT: dict[str, Pair] = {
    "desk": (
        "Asiointipisteessä myös kehonkielesi puhuu: kuvaa asiakkaan eleet ja ilmeet kohtaan 'cues:'.",
        "At the desk your body language speaks too: describe the customer's in 'cues:'.",
    ),
    "phone": (
        "Puhelimessa ei ole kehonkieltä: 'cues:' on se, mitä kuulet; kerro ääneen, mitä teet.",
        "On the phone there is no body language: 'cues:' are what you hear; say aloud what you are doing.",
    ),
    "email": (
        "Sähköpostivastauksen pitää olla kattava ja itsenäinen: asiakas ei voi heti kysyä tarkennusta.",
        "An email answer must be complete and self-contained: the customer cannot ask back at once.",
    ),
    "chat": (
        "Chatissa vastaa nopeasti ja lyhyesti, ja kerro asiakkaalle, kun tarvitset hetken.",
        "In chat, answer quickly and briefly, and tell the customer when you need a moment.",
    ),
}


def _theme_lines() -> str:
    """Every theme with its chapter, wrapped into comment lines (none is left out behind a '...')."""
    names = [f"{theme.value} ({chapter})" for theme, chapter in THEME_CHAPTERS.items()]
    lines, line = [], ""
    for name in names:
        if line and len(line) + len(name) + 2 > 90:
            lines.append(line + ",")
            line = name
        else:
            line = f"{line}, {name}" if line else name
    return "\n# ".join([*lines, line])


_THEMES = _theme_lines()


def schema_reference(target: Path, schema: Path) -> str:
    """The schema's path as written in the file's `yaml-language-server` line (relative, `/`)."""
    relative = os.path.relpath(schema.resolve(), target.resolve().parent)
    return Path(relative).as_posix()


def skeleton(
    story_id: str, channel: str, languages: list[str], schema_ref: str, *, comments: str = "fi", path: str = ""
) -> str:
    """The text of a new story file, its comments in `comments` (`fi` or `en`)."""
    if channel not in {kind.value for kind in Channel}:
        raise ValueError(channel)

    def c(key: str) -> str:
        fi, en = COMMENTS[key]
        return (
            (fi if comments == "fi" else en).replace("{path}", path or f"{story_id}.yaml").replace("{themes}", _THEMES)
        )

    def text(pair: Pair, indent: int) -> str:
        pad = " " * indent
        return "\n".join(
            f"{pad}{code}: {json.dumps(pair[0] if code == 'fi' else pair[1], ensure_ascii=False)}" for code in languages
        )

    worried = ", ".join(f"{code}: {'huolissaan' if code == 'fi' else 'worried'}" for code in languages)
    mood_example = f"{{{worried}}}"
    opening = CHANNEL_OPENING[channel]
    finnish = comments == "fi" and "fi" in languages
    source_placeholder = SOURCE[0] if finnish else SOURCE[1]
    header = f"""# yaml-language-server: $schema={schema_ref}
{c("intro")}
# {CHANNEL_HINT[channel][0 if comments == "fi" else 1]}
id: {story_id}
languages: [{", ".join(languages)}]
title:
{text(("TODO: tarinan nimi", "TODO: the story's title"), 2)}
summary:
{text(SUMMARY, 2)}
channel: {channel}
{c("customer")}
customer: young-adult
{c("theme")}
theme: solution-focus
{c("source")}
source: "{source_placeholder}"
difficulty: medium      {c("difficulty")}
minutes: 5
tags: []

{c("state")}
state:
  mood: {{start: 0, min: -3, max: 3}}
  checked: no           {c("flag")}
{c("mood_words").replace("{mood_example}", mood_example)}

nodes:
{c("first")}
  start:
"""
    first = [f"    say:\n{text(opening['say'], 6)}"]
    if "cues" in opening:
        first.append(f"    cues:\n{text(opening['cues'], 6)}")
    if channel == "email":
        first.append(
            f"    email:\n      from:\n{text(opening['from'], 8)}\n      subject:\n{text(opening['subject'], 8)}"
        )
    body = (
        "\n".join(first)
        + f"""
{c("model")}
    model_answer:
{text(MODEL_ANSWER, 6)}
{c("lessons")}
    lessons: [check-before-promising]
    options:
{c("action")}
      - id: check
        action:
{text(ACTION, 10)}
        solution_focused: yes
        once: yes
        points: {{expert: 1}}
        result:
{text(("TODO: mitä toiminto paljastaa", "TODO: what the action reveals"), 10)}
        feedback:
{text(("TODO: miksi tämä auttaa tätä asiakasta", "TODO: why this helps this customer"), 10)}
        effects: checked = yes
{c("ideal")}
      - id: help
        if: checked
        reply:
{text(("TODO: ratkaisukeskeinen vastaus", "TODO: the solution-focused reply"), 10)}
        solution_focused: yes
        ideal: yes
        points: {{encounter: 2, interaction: 1, expert: 2, positivity: 1}}
        feedback:
{text(("TODO: miksi tämä on ratkaisukeskeinen", "TODO: why this is solution-focused"), 10)}
        effects: mood += 1
        next: follow_up
{c("friendly")}
      - id: friendly
        reply:
{text(("TODO: ystävällinen mutta ei ratkaisukeskeinen vastaus", "TODO: a friendly reply that solves nothing"), 10)}
        solution_focused: no
{c("breaks")}
        breaks: friendly-is-not-enough
        points: {{interaction: 1}}
        feedback:
{text(("TODO: miksi ystävällisyys ei tässä riitä", "TODO: why friendliness is not enough here"), 10)}
        effects: mood -= 1
        next: follow_up

  follow_up:
{c("lines")}
    say:
      - if: mood > 0
        text:
{text(("TODO: mitä asiakas sanoo tyytyväisenä", "TODO: what the customer says when pleased"), 10)}
      - if: mood <= 0
        text:
{text(("TODO: mitä asiakas sanoo harmistuneena", "TODO: what the customer says when annoyed"), 10)}
    model_answer:
{text(("TODO: toisen päätöskohdan mallivastaus", "TODO: the model answer at the second decision"), 6)}
    lessons: [own-the-next-step]
{c("rubric")}
    options:
      - id: solve
        reply:
{text(("TODO: vastaus, joka ratkaisee asian", "TODO: the reply that settles the matter"), 10)}
        solution_focused: yes
        ideal: yes
        points: {{encounter: 1, interaction: 1, expert: 2, positivity: 1}}
        feedback:
{text(("TODO: miksi tämä ratkaisee asian", "TODO: why this settles the matter"), 10)}
        next: solved
      - id: pass_on
        reply:
{text(("TODO: vastaus, joka siirtää asiakkaan muualle", "TODO: a reply that sends the customer elsewhere"), 10)}
        solution_focused: no
        breaks: own-the-next-step
        feedback:
{text(("TODO: miksi asiakas jää tyhjän päälle", "TODO: why this leaves the customer with nothing"), 10)}
        next: not_solved

{c("endings")}
  solved:
    ending: resolved
    say:
{text(RESOLVED, 6)}
  not_solved:
    ending: unresolved
    say:
{text(("TODO: miten asiakas lähtee ilman ratkaisua", "TODO: how the customer leaves without a solution"), 6)}

{c("walk")}
walkthroughs:
  - name: the ideal path
    choices: [check, help, solve]
    ending: solved
    outcome: resolved
    verdicts: [yes, yes, yes]
    min_score: {{solution_focused: 3}}
  - name: friendly but not solution-focused
    choices: [friendly, pass_on]
    outcome: unresolved
    verdicts: [no, no]
"""
    )
    return header + body
