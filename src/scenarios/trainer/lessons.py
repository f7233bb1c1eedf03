"""A trainee's lessons over the store: every answer kept with the save it comes with, each lesson's state kept up
to date by the mastery rule, and what is due for review today. No Textual here; the app, line mode and the
tests use it alike.

    book = LessonBook(store, clock=clock)
    book.catch_up(library.get)           # answers of playthroughs stored before this existed, read from their saves
    book.states()                        # {lesson id: LessonState}
    book.due(today)                      # the missed decisions due today
    book.plan(stories)                   # today's review round

A lesson state that is missing or behind the answers (a store from before, a row deleted by hand) is folded
again from the answers; the rules are `scenarios.mastery`'s.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from scenarios.engine import Clock, Playthrough
from scenarios.mastery.decisions import Decision, by_lesson
from scenarios.mastery.review import Item, plan, practise_next, unseen_decisions
from scenarios.mastery.rule import MASTERED, NOT_SEEN, Change, LessonState, State, fold_changes, state_of
from scenarios.mastery.schedule import Card, cards, due, local_day
from scenarios.records.practice import record_mastery
from scenarios.store import Store
from scenarios.store.answers import (
    CardRow,
    LessonRow,
    StoredAnswer,
    add_answers,
    answers_of,
    card_rows,
    count_answers,
    done_pending,
    ensure_schema,
    keep_cards,
    keep_lessons,
    kept_cards,
    kept_count,
    lesson_rows,
    pending,
)
from scenarios.store.clock import now
from scenarios.store.schema import transaction
from scenarios.story.lessons import Lesson, load_lessons
from scenarios.story.model import Node, Story

FindStory = Callable[[str], Story | None]


def answer_of(
    story: Story,
    node_name: str,
    option_id: str,
    at: float,
    *,
    mode: str,
    step: int,
    playthrough: int | None = None,
    review: int | None = None,
    path: tuple[str, ...] | None = None,
) -> StoredAnswer | None:
    """One choice as an answer to keep: its verdict and lessons read from the story (None when the story no
    longer has that decision or option)."""
    node = story.nodes.get(node_name)
    if node is None:
        return None
    option = _option(node, option_id)
    if option is None:
        return None
    return StoredAnswer(
        story=story.id,
        node=node_name,
        option=option_id,
        solution_focused=node.options[option].solution_focused,
        tested=node.lessons,
        broken=node.options[option].breaks,
        at=at,
        mode=mode,
        step=step,
        playthrough=playthrough,
        review=review,
        path=path,
    )


def _option(node: Node, option_id: str) -> int | None:
    return next((index for index in range(len(node.options)) if node.option_id(index) == option_id), None)


def answers_of_play(play: Playthrough, mode: str, playthrough: int) -> list[StoredAnswer]:
    """Every choice of a stored playthrough so far, as answers (numbered from 1, as its save keeps them)."""
    found = []
    taken: list[str] = []
    for step, result in enumerate(play.history, start=1):
        path = tuple(taken) if play.origin is None else None
        answer = answer_of(
            play.story, result.node, result.option_id, result.at, mode=mode, step=step, playthrough=playthrough,
            path=path,
        )  # fmt: skip
        if answer is not None:
            found.append(answer)
        taken.append(result.option_id)
    return found


def answers_of_save(story: Story, save: str, mode: str, playthrough: int) -> list[StoredAnswer]:
    """The choices a playthrough's save keeps, as answers, without replaying it (the verdicts and lessons are
    read from the story as it is now; a choice the story no longer has is left out)."""
    try:
        data = json.loads(save)
    except (ValueError, RecursionError):
        return []
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list):
        return []
    known_path = data.get("origin") is None
    found = []
    taken: list[str] = []
    for step, entry in enumerate(choices, start=1):
        if not isinstance(entry, dict):
            break
        node, option, at = entry.get("node"), entry.get("option"), entry.get("at")
        if not isinstance(node, str) or not isinstance(option, str) or isinstance(at, bool):
            break
        if not isinstance(at, int | float):
            break
        path = tuple(taken) if known_path else None
        answer = answer_of(story, node, option, float(at), mode=mode, step=step, playthrough=playthrough, path=path)
        if answer is not None:
            found.append(answer)
        taken.append(option)
    return found


def to_row(state: LessonState) -> LessonRow:
    """A lesson's state as the store keeps it."""
    return LessonRow(state.lesson, state.recent, state.answers, state.right, state.last_at, state.state)


def from_row(row: LessonRow) -> LessonState:
    """A kept lesson state as the rule reads it."""
    return LessonState(row.lesson, row.recent, row.answers, row.right, row.last_at)


def card_to_row(card: Card) -> CardRow:
    """A missed decision in review as the store keeps it."""
    return CardRow(card.story, card.node, card.box, card.due, card.missed_at, card.path)


def card_from_row(row: CardRow) -> Card:
    """A kept missed decision as the schedule reads it."""
    return Card(row.story, row.node, row.box, row.due, row.missed_at, row.path)


class LessonBook:
    """One trainee's answers, lessons and review in the store (the store's trainee's)."""

    def __init__(self, store: Store, *, clock: Clock = now) -> None:
        self.store = store
        self.clock = clock
        ensure_schema(store.conn)

    @property
    def trainee(self) -> str:
        """The key of the trainee whose lessons these are."""
        return self.store.trainee.key

    def today(self) -> date:
        """Today in the trainee's local time, on the book's clock."""
        return local_day(self.clock())

    # --- keeping answers -------------------------------------------------------------------
    def keep(self, answers: Iterable[StoredAnswer], *, statements: bool = True) -> list[Change]:
        """Keep answers and bring the lessons' states up to date, in one transaction (inside the caller's, when it
        has one: a choice, its answers and its records commit together). Returns the changes of state they made;
        with `statements`, the changes also go to the records' outbox."""
        return self._keep(answers, statements)[1]

    def _keep(self, answers: Iterable[StoredAnswer], statements: bool = True) -> tuple[int, list[Change]]:
        """`keep`; also how many of the answers were new."""
        conn = self.store.conn
        with transaction(conn):
            added = add_answers(conn, self.trainee, answers)
            if not added:
                return 0, []
            changes = self._update(added)
            self._update_cards(added)
            if changes and statements:
                record_mastery(self.store, changes)
        return len(added), changes

    def keep_play(self, play: Playthrough, mode: str, playthrough: int) -> list[Change]:
        """Keep the choices of a stored playthrough so far (`keep`): every one of them is then kept, so it is no
        longer waiting to be read from its save."""
        with transaction(self.store.conn):
            changes = self.keep(answers_of_play(play, mode, playthrough))
            done_pending(self.store.conn, [playthrough])
        return changes

    def _update(self, added: list[StoredAnswer]) -> list[Change]:
        """Fold the new answers into the kept states; fold all of them again when the kept states are missing or
        behind, or an answer came from before the latest one folded."""
        conn, trainee = self.store.conn, self.trainee
        kept = kept_count(conn, trainee)
        count, last = count_answers(conn, trainee)
        earliest = min(answer.at for answer in added)
        if kept is None or kept[0] + len(added) != count or (kept[1] is not None and earliest < kept[1]):
            return self.refold()
        rows = lesson_rows(conn, trainee)
        states = {lesson: from_row(row) for lesson, row in rows.items()}
        after, changes = fold_changes(added, states)
        touched = [after[lesson] for lesson in after if lesson not in states or after[lesson] != states[lesson]]
        keep_lessons(conn, trainee, [to_row(state) for state in touched], count, last)
        return changes

    def refold(self) -> list[Change]:
        """Fold every answer again into the lessons' states and keep them; returns every change on the way."""
        conn, trainee = self.store.conn, self.trainee
        answers = answers_of(conn, trainee)
        states, changes = fold_changes(answers)
        last = max((answer.at for answer in answers), default=None)
        keep_lessons(conn, trainee, [to_row(state) for state in states.values()], len(answers), last, replace=True)
        return changes

    def _update_cards(self, added: list[StoredAnswer]) -> None:
        """Move the kept review cards on by the new answers; fold all the answers again when the kept cards are
        missing or behind, or an answer came from before the latest one folded."""
        conn, trainee = self.store.conn, self.trainee
        kept = kept_cards(conn, trainee)
        count, last = count_answers(conn, trainee)
        earliest = min(answer.at for answer in added)
        if kept is None or kept[0] + len(added) != count or (kept[1] is not None and earliest < kept[1]):
            self.refold_cards()
            return
        keys = {(answer.story, answer.node) for answer in added}
        before = {(row.story, row.node): card_from_row(row) for row in card_rows(conn, trainee)}
        held = cards(added, before=before)
        put = [card_to_row(held[key]) for key in keys if key in held and held[key] != before.get(key)]
        keep_cards(conn, trainee, put, [key for key in keys if key not in held and key in before], count, last)

    def refold_cards(self) -> dict[tuple[str, str], Card]:
        """Fold every answer again into the missed decisions in review and keep them; returns them."""
        conn, trainee = self.store.conn, self.trainee
        answers = answers_of(conn, trainee)
        held = cards(answers)
        last = max((answer.at for answer in answers), default=None)
        keep_cards(conn, trainee, [card_to_row(card) for card in held.values()], [], len(answers), last, replace=True)
        return held

    def catch_up(self, find: FindStory) -> int:
        """Read the answers of the trainee's playthroughs stored before answers were kept (their stories found
        with `find`; one whose story is gone keeps no answers), and fold the states again if they are behind.
        Returns how many answers were read. A busy database leaves it for the next time."""
        conn = self.store.conn
        read = 0
        try:
            waiting = pending(conn, self.trainee)
            for playthrough in waiting:
                story = find(playthrough.story)
                answers = answers_of_save(story, playthrough.save, playthrough.mode, playthrough.id) if story else []
                with transaction(conn):
                    read += self._keep(answers)[0]
                    done_pending(conn, [playthrough.id])
            kept = kept_count(conn, self.trainee)
            if kept is None or kept[0] != count_answers(conn, self.trainee)[0]:
                with transaction(conn):
                    record_mastery(self.store, self.refold())
        except sqlite3.OperationalError:
            return read
        return read

    # --- reading ---------------------------------------------------------------------------
    def answers(self) -> list[StoredAnswer]:
        """Every answer of the trainee, in time order."""
        return answers_of(self.store.conn, self.trainee)

    def states(self) -> dict[str, LessonState]:
        """The trainee's state of each lesson they have met (a lesson absent is not seen), folded again first when
        the kept states are missing or behind the answers."""
        conn = self.store.conn
        kept = kept_count(conn, self.trainee)
        if kept is None or kept[0] != count_answers(conn, self.trainee)[0]:
            with transaction(conn):
                record_mastery(self.store, self.refold())
        return {lesson: from_row(row) for lesson, row in lesson_rows(conn, self.trainee).items()}

    def cards(self) -> dict[tuple[str, str], Card]:
        """The trainee's missed decisions in review, by (story, node): as kept, folded again first when the kept
        cards are missing or behind the answers (a store from before they were kept, a row deleted by hand)."""
        conn = self.store.conn
        kept = kept_cards(conn, self.trainee)
        if kept is None or kept[0] != count_answers(conn, self.trainee)[0]:
            with transaction(conn):
                return self.refold_cards()
        return {(row.story, row.node): card_from_row(row) for row in card_rows(conn, self.trainee)}

    def due(self, today: date | None = None) -> list[Card]:
        """The missed decisions due today (or on `today`), longest overdue first."""
        return due(self.cards().values(), today or self.today())

    def plan(self, stories: Iterable[Story], today: date | None = None) -> list[Item]:
        """Today's review round over `stories` (the library's): what is due, and decisions of lessons not yet seen.
        A due decision whose story is not among them is left for when it is back."""
        present = list(stories)
        ids = {story.id for story in present}
        held = [card for card in self.cards().values() if card.story in ids]
        unseen = unseen_decisions(self.states(), by_lesson(present), load_lessons().ids)
        return plan(held, today or self.today(), unseen)


@dataclass(frozen=True)
class LessonLine:
    """One lesson of the catalog as the trainee's lessons view shows it."""

    lesson: Lesson
    state: State
    last_at: float | None
    """When it was last practised (None: never)."""
    right: int
    answers: int
    due: int
    """Missed decisions testing it due for review today."""
    decisions: int
    """Decisions of the library that test it."""


@dataclass(frozen=True)
class Overview:
    """The trainee's lessons, in the catalog's order (by chapter), and what to practise next."""

    lessons: tuple[LessonLine, ...]
    next: tuple[LessonLine, ...]
    due: int
    """Missed decisions due for review today."""

    @property
    def seen(self) -> int:
        """Lessons met at least once."""
        return sum(line.state != NOT_SEEN for line in self.lessons)

    @property
    def mastered(self) -> int:
        """Lessons mastered."""
        return sum(line.state == MASTERED for line in self.lessons)

    def chapters(self) -> list[tuple[int, list[LessonLine]]]:
        """The lessons by chapter, in order."""
        found: dict[int, list[LessonLine]] = {}
        for line in self.lessons:
            found.setdefault(line.lesson.chapter, []).append(line)
        return list(found.items())


def overview(book: LessonBook, stories: Iterable[Story], today: date | None = None) -> Overview:
    """The trainee's lessons over `stories` (the library's): each lesson's state, when it was last practised, how
    many of its decisions are due, and what to practise next."""
    present = {story.id: story for story in stories}
    states = book.states()
    due_cards = [card for card in book.due(today) if card.story in present]
    due_by: dict[str, int] = {}
    for card in due_cards:
        node = present[card.story].nodes.get(card.node)
        for lesson in node.lessons if node is not None else ():
            due_by[lesson] = due_by.get(lesson, 0) + 1
    tested = by_lesson(present.values())
    catalog = load_lessons()
    lines = {
        lesson.id: LessonLine(
            lesson,
            state_of(states, lesson.id),
            last_practised(states, lesson.id),
            states[lesson.id].right if lesson.id in states else 0,
            states[lesson.id].answers if lesson.id in states else 0,
            due_by.get(lesson.id, 0),
            len(tested.get(lesson.id, ())),
        )
        for lesson in catalog.lessons
    }
    upcoming = practise_next(states, due_by, tested, catalog.ids)
    return Overview(tuple(lines.values()), tuple(lines[lesson] for lesson in upcoming), len(due_cards))


def decisions_testing(stories: Iterable[Story], lesson: str) -> list[tuple[Story, Decision]]:
    """The decisions of `stories` that test `lesson`, each with its story, the shortest way in first (the lessons
    view lists them: `Decision.depth` says where in the story it is)."""
    present = {story.id: story for story in stories}
    return [(present[d.story], d) for d in by_lesson(present.values()).get(lesson, [])]


def last_practised(states: Mapping[str, LessonState], lesson: str) -> float | None:
    """When the lesson was last practised (None: never)."""
    held = states.get(lesson)
    return held.last_at if held is not None else None
