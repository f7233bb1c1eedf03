"""How many of a trainee's missed decisions are due for review today, read from the kept answers alone: the library
says it before any story is loaded, so this imports neither the stories nor the engine."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection

from scenarios.mastery.schedule import cards, due, local_day
from scenarios.store import Store
from scenarios.store.answers import answers_of


def due_count(store: Store, stories: Collection[str], clock: Callable[[], float]) -> int:
    """The trainee's missed decisions due today (on `clock`) in the `stories` present (their ids), as the day's
    review offers them; 0 when the store cannot be read now (busy, read-only)."""
    try:
        held = cards(answers_of(store.conn, store.trainee.key))
    except sqlite3.Error:
        return 0
    return sum(card.story in stories for card in due(held.values(), local_day(clock())))
