"""cmi5: the course package imports into an LMS, and a story launched from it leaves statements a real LRS holds
that keep every cmi5 rule the test's LMS checks (the AU's side; the browser's is tests/serve/test_cmi5_browser.py).

The LMS is the test's own (tests/records/lms.py), by the specification, with a real Ralph as its LRS; the
trainer's side is the real one: the server's launch function, and the trainer layer the app plays through."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scenarios.cli.main import main
from scenarios.records import outbox
from scenarios.records.cmi5 import Launch, LaunchError, lms_allowed
from scenarios.records.cmi5_launch import start_launch
from scenarios.store import Store
from scenarios.store.connection import Location
from scenarios.store.trainee import lms_trainee
from scenarios.story.library import Library
from scenarios.trainer.session import Trainer
from tests.records.cmi5_rules import broken, verb
from tests.records.lms import Au, ImportRefused, Lms
from tests.records.ralph import Ralph
from tests.serve.served import WEB_STORY

SERVER = "https://training.example.org"


@pytest.fixture
def stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test story in a folder of the library (as `scenarios serve` is given one)."""
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "web-demo.yaml").write_text(WEB_STORY, encoding="utf-8")
    monkeypatch.setenv("SCENARIOS_STORY_PATH", str(folder))
    return folder


@pytest.fixture
def lms(running_ralph: Ralph) -> Iterator[Lms]:
    held = Lms(running_ralph)
    held.start()
    yield held
    held.stop()


def package(tmp_path: Path, *extra: str) -> bytes:
    target = tmp_path / f"course-{uuid.uuid4().hex[:6]}.zip"
    assert (
        main(
            [
                "--lang",
                "en",
                "records",
                "cmi5-package",
                "-o",
                str(target),
                "--url",
                SERVER,
                "--story",
                "web-demo",
                *extra,
            ]
        )
        == 0
    )
    return target.read_bytes()


def learner(number: int = 17) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "account": {"homePage": "https://lms.example.org", "name": f"learner-{number}"},
        "name": "Aino Learner",
    }


def play(records: Location, launch: Launch, options: list[str]) -> None:
    """The launched story played as the browser's app process plays it: the session begins, the choices, the
    session ends; then what waits is sent to the LMS."""
    account = launch.actor["account"]
    store = Store(records, trainee=lms_trainee(account["name"], account["homePage"], launch.actor.get("name")))
    trainer = Trainer(store, launch=launch)
    assert trainer.begin_launch()
    story = Library.discover().get(launch.story)
    assert story is not None
    session = trainer.start(story, title="Browser story", language="en", mode="practice", seed=1)
    for option in options:
        session.choose(next(c.number for c in session.play.beat().choices if c.option_id == option))
    if session.play.is_over:
        assert session.finish()
    assert trainer.end_launch()
    report = outbox.sync_launch(store, launch)
    assert (report.error, report.waiting) == (None, 0)
    store.close()


def registration_statements(ralph: Ralph, registration: str) -> list[dict[str, Any]]:
    return [s for s in ralph.statements() if s.get("context", {}).get("registration") == registration]


def launch_with(
    lms: Lms, au: Au, actor: dict[str, Any], registration: str, records: Location, **options: Any
) -> Launch:
    url, _ = lms.launch(au, actor, registration, **options)
    query = dict(urllib_query(url))
    return start_launch(records, query, [lms.base])


def urllib_query(url: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl, urlsplit

    return parse_qsl(urlsplit(url).query)


def test_the_course_package_imports_into_an_lms(
    tmp_path: Path, stories: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lms = Lms(None)  # importing needs no LRS
    (au,) = lms.publish(package(tmp_path, "--mastery", "0.8", "--move-on", "CompletedAndPassed"))
    assert au.id == "https://scenarios.invalid/xapi/stories/web-demo"  # the story's own activity id
    assert au.url == SERVER + "/cmi5/launch?story=web-demo"
    assert (au.move_on, au.mastery, au.title) == (
        "CompletedAndPassed",
        0.8,
        {"fi": "Selaintarina", "en": "Browser story"},
    )
    assert "Wrote the cmi5 course package" in capsys.readouterr().err
    by_chapter = zipfile.ZipFile(io.BytesIO(package(tmp_path, "--by-chapter"))).read("cmi5.xml").decode()
    assert '<block id="https://scenarios.invalid/xapi/course/chapters/4">' in by_chapter
    xml = zipfile.ZipFile(io.BytesIO(package(tmp_path))).read("cmi5.xml")
    relative = io.BytesIO()
    with zipfile.ZipFile(relative, "w") as archive:  # AU URLs with no server: the LMS could not launch them
        archive.writestr("cmi5.xml", xml.replace(SERVER.encode() + b"/", b""))
    with pytest.raises(ImportRefused, match="absolute URLs"):
        lms.publish(relative.getvalue())
    assert (
        main(
            [
                "--lang",
                "en",
                "records",
                "cmi5-package",
                "-o",
                str(tmp_path / "x.zip"),
                "--url",
                SERVER,
                "--story",
                "nope",
            ]
        )
        == 2
    )
    assert "The library has no story: nope" in capsys.readouterr().err
    assert main(["--lang", "en", "records", "cmi5-package", "-o", str(tmp_path / "x.zip"), "--url", "training"]) == 2
    assert "is not the server's address" in capsys.readouterr().err


def test_a_launched_story_keeps_the_cmi5_rules_and_a_second_launch_never_completes_twice(
    tmp_path: Path, stories: Path, lms: Lms, running_ralph: Ralph
) -> None:
    (au,) = lms.publish(package(tmp_path))
    records = tmp_path / "server.sqlite3"
    actor, registration = learner(), str(uuid.uuid4())
    first = launch_with(lms, au, actor, registration, records, preference="en-US,fi-FI")
    assert (first.launch_mode, first.language, first.publisher_id, first.done) == ("Normal", "en", au.id, ())
    # cmi5 8.2: the AU took the token once; 10: it read LMS.LaunchData; 11: and the learner's preferences.
    session = next(iter(lms.sessions.values()))
    assert session.fetched == 1
    assert any("stateId=LMS.LaunchData" in path for _, path in lms.requests)
    assert any("profileId=cmi5LearnerPreferences" in path for _, path in lms.requests)
    play(records, first, ["check", "tell"])
    held = registration_statements(running_ralph, registration)
    names = [verb(s) for s in sorted(held, key=lambda s: s["timestamp"])]
    assert names == ["launched", "initialized", "interacted", "answered", "completed", "passed", "terminated"]
    assert broken(held, actor=actor, registration=registration, activity_id=au.activity_id, publisher_id=au.id) == []
    answered = next(s for s in held if verb(s) == "answered")
    assert answered["result"]["response"] == "tell"  # the choice itself is the trainer's own, cmi5-allowed

    # The learner comes back to the same registration and plays it again, badly this time.
    second = launch_with(lms, au, actor, registration, records)
    assert second.done == ("completed", "passed")
    play(records, second, ["online", "guess"])
    held = registration_statements(running_ralph, registration)
    assert [verb(s) for s in held].count("completed") == 1 and "failed" not in [verb(s) for s in held]
    assert broken(held, actor=actor, registration=registration, activity_id=au.activity_id, publisher_id=au.id) == []


def test_a_mastery_score_decides_passed_and_browse_mode_records_no_result(
    tmp_path: Path, stories: Path, lms: Lms, running_ralph: Ralph
) -> None:
    (au,) = lms.publish(package(tmp_path, "--mastery", "0.5"))
    records = tmp_path / "server.sqlite3"
    actor, registration = learner(18), str(uuid.uuid4())
    launch = launch_with(lms, au, actor, registration, records)
    assert launch.mastery == 0.5
    play(records, launch, ["check", "guess"])  # half the choices solution-focused, the ending resolved
    held = registration_statements(running_ralph, registration)
    judged = next(s for s in held if verb(s) in ("passed", "failed"))
    assert (verb(judged), judged["result"]["score"]["scaled"]) == ("passed", 0.5)
    assert judged["result"]["extensions"]["https://scenarios.invalid/xapi/extensions/pass-rule"] == "score.scaled>=0.5"
    found = broken(
        held, actor=actor, registration=registration, activity_id=au.activity_id, publisher_id=au.id, mastery=0.5
    )
    assert found == []

    browsing = str(uuid.uuid4())
    play(records, launch_with(lms, au, actor, browsing, records, mode="Browse"), ["check", "tell"])
    names = [verb(s) for s in registration_statements(running_ralph, browsing)]
    assert set(names) == {"launched", "initialized", "interacted", "answered", "terminated"}  # 10.2.2: Browse


def test_a_launch_the_server_must_not_take_is_refused_with_the_reason(tmp_path: Path, stories: Path, lms: Lms) -> None:
    (au,) = lms.publish(package(tmp_path))
    records = tmp_path / "server.sqlite3"
    url, _ = lms.launch(au, learner(), str(uuid.uuid4()))
    query = dict(urllib_query(url))
    with pytest.raises(LaunchError) as refused:
        start_launch(records, query, [])
    assert refused.value.code == "not_enabled"
    with pytest.raises(LaunchError) as refused:
        start_launch(records, query, ["http://lms.elsewhere.example"])  # an LMS the server was not told to trust
    assert refused.value.code == "lms_not_allowed"
    for name, value in (("actor", '{"mbox": "mailto:a@b.example"}'), ("registration", "nope"), ("story", "Nope!")):
        with pytest.raises(LaunchError) as refused:
            start_launch(records, {**query, name: value}, [lms.base])
        assert (refused.value.code, refused.value.detail) == ("bad_launch", name)
    start_launch(records, query, [lms.base])
    with pytest.raises(LaunchError) as refused:
        start_launch(records, query, [lms.base])  # cmi5 8.2.3: the fetch URL gives its token once
    assert refused.value.code == "token_refused"
    assert not lms_allowed("http://127.0.0.1:1/x", ["http://127.0.0.1:12"]) and lms_allowed(lms.endpoint, [lms.base])


def test_statements_of_a_session_that_is_over_are_set_aside_when_the_lms_no_longer_takes_its_token(
    tmp_path: Path, stories: Path, lms: Lms, running_ralph: Ralph
) -> None:
    (au,) = lms.publish(package(tmp_path))
    records = tmp_path / "server.sqlite3"
    launch = launch_with(lms, au, learner(19), str(uuid.uuid4()), records)
    store = Store(records)
    trainer = Trainer(store, launch=launch)
    trainer.begin_launch()
    trainer.end_launch()
    lms.sessions.clear()  # the LMS forgets the session's token, as it does some time after terminated
    report = outbox.sync_launch(store, launch, ended=True)
    assert (report.set_aside, report.waiting, report.error) == (2, 0, None)
    reasons = {item.reason for item in outbox.set_aside_statements(store)}
    assert reasons == {"HTTP 401: the LMS's session of this launch is over"}
    assert Launch.from_json(launch.to_json()) == launch  # kept in the store as plain data


def test_every_refusal_is_told_in_plain_words_in_both_languages() -> None:
    from scenarios.records.cmi5 import launch_problem

    codes = (
        "not_enabled",
        "bad_launch",
        "lms_not_allowed",
        "lms_unreachable",
        "token_refused",
        "no_launch_data",
        "no_story",
    )
    for code in codes:
        for language in ("fi", "en"):
            title, sentence = launch_problem(LaunchError(code, "x"), language)
            assert title and "cmi5.error" not in sentence and "{" not in sentence, (code, language)
    assert launch_problem(LaunchError("bad_launch", "actor"), "en")[1].startswith(
        "The launch address is not complete: actor"
    )


def test_records_sync_sends_what_a_launch_left_to_its_lms_with_no_lrs_set(
    tmp_path: Path, stories: Path, lms: Lms, running_ralph: Ralph, capsys: pytest.CaptureFixture[str]
) -> None:
    (au,) = lms.publish(package(tmp_path))
    records = Store().path  # the data directory's store, as on a server
    registration = str(uuid.uuid4())
    launch = launch_with(lms, au, learner(20), registration, records)
    trainer = Trainer(Store(records), launch=launch)
    trainer.begin_launch()  # the app process ended before it could send it
    assert main(["--lang", "en", "records", "sync"]) == 0
    assert "Sent 1 statements; 0 waiting." in capsys.readouterr().out
    held = sorted(registration_statements(running_ralph, registration), key=lambda s: s["timestamp"])
    assert [verb(s) for s in held] == ["launched", "initialized"]
