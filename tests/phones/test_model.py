"""The headless model's phone votes and notes: one vote per participant, added to the typed counts,
kept in the save, taken only while the vote is open; notes join the reflection question's note."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarios.rehearsal import COUNTS, IDEAL, TURNS, Ballots, Participants, Phase, Session, VoteError
from scenarios.rehearsal.saves import from_json, to_json
from tests.conftest import MINI
from tests.phones.conftest import load
from tests.rehearsal.conftest import FakeClock

OPTIONS = ("online", "check")


def started() -> Session:
    session = Session.new([load(MINI)], participants=Participants.of(count=3), clock=FakeClock(), seed=0)
    session.start()
    return session


@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from((*OPTIONS, None))), max_size=30),
       st.integers(0, 5), st.sampled_from((COUNTS, TURNS)))  # fmt: skip
def test_each_participant_counts_once_with_their_last_vote_beside_the_typed_counts(
    votes: list[tuple[str, str | None]], typed: int, mode: str
) -> None:
    ballots = Ballots(OPTIONS)
    if mode == COUNTS:
        ballots.set_count("online", typed)
    else:
        for n in range(typed):
            ballots.cast_vote(f"hand {n}", "online")
    last: dict[str, str | None] = {}
    for who, option in votes:
        ballots.phone_vote(who, option)
        last[who] = option
    kept = {who: option for who, option in last.items() if option is not None}
    assert ballots.phones == kept
    assert ballots.tally() == {"online": typed + list(kept.values()).count("online"),
                               "check": list(kept.values()).count("check")}  # fmt: skip
    assert Ballots.from_dict(json.loads(json.dumps(ballots.to_dict()))) == ballots


def test_a_save_without_phone_votes_reads_as_before() -> None:
    ballots = Ballots(OPTIONS)
    ballots.set_count("check", 2)
    assert "phones" not in ballots.to_dict()
    assert Ballots.from_dict({"options": list(OPTIONS), "counts": {"check": 2}}).phones == {}
    with pytest.raises(VoteError) as error:
        ballots.phone_vote("a", "nope")
    assert error.value.code == "unknown_option"


def test_phone_votes_are_taken_while_the_vote_is_open_and_make_the_reveal() -> None:
    session = started()
    changes: list[tuple[str, dict[str, Any]]] = []
    session.watch(lambda s, kind, payload: changes.append((kind, payload)))
    with pytest.raises(VoteError) as error:
        session.phone_vote("a", "check")  # still discussing: the discussion is not ended by a phone
    assert error.value.code == "wrong_phase" and session.phase == Phase.DISCUSS
    session.open_vote()
    session.phone_vote("a", "online")
    session.phone_vote("a", "check")
    session.phone_vote("b", "check")
    assert session.phone_votes_in() == 2
    assert session.phone_vote_of("a") == "check" and session.phone_vote_of("c") is None
    session.set_count("online", 1)
    assert session.vote_check().matches  # two phones and one typed vote: three participants
    session.reveal()
    with pytest.raises(VoteError):
        session.phone_vote("c", "online")  # the reveal closes the vote
    assert session.decisions[0].ballots.tally() == {"online": 1, "check": 2}
    assert ("phone_vote", {"participant": "a", "option": "check"}) in changes
    restored = from_json(to_json(session), {"mini": session.stories[0]}.get)
    assert restored.decisions[0].ballots.phones == {"a": "check", "b": "check"}
    session.continue_with("majority")
    assert session.phone_votes_in() == 0 and session.phone_vote_of("a") is None  # a new decision


def test_in_turn_a_phone_vote_is_its_voters_turn_and_a_turn_taken_in_the_room_is_not_voted_again() -> None:
    names = Participants.of(names=["Aino", "Bo", "Cai"])
    session = Session.new([load(MINI)], participants=names, clock=FakeClock(), seed=0, vote_mode=TURNS)
    session.start()
    session.open_vote()
    session.phone_vote("phone-a", "check", "Aino")
    assert session.next_voter() == "Bo" and session.voters_left() == ("Bo", "Cai")
    session.cast_vote("Bo", "online")
    with pytest.raises(VoteError) as error:
        session.phone_vote("phone-b", "check", "Bo")  # Bo's turn was taken on the facilitator's screen
    assert error.value.code == "already_voted" and session.phone_votes_in() == 1
    session.phone_vote("phone-a", None, "Aino")  # Aino takes her phone vote back: her turn comes round again
    assert session.voters_left() == ("Aino", "Cai")
    session.phone_vote("phone-a", "check", "Aino")
    session.cast_vote("Cai", None)  # a pass
    assert session.next_voter() is None and session.vote_check().matches
    session.reveal()  # everyone has had their turn: nothing to accept
    assert session.decisions[0].ballots.tally() == {"online": 1, "check": 1}
    restored = from_json(to_json(session), {"mini": session.stories[0]}.get)
    assert restored.decisions[0].ballots == session.decisions[0].ballots


def test_a_phone_note_joins_the_questions_note_and_watchers_can_stop_listening() -> None:
    session = started()
    heard: list[str] = []

    def listener(changed: Session, kind: str, payload: dict[str, Any]) -> None:
        heard.append(kind)

    session.watch(listener)
    with pytest.raises(VoteError):
        session.add_phone_note("Aino", "too early")
    while session.phase != Phase.STORY_END:
        session.open_vote()
        session.reveal(accept_mismatch=True)
        session.continue_with(IDEAL)
    session.next_story()
    session.start_reflection()
    session.set_note("We check first")
    session.add_phone_note("Aino", "  Ask first \n")
    session.add_phone_note("Bo", "Then check")
    assert session.reflection is not None
    assert session.reflection.note == "We check first"  # the facilitator's own text is never touched
    assert session.reflection.notes_with_phones() == "We check first\nAino: Ask first\nBo: Then check"
    session.unwatch(listener)
    session.unwatch(listener)  # twice is harmless
    session.next_question()
    assert heard[-1] == "phone_note" and "question" not in heard
    # A note written under the first question and sent after the facilitator moved on is filed under it.
    session.add_phone_note("Cai", "Late but mine", question=0)
    assert [n.text for n in session.reflections[0].phone_notes] == ["Ask first", "Then check", "Late but mine"]
    assert session.reflections[1].phone_notes == []
    with pytest.raises(VoteError):
        session.add_phone_note("Cai", "No such question", question=99)
    restored = from_json(to_json(session), {s.id: s for s in session.stories}.get)
    assert restored.reflections[0].phone_notes == session.reflections[0].phone_notes
