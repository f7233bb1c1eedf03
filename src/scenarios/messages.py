"""The catalog of problem messages an author reads, in English and Finnish.

Each message says what is wrong and what to do. Templates use `str.format` fields
filled from a problem's parameters; a `suggestion` parameter adds "did you mean".
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    # The file itself
    "read_error": {
        "en": "The file cannot be read ({detail}). Check that it exists and that you may read it.",
        "fi": "Tiedostoa ei voi lukea ({detail}). Tarkista, että se on olemassa ja että sinulla on lukuoikeus.",
    },
    "too_big": {
        "en": "The file is {size} bytes; a story may be at most {limit} bytes. Split it into smaller stories.",
        "fi": "Tiedosto on {size} tavua; tarina saa olla enintään {limit} tavua. Jaa se pienempiin tarinoihin.",
    },
    "nul_byte": {
        "en": "The file contains a NUL byte, so it is not a text file. Save the story as plain UTF-8 text.",
        "fi": "Tiedostossa on NUL-tavu, joten se ei ole tekstitiedosto. Tallenna tarina tavallisena UTF-8-tekstinä.",
    },
    "not_utf8": {
        "en": "This byte is not UTF-8 text. Save the file in UTF-8 (most editors offer it in 'Save as').",
        "fi": "Tämä tavu ei ole UTF-8-tekstiä. Tallenna tiedosto UTF-8-muodossa (useimmissa editoreissa 'Tallenna nimellä').",
    },
    "tab": {
        "en": "This line is indented with a tab. YAML allows only spaces for indentation: replace the tab with spaces.",
        "fi": "Tämä rivi on sisennetty sarkaimella. YAML sallii sisennykseen vain välilyöntejä: korvaa sarkain välilyönneillä.",
    },
    "syntax": {
        "en": "This is not valid YAML here ({detail}). Check the indentation and the colons on this line and the one above; a text that contains ': ' or a comma inside {{...}} needs quotes around it.",
        "fi": "Tässä kohdassa ei ole kelvollista YAMLia ({detail}). Tarkista tämän ja edellisen rivin sisennys ja kaksoispisteet; teksti, jossa on ': ' tai pilkku {{...}}-rakenteen sisällä, tarvitsee lainausmerkit ympärilleen.",
    },
    "empty": {
        "en": "The file is empty. A story starts with keys such as 'id:', 'title:' and 'nodes:'; see docs/story-format.md.",
        "fi": "Tiedosto on tyhjä. Tarina alkaa avaimilla kuten 'id:', 'title:' ja 'nodes:'; katso docs/story-format.md.",
    },
    "not_mapping": {
        "en": "A story must be a set of 'key: value' lines at the top level, not {found}.",
        "fi": "Tarinan ylimmän tason pitää koostua 'avain: arvo' -riveistä, ei olla {found}.",
    },
    "many_documents": {
        "en": "The file holds more than one YAML document ('---'). Put one story in each file.",
        "fi": "Tiedostossa on useampi YAML-dokumentti ('---'). Laita kukin tarina omaan tiedostoonsa.",
    },
    "duplicate_key": {
        "en": "The key '{key}' appears twice in the same place. Remove or rename one of them.",
        "fi": "Avain '{key}' on samassa kohdassa kahdesti. Poista tai nimeä toinen uudelleen.",
    },
    "complex_key": {
        "en": "A key must be a simple word, not a list or a map.",
        "fi": "Avaimen pitää olla yksinkertainen sana, ei lista eikä rakenne.",
    },
    "anchor": {
        "en": "Anchors and aliases ('&name', '*name') are not allowed in stories. Write the text out in full.",
        "fi": "Ankkurit ja viittaukset ('&nimi', '*nimi') eivät ole sallittuja tarinoissa. Kirjoita teksti kokonaan auki.",
    },
    "tag": {
        "en": "Explicit tags such as '{tag}' are not allowed in stories. Remove the '!' part.",
        "fi": "Eksplisiittiset tagit kuten '{tag}' eivät ole sallittuja tarinoissa. Poista '!'-alkuinen osa.",
    },
    "too_deep": {
        "en": "The file nests more than {limit} levels deep. A story never needs that: check the indentation.",
        "fi": "Tiedosto on sisäkkäin yli {limit} tasoa. Tarina ei koskaan tarvitse sitä: tarkista sisennykset.",
    },
    # The shape of keys and values
    "missing": {
        "en": "'{field}' is missing here. Add it.",
        "fi": "'{field}' puuttuu tästä. Lisää se.",
    },
    "unknown_key": {
        "en": "'{key}' is not a key the story format knows here.",
        "fi": "'{key}' ei ole tarinamuodon tuntema avain tässä kohdassa.",
    },
    "choice": {
        "en": "'{value}' is not allowed here. Use one of: {allowed}.",
        "fi": "'{value}' ei käy tähän. Käytä jotakin näistä: {allowed}.",
    },
    "int_expected": {
        "en": "This should be a whole number, such as 3; found '{value}'.",
        "fi": "Tähän kuuluu kokonaisluku, esimerkiksi 3; nyt tässä on '{value}'.",
    },
    "bool_expected": {
        "en": "This should be yes or no; found '{value}'.",
        "fi": "Tähän kuuluu yes tai no; nyt tässä on '{value}'.",
    },
    "string_expected": {
        "en": "This should be a piece of text; found '{value}'.",
        "fi": "Tähän kuuluu tekstiä; nyt tässä on '{value}'.",
    },
    "map_expected": {
        "en": "This should be a set of 'key: value' lines indented below it; found '{value}'.",
        "fi": "Tämän alle kuuluu sisennettyjä 'avain: arvo' -rivejä; nyt tässä on '{value}'.",
    },
    "list_expected": {
        "en": "This should be a list (lines starting with '- '); found '{value}'.",
        "fi": "Tähän kuuluu lista (rivit alkavat '- '); nyt tässä on '{value}'.",
    },
    "too_small": {
        "en": "This number is too small: it must be at least {limit}.",
        "fi": "Luku on liian pieni: sen pitää olla vähintään {limit}.",
    },
    "too_large": {
        "en": "This number is too large: it may be at most {limit}.",
        "fi": "Luku on liian suuri: se saa olla enintään {limit}.",
    },
    "too_long": {
        "en": "This is too long: at most {limit} characters or items.",
        "fi": "Tämä on liian pitkä: enintään {limit} merkkiä tai kohtaa.",
    },
    "bad_name": {
        "en": "'{value}' is not a valid name here. Use letters, digits, '-' and '_', starting with a letter or digit.",
        "fi": "'{value}' ei kelpaa nimeksi tähän. Käytä kirjaimia, numeroita, '-' ja '_', ja aloita kirjaimella tai numerolla.",
    },
    "bad_id": {
        "en": "'{value}' is not a valid story id. Use lower-case letters, digits and '-', e.g. 'empty-wristband'.",
        "fi": "'{value}' ei kelpaa tarinan tunnisteeksi. Käytä pieniä kirjaimia, numeroita ja '-', esim. 'tyhja-ranneke'.",
    },
    "bad_format": {
        "en": "This trainer reads story format 1; this file says '{value}'. Write 'format: 1' or leave the key out.",
        "fi": "Tämä kouluttaja lukee tarinamuotoa 1; tiedostossa on '{value}'. Kirjoita 'format: 1' tai jätä avain pois.",
    },
    "duplicate_story_id": {
        "en": "The story id '{id}' is already used in {other}. Give this story an id of its own (or remove one of the two files).",
        "fi": "Tarinan tunniste '{id}' on jo käytössä tiedostossa {other}. Anna tälle tarinalle oma tunniste (tai poista toinen tiedostoista).",
    },
    "folder_unreachable": {
        "en": "The story folder {folder} cannot be read ({detail}). Check the path in SCENARIOS_STORY_PATH or in `scenarios folders`, or that the network drive is connected.",
        "fi": "Tarinakansiota {folder} ei voi lukea ({detail}). Tarkista polku SCENARIOS_STORY_PATH-muuttujassa tai komennolla `scenarios folders`, tai että verkkolevy on yhdistetty.",
    },
    "invalid": {
        "en": "This value is not valid here: {detail}.",
        "fi": "Arvo ei kelpaa tähän: {detail}.",
    },
    "text_expected": {
        "en": "This should be a text, or a map of languages such as 'fi: ...' and 'en: ...'.",
        "fi": "Tähän kuuluu teksti tai kielten mukainen rakenne, kuten 'fi: ...' ja 'en: ...'.",
    },
    "text_empty_map": {
        "en": "This text has no languages. Write the text, or 'fi: ...' and 'en: ...' below it.",
        "fi": "Tekstissä ei ole yhtään kieltä. Kirjoita teksti, tai 'fi: ...' ja 'en: ...' sen alle.",
    },
    "text_bad_language": {
        "en": "'{arg}' is not a language code. Use two or three lower-case letters, such as fi, en or sv.",
        "fi": "'{arg}' ei ole kielikoodi. Käytä kahta tai kolmea pientä kirjainta, kuten fi, en tai sv.",
    },
    "text_comma": {
        "en": "A comma inside '{{fi: ..., en: ...}}' ends the text, so '{arg}' was read as a new key. Put the text in quotes, or write each language on its own line.",
        "fi": "Pilkku '{{fi: ..., en: ...}}' -rakenteen sisällä katkaisee tekstin, joten '{arg}' luettiin uudeksi avaimeksi. Laita teksti lainausmerkkeihin tai kirjoita kukin kieli omalle rivilleen.",
    },
    "text_bad_value": {
        "en": "The '{arg}' text is empty or not text. Write the sentence after '{arg}:'.",
        "fi": "'{arg}'-teksti on tyhjä tai ei ole tekstiä. Kirjoita lause '{arg}:'-kohdan perään.",
    },
    "option_kind": {
        "en": "An option needs exactly one of 'reply:' (what you say) or 'action:' (what you do).",
        "fi": "Vaihtoehdossa pitää olla täsmälleen yksi näistä: 'reply:' (mitä sanot) tai 'action:' (mitä teet).",
    },
    "ending_with_way_on": {
        "en": "An ending cannot have 'options:' or 'next:'. Remove them, or remove 'ending:'.",
        "fi": "Päätöksellä ei voi olla 'options:'- tai 'next:'-kohtaa. Poista ne tai poista 'ending:'.",
    },
    "node_without_way_on": {
        "en": "This node has no way on. Give it 'options:', 'next:', or make it an ending with 'ending: resolved'.",
        "fi": "Tästä solmusta ei pääse eteenpäin. Lisää 'options:' tai 'next:', tai tee siitä päätös: 'ending: resolved'.",
    },
    "options_and_next": {
        "en": "A node has either 'options:' (a decision) or 'next:' (a passage), not both. Move 'next:' into the options.",
        "fi": "Solmussa on joko 'options:' (päätöskohta) tai 'next:' (välikohtaus), ei molempia. Siirrä 'next:' vaihtoehtoihin.",
    },
    "variable_value": {
        "en": "A variable starts as a whole number (e.g. 0) or yes/no, or as '{{start: 0, min: -3, max: 3}}'.",
        "fi": "Muuttujan alkuarvo on kokonaisluku (esim. 0) tai yes/no, tai '{{start: 0, min: -3, max: 3}}'.",
    },
    "bounds_on_flag": {
        "en": "A yes/no variable cannot have 'min' or 'max'. Remove them.",
        "fi": "Kyllä/ei-muuttujalla ei voi olla 'min'- tai 'max'-arvoa. Poista ne.",
    },
    "bounds_order": {
        "en": "'min' is larger than 'max'. Swap them.",
        "fi": "'min' on suurempi kuin 'max'. Vaihda ne päittäin.",
    },
    "value_out_of_range": {
        "en": "Story variables stay between -{arg} and {arg}. Use a number in that range.",
        "fi": "Tarinan muuttujat pysyvät välillä -{arg}…{arg}. Käytä lukua tältä väliltä.",
    },
    "start_out_of_bounds": {
        "en": "'start' lies outside 'min'…'max'. Make the start value fit the bounds.",
        "fi": "'start' on 'min'…'max'-välin ulkopuolella. Sovita alkuarvo rajoihin.",
    },
    "customer_other_undescribed": {
        "en": "'customer: other' needs a 'customer_description:' saying who the customer is, in each language (e.g. 'en: a colleague from youth services').",
        "fi": "'customer: other' tarvitsee 'customer_description:'-kohdan, joka kertoo kuka asiakas on, kullakin kielellä (esim. 'fi: kollega nuorisopalveluista').",
    },
    "no_nodes": {
        "en": "'nodes' is empty. A story needs at least one decision and one ending.",
        "fi": "'nodes' on tyhjä. Tarina tarvitsee vähintään yhden päätöskohdan ja yhden lopun.",
    },
    # References
    "unknown_node": {
        "en": "There is no node called '{name}'. Check the spelling, or add a node with that name under 'nodes:'.",
        "fi": "Solmua nimeltä '{name}' ei ole. Tarkista kirjoitusasu tai lisää sen niminen solmu 'nodes:'-kohtaan.",
    },
    "unknown_speaker": {
        "en": "'{name}' is not a speaker. Use customer, colleague or narrator, or add '{name}' under 'cast:'.",
        "fi": "'{name}' ei ole puhuja. Käytä customer, colleague tai narrator, tai lisää '{name}' 'cast:'-kohtaan.",
    },
    "bad_variable_name": {
        "en": "'{name}' cannot be a variable name. Use letters, digits and '_', starting with a letter.",
        "fi": "'{name}' ei kelpaa muuttujan nimeksi. Käytä kirjaimia, numeroita ja '_', ja aloita kirjaimella.",
    },
    "ideal_count": {
        "en": "Every decision needs exactly one option with 'ideal: yes'; this one has {count}.",
        "fi": "Jokaisessa päätöskohdassa pitää olla täsmälleen yksi 'ideal: yes' -vaihtoehto; tässä on {count}.",
    },
    "model_answer_without_options": {
        "en": "'model_answer' belongs to a decision (a node with options). Move it there or remove it.",
        "fi": "'model_answer' kuuluu päätöskohtaan (solmuun, jossa on vaihtoehtoja). Siirrä se sinne tai poista se.",
    },
    "duplicate_option_id": {
        "en": "Two options at this decision have the id '{id}'. Give each option its own id.",
        "fi": "Kahdella tämän päätöskohdan vaihtoehdolla on tunniste '{id}'. Anna kullekin oma tunniste.",
    },
    "action_loops": {
        "en": "This option has no 'next:', so it returns to '{node}' and could be chosen again and again. Add 'once: yes' or a 'next:'.",
        "fi": "Tällä vaihtoehdolla ei ole 'next:'-kohtaa, joten se palaa solmuun '{node}' ja sen voisi valita yhä uudelleen. Lisää 'once: yes' tai 'next:'.",
    },
    "branch_needs_default": {
        "en": "The last way on in this list must have no 'if:', so the story always has somewhere to go. Remove its condition or add a last '- to: node'.",
        "fi": "Listan viimeisellä jatkolla ei saa olla 'if:'-ehtoa, jotta tarina pääsee aina eteenpäin. Poista sen ehto tai lisää loppuun '- to: solmu'.",
    },
    "passage_loop": {
        "en": "These passages lead to each other without a decision in between ({loop}), so the story would never stop.",
        "fi": "Nämä välikohtaukset johtavat toisiinsa ilman päätöskohtaa ({loop}), joten tarina ei pysähtyisi koskaan.",
    },
    "missing_language": {
        "en": "This text has no {languages} version, but the story declares it in 'languages:'. Add it.",
        "fi": "Tekstistä puuttuu kieliversio {languages}, vaikka tarina ilmoittaa sen 'languages:'-kohdassa. Lisää se.",
    },
    "undeclared_language": {
        "en": "This text has a {languages} version, but 'languages:' does not list it. Add it there or remove it.",
        "fi": "Tekstissä on kieliversio {languages}, mutta 'languages:' ei mainitse sitä. Lisää se sinne tai poista.",
    },
    # Walkthroughs
    "walkthrough_unknown_choice": {
        "en": "No option in the story has the id '{step}' or a text that begins with it. Use an option's 'id:' or the first words of its text.",
        "fi": "Tarinassa ei ole vaihtoehtoa, jonka tunniste on '{step}' tai jonka teksti alkaa sillä. Käytä vaihtoehdon 'id:'-tunnistetta tai tekstin alkusanoja.",
    },
    "walkthrough_not_ending": {
        "en": "'{name}' is a node but not an ending. Name the ending node the walkthrough must reach.",
        "fi": "'{name}' on solmu mutta ei loppu. Nimeä loppusolmu, johon läpipeluun pitää päätyä.",
    },
    "walkthrough_verdicts": {
        "en": "There are {verdicts} verdicts for {choices} choices. Give one yes/no per choice, in the same order.",
        "fi": "Arvioita on {verdicts}, valintoja {choices}. Anna yksi yes/no kutakin valintaa kohden, samassa järjestyksessä.",
    },
    # Conditions and effects
    "expr_empty": {
        "en": "The condition is empty. Write one such as 'mood >= 0', or remove 'if:'.",
        "fi": "Ehto on tyhjä. Kirjoita esimerkiksi 'mood >= 0' tai poista 'if:'.",
    },
    "expr_bad_char": {
        "en": "'{source}': the character '{char}' cannot be used. Conditions use names, numbers, and/or/not, == != < <= > >=.",
        "fi": "'{source}': merkkiä '{char}' ei voi käyttää. Ehdoissa käytetään nimiä, lukuja, and/or/not ja == != < <= > >=.",
    },
    "expr_incomplete": {
        "en": "'{source}' stops in the middle. Finish the condition, e.g. 'mood >= 0'.",
        "fi": "'{source}' loppuu kesken. Täydennä ehto, esim. 'mood >= 0'.",
    },
    "expr_unexpected": {
        "en": "'{source}': '{token}' was not expected here. Check the condition.",
        "fi": "'{source}': '{token}' ei sovi tähän kohtaan. Tarkista ehto.",
    },
    "expr_unclosed": {
        "en": "'{source}': a bracket is not closed. Add the ')'.",
        "fi": "'{source}': sulku jäi auki. Lisää ')'.",
    },
    "expr_undeclared": {
        "en": "'{name}' is not declared under 'state:'. Declare it with a starting value, or fix the name.",
        "fi": "'{name}' ei ole esitelty 'state:'-kohdassa. Esittele se alkuarvoineen tai korjaa nimi.",
    },
    "expr_compare_flag": {
        "en": "'{source}': '{op}' compares numbers, but a yes/no variable is used. Write the flag alone, or 'not flag'.",
        "fi": "'{source}': '{op}' vertaa lukuja, mutta mukana on kyllä/ei-muuttuja. Kirjoita lippu yksin tai 'not lippu'.",
    },
    "expr_compare_kinds": {
        "en": "'{source}' compares a number with yes/no. Compare numbers with numbers.",
        "fi": "'{source}' vertaa lukua ja kyllä/ei-arvoa. Vertaa lukuja lukuihin.",
    },
    "expr_int_as_flag": {
        "en": "'{source}': '{name}' is a number, not yes/no. Compare it, e.g. '{name} > 0'.",
        "fi": "'{source}': '{name}' on luku eikä kyllä/ei. Vertaa sitä, esim. '{name} > 0'.",
    },
    "expr_too_long": {
        "en": "This condition or effect is {length} characters long; at most {limit} are allowed. Split it, or simplify it with a yes/no variable set by an effect.",
        "fi": "Tämä ehto tai vaikutus on {length} merkkiä pitkä; enintään {limit} on sallittu. Jaa se osiin tai yksinkertaista sitä kyllä/ei-muuttujalla, jonka vaikutus asettaa.",
    },
    "expr_too_deep": {
        "en": "'{source}' nests brackets or 'not' more than {limit} deep. Write it more simply.",
        "fi": "'{source}' sisältää sulkuja tai 'not'-sanoja yli {limit} sisäkkäin. Kirjoita se yksinkertaisemmin.",
    },
    "expr_number_too_big": {
        "en": "'{number}' is too big a number. Story variables stay between -{value_limit} and {value_limit}: use a number in that range.",
        "fi": "'{number}' on liian suuri luku. Tarinan muuttujat pysyvät välillä -{value_limit}…{value_limit}: käytä lukua tältä väliltä.",
    },
    "effect_shape": {
        "en": "'{source}' is not an effect. Write 'name += 1', 'name -= 1' or 'name = value'.",
        "fi": "'{source}' ei ole vaikutus. Kirjoita 'nimi += 1', 'nimi -= 1' tai 'nimi = arvo'.",
    },
    "effect_arithmetic": {
        "en": "'{source}' is not an effect: an effect changes a value.",
        "fi": "'{source}' ei ole vaikutus: vaikutus muuttaa arvoa.",
    },
    "effect_bad_char": {
        "en": "'{source}': the character '{char}' cannot be used in an effect. Write 'name += 1', 'name -= 1' or 'name = value'.",
        "fi": "'{source}': merkkiä '{char}' ei voi käyttää vaikutuksessa. Kirjoita 'nimi += 1', 'nimi -= 1' tai 'nimi = arvo'.",
    },
    "effect_value": {
        "en": "'{source}': '{value}' is not a number or yes/no.",
        "fi": "'{source}': '{value}' ei ole luku eikä yes/no.",
    },
    "effect_flag": {
        "en": "'{source}': '{name}' is yes/no. Set it with '{name} = yes' or '{name} = no'.",
        "fi": "'{source}': '{name}' on kyllä/ei-muuttuja. Aseta se: '{name} = yes' tai '{name} = no'.",
    },
    "effect_int": {
        "en": "'{source}': '{name}' is a number. Use a number, e.g. '{name} += 1'.",
        "fi": "'{source}': '{name}' on luku. Käytä lukua, esim. '{name} += 1'.",
    },
    # Hostile or runaway input: control characters, numbers and sizes out of range, faults
    "control_char": {
        "en": "The file contains an invisible control character here, {char}. A terminal would obey it instead of showing it: delete it.",
        "fi": "Tiedostossa on tässä näkymätön ohjausmerkki, {char}. Pääte tottelisi sitä näyttämisen sijaan: poista se.",
    },
    "control_char_text": {
        "en": "This text contains the control character {char}, probably written as a backslash escape such as '\\e' or '\\x1b' inside \"...\". A terminal would obey it instead of showing it: remove it.",
        "fi": "Tässä tekstissä on ohjausmerkki {char}, luultavasti kenoviivalla kirjoitettuna, kuten '\\e' tai '\\x1b' lainausmerkkien \"...\" sisällä. Pääte tottelisi sitä näyttämisen sijaan: poista se.",
    },
    "bad_escape": {
        "en": "A backslash starts an escape inside \"...\", and '\\{char}' is not one. Write the backslash twice ('\\\\'), or put the text in single quotes '...' where a backslash is just a backslash.",
        "fi": "Kenoviiva aloittaa erikoismerkin lainausmerkkien \"...\" sisällä, eikä '\\{char}' ole sellainen. Kirjoita kenoviiva kahdesti ('\\\\') tai laita teksti heittomerkkeihin '...', joiden sisällä kenoviiva on vain kenoviiva.",
    },
    "number_out_of_range": {
        "en": "This number is far too large: whole numbers in a story stay between -{limit} and {limit}. A story never needs more than a few digits.",
        "fi": "Luku on aivan liian suuri: tarinan kokonaislukujen pitää olla välillä -{limit}…{limit}. Tarina ei koskaan tarvitse kuin muutaman numeron.",
    },
    "too_many_options": {
        "en": "This decision has {count} options; at most {limit} are allowed. Split it into several decisions.",
        "fi": "Tässä päätöskohdassa on {count} vaihtoehtoa; enintään {limit} on sallittu. Jaa se useaan päätöskohtaan.",
    },
    "expr_too_complex": {
        "en": "'{source}' is too complex to read (too deeply nested or too large a number). Simplify it.",
        "fi": "'{source}' on liian monimutkainen luettavaksi (liian syvälle sisäkkäin tai liian suuri luku). Yksinkertaista se.",
    },
    "loader_fault": {
        "en": "The trainer could not read this file ({detail}). This is a fault in the trainer, not in your story: please report it with the file.",
        "fi": "Kouluttaja ei pystynyt lukemaan tiedostoa ({detail}). Vika on kouluttajassa eikä tarinassasi: ilmoita siitä ja liitä tiedosto mukaan.",
    },
    # Saved playthroughs
    "save_corrupt": {
        "en": "The saved playthrough is damaged and cannot be read. Start the story again.",
        "fi": "Tallennettu pelikerta on vioittunut eikä sitä voi lukea. Aloita tarina alusta.",
    },
    "save_format": {
        "en": "The save is in format {found}; this trainer reads format {supported}. Start the story again.",
        "fi": "Tallennus on muodossa {found}; tämä kouluttaja lukee muotoa {supported}. Aloita tarina alusta.",
    },
    "save_other_story": {
        "en": "The save belongs to the story '{found}', not '{story}'.",
        "fi": "Tallennus kuuluu tarinaan '{found}', ei tarinaan '{story}'.",
    },
    "story_changed": {
        "en": "The story '{story}' has been edited since this save was made, so it may not continue the same way. Start again, or continue from the same place if the story still has it.",
        "fi": "Tarinaa '{story}' on muokattu tallennuksen jälkeen, joten se ei ehkä jatku samoin. Aloita alusta, tai jatka samasta kohdasta, jos se on tarinassa yhä.",
    },
    "save_replay": {
        "en": "The story no longer has choice {step} of the save (at '{node}'). Start the story again.",
        "fi": "Tarinassa ei ole enää tallennuksen valintaa {step} (kohdassa '{node}'). Aloita tarina alusta.",
    },
    "save_origin": {
        "en": "The story no longer has the place '{node}' where this playthrough began. Start the story again.",
        "fi": "Tarinassa ei ole enää kohtaa '{node}', josta tämä pelikerta alkoi. Aloita tarina alusta.",
    },
}

SUGGESTION = {"en": " Did you mean '{suggestion}'?", "fi": " Tarkoititko '{suggestion}'?"}


def render(code: str, params: dict[str, Any], language: str = "en") -> str:
    """The message for `code` in `language` (English when missing), with "did you mean"."""
    templates = MESSAGES.get(code) or MESSAGES["invalid"]
    template = templates.get(language) or templates["en"]
    values = _Defaults({key: "" if value is None else value for key, value in params.items()})
    if code not in MESSAGES:
        values.setdefault("detail", code)
    text = template.format_map(values)
    suggestion = params.get("suggestion")
    if suggestion:
        text += SUGGESTION.get(language, SUGGESTION["en"]).format(suggestion=suggestion)
    return text


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"
