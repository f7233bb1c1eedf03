"""The chapter 6 station rotation: four channel stations, customer groups that rotate, and what each keeper writes.

    session = StationSession.new(keepers={"desk": "Cai", ...}, groups=[["Aino", "Bo"], ...], clock=clock)
    session.start()                                        # round 1; the round clock runs
    session.fill_grid("desk", "young-adult", "expects", "Quick service, no queue")
    session.fill_skills("desk", "mindset", "Understanding difference")
    session.next_round()                                   # round 2 (after the last round: done)
    session.fill_common("skillset", "Plain language")      # figure 7's row: what every channel asks
    session.answer(0, "Each channel needs its own kind of patience")   # the chapter's six questions

Four people keep the stations (desk, email, chat, phone) and stay put; the groups formed
at setup play the customer roles (young adult, retired couple, wheelchair user, family with
a foreign language: group 1 the first role, and so on) and move to the next station each
round. Each keeper fills a grid per customer role (what the customer expects of the channel,
service at its best, the questions the customer might ask) and lists what the channel asks
of the worker as mindset, skillset and toolset. The team closes the exercise together: what every
channel asks of the worker (figure 7's cross-channel row) and the chapter's six "Kysymyksiä teeman
pohjalta". Plain data; every change is told
(`shell.Observed`) so it can be saved as it happens. Nothing here imports a UI.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scenarios.engine import Clock
from scenarios.rehearsal.groups import birth_month_groups, random_groups
from scenarios.rehearsal.merge import merge_texts
from scenarios.rehearsal.shell import Observed
from scenarios.rehearsal.timer import DEFAULT_EXTEND, Timer
from scenarios.story.model import CUSTOMER_TYPES, DEFAULT_REFLECTION
from scenarios.story.text import Text

#: The stations in the order chapter 6 presents its figures 3-6.
STATIONS = ("desk", "email", "chat", "phone")
#: The customer roles of chapter 6, in the order the groups take them.
ROLES = CUSTOMER_TYPES
#: What a keeper writes per customer role: expectations of the channel, service at its best, likely questions.
GRID_FIELDS = ("expects", "at_best", "questions")
#: What a channel asks of the worker (figure 7): attitude, working skills, knowledge and tools.
SKILL_KINDS = ("mindset", "skillset", "toolset")
#: The questions that close chapter 6 ("Kysymyksiä teeman pohjalta"), answered by the team together.
QUESTIONS: tuple[Text, ...] = DEFAULT_REFLECTION
DEFAULT_ROUND_MINUTES = 20
MAX_TEXT = 4000
FACILITATOR = ""
"""Who wrote a text typed on the shared screen (a keeper's phone writes under the keeper's name)."""
ROUNDS, DONE = "rounds", "done"


class StationError(ValueError):
    """An operation the session refuses. `code` names the message (`stations.error.<code>`)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Visit:
    """One customer group at one station in one round."""

    group: int
    """The group's index (0-based) in `StationSession.groups`."""
    role: str
    station: str
    people: tuple[str, ...]


def rotation(groups: int, rounds: int = len(STATIONS)) -> list[list[tuple[int, str]]]:
    """Per round, (group index, station) for each group: group g starts at station g and moves one on each round."""
    return [[(g, STATIONS[(g + r) % len(STATIONS)]) for g in range(groups)] for r in range(rounds)]


@dataclass
class StationSession(Observed):
    """A station rotation in progress. Change it only through its methods (each one is told to `on_change`)."""

    keepers: dict[str, str]
    """Station → the participant who keeps it."""
    groups: list[list[str]]
    """The customer groups formed at setup; group g plays `ROLES[g]`."""
    team: str = ""
    language: str = "fi"
    round_seconds: float = DEFAULT_ROUND_MINUTES * 60.0
    clock: Clock = time.time
    created_at: float = 0.0
    phase: str = ROUNDS
    round_index: int = 0
    round_clock: Timer = field(default_factory=lambda: Timer(DEFAULT_ROUND_MINUTES * 60.0))
    time_up_signalled: bool = False
    grids: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """Station → customer role → grid field → text."""
    skills: dict[str, dict[str, str]] = field(default_factory=dict)
    """Station → skill kind → text."""
    authors: dict[str, list[str]] = field(default_factory=dict)
    """A field's place (`place`) → who wrote in it, the latest last (`FACILITATOR` for the shared screen)."""
    common: dict[str, str] = field(default_factory=dict)
    """Skill kind → what every channel asks of the worker (figure 7's cross-channel row)."""
    answers: dict[int, str] = field(default_factory=dict)
    """The index of a question of `QUESTIONS` → the team's answer."""
    notes: str = ""
    finished_at: float | None = None

    @classmethod
    def new(
        cls,
        *,
        keepers: Mapping[str, str],
        groups: Sequence[Sequence[str]],
        round_minutes: float = DEFAULT_ROUND_MINUTES,
        **kwargs: Any,
    ) -> StationSession:
        """A session ready for round 1 (call `start`). Raises `StationError` for a rotation that cannot run."""
        if set(keepers) != set(STATIONS) or any(not str(name).strip() for name in keepers.values()):
            raise StationError("keepers")
        cleaned = [[str(name).strip() for name in group if str(name).strip()] for group in groups]
        cleaned = [group for group in cleaned if group]
        if not cleaned:
            raise StationError("no_groups")
        if len(cleaned) > len(ROLES):
            raise StationError("too_many_groups", count=len(cleaned), most=len(ROLES))
        if not round_minutes > 0 or round_minutes > 24 * 60:
            raise StationError("round_minutes")
        seconds = 60.0 * float(round_minutes)
        session = cls(
            {s: str(keepers[s]).strip() for s in STATIONS},
            cleaned,
            round_seconds=seconds,
            round_clock=Timer(seconds),
            **kwargs,
        )
        session.created_at = session.clock()
        return session

    # --- reading -----------------------------------------------------------------------
    @property
    def rounds(self) -> int:
        """How many rounds the rotation has: one per station, so every group visits every station."""
        return len(STATIONS)

    @property
    def is_done(self) -> bool:
        """True once the last round is over."""
        return self.phase == DONE

    @property
    def roles(self) -> tuple[str, ...]:
        """The customer roles played, one per group."""
        return tuple(ROLES[: len(self.groups)])

    def visits(self, round_index: int | None = None) -> list[Visit]:
        """Who is where in a round (0-based; the current round by default), in group order."""
        number = self.round_index if round_index is None else round_index
        if not 0 <= number < self.rounds:
            raise StationError("no_round", round=number + 1)
        return [
            Visit(group, ROLES[group], station, tuple(self.groups[group]))
            for group, station in rotation(len(self.groups), self.rounds)[number]
        ]

    def visitor(self, station: str, round_index: int | None = None) -> Visit | None:
        """The group at `station` in a round (the current one by default), or None when it stands empty."""
        _check(station, STATIONS, "station")
        return next((v for v in self.visits(round_index) if v.station == station), None)

    def grid(self, station: str, role: str) -> dict[str, str]:
        """What the keeper of `station` wrote for `role`: every grid field, empty when not written."""
        _check(station, STATIONS, "station")
        _check(role, ROLES, "role")
        written = self.grids.get(station, {}).get(role, {})
        return {name: written.get(name, "") for name in GRID_FIELDS}

    def station_skills(self, station: str) -> dict[str, str]:
        """What the keeper of `station` listed as mindset, skillset and toolset (empty when not written)."""
        _check(station, STATIONS, "station")
        written = self.skills.get(station, {})
        return {kind: written.get(kind, "") for kind in SKILL_KINDS}

    def filled(self, station: str) -> tuple[int, int]:
        """(fields written, fields to write) at a station: the grid of every role played, and the skills."""
        texts = [text for role in self.roles for text in self.grid(station, role).values()]
        texts += list(self.station_skills(station).values())
        return sum(1 for text in texts if text.strip()), len(texts)

    def remaining(self) -> float:
        """Seconds left in this round (0 once the time is up)."""
        return self.round_clock.remaining(self.clock())

    def time_up(self) -> bool:
        """True when this round's time is up (the groups should move on)."""
        return self.phase == ROUNDS and self.round_clock.is_done(self.clock())

    def check_time_up(self) -> bool:
        """The time-up signal: True once per round, the first time it is asked after the time ran out.

        A front end asks on each tick and rings when it is True; the moment goes in the event log.
        """
        if self.time_up() and not self.time_up_signalled:
            self.time_up_signalled = True
            self._changed("time_up", {"round": self.round_index + 1})
            return True
        return False

    # --- operations (what a front end calls) ---------------------------------------------
    def start(self) -> None:
        """Start round 1's clock (or resume a paused clock)."""
        self._in_rounds()
        self.round_clock.start(self.clock())
        self._changed("start", {"round": self.round_index + 1})

    def toggle_clock(self) -> None:
        """Pause the round clock when it runs; let it run again when paused."""
        self._in_rounds()
        self.round_clock.toggle(self.clock())
        self._changed("clock", {"running": self.round_clock.is_running})

    def extend_round(self, seconds: float = DEFAULT_EXTEND) -> None:
        """More time for this round. After the time is up it counts from now: +1 min gives one more minute. A paused
        clock stays paused, one minute longer (as a story session's discussion clock)."""
        self._in_rounds()
        now = self.clock()
        if not 0 < seconds <= 24 * 3600:
            raise StationError("extend")
        ran_out = self.round_clock.is_done(now)
        if ran_out:
            self.round_clock.duration = self.round_clock.elapsed(now)
            self.round_clock.skipped = False
        self.round_clock.extend(seconds)
        if ran_out:
            self.round_clock.start(now)
        self.time_up_signalled = False
        self._changed("extend", {"seconds": seconds})

    def next_round(self) -> None:
        """Send the groups on to their next station with a fresh clock; after the last round the rotation is done."""
        self._in_rounds()
        now = self.clock()
        self.round_clock.pause(now)
        if self.round_index + 1 >= self.rounds:
            self.phase = DONE
            self.finished_at = now
            self._changed("done", {})
            return
        self.round_index += 1
        self.round_clock = Timer(self.round_seconds)
        self.round_clock.start(now)
        self.time_up_signalled = False
        self._changed("next_round", {"round": self.round_index + 1})

    def previous_round(self) -> None:
        """Back to the round before (pressed by mistake); its clock starts afresh."""
        if self.phase == DONE:
            self.phase, self.finished_at = ROUNDS, None
        elif self.round_index == 0:
            raise StationError("no_round", round=0)
        else:
            self.round_index -= 1
        self.round_clock = Timer(self.round_seconds)
        self.round_clock.start(self.clock())
        self.time_up_signalled = False
        self._changed("previous_round", {"round": self.round_index + 1})

    def fill_grid(
        self, station: str, role: str, field_name: str, text: str, *, base: str | None = None, author: str = FACILITATOR
    ) -> str:
        """Write a grid field of `station` for customer role `role` (`expects`, `at_best` or `questions`).

        `base` is what the writer saw in the field when they began: when someone else wrote there since, both
        texts are kept (`merge.merge_texts`), never one thrown away. Without `base`, a writer who was the last
        to write the field replaces their own text, and anyone else's is kept beside theirs. Line breaks are
        kept, spaces around the text are not. Returns the text the field now holds.
        """
        _check(station, STATIONS, "station")
        _check(role, ROLES, "role")
        _check(field_name, GRID_FIELDS, "field")
        current = self.grid(station, role)[field_name]
        kept = self._merged(place(station, role, field_name), current, text, base, author)
        if kept != current:
            self.grids.setdefault(station, {}).setdefault(role, {})[field_name] = kept
            self._wrote(place(station, role, field_name), author)
            payload = {"station": station, "role": role, "field": field_name, "text": kept, "author": author}
            self._changed("grid", payload | {"merged": kept != _text(text)})
        return kept

    def fill_skills(
        self, station: str, kind: str, text: str, *, base: str | None = None, author: str = FACILITATOR
    ) -> str:
        """Write what the channel of `station` asks of the worker as `mindset`, `skillset` or `toolset`
        (`base` and `author` as in `fill_grid`). Returns the text the field now holds."""
        _check(station, STATIONS, "station")
        _check(kind, SKILL_KINDS, "kind")
        current = self.station_skills(station)[kind]
        kept = self._merged(place(station, "", kind), current, text, base, author)
        if kept != current:
            self.skills.setdefault(station, {})[kind] = kept
            self._wrote(place(station, "", kind), author)
            payload = {"station": station, "kind": kind, "text": kept, "author": author}
            self._changed("skills", payload | {"merged": kept != _text(text)})
        return kept

    def written_by(self, station: str, role: str, name: str) -> tuple[str, ...]:
        """Who wrote in a field (`role` "" for a skill kind), the latest last; `FACILITATOR` is the shared screen."""
        return tuple(self.authors.get(place(station, role, name), ()))

    def _merged(self, where: str, current: str, text: str, base: str | None, author: str) -> str:
        text = _text(text)
        writers = self.authors.get(where, [])
        if base is None and (not writers or writers[-1] == author):
            return text  # their own text (or the first), theirs to replace
        kept = merge_texts(current, text, None if base is None else _text(base))
        if len(kept) > MAX_TEXT:
            raise StationError("too_long", most=MAX_TEXT)
        return kept

    def _wrote(self, where: str, author: str) -> None:
        writers = [name for name in self.authors.get(where, []) if name != author]
        self.authors[where] = [*writers, author]

    def common_skills(self) -> dict[str, str]:
        """What every channel asks of the worker (figure 7's cross-channel row) per skill kind, "" when unwritten."""
        return {kind: self.common.get(kind, "") for kind in SKILL_KINDS}

    def fill_common(self, kind: str, text: str) -> None:
        """Write what every channel asks of the worker as `mindset`, `skillset` or `toolset` (typed together on the
        shared screen, as a rule at the end)."""
        _check(kind, SKILL_KINDS, "kind")
        text = _text(text)
        if len(text) > MAX_TEXT:
            raise StationError("too_long", most=MAX_TEXT)
        if text != self.common_skills()[kind]:
            self.common[kind] = text
            self._changed("common", {"kind": kind, "text": text})

    def answer(self, index: int, text: str) -> None:
        """The team's answer to question `index` of `QUESTIONS`."""
        if not 0 <= index < len(QUESTIONS):
            raise StationError("no_question", number=index + 1)
        text = _text(text)
        if len(text) > MAX_TEXT:
            raise StationError("too_long", most=MAX_TEXT)
        if text != self.answers.get(index, ""):
            self.answers[index] = text
            self._changed("answer", {"question": index, "text": text})

    def set_notes(self, text: str) -> None:
        """The facilitator's notes on the whole exercise."""
        text = _text(text)
        if text != self.notes:
            self.notes = text
            self._changed("notes", {"text": text})

    def finish(self) -> None:
        """End the rotation now (the grids stay editable and exportable)."""
        if self.phase != DONE:
            self.round_clock.pause(self.clock())
            self.phase, self.finished_at = DONE, self.clock()
            self._changed("done", {})

    def keeper_station(self, name: str) -> str | None:
        """The station `name` keeps (names compared without case), or None for a visitor."""
        wanted = " ".join(name.split()).casefold()
        return next((s for s in STATIONS if " ".join(self.keepers[s].split()).casefold() == wanted), None)

    def people(self) -> tuple[str, ...]:
        """Everyone in the rotation: the keepers in station order, then the groups."""
        return tuple([self.keepers[s] for s in STATIONS] + [name for group in self.groups for name in group])

    def group_of(self, name: str) -> int | None:
        """The index of the group `name` is in (names compared without case), or None."""
        wanted = " ".join(name.split()).casefold()
        return next((g for g, group in enumerate(self.groups) if any(p.casefold() == wanted for p in group)), None)

    # --- inside ------------------------------------------------------------------------
    def _in_rounds(self) -> None:
        if self.phase != ROUNDS:
            raise StationError("finished")


def place(station: str, role: str, name: str) -> str:
    """The key of one field: a grid field of `station` for customer `role`, or (`role` "") a skill kind."""
    return f"{station}/{role}/{name}"


def _check(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise StationError(f"unknown_{what}", value=value)


def _text(text: str) -> str:
    text = str(text).replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise StationError("too_long", most=MAX_TEXT)
    return text


def plan_rotation(
    people: Sequence[str],
    *,
    keepers: Sequence[str] = (),
    groups: int = len(ROLES),
    seed: int = 0,
    months: Mapping[str, int] | None = None,
) -> tuple[dict[str, str], list[list[str]]]:
    """Choose the station keepers and form the customer groups from the rest, as the setup does.

    `keepers` named by the facilitator keep the stations in order (desk, email, chat, phone);
    stations left over get a keeper drawn at random with `seed`. Everyone else is split into
    at most four groups (by birth month when `months` gives everyone's, else at random).
    Raises `StationError` when there are too few people or too many keepers.
    """
    named = [name.strip() for name in keepers if name.strip()]
    if len(named) > len(STATIONS):
        raise StationError("too_many_keepers", most=len(STATIONS))
    if len(set(named)) != len(named):
        raise StationError("keeper_twice")
    others = [person for person in people if person not in named]
    drawn = list(others)
    random.Random(seed).shuffle(drawn)
    chosen = named + drawn[: len(STATIONS) - len(named)]
    rest = [person for person in people if person not in chosen]
    if len(chosen) < len(STATIONS) or not rest:
        raise StationError("too_few", least=len(STATIONS) + 1)
    count = max(1, min(groups, len(ROLES), len(rest)))
    if months and all(person in months for person in rest):
        formed = birth_month_groups({person: months[person] for person in rest}, count)
    else:
        formed = random_groups(rest, count, seed)
    return dict(zip(STATIONS, chosen, strict=True)), formed
