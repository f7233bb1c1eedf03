"""The xAPI Profile of the trainer's statements (JSON-LD, xAPI Profiles 1.0): our extensions as concepts, one
Statement Template per kind of statement, and the order a playthrough's statements come in as Patterns.

The extension ids live under the organisation's base of activity ids (`SCENARIOS_XAPI_BASE`), so the profile
is made for a base: `scenarios records profile` writes the one for the base that is set, and
`docs/xapi-profile.jsonld` is the one for the default base. Every statement names the profile's version as a
`category` context activity, as the Profiles specification asks. The verbs and activity types are ADL's own
(http://adlnet.gov/expapi/...), used as the xAPI vocabulary defines them; the templates say which go where.
"""

from __future__ import annotations

import json
from typing import Any

from scenarios.records.practice import ASSESSMENT, MASTERY_VERBS
from scenarios.records.statements import (
    INTERACTION,
    MASTERY_RULE,
    OBJECTIVE,
    OPTION,
    RESOLVED_RULE,
    SIMULATION,
    VERBS,
    profile_version,
)

CONTEXT = "https://w3id.org/xapi/profiles/context"
CONFORMS_TO = "https://w3id.org/xapi/profiles#1.0"
GENERATED = "2026-12-07T00:00:00Z"
"""When this version of the profile was written (it changes only with a new version)."""
LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"


def profile_id(base: str) -> str:
    """The profile's IRI under the base of activity ids."""
    return _under(base, "profile")


def version_id(base: str) -> str:
    """The IRI of this version of the profile: what statements name as a `category` context activity."""
    return profile_version(base)


def _under(base: str, path: str) -> str:
    return (base if base.endswith("/") else base + "/") + path


def _words(en: str, fi: str) -> dict[str, str]:
    return {"en": en, "fi": fi}


POINTS_SCHEMA = {
    "type": "object",
    "properties": {name: {"type": "integer"} for name in ("encounter", "interaction", "expert", "positivity")},
}
EXTENSIONS: tuple[tuple[str, str, dict[str, str], dict[str, str], dict[str, Any]], ...] = (
    (
        "mode",
        "ContextExtension",
        _words("Mode", "Tila"),
        _words(
            "How the story was played: practice (feedback after each choice), exam (feedback in the debrief, "
            "passed or failed at the end), rehearsal (a team's choices in a facilitated rehearsal) or review (a "
            "single decision played again in the day's review or from the lessons view, with feedback at once).",
            "Miten tarina pelattiin: harjoitus (palaute joka valinnan jälkeen), koe (palaute yhteenvedossa, "
            "lopuksi läpäisty tai ei), harjoitus tiiminä (tiimin valinnat ohjatussa harjoituksessa) tai kertaus "
            "(yksittäinen päätös uudelleen päivän kertauksessa tai oppien näkymästä, palaute heti).",
        ),
        {"enum": ["practice", "exam", "rehearsal", "review"]},
    ),
    (
        "points",
        "ResultExtension",
        _words("Points", "Pisteet"),
        _words(
            "The points the chosen option gave on each value dimension of the material (ch. 3 and 5): encounter, "
            "interaction, expert at work and customer-positivity, each -3 to 3.",
            "Valitun vaihtoehdon pisteet aineiston arvoulottuvuuksilla (luvut 3 ja 5): kohtaaminen, vuorovaikutus, "
            "asiantuntija työssä ja asiakasmyönteisyys, kukin -3–3.",
        ),
        POINTS_SCHEMA,
    ),
    (
        "ideal-option",
        "ResultExtension",
        _words("Ideal option", "Ihannevaihtoehto"),
        _words(
            "The activity id of the ideal option of the decision as it was offered (the correct response).",
            "Päätöksen ihannevaihtoehdon aktiviteettitunnus sellaisena kuin päätös tarjottiin (oikea vastaus).",
        ),
        {"type": "string", "format": "iri"},
    ),
    (
        "ideal-points",
        "ResultExtension",
        _words("Ideal option's points", "Ihannevaihtoehdon pisteet"),
        _words("The points the ideal option would have given.", "Pisteet, jotka ihannevaihtoehto olisi antanut."),
        POINTS_SCHEMA,
    ),
    (
        "is-ideal",
        "ResultExtension",
        _words("Chose the ideal", "Valitsi ihanteen"),
        _words(
            "Whether the chosen option was the ideal one (success says whether it was solution-focused, which a "
            "good option other than the ideal may also be).",
            "Oliko valittu vaihtoehto ihanteellinen (success kertoo, oliko valinta ratkaisukeskeinen, mikä "
            "muukin hyvä vaihtoehto voi olla).",
        ),
        {"type": "boolean"},
    ),
    (
        "kind",
        "ResultExtension",
        _words("Kind of choice", "Valinnan laji"),
        _words("reply (words to the customer) or action (a deed).", "vastaus (sanat asiakkaalle) tai toiminto (teko)."),
        {"enum": ["reply", "action"]},
    ),
    (
        "outcome",
        "ResultExtension",
        _words("Outcome", "Lopputulos"),
        _words(
            "How the customer's matter ended: resolved, partly or unresolved (null when the story ended elsewhere).",
            "Miten asiakkaan asia päättyi: ratkaistu, osittain tai ei ratkaistu (null, jos tarina päättyi muualla).",
        ),
        {"enum": ["resolved", "partly", "unresolved", None]},
    ),
    (
        "ending",
        "ResultExtension",
        _words("Ending", "Loppu"),
        _words("The name of the story's node the playthrough ended at.", "Tarinan solmu, johon pelikerta päättyi."),
        {"type": ["string", "null"]},
    ),
    (
        "dead-end",
        "ResultExtension",
        _words("Dead end", "Umpikuja"),
        _words(
            "True when the playthrough stopped where the story offered no way on (an author's mistake).",
            "Tosi, kun pelikerta pysähtyi kohtaan, josta tarina ei tarjonnut jatkoa (kirjoittajan virhe).",
        ),
        {"type": "boolean"},
    ),
    (
        "dimension-points",
        "ResultExtension",
        _words("Points per dimension", "Pisteet ulottuvuuksittain"),
        _words(
            "Per value dimension, the points the playthrough got and the points of the story's ideal path.",
            "Kullakin arvoulottuvuudella pelikerran pisteet ja tarinan ihannepolun pisteet.",
        ),
        {"type": "object", "additionalProperties": {"type": "object", "required": ["got", "ideal"]}},
    ),
    (
        "ideal-choices",
        "ResultExtension",
        _words("Ideal choices", "Ihannevalinnat"),
        _words("How many choices were the ideal one.", "Montako valintaa oli ihanteellisia."),
        {"type": "integer", "minimum": 0},
    ),
    (
        "pass-rule",
        "ResultExtension",
        _words("Pass rule", "Läpäisyn ehto"),
        _words(
            f"What decides passed or failed in an exam. '{RESOLVED_RULE}': the story ended resolved (the customer's "
            "matter settled); score.scaled, the share of solution-focused choices, does not decide, so failed "
            f"with a high score means the matter was not settled. '{MASTERY_RULE}N': the share of solution-focused "
            "choices reached the mastery score N (an LMS's cmi5 launch gave one). The same value is in the story "
            "activity's definition.",
            f"Mikä ratkaisee kokeen läpäisyn. '{RESOLVED_RULE}': tarina päättyi ratkaistuna (asiakkaan asia "
            "hoitui); score.scaled eli ratkaisukeskeisten valintojen osuus ei ratkaise, joten hylätty korkealla "
            f"pistemäärällä tarkoittaa, ettei asia hoitunut. '{MASTERY_RULE}N': ratkaisukeskeisten valintojen "
            "osuus yltää hallintarajaan N (LMS:n cmi5-käynnistys antoi sen). Sama arvo on tarinan aktiviteetin "
            "määrittelyssä.",
        ),
        {"type": "string"},
    ),
    (
        "breaks",
        "ResultExtension",
        _words("Lessons broken", "Rikotut opit"),
        _words(
            "The lessons of the material (objective activities under lessons/) the chosen option goes against; the "
            "lessons the decision tests are its grouping context activities.",
            "Aineiston opit (objective-aktiviteetit lessons/-osoitteessa), joita valittu vaihtoehto rikkoo; "
            "päätöksen testaamat opit ovat sen grouping-kontekstiaktiviteetit.",
        ),
        {"type": "array", "items": {"type": "string", "format": "iri"}},
    ),
    (
        "own-reply",
        "ResultExtension",
        _words("Own reply", "Oma vastaus"),
        _words(
            "Own words first: the reply the trainee wrote before the options were shown, as typed (text), and what "
            "the decision's rubric found in it once the trainee's corrections are taken in: the elements of the "
            "ideal reply it has (elements) and leaves out (missing), the mistakes it makes (mistakes), and the "
            "items whose mark the trainee turned over (corrected). Items are the rubric's ids; labels gives each "
            "element's label by language, for a report. The reply stays in "
            "the trainee's own store and this LRS.",
            "Oma vastaus ensin: vastaus, jonka harjoittelija kirjoitti ennen kuin näki vaihtoehdot, sellaisenaan "
            "(text), ja mitä päätöksen tarkistuslista siitä löysi harjoittelijan korjausten jälkeen: "
            "ihannevastauksen osat, jotka siinä on (elements) ja jotka puuttuvat (missing), sen virheet "
            "(mistakes) ja kohdat, joiden merkinnän harjoittelija käänsi (corrected). Kohdat ovat "
            "tarkistuslistan tunnuksia; labels antaa kunkin osan nimen kielittäin raporttia varten. Vastaus pysyy "
            "harjoittelijan omassa tallenteessa ja tässä LRS:ssä.",
        ),
        {
            "type": "object",
            "required": ["text", "elements", "missing", "mistakes", "corrected"],
            "properties": {
                "text": {"type": "string"},
                **{
                    key: {"type": "array", "items": {"type": "string"}}
                    for key in ("elements", "missing", "mistakes", "corrected")
                },
                "labels": {"type": "object", "additionalProperties": {"type": "object"}},
            },
        },
    ),
    (
        "mastery",
        "ResultExtension",
        _words("Mastery", "Hallinta"),
        _words(
            "A lesson's state after the answer that changed it: learning (met, but its last three answers did not "
            "all go right) or mastered (its last three answers all went right). The rule is the trainer's "
            "(scenarios.mastery.rule); an answer goes against a lesson its option breaks, or, for an option that "
            "is not solution-focused and names none, against every lesson the decision tests, and for the "
            "decision's lessons a solution-focused option does not break.",
            "Opin tila sen muuttaneen vastauksen jälkeen: harjoittelussa (kohdattu, mutta sen kolme viimeisintä "
            "vastausta eivät kaikki osuneet) tai hallussa (kolme viimeisintä vastausta osuivat). Sääntö on "
            "harjoittelijan (scenarios.mastery.rule): vastaus on oppia vastaan, jos valittu vaihtoehto rikkoo "
            "sen, tai ei-ratkaisukeskeinen vaihtoehto, joka ei nimeä rikkomaansa oppia, kaikkia päätöksen "
            "oppeja vastaan, ja ratkaisukeskeinen vaihtoehto niiden päätöksen oppien puolesta, joita se ei riko.",
        ),
        {"enum": ["learning", "mastered"]},
    ),
    (
        "mastery-before",
        "ResultExtension",
        _words("Mastery before", "Hallinta ennen"),
        _words(
            "The lesson's state before the answer: not-seen, learning or mastered.",
            "Opin tila ennen vastausta: not-seen (ei kohdattu), learning tai mastered.",
        ),
        {"enum": ["not-seen", "learning", "mastered"]},
    ),
    (
        "recent-answers",
        "ResultExtension",
        _words("Recent answers", "Viimeisimmät vastaukset"),
        _words(
            "Whether each of the lesson's last answers (at most three, oldest first) went right.",
            "Osuiko kukin opin viimeisimmistä vastauksista (enintään kolme, vanhin ensin).",
        ),
        {"type": "array", "items": {"type": "boolean"}, "maxItems": 3},
    ),
    (
        "review-items",
        "ResultExtension",
        _words("Decisions in the round", "Kierroksen päätökset"),
        _words(
            "A review round: how many decisions it had (missed decisions due again, and decisions of lessons not "
            "yet met).",
            "Kertauskierros: montako päätöstä siinä oli (uudelleen vuorossa olevat virheet ja päätökset opeista, "
            "joita ei ole vielä kohdattu).",
        ),
        {"type": "integer", "minimum": 1},
    ),
    (
        "solution-focused-options",
        "ActivityExtension",
        _words("Solution-focused options", "Ratkaisukeskeiset vaihtoehdot"),
        _words(
            "On a decision (a choice interaction): the ids of its choices that are solution-focused, so a report "
            "can give the verdict on an option nobody chose.",
            "Päätöksen (valintatehtävän) määrittelyssä: niiden vaihtoehtojen tunnukset, jotka ovat "
            "ratkaisukeskeisiä, jotta raportti voi kertoa arvion myös vaihtoehdosta, jota kukaan ei valinnut.",
        ),
        {"type": "array", "items": {"type": "string"}},
    ),
    (
        "chapter",
        "ActivityExtension",
        _words("Chapter", "Luku"),
        _words(
            "On a lesson (an objective activity): the chapter of the material the lesson comes from.",
            "Opin (objective-aktiviteetin) määrittelyssä: aineiston luku, josta oppi on.",
        ),
        {"type": "integer", "minimum": 1},
    ),
    (
        "votes",
        "ResultExtension",
        _words("Votes", "Äänet"),
        _words(
            "A team rehearsal: how many votes each option got.", "Tiimiharjoitus: montako ääntä kukin vaihtoehto sai."
        ),
        {"type": "object", "additionalProperties": {"type": "integer"}},
    ),
    (
        "vote-shares",
        "ResultExtension",
        _words("Vote shares", "Äänten osuudet"),
        _words(
            "A team rehearsal: each option's share of the votes.", "Tiimiharjoitus: kunkin vaihtoehdon osuus äänistä."
        ),
        {"type": "object", "additionalProperties": {"type": "number"}},
    ),
    (
        "continued-by",
        "ResultExtension",
        _words("Continued by", "Jatkon peruste"),
        _words(
            "A team rehearsal: how the team went on from the decision (the majority, the facilitator's pick, or the "
            "ideal).",
            "Tiimiharjoitus: miten tiimi jatkoi päätöksestä (enemmistö, ohjaajan valinta tai ihanne).",
        ),
        {"type": "string"},
    ),
)
DECISION_EXTENSIONS = ("points", "ideal-option", "ideal-points", "is-ideal", "kind")
ENDING_EXTENSIONS = ("outcome", "ending", "dead-end", "dimension-points", "ideal-choices", "pass-rule")


def profile(base: str) -> dict[str, Any]:
    """The profile of the statements made under `base`, as a JSON-LD document."""
    version = version_id(base)

    def ext(name: str) -> str:
        return _under(base, f"extensions/{name}")

    def template(
        name: str,
        label: dict[str, str],
        definition: dict[str, str],
        verb: str,
        activity_type: str,
        rules: list[dict[str, Any]],
        parent: str | None = None,
    ) -> dict[str, Any]:
        made: dict[str, Any] = {
            "id": _under(base, f"profile/templates/{name}"),
            "type": "StatementTemplate",
            "inScheme": version,
            "prefLabel": label,
            "definition": definition,
            "verb": verb,
            "objectActivityType": activity_type,
        }
        if parent is not None:
            made["contextParentActivityType"] = [parent]
        made["rules"] = [*common, *rules]
        return made

    def included(location: str, **more: Any) -> dict[str, Any]:
        return {"location": location, "presence": "included", **more}

    def excluded(location: str) -> dict[str, Any]:
        return {"location": location, "presence": "excluded"}

    common = [
        included("$.id"),
        included("$.timestamp"),
        included("$.context.registration"),
        included(f"$.context.extensions['{ext('mode')}']"),
        included("$.context.contextActivities.category[*].id", any=[version]),
    ]
    decision_rules = [
        included("$.result.response"),
        included("$.result.success"),
        included("$.result.duration"),
        *(included(f"$.result.extensions['{ext(name)}']") for name in DECISION_EXTENSIONS),
        included("$.context.contextActivities.other[*].definition.type", all=[OPTION]),
        {
            "location": "$.context.contextActivities.grouping[*].definition.type",
            "presence": "recommended",
            "all": [OBJECTIVE],
            "scopeNote": _words(
                "The lessons of the material the decision tests (1-3), when its story names them.",
                "Aineiston opit, joita päätös testaa (1-3), kun tarina nimeää ne.",
            ),
        },
    ]
    ending_rules = [
        included("$.result.duration"),
        included("$.result.score.scaled"),
        *(included(f"$.result.extensions['{ext(name)}']") for name in ENDING_EXTENSIONS),
    ]
    templates = [
        template(
            "initialized",
            _words("A playthrough begins", "Pelikerta alkaa"),
            _words("The trainee opened the story.", "Harjoittelija avasi tarinan."),
            VERBS["initialized"],
            SIMULATION,
            [excluded("$.result")],
        ),
        template(
            "answered",
            _words("A reply at a decision", "Vastaus päätöksessä"),
            _words(
                "The trainee chose a reply at a decision (a choice interaction: the options are its choices, the "
                "ideal its correct response). success: the reply was solution-focused (ch. 4).",
                "Harjoittelija valitsi vastauksen päätöksessä (valintatehtävä: vaihtoehdot ovat sen valinnat, ihanne "
                "oikea vastaus). success: vastaus oli ratkaisukeskeinen (luku 4).",
            ),
            VERBS["answered"],
            INTERACTION,
            decision_rules,
            parent=SIMULATION,
        ),
        template(
            "interacted",
            _words("An action at a decision", "Toiminto päätöksessä"),
            _words(
                "The trainee did something at a decision (looked a booking up, called a colleague); as answered.",
                "Harjoittelija teki jotain päätöksessä (katsoi varauksen, soitti kollegalle); kuten vastaus.",
            ),
            VERBS["interacted"],
            INTERACTION,
            decision_rules,
            parent=SIMULATION,
        ),
        template(
            "completed",
            _words("The story ends", "Tarina päättyy"),
            _words(
                "The playthrough reached an ending: its outcome, score (the share of solution-focused choices) and "
                "points per dimension. success: the customer's matter was resolved.",
                "Pelikerta päättyi: lopputulos, pisteet (ratkaisukeskeisten valintojen osuus) ja pisteet "
                "ulottuvuuksittain. success: asiakkaan asia ratkesi.",
            ),
            VERBS["completed"],
            SIMULATION,
            [included("$.result.completion", all=[True]), *ending_rules],
        ),
        template(
            "passed",
            _words("Exam passed", "Koe läpäisty"),
            _words("An exam passed under its pass rule.", "Koe läpäisty läpäisyn ehdolla."),
            VERBS["passed"],
            SIMULATION,
            [included("$.result.success", all=[True]), *ending_rules],
        ),
        template(
            "failed",
            _words("Exam failed", "Koe hylätty"),
            _words("An exam not passed under its pass rule.", "Koe ei läpäisty läpäisyn ehdolla."),
            VERBS["failed"],
            SIMULATION,
            [included("$.result.success", all=[False]), *ending_rules],
        ),
        template(
            "terminated",
            _words("The playthrough is over", "Pelikerta on ohi"),
            _words("The last statement of a finished playthrough.", "Päättyneen pelikerran viimeinen merkintä."),
            VERBS["terminated"],
            SIMULATION,
            [],
        ),
        template(
            "suspended",
            _words("Left unfinished", "Jäi kesken"),
            _words("The trainee left the story mid-way.", "Harjoittelija jätti tarinan kesken."),
            VERBS["suspended"],
            SIMULATION,
            [excluded("$.result")],
        ),
        template(
            "resumed",
            _words("Taken up again", "Jatkettiin"),
            _words(
                "The trainee went on with a story left unfinished.", "Harjoittelija jatkoi kesken jäänyttä tarinaa."
            ),
            VERBS["resumed"],
            SIMULATION,
            [excluded("$.result")],
        ),
        template(
            "launched",
            _words("A team rehearsal opens a story", "Tiimiharjoitus avaa tarinan"),
            _words(
                "The facilitator put the story on the shared screen; the actor is the team (a Group of the "
                "participants), and the team's answers carry the votes.",
                "Ohjaaja avasi tarinan yhteiselle näytölle; tekijä on tiimi (osallistujien ryhmä), ja tiimin "
                "vastauksissa ovat äänet.",
            ),
            LAUNCHED,
            SIMULATION,
            [included("$.actor.member[*]")],
        ),
        template(
            "mastered",
            _words("A lesson mastered", "Oppi hallussa"),
            _words(
                "The last three answers about a lesson of the material all went right (the object is the lesson, "
                "an objective activity). One registration per trainee holds their lessons' changes of state.",
                "Opin kolme viimeisintä vastausta osuivat (kohde on oppi, objective-aktiviteetti). Kunkin "
                "harjoittelijan oppien tilan muutokset ovat yhden rekisteröinnin alla.",
            ),
            MASTERY_VERBS["mastered"][0],
            OBJECTIVE,
            [
                included("$.result.success", all=[True]),
                included(f"$.result.extensions['{ext('mastery')}']", all=["mastered"]),
                *(included(f"$.result.extensions['{ext(name)}']") for name in ("mastery-before", "recent-answers")),
            ],
        ),
        template(
            "progressed",
            _words("A lesson being learned", "Oppi harjoittelussa"),
            _words(
                "A lesson of the material met for the first time, or fallen back from mastered after a miss.",
                "Aineiston oppi kohdattiin ensi kertaa, tai se putosi hallitusta virheen jälkeen.",
            ),
            MASTERY_VERBS["progressed"][0],
            OBJECTIVE,
            [
                included("$.result.success", all=[False]),
                included(f"$.result.extensions['{ext('mastery')}']", all=["learning"]),
                *(included(f"$.result.extensions['{ext(name)}']") for name in ("mastery-before", "recent-answers")),
            ],
        ),
        template(
            "review-initialized",
            _words("A review round begins", "Kertauskierros alkaa"),
            _words(
                "The trainee began the day's review (its first answer): decisions played again one by one, each "
                "in context, answered and recorded as in a playthrough (mode review) under the round's registration.",
                "Harjoittelija aloitti päivän kertauksen (sen ensimmäinen vastaus): päätöksiä yksi kerrallaan "
                "tilanteessaan, vastaukset kirjataan kuten pelikerrassa (tila review) kierroksen rekisteröinnillä.",
            ),
            VERBS["initialized"],
            ASSESSMENT,
            [excluded("$.result")],
        ),
        template(
            "review-completed",
            _words("A review round done", "Kertauskierros tehty"),
            _words(
                "Every decision of the round was played: the score is the share answered right.",
                "Kierroksen jokainen päätös pelattiin: pisteet ovat oikein vastattujen osuus.",
            ),
            VERBS["completed"],
            ASSESSMENT,
            [
                included("$.result.completion", all=[True]),
                included("$.result.score.scaled"),
                included(f"$.result.extensions['{ext('review-items')}']"),
            ],
        ),
        template(
            "review-terminated",
            _words("A review round left", "Kertauskierros jätetty"),
            _words(
                "The trainee left the round before its last decision: the score is the share of those answered "
                "that went right; the rest stay due.",
                "Harjoittelija lopetti kierroksen ennen viimeistä päätöstä: pisteet ovat vastattujen oikeiden "
                "osuus; loput jäävät vuoroon.",
            ),
            VERBS["terminated"],
            ASSESSMENT,
            [
                included("$.result.completion", all=[False]),
                included("$.result.score.scaled"),
                included(f"$.result.extensions['{ext('review-items')}']"),
            ],
        ),
    ]

    def pattern(name: str, kind: str, value: Any, **more: Any) -> dict[str, Any]:
        return {
            "id": _under(base, f"profile/patterns/{name}"),
            "type": "Pattern",
            "inScheme": version,
            kind: value,
            **more,
        }

    def t(name: str) -> str:
        return _under(base, f"profile/templates/{name}")

    def p(name: str) -> str:
        return _under(base, f"profile/patterns/{name}")

    patterns = [
        pattern("step", "alternates", [t("answered"), t("interacted"), t("suspended"), t("resumed")]),
        pattern("steps", "zeroOrMore", p("step")),
        pattern("verdict", "alternates", [t("passed"), t("failed")]),
        pattern("exam-verdict", "optional", p("verdict")),
        pattern("ending", "sequence", [t("completed"), p("exam-verdict"), t("terminated")]),
        pattern("finished", "optional", p("ending")),
        pattern(
            "playthrough",
            "sequence",
            [t("initialized"), p("steps"), p("finished")],
            primary=True,
            prefLabel=_words("A playthrough", "Pelikerta"),
            definition=_words(
                "One registration: initialized, the choices (and any pauses), and once the story has ended "
                "completed, passed or failed in an exam, and terminated.",
                "Yksi rekisteröinti: aloitus, valinnat (ja tauot), ja tarinan päätyttyä suoritus, kokeessa "
                "läpäisy tai hylkäys, ja lopetus.",
            ),
        ),
        pattern(
            "rehearsal",
            "sequence",
            [t("launched"), p("playthrough")],
            primary=True,
            prefLabel=_words("A team's story in a rehearsal", "Tiimin tarina harjoituksessa"),
            definition=_words(
                "One registration per story of a team rehearsal: launched, then the team's playthrough.",
                "Tiimiharjoituksen jokaisella tarinalla oma rekisteröinti: avaus, sitten tiimin pelikerta.",
            ),
        ),
        pattern("review-step", "alternates", [t("answered"), t("interacted")]),
        pattern("review-steps", "zeroOrMore", p("review-step")),
        pattern("review-end", "alternates", [t("review-completed"), t("review-terminated")]),
        pattern("review-ended", "optional", p("review-end")),
        pattern(
            "review",
            "sequence",
            [t("review-initialized"), p("review-steps"), p("review-ended")],
            primary=True,
            prefLabel=_words("A review round", "Kertauskierros"),
            definition=_words(
                "One registration per round of the day's review: begun, the trainee's choices, and done or left.",
                "Päivän kertauksen jokaisella kierroksella oma rekisteröinti: aloitus, valinnat ja tehty tai jätetty.",
            ),
        ),
        pattern("mastery-change", "alternates", [t("mastered"), t("progressed")]),
        pattern(
            "mastery",
            "oneOrMore",
            p("mastery-change"),
            primary=True,
            prefLabel=_words("A trainee's lessons", "Harjoittelijan opit"),
            definition=_words(
                "One registration per trainee: each change of a lesson's state, as the answers made it.",
                "Yksi rekisteröinti harjoittelijaa kohden: jokainen opin tilan muutos vastausten mukaan.",
            ),
        ),
    ]
    return {
        "@context": CONTEXT,
        "id": profile_id(base),
        "type": "Profile",
        "conformsTo": CONFORMS_TO,
        "prefLabel": _words("Customer-service scenario trainer", "Asiakaspalvelun harjoitustarinat"),
        "definition": _words(
            "The statements of `scenarios`, a trainer that plays the City of Turku's customer-service situations "
            "(Asiakaspalvelun koulutuspaketti, 2017) as branching stories: each choice judged solution-focused or "
            "not, with points on the material's value dimensions.",
            "Asiakaspalvelun harjoitustarinoiden (scenarios) merkinnät: Turun kaupungin asiakaspalvelun tilanteet "
            "(Asiakaspalvelun koulutuspaketti, 2017) haarautuvina tarinoina, joissa jokainen valinta arvioidaan "
            "ratkaisukeskeiseksi tai ei ja pisteytetään aineiston arvoulottuvuuksilla.",
        ),
        "versions": [{"id": version, "generatedAtTime": GENERATED}],
        "author": {"type": "Organization", "name": "scenarios"},
        "concepts": [
            {
                "id": ext(name),
                "type": kind,
                "inScheme": version,
                "prefLabel": label,
                "definition": definition,
                "inlineSchema": json.dumps(schema, ensure_ascii=False, sort_keys=True),
            }
            for name, kind, label, definition, schema in EXTENSIONS
        ],
        "templates": templates,
        "patterns": patterns,
    }


def profile_text(base: str) -> str:
    """The profile as the JSON-LD file is written (indented, UTF-8, ending with a newline)."""
    return json.dumps(profile(base), ensure_ascii=False, indent=2) + "\n"
