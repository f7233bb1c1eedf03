"""The glossary: the eight core concepts of customer service (chapter 2 of the material).

The terms live in `glossary.yaml` beside this module, in every language the file
declares. They are read with the same safe YAML loader as the stories and validated
into frozen models:

    glossary = load_glossary()
    term = glossary.term("customer")
    term.term.get_text("en")        # "Customer"
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scenarios.story.model import ID_PATTERN
from scenarios.story.safeyaml import YamlProblem, decode, parse
from scenarios.story.text import LocalText, Text

GLOSSARY_FILE = "glossary.yaml"


class GlossaryError(ValueError):
    """The glossary file is missing, not plain safe YAML, or not a valid glossary."""


class Term(BaseModel):
    """One concept: its name, what it means, and examples from everyday work."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
    term: LocalText
    definition: LocalText
    examples: tuple[LocalText, ...] = ()

    def texts(self) -> tuple[Text, ...]:
        """Every text of the term: its name, definition and examples."""
        return (self.term, self.definition, *self.examples)


class Glossary(BaseModel):
    """The concepts of chapter 2, in the order the material presents them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    languages: tuple[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], ...] = ("fi",)
    source: str = ""
    terms: tuple[Term, ...]

    @model_validator(mode="after")
    def _complete(self) -> Glossary:
        ids = [term.id for term in self.terms]
        duplicates = sorted({name for name in ids if ids.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate term ids: {', '.join(duplicates)}")
        for term in self.terms:
            for text in term.texts():
                missing = [code for code in self.languages if not text.has(code) or not text.get_text(code).strip()]
                if missing:
                    raise ValueError(f"term '{term.id}' has a text without {', '.join(missing)}")
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        """The term ids, in order."""
        return tuple(term.id for term in self.terms)

    def term(self, term_id: str) -> Term:
        """The term with this id; `KeyError` if there is none."""
        for term in self.terms:
            if term.id == term_id:
                return term
        raise KeyError(term_id)


def parse_glossary(raw: bytes, name: str = GLOSSARY_FILE) -> Glossary:
    """Read a glossary from raw bytes with the safe loader; `GlossaryError` if it is bad."""
    try:
        document = parse(decode(raw))
    except YamlProblem as problem:
        where = f"{name}:{problem.position.line}:{problem.position.column}"
        raise GlossaryError(f"{where}: not plain, safe YAML ({problem.code})") from None
    try:
        return Glossary.model_validate(document.data)
    except ValidationError as error:
        raise GlossaryError(f"{name}: not a valid glossary: {error}") from None


def load_glossary() -> Glossary:
    """The built-in glossary shipped with the package."""
    try:
        raw = resources.files("scenarios.story").joinpath(GLOSSARY_FILE).read_bytes()
    except OSError as error:
        raise GlossaryError(f"{GLOSSARY_FILE}: cannot be read ({error})") from None
    return parse_glossary(raw)
