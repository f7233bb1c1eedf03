"""Format features authors asked for: branching `next`, per-line cues, replies that stay,
model answers that do not give away an unlocking action, trimmed texts."""

from __future__ import annotations

from scenarios.engine import Playthrough, Result
from scenarios.story.loader import load_text
from scenarios.story.model import Outcome, Story
from tests.support import shown, story_of

BRANCHING = """\
id: branching
title: t
summary: s
channel: desk
customer: young-adult
theme: values
source: "5"
state:
  mood: {start: 0, min: -3, max: 3}
  checked: no
nodes:
  ask:
    speaker: customer
    cues: Frowns.
    say:
      - speaker: narrator
        text: The queue is long.
      - text: Where is my card?
      - if: mood < 0
        text: Hurry up!
        cue: Taps the counter.
    model_answer: Let me look it up; it was sent on Monday.
    options:
      - id: look
        action: Look it up.
        solution_focused: yes
        once: yes
        points: {expert: 1}
        effects: checked = yes
      - id: tell
        reply: It was sent on Monday.
        if: checked
        ideal: yes
        solution_focused: yes
        points: {expert: 2}
        effects: mood += 1
        next: wrap
      - id: again
        reply: Could you say that again?
        solution_focused: no
        once: yes
        effects: mood -= 1
      - id: guess
        reply: It's probably in the post.
        solution_focused: no
        next: wrap
  wrap:
    speaker: narrator
    say: >
      You finish
      the matter.
    next:
      - if: mood >= 1
        to: happy
      - if: checked
        to: partly
      - to: unhappy
  happy:
    ending: resolved
    say: Thanks!
  partly:
    ending: partly
    say: Hm, OK.
  unhappy:
    ending: unresolved
    say: Whatever.
"""


def story() -> Story:
    return story_of(BRANCHING)


def choose(play: Playthrough, option_id: str) -> Result:
    number = next(c.number for c in play.beat().choices if c.option_id == option_id)
    return play.choose(number)


def test_node_cues_go_with_the_node_speakers_first_line() -> None:
    lines = Playthrough(story(), seed=0).beat().lines
    assert [(v.speaker, shown(v.text), v.cue and v.cue.get_text("en")) for v in lines] == [
        ("narrator", "The queue is long.", None),
        ("customer", "Where is my card?", "Frowns."),
    ]


def test_a_reply_without_next_stays_at_the_decision_and_is_offered_once() -> None:
    play = Playthrough(story(), seed=0)
    result = choose(play, "again")
    assert not result.solution_focused
    beat = play.beat()
    assert beat.node == "ask" and beat.returned
    assert "again" not in [c.option_id for c in beat.choices]


def test_a_conditional_line_with_its_own_cue_appears_when_its_condition_holds() -> None:
    low = story_of(BRANCHING.replace("mood: {start: 0,", "mood: {start: -1,"))
    lines = Playthrough(low, seed=0).beat().lines
    assert [(shown(v.text), v.cue and v.cue.get_text("en")) for v in lines[1:]] == [
        ("Where is my card?", "Frowns."),
        ("Hurry up!", "Taps the counter."),
    ]


def test_branching_next_picks_the_first_branch_whose_condition_holds() -> None:
    happy = Playthrough(story(), seed=0)
    choose(happy, "look")
    choose(happy, "tell")
    assert happy.beat().node == "happy" and happy.beat().ending == Outcome.resolved

    partly = Playthrough(story(), seed=0)
    choose(partly, "look")
    choose(partly, "guess")
    assert partly.beat().node == "partly"

    unhappy = Playthrough(story(), seed=0)
    choose(unhappy, "guess")
    assert unhappy.beat().node == "unhappy"


def test_passage_text_is_trimmed_and_shown_before_the_ending() -> None:
    play = Playthrough(story(), seed=0)
    choose(play, "guess")
    texts = [shown(v.text) for v in play.beat().lines]
    assert texts == ["You finish the matter.", "Whatever."]


def test_the_model_answer_waits_until_the_marked_ideal_is_on_offer() -> None:
    play = Playthrough(story(), seed=0)
    first = choose(play, "guess")
    assert first.ideal_option_id == "look" and first.model_answer is None
    play = Playthrough(story(), seed=0)
    choose(play, "look")
    second = choose(play, "guess")
    assert second.ideal_option_id == "tell"
    assert shown(second.model_answer) == "Let me look it up; it was sent on Monday."


def test_branch_lists_are_checked_like_any_next() -> None:
    def codes(text: str) -> list[str]:
        return [d.code for d in load_text(text).diagnostics]

    assert codes(BRANCHING.replace("to: partly", "to: prtly")) == ["unknown_node"]
    assert codes(BRANCHING.replace("      - to: unhappy\n", "      - if: not checked\n        to: unhappy\n")) == [
        "branch_needs_default"
    ]
    assert codes(BRANCHING.replace("if: checked\n        to: partly", "if: chekced\n        to: partly")) == [
        "expr_undeclared"
    ]
    looping = BRANCHING.replace("      - to: unhappy\n", "      - to: wrap\n")
    assert codes(looping) == ["passage_loop"]


def test_an_option_without_next_that_is_not_once_is_an_error() -> None:
    text = BRANCHING.replace("        once: yes\n        effects: mood -= 1\n", "        effects: mood -= 1\n")
    [diagnostic] = load_text(text).diagnostics
    assert diagnostic.code == "action_loops"
    assert "has no 'next:'" in diagnostic.message("en")


def test_mood_is_shown_only_where_the_customer_is() -> None:
    text = (
        BRANCHING.replace(
            "  wrap:\n    speaker: narrator\n",
            "  wrap:\n    speaker: narrator\n",
        )
        .replace(
            "        next: wrap\n      - id: again",
            "        next: colleague\n      - id: again",
        )
        .replace(
            "  happy:\n",
            "  colleague:\n    speaker: colleague\n    say: Can I help?\n    options:\n"
            "      - reply: Thanks, I'm fine.\n        solution_focused: yes\n        ideal: yes\n        next: wrap\n"
            "  happy:\n",
        )
    )
    play = Playthrough(story_of(text), seed=0)
    assert play.beat().mood == 0
    choose(play, "look")
    assert play.beat().mood == 0  # back at the customer's decision
    choose(play, "tell")
    assert play.beat().node == "colleague" and play.beat().mood is None
