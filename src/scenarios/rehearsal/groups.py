"""The grouping helper: random groups with a seed, or by birth month as the workshops did."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence


class GroupError(ValueError):
    """Groups that cannot be formed. `code` names the message in the catalog."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _chunks(people: Sequence[str], groups: int) -> list[list[str]]:
    """Split in order into `groups` consecutive parts whose sizes differ by at most one."""
    if groups < 1:
        raise GroupError("bad_group_count")
    groups = min(groups, max(1, len(people)))
    size, extra = divmod(len(people), groups)
    parts, start = [], 0
    for index in range(groups):
        end = start + size + (1 if index < extra else 0)
        parts.append(list(people[start:end]))
        start = end
    return parts


def random_groups(people: Sequence[str], groups: int, seed: int) -> list[list[str]]:
    """Shuffle with `seed` (the same seed gives the same groups) and split evenly."""
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    return _chunks(shuffled, groups)


def birth_month_groups(months: Mapping[str, int], groups: int) -> list[list[str]]:
    """Group by birth month as in the workshop (ch. 2): people born close in the year end up together.

    People are ordered by month (January first; ties keep the order given) and the
    calendar is cut into `groups` runs of nearly equal size, so groups stay balanced
    even when many share a month.
    """
    if any(not 1 <= month <= 12 for month in months.values()):
        raise GroupError("bad_month")
    ordered = sorted(months, key=lambda name: months[name])
    return _chunks(ordered, groups)
