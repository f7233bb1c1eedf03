"""xAPI statements of a playthrough: valid against the schema, fixed ids, what a trainer reads from them."""

from __future__ import annotations

import csv
import io
from typing import Any

import jsonschema
import pytest

from scenarios.engine import OwnReply, Playthrough
from scenarios.records.statements import (
    RecordContext,
    account_actor,
    pause_statement,
    playthrough_ids,
    playthrough_statements,
)
from scenarios.story.library import Library
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from tests.records.xapi_schema import STATEMENT
from tests.support import WriteStory

BASE = "https://training.turku.example/xapi/"


def context(mode: str = "practice") -> RecordContext:
    return RecordContext("learner-1/7", account_actor(BASE, "learner-1"), base=BASE, mode=mode, language="en")


@pytest.fixture
def mini(write: WriteStory, mini_text: str) -> Story:
    story = load_file(write(mini_text)).story
    assert story is not None
    return story


def played(story: Story, numbers_by_option: list[str]) -> Playthrough:
    times = iter(range(1_700_000_000, 1_700_001_000, 7))
    play = Playthrough(story, seed=3, clock=lambda: float(next(times)))
    for option in numbers_by_option:
        play.choose_option(option)
    return play


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]


def test_a_whole_playthrough_tells_each_step_and_the_ending(mini: Story) -> None:
    statements = playthrough_statements(played(mini, ["check", "tell"]), context())
    assert verbs(statements) == ["initialized", "interacted", "answered", "completed", "terminated"]
    action, answer, completed = statements[1], statements[2], statements[3]
    assert answer["result"]["response"] == "tell"
    assert answer["result"]["success"] is True
    ext = answer["result"]["extensions"]
    assert ext[BASE + "extensions/points"] == {"encounter": 0, "interaction": 2, "expert": 0, "positivity": 0}
    assert ext[BASE + "extensions/ideal-option"] == BASE + "stories/mini/nodes/answer/options/tell"
    assert action["object"]["id"] == BASE + "stories/mini/nodes/start"
    assert action["object"]["definition"]["choices"][1]["description"] == {
        "fi": "Katso järjestelmästä.",
        "en": "Check the system.",
    }
    assert completed["result"]["extensions"][BASE + "extensions/outcome"] == "resolved"
    assert completed["result"]["score"] == {"raw": 2, "min": 0, "max": 2, "scaled": 1.0}
    assert completed["object"]["definition"]["name"] == {"fi": "Pieni tarina", "en": "A small story"}


def test_a_missed_decision_names_the_ideal_and_exam_mode_fails_an_unresolved_ending(mini: Story) -> None:
    statements = playthrough_statements(played(mini, ["online"]), context("exam"))
    assert verbs(statements) == ["initialized", "answered", "completed", "failed", "terminated"]
    answer = statements[1]
    assert answer["result"]["success"] is False
    assert answer["result"]["extensions"][BASE + "extensions/ideal-option"].endswith("/nodes/start/options/check")
    assert statements[3]["result"]["success"] is False


def test_exam_mode_passes_a_resolved_ending(mini: Story) -> None:
    assert "passed" in verbs(playthrough_statements(played(mini, ["check", "tell"]), context("exam")))


def test_a_decision_is_a_choice_interaction_an_lms_reads_with_its_prompt_and_correct_response(mini: Story) -> None:
    statements = playthrough_statements(played(mini, ["check", "tell"]), context())
    start, answer = statements[1]["object"]["definition"], statements[2]["object"]["definition"]
    assert start["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert start["interactionType"] == "choice"
    assert [c["id"] for c in start["choices"]] == ["online", "check"]
    assert start["correctResponsesPattern"] == ["check"]
    assert start["description"] == {
        "fi": "Asiakas: Hei! Milloin uimahalli on auki? Mitä sanot tai teet?",
        "en": "Customer: Hi! When is the swimming hall open? What do you say or do?",
    }
    # Each of the decision's lines has a condition: all are shown, as the trainee reads one of them.
    assert answer["description"]["en"] == "Customer: Thanks for looking! Customer: Well? What do you say?"
    assert answer["correctResponsesPattern"] == ["tell"]
    assert all("version" not in s for s in statements)  # the LRS sets it (xAPI 1.0.3: "1.0.0" if set)


def test_the_pass_rule_is_in_the_statements_so_a_failure_with_a_high_score_is_explained(mini: Story) -> None:
    rule = BASE + "extensions/pass-rule"
    # Solution-focused, then not: 50 %, and the ending unresolved.
    statements = playthrough_statements(played(mini, ["check", "next"]), context("exam"))
    failed = statements[-2]
    assert verbs([failed]) == ["failed"] and failed["result"]["score"]["scaled"] == 0.5
    assert failed["result"]["extensions"][rule] == "outcome=resolved"
    assert failed["object"]["definition"]["extensions"][rule] == "outcome=resolved"
    mastery = RecordContext("learner-1/9", account_actor(BASE, "learner-1"), base=BASE, mode="exam", mastery=0.5)
    passed = playthrough_statements(played(mini, ["check", "next"]), mastery)[-2]
    assert verbs([passed]) == ["passed"] and passed["result"]["extensions"][rule] == "score.scaled>=0.5"


def test_statement_ids_are_fixed_per_event_and_differ_between_playthroughs(mini: Story) -> None:
    halfway = playthrough_statements(played(mini, ["check"]), context())
    whole = playthrough_statements(played(mini, ["check", "tell"]), context())
    assert [s["id"] for s in whole[: len(halfway)]] == [s["id"] for s in halfway]
    other = RecordContext("learner-1/8", account_actor(BASE, "learner-1"), base=BASE)
    assert not {s["id"] for s in whole} & {s["id"] for s in playthrough_statements(played(mini, ["check"]), other)}
    assert len({s["id"] for s in whole}) == len(whole)


def test_statements_kept_already_are_not_made_again_and_the_rest_are_the_same(mini: Story) -> None:
    whole = playthrough_statements(played(mini, ["check", "tell"]), context("exam"))
    assert playthrough_ids(played(mini, ["check", "tell"]), context("exam")) == [
        s["id"] for s in whole if verbs([s]) != ["completed"] and verbs([s]) != ["passed"]
    ]
    first_two = {s["id"] for s in whole[:2]}
    rest = playthrough_statements(played(mini, ["check", "tell"]), context("exam"), known=first_two)
    assert rest == whole[2:]
    assert verbs(rest) == ["answered", "completed", "passed", "terminated"]
    ended = first_two | {whole[2]["id"], whole[-1]["id"]}  # the ending's statements are kept together
    assert playthrough_statements(played(mini, ["check", "tell"]), context("exam"), known=ended) == []


def test_suspended_and_resumed_are_numbered_events(mini: Story) -> None:
    first = pause_statement(mini, context(), "suspended", 1_700_000_100.0, 1)
    again = pause_statement(mini, context(), "suspended", 1_700_000_100.0, 1)
    resumed = pause_statement(mini, context(), "resumed", 1_700_000_200.0, 1)
    assert first == again and first["id"] != resumed["id"]
    for statement in (first, resumed):
        jsonschema.validate(statement, STATEMENT)


def test_every_statement_of_every_library_story_is_valid_xapi() -> None:
    validator = jsonschema.Draft202012Validator(STATEMENT)
    for story in Library.load().stories:
        for mode in ("practice", "exam"):
            play = Playthrough(story, seed=1, clock=lambda: 1_700_000_000.0)
            while not play.is_over:
                number = play.ideal_choice() if mode == "exam" else len(play.beat().choices)
                assert number is not None
                play.choose(number)
            for statement in playthrough_statements(play, context(mode)):
                errors = [e.message for e in validator.iter_errors(statement)]
                assert not errors, (story.id, statement["verb"]["id"], errors)


def test_the_schema_catches_what_an_lrs_would_refuse(mini: Story) -> None:
    statement = playthrough_statements(played(mini, ["check"]), context())[1]
    broken = {**statement, "result": {**statement["result"], "duration": "12 seconds"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, STATEMENT)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**statement, "id": "not-a-uuid"}, STATEMENT)


def test_durations_stay_iso_8601_however_long_a_pause() -> None:
    from scenarios.records.statements import duration

    assert [duration(s) for s in (0.0, 12.5, 3.0, 1_234_567.891)] == ["PT0S", "PT12.5S", "PT3S", "PT1234567.89S"]


def test_a_decision_names_the_lessons_it_tests_and_a_weak_option_the_lessons_it_breaks() -> None:
    story = next(s for s in Library.load().stories if s.id == "broken-goal-net")
    play = Playthrough(story, seed=1, clock=lambda: 1_700_000_000.0)
    play.choose_option("log_it")
    answer = playthrough_statements(play, context())[1]  # the answer to the first decision
    lessons = answer["context"]["contextActivities"]["grouping"]
    assert [lesson["id"] for lesson in lessons] == [
        BASE + "lessons/thank-the-customer",
        BASE + "lessons/own-the-next-step",
    ]
    thank = lessons[0]["definition"]
    assert thank["type"] == "http://adlnet.gov/expapi/activities/objective"
    assert thank["name"] == {"fi": "Kiitä asiakasta", "en": "Thank the customer", "sv": "Tacka kunden"}
    assert thank["extensions"] == {BASE + "extensions/chapter": 5}
    assert answer["result"]["extensions"][BASE + "extensions/breaks"] == [BASE + "lessons/own-the-next-step"]


def test_an_own_reply_goes_with_its_answer_with_the_elements_it_has_and_leaves_out() -> None:
    from tests.rubric.support import measure_story

    story = measure_story()
    play = Playthrough(story, seed=1, clock=lambda: 1_700_000_000.0)
    play.choose_option(
        play.available()[0], own=OwnReply("Voi harmi. En lupaa mitään.", ("feeling", "blame"), ("blame", "next"))
    )
    answer = playthrough_statements(play, context())[1]
    assert answer["result"]["response"] == play.history[0].option_id, "the response is still the option chosen"
    assert answer["result"]["extensions"][BASE + "extensions/own-reply"] == {
        "text": "Voi harmi. En lupaa mitään.",
        "elements": ["feeling", "next"],
        "missing": ["look"],
        "mistakes": [],
        "corrected": ["blame", "next"],
        "labels": {
            "look": {"fi": "Katsoo rannekkeen tapahtumat", "en": "Looks up the wristband's history"},
            "feeling": {"fi": "Sanoo ymmärtävänsä harmin", "en": "Acknowledges the annoyance"},
            "next": {"fi": "Tarjoaa tien eteenpäin", "en": "Offers a way forward"},
        },
    }
    jsonschema.validate(answer, STATEMENT)


def test_the_report_says_which_elements_own_replies_leave_out_most_at_each_decision() -> None:
    from scenarios.records.report import analyse
    from scenarios.records.report_command import to_csv
    from scenarios.records.report_html import render_html
    from scenarios.records.report_text import render
    from tests.rubric.support import measure_story

    story = measure_story()
    statements: list[dict[str, Any]] = []
    # Three trainees at the first decision: two leave out the way forward, one also the look; one wrote nothing.
    for number, own in enumerate(
        [
            OwnReply("Harmillista. Katson.", ("feeling", "look")),
            OwnReply("Voi harmi.", ("feeling", "blame"), ("blame", "no-refund")),
            OwnReply("Katson ja ladataan.", ("look", "next")),
            None,
        ]
    ):
        play = Playthrough(story, seed=number, clock=lambda: 1_700_000_000.0)
        play.choose_option(play.available()[0], own=own)
        ctx = RecordContext(f"learner-{number}/1", account_actor(BASE, f"learner-{number}"), base=BASE, language="en")
        statements += playthrough_statements(play, ctx)
    report = analyse(statements)
    (decision,) = report.stories[0].decisions
    assert decision.choices == 4 and decision.own_replies == 3
    assert decision.most_left_out() == [("next", 2), ("feeling", 1), ("look", 1)]
    text = render(report, "en", width=200)
    assert "Own replies 3; most often left out: Offers a way forward (2/3), Acknowledges the annoyance (1/3)," in text
    assert "(2 marks corrected by the trainees)" in text
    # The HTML report says the same under the decision, with every element's share of replies that left it out.
    page = render_html([report], [], "en")
    said = page.split('<p class="own">', 1)[1]
    assert said.startswith("Own replies 3; most often left out: Offers a way forward (2/3),")
    chart = said.split("</svg>", 1)[0]
    assert chart.index("Offers a way forward") < chart.index("Acknowledges the annoyance") and "2/3 · 67 %" in chart
    # The CSV: on each of the decision's rows, how many own replies and what they left out.
    rows = list(csv.reader(io.StringIO(to_csv([report], "en").lstrip("\ufeff")), delimiter=";"))
    assert rows[0][-3:-1] == ["own replies", "left out of own replies"]
    assert {tuple(row[-3:-1]) for row in rows[1:]} == {
        ("3", "Offers a way forward (2/3); Acknowledges the annoyance (1/3); Looks up the wristband's history (1/3)")
    }
