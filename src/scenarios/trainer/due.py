"""How many of a trainee's missed decisions are due for review today, read from the kept answers alone: the library
says it before any story is loaded, so this imports neither the stories nor the engine."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection

from scenarios.mastery.schedule import cards, due, local_day
from scenarios.store import Store
from scenarios.store.answers import answers_of, card_rows, count_answers, kept_cards


def due_count(store: Store, stories: Collection[str], clock: Callable[[], float]) -> int:
    """The trainee's missed decisions due today (on `clock`) in the `stories` present (their ids), as the day's
    review offers them; 0 when the store cannot be read now (busy, read-only). The kept review cards are read when
    they fold every answer; else the answers are folded here (the app keeps them at the next choice or review)."""
    conn, trainee, today = store.conn, store.trainee.key, local_day(clock())
    try:
        kept = kept_cards(conn, trainee)
        if kept is not None and kept[0] == count_answers(conn, trainee)[0]:
            return sum(row.story in stories for row in card_rows(conn, trainee, due_by=today))
        held = cards(answers_of(conn, trainee))
    except sqlite3.Error:
        return 0
    return sum(card.story in stories for card in due(held.values(), today))
