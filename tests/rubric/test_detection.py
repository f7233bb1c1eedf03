"""Element detection measured on the labelled replies: precision and recall at least 0.85 in each language."""

from __future__ import annotations

import pytest

from scenarios.rubric.match import compile_rubric
from tests.rubric.support import labelled, lemmas, measure_story

GOAL = 0.85


def counts(language: str, kinds: tuple[str, ...] | None = None) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of element detection over the labelled replies."""
    story = measure_story()
    hit = wrong = missed = 0
    for node, by_language in labelled().items():
        rubric = story.nodes[node].rubric
        assert rubric is not None
        compiled = compile_rubric(rubric, language, lemmas())
        for kind, has, reply in by_language[language]:
            if kinds is not None and kind not in kinds:
                continue
            gold = set() if has == "-" else set(has.split())
            found = compiled.check(reply).found()
            hit += len(gold & found)
            wrong += len(found - gold)
            missed += len(gold - found)
    return hit, wrong, missed


def test_the_labelled_set_has_at_least_200_replies_of_every_kind_in_both_languages() -> None:
    rows = [row for by_language in labelled().values() for rows in by_language.values() for row in rows]
    assert len(rows) >= 200
    assert {kind for kind, _, _ in rows} == {"good", "partial", "wrong", "typo"}
    ids = {item.id for name in labelled() for item in measure_story().nodes[name].rubric.items}  # type: ignore[union-attr]
    assert all(has == "-" or set(has.split()) <= ids for _, has, _ in rows)
    assert all(set(by_language) == {"fi", "en"} for by_language in labelled().values())


@pytest.mark.parametrize("language", ["fi", "en"])
def test_elements_are_found_with_precision_and_recall_of_at_least_085(language: str) -> None:
    hit, wrong, missed = counts(language)
    precision, recall = hit / (hit + wrong), hit / (hit + missed)
    assert precision >= GOAL and recall >= GOAL, (precision, recall)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_misspelt_replies_are_read_nearly_as_well(language: str) -> None:
    hit, wrong, missed = counts(language, ("typo",))
    assert hit / (hit + wrong) >= GOAL and hit / (hit + missed) >= GOAL
