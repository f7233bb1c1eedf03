"""Several servers, one store: two real `scenarios serve` processes share one PostgreSQL database (a real server the
tests start), as two servers behind a load balancer do, and one trainee moves between them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import aiohttp
import pytest

from scenarios.store import Store, served_trainee
from tests.serve.clients import named_browser
from tests.serve.served import Served, serve

CHOICE = re.compile(
    r'name="choice" value="(\d+)"[^>]*class="option">.*?<span class="text"[^>]*>(.*?)</span>', re.DOTALL
)
TOKEN_FIELD = re.compile(r'name="form_token" value="([^"]+)"')
STEP_FIELD = re.compile(r'name="step" value="(\d+)"')
ANSWER = re.compile(r'name="answer" value="([a-z_]+)"')


async def page(http: aiohttp.ClientSession, url: str) -> str:
    async with http.get(url, allow_redirects=False) as response:
        assert response.status == 200, (url, response.status)
        return html.unescape(await response.text())


async def post(http: aiohttp.ClientSession, url: str, fields: dict[str, str]) -> str:
    """Send a form; where the server sends the browser next."""
    async with http.post(url, data=fields, allow_redirects=False) as response:
        assert response.status == 303, (url, response.status, await response.text())
        return response.headers["Location"]


def first(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    assert found is not None, (pattern.pattern, text)
    return found.group(1)


async def choose(http: aiohttp.ClientSession, server: Served, reply: str) -> str:
    """Choose the option that says `reply` on the play page as this server shows it; where it leads."""
    play = await page(http, f"{server.base}/play/web-demo")
    numbers = {text.strip(): number for number, text in CHOICE.findall(play)}
    assert reply in numbers, (reply, numbers)
    fields = {"form_token": first(TOKEN_FIELD, play), "step": first(STEP_FIELD, play), "choice": numbers[reply]}
    return await post(http, f"{server.base}/play/web-demo/choose", fields)


async def test_a_trainees_progress_through_one_server_goes_on_through_another_sharing_one_postgresql(
    tmp_path: Path, postgresql_url: str
) -> None:
    shared = tmp_path / "shared-data"  # the servers' signing secret, as servers behind one balancer share it
    store = ("--store", postgresql_url)
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    with (
        serve(tmp_path / "a", extra=store, data=shared) as one,
        serve(tmp_path / "b", extra=store, data=shared) as other,
    ):
        http = await named_browser(one.base, "Aino Virtanen")
        try:
            # Through the first server: start the story and make the first choice.
            story = await page(http, f"{one.base}/stories/web-demo")
            token = first(TOKEN_FIELD, story)
            fields = {"form_token": token, "answer": "start", "mode": "practice"}
            assert await post(http, f"{one.base}/stories/web-demo/begin", fields) == "/play/web-demo"
            await choose(http, one, "Check the system.")

            # The balancer sends her next choice to the other server (not sticky, or the first taken out): the story
            # is not open there, so the choice is not made, and the story's page says so.
            open_there = await page(http, f"{one.base}/play/web-demo")
            numbers = {text.strip(): number for number, text in CHOICE.findall(open_there)}
            fields = {
                "form_token": first(TOKEN_FIELD, open_there),
                "step": first(STEP_FIELD, open_there),
                "choice": numbers["There are two saunas."],
            }
            where = await post(http, f"{other.base}/play/web-demo/choose", fields)
            assert where == "/stories/web-demo?note=closed"
            # The other server knows her, her choice and her playthrough. The first server's window still holds the
            # playthrough (one window at a time), so she is asked before it moves.
            library = await page(http, f"{other.base}/")
            assert "Aino Virtanen" in library
            story = await page(http, f"{other.base}{where}")
            assert "The story is no longer open in this browser" in story and "Nothing was lost" in story
            assert "another server answering" in story  # why, for a trainee the balancer moved
            assert "is being played in another window (1 decision made)" in story
            offered = ANSWER.findall(story)
            assert "take_over" in offered, offered
            fields = {"form_token": token, "answer": "take_over"}
            assert await post(http, f"{other.base}/stories/web-demo/begin", fields) == "/play/web-demo"
            play = await page(http, f"{other.base}/play/web-demo")
            assert "Check the system." in play and "Is there a sauna too?" in play
            await choose(http, other, "There are two saunas.")
            debrief = await page(http, f"{other.base}/play/web-demo/debrief")
            assert "Check the system." in debrief and "There are two saunas." in debrief

            # Back on the first server: her progress shows the story finished there, through the shared store.
            progress = await page(http, f"{one.base}/progress")
            assert "Browser story" in progress and "2/2" in progress, progress

            # The first server's window, its page left on the second decision, cannot change what was finished
            # elsewhere: its choice is refused (whether that server's heartbeat found it out already or the save
            # does), and the story's page says why.
            fields = {
                "form_token": first(TOKEN_FIELD, open_there),
                "step": first(STEP_FIELD, open_there),
                "choice": numbers["Probably."],
            }
            where = await post(http, f"{one.base}/play/web-demo/choose", fields)
            assert where == "/stories/web-demo?note=refused"
            stale = await page(http, f"{one.base}{where}")
            assert "your choice here was not saved. Nothing done there is lost" in stale
        finally:
            await http.close()

    # One playthrough, finished as the second server finished it, with its learning records, in the one database.
    kept = Store(postgresql_url, trainee=served_trainee("Aino Virtanen"))
    try:
        [record] = kept.history()
        assert (record.decisions, record.solution_focused, record.status) == (2, 2, "finished")
        options = kept.conn.execute("SELECT option FROM answer WHERE playthrough = ? ORDER BY step", (record.id,))
        assert [row[0] for row in options] == ["check", "tell"]  # the lessons count her answers, not the stale one
        assert kept.interrupted() == []
        (waiting,) = kept.conn.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetchone()
        assert waiting > 0
    finally:
        kept.close()


async def test_a_browser_whose_story_another_took_over_and_paused_cannot_choose_in_it(
    tmp_path: Path, store_backend: str | None
) -> None:
    """One window at a time per playthrough, on SQLite and on PostgreSQL: two browsers of one trainee (two cookie
    jars), the second takes the story over and pauses it; the first, still showing its page, chooses."""
    with serve(tmp_path) as server:  # on PostgreSQL through `SCENARIOS_STORE`, as `store_backend` set it
        stale = await named_browser(server.base, "Aino Virtanen")
        other = await named_browser(server.base, "Aino Virtanen")
        try:
            story = await page(stale, f"{server.base}/stories/web-demo")
            fields = {"form_token": first(TOKEN_FIELD, story), "answer": "start", "mode": "practice"}
            assert await post(stale, f"{server.base}/stories/web-demo/begin", fields) == "/play/web-demo"
            await choose(stale, server, "Check the system.")
            left_open = await page(stale, f"{server.base}/play/web-demo")  # the second decision, left on screen

            # Her other browser takes the story over, then pauses it: nobody plays it now.
            story = await page(other, f"{server.base}/stories/web-demo")
            assert "take_over" in ANSWER.findall(story)
            fields = {"form_token": first(TOKEN_FIELD, story), "answer": "take_over"}
            assert await post(other, f"{server.base}/stories/web-demo/begin", fields) == "/play/web-demo"
            moved = await page(other, f"{server.base}/play/web-demo")
            assert "Is there a sauna too?" in moved
            fields = {"form_token": first(TOKEN_FIELD, moved)}
            assert await post(other, f"{server.base}/play/web-demo/leave", fields) == "/?note=left"

            # The first browser's page chooses: refused, and it says why and that nothing is lost.
            numbers = {text.strip(): number for number, text in CHOICE.findall(left_open)}
            fields = {
                "form_token": first(TOKEN_FIELD, left_open),
                "step": first(STEP_FIELD, left_open),
                "choice": numbers["Probably."],
            }
            where = await post(stale, f"{server.base}/play/web-demo/choose", fields)
            assert where == "/stories/web-demo?note=refused"
            told = await page(stale, f"{server.base}{where}")
            assert "opened in another window meanwhile, so your choice here was not saved" in told
            assert "Nothing done there is lost" in told
            assert "resume" in ANSWER.findall(told)  # to go on here, from where the other browser left it
            fields = {"form_token": first(TOKEN_FIELD, told), "answer": "resume"}
            assert await post(stale, f"{server.base}/stories/web-demo/begin", fields) == "/play/web-demo"
            again = await page(stale, f"{server.base}/play/web-demo")
            assert "Check the system." in again and "Probably." in again  # the options of the second decision
            assert await post(stale, f"{server.base}/play/web-demo/leave", {"form_token": first(TOKEN_FIELD, again)})
        finally:
            await stale.close()
            await other.close()
        location = store_backend or server.data / "scenarios.sqlite3"

    kept = Store(location, trainee=served_trainee("Aino Virtanen"))
    try:
        [record] = kept.interrupted()
        assert (record.decisions, record.status, record.owner) == (1, "active", None)
        assert kept.history() == []  # the refused choice would have ended the story
        options = kept.conn.execute("SELECT option FROM answer WHERE playthrough = ? ORDER BY step", (record.id,))
        assert [row[0] for row in options] == ["check"]
    finally:
        kept.close()


def test_a_store_that_is_no_postgresql_url_or_cannot_be_reached_is_said_at_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from scenarios.cli.main import main

    assert main(["--lang", "en", "serve", "--port", "0", "--store", "/srv/scenarios.sqlite3"]) == 2
    assert "The store /srv/scenarios.sqlite3 is not valid: give a PostgreSQL URL" in capsys.readouterr().err
    unreachable = "postgresql://scenarios:hush-hush@127.0.0.1:1/scenarios"
    assert main(["--lang", "en", "serve", "--port", "0", "--store", unreachable]) == 1
    told = capsys.readouterr().err
    assert told.startswith("The shared store postgresql://scenarios@127.0.0.1:1/scenarios cannot be reached (")
    assert "hush-hush" not in told and "Traceback" not in told
