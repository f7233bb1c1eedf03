"""Own words first in a team rehearsal: the room writes before the options, the replies are grouped by the rubric's
elements, and nothing keeps who wrote which."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.rehearsal import Participants, Phase, Session, VoteError, from_json, to_json
from scenarios.rehearsal.export import export
from scenarios.rehearsal.replies import room_replies, room_words
from scenarios.rehearsal.session import OwnWordsReply
from scenarios.story.model import Story
from tests.rehearsal.conftest import OWN_WORDS, FakeClock
from tests.rehearsal.test_session import phase_of
from tests.support import story_of


def writing(story: Story, clock: FakeClock, *, own_words: bool = True) -> Session:
    session = Session.new(
        [story], team="Kirjasto", participants=Participants.of(names=["Aino", "Bo", "Cai"]), clock=clock,
        own_words=own_words, language="en",
    )  # fmt: skip
    session.start()
    return session


def test_a_decision_with_a_rubric_opens_for_writing_with_no_options_and_no_clock(
    own_words: Story, clock: FakeClock
) -> None:
    session = writing(own_words, clock)
    assert phase_of(session) == Phase.WRITE
    assert session.timer() is None  # the discussion's clock starts with the options
    clock.advance(90)
    session.show_replies()
    assert phase_of(session) == Phase.REPLIES
    session.show_options()
    assert phase_of(session) == Phase.DISCUSS
    assert session.remaining() == session.discussion_seconds  # none of it went to writing


def test_without_own_words_or_without_a_rubric_the_decision_opens_as_before(
    own_words: Story, mini: Story, clock: FakeClock
) -> None:
    assert writing(own_words, clock, own_words=False).phase == Phase.DISCUSS
    assert writing(mini, clock).phase == Phase.DISCUSS  # no rubric: nothing to write against
    session = writing(own_words, clock)
    session.show_replies()
    session.show_options()
    session.open_vote()
    session.set_count("check", 3)
    session.reveal()
    session.continue_with("majority")
    assert phase_of(session) == Phase.DISCUSS  # the next decision has no rubric


def test_a_phone_replaces_or_takes_back_its_reply_until_the_replies_are_shown(
    own_words: Story, clock: FakeClock
) -> None:
    session = writing(own_words, clock)
    session.add_reply("k1", "Hello, I'll check.", ("check", "greet"))
    session.add_reply("k2", "Look online.", ("online",))
    session.add_reply("k1", "Hello, I'll check the opening hours.", ("check", "greet", "hours"))
    session.add_reply("k3", "Something", ())
    session.add_reply("k3", "   ", ())  # an empty reply takes it back
    decision = session.decision
    assert decision is not None
    assert [(r.key, r.text) for r in decision.replies] == [
        ("k2", "Look online."),
        ("k1", "Hello, I'll check the opening hours."),
    ]
    assert session.reply_of("k1") is not None and session.reply_of("k3") is None
    session.show_replies()  # not everyone has written: the facilitator moves on all the same
    with pytest.raises(VoteError) as refused:
        session.add_reply("k3", "Too late", ())
    assert refused.value.code == "wrong_phase"


def test_the_replies_are_grouped_by_the_elements_they_hold(own_words: Story) -> None:
    rubric = own_words.nodes["start"].rubric
    assert rubric is not None
    replies = [
        OwnWordsReply("a", "hello, let me check", ("check", "greet")),
        OwnWordsReply("b", "Look it up online", ("check", "online")),
        OwnWordsReply("c", "Good morning, I'll check", ("greet", "check")),
        OwnWordsReply("d", "no idea", ()),
        OwnWordsReply("e", "I will check it", ("check",)),
    ]
    room = room_replies(rubric, replies)
    assert room.total == 5
    assert [(c.item.id, c.count) for c in room.found] == [("check", 4), ("greet", 2)]
    assert [item.id for item in room.missed] == ["hours"]  # what nobody said
    assert [(c.item.id, c.count) for c in room.mistakes] == [("online", 1)]
    assert [([i.id for i in g.elements], [r.text for r in g.replies]) for g in room.groups] == [
        (["check", "greet"], ["Good morning, I'll check", "hello, let me check"]),  # alphabetical, not as they came
        (["check"], ["I will check it", "Look it up online"]),
        ([], ["no idea"]),
    ]
    words = room_words(room, own_words, "fi")
    assert words.found == ("✓ Lupaa katsoa (4/5)", "✓ Tervehtii (2/5)")
    assert words.missed == ("○ Kertoo aukioloajat",)
    heading, texts = words.groups[1]
    assert heading == "✓ Lupaa katsoa"
    assert [reply.line for reply in texts] == ["I will check it", "Look it up online  ✗ Käskee katsomaan netistä"]


def test_an_undo_of_the_last_step_takes_back_a_writing_decision_without_replies(
    own_words: Story, clock: FakeClock
) -> None:
    session = writing(own_words, clock)
    session.show_replies()
    session.show_options()
    session.open_vote()
    session.set_count("check", 3)
    session.reveal()
    session.continue_with("majority")
    assert session.can_undo_continue()
    session.undo_continue()
    assert phase_of(session) == Phase.REVEAL


def test_the_record_keeps_the_replies_without_their_writers(own_words: Story, clock: FakeClock) -> None:
    session = writing(own_words, clock)
    session.add_reply("x" * 22, "Hello, I'll check.", ("check", "greet"))
    session.add_reply("y" * 22, "Look online.", ("online",))
    session.show_replies()
    session.show_options()
    session.open_vote()
    session.set_count("check", 3)
    session.reveal()
    state = json.loads(to_json(session))
    assert state["own_words"] is True
    kept = state["decisions"][0]["replies"]
    assert kept == [
        {"key": "x" * 22, "text": "Hello, I'll check.", "marked": ["check", "greet"]},
        {"key": "y" * 22, "text": "Look online.", "marked": ["online"]},
    ]
    again = from_json(to_json(session), {own_words.id: own_words}.get, clock=clock)
    assert again.own_words and again.decisions[0].replies == session.decisions[0].replies
    markdown = export(session, "md", "en")
    table = markdown.index("| # |")
    assert markdown.index("**Own replies (anonymous):** Replies: 2 (anonymous)") < table  # before the options
    assert markdown.index("- Hello, I'll check.") < table and "- ✓ Offers to check (1/2)" in markdown
    for fmt in ("md", "html", "csv"):
        text = export(session, fmt, "en")
        assert "Hello, I&#39;ll check." in text or "Hello, I'll check." in text
        for name in ("Aino", "Bo", "Cai"):  # the participants are listed once, at the top, never with a reply
            assert all(name not in line for line in text.splitlines() if "check." in line or "online." in line)
    rows = list(csv.reader(io.StringIO(export(session, "csv", "en").lstrip("\ufeff")), delimiter=";"))
    replies = [row for row in rows if row[0] == "own reply"]
    assert [row[10] for row in replies] == ["Hello, I'll check.", "Look online."]


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_the_grouping_does_not_tell_the_order_the_replies_came_in(data: st.DataObject) -> None:
    """Who wrote which must not be read off the shared screen by when each phone sent: any order, the same groups."""
    story = story_of(OWN_WORDS)
    rubric = story.nodes["start"].rubric
    assert rubric is not None
    ids = [item.id for item in rubric.items]
    replies = data.draw(
        st.lists(
            st.builds(
                OwnWordsReply,
                st.text(alphabet="abcXYZ 1", min_size=1, max_size=6).map(lambda key: key + "-k"),
                st.text(alphabet="abAB ", min_size=1, max_size=8),
                st.lists(st.sampled_from(ids), unique=True).map(tuple),
            ),
            max_size=8,
            unique_by=lambda reply: reply.key,
        )
    )
    shuffled = data.draw(st.permutations(replies))
    assert room_replies(rubric, shuffled) == room_replies(rubric, replies)
