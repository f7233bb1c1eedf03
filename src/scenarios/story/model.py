"""The story format, version 1, as frozen pydantic models. See docs/story-format.md."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from scenarios.story.expr import VALUE_LIMIT

# The format's vocabularies live in scenarios.story.kinds (no pydantic there); re-exported here.
from scenarios.story.kinds import CUSTOMER_TYPES as CUSTOMER_TYPES
from scenarios.story.kinds import THEME_CHAPTERS as THEME_CHAPTERS
from scenarios.story.kinds import Channel as Channel
from scenarios.story.kinds import CustomerType as CustomerType
from scenarios.story.kinds import Difficulty as Difficulty
from scenarios.story.kinds import Medium as Medium
from scenarios.story.kinds import Outcome as Outcome
from scenarios.story.kinds import Theme as Theme
from scenarios.story.rubric import Rubric
from scenarios.story.text import LocalText, Text

FORMAT_VERSION = 1
MOOD_RANGE = (-3, 3)
"""The moods the trainer has words for; `mood` is kept within them (lint SC019) and `mood_words` names them."""
DIMENSIONS = ("encounter", "interaction", "expert", "positivity")
DEFAULT_SPEAKERS = ("customer", "colleague", "narrator")
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


DEFAULT_REFLECTION = (
    Text(
        {
            "fi": "Mitä uutta oivalsin?",
            "en": "What did I learn that was new to me?",
            "sv": "Vad lärde jag mig som var nytt?",
        }
    ),
    Text(
        {
            "fi": "Mikä asia jäi vielä minulle epäselväksi?",
            "en": "What is still unclear to me?",
            "sv": "Vad är fortfarande oklart för mig?",
        }
    ),
    Text({"fi": "Mistä olen eri mieltä?", "en": "What do I disagree with?", "sv": "Vad håller jag inte med om?"}),
    Text(
        {
            "fi": "Mistä haluaisin tietää lisää? Miten voisin ottaa selvää?",
            "en": "What would I like to know more about? How could I find out?",
            "sv": "Vad skulle jag vilja veta mer om? Hur kunde jag ta reda på det?",
        }
    ),
    Text(
        {
            "fi": "Kenen kanssa ja milloin voisin keskustella teemasta lisää?",
            "en": "With whom, and when, could I talk about this theme more?",
            "sv": "Med vem och när kunde jag diskutera temat mer?",
        }
    ),
    Text(
        {
            "fi": "Miltä osin työyhteisömme voisi hyötyä siitä, että keskustelisimme teemasta yhdessä tarkemmin?",
            "en": "In what ways could our work community benefit from discussing this theme together in more depth?",
            "sv": "På vilket sätt kunde vår arbetsgemenskap ha nytta av att vi diskuterade temat närmare tillsammans?",
        }
    ),
)


def _yes_no(value: Any) -> Any:
    """Authors write yes/no; YAML 1.2 leaves those as strings, so accept them here."""
    if isinstance(value, str) and value.strip().lower() in ("yes", "on"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("no", "off"):
        return False
    return value


YesNo = Annotated[bool, BeforeValidator(_yes_no)]


def _fictional(value: Any) -> Any:
    """`yes`/`no`, or a text that says exactly what in the story is made up and what is real."""
    value = _yes_no(value)
    if isinstance(value, bool) or isinstance(value, Mapping) or (isinstance(value, str) and value.strip()):
        return value
    raise ValueError("fictional_value")


# `fictional: yes` gets the generic "made-up examples" note; a text replaces it with the story's own.
Fictional = Annotated[bool | LocalText, BeforeValidator(_fictional)]


def _one_or_many(value: Any) -> Any:
    """Accept a single item where a list is expected (`effects: mood += 1`)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class Strict(BaseModel):
    """Base for story models: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Variable(Strict):
    """A state variable in its long form: `{start: 0, min: -3, max: 3}`."""

    start: int | YesNo
    min: int | None = None
    max: int | None = None

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: Any) -> Any:
        return _yes_no(value)

    @model_validator(mode="after")
    def _bounds(self) -> Variable:
        for value in (self.start, self.min, self.max):
            if value is not None and not isinstance(value, bool) and abs(value) > VALUE_LIMIT:
                raise ValueError(f"value_out_of_range:{VALUE_LIMIT}")
        if isinstance(self.start, bool):
            if self.min is not None or self.max is not None:
                raise ValueError("bounds_on_flag")
            return self
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("bounds_order")
        if (self.min is not None and self.start < self.min) or (self.max is not None and self.start > self.max):
            raise ValueError("start_out_of_bounds")
        return self

    @property
    def kind(self) -> type:
        """`bool` for a flag, `int` for a number."""
        return bool if isinstance(self.start, bool) else int


def _variable(value: Any) -> Any:
    value = _yes_no(value)
    if isinstance(value, (bool, int)):
        return {"start": value}
    if value is None or isinstance(value, str):
        raise ValueError("variable_value")
    return value


class Email(Strict):
    """The header of an incoming email."""

    sender: LocalText = Field(alias="from")
    subject: LocalText

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Line(Strict):
    """One line of a node: who says what (and how), optionally only when a condition holds."""

    text: LocalText
    speaker: str | None = None
    cue: LocalText | None = None
    if_: str | None = Field(default=None, alias="if")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _lines(value: Any) -> Any:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item if isinstance(item, dict) and "text" in item else {"text": item} for item in items]


class Points(Strict):
    """Points on the value dimensions of chapter 3 and customer-positivity of chapter 5."""

    encounter: int = Field(default=0, ge=-3, le=3)
    interaction: int = Field(default=0, ge=-3, le=3)
    expert: int = Field(default=0, ge=-3, le=3)
    positivity: int = Field(default=0, ge=-3, le=3)

    def as_dict(self) -> dict[str, int]:
        """The points by dimension name."""
        return {name: getattr(self, name) for name in DIMENSIONS}


class Branch(Strict):
    """One way on: go `to` a node when the condition holds (the last branch has no condition)."""

    to: str
    if_: str | None = Field(default=None, alias="if")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


Next = str | tuple[Branch, ...]


def targets(way_on: Next | None) -> list[str]:
    """Every node a `next` can lead to."""
    if way_on is None:
        return []
    return [way_on] if isinstance(way_on, str) else [branch.to for branch in way_on]


class Option(Strict):
    """A choice at a decision: a reply (words) or an action (something done)."""

    reply: LocalText | None = None
    action: LocalText | None = None
    id: Annotated[str, Field(pattern=NAME_PATTERN)] | None = None
    solution_focused: YesNo
    ideal: YesNo = False
    feedback: LocalText | None = None
    points: Points = Points()
    result: LocalText | None = None
    effects: Annotated[tuple[str, ...], BeforeValidator(_one_or_many)] = ()
    if_: str | None = Field(default=None, alias="if")
    once: YesNo = False
    next: Next | None = None
    # Lessons tag what a choice means, not how the story plays: they stay out of dumps (and so out
    # of the save fingerprint), so tagging a story does not invalidate saved playthroughs.
    breaks: Annotated[tuple[str, ...], BeforeValidator(_one_or_many)] = Field(default=(), exclude=True)
    """The lessons (ids of `story/lessons.yaml`) this option breaks: required on a weak option."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _kind(self) -> Option:
        if (self.reply is None) == (self.action is None):
            raise ValueError("option_kind")
        return self

    @property
    def kind(self) -> Literal["reply", "action"]:
        """`reply` for words, `action` for a deed."""
        return "reply" if self.reply is not None else "action"

    @property
    def text(self) -> Text:
        """The option's text, whichever kind it is."""
        text = self.reply if self.reply is not None else self.action
        assert text is not None
        return text


class Node(Strict):
    """A place in the story: a decision, a passage or an ending."""

    speaker_: str | None = Field(default=None, alias="speaker")
    say: Annotated[tuple[Line, ...], BeforeValidator(_lines)] = ()
    cues: LocalText | None = None
    email: Email | None = None
    options: tuple[Option, ...] = ()
    model_answer: LocalText | None = None
    next: Next | None = None
    ending: Outcome | None = None
    medium: Medium | None = None
    """How the trainee answers here, if not by the story's channel; chooses the prompt over the options."""
    lessons: Annotated[tuple[str, ...], BeforeValidator(_one_or_many)] = Field(default=(), exclude=True)
    """The lessons (ids of `story/lessons.yaml`, 1-3) this decision tests; kept out of dumps like `breaks`."""
    rubric: Rubric | None = Field(default=None, exclude=True)
    """The ideal reply's elements and the mistakes to avoid, for "own words first"; kept out of dumps like
    `lessons` (a rubric does not change how the story plays)."""

    @model_validator(mode="after")
    def _shape(self) -> Node:
        if self.ending is not None and (self.options or self.next):
            raise ValueError("ending_with_way_on")
        if self.ending is None and not self.options and not self.next:
            raise ValueError("node_without_way_on")
        if self.options and self.next:
            raise ValueError("options_and_next")
        return self

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @property
    def speaker(self) -> str:
        """Who says the node's lines: as written, else the narrator at an ending, else the customer."""
        if self.speaker_ is not None:
            return self.speaker_
        return "narrator" if self.ending is not None else "customer"

    @property
    def is_decision(self) -> bool:
        """A node where the trainee chooses."""
        return bool(self.options)

    def option_id(self, index: int) -> str:
        """The stable id of the option at `index` (its own, or its 1-based position)."""
        return self.options[index].id or str(index + 1)

    @property
    def ideal_index(self) -> int | None:
        """The index of the ideal option, if exactly one is marked."""
        marked = [index for index, option in enumerate(self.options) if option.ideal]
        return marked[0] if len(marked) == 1 else None


def _choice_steps(value: Any) -> Any:
    """A walkthrough's choices: one step or a list; option ids may be written as numbers."""
    items = _one_or_many(value)
    return [str(item) if isinstance(item, int) and not isinstance(item, bool) else item for item in items]


class MinScore(Strict):
    """The least a walkthrough must score: solution-focused choices and points per dimension."""

    solution_focused: int | None = None
    encounter: int | None = None
    interaction: int | None = None
    expert: int | None = None
    positivity: int | None = None

    def as_dict(self) -> dict[str, int]:
        """The minimums that are set, by name."""
        return {name: value for name, value in self.model_dump().items() if value is not None}


class Walkthrough(Strict):
    """A declared playthrough and what must follow from it (run by `scenarios test`).

    Each step names an option by its `id` (or its position number when it has none), or
    by the beginning of its text in any language: both stay put when options are shuffled.
    """

    name: str
    choices: Annotated[tuple[str, ...], BeforeValidator(_choice_steps)]
    ending: str | None = None
    outcome: Outcome | None = None
    verdicts: tuple[YesNo, ...] | None = None
    min_score: MinScore | None = None


class Story(Strict):
    """A whole story, immutable once loaded."""

    format: Literal[1] = 1
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
    languages: tuple[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], ...] = ("fi",)
    title: LocalText
    summary: LocalText
    channel: Channel
    customer: CustomerType
    customer_description: LocalText | None = None
    theme: Theme
    source: str
    difficulty: Difficulty = Difficulty.medium
    minutes: int = Field(default=5, ge=1, le=120)
    tags: tuple[str, ...] = ()
    cast: dict[str, LocalText] = {}
    state: dict[str, Annotated[Variable, BeforeValidator(_variable)]] = {}
    mood_words: dict[int, LocalText] = {}
    """The story's own words for the customer's moods (-3 … 3), in place of the trainer's (a worried
    caller is not 'annoyed'); moods without a word here keep the trainer's."""
    start: str | None = None
    shuffle: YesNo = True
    fictional: Fictional = False
    reflection: tuple[LocalText, ...] = ()
    nodes: dict[Annotated[str, Field(pattern=NAME_PATTERN)], Node]
    # Walkthroughs test the story but do not change how it plays: keep them out of dumps
    # so editing a walkthrough does not invalidate saved playthroughs (see engine.saves).
    walkthroughs: tuple[Walkthrough, ...] = Field(default=(), exclude=True)

    @field_validator("languages", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("reflection", mode="before")
    @classmethod
    def _reflection(cls, value: Any) -> Any:
        return _one_or_many(value)

    @model_validator(mode="after")
    def _described(self) -> Story:
        if self.customer is CustomerType.other and self.customer_description is None:
            raise ValueError("customer_other_undescribed")
        return self

    @field_validator("mood_words", mode="before")
    @classmethod
    def _mood_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for key in value:
                if isinstance(key, bool) or not str(key).strip().lstrip("+-").isdigit():
                    raise ValueError(f"mood_word_key:{key}")
                if not MOOD_RANGE[0] <= int(str(key)) <= MOOD_RANGE[1]:
                    raise ValueError(f"mood_word_range:{key}")
        return value

    @model_validator(mode="after")
    def _mood_words_need_a_mood(self) -> Story:
        mood = self.state.get("mood")
        if self.mood_words and (mood is None or mood.kind is not int):
            raise ValueError("mood_words_without_mood")
        return self

    @field_validator("nodes")
    @classmethod
    def _some_nodes(cls, value: dict[str, Node]) -> dict[str, Node]:
        if not value:
            raise ValueError("no_nodes")
        return value

    @cached_property
    def derived(self) -> dict[str, Any]:
        """What other parts work out from the story once and keep with it (the engine's plan).

        Not part of the story: never dumped, compared or validated."""
        return {}

    @property
    def start_node(self) -> str:
        """The name of the first node."""
        return self.start or next(iter(self.nodes))

    @property
    def fictional_note(self) -> Text | None:
        """The story's own word on what in it is made up and what is real (`fictional:` as a text)."""
        return self.fictional if isinstance(self.fictional, Text) else None

    @property
    def customer_type(self) -> str:
        """The customer type's value: one of `CUSTOMER_TYPES`, or `other`."""
        return self.customer.value

    @property
    def reflection_questions(self) -> tuple[Text, ...]:
        """The story's own reflection questions, then the chapter's six."""
        return (*self.reflection, *DEFAULT_REFLECTION)

    def variable_kinds(self) -> dict[str, type]:
        """Each declared variable's kind (`int` or `bool`)."""
        return {name: variable.kind for name, variable in self.state.items()}

    def decisions(self) -> list[str]:
        """The names of the decision nodes, in file order."""
        return [name for name, node in self.nodes.items() if node.is_decision]

    def endings(self) -> list[str]:
        """The names of the ending nodes, in file order."""
        return [name for name, node in self.nodes.items() if node.ending is not None]
