"""The room's own replies at a decision, grouped by the rubric elements they hold: what the shared screen, the
presenter view and the session record show before the options (own words first in a team rehearsal).

Pure: the replies carry the marks the rubric layer gave them when they came in (`scenarios.rubric.match`), so
grouping needs no word lists. Nothing here knows who wrote what: a reply has a text and its marks only.

    room = room_replies(rubric, decision.replies)
    room.found      # the elements someone's reply has, most often first, with how many replies have each
    room.missed     # the elements nobody's reply has
    room.groups     # the replies grouped by the elements they hold, the most complete group first
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scenarios.i18n.catalog import t
from scenarios.i18n.present import story_language, text_in
from scenarios.rehearsal.session import Decision, OwnWordsReply, Session
from scenarios.story.model import Story
from scenarios.story.rubric import Rubric, RubricItem, mark_lines
from scenarios.trainer.own_words import SHARED

if TYPE_CHECKING:
    from scenarios.rubric.match import Checklist


@dataclass(frozen=True)
class ItemCount:
    """An element (or a mistake) of the rubric and how many of the room's replies have it."""

    item: RubricItem
    count: int


@dataclass(frozen=True)
class GroupedReply:
    """One reply in its group: its text and the mistakes to avoid that it makes."""

    text: str
    mistakes: tuple[RubricItem, ...] = ()


@dataclass(frozen=True)
class ReplyGroup:
    """The replies that hold exactly these elements (none: the replies that hold no element)."""

    elements: tuple[RubricItem, ...]
    replies: tuple[GroupedReply, ...]


@dataclass(frozen=True)
class RoomReplies:
    """What the room wrote at one decision, as the shared screen shows it: no reply says who wrote it."""

    total: int
    found: tuple[ItemCount, ...]
    """The elements at least one reply has, the most often found first (ties in the rubric's order)."""
    missed: tuple[RubricItem, ...]
    """The elements no reply has, in the rubric's order."""
    mistakes: tuple[ItemCount, ...]
    """The mistakes to avoid that at least one reply makes, the most often made first."""
    groups: tuple[ReplyGroup, ...]
    """The replies by the elements they hold: more elements first, then in the rubric's order; within a group in
    alphabetical order (never the order they came in, which could tell who wrote which)."""


def room_replies(rubric: Rubric, replies: Sequence[OwnWordsReply]) -> RoomReplies:
    """The room's `replies` grouped by the elements of `rubric` their marks hold."""
    order = {item.id: number for number, item in enumerate(rubric.items)}

    def counted(items: tuple[RubricItem, ...]) -> tuple[ItemCount, ...]:
        counts = [ItemCount(item, sum(1 for reply in replies if item.id in reply.marked)) for item in items]
        return tuple(sorted((c for c in counts if c.count), key=lambda c: (-c.count, order[c.item.id])))

    by_elements: dict[tuple[RubricItem, ...], list[GroupedReply]] = {}
    for reply in replies:
        held = tuple(item for item in rubric.elements if item.id in reply.marked)
        made = tuple(item for item in rubric.avoid if item.id in reply.marked)
        by_elements.setdefault(held, []).append(GroupedReply(reply.text, made))
    groups = tuple(
        ReplyGroup(held, tuple(sorted(grouped, key=lambda r: (r.text.casefold(), r.text, [m.id for m in r.mistakes]))))
        for held, grouped in sorted(
            by_elements.items(), key=lambda entry: (-len(entry[0]), [order[item.id] for item in entry[0]])
        )
    )
    found = counted(rubric.elements)
    seen = {c.item.id for c in found}
    return RoomReplies(
        total=len(replies),
        found=found,
        missed=tuple(item for item in rubric.elements if item.id not in seen),
        mistakes=counted(rubric.avoid),
        groups=groups,
    )


def marks_of(story: Story, node: str, language: str, text: str) -> tuple[str, ...]:
    """The ids of the rubric's elements and mistakes that the reply `text` has at `node`, matched by the rubric layer
    (`scenarios.rubric`) in `language` and in the story's other languages: a room writes in more than one (a
    Swedish speaker in a Finnish session), so the reading that finds the most elements counts (`language`'s on a
    tie). Its first use opens the word lists: call it off the event loop."""
    best: Checklist | None = None
    for candidate in dict.fromkeys((language, *story.languages)):
        checklist = SHARED.check(story, node, candidate, text)
        found = sum(1 for mark in checklist.elements if mark.found)
        if best is None or found > sum(1 for mark in best.elements if mark.found):
            best = checklist
    assert best is not None
    return tuple(sorted(best.found()))


def own_marks(story: Story, reply: OwnWordsReply, node: str, language: str) -> tuple[str, ...]:
    """The checklist of one reply in words, for its writer's phone alone: `✓ element`, `○ element`, `✗ mistake`."""
    rubric = story.nodes[node].rubric
    if rubric is None:
        return ()
    lang = story_language(story, language)
    return tuple(f"{line.sign} {text_in(line.label, lang, story)}" for line in mark_lines(rubric, reply.marked))


def decision_replies(session: Session, decision: Decision) -> RoomReplies | None:
    """The room's replies at `decision` (on screen or in the record), or None where nobody was asked to write:
    own words were off, or the decision has no rubric."""
    rubric = session.stories[decision.story_index].nodes[decision.node].rubric
    if rubric is None or (not decision.replies and not session.own_words):
        return None
    return room_replies(rubric, decision.replies)


def replies_in(session: Session, language: str) -> str:
    """How many own replies are in at the decision on screen, of how many participants, in words."""
    decision = session.decision
    count = len(decision.replies) if decision is not None else 0
    expected = session.participants.count
    if expected:
        return t("rehearsal.replies.in", language, count=count, expected=expected)
    return t("rehearsal.replies.in_count", language, count=count)


@dataclass(frozen=True)
class ReplyLine:
    """One reply in words: its text as typed, and the mistakes it makes (`✗ mistake`, "" for none)."""

    text: str
    mistakes: str = ""

    @property
    def line(self) -> str:
        """The text and then its mistakes, on one line."""
        return f"{self.text}  {self.mistakes}" if self.mistakes else self.text


@dataclass(frozen=True)
class RoomWords:
    """The room's replies in words, as every front end lists them (the shared screen, the presenter view, the
    record): plain text, no markup; a front end only lays the lines out."""

    summary: str
    """How many replies (or that nobody sent one)."""
    found: tuple[str, ...]
    """`✓ element (2/3)`, the most often found first."""
    missed: tuple[str, ...]
    """`○ element` that nobody's reply has."""
    mistakes: tuple[str, ...]
    """`✗ mistake (1/3)` made by some reply."""
    groups: tuple[tuple[str, tuple[ReplyLine, ...]], ...]
    """(the group's elements in words, its replies)."""


def room_words(room: RoomReplies, story: Story, language: str) -> RoomWords:
    """`room` in `language` (the rubric's labels in the story's language when it lacks `language`)."""
    lang = story_language(story, language)

    def label(item: RubricItem) -> str:
        return text_in(item.label, lang, story)

    def counted(sign: str, counts: tuple[ItemCount, ...]) -> tuple[str, ...]:
        return tuple(
            t("rehearsal.replies.item", language, sign=sign, label=label(c.item), count=c.count, total=room.total)
            for c in counts
        )

    groups = []
    for group in room.groups:
        heading = (
            "✓ " + ", ".join(label(item) for item in group.elements)
            if group.elements
            else t("rehearsal.replies.no_element", language)
        )
        texts = tuple(
            ReplyLine(reply.text, "  ".join(f"✗ {label(item)}" for item in reply.mistakes)) for reply in group.replies
        )
        groups.append((heading, texts))
    summary = t("rehearsal.replies.count" if room.total else "rehearsal.replies.none", language, count=room.total)
    return RoomWords(
        summary=summary,
        found=counted("✓", room.found),
        missed=tuple(f"○ {label(item)}" for item in room.missed) if room.total else (),  # nobody wrote: nothing to miss
        mistakes=counted("✗", room.mistakes),
        groups=tuple(groups),
    )
