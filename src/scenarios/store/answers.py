"""Every answer a trainee gave at a decision, their lessons' states, and their review rounds, in SQLite.

The store component `mastery` (its own tables and migrations; the rules live in `scenarios.mastery`):

- `answer`: one row per choice, in a playthrough (practice or exam, in the app, line mode or a browser)
  or in a review round: the decision, the option, its verdict, the lessons the decision tests and the
  option breaks, when, and the way the story went to it (the option ids before it);
- `lesson_state`: each trainee's state per lesson, as the mastery rule folds their answers (kept so a
  screen reads it at once; `mastery_kept` says how many answers it folds, so a state that is missing or
  behind is folded again from the answers);
- `answers_pending`: the playthroughs stored before this component existed, whose answers are still to
  be read from their saves (the trainer does it with the stories at hand: the verdicts are in them);
- `review`: each review round: when, how many decisions it had, how many were answered and right;
- `review_card`: each trainee's missed decisions in review, as the schedule folds their answers (its Leitner box,
  the day it is due, where the story stood when it was missed; kept so the day's review and the library's due count
  read a few rows rather than every answer; `review_kept` says how many answers they fold, as `mastery_kept` does
  for the lessons).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from scenarios.store.connection import Connection
from scenarios.store.schema import Migration, migrate, transaction

COMPONENT = "mastery"
MIGRATIONS: list[Migration] = [
    """
    CREATE TABLE answer (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        trainee TEXT NOT NULL,
        playthrough INTEGER,
        review INTEGER,
        step INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        node TEXT NOT NULL,
        option TEXT NOT NULL,
        solution_focused INTEGER NOT NULL,
        tested TEXT NOT NULL DEFAULT '',
        broken TEXT NOT NULL DEFAULT '',
        mode TEXT NOT NULL,
        at REAL NOT NULL,
        path TEXT
    );
    CREATE UNIQUE INDEX answer_in_playthrough ON answer (playthrough, step);
    CREATE UNIQUE INDEX answer_in_review ON answer (review, step);
    CREATE INDEX answer_trainee ON answer (trainee, at);
    CREATE TABLE lesson_state (
        trainee TEXT NOT NULL,
        lesson TEXT NOT NULL,
        recent TEXT NOT NULL,
        answers INTEGER NOT NULL,
        "right" INTEGER NOT NULL,
        last_at REAL,
        state TEXT NOT NULL,
        PRIMARY KEY (trainee, lesson)
    );
    CREATE TABLE mastery_kept (
        trainee TEXT PRIMARY KEY,
        answers INTEGER NOT NULL,
        last_at REAL
    );
    CREATE TABLE answers_pending (playthrough INTEGER PRIMARY KEY);
    INSERT INTO answers_pending (playthrough) SELECT id FROM playthrough WHERE decisions > 0;
    CREATE TABLE review (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        trainee TEXT NOT NULL,
        started_at REAL NOT NULL,
        finished_at REAL,
        items INTEGER NOT NULL,
        answered INTEGER NOT NULL DEFAULT 0,
        "right" INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX review_trainee ON review (trainee, started_at)
    """,
    # The schedule kept (issue #24: the day's review read from every answer took over 50 ms at 5,000 answers). No
    # row in review_kept yet: the cards are folded from the answers at the first read.
    """
    CREATE TABLE review_card (
        trainee TEXT NOT NULL,
        story_id TEXT NOT NULL,
        node TEXT NOT NULL,
        box INTEGER NOT NULL,
        due TEXT NOT NULL,
        missed_at REAL NOT NULL,
        path TEXT,
        PRIMARY KEY (trainee, story_id, node)
    );
    CREATE TABLE review_kept (
        trainee TEXT PRIMARY KEY,
        answers INTEGER NOT NULL,
        last_at REAL
    )
    """,
]


def ensure_schema(conn: Connection) -> None:
    """Create or upgrade the component's tables (the playthroughs of before are marked to be read)."""
    migrate(conn, COMPONENT, MIGRATIONS)


@dataclass(frozen=True)
class StoredAnswer:
    """One answer at a decision, as stored (it reads as `scenarios.mastery`'s answers do)."""

    story: str
    node: str
    option: str
    solution_focused: bool
    tested: tuple[str, ...]
    broken: tuple[str, ...]
    at: float
    mode: str
    step: int
    playthrough: int | None = None
    review: int | None = None
    path: tuple[str, ...] | None = None
    """The option ids chosen from the story's start up to the decision (None: not known)."""
    id: int = 0


@dataclass(frozen=True)
class LessonRow:
    """A trainee's kept state of one lesson."""

    lesson: str
    recent: tuple[bool, ...]
    answers: int
    right: int
    last_at: float | None
    state: str


@dataclass(frozen=True)
class CardRow:
    """A trainee's kept missed decision in review."""

    story: str
    node: str
    box: int
    due: date
    missed_at: float
    path: tuple[str, ...] | None


@dataclass(frozen=True)
class ReviewRow:
    """One review round."""

    id: int
    started_at: float
    finished_at: float | None
    items: int
    answered: int
    right: int


def _words(ids: Iterable[str]) -> str:
    return " ".join(ids)


def _ids(text: Any) -> tuple[str, ...]:
    return tuple(str(text).split()) if isinstance(text, str) else ()


def add_answers(conn: Connection, trainee: str, answers: Iterable[StoredAnswer]) -> list[StoredAnswer]:
    """Keep answers (one already kept, by playthrough or review and step, is left alone); returns the new ones
    with their ids. Call inside the transaction of the save they come with."""
    ensure_schema(conn)
    added = []
    for answer in answers:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO answer (trainee, playthrough, review, step, story_id, node, option, "
            "solution_focused, tested, broken, mode, at, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (trainee, answer.playthrough, answer.review, answer.step, answer.story, answer.node, answer.option,
             int(answer.solution_focused), _words(answer.tested), _words(answer.broken), answer.mode, answer.at,
             None if answer.path is None else _words(answer.path)),
        )  # fmt: skip
        if cursor.rowcount == 1:
            assert cursor.lastrowid is not None
            added.append(_with_id(answer, cursor.lastrowid))
    return added


def _with_id(answer: StoredAnswer, answer_id: int) -> StoredAnswer:
    values = {name: getattr(answer, name) for name in StoredAnswer.__dataclass_fields__}
    values["id"] = answer_id
    return StoredAnswer(**values)


ANSWER_COLUMNS = (
    "id, story_id, node, option, solution_focused, tested, broken, at, mode, step, playthrough, review, path"
)


def answers_of(conn: Connection, trainee: str) -> list[StoredAnswer]:
    """Every answer of the trainee, in time order (the order the rules read them in)."""
    ensure_schema(conn)
    rows = conn.execute(f"SELECT {ANSWER_COLUMNS} FROM answer WHERE trainee = ? ORDER BY at, id", (trainee,)).fetchall()
    return [_answer(row) for row in rows]


def _answer(row: tuple[Any, ...]) -> StoredAnswer:
    """A row as an answer; values changed by hand into the wrong types are read as the nearest sensible ones."""
    answer_id, story, node, option, focused, tested, broken, at, mode, step, playthrough, review, path = row
    return StoredAnswer(
        story=str(story),
        node=str(node),
        option=str(option),
        solution_focused=bool(focused) if isinstance(focused, int) else False,
        tested=_ids(tested),
        broken=_ids(broken),
        at=float(at) if isinstance(at, int | float) and math.isfinite(at) else 0.0,
        mode=str(mode),
        step=step if isinstance(step, int) else 0,
        playthrough=playthrough if isinstance(playthrough, int) else None,
        review=review if isinstance(review, int) else None,
        path=_ids(path) if isinstance(path, str) else None,
        id=answer_id,
    )


def count_answers(conn: Connection, trainee: str) -> tuple[int, float | None]:
    """How many answers the trainee has, and when the latest was given."""
    ensure_schema(conn)
    count, last = conn.execute("SELECT COUNT(*), MAX(at) FROM answer WHERE trainee = ?", (trainee,)).fetchone()
    return int(count), last if isinstance(last, int | float) else None


# --- lessons' states ------------------------------------------------------------------------
def kept_count(conn: Connection, trainee: str) -> tuple[int, float | None] | None:
    """How many answers the kept states fold and the latest of them (None: no states kept for the trainee)."""
    ensure_schema(conn)
    row = conn.execute("SELECT answers, last_at FROM mastery_kept WHERE trainee = ?", (trainee,)).fetchone()
    if row is None or not isinstance(row[0], int):
        return None
    return row[0], row[1] if isinstance(row[1], int | float) else None


def lesson_rows(conn: Connection, trainee: str) -> dict[str, LessonRow]:
    """The trainee's kept lesson states, by lesson."""
    ensure_schema(conn)
    rows = conn.execute(
        'SELECT lesson, recent, answers, "right", last_at, state FROM lesson_state WHERE trainee = ?', (trainee,)
    ).fetchall()
    found = {}
    for lesson, recent, answers, right, last_at, state in rows:
        found[str(lesson)] = LessonRow(
            str(lesson),
            tuple(char == "1" for char in str(recent)),
            answers if isinstance(answers, int) else 0,
            right if isinstance(right, int) else 0,
            float(last_at) if isinstance(last_at, int | float) else None,
            str(state),
        )
    return found


def keep_lessons(
    conn: Connection,
    trainee: str,
    rows: Iterable[LessonRow],
    answers: int,
    last_at: float | None,
    *,
    replace: bool = False,
) -> None:
    """Keep lesson states of the trainee and how many answers they fold (`replace`: these are all of them)."""
    ensure_schema(conn)
    with transaction(conn, trainee=trainee):
        if replace:
            conn.execute("DELETE FROM lesson_state WHERE trainee = ?", (trainee,))
        conn.executemany(
            'INSERT INTO lesson_state (trainee, lesson, recent, answers, "right", last_at, state) '
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (trainee, lesson) DO UPDATE SET recent = excluded.recent, "
            'answers = excluded.answers, "right" = excluded."right", last_at = excluded.last_at, '
            "state = excluded.state",
            [
                (trainee, row.lesson, "".join("1" if right else "0" for right in row.recent), row.answers, row.right,
                 row.last_at, row.state)
                for row in rows
            ],
        )  # fmt: skip
        conn.execute(
            "INSERT INTO mastery_kept (trainee, answers, last_at) VALUES (?, ?, ?) ON CONFLICT (trainee) "
            "DO UPDATE SET answers = excluded.answers, last_at = excluded.last_at",
            (trainee, answers, last_at),
        )


# --- missed decisions in review ---------------------------------------------------------------
def kept_cards(conn: Connection, trainee: str) -> tuple[int, float | None] | None:
    """How many answers the kept review cards fold and the latest of them (None: none kept for the trainee)."""
    ensure_schema(conn)
    row = conn.execute("SELECT answers, last_at FROM review_kept WHERE trainee = ?", (trainee,)).fetchone()
    if row is None or not isinstance(row[0], int):
        return None
    return row[0], row[1] if isinstance(row[1], int | float) else None


def card_rows(conn: Connection, trainee: str, due_by: date | None = None) -> list[CardRow]:
    """The trainee's kept review cards (only those due on or before `due_by`, when given)."""
    ensure_schema(conn)
    query = "SELECT story_id, node, box, due, missed_at, path FROM review_card WHERE trainee = ?"
    values: tuple[Any, ...] = (trainee,)
    if due_by is not None:
        query += " AND due <= ?"
        values += (due_by.isoformat(),)
    return [_card(row) for row in conn.execute(query, values).fetchall()]


def _card(row: tuple[Any, ...]) -> CardRow:
    """A row as a card; a value changed by hand into nonsense reads as box 1, due at once."""
    story, node, box, due, missed_at, path = row
    try:
        day = date.fromisoformat(due) if isinstance(due, str) else date.min
    except ValueError:
        day = date.min
    return CardRow(
        str(story),
        str(node),
        box if isinstance(box, int) and box >= 1 else 1,
        day,
        float(missed_at) if isinstance(missed_at, int | float) and math.isfinite(missed_at) else 0.0,
        _ids(path) if isinstance(path, str) else None,
    )


def keep_cards(
    conn: Connection,
    trainee: str,
    put: Iterable[CardRow],
    drop: Iterable[tuple[str, str]],
    answers: int,
    last_at: float | None,
    *,
    replace: bool = False,
) -> None:
    """Keep review cards of the trainee (`put`), forget those of decisions out of review (`drop`: (story, node)),
    and how many answers they fold (`replace`: `put` are all of them)."""
    ensure_schema(conn)
    with transaction(conn, trainee=trainee):
        if replace:
            conn.execute("DELETE FROM review_card WHERE trainee = ?", (trainee,))
        conn.executemany(
            "DELETE FROM review_card WHERE trainee = ? AND story_id = ? AND node = ?",
            [(trainee, story, node) for story, node in drop],
        )
        conn.executemany(
            "INSERT INTO review_card (trainee, story_id, node, box, due, missed_at, path) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (trainee, story_id, node) DO UPDATE SET box = excluded.box, due = excluded.due, "
            "missed_at = excluded.missed_at, path = excluded.path",
            [
                (trainee, card.story, card.node, card.box, card.due.isoformat(), card.missed_at,
                 None if card.path is None else _words(card.path))
                for card in put
            ],
        )  # fmt: skip
        conn.execute(
            "INSERT INTO review_kept (trainee, answers, last_at) VALUES (?, ?, ?) ON CONFLICT (trainee) "
            "DO UPDATE SET answers = excluded.answers, last_at = excluded.last_at",
            (trainee, answers, last_at),
        )


# --- playthroughs from before ------------------------------------------------------------------
@dataclass(frozen=True)
class Pending:
    """A stored playthrough whose answers are still to be read from its save."""

    id: int
    story: str
    mode: str
    save: str


def pending(conn: Connection, trainee: str) -> list[Pending]:
    """The trainee's playthroughs whose answers are still to be read, oldest first."""
    ensure_schema(conn)
    rows = conn.execute(
        "SELECT p.id, p.story_id, p.mode, p.save FROM playthrough p JOIN answers_pending a ON a.playthrough = p.id "
        "WHERE p.trainee = ? ORDER BY p.id",
        (trainee,),
    ).fetchall()
    return [Pending(int(row[0]), str(row[1]), str(row[2]), str(row[3])) for row in rows]


def done_pending(conn: Connection, playthroughs: Iterable[int]) -> None:
    """The answers of these playthroughs have been read (or cannot be: their story is gone)."""
    with transaction(conn):
        conn.executemany("DELETE FROM answers_pending WHERE playthrough = ?", [(pid,) for pid in playthroughs])


# --- review rounds ---------------------------------------------------------------------------
def start_review(conn: Connection, trainee: str, at: float, items: int) -> int:
    """Keep a new review round; returns its id."""
    ensure_schema(conn)
    with transaction(conn):
        cursor = conn.execute("INSERT INTO review (trainee, started_at, items) VALUES (?, ?, ?)", (trainee, at, items))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def note_review(conn: Connection, review_id: int, answered: int, right: int, finished_at: float | None) -> None:
    """How far a review round has got (and when it finished, once it has)."""
    with transaction(conn):
        conn.execute(
            'UPDATE review SET answered = ?, "right" = ?, finished_at = COALESCE(finished_at, ?) WHERE id = ?',
            (answered, right, finished_at, review_id),
        )


def reviews(conn: Connection, trainee: str) -> list[ReviewRow]:
    """The trainee's review rounds, most recent first."""
    ensure_schema(conn)
    rows = conn.execute(
        'SELECT id, started_at, finished_at, items, answered, "right" FROM review WHERE trainee = ? '
        "ORDER BY started_at DESC, id DESC",
        (trainee,),
    ).fetchall()
    return [ReviewRow(int(r[0]), float(r[1]), r[2], int(r[3]), int(r[4]), int(r[5])) for r in rows]
