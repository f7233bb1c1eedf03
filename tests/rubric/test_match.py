"""What own-words matching understands: inflection, compounds, typos, negation, word order, common words."""

from __future__ import annotations

from scenarios.rubric.match import compile_rubric
from scenarios.story.rubric import Rubric
from tests.rubric.support import lemmas


def rubric(fi: list[str], en: list[str], avoid_fi: list[str] = [], avoid_en: list[str] = []) -> Rubric:  # noqa: B006
    items = {"elements": [{"id": "it", "label": "It", "words": {"fi": fi, "en": en}}]}
    if avoid_fi or avoid_en:
        items["avoid"] = [{"id": "bad", "label": "Bad", "words": {"fi": avoid_fi or ["x"], "en": avoid_en or ["x"]}}]
    return Rubric.model_validate(items)


def found(reply: str, fi: list[str], en: list[str] | None = None, language: str = "fi") -> bool:
    checklist = compile_rubric(rubric(fi, en or ["x"]), language, lemmas()).check(reply)
    return "it" in checklist.found()


def test_inflected_forms_of_one_word_are_one_word() -> None:
    for reply in ("Katson varausjärjestelmästä.", "Kirjaan sen varausjärjestelmään.", "Varausjärjestelmän mukaan"):
        assert found(reply, ["varausjärjestelmä"])
    assert found("I called them and checked the bookings", ["check"], ["check"], "en")


def test_a_compound_has_its_last_part_and_a_word_with_a_star_its_beginning() -> None:
    assert found("Ladataan matkakortille arvoa", ["kortti"])
    assert found("Tulkkauspalvelu järjestää sen", ["tulk*"])
    assert not found("Katsotaan korttelin kartasta", ["kortti"])


def test_a_compound_the_word_list_cuts_to_its_first_part_is_matched_as_written() -> None:
    """simplemma gives "puhelinaika" the lemma "puhelin": as a phrase word it would be every phone."""
    assert found("Puhelinaika on arkisin 12–13.", ["puhelinaika"])
    assert found("Soita puhelinaikaan.", ["puhelinaika"])
    assert not found("En pysty vastaamaan puhelimeen arkisin.", ["puhelinaika"])


def test_misspelt_words_are_found_as_a_phone_types_them() -> None:
    assert found("tarkistn asian heti", ["tarkistan"])
    assert found("soitann huomena", ["soitan huomenna"])
    assert found("let me chek the ordr", ["x"], ["check the order"], "en")
    assert not found("käytät tunnuksia", ["näytän"]), "a real word is not a misspelling of another"


def test_two_letters_swapped_in_a_short_word_are_a_slip_but_a_letter_wrong_is_not() -> None:
    assert found("good idea! waht do you like doing?", ["x"], ["what do you like"], "en")
    assert found("so whta do you like?", ["x"], ["what do you like"], "en")
    assert not found("I'll nekt tell you", ["x"], ["next"], "en"), "in a short word one letter wrong is too much"


def test_a_negated_phrase_is_not_found_unless_the_phrase_holds_the_negation() -> None:
    promise = (["lupaan", "luvata"], ["promise"])
    assert found("Lupaan, että ehtii.", *promise)
    assert not found("En voi luvata sitä.", *promise)
    assert not found("I can't promise that.", promise[0], promise[1], "en")
    assert not found("i cant promise that", promise[0], promise[1], "en")
    assert found("En voi luvata sitä, mutta lupaan soittaa.", *promise), "the second clause promises"
    assert found("En voi luvata sitä.", ["en voi luvata"])
    assert found("Se ei maksa mitään.", ["ei maksa"])


def test_finnish_phrases_in_any_order_english_ones_in_theirs() -> None:
    assert found("Huomenna soitan teille.", ["soitan huomenna"])
    assert found("I'll call you back tomorrow", ["x"], ["call back"], "en")
    assert not found("What will you use them for?", ["x"], ["for you"], "en")


def test_a_common_word_in_a_phrase_is_matched_as_written() -> None:
    assert not found("Se on tyhjä.", ["olisit"])
    assert found("Olisit voinut katsoa.", ["olisit"])


def test_the_checklist_shows_the_reply_s_own_words_and_the_mistakes() -> None:
    checklist = compile_rubric(rubric(["soitan huomenna"], ["x"], avoid_fi=["lupaan"]), "fi", lemmas()).check(
        "Lupaan sen! Soitan sinulle huomenna."
    )
    marks = {mark.id: mark for mark in checklist.marks}
    assert marks["it"].found and marks["it"].words == ("Soitan sinulle huomenna",)
    assert marks["bad"].found and marks["bad"].kind == "avoid" and marks["bad"].words == ("Lupaan",)
    assert checklist.found() == {"it", "bad"}
