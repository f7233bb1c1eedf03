"""Votes at one decision: counts typed by the facilitator or ballots cast in turn, and the tally rules.

The tie rule: the majority is the set of options with the most votes. With one option
in it the team's path is clear; with several (a tie, or no votes at all, which ties every
option at zero) the facilitator picks among the tied options. Nothing is decided
silently by the order on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

COUNTS, TURNS = "counts", "turns"


class VoteError(ValueError):
    """A vote that cannot be taken. `code` names the message in the catalog (`rehearsal.error.*`)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class VoteCheck:
    """How the votes entered compare with the number of participants."""

    total: int
    expected: int | None
    turns_taken: int | None = None
    """Votes in turn: the ballots cast, a pass included (None when the facilitator typed counts)."""

    @property
    def matches(self) -> bool:
        """True when there is no participant count to compare with, or everyone is counted.

        In turn a pass is a turn taken: it is not a vote, but nothing is missing."""
        if self.expected is None:
            return True
        return (self.total if self.turns_taken is None else self.turns_taken) == self.expected


@dataclass
class Ballots:
    """The votes at one decision. Options are their stable ids, in the order shown on screen."""

    options: tuple[str, ...]
    mode: str = COUNTS
    counts: dict[str, int] = field(default_factory=dict)
    cast: list[tuple[str, str | None]] = field(default_factory=list)
    """Turns mode: (participant, option id or None for a participant who passed), in order."""
    phones: dict[str, str] = field(default_factory=dict)
    """Votes from phones: participant id -> option id. Added to the typed counts or the turns."""
    phone_names: dict[str, str] = field(default_factory=dict)
    """The name each phone voter joined with: participant id -> name (in turn, their turn is taken by the phone)."""

    # --- counts typed by the facilitator --------------------------------------------
    def set_count(self, option_id: str, count: int) -> None:
        """Set the number of votes for one option (the facilitator counts hands)."""
        self._known(option_id)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise VoteError("bad_count", count=count)
        self.mode = COUNTS
        self.counts[option_id] = count

    # --- ballots cast in turn --------------------------------------------------------
    def cast_vote(self, voter: str, option_id: str | None) -> None:
        """Record the next participant's pick (None: they passed). Turns go by position, so two
        people of the same name each get theirs; the session says whose turn it is."""
        if option_id is not None:
            self._known(option_id)
        self.mode = TURNS
        self.cast.append((voter, option_id))

    def undo_last(self) -> tuple[str, str | None] | None:
        """Take back the last ballot cast in turn (a mistyped key); returns it."""
        return self.cast.pop() if self.cast else None

    # --- votes from phones -----------------------------------------------------------
    def phone_vote(self, participant: str, option_id: str | None, name: str = "") -> None:
        """One participant's vote from their phone; a later vote replaces the earlier (None withdraws it)."""
        if option_id is None:
            self.phones.pop(participant, None)
            self.phone_names.pop(participant, None)
            return
        self._known(option_id)
        self.phones[participant] = option_id
        if name:
            self.phone_names[participant] = name

    def voted_by_phone(self) -> set[str]:
        """The names of the participants whose vote came from their phone."""
        return {self.phone_names[participant] for participant in self.phones if participant in self.phone_names}

    # --- the tally -------------------------------------------------------------------
    def tally(self) -> dict[str, int]:
        """Votes per option, every option present, in screen order (phone votes added to the others)."""
        if self.mode == TURNS:
            result = dict.fromkeys(self.options, 0)
            for _, option_id in self.cast:
                if option_id is not None:
                    result[option_id] += 1
        else:
            result = {option_id: self.counts.get(option_id, 0) for option_id in self.options}
        for option_id in self.phones.values():
            if option_id in result:
                result[option_id] += 1
        return result

    @property
    def total(self) -> int:
        """All votes given."""
        return sum(self.tally().values())

    def check(self, participants: int | None) -> VoteCheck:
        """Compare the votes with the participant count (None or 0: nothing to compare with)."""
        turns = len(self.cast) + len(self.phones)  # a phone's vote is its voter's turn
        return VoteCheck(self.total, participants or None, turns if self.mode == TURNS else None)

    def majority(self) -> tuple[str, ...]:
        """The option(s) with the most votes, in screen order; every option when nobody voted."""
        return leaders(self.tally(), self.options)

    def _known(self, option_id: str) -> None:
        if option_id not in self.options:
            raise VoteError("unknown_option", option=option_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the session save (the phones' votes only when there are some: older saves read the same)."""
        data: dict[str, Any] = {
            "options": list(self.options),
            "mode": self.mode,
            "counts": dict(self.counts),
            "cast": [[voter, option] for voter, option in self.cast],
        }
        if self.phones:
            data["phones"] = dict(self.phones)
        if self.phone_names:
            data["phone_names"] = dict(self.phone_names)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ballots:
        """Rebuild saved ballots."""
        return cls(
            options=tuple(str(o) for o in data["options"]),
            mode=str(data.get("mode", COUNTS)),
            counts={str(k): int(v) for k, v in data.get("counts", {}).items()},
            cast=[(str(voter), None if option is None else str(option)) for voter, option in data.get("cast", [])],
            phones={str(k): str(v) for k, v in data.get("phones", {}).items()},
            phone_names={str(k): str(v) for k, v in data.get("phone_names", {}).items()},
        )


def leaders(tally: dict[str, int], order: Sequence[str]) -> tuple[str, ...]:
    """The options with the highest count, in `order`."""
    if not order:
        return ()
    top = max(tally.get(option, 0) for option in order)
    return tuple(option for option in order if tally.get(option, 0) == top)


def shares(tally: dict[str, int]) -> dict[str, float]:
    """Each option's share of the votes (0.0 for all when nobody voted)."""
    total = sum(tally.values())
    return {option: (count / total if total else 0.0) for option, count in tally.items()}
