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
        "sv": "Du är en 19-årig studerande som just har flyttat till Åbo. Du sköter helst dina ärenden per telefon "
        "och på nätet, när som helst, och du känner ännu inte till stadens tjänster.",
    },
    "retired-couple": {
        "fi": "Olette 74- ja 77-vuotias pariskunta ja hoidatte asioita usein yhdessä. Toinen teistä käyttää "
        "sähköpostia ja verkkopankkia päivittäin, toinen asioi mieluummin ihmisen kanssa ja käyttää kuulokojetta.",
        "en": "You are a couple aged 74 and 77 and often go about things together. One of you uses email and online "
        "banking every day; the other would rather deal with a person and wears a hearing aid.",
        "sv": "Ni är ett par på 74 och 77 år och sköter ofta ärenden tillsammans. Den ena av er använder e-post och "
        "nätbank varje dag; den andra vill hellre tala med en människa och använder hörapparat.",
    },
    "wheelchair-user": {
        "fi": "Olet 35-vuotias ja liikut sähköpyörätuolilla. Hoidat asiasi itse ja arvostat sitä, että sinulle "
        "puhutaan suoraan eikä avustajasi kautta.",
        "en": "You are 35 and use a power wheelchair. You handle your own affairs and appreciate being spoken to "
        "directly, not through your assistant.",
        "sv": "Du är 35 och använder elrullstol. Du sköter dina ärenden själv och uppskattar att man talar direkt "
        "till dig och inte via din assistent.",
    },
    "foreign-language-family": {
        "fi": "Olette perhe, joka muutti Turkuun puoli vuotta sitten: kaksi aikuista ja kolme lasta. Vanhemmat "
        "puhuvat vähän suomea ja jonkin verran englantia; 12-vuotias tytär puhuu suomea parhaiten ja tulkkaa usein.",
        "en": "You are a family who moved to Turku six months ago: two adults and three children. The parents "
        "speak a little Finnish and some English; your 12-year-old daughter speaks Finnish best and often "
        "interprets.",
        "sv": "Ni är en familj som flyttade till Åbo för ett halvt år sedan: två vuxna och tre barn. Föräldrarna "
        "talar lite finska och en del engelska; er 12-åriga dotter talar bäst finska och tolkar ofta.",
    },
}

SITUATIONS: dict[tuple[str, str], dict[str, str]] = {
    ("young-adult", "desk"): {
        "fi": "Tulet liikuntapalvelujen asiointipisteeseen ostamaan uimahallin sarjakorttia opiskelijahinnalla. "
        "Sinulla on kiire luennolle, eikä opiskelijakorttisi ole vielä tullut: sinulla on vain sovellus puhelimessa.",
        "en": "You come to the sports services desk to buy a swimming-pool pass at the student price. You are in a "
        "hurry to a lecture, and your student card has not arrived yet: all you have is the app on your phone.",
        "sv": "Du kommer till idrottstjänsternas servicepunkt för att köpa ett seriekort till simhallen till "
        "studentpris. Du har bråttom till en föreläsning, och ditt studiekort har inte kommit ännu: du har bara appen "
        "i telefonen.",
    },
    ("young-adult", "email"): {
        "fi": "Kirjoitat sähköpostia, koska haluat tietää, saako nuorisotilan varattua bändiharjoituksiin illaksi. "
        "Odotat vastausta samana päivänä etkä halua täyttää paperilomaketta.",
        "en": "You write an email to ask whether the youth centre can be booked for band practice in the evening. "
        "You expect an answer the same day and would rather not fill in a paper form.",
        "sv": "Du skriver e-post för att fråga om ungdomsgården kan bokas för bandövningar på kvällen. Du väntar dig "
        "svar samma dag och vill helst inte fylla i en pappersblankett.",
    },
    ("young-adult", "chat"): {
        "fi": "Avaat kaupungin sivuilla chatin, koska verkossa lataamasi bussikortin arvo ei näy kortilla. "
        "Kirjoitat lyhyesti puhelimella bussipysäkillä ja haluat ratkaisun heti.",
        "en": "You open the chat on the city's website because the value you loaded onto your bus card online does "
        "not show on the card. You type short messages on your phone at the bus stop and want it solved now.",
        "sv": "Du öppnar chatten på stadens webbplats eftersom värdet som du laddade på ditt busskort på nätet inte "
        "syns på kortet. Du skriver korta meddelanden i telefonen vid busshållplatsen och vill ha det löst genast.",
    },
    ("young-adult", "phone"): {
        "fi": "Soitat vasta, kun muu ei ole auttanut: kirjastosta on tullut myöhästymismaksu kirjasta, jonka "
        "mielestäsi palautit ajallaan. Et ole tottunut soittamaan virastoihin.",
        "en": "You phone only because nothing else worked: the library has charged you a late fee for a book you "
        "believe you returned in time. You are not used to phoning public offices.",
        "sv": "Du ringer först när inget annat har hjälpt: biblioteket har debiterat en förseningsavgift för en bok "
        "som du tycker att du lämnade tillbaka i tid. Du är inte van vid att ringa till myndigheter.",
    },
    ("retired-couple", "desk"): {
        "fi": "Tulette asiointipisteeseen lataamaan bussikortille kauden ja kysymään, miten seniorialennuksen saa. "
        "Kerrotte mielellänne samalla kuulumisia ja haluatte, että asiat käydään rauhassa läpi.",
        "en": "You come to the desk to load a season ticket onto your bus card and to ask how to get the senior "
        "discount. You like to chat a little on the way and want things gone through calmly.",
        "sv": "Ni kommer till servicepunkten för att ladda en period på busskortet och fråga hur man får "
        "pensionärsrabatt. Ni pratar gärna lite om ditt och datt och vill att saker gås igenom i lugn och ro.",
    },
    ("retired-couple", "email"): {
        "fi": "Sähköpostia käyttävä teistä ilmoittaa teidät kummatkin senioriliikuntaryhmään. Viestissä on monta "
        "kysymystä (ajat, hinta, pääseekö mukaan polvileikkauksen jälkeen), ja haluatte vastauksen jokaiseen.",
        "en": "The one of you who uses email signs you both up for a seniors' exercise group. The message has "
        "several questions in it (times, price, whether one of you can join after a knee operation), and you want "
        "an answer to each.",
        "sv": "Den av er som använder e-post anmäler er båda till en motionsgrupp för seniorer. Meddelandet har flera "
        "frågor (tider, pris, om den ena kan vara med efter en knäoperation), och ni vill ha svar på varje.",
    },
    ("retired-couple", "chat"): {
        "fi": "Avaatte chatin, koska puhelinjono oli pitkä. Toinen kirjoittaa ja lukee vastaukset toiselle ääneen. "
        "Haluatte tietää, vastaako ihminen vai kone ja saako keskustelun talteen.",
        "en": "You open the chat because the phone queue was long. One of you types and reads the answers aloud to "
        "the other. You want to know whether a person or a machine is answering, and whether you can keep the "
        "conversation.",
        "sv": "Ni öppnar chatten eftersom telefonkön var lång. Den ena skriver och läser svaren högt för den andra. "
        "Ni vill veta om det är en människa eller en maskin som svarar och om ni kan spara samtalet.",
    },
    ("retired-couple", "phone"): {
        "fi": "Soitatte kysyäksenne, mistä saisitte apua lumitöihin ja kauppakassien kantamiseen. Puhutte "
        "vuorotellen samaan puhelimeen ja pyydätte toistamaan, kun ette kuule.",
        "en": "You phone to ask where you could get help with clearing snow and carrying the shopping home. You "
        "take turns on the same phone and ask for things to be repeated when you cannot hear.",
        "sv": "Ni ringer för att fråga var ni kunde få hjälp med snöskottning och med att bära hem matkassarna. Ni "
        "talar turvis i samma telefon och ber om upprepning när ni inte hör.",
    },
    ("wheelchair-user", "desk"): {
        "fi": "Tulet vuokraamaan leirialuetta yhdistyksesi kesäleirille ja haluat tietää, onko alueella esteetön "
        "wc ja pääseekö sinne pyörätuolilla. Asiointipisteen tiski on sinulle liian korkea.",
        "en": "You come to rent a camp area for your association's summer camp and want to know whether it has an "
        "accessible toilet and can be reached in a wheelchair. The counter at the desk is too high for you.",
        "sv": "Du kommer för att hyra ett lägerområde för din förenings sommarläger och vill veta om området har en "
        "tillgänglig toalett och om man kommer dit med rullstol. Disken på servicepunkten är för hög för dig.",
    },
    ("wheelchair-user", "email"): {
        "fi": "Kysyt sähköpostilla uimahallin esteettömyydestä: onko nostolaite, esteetön pukuhuone ja "
        "pysäköintipaikka lähellä ovea. Haluat vastauksen kirjallisena, jotta voit näyttää sen avustajallesi.",
        "en": "You email to ask about access at the swimming pool: is there a hoist, an accessible changing room "
        "and a parking space near the door? You want the answer in writing so you can show it to your assistant.",
        "sv": "Du frågar per e-post om tillgängligheten i simhallen: finns det en lyft, ett tillgängligt "
        "omklädningsrum och en parkeringsplats nära dörren? Du vill ha svaret skriftligt så att du kan visa det för "
        "din assistent.",
    },
    ("wheelchair-user", "chat"): {
        "fi": "Kirjoitat chattiin matkalla kirjaston tilaisuuteen: kuljetuspalvelun kyyti on myöhässä, ja tarvitset "
        "nopeasti tiedon, onko kirjaston sisäänkäynnin hissi käytössä.",
        "en": "You write in the chat on your way to an event at the library: your transport service is late, and "
        "you need to know quickly whether the lift at the library entrance is working.",
        "sv": "Du skriver i chatten på väg till ett evenemang på biblioteket: din färdtjänstbil är försenad, och du "
        "behöver snabbt veta om hissen vid bibliotekets ingång fungerar.",
    },
    ("wheelchair-user", "phone"): {
        "fi": "Soitat, koska liikuntapalvelujen ranneke ei avaa esteettömän sisäänkäynnin porttia. Olet oven "
        "ulkopuolella sateessa ja soitat kännykällä.",
        "en": "You phone because your sports services wristband does not open the gate at the accessible entrance. "
        "You are outside the door in the rain, calling on your mobile.",
        "sv": "Du ringer eftersom ditt motionsarmband inte öppnar grinden vid den tillgängliga ingången. Du "
        "står utanför dörren i regnet och ringer med mobilen.",
    },
    ("foreign-language-family", "desk"): {
        "fi": "Tulette koko perhe asiointipisteeseen kysymään lasten harrastuksista ja niiden hinnoista. Lapset "
        "touhuavat ympärillä, tytär kääntää äidille, ettekä tiedä, mitä papereita tarvitaan.",
        "en": "The whole family comes to the desk to ask about activities for the children and what they cost. The "
        "children are busy all around, your daughter translates for her mother, and you do not know which papers "
        "are needed.",
        "sv": "Hela familjen kommer till servicepunkten för att fråga om fritidsaktiviteter för barnen och vad de "
        "kostar. Barnen springer omkring, dottern översätter för sin mamma, och ni vet inte vilka papper som behövs.",
    },
    ("foreign-language-family", "email"): {
        "fi": "Saitte kirjeen varhaiskasvatuspaikasta, mutta ette ymmärrä, pitääkö paikka vielä vahvistaa. "
        "Kirjoitatte sähköpostin käännösohjelman avulla, ja osa lauseista on epäselviä.",
        "en": "You received a letter about an early-education place but do not understand whether you still have to "
        "confirm it. You write the email with a translation app, and some sentences come out unclear.",
        "sv": "Ni har fått ett brev om en plats inom småbarnspedagogiken men förstår inte om platsen ännu måste "
        "bekräftas. Ni skriver e-postmeddelandet med ett översättningsprogram, och en del meningar blir oklara.",
    },
    ("foreign-language-family", "chat"): {
        "fi": "Kokeilette chattia, koska siinä voi kirjoittaa rauhassa ja tarkistaa sanoja. Kysytte, miten lapsi "
        "saa kirjastokortin ja tarvitaanko siihen huoltajan allekirjoitus.",
        "en": "You try the chat because there you can write at your own pace and look words up. You ask how a child "
        "gets a library card and whether a guardian's signature is needed.",
        "sv": "Ni prövar chatten eftersom man där kan skriva i lugn och ro och slå upp ord. Ni frågar hur ett barn "
        "får ett bibliotekskort och om det behövs en vårdnadshavares underskrift.",
    },
    ("foreign-language-family", "phone"): {
        "fi": "Isä soittaa kysyäkseen, miksi varhaiskasvatuksen lasku on niin suuri. Nopeaa suomea on vaikea "
        "ymmärtää puhelimessa, kun ei näe kasvoja eikä eleitä.",
        "en": "The father phones to ask why the early-education bill is so large. Fast Finnish is hard to follow on "
        "the phone, where he cannot see a face or gestures.",
        "sv": "Pappan ringer för att fråga varför fakturan för småbarnspedagogiken är så stor. Snabb finska är svår "
        "att förstå i telefon, när man inte ser ansikten eller gester.",
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
