"""The catalog of lint diagnostics: code, severity and message in English and Finnish.

Diagnostics are data. Every code here is documented with an example in
docs/authoring.md and has an example story under tests/authoring/lint_examples/ that
makes it fire (a test checks both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios.catalog import t
from scenarios.loader import Diagnostic


@dataclass(frozen=True)
class Code:
    """One lint diagnostic: its code, a short name, severity and message templates."""

    code: str
    name: str
    severity: str
    en: str
    fi: str


CODES: dict[str, Code] = {
    entry.code: entry
    for entry in (
        Code(
            "SC001",
            "unreachable-node",
            "warning",
            "No playthrough ever reaches the node '{node}'. Lead to it with 'next:' from an option or a passage, or remove it.",
            "Mikään pelikerta ei koskaan päädy solmuun '{node}'. Ohjaa siihen jonkin vaihtoehdon tai välikohtauksen 'next:'-kohdalla, tai poista se.",
        ),
        Code(
            "SC002",
            "dead-end",
            "error",
            "The story can get stuck at '{node}': no option is on offer there {when}. Add an option without 'if:', or make sure one of the conditions holds.",
            "Tarina voi jumiutua solmuun '{node}': siellä ei ole tarjolla yhtään vaihtoehtoa {when}. Lisää vaihtoehto ilman 'if:'-ehtoa tai varmista, että jokin ehdoista pätee.",
        ),
        Code(
            "SC003",
            "no-ideal-option",
            "error",
            "At '{node}' the ideal option can be hidden while no solution-focused option is on offer, so the trainer would show a poor option as the ideal. Offer a solution-focused option (such as the action that unlocks the ideal) in that situation.",
            "Solmussa '{node}' ihanteellinen vaihtoehto voi olla piilossa, eikä tarjolla ole ratkaisukeskeistä vaihtoehtoa, joten kouluttaja näyttäisi huonon vaihtoehdon ihanteellisena. Tarjoa siinä tilanteessa ratkaisukeskeinen vaihtoehto (esim. toiminto, joka tuo ihanteellisen esiin).",
        ),
        Code(
            "SC004",
            "no-feedback",
            "warning",
            "This option has no 'feedback:'. Say in a sentence or two why it helps or does not help this customer.",
            "Tällä vaihtoehdolla ei ole palautetta ('feedback:'). Kerro lauseella tai kahdella, miksi se auttaa tai ei auta tätä asiakasta.",
        ),
        Code(
            "SC005",
            "missing-translation",
            "warning",
            "This text is written once for all the story's languages ({languages}), so it is not translated. Write it with each language ('fi: ...', 'en: ...'), unless it is a name.",
            "Tämä teksti on kirjoitettu kerran kaikille tarinan kielille ({languages}), joten sitä ei ole käännetty. Kirjoita se kielittäin ('fi: ...', 'en: ...'), ellei se ole nimi.",
        ),
        Code(
            "SC006",
            "unreachable-ending",
            "warning",
            "No playthrough ever reaches the ending '{node}'. Lead an option to it with 'next: {node}', or remove it.",
            "Mikään pelikerta ei päädy loppuun '{node}'. Ohjaa jokin vaihtoehto siihen ('next: {node}') tai poista se.",
        ),
        Code(
            "SC007",
            "loop-without-exit",
            "error",
            "Once a playthrough gets to '{node}' it can never reach an ending: every way on leads back ({loop}). Give one of these nodes an option that leads towards an ending.",
            "Kun pelikerta päätyy solmuun '{node}', se ei enää koskaan pääse loppuun: kaikki tiet johtavat takaisin ({loop}). Lisää johonkin näistä solmuista vaihtoehto, joka vie kohti loppua.",
        ),
        Code(
            "SC008",
            "ideal-path-not-resolved",
            "warning",
            "Choosing the ideal option at every decision {outcome}. The ideal path should end in an ending with 'ending: resolved'.",
            "Kun jokaisessa päätöskohdassa valitaan ihanteellinen vaihtoehto, {outcome}. Ihannepolun pitäisi päättyä loppuun, jossa on 'ending: resolved'.",
        ),
        Code(
            "SC009",
            "ideal-path-not-highest",
            "warning",
            "The ideal path scores {ideal} on '{dimension}', but choosing {path} scores {best}. Give the ideal options the highest points, or lower the points of this option.",
            "Ihannepolku saa ulottuvuudesta '{dimension}' {ideal} pistettä, mutta valinnoilla {path} saa {best}. Anna ihanteellisille vaihtoehdoille suurimmat pisteet tai laske tämän vaihtoehdon pisteitä.",
        ),
        Code(
            "SC010",
            "duplicate-option-text",
            "error",
            "This option reads the same as the option '{other}' at this decision ('{text}'). The trainee cannot tell them apart: rewrite one of them.",
            "Tämä vaihtoehto kuuluu samoin kuin tämän päätöskohdan vaihtoehto '{other}' ('{text}'). Harjoittelija ei erota niitä: kirjoita toinen uudelleen.",
        ),
        Code(
            "SC011",
            "condition-never-true",
            "warning",
            "The condition '{source}' is never true where it is checked, so {what}. Fix the condition or the effects that should make it true.",
            "Ehto '{source}' ei ole koskaan tosi siinä kohdassa, jossa se tarkistetaan, joten {what}. Korjaa ehto tai vaikutukset, joiden pitäisi tehdä siitä tosi.",
        ),
        Code(
            "SC012",
            "condition-always-true",
            "warning",
            "The condition '{source}' is true every time it is checked, so it changes nothing. Remove the 'if:', or fix it.",
            "Ehto '{source}' on tosi joka kerta, kun se tarkistetaan, joten se ei vaikuta mihinkään. Poista 'if:' tai korjaa ehto.",
        ),
        Code(
            "SC013",
            "ideal-not-solution-focused",
            "error",
            "This option is marked 'ideal: yes' but 'solution_focused: no'. The ideal response is always solution-focused: fix one of the two.",
            "Tämä vaihtoehto on merkitty 'ideal: yes' mutta 'solution_focused: no'. Ihanteellinen vastaus on aina ratkaisukeskeinen: korjaa toinen niistä.",
        ),
        Code(
            "SC014",
            "too-many-states",
            "warning",
            "Explored {paths} paths and stopped: the story can go on into ever new situations (more than {limit}, or more than {depth} choices deep), or has too many paths to try them all. Does a number without 'min'/'max' change in a loop? So the checks for unreachable nodes, loops, conditions and scores were skipped. Give numbers bounds: '{{start: 0, min: -3, max: 3}}', or split the story.",
            "Käytiin läpi {paths} polkua ja lopetettiin: tarina voi jatkua yhä uusiin tilanteisiin (yli {limit}, tai yli {depth} valinnan syvyyteen), tai siinä on liian monta polkua kaikkien kokeilemiseen. Muuttuuko jokin luku silmukassa ilman 'min'/'max'-rajoja? Siksi saavuttamattomien solmujen, silmukoiden, ehtojen ja pisteiden tarkistukset ohitettiin. Anna luvuille rajat: '{{start: 0, min: -3, max: 3}}', tai jaa tarina osiin.",
        ),
        Code(
            "SC015",
            "placeholder-text",
            "warning",
            "This text still contains the placeholder 'TODO'. Write the real text.",
            "Tässä tekstissä on yhä paikkamerkki 'TODO'. Kirjoita oikea teksti.",
        ),
        Code(
            "SC016",
            "missing-trainer-language",
            "warning",
            "The story is not written in '{language}', one of the trainer's languages, so a trainee using the trainer in '{language}' gets it in '{first}'. Add '{language}' to 'languages:' and translate the texts.",
            "Tarinaa ei ole kirjoitettu kielellä '{language}', joka on yksi kouluttajan kielistä, joten kouluttajaa kielellä '{language}' käyttävä saa sen kielellä '{first}'. Lisää '{language}' kohtaan 'languages:' ja käännä tekstit.",
        ),
        Code(
            "SC017",
            "ideal-is-longest",
            "warning",
            "In '{language}' the ideal option is the longest one at {longest} of the story's {decisions} decisions, so a trainee who always picks the longest reply wins without reading. Rewrite, don't pad: a good reply can be short, and a weak one can ramble.",
            "Kielellä '{language}' ihannevaihtoehto on pisin {longest} päätöskohdassa tarinan {decisions} päätöskohdasta, joten aina pisimmän vastauksen valitseva pärjää lukematta. Kirjoita uudelleen, älä täytä: hyvä vastaus voi olla lyhyt ja heikko jaaritteleva.",
        ),
        Code(
            "SC018",
            "cue-repeats-prefix",
            "warning",
            "This cue begins with '{prefix}', and the trainer already shows '{prefix}:' before every cue, so the trainee would read it twice. Start with what is heard or seen, e.g. 'A sigh, then silence.'",
            "Tämä vihje alkaa sanoilla '{prefix}', ja kouluttaja näyttää jo jokaisen vihjeen edessä '{prefix}:', joten harjoittelija lukisi sen kahdesti. Aloita siitä, mitä kuuluu tai näkyy, esim. 'Huokaus, sitten hiljaisuus.'",
        ),
        Code(
            "SC019",
            "mood-out-of-range",
            "warning",
            "The mood may go from {min} to {max}, but the trainer shows moods only from -3 to 3 in words, and a wider range makes one reply count for little. Write 'mood: {{start: 0, min: -3, max: 3}}'.",
            "Mieliala voi vaihdella välillä {min}…{max}, mutta kouluttaja näyttää sanoin vain mielialat -3…3, ja laajempi väli tekee yksittäisestä vastauksesta merkityksettömän. Kirjoita 'mood: {{start: 0, min: -3, max: 3}}'.",
        ),
    )
}

SEVERITIES = ("error", "warning")


def render_code(code: str, params: dict[str, Any], language: str) -> str:
    """`warning SC001: ...` in `language` (English when not Finnish)."""
    entry = CODES[code]
    template = entry.fi if language == "fi" else entry.en
    values = {key: "" if value is None else value for key, value in params.items()}
    localized = {
        key: value[language] if isinstance(value, dict) and language in value else value
        for key, value in values.items()
    }
    localized = {
        key: value["en"] if isinstance(value, dict) and "en" in value else value for key, value in localized.items()
    }
    return f"{t('authoring.severity.' + entry.severity, language)} {code}: {template.format(**localized)}"


@dataclass(frozen=True)
class LintDiagnostic(Diagnostic):
    """A lint finding: formatted like the loader's diagnostics, with a code and severity."""

    def message(self, language: str = "en") -> str:
        """`severity CODE: the sentence saying what is wrong and what to do`."""
        return render_code(self.code, self.params, language)


WALK_MESSAGES: dict[str, dict[str, str]] = {
    "walk_no_option": {
        "en": "At '{node}' no option on offer is '{step}' (by id or by the start of its text). On offer: {offered}.",
        "fi": "Kohdassa '{node}' ei ole tarjolla vaihtoehtoa '{step}' (tunnisteella tai tekstin alulla). Tarjolla: {offered}.",
    },
    "walk_hidden": {
        "en": "At '{node}' the option '{step}' is not on offer yet: its condition '{condition}' does not hold. Choose first what makes it true (e.g. the action that unlocks it). On offer: {offered}.",
        "fi": "Kohdassa '{node}' vaihtoehto '{step}' ei ole vielä tarjolla: sen ehto '{condition}' ei päde. Valitse ensin se, mikä tekee ehdosta toden (esim. toiminto, joka avaa sen). Tarjolla: {offered}.",
    },
    "walk_used": {
        "en": "At '{node}' the option '{step}' is no longer on offer: it has 'once: yes' and was already chosen. On offer: {offered}.",
        "fi": "Kohdassa '{node}' vaihtoehto '{step}' ei ole enää tarjolla: siinä on 'once: yes', ja se on jo valittu. Tarjolla: {offered}.",
    },
    "walk_ambiguous": {
        "en": "At '{node}' the step '{step}' fits several options ({matching}). Use the option's id, or more of its text.",
        "fi": "Kohdassa '{node}' askel '{step}' sopii usealle vaihtoehdolle ({matching}). Käytä vaihtoehdon tunnistetta tai pidempää osaa sen tekstistä.",
    },
    "walk_already_over": {
        "en": "The story already ended at '{node}' before step {step}; {left} more choices are listed. Remove them or fix the earlier steps.",
        "fi": "Tarina päättyi jo kohtaan '{node}' ennen askelta {step}; listassa on vielä {left} valintaa. Poista ne tai korjaa aiemmat askeleet.",
    },
    "walk_not_over": {
        "en": "After the last choice the story has not ended: it waits at '{node}'. Add the remaining choices.",
        "fi": "Viimeisen valinnan jälkeen tarina ei ole päättynyt: se odottaa kohdassa '{node}'. Lisää loput valinnat.",
    },
    "walk_dead_end": {
        "en": "The story got stuck at '{node}': no option was on offer there.",
        "fi": "Tarina jumiutui kohtaan '{node}': siellä ei ollut tarjolla yhtään vaihtoehtoa.",
    },
    "walk_ending": {
        "en": "The walkthrough should end at '{expected}' but ended at '{got}'.",
        "fi": "Läpipeluun pitäisi päättyä kohtaan '{expected}', mutta se päättyi kohtaan '{got}'.",
    },
    "walk_outcome": {
        "en": "The walkthrough should end '{expected}' but ended '{got}'.",
        "fi": "Läpipeluun pitäisi päättyä tulokseen '{expected}', mutta tulos oli '{got}'.",
    },
    "walk_verdict": {
        "en": "The choice '{step}' should be judged solution-focused: {expected}; the story says {got}.",
        "fi": "Valinnan '{step}' pitäisi olla ratkaisukeskeinen: {expected}; tarinassa se on {got}.",
    },
    "walk_score": {
        "en": "The walkthrough should score at least {expected} on '{dimension}' but scored {got}.",
        "fi": "Läpipeluun pitäisi saada ulottuvuudesta '{dimension}' vähintään {expected}, mutta se sai {got}.",
    },
}


@dataclass(frozen=True)
class WalkDiagnostic(Diagnostic):
    """A failed walkthrough expectation, formatted like every other diagnostic."""

    def message(self, language: str = "en") -> str:
        """`walkthrough 'name': what did not follow`."""
        templates = WALK_MESSAGES[self.code]
        text = (templates["fi"] if language == "fi" else templates["en"]).format(**self.params)
        return t("authoring.walkthrough_failed", language, name=self.params.get("walkthrough", "")) + " " + text
