"""Lint over a whole library: what only shows across many stories.

A trainee who has never read the material should not be able to find the ideal option by its
surface: by being the only question, the only action, the only apology or the only use of the
customer's name. `tell_shares` counts, per language, the decisions where the ideal alone shows
such a tell (SC024-SC027); each is allowed in a share of the decisions, not in none, since a
question or a look-up is often simply right. `uncovered` lists the lessons of the catalog that
fewer than two decisions in fewer than two channels test (SC028).

`scenarios lint` runs these when it lints more than one story file (a folder, or several files).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scenarios.authoring.codes import render_code
from scenarios.authoring.explore import explored
from scenarios.i18n.catalog import LANGUAGES
from scenarios.i18n.catalog import percent as percent_in
from scenarios.story.lessons import load_lessons
from scenarios.story.model import Option, Story

APOLOGY_WORDS: dict[str, tuple[str, ...]] = {
    "fi": ("anteeksi", "pahoittel*", "pahoillani", "pahoillamme"),
    "en": ("sorry", "apologise*", "apologize*", "apology", "apologies"),
}
"""The words that make an option an apology, per language (`*`: any ending). Other languages are not checked."""

NOT_CUSTOMERS = ("colleague", "narrator")
"""Cast entries whose names are not the customer's: every other name in `cast` is (the customer, a companion)."""

MIN_DECISIONS = 2
MIN_CHANNELS = 2
"""A lesson is covered when at least this many decisions, in at least this many channels, test it."""


@dataclass(frozen=True)
class Tell:
    """A surface mark that can single out the ideal option, and the largest share of decisions it may."""

    code: str
    name: str
    limit: float


TELLS = (
    Tell("SC024", "question", 0.25),
    Tell("SC025", "action", 0.25),
    Tell("SC026", "apology", 0.20),
    Tell("SC027", "name", 0.15),
)


@dataclass(frozen=True)
class Place:
    """One decision of one story of the library (`index`: the story's position in the list linted)."""

    index: int
    node: str


@dataclass(frozen=True)
class Share:
    """How often one tell singles out the ideal in one language: the decisions where it does, of all."""

    tell: Tell
    language: str
    decisions: int
    marked: tuple[Place, ...]

    @property
    def share(self) -> float:
        """The share of decisions the tell singles the ideal out in (0 when there are none)."""
        return len(self.marked) / self.decisions if self.decisions else 0.0

    @property
    def over(self) -> bool:
        """More than the tell's limit."""
        return self.share > self.tell.limit


@dataclass(frozen=True)
class Coverage:
    """A lesson of the catalog: how many decisions test it, and in which channels."""

    lesson: str
    decisions: int
    channels: tuple[str, ...]

    @property
    def covered(self) -> bool:
        """Tested by enough decisions in enough channels."""
        return self.decisions >= MIN_DECISIONS and len(self.channels) >= MIN_CHANNELS


def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = [re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else r"\b") for word in words]
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


APOLOGY = {language: _word_pattern(words) for language, words in APOLOGY_WORDS.items()}


NAME_ENDING = (
    r"(?::?(?:n|a|ä|aa|ää|ta|tä|lle|lla|llä|lta|ltä|sta|stä|ssa|ssä|seen|hin|on|ön|in|ksi|na|nä)?"
    r"(?:kin|kaan|kään|han|hän|ko|kö|pa|pä)?|['’]s)\b"
)
"""What may follow a name in the same word: a Finnish case ending and a clitic ("Ainollekin"), or "'s"."""


def customer_names(story: Story, language: str) -> re.Pattern[str] | None:
    """The customer's names from `cast` (its capitalised words), also with a case ending ("Ainolle", not
    "Ainoastaan")."""
    names = sorted(
        {
            word
            for key, text in story.cast.items()
            if key not in NOT_CUSTOMERS
            for word in re.findall(r"\w+", text.get_text(language, story.languages))
            if word[:1].isupper()
        }
    )
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + ")" + NAME_ENDING)


def _marks(story: Story, language: str) -> dict[str, Callable[[Option], bool]]:
    """Whether an option shows each tell, in `language`."""
    apology = APOLOGY.get(language)
    names = customer_names(story, language)

    def said(option: Option) -> str:
        return option.text.get_text(language, story.languages)

    return {
        "question": lambda option: "?" in said(option),
        "action": lambda option: option.kind == "action",
        "apology": lambda option: apology is not None and bool(apology.search(said(option))),
        "name": lambda option: names is not None and bool(names.search(said(option))),
    }


@dataclass(frozen=True)
class Shown:
    """A decision as a trainee meets it: the options on offer (by index) and which of them is the ideal then."""

    node: str
    offered: tuple[int, ...]
    ideal: int

    def ideal_alone(self, options: tuple[Option, ...], marked: Callable[[Option], bool]) -> bool:
        """The ideal shows the mark and no other option on offer does."""
        return marked(options[self.ideal]) and not any(marked(options[i]) for i in self.offered if i != self.ideal)


def shown_decisions(story: Story) -> list[Shown]:
    """Every decision of `story` as trainees meet it, with two options or more on offer.

    A decision whose ideal reply an action unlocks is met twice: first with the action as the
    ideal (the trainer shows it so), then with the reply. The explored state space says which
    options are on offer together; when it is too large to explore, each decision counts once
    with all its options. Worked out once per story (kept in `Story.derived`) for every language.
    """
    kept = story.derived.get(SHOWN)
    if kept is None:
        kept = story.derived[SHOWN] = _shown_decisions(story)
    return list(kept)


SHOWN = "library_lint.shown_decisions"


def _shown_decisions(story: Story) -> tuple[Shown, ...]:
    space = explored(story)
    if not space.complete:
        return tuple(
            Shown(name, tuple(range(len(node.options))), node.ideal_index)
            for name, node in story.nodes.items()
            if node.ideal_index is not None and len(node.options) > 1
        )
    found: dict[tuple[str, tuple[int, ...]], int] = {}
    for state in space.states:
        if len(state.choices) < 2 or state.ideal_option is None:
            continue
        node = story.nodes[state.node]
        ids = [node.option_id(index) for index in range(len(node.options))]
        offered = tuple(sorted(ids.index(option_id) for option_id in state.choices))
        found.setdefault((state.node, offered), ids.index(state.ideal_option))
    return tuple(Shown(node, offered, ideal) for (node, offered), ideal in found.items())


def tell_shares(stories: Sequence[Story], language: str) -> list[Share]:
    """Each tell's share in `language`, over the decisions of the stories in it, as trainees meet them."""
    decisions = 0
    marked: dict[str, list[Place]] = {tell.name: [] for tell in TELLS}
    for index, story in enumerate(stories):
        if language not in story.languages:
            continue
        marks = _marks(story, language)
        for shown in shown_decisions(story):
            decisions += 1
            options = story.nodes[shown.node].options
            for tell in TELLS:
                if shown.ideal_alone(options, marks[tell.name]):
                    marked[tell.name].append(Place(index, shown.node))
    return [Share(tell, language, decisions, tuple(marked[tell.name])) for tell in TELLS]


def coverage(stories: Sequence[Story]) -> list[Coverage]:
    """Every lesson of the catalog, in its order, with the decisions and channels that test it."""
    decisions: dict[str, int] = {}
    channels: dict[str, set[str]] = {}
    for story in stories:
        for node in story.nodes.values():
            if not node.is_decision:
                continue
            for lesson in set(node.lessons):
                decisions[lesson] = decisions.get(lesson, 0) + 1
                channels.setdefault(lesson, set()).add(story.channel.value)
    return [
        Coverage(lesson, decisions.get(lesson, 0), tuple(sorted(channels.get(lesson, ()))))
        for lesson in load_lessons().ids
    ]


def languages_of(stories: Sequence[Story]) -> list[str]:
    """The languages of the library, in the order the stories first declare them."""
    found: list[str] = []
    for story in stories:
        found.extend(code for code in story.languages if code not in found)
    return found


@dataclass(frozen=True)
class LibraryFinding:
    """A library-level lint finding: its code, its parameters and the decisions (or lessons) it concerns."""

    code: str
    params: dict[str, object]
    places: tuple[Place, ...] = ()
    lessons: tuple[Coverage, ...] = ()

    def message(self, language: str) -> str:
        """`warning SC024: ...` in `language`."""
        return render_code(self.code, self.params, language)


def percent(share: float, language: str) -> str:
    """A share as a whole percentage, written as the language writes it ("31 %", "31%")."""
    return percent_in(round(share * 100), language)


def library_findings(stories: Sequence[Story]) -> list[LibraryFinding]:
    """The library-level findings over `stories`: the tells over their limits per language, the lessons not covered."""
    findings: list[LibraryFinding] = []
    for code in languages_of(stories):
        for share in tell_shares(stories, code):
            if not share.over:
                continue
            params: dict[str, object] = {
                "language": code,
                "count": len(share.marked),
                "decisions": share.decisions,
                "share": {ui: percent(share.share, ui) for ui in LANGUAGES},
                "limit": {ui: percent(share.tell.limit, ui) for ui in LANGUAGES},
                "words": ", ".join(APOLOGY_WORDS.get(code, ())),
            }
            findings.append(LibraryFinding(share.tell.code, params, share.marked))
    missing = tuple(entry for entry in coverage(stories) if not entry.covered)
    if missing:
        params = {
            "count": len(missing),
            "total": len(load_lessons().ids),
            "decisions": MIN_DECISIONS,
            "channels": MIN_CHANNELS,
        }
        findings.append(LibraryFinding("SC028", params, lessons=missing))
    return findings
