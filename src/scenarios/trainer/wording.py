"""How the trainee's lessons and the day's review are said, alike in line mode (`scenarios review`) and in the app's
lessons view and review: a lesson's state with what stands behind it, what a round holds, why a decision is in it,
what changed, and when a decision comes back."""

from __future__ import annotations

from datetime import date

from scenarios.i18n.catalog import date_text, moment_text, t
from scenarios.i18n.present import lesson_names
from scenarios.mastery.decisions import Decision
from scenarios.mastery.review import Item
from scenarios.mastery.rule import Change
from scenarios.mastery.schedule import INTERVALS, Card
from scenarios.story.lessons import load_lessons
from scenarios.trainer.lessons import LessonLine

MINUTES_PER_DECISION = 1.5
"""About how long one decision takes to read, answer and read the feedback of (for the round's estimate)."""
STATE_MARKS = {"not-seen": "·", "learning": "~", "mastered": "✓"}
"""A lesson's state at a glance, before its word (the word is what a screen reader reads)."""
SAID_LENGTH = 100
"""The most characters of what is said at a decision shown under it (enough to know the place)."""


def when(at: float | None, language: str) -> str:
    """A time as its local date in `language` (12.3.2026; 2026-03-12), as Progress shows it; '' for none."""
    return moment_text(at, language, time_of_day=False) if at is not None else ""


def shortened(text: str, length: int = SAID_LENGTH) -> str:
    """`text` on one line, cut at a word with … when longer than `length`."""
    line = " ".join(text.split())
    return line if len(line) <= length else line[:length].rsplit(" ", 1)[0] + " …"


def state_words(line: LessonLine, language: str) -> str:
    """A lesson's state with what stands behind it: due decisions, right answers of late, or none met yet."""
    if line.due:
        return t("mastery.why.due", language, count=line.due)
    if line.answers:
        return t("mastery.why.answers", language, right=line.right, count=line.answers)
    return t("mastery.why.new", language, count=line.decisions)


def round_intro(items: list[Item], language: str) -> str:
    """What today's round holds: how many decisions and minutes, how many missed before and how many new."""
    missed = sum(item.reason == "missed" for item in items)
    minutes = max(1, round(len(items) * MINUTES_PER_DECISION))
    parts = [t("review.intro", language, count=len(items), minutes=minutes)]
    if missed:
        parts.append(t("review.intro_missed", language, count=missed))
    if len(items) - missed:
        parts.append(t("review.intro_new", language, count=len(items) - missed))
    return " ".join(parts)


def item_why(item: Item, language: str) -> str:
    """Why a decision is in the round: missed on a day (and its review interval), or the new lessons it tests."""
    if item.reason == "missed" and item.missed_at is not None:
        return t("review.why_missed", language, date=when(item.missed_at, language), box=item.box or 1)
    catalog = load_lessons()
    named = [lesson for lesson in (catalog.get(name) for name in item.lessons) if lesson is not None]
    return t("review.why_new", language, lessons=lesson_names(named, language)) if named else ""


def changed_lines(changes: list[Change], language: str) -> list[str]:
    """Each lesson whose state changed, once, from its state before the first change to its state after the last:
    `Name (chapter 4): learning → mastered` (a lesson back where it was is left out)."""
    first: dict[str, Change] = {}
    last: dict[str, Change] = {}
    for change in changes:
        first.setdefault(change.lesson, change)
        last[change.lesson] = change
    catalog = load_lessons()
    found = []
    for lesson, change in last.items():
        held = catalog.get(lesson)
        if held is None or first[lesson].before == change.after.state:
            continue
        before = t(f"mastery.state.{first[lesson].before}", language)
        after = t(f"mastery.state.{change.after.state}", language)
        found.append(f"{lesson_names([held], language)}: {before} → {after}")
    return found


def comes_back(card: Card | None, language: str) -> str:
    """When a decision of the round comes back for review: its day and interval, or not at all (answered right)."""
    if card is None:
        return t("review.back_never", language)
    return t("review.back_on", language, date=date_text(card.due, language), box=card.box, boxes=len(INTERVALS))


def decision_place(decision: Decision, card: Card | None, today: date, language: str, *, keys: bool = True) -> str:
    """Where a decision testing a lesson is and whether it is in review: `decision 2 on the ideal path · in review,
    due 2026-03-12`; one due today names F7, the app's key that starts the review (without `keys`: a web page, which
    links to the review instead)."""
    if decision.depth is None:
        where = t("tui.lesson.where_off", language)
    else:
        where = t("tui.lesson.where_ideal", language, number=decision.depth + 1)
    if card is not None and card.due <= today:
        due = t("tui.lesson.in_review_today", language) if keys else t("lesson.in_review_today", language)
        where += f" · {due}"
    elif card is not None:
        where += f" · {t('tui.lesson.in_review', language, date=date_text(card.due, language))}"
    return where
