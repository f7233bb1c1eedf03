"""A trainee's own reply checked against a decision's rubric: which elements it has and which mistakes.

A phrase of the rubric is found in a reply when each of its words is, close together (within a few words, in
one sentence; in Finnish in any order) and not negated ("en voi luvata" is no promise; a phrase that holds a negation
itself, such as "ei maksa", is matched with it). A word of the reply is one of the phrase's words when:

- it is the same word, or has the same lemma ("varausjärjestelmään" and "varausjärjestelmästä" are one);
- in Finnish and Swedish, it is a compound that ends in the word ("matkakortin" has "kortti");
- the phrase's word ends in `*` and the reply's word begins so;
- it is the word misspelt: one letter wrong, missing, extra or two swapped (two in words of ten letters or
  more), or a word the dictionary does not know that begins with the word's stem (a trainee on a phone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from scenarios.rubric.words import Token, is_negation, negated, tokens
from scenarios.story.rubric import Rubric, RubricItem
from scenarios.story.text import Text

Kind = Literal["element", "avoid"]
WINDOW = 2
"""Words that may stand between (or around) a phrase's words in a reply."""
COMPOUND_LANGUAGES = frozenset({"fi", "sv"})
FREE_ORDER = frozenset({"fi"})
"""Languages whose phrases are found in any word order ("soitan huomenna", "huomenna soitan"); elsewhere in
the phrase's order, with other words between."""
STOPWORDS: dict[str, frozenset[str]] = {
    "fi": frozenset(
        "olla ei se ja tai minä sinä hän me te he tämä tuo joka mikä kuka voida saada tulla mennä "
        "pitää ne niin kun jos että".split()
    ),
    "en": frozenset("be have do i you he she it we they the a an to of and or can will would get".split()),
    "sv": frozenset("vara ha och eller jag du han hon den det vi ni de en ett att kunna få".split()),
}
"""Words so common that all their forms would match anything: in a phrase they are matched as written."""
MAX_SHOWN = 3
"""Places in the reply shown for one item."""


class Lemmatizer(Protocol):
    """What matching needs of a lemmatizer (`scenarios.rubric.lemmas.Lemmas`, or a stand-in in a test)."""

    def lemma(self, word: str, language: str) -> str:
        """The word's lemma in lower case."""
        ...

    def known(self, word: str, language: str) -> bool:
        """Whether the word is a form in the language's word list."""
        ...


@dataclass(frozen=True)
class Mark:
    """One item of the checklist: an element found or missing, or a mistake made or avoided."""

    id: str
    kind: Kind
    label: Text
    lesson: str | None
    found: bool
    words: tuple[str, ...] = ()
    """The reply's words that showed it, as the trainee typed them (at most three places)."""


@dataclass(frozen=True)
class Checklist:
    """What a reply has of a decision's rubric: the elements, then the mistakes, in the rubric's order."""

    marks: tuple[Mark, ...]

    @property
    def elements(self) -> tuple[Mark, ...]:
        """The ideal reply's elements, found or not."""
        return tuple(mark for mark in self.marks if mark.kind == "element")

    @property
    def mistakes(self) -> tuple[Mark, ...]:
        """The mistakes to avoid, made or not."""
        return tuple(mark for mark in self.marks if mark.kind == "avoid")

    def found(self) -> frozenset[str]:
        """The ids of the elements found and the mistakes made."""
        return frozenset(mark.id for mark in self.marks if mark.found)


@dataclass(frozen=True, slots=True)
class _Word:
    """A word of a phrase, ready to compare."""

    surface: str
    lemma: str
    stem: str
    prefix: bool


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[_Word, ...]
    negative: bool
    """The phrase holds a negation itself, so a negation before it does not undo it."""


@dataclass(frozen=True, slots=True)
class _Item:
    item: RubricItem
    kind: Kind
    phrases: tuple[_Phrase, ...]


class CompiledRubric:
    """A decision's rubric in one language, its phrases lemmatized once, ready to check replies against."""

    def __init__(self, rubric: Rubric, language: str, lemmas: Lemmatizer) -> None:
        self.rubric = rubric
        self.language = language
        self._lemmas = lemmas
        self._compound = language in COMPOUND_LANGUAGES
        self._items: list[_Item] = []
        self._words: list[_Word] = []
        self._by_form: dict[str, list[int]] = {}
        for kind, group in (("element", rubric.elements), ("avoid", rubric.avoid)):
            for item in group:
                phrases = tuple(self._phrase(phrase) for phrase in item.words.phrases(language))
                self._items.append(_Item(item, kind, phrases))  # type: ignore[arg-type]
        self._numbers = {word: number for number, word in enumerate(self._words)}
        self._index()

    def _phrase(self, phrase: str) -> _Phrase:
        words = []
        negative = False
        for raw in phrase.split():
            prefix = raw.endswith("*")
            surface = raw.rstrip("*").casefold().replace("’", "'")
            lemma = surface if prefix else self._lemmas.lemma(surface, self.language)
            negative = negative or is_negation(Token(surface, surface, 0, 0, 0, 0), self.language)
            if lemma in STOPWORDS.get(self.language, ()):
                lemma = surface  # "olisit" is not every form of "olla": a common word is matched as written
            elif self._compound and surface.startswith(lemma) and len(surface) - len(lemma) >= 3:
                # The word list cuts some compounds to their first part ("puhelinaika" to "puhelin"): as
                # a phrase word that would be every word of the first part. Match it as written instead.
                lemma = surface
            word = _Word(surface, lemma, surface if prefix else _stem(surface, lemma), prefix)
            if word not in self._words:
                self._words.append(word)
                number = len(self._words) - 1
                for form in {surface, lemma}:
                    self._by_form.setdefault(form, []).append(number)
            words.append(word)
        return _Phrase(tuple(words), negative)

    def check(self, reply: str) -> Checklist:
        """Which elements the reply has and which mistakes it makes, with the words that showed each."""
        words = tokens(reply)
        seen: dict[str, frozenset[int]] = {}
        where: dict[int, list[int]] = {}
        for position, token in enumerate(words):
            hits = seen.get(token.folded)
            if hits is None:
                hits = seen[token.folded] = self._hits(token)
            for number in hits:
                where.setdefault(number, []).append(position)
        marks = []
        for entry in self._items:
            spans = {span for phrase in entry.phrases for span in self._places(phrase, words, where)}
            # A place inside another is not shown again ("Kumpaan" inside "Kumpaan maaliin").
            outer = sorted(
                span
                for span in spans
                if not any(other != span and other[0] <= span[0] and span[1] <= other[1] for other in spans)
            )
            shown: list[str] = []
            for span in outer:
                text = _shown(reply, words, span)
                if text not in shown:
                    shown.append(text)
            marks.append(
                Mark(
                    entry.item.id,
                    entry.kind,
                    entry.item.label,
                    entry.item.lesson,
                    bool(shown),
                    tuple(shown[:MAX_SHOWN]),
                )
            )
        return Checklist(tuple(marks))

    # --- one word of the reply ---------------------------------------------------------
    def _index(self) -> None:
        """Where to look a word of the reply up: by its form, its ending (compounds), its beginning (typos)."""
        self._prefixed = [number for number, word in enumerate(self._words) if word.prefix]
        self._heads: dict[str, list[int]] = {}
        self._openings: dict[str, set[int]] = {}
        for number, word in enumerate(self._words):
            if word.prefix:
                continue
            if self._compound and len(word.lemma) >= 4:
                for form in {word.lemma, word.surface}:
                    self._heads.setdefault(form, []).append(number)
            if len(word.surface) >= 4:
                self._openings.setdefault(word.surface[0], set()).add(number)
                self._openings.setdefault("·" + word.surface[1:3], set()).add(number)

    def _hits(self, token: Token) -> frozenset[int]:
        """The numbers of the phrase words this word of the reply is."""
        folded = token.folded
        language = self.language
        lemma = self._lemmas.lemma(folded, language)
        hits: set[int] = set()
        for form in (folded, lemma):
            hits.update(self._by_form.get(form, ()))
        for number in self._prefixed:
            surface = self._words[number].surface
            if folded.startswith(surface) or (len(surface) >= 5 and _near_prefix(surface, folded, 1)):
                hits.add(number)
        if self._heads:
            for form in {folded, lemma}:
                for cut in range(3, len(form) - 3):
                    hits.update(self._heads.get(form[cut:], ()))
        candidates = self._openings.get(folded[:1], set()) | self._openings.get("·" + folded[1:3], set())
        candidates -= hits
        if not candidates or len(folded) < 3 or self._lemmas.known(token.text, language):
            return frozenset(hits)  # a real word is not a misspelling of another ("käytät" is not "näytän")
        for number in candidates:
            word = self._words[number]
            if len(folded) + 3 < len(word.surface):
                continue
            allowed = 2 if len(word.surface) >= 10 else 1 if len(word.surface) >= 5 else 0
            if _close(folded, word.surface, allowed) or _close(lemma, word.lemma, allowed):
                hits.add(number)
            elif len(word.surface) == 4 and _swapped(folded, word.surface):
                hits.add(number)  # two letters swapped in a short word, the commonest slip on a phone ("waht")
            elif len(word.stem) >= 4 and _near_prefix(word.stem, folded, 1 if len(word.stem) >= 6 else 0):
                hits.add(number)
        return frozenset(hits)

    # --- a phrase in the reply ---------------------------------------------------------
    def _places(self, phrase: _Phrase, words: list[Token], where: dict[int, list[int]]) -> list[tuple[int, int]]:
        """Where the phrase stands in the reply, not negated: (first word, last word) of each place."""
        numbers = [self._numbers[word] for word in phrase.words]
        if any(number not in where for number in numbers):
            return []
        reach = len(numbers) + WINDOW
        ordered = self.language not in FREE_ORDER
        places = []
        for anchor in where[numbers[0]]:
            used = {anchor}
            last = anchor
            for number in numbers[1:]:
                near = [
                    position
                    for position in where[number]
                    if position not in used
                    and abs(position - anchor) <= reach
                    and (not ordered or position > last)
                    and words[position].sentence == words[anchor].sentence
                ]
                if not near:
                    break
                last = min(near, key=lambda position: abs(position - anchor))
                used.add(last)
            else:
                first, last = min(used), max(used)
                if phrase.negative or not negated(words, first, self.language, within=(first, last), skip=used):
                    places.append((first, last))
        return places


def _stem(surface: str, lemma: str) -> str:
    """What the phrase word's forms begin with: the part its written form and its lemma share."""
    length = 0
    for left, right in zip(surface, lemma, strict=False):
        if left != right:
            break
        length += 1
    return surface[:length]


def _close(word: str, other: str, allowed: int) -> bool:
    """Whether two words are at most `allowed` edits apart (a letter wrong, missing, extra, or two swapped)."""
    if abs(len(word) - len(other)) > allowed:
        return False
    return _distance(word, other, allowed) <= allowed


def _swapped(word: str, other: str) -> bool:
    """Whether the two words differ only by two neighbouring letters swapped ("waht" and "what")."""
    if len(word) != len(other):
        return False
    differ = [index for index, (left, right) in enumerate(zip(word, other, strict=True)) if left != right]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == other[differ[1]]
        and word[differ[1]] == other[differ[0]]
    )


def _near_prefix(stem: str, word: str, allowed: int) -> bool:
    """Whether `word` begins with `stem`, give or take `allowed` edits."""
    if word.startswith(stem):
        return True
    if allowed == 0 or len(word) + allowed < len(stem):
        return False
    return _distance(stem, word, allowed, prefix=True) <= allowed


def _distance(word: str, other: str, limit: int, *, prefix: bool = False) -> int:
    """The optimal-string-alignment distance (`limit` + 1 once it is sure to be more). With `prefix`, the
    distance from `word` to the nearest beginning of `other`."""
    previous2: list[int] | None = None
    previous = list(range(len(other) + 1))
    for i in range(1, len(word) + 1):
        current = [i] + [0] * len(other)
        for j in range(1, len(other) + 1):
            cost = 0 if word[i - 1] == other[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and word[i - 1] == other[j - 2]
                and word[i - 2] == other[j - 1]
            ):
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous) if prefix else previous[-1]


def _shown(reply: str, words: list[Token], span: tuple[int, int]) -> str:
    """The reply's text from the first to the last word of a place, as typed."""
    first, last = span
    text = reply[words[first].start : words[last].end]
    return " ".join(text.split())


def compile_rubric(rubric: Rubric, language: str, lemmas: Lemmatizer) -> CompiledRubric:
    """The rubric ready to check replies in `language` against."""
    return CompiledRubric(rubric, language, lemmas)


def missing(checklists: Sequence[Checklist]) -> dict[str, int]:
    """How many of the checklists miss each element (for a report of what trainees leave out)."""
    counts: dict[str, int] = {}
    for checklist in checklists:
        for mark in checklist.elements:
            if not mark.found:
                counts[mark.id] = counts.get(mark.id, 0) + 1
    return counts
