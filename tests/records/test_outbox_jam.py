"""Nothing jams the outbox: statements a real Ralph cannot take are set aside with its reason, everything behind
them arrives exactly once, and an administrator lists, retries and discards the set-aside ones."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest

from scenarios.cli.main import main
from scenarios.engine import Playthrough
from scenarios.records import outbox
from scenarios.records.outbox import Answer, LrsConfig, LrsError, status, sync, waiting_statements
from scenarios.records.statements import DEFAULT_BASE, RecordContext, account_actor, playthrough_statements
from scenarios.store import Store, transaction
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from tests.postgresql import or_shared
from tests.records.ralph import KEY, SECRET, Ralph
from tests.records.test_outbox import play_and_save
from tests.support import WriteStory

# Every test runs on SQLite and on PostgreSQL: concurrent syncs claim their batches on both.
pytestmark = pytest.mark.usefixtures("store_backend")
NOT_AN_IRI = "my training"


@pytest.fixture
def mini(write: WriteStory, mini_text: str) -> Story:
    story = load_file(write(mini_text)).story
    assert story is not None
    return story


def config(ralph: Ralph) -> LrsConfig:
    return LrsConfig(url=ralph.endpoint, key=KEY, secret=SECRET)


def made_under_a_bad_base(store: Store, story: Story, key: str) -> list[str]:
    """A finished playthrough's statements as the release before this one made them with
    SCENARIOS_XAPI_BASE="my training" (activity ids that are no IRI; Ralph answers them with a 500)."""
    play = Playthrough(story, seed=1)
    play.choose_option("online")
    ctx = RecordContext(key, account_actor(NOT_AN_IRI, "old"), base=NOT_AN_IRI)
    statements = playthrough_statements(play, ctx)
    outbox.ensure_schema(store.conn)
    with transaction(store.conn):
        outbox.add(store.conn, statements, key, store.clock())
    return [s["id"] for s in statements]


def no_wait(seconds: float) -> None:
    """The waits between tries, skipped (the test's LRS answers at once)."""


def test_statements_under_a_base_that_is_no_iri_are_set_aside_within_three_syncs_and_the_rest_arrive(
    running_ralph: Ralph, tmp_path: Path, mini: Story
) -> None:
    store = Store(or_shared(tmp_path / "jam.sqlite3"))
    bad = made_under_a_bad_base(store, mini, "old/1") + made_under_a_bad_base(store, mini, "old/2")
    play_and_save(store, mini, ["check", "tell"])  # made later, with a good configuration
    good = [s["id"] for s in waiting_statements(store) if s["id"] not in bad]
    reports = []
    for _ in range(3):
        reports.append(sync(store, config(running_ralph), batch=50, retries=1, sleep=no_wait))
        if not status(store).waiting:
            break
    assert reports[0].error == "HTTP 500" and reports[0].sent == 0  # once may be the LRS's bad moment
    assert len(reports) <= 3 and status(store).waiting == 0
    assert sum(r.set_aside for r in reports) == len(bad) == status(store).set_aside
    assert sum(r.sent for r in reports) == len(good)
    held = Counter(str(s["id"]) for s in running_ralph.statements())
    assert all(held[i] == 1 for i in good) and not any(held[i] for i in bad)
    reasons = {item.id: item.reason for item in outbox.set_aside_statements(store)}
    assert set(reasons) == set(bad) and all(
        r.startswith("HTTP ") and "(not an IRI: actor.account.homePage 'my training'" in r for r in reasons.values()
    )


def test_an_administrator_sees_retries_and_discards_the_set_aside_statements(
    running_ralph: Ralph, mini: Story, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store()
    bad = made_under_a_bad_base(store, mini, "old/1")
    play_and_save(store, mini, ["online"])
    store.close()
    monkeypatch.setenv("SCENARIOS_LRS_URL", running_ralph.endpoint)
    monkeypatch.setenv("SCENARIOS_LRS_KEY", KEY)
    monkeypatch.setenv("SCENARIOS_LRS_SECRET", SECRET)
    monkeypatch.setattr("scenarios.records.outbox.time.sleep", no_wait)
    assert main(["--lang", "en", "records", "sync"]) == 1
    assert "Sending stopped (HTTP 500)" in capsys.readouterr().err
    assert main(["--lang", "en", "records", "sync"]) == 1
    out, err = capsys.readouterr()
    assert "would not take 4 statements; they are set aside" in err and "Sent 4 statements; 0 waiting." in out

    assert main(["--lang", "en", "records", "status"]) == 0
    assert "4 statements set aside: the Learning Record Store would not take them." in capsys.readouterr().out
    assert main(["--lang", "en", "records", "set-aside"]) == 0
    listing = capsys.readouterr().out
    assert (
        all(statement_id in listing for statement_id in bad)
        and "reason: HTTP 422 (not an IRI: actor.account.homePage 'my training'; object.id" in listing
    )
    assert "initialized mini" in listing and "answered mini/start" in listing

    assert main(["--lang", "en", "records", "retry", bad[0][:8]]) == 0
    assert "1 statement is back in the queue" in capsys.readouterr().out
    assert status(Store()).waiting == 1 and status(Store()).set_aside == 3
    assert main(["--lang", "en", "records", "retry"]) == 2
    assert "or --all, not both" in capsys.readouterr().err
    assert main(["--lang", "en", "records", "discard", "nosuchid"]) == 2
    assert "nosuchid" in capsys.readouterr().err
    assert main(["--lang", "fi", "records", "discard", "--all"]) == 0
    assert "3 syrjään pantua merkintää poistettu." in capsys.readouterr().out
    assert {s["id"] for s in waiting_statements(Store())} == {bad[0]}


def test_the_app_says_how_many_are_set_aside(mini: Story, monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarios.records.background import outbox_note

    store = Store()
    bad = made_under_a_bad_base(store, mini, "old/1")
    with transaction(store.conn):
        store.conn.execute("UPDATE outbox SET set_aside_at = 1, reason = 'HTTP 500' WHERE id = ?", (bad[0],))
    monkeypatch.setenv("SCENARIOS_LRS_URL", "https://lrs.example.org/xAPI/")
    note = outbox_note(store, "en")
    assert note == (
        "3 learning records waiting to be sent. 1 learning record is set aside: the Learning Record Store would not"
        " take it (an administrator sees why: scenarios records set-aside)."
    )


def test_three_syncs_at_once_each_count_what_they_sent_and_ralph_holds_each_once(
    running_ralph: Ralph, tmp_path: Path, mini: Story
) -> None:
    path = or_shared(tmp_path / "busy.sqlite3")
    store = Store(path)
    for _ in range(40):
        play_and_save(store, mini, ["online"])  # 160 statements
    ids = {s["id"] for s in waiting_statements(store)}
    reports = []
    start = threading.Barrier(3)

    def one_sync() -> None:
        own = Store(path)
        start.wait()
        reports.append(sync(own, config(running_ralph), batch=10))
        own.close()

    threads = [threading.Thread(target=one_sync) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in reports) == len(ids) == 160
    assert all(r.error is None for r in reports) and status(store).waiting == 0
    held = Counter(str(s["id"]) for s in running_ralph.statements() if s["id"] in ids)
    assert held == Counter(dict.fromkeys(ids, 1))


class FlakyLrs:
    """An LRS on the wire, as seen by the sync: answers from a script, and every request kept."""

    def __init__(self, *, posts: list[int], probe: int | None = 200) -> None:
        self.posts = posts
        self.probe = probe
        self.requests: list[tuple[str, str]] = []

    def __call__(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        self.requests.append((method, url))
        if method == "GET":
            if self.probe is None:
                raise LrsError("connection refused")
            return self.probe, ""
        return (self.posts.pop(0) if self.posts else 200), ""


def test_one_server_error_sets_nothing_aside_and_an_lrs_that_is_down_is_not_asked_statement_by_statement(
    tmp_path: Path, mini: Story
) -> None:
    store = Store(or_shared(tmp_path / "flaky.sqlite3"))
    play_and_save(store, mini, ["online"])
    lrs = FlakyLrs(posts=[500])
    report = sync(store, LrsConfig(url="https://lrs.example/xAPI/"), retries=0, send=lrs)
    assert (report.sent, report.set_aside, report.error) == (0, 0, "HTTP 500")
    report = sync(store, LrsConfig(url="https://lrs.example/xAPI/"), retries=0, send=lrs)
    assert (report.sent, report.set_aside, report.error) == (4, 0, None)

    play_and_save(store, mini, ["online"])
    down = FlakyLrs(posts=[502] * 20, probe=None)
    for _ in range(3):
        report = sync(store, LrsConfig(url="https://lrs.example/xAPI/"), retries=0, send=down)
        assert (report.sent, report.set_aside, report.waiting) == (0, 0, 4)
    assert [method for method, _ in down.requests] == ["POST", "POST", "GET", "POST", "GET"]


def test_a_base_that_is_no_iri_is_named_and_statements_are_made_under_the_default_until_it_is_fixed(
    mini: Story, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCENARIOS_XAPI_BASE", NOT_AN_IRI)
    store = Store()
    play_and_save(store, mini, ["online"])
    assert all(s["object"]["id"].startswith(DEFAULT_BASE) for s in waiting_statements(store))
    assert main(["--lang", "en", "records", "status"]) == 0
    assert (
        "The base of activity ids my training is not an IRI (such as https://training.example.org/xapi/"
        in capsys.readouterr().out
    )
