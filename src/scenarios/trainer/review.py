"""A round of single decisions played in context: the day's review, or the decisions that test one lesson.

No Textual here: the app's review screen and line mode's `scenarios review` show a `DecisionRound` and tell it
what the trainee chose; the tests drive it headless.

    round = DecisionRound(book, items, library.get, seed=7)
    while round.open_next():               # the next decision, replayed to where the story stands
        round.play.beat()                  # the conversation so far is round.play.history
        result = round.choose(2)           # the verdict; the answer is kept at once
    round.end()

Each decision is replayed from the story's start along the way the trainee went when they missed it (or the
ideal path, or the shortest way there: `mastery.decisions.in_context`), so the conversation so far is in the
playthrough's history. An action that returns to the same decision (a look-up) is answered there and the
decision goes on; the item ends when the story moves on. Every choice is kept as an answer (mode `review`)
with its learning records; the round is kept from its first answer, so a round opened and left at once
leaves nothing behind.
"""

from __future__ import annotations

import sqlite3

from scenarios.engine import Beat, OwnReply, Playthrough, Result
from scenarios.mastery.decisions import in_context
from scenarios.mastery.review import Item
from scenarios.mastery.rule import Change
from scenarios.mastery.schedule import Card
from scenarios.records.practice import (
    practice_context,
    record_review,
    review_choice,
    review_ended,
    review_key,
    review_started,
)
from scenarios.records.statements import REVIEW_MODE, RecordContext
from scenarios.store.answers import note_review, start_review
from scenarios.store.schema import transaction
from scenarios.story.model import Story
from scenarios.trainer.lessons import FindStory, LessonBook, answer_of
from scenarios.trainer.session import PlaySession, SaveProblem, Trainer


class DecisionRound:
    """A round of decisions played one by one, each in context (see the module)."""

    def __init__(
        self, book: LessonBook, items: list[Item], find: FindStory, *, seed: int = 0, language: str = "fi"
    ) -> None:
        self.book = book
        self.items = list(items)
        self.find = find
        self.seed = seed
        self.language = language
        self.position = -1
        """The index of the item being played (-1 before the first)."""
        self.story: Story | None = None
        self.play: Playthrough | None = None
        self.start = 0
        """How many choices of `play` lead to the decision (the context); the trainee's own follow."""
        self.review_id: int | None = None
        self.choices = 0
        self.answered = 0
        """Items answered (their first choice made)."""
        self.right = 0
        """Items whose choices all went right."""
        self.missed_now: set[int] = set()
        self.problem: str | None = None
        """Why the last answer was not kept (a busy or failing database), or None."""
        self.changes: list[Change] = []
        """The changes of the lessons' states the last answer made."""
        self.changed: list[Change] = []
        """Every change of the lessons' states the round made, in order."""
        self.played: list[int] = []
        """The indices of the items answered, in order."""
        self.ended = False

    @property
    def item(self) -> Item | None:
        """The item being played."""
        return self.items[self.position] if 0 <= self.position < len(self.items) else None

    @property
    def count(self) -> int:
        """How many decisions the round has."""
        return len(self.items)

    @property
    def item_done(self) -> bool:
        """The trainee has answered the item and the story has moved on from its decision (or ended)."""
        play, item = self.play, self.item
        if play is None or item is None:
            return True
        return len(play.history) > self.start and (play.is_over or play.node != item.node)

    @property
    def done(self) -> bool:
        """Every item has been played."""
        return self.position >= len(self.items) - 1 and self.item_done

    def own_choices(self) -> tuple[Result, ...]:
        """The trainee's choices at the item's decision (after the context)."""
        return self.play.history[self.start :] if self.play is not None else ()

    def so_far(self) -> list[tuple[Beat, Result | None]]:
        """The conversation up to the item's decision: each beat of the context with the choice made there, and
        last the decision's own beat (with None), its options in the order `play` shows them."""
        play = self.play
        if play is None:
            return []
        fresh = Playthrough(
            play.story, seed=play.seed, clock=play.clock, started_at=play.started_at, origin=play.origin
        )
        events: list[tuple[Beat, Result | None]] = []
        for past in play.history[: self.start]:
            beat = fresh.beat()
            events.append((beat, fresh.choose_option(past.option_id, at=past.at)))
        events.append((fresh.beat(), None))
        return events

    def open_next(self) -> bool:
        """Move to the next item and replay its story to the decision; False when none is left. An item whose
        story is gone from the library, or no longer has the decision, is skipped (it stays due)."""
        while self.position + 1 < len(self.items):
            self.position += 1
            item = self.items[self.position]
            story = self.find(item.story)
            if story is None or not story.nodes.get(item.node) or not story.nodes[item.node].options:
                continue
            self.story = story
            self.play = in_context(story, item.node, item.path, seed=self.seed + self.position, clock=self.book.clock)
            self.start = len(self.play.history)
            return True
        self.story, self.play = None, None
        return False

    def choose(self, number: int, *, own: OwnReply | None = None) -> Result:
        """Choose the option shown as `number` at the item's decision (raises the engine's `ChoiceError`), with the
        trainee's own reply when they wrote one first; the answer and its records are kept at once (`problem` says
        when they could not be)."""
        assert self.play is not None and self.story is not None and self.item is not None
        result = self.play.choose(number, own=own)
        self.choices += 1
        first = len(self.play.history) == self.start + 1
        if first:
            self.answered += 1
            self.played.append(self.position)
        went_right = result.solution_focused and not self._breaks(result)
        if not went_right:
            self.missed_now.add(self.position)
        if self.item_done and self.position not in self.missed_now:
            self.right += 1
        self._keep(result)
        return result

    def _breaks(self, result: Result) -> bool:
        assert self.story is not None
        node = self.story.nodes[result.node]
        return any(node.option_id(i) == result.option_id and o.breaks for i, o in enumerate(node.options))

    def _context(self) -> RecordContext:
        assert self.review_id is not None
        return practice_context(self.book.store, review_key(self.review_id), REVIEW_MODE, self.language)

    def _keep(self, result: Result) -> None:
        """Keep the choice as an answer, with its statement (and the round's first, with the first answer)."""
        assert self.play is not None and self.story is not None
        store = self.book.store
        path = tuple(r.option_id for r in self.play.history[:-1]) if self.play.origin is None else None
        try:
            with transaction(store.conn):
                if self.review_id is None:
                    self.review_id = start_review(store.conn, self.book.trainee, self.book.clock(), len(self.items))
                    record_review(store, self._context().playthrough, [review_started(self._context(), result.at)])
                answer = answer_of(
                    self.story, result.node, result.option_id, result.at, mode=REVIEW_MODE, step=self.choices,
                    review=self.review_id, path=path,
                )  # fmt: skip
                self.changes = self.book.keep([answer] if answer is not None else [])
                self.changed += self.changes
                ctx = self._context()
                record_review(store, ctx.playthrough, [review_choice(ctx, self.story, self.choices, result)])
                note_review(store.conn, self.review_id, self.answered, self.right, None)
        except sqlite3.Error as error:
            self.problem, self.changes = str(error), []
            return
        self.problem = None

    def comes_back(self) -> list[tuple[Item, Card | None]]:
        """Each item answered in the round, with its card in review now (None: it does not come back)."""
        held = self.book.cards()
        return [(item, held.get((item.story, item.node))) for item in (self.items[i] for i in self.played)]

    def end(self) -> None:
        """The round is over (every item played, or the trainee left): its last statement, once. A round without
        an answer leaves nothing."""
        if self.ended or self.review_id is None:
            self.ended = True
            return
        self.ended = True
        store = self.book.store
        now = self.book.clock()
        try:
            with transaction(store.conn):
                note_review(store.conn, self.review_id, self.answered, self.right, now)
                ctx = self._context()
                ended = review_ended(
                    ctx, now, items=len(self.items), answered=self.answered, right=self.right, complete=self.done
                )
                record_review(store, ctx.playthrough, [ended])
        except sqlite3.Error as error:
            self.problem = str(error)


def lesson_round(
    book: LessonBook, story: Story, node: str, find: FindStory, *, seed: int = 0, language: str = "fi"
) -> DecisionRound:
    """A round of one decision (the lessons view plays a decision that tests a lesson this way)."""
    item = Item(story.id, node, "new", story.nodes[node].lessons)
    return DecisionRound(book, [item], find, seed=seed, language=language)


class RoundSession(PlaySession):
    """The round's decision on show, as the play screen shows a playthrough: a choice goes to the round (kept as a
    review answer with its records), and nothing is saved as a playthrough of its own."""

    def __init__(self, trainer: Trainer, round_: DecisionRound, *, title: str, language: str) -> None:
        assert round_.story is not None and round_.play is not None, "open_next() first"
        super().__init__(trainer, round_.story, round_.play, title=title, language=language, mode="practice")
        self.round = round_

    def choose(self, number: int, *, own: OwnReply | None = None) -> Result:
        """Choose option `number` in the round, with the trainee's own reply when they wrote one first (raises the
        engine's `ChoiceError`); `problem` says when the answer was not kept."""
        result = self.round.choose(number, own=own)
        detail = self.round.problem
        self.problem = None if detail is None else SaveProblem("failed", detail)
        return result

    def save(self) -> bool:
        """Nothing to save: the round keeps each answer as it is chosen."""
        return self.problem is None

    def finish(self) -> bool:
        """The story ended with the decision: nothing more to keep."""
        self.finished = True
        return True

    def set_mode(self, mode: str) -> None:
        """A review gives its feedback after every choice, whatever the settings' mode."""
