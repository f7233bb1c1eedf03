"""The four customer roles of chapter 6, told from the customer's side: who you are, and what brings you to
each channel. Role cards give a customer one situation for every station the rotation takes them to.

The situations are examples in the spirit of chapter 6 (and of chapter 5.1's cases: the swimming
wristband, the bus card, the camp area, the early-education place, the library card); they are not
quotations from the material. Chapter 6 says the exercise is not meant to put each group of customers
in one box, so a role is not one habit: the retired couple are one daily email user and one who would
rather talk to a person, the young adult phones when nothing else works.
"""

from __future__ import annotations

PERSONAS: dict[str, dict[str, str]] = {
    "young-adult": {
        "fi": "Olet 19-vuotias opiskelija ja muutit juuri Turkuun. Hoidat asiasi mieluiten puhelimella ja netissä, "
        "milloin vain, etkä vielä tunne kaupungin palveluja.",
        "en": "You are a 19-year-old student who has just moved to Turku. You would rather sort things out on your "
        "phone and online, at any hour, and you do not know the city's services yet.",
    },
    "retired-couple": {
        "fi": "Olette 74- ja 77-vuotias pariskunta ja hoidatte asioita usein yhdessä. Toinen teistä käyttää "
        "sähköpostia ja verkkopankkia päivittäin, toinen asioi mieluummin ihmisen kanssa ja käyttää kuulokojetta.",
        "en": "You are a couple aged 74 and 77 and often go about things together. One of you uses email and online "
        "banking every day; the other would rather deal with a person and wears a hearing aid.",
    },
    "wheelchair-user": {
        "fi": "Olet 35-vuotias ja liikut sähköpyörätuolilla. Hoidat asiasi itse ja arvostat sitä, että sinulle "
        "puhutaan suoraan eikä avustajasi kautta.",
        "en": "You are 35 and use a power wheelchair. You handle your own affairs and appreciate being spoken to "
        "directly, not through your assistant.",
    },
    "foreign-language-family": {
        "fi": "Olette perhe, joka muutti Turkuun puoli vuotta sitten: kaksi aikuista ja kolme lasta. Vanhemmat "
        "puhuvat vähän suomea ja jonkin verran englantia; 12-vuotias tytär puhuu suomea parhaiten ja tulkkaa usein.",
        "en": "You are a family who moved to Turku six months ago: two adults and three children. The parents "
        "speak a little Finnish and some English; your 12-year-old daughter speaks Finnish best and often "
        "interprets.",
    },
}

SITUATIONS: dict[tuple[str, str], dict[str, str]] = {
    ("young-adult", "desk"): {
        "fi": "Tulet liikuntapalvelujen asiointipisteeseen ostamaan uimahallin sarjakorttia opiskelijahinnalla. "
        "Sinulla on kiire luennolle, eikä opiskelijakorttisi ole vielä tullut: sinulla on vain sovellus puhelimessa.",
        "en": "You come to the sports services desk to buy a swimming-pool pass at the student price. You are in a "
        "hurry to a lecture, and your student card has not arrived yet: all you have is the app on your phone.",
    },
    ("young-adult", "email"): {
        "fi": "Kirjoitat sähköpostia, koska haluat tietää, saako nuorisotilan varattua bändiharjoituksiin illaksi. "
        "Odotat vastausta samana päivänä etkä halua täyttää paperilomaketta.",
        "en": "You write an email to ask whether the youth centre can be booked for band practice in the evening. "
        "You expect an answer the same day and would rather not fill in a paper form.",
    },
    ("young-adult", "chat"): {
        "fi": "Avaat kaupungin sivuilla chatin, koska verkossa lataamasi bussikortin arvo ei näy kortilla. "
        "Kirjoitat lyhyesti puhelimella bussipysäkillä ja haluat ratkaisun heti.",
        "en": "You open the chat on the city's website because the value you loaded onto your bus card online does "
        "not show on the card. You type short messages on your phone at the bus stop and want it solved now.",
    },
    ("young-adult", "phone"): {
        "fi": "Soitat vasta, kun muu ei ole auttanut: kirjastosta on tullut myöhästymismaksu kirjasta, jonka "
        "mielestäsi palautit ajallaan. Et ole tottunut soittamaan virastoihin.",
        "en": "You phone only because nothing else worked: the library has charged you a late fee for a book you "
        "believe you returned in time. You are not used to phoning public offices.",
    },
    ("retired-couple", "desk"): {
        "fi": "Tulette asiointipisteeseen lataamaan bussikortille kauden ja kysymään, miten seniorialennuksen saa. "
        "Kerrotte mielellänne samalla kuulumisia ja haluatte, että asiat käydään rauhassa läpi.",
        "en": "You come to the desk to load a season ticket onto your bus card and to ask how to get the senior "
        "discount. You like to chat a little on the way and want things gone through calmly.",
    },
    ("retired-couple", "email"): {
        "fi": "Sähköpostia käyttävä teistä ilmoittaa teidät kummatkin senioriliikuntaryhmään. Viestissä on monta "
        "kysymystä (ajat, hinta, pääseekö mukaan polvileikkauksen jälkeen), ja haluatte vastauksen jokaiseen.",
        "en": "The one of you who uses email signs you both up for a seniors' exercise group. The message has "
        "several questions in it (times, price, whether one of you can join after a knee operation), and you want "
        "an answer to each.",
    },
    ("retired-couple", "chat"): {
        "fi": "Avaatte chatin, koska puhelinjono oli pitkä. Toinen kirjoittaa ja lukee vastaukset toiselle ääneen. "
        "Haluatte tietää, vastaako ihminen vai kone ja saako keskustelun talteen.",
        "en": "You open the chat because the phone queue was long. One of you types and reads the answers aloud to "
        "the other. You want to know whether a person or a machine is answering, and whether you can keep the "
        "conversation.",
    },
    ("retired-couple", "phone"): {
        "fi": "Soitatte kysyäksenne, mistä saisitte apua lumitöihin ja kauppakassien kantamiseen. Puhutte "
        "vuorotellen samaan puhelimeen ja pyydätte toistamaan, kun ette kuule.",
        "en": "You phone to ask where you could get help with clearing snow and carrying the shopping home. You "
        "take turns on the same phone and ask for things to be repeated when you cannot hear.",
    },
    ("wheelchair-user", "desk"): {
        "fi": "Tulet vuokraamaan leirialuetta yhdistyksesi kesäleirille ja haluat tietää, onko alueella esteetön "
        "wc ja pääseekö sinne pyörätuolilla. Asiointipisteen tiski on sinulle liian korkea.",
        "en": "You come to rent a camp area for your association's summer camp and want to know whether it has an "
        "accessible toilet and can be reached in a wheelchair. The counter at the desk is too high for you.",
    },
    ("wheelchair-user", "email"): {
        "fi": "Kysyt sähköpostilla uimahallin esteettömyydestä: onko nostolaite, esteetön pukuhuone ja "
        "pysäköintipaikka lähellä ovea. Haluat vastauksen kirjallisena, jotta voit näyttää sen avustajallesi.",
        "en": "You email to ask about access at the swimming pool: is there a hoist, an accessible changing room "
        "and a parking space near the door? You want the answer in writing so you can show it to your assistant.",
    },
    ("wheelchair-user", "chat"): {
        "fi": "Kirjoitat chattiin matkalla kirjaston tilaisuuteen: kuljetuspalvelun kyyti on myöhässä, ja tarvitset "
        "nopeasti tiedon, onko kirjaston sisäänkäynnin hissi käytössä.",
        "en": "You write in the chat on your way to an event at the library: your transport service is late, and "
        "you need to know quickly whether the lift at the library entrance is working.",
    },
    ("wheelchair-user", "phone"): {
        "fi": "Soitat, koska liikuntapalvelujen ranneke ei avaa esteettömän sisäänkäynnin porttia. Olet oven "
        "ulkopuolella sateessa ja soitat kännykällä.",
        "en": "You phone because your sports services wristband does not open the gate at the accessible entrance. "
        "You are outside the door in the rain, calling on your mobile.",
    },
    ("foreign-language-family", "desk"): {
        "fi": "Tulette koko perhe asiointipisteeseen kysymään lasten harrastuksista ja niiden hinnoista. Lapset "
        "touhuavat ympärillä, tytär kääntää äidille, ettekä tiedä, mitä papereita tarvitaan.",
        "en": "The whole family comes to the desk to ask about activities for the children and what they cost. The "
        "children are busy all around, your daughter translates for her mother, and you do not know which papers "
        "are needed.",
    },
    ("foreign-language-family", "email"): {
        "fi": "Saitte kirjeen varhaiskasvatuspaikasta, mutta ette ymmärrä, pitääkö paikka vielä vahvistaa. "
        "Kirjoitatte sähköpostin käännösohjelman avulla, ja osa lauseista on epäselviä.",
        "en": "You received a letter about an early-education place but do not understand whether you still have to "
        "confirm it. You write the email with a translation app, and some sentences come out unclear.",
    },
    ("foreign-language-family", "chat"): {
        "fi": "Kokeilette chattia, koska siinä voi kirjoittaa rauhassa ja tarkistaa sanoja. Kysytte, miten lapsi "
        "saa kirjastokortin ja tarvitaanko siihen huoltajan allekirjoitus.",
        "en": "You try the chat because there you can write at your own pace and look words up. You ask how a child "
        "gets a library card and whether a guardian's signature is needed.",
    },
    ("foreign-language-family", "phone"): {
        "fi": "Isä soittaa kysyäkseen, miksi varhaiskasvatuksen lasku on niin suuri. Nopeaa suomea on vaikea "
        "ymmärtää puhelimessa, kun ei näe kasvoja eikä eleitä.",
        "en": "The father phones to ask why the early-education bill is so large. Fast Finnish is hard to follow on "
        "the phone, where he cannot see a face or gestures.",
    },
}


def persona(role: str, language: str) -> str:
    """Who the customer of `role` is, in the customer's own words (English when `language` has none)."""
    texts = PERSONAS[role]
    return texts.get(language, texts["en"])


def situation(role: str, channel: str, language: str) -> str:
    """What brings the customer of `role` to `channel`, from the customer's side."""
    texts = SITUATIONS[(role, channel)]
    return texts.get(language, texts["en"])
