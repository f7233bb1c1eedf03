"""The glossary of chapter 2: all eight core concepts, complete in Finnish and English."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scenarios.story.glossary import Glossary, GlossaryError, Term, load_glossary, parse_glossary

CORE_CONCEPTS = {
    "customer": "Asiakas",
    "service": "Palvelu",
    "customer-service": "Asiakaspalvelu",
    "service-point": "Asiakaspalvelupiste",
    "customer-service-worker": "Asiakaspalvelija",
    "customer-guidance": "Asiakasohjaus",
    "service-guidance": "Palveluohjaus",
    "expert": "Asiantuntija / erityisosaaja",
}


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def test_the_eight_core_concepts_exist_in_order(glossary: Glossary) -> None:
    assert glossary.ids == tuple(CORE_CONCEPTS)
    for term_id, finnish in CORE_CONCEPTS.items():
        assert glossary.term(term_id).term.get_text("fi") == finnish


@pytest.mark.parametrize("term_id", list(CORE_CONCEPTS))
def test_every_text_is_non_empty_in_every_language(glossary: Glossary, term_id: str) -> None:
    term = glossary.term(term_id)
    assert term.examples, f"{term_id} has no examples"
    for text in term.texts():
        for language in ("fi", "en", "sv"):
            assert text.has(language)
            assert text.get_text(language).strip(), f"{term_id}: empty {language} text"


def test_languages_and_source(glossary: Glossary) -> None:
    assert glossary.languages == ("fi", "en", "sv")
    assert glossary.source.startswith("2")


def test_models_are_frozen(glossary: Glossary) -> None:
    term = glossary.term("customer")
    assert isinstance(term, Term)
    with pytest.raises(ValidationError):
        term.__setattr__("id", "other")  # as `term.id = ...`, which the types rightly forbid


def test_unknown_term_is_a_key_error(glossary: Glossary) -> None:
    with pytest.raises(KeyError):
        glossary.term("no-such-term")


def test_missing_language_is_rejected() -> None:
    raw = b"languages: [fi, en]\nterms:\n  - id: x\n    term: {fi: X}\n    definition: {fi: Y, en: Y}\n"
    with pytest.raises(GlossaryError, match="without en"):
        parse_glossary(raw)


def test_unsafe_yaml_is_rejected() -> None:
    raw = b"languages: [fi]\nterms: &a\n  - id: x\n    term: X\n    definition: Y\n"
    with pytest.raises(GlossaryError, match="safe YAML"):
        parse_glossary(raw)
