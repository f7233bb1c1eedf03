"""The engine's pull API, as a front end drives it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scenarios.engine import ChoiceError, Playthrough
from scenarios.story.model import Outcome, Story
from tests.support import shown, story_of


@pytest.fixture
def story(mini_text: str) -> Story:
    return story_of(mini_text)


def number_of(play: Playthrough, option_id: str) -> int:
    return next(c.number for c in play.beat().choices if c.option_id == option_id)


def test_the_first_beat_shows_the_customer_with_cues_and_the_options(story: Story) -> None:
    play = Playthrough(story, seed=1, clock=lambda: 0.0)
    beat = play.beat()
    assert beat.node == "start"
    assert beat.lines[0].speaker == "customer"
    assert shown(beat.lines[0].text) == "Hi! When is the swimming hall open?"
    assert shown(beat.lines[0].cue) == "Smiles."
    assert sorted(c.option_id for c in beat.choices) == ["check", "online"]
    assert [c.number for c in beat.choices] == [1, 2]
    assert {c.kind for c in beat.choices} == {"reply", "action"}
    assert beat.mood == 0 and not beat.is_over


def test_a_choice_gives_verdict_feedback_ideal_and_model_answer(story: Story) -> None:
    play = Playthrough(story, seed=1, clock=lambda: 0.0)
    result = play.choose(number_of(play, "online"))
    assert not result.solution_focused and not result.is_ideal
    assert shown(result.feedback) == "Friendly but solves nothing."
    assert result.ideal_option_id == "check"
    assert result.ideal_text["en"] == "Check the system."
    assert shown(result.model_answer) == "Let's look together."
    assert [(c.name, c.before, c.after) for c in result.changes] == [("mood", 0, -1)]
    assert play.is_over and play.beat().ending == Outcome.unresolved


def test_actions_reveal_and_set_flags_that_change_what_the_customer_says(story: Story) -> None:
    play = Playthrough(story, seed=1, clock=lambda: 0.0)
    result = play.choose(number_of(play, "check"))
    assert result.is_ideal and result.solution_focused
    assert shown(result.result) == "Open 6 am to 9 pm."
    assert play.state["looked"] is True and play.state["mood"] == 1
    assert [shown(line.text) for line in play.beat().lines] == ["Thanks for looking!"]


def test_effects_are_clamped_to_declared_bounds(mini_text: str) -> None:
    text = mini_text.replace("effects: mood -= 1", "effects: mood -= 9")
    play = Playthrough(story_of(text), seed=1)
    play.choose(number_of(play, "online"))
    assert play.state["mood"] == -3


def test_the_debrief_compares_each_choice_with_the_ideal_and_scores_dimensions(story: Story) -> None:
    times = iter([100.0, 103.0, 110.5])
    play = Playthrough(story, seed=1, clock=lambda: next(times))
    play.choose(number_of(play, "check"))
    play.choose(number_of(play, "next"))
    report = play.debrief()
    assert report.ending_node == "bad" and report.outcome == Outcome.unresolved
    assert [(d.node, d.option_id, d.ideal_option_id) for d in report.decisions] == [
        ("start", "check", "check"),
        ("answer", "next", "tell"),
    ]
    assert report.solution_focused == 1 and report.total == 2 and report.solution_focused_share == 0.5
    scores = {s.dimension: (s.got, s.ideal) for s in report.scores}
    assert scores == {"encounter": (1, 1), "interaction": (0, 2), "expert": (2, 2), "positivity": (0, 0)}
    assert [d.seconds for d in report.decisions] == [3.0, 7.5]
    assert len(report.reflection) == 6
    data = report.to_dict("en")
    assert data["decisions"][1] == data["decisions"][1] | {
        "node": "answer",
        "chosen": "next",
        "ideal": "tell",
        "solution_focused": False,
    }
    assert data["scores"]["solution_focused"] == {"got": 1, "of": 2}
    assert data["outcome"] == "unresolved"


def test_choosing_what_is_not_on_offer_is_refused(story: Story) -> None:
    play = Playthrough(story, seed=1)
    with pytest.raises(ChoiceError):
        play.choose(3)
    with pytest.raises(ChoiceError):
        play.choose_option("tell")  # belongs to another node
    play.choose(number_of(play, "online"))
    with pytest.raises(ChoiceError):
        play.choose(1)


def test_option_order_is_shuffled_deterministically_by_seed(story: Story) -> None:
    orders = {tuple(c.option_id for c in Playthrough(story, seed=s).beat().choices) for s in range(20)}
    assert len(orders) == 2  # both orders occur across seeds
    assert Playthrough(story, seed=5).beat() == Playthrough(story, seed=5).beat()


def test_shuffle_can_be_turned_off(mini_text: str) -> None:
    story = story_of(mini_text.replace("nodes:\n", "shuffle: no\nnodes:\n", 1))
    for seed in range(10):
        assert [c.option_id for c in Playthrough(story, seed=seed).beat().choices] == ["online", "check"]


STAY = """\
id: stay
title: t
summary: s
channel: phone
customer: young-adult
theme: values
source: "5"
state:
  report: no
nodes:
  ask:
    say: My card is empty!
    options:
      - id: lookup
        action: Pull the report.
        solution_focused: yes
        once: yes
        points: {expert: 1}
        result: Expired in March.
        effects: report = yes
      - id: explain
        reply: The visits expired in March; here is how compensation works.
        if: report
        ideal: yes
        solution_focused: yes
        points: {expert: 2}
        next: end
      - id: guess
        reply: It's probably empty.
        solution_focused: no
        next: end
  end:
    ending: resolved
    say: Done.
"""


def test_an_action_without_next_returns_to_the_decision_and_unlocks_the_ideal() -> None:
    story = story_of(STAY)
    play = Playthrough(story, seed=3)
    first = play.beat()
    assert sorted(c.option_id for c in first.choices) == ["guess", "lookup"]
    assert play.ideal_choice() == number_of(play, "lookup")  # the ideal is hidden: the unlocking action stands in
    result = play.choose(number_of(play, "lookup"))
    assert result.is_ideal
    again = play.beat()
    assert again.returned and again.lines == ()  # the customer does not repeat themselves
    assert sorted(c.option_id for c in again.choices) == ["explain", "guess"]
    assert play.ideal_choice() == number_of(play, "explain")
    final = play.choose(number_of(play, "explain"))
    assert final.is_ideal and play.beat().lines[0].speaker == "narrator"


def test_dead_end_when_every_option_is_hidden() -> None:
    text = STAY.replace(
        "      - id: guess\n        reply: It's probably empty.\n        solution_focused: no\n        next: end\n", ""
    )
    text = text.replace("effects: report = yes", "effects: report = no")
    play = Playthrough(story_of(text), seed=0)
    play.choose(number_of(play, "lookup"))
    beat = play.beat()
    assert beat.dead_end and play.is_over and beat.choices == ()
    assert play.debrief().dead_end and play.debrief().outcome is None


def test_passages_run_on_into_the_next_decision(mini_text: str) -> None:
    text = mini_text.replace("next: answer", "next: pause").replace(
        "  answer:\n",
        "  pause:\n    speaker: narrator\n    say: {fi: Hetki kuluu., en: A moment passes.}\n"
        "    next: answer\n  answer:\n",
    )
    play = Playthrough(story_of(text), seed=1)
    play.choose(number_of(play, "check"))
    beat = play.beat()
    assert beat.node == "answer"
    assert [(line.speaker, shown(line.text)) for line in beat.lines] == [
        ("narrator", "A moment passes."),
        ("customer", "Thanks for looking!"),
    ]


def test_the_engine_imports_without_any_ui_or_io_modules() -> None:
    code = (
        "import sys, scenarios.engine, scenarios.story.loader;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'sqlite3', 'platformdirs')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr


UNLOCKING = """
id: unlock
languages: [en]
title: Unlock
summary: A customer asks about a booking.
channel: desk
customer: young-adult
theme: solution-focus
source: "5"
state:
  looked: no
nodes:
  ask:
    say: Is my booking still on?
    model_answer: It is; see you on Thursday.
    options:
      - id: look
        action: Look the booking up.
        solution_focused: yes
        once: yes
        points: {expert: 2}
        effects: looked = yes
      - id: answer
        if: looked
        reply: It is; see you on Thursday.
        ideal: yes
        solution_focused: yes
        points: {interaction: 2, expert: 1}
        next: done
      - id: guess
        reply: I am sure it is, all bookings hold.
        solution_focused: no
        points: {interaction: 3}
        next: done
  done:
    ending: resolved
    say: The customer goes.
"""


def test_the_ideal_score_is_the_whole_ideal_path_even_when_the_player_skipped_the_unlocking_action() -> None:
    story = story_of(UNLOCKING)
    skipped = Playthrough(story, seed=3, clock=lambda: 0.0)
    skipped.choose(number_of(skipped, "guess"))
    scores = {s.dimension: (s.got, s.ideal) for s in skipped.debrief().scores}
    # The ideal path is the action (expert 2) and then the unlocked reply (interaction 2, expert 1).
    assert scores["interaction"] == (3, 2) and scores["expert"] == (0, 3)

    ideal = Playthrough(story, seed=3, clock=lambda: 0.0)
    ideal.choose(number_of(ideal, "look"))
    ideal.choose(number_of(ideal, "answer"))
    assert {s.dimension: (s.got, s.ideal) for s in ideal.debrief().scores}["expert"] == (3, 3)


def test_an_action_returning_to_its_decision_does_not_start_a_new_one(mini_text: str) -> None:
    returning = mini_text.replace(
        "effects: [looked = yes, mood += 1]\n        next: answer\n", "effects: [looked = yes]\n        once: yes\n"
    )
    play = Playthrough(story_of(returning), seed=0, clock=lambda: 0.0)
    assert play.decision_number == 1
    play.choose_option("check")  # the action: back at the same decision
    assert play.beat().returned and play.decision_number == 1
    play.choose_option("online")  # moves on (to an ending here)
    assert play.decision_number == 1 and play.is_over
    straight = Playthrough(story_of(mini_text), seed=0, clock=lambda: 0.0)
    straight.choose_option("check")
    assert straight.node == "answer" and straight.decision_number == 2
