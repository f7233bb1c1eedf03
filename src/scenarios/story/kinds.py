"""The story format's fixed vocabularies (channels, themes, customer types, ...), as plain enums.

Kept apart from the pydantic models so that what lists the library (its filters and cards) can
use them without importing pydantic; `scenarios.story.model` uses and re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """The service channel a story is played in (ch. 6)."""

    desk = "desk"
    phone = "phone"
    email = "email"
    chat = "chat"


class Medium(StrEnum):
    """How the trainee speaks at a node, when not the story's channel (a colleague face to face in an email story)."""

    face_to_face = "face-to-face"
    phone = "phone"
    email = "email"
    chat = "chat"


class Theme(StrEnum):
    """The chapter of the material a story belongs to."""

    core_concepts = "core-concepts"
    values = "values"
    solution_focus = "solution-focus"
    customer_positivity = "customer-positivity"
    channels = "channels"
    joys_and_sorrows = "joys-and-sorrows"
    electronic_tools = "electronic-tools"
    multi_producer = "multi-producer"
    cost_factors = "cost-factors"
    target_state = "target-state"


THEME_CHAPTERS = {
    Theme.core_concepts: 2,
    Theme.values: 3,
    Theme.solution_focus: 4,
    Theme.customer_positivity: 5,
    Theme.channels: 6,
    Theme.joys_and_sorrows: 7,
    Theme.electronic_tools: 8,
    Theme.multi_producer: 9,
    Theme.cost_factors: 10,
    Theme.target_state: 11,
}

CUSTOMER_TYPES = ("young-adult", "retired-couple", "wheelchair-user", "foreign-language-family")


class CustomerType(StrEnum):
    """Who the customer is: one of the four customer types of ch. 6, or `other` (then described)."""

    young_adult = "young-adult"
    retired_couple = "retired-couple"
    wheelchair_user = "wheelchair-user"
    foreign_language_family = "foreign-language-family"
    other = "other"


class Difficulty(StrEnum):
    """How demanding the situation is."""

    easy = "easy"
    medium = "medium"
    hard = "hard"


class Outcome(StrEnum):
    """How an ending leaves the customer's matter."""

    resolved = "resolved"
    partly = "partly"
    unresolved = "unresolved"
