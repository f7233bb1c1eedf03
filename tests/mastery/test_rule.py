"""The mastery rule, the Leitner schedule and the day's round, on answers written by hand: what a trainee and a
trainer can check against the debriefs."""

from __future__ import annotations

from datetime import date, timedelta

from scenarios.mastery.decisions import Decision, by_lesson, in_context, path_to
from scenarios.mastery.review import DUE_MAX, NEW_MIN, ROUND_MAX, ROUND_MIN, plan, unseen_decisions
from scenarios.mastery.rule import LEARNING, MASTERED, NOT_SEEN, Answer, evidence, fold, state_of
from scenarios.mastery.schedule import INTERVALS, Card, cards, due
from tests.mastery.stories import stories

DAY = 86400.0
NOON = 1_750_075_200.0  # a day's noon in UTC: the days below are UTC days (`day_of`)


def utc_day(at: float) -> date:
    return date(1970, 1, 1) + timedelta(days=int(at // DAY))


def answer(right: bool, at: float, *, tested: tuple[str, ...] = ("a",), broken: tuple[str, ...] = ()) -> Answer:
    return Answer("s", "n", "o", right, tested, broken, at)


def test_a_choice_counts_against_what_it_breaks_and_for_the_rest_when_sound() -> None:
    assert evidence(True, ("a", "b"), ()) == [("a", True), ("b", True)]
    assert evidence(False, ("a", "b"), ("a",)) == [("a", False)]  # a weak option: only what it breaks
    assert evidence(False, ("a", "b"), ()) == [("a", False), ("b", False)]  # naming none: all the decision's
    assert evidence(True, ("a", "b"), ("b",)) == [("b", False), ("a", True)]  # sound, yet misses b
    assert evidence(False, ("a",), ("c",)) == [("c", False)]  # a lesson the decision does not test


def test_a_lesson_is_mastered_when_its_last_three_answers_went_right() -> None:
    assert state_of({}, "a") == NOT_SEEN
    states = fold([answer(True, 1), answer(True, 2)])
    assert states["a"].state == LEARNING  # two right are not yet three
    states = fold([answer(True, 1), answer(True, 2), answer(True, 3)])
    assert states["a"].state == MASTERED
    states = fold([answer(True, 1), answer(True, 2), answer(True, 3), answer(False, 4, broken=("a",))])
    assert states["a"].state == LEARNING  # one miss after mastery: back to practice
    assert (states["a"].answers, states["a"].right, states["a"].last_at) == (4, 3, 4)
    states = fold([answer(False, 1), answer(True, 2), answer(True, 3), answer(True, 4)])
    assert states["a"].state == MASTERED  # an early miss is forgotten after three right


def test_the_rule_reads_answers_in_time_order_whatever_order_they_come_in() -> None:
    given = [answer(True, 3), answer(False, 1), answer(True, 2), answer(True, 4)]
    assert fold(given)["a"].state == MASTERED
    assert fold(given[:2])["a"].state == LEARNING


def at_day(day: int, right: bool, node: str = "n") -> Answer:
    return Answer("s", node, "o", right, ("a",), (), NOON + day * DAY)


def test_a_missed_decision_comes_back_tomorrow_then_after_three_days_a_week_two_weeks_then_drops_out() -> None:
    answers = [at_day(0, False)]
    day = 0
    for box, interval in enumerate(INTERVALS, start=1):
        held = cards(answers, utc_day)[("s", "n")]
        assert held.box == box
        assert held.due == utc_day(NOON + (day + interval) * DAY)
        early = cards([*answers, at_day(day + interval - 1, True)], utc_day)[("s", "n")]
        assert early == held  # right before it is due: nothing changes
        day += interval
        answers.append(at_day(day, True))
    assert cards(answers, utc_day) == {}  # right at the longest interval: out of review
    assert INTERVALS == (1, 3, 7, 14)


def test_a_miss_at_any_box_starts_again_from_box_one() -> None:
    answers = [at_day(0, False), at_day(1, True), at_day(4, True), at_day(5, False)]
    held = cards(answers, utc_day)[("s", "n")]
    assert (held.box, held.due) == (1, utc_day(NOON + 6 * DAY))


def test_a_right_answer_to_a_decision_never_missed_puts_nothing_in_review() -> None:
    assert cards([at_day(0, True)], utc_day) == {}


def card(node: str, due_day: int, box: int = 1) -> Card:
    return Card("s", node, box, date(2026, 1, due_day), 0.0)


def test_the_round_takes_the_longest_overdue_first_and_fills_with_unseen_lessons() -> None:
    held = [card(f"n{i}", 10 - i % 5, box=1 + i % 2) for i in range(12)] + [card("later", 20)]
    today = date(2026, 1, 10)
    assert [c.node for c in due(held, today)][:4] == ["n4", "n9", "n8", "n3"]  # day 6 box 1 and 2, day 7 box 1 and 2
    unseen = [(f"l{i}", Decision("t", f"d{i}", (f"l{i}",), i)) for i in range(5)]
    items = plan(held, today, unseen)
    assert len(items) == ROUND_MAX == DUE_MAX + NEW_MIN
    assert [i.reason for i in items] == ["missed"] * DUE_MAX + ["new"] * NEW_MIN
    assert "later" not in {i.node for i in items}
    few = plan(held[:1], today, unseen)  # one due: filled with new lessons up to five
    assert [i.reason for i in few] == ["missed"] + ["new"] * (ROUND_MIN - 1)
    assert [i.lessons for i in few[1:]] == [("l0",), ("l1",), ("l2",), ("l3",)]


def test_a_decision_testing_several_unseen_lessons_stands_for_all_of_them() -> None:
    shared = Decision("t", "d", ("l1", "l2"), 0)
    items = plan([], date(2026, 1, 1), [("l1", shared), ("l2", shared)])
    assert [(i.node, i.lessons) for i in items] == [("d", ("l1", "l2"))]


def test_unseen_lessons_take_the_decision_met_first_on_an_ideal_path() -> None:
    lessons = by_lesson(stories())
    assert [(d.story, d.node, d.depth) for d in lessons["plain-language"]] == [("desk-card", "wait", 1)]
    seen = fold([Answer("desk-card", "start", "look", True, ("check-before-promising", "find-the-need"))])
    found = unseen_decisions(seen, lessons, ["find-the-need", "plain-language", "limits-are-care"])
    assert [(lesson, d.node) for lesson, d in found] == [("plain-language", "wait")]  # limits: no decision tests it


def test_a_decision_is_played_in_context_along_the_way_it_was_missed_else_the_ideal_path() -> None:
    desk = stories()[0]
    missed = in_context(desk, "wait", ("later",))
    assert [r.option_id for r in missed.history] == ["later"] and missed.node == "wait"
    ideal = in_context(desk, "wait", None)
    assert [r.option_id for r in ideal.history] == ["look"]
    stale = in_context(desk, "wait", ("gone",))  # the story changed since: the ideal path instead
    assert [r.option_id for r in stale.history] == ["look"]
    assert path_to(desk, "start") == ()
