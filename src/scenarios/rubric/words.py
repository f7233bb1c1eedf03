"""A reply cut into words, with where each sentence and clause begins and which words negate."""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"[\w]+(?:[-'’./:@][\w]+)*", re.UNICODE)
"""A word as typed: letters and digits, joined inside by - ' . / : @ (addresses, numbers, "can't")."""
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n")
CLAUSE_END = re.compile(r"[,;:–—]|\s-\s")

NEGATIONS: dict[str, frozenset[str]] = {
    "fi": frozenset({"en", "et", "ei", "emme", "ette", "eivät", "älä", "älkää", "ilman", "enkä", "eikä", "ettei"}),
    "en": frozenset({"not", "no", "never", "without", "cannot", "nobody", "nothing", "neither", "nor"}),
    "sv": frozenset({"inte", "ej", "aldrig", "utan", "ingen", "inget", "inga"}),
}
"""Words that turn what follows them in the clause into its opposite ("en voi luvata" is not a promise)."""
CLAUSE_WORDS: dict[str, frozenset[str]] = {
    "fi": frozenset({"mutta", "vaan", "kuitenkin", "joten", "koska", "sillä", "että", "jotta"}),
    "en": frozenset({"but", "however", "so", "because", "though", "although", "that"}),
    "sv": frozenset({"men", "utan", "så", "eftersom", "att"}),
}
"""Words that begin a new clause: a negation before them does not reach past them."""
NEGATION_REACH = 3
"""How many words before a phrase a negation may stand and still negate it."""


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the reply: as typed, folded to lower case, and where it is."""

    text: str
    folded: str
    start: int
    end: int
    sentence: int
    clause: int


def tokens(reply: str) -> list[Token]:
    """The reply's words in order, each with its sentence and clause number."""
    found: list[Token] = []
    sentence = clause = 0
    position = 0
    for match in TOKEN.finditer(reply):
        between = reply[position : match.start()]
        if SENTENCE_END.search(between):
            sentence += 1
            clause += 1
        elif CLAUSE_END.search(between):
            clause += 1
        text = match.group()
        folded = text.casefold().replace("’", "'")
        if text.endswith(".") and not re.search(r"\.\w", text):
            folded = folded.rstrip(".")
        found.append(Token(text, folded, match.start(), match.end(), sentence, clause))
        position = match.end()
    return found


def is_negation(token: Token, language: str) -> bool:
    """Whether the word negates what follows it ("en", "not", "can't", "won't")."""
    folded = token.folded
    if folded in NEGATIONS.get(language, frozenset()):
        return True
    return language == "en" and (folded.endswith("n't") or folded in CONTRACTIONS_TYPED_BARE)


CONTRACTIONS_TYPED_BARE = frozenset(
    "cant dont wont didnt doesnt isnt arent wasnt werent couldnt shouldnt wouldnt havent hasnt".split()
)
"""English negations as a phone types them, without the apostrophe."""


def negated(
    words: list[Token],
    first: int,
    language: str,
    *,
    within: tuple[int, int] | None = None,
    skip: set[int] | frozenset[int] = frozenset(),
) -> bool:
    """Whether a negation stands before `words[first]` in its clause, within `NEGATION_REACH` words with no
    clause word between, or among the words `within` (first, last) that are not the phrase's own (`skip`):
    "I can't promise" holds no promise."""
    if within is not None:
        for index in range(within[0], within[1] + 1):
            if index not in skip and is_negation(words[index], language):
                return True
    clause = words[first].clause
    starters = CLAUSE_WORDS.get(language, frozenset())
    for index in range(first - 1, max(-1, first - 1 - NEGATION_REACH), -1):
        word = words[index]
        if word.clause != clause or word.folded in starters:
            return False
        if is_negation(word, language):
            return True
    return False
