"""The phones' server over real HTTP on loopback: the token, the signed cookie, one vote each, secrecy,
size limits, live updates, and nothing lost when the app starts again."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from yarl import URL

from scenarios.phones import server as server_module
from scenarios.phones.address import join_url, lan_address
from scenarios.phones.server import CODE_TRIES, MAX_REQUEST, PhoneServer
from scenarios.phones.views import stage_of
from scenarios.rehearsal import TURNS, Phase
from tests.phones.conftest import Stored, form_token


@asynccontextmanager
async def serving(server: PhoneServer) -> AsyncIterator[PhoneServer]:
    """The server listening for the block."""
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def phone() -> AsyncIterator[aiohttp.ClientSession]:
    """A participant's browser: its own cookies (kept for a bare IP address, as a browser does)."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        yield client


async def get(client: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with client.get(url, allow_redirects=True) as response:
        return response.status, await response.text()


async def post(client: aiohttp.ClientSession, url: str, data: dict[str, str]) -> tuple[int, str]:
    async with client.post(url, data=data, allow_redirects=True) as response:
        return response.status, await response.text()


async def join(client: aiohttp.ClientSession, server: PhoneServer, name: str) -> str:
    """Join as `name` from the list; returns the participant's page."""
    status, page = await get(client, server.url)
    assert status == 200 and "Who are you?" in page
    status, page = await post(client, f"{server.url}/join", {"form": form_token(page), "name": name})
    assert status == 200 and f"You are in as {name}." in page, page
    return page


def own_form_token(client: aiohttp.ClientSession, server: PhoneServer) -> str:
    """The participant's form token, as their forms carry it (a page without a form has none to read)."""
    cookie = next(c for c in client.cookie_jar if c.key == server.cookie_name)
    return server.access.form_token(cookie.value.partition(".")[0])


async def vote(client: aiohttp.ClientSession, server: PhoneServer, option: str) -> tuple[int, str]:
    _, page = await get(client, server.url)
    return await post(client, f"{server.url}/vote", {"form": form_token(page), "option": option})


async def test_without_the_token_there_is_no_session(stored: Stored) -> None:
    async with serving(stored.server()) as server, phone() as client:
        base = server.base
        status, page = await get(client, f"{base}/")
        assert status == 200 and "Session code" in page and "Desk team" not in page
        for path in ("/s/", "/s/wrong", f"/s/{server.access.token[:-1]}", "/s/wrong/events", "/anything"):
            status, page = await get(client, f"{base}{path}")
            assert status == 404 and "This page cannot be found." in page, path
        status, _ = await post(client, f"{base}/s/wrong/vote", {"option": "check"})
        assert status == 404
        status, page = await get(client, server.url)
        assert status == 200 and "Pick your name" in page


async def test_a_forged_or_foreign_cookie_is_no_participant(stored: Stored) -> None:
    stored.session.open_vote()
    async with serving(stored.server()) as server, phone() as aino, phone() as mallory:
        page = await join(aino, server, "Aino")
        real = next(c for c in aino.cookie_jar if c.key == server.cookie_name)
        participant_id = real.value.partition(".")[0]
        for forged in (f"{participant_id}.{'0' * 64}", f"{participant_id}.", participant_id, "x.y"):
            mallory.cookie_jar.update_cookies({server.cookie_name: forged}, URL(server.url))
            status, shown = await get(mallory, server.url)
            assert status == 200 and "Who are you?" in shown and "You are in as" not in shown
            status, _ = await post(mallory, f"{server.url}/vote", {"form": form_token(page), "option": "check"})
            assert status == 403
            status, _ = await get(mallory, f"{server.url}/events")
            assert status == 403
        assert stored.session.phone_votes_in() == 0


async def test_a_form_without_the_participants_own_token_is_refused(stored: Stored) -> None:
    stored.session.open_vote()
    async with serving(stored.server()) as server, phone() as aino, phone() as bo:
        await join(aino, server, "Aino")
        bo_page = await join(bo, server, "Bo")
        status, _ = await post(aino, f"{server.url}/vote", {"option": "check"})
        assert status == 403
        status, _ = await post(aino, f"{server.url}/vote", {"option": "check", "form": form_token(bo_page)})
        assert status == 403
        assert stored.session.phone_votes_in() == 0


async def test_one_vote_per_participant_and_a_later_vote_replaces_the_earlier(stored: Stored) -> None:
    stored.session.open_vote()
    async with serving(stored.server()) as server, phone() as aino, phone() as bo:
        await join(aino, server, "Aino")
        await join(bo, server, "Bo")
        status, page = await vote(aino, server, "online")
        assert status == 200 and "Your vote is in." in page
        await vote(aino, server, "online")
        status, page = await vote(aino, server, "check")
        assert re.search(r'value="check" class="choice mine" aria-pressed="true"', page)
        assert 'value="online" class="choice" aria-pressed="false"' in page
        await vote(bo, server, "check")
        decision = stored.session.decision
        assert decision is not None
        assert decision.ballots.tally() == {"online": 0, "check": 2}
        assert stored.session.phone_votes_in() == 2
        # A second phone cannot take a name already in use.
        async with phone() as other:
            status, page = await get(other, server.url)
            assert "Aino · already in" in page
            status, page = await post(other, f"{server.url}/join", {"form": form_token(page), "name": "Aino"})
            assert "Someone has already joined under that name" in page
        # A typed name is refused unless the facilitator allows it.
        async with phone() as other:
            status, page = await get(other, server.url)
            assert 'name="typed"' not in page
            status, page = await post(other, f"{server.url}/join", {"form": form_token(page), "typed": "Zed"})
            assert "Pick your name from the list." in page


async def test_in_turn_a_phone_takes_its_voters_turn_unless_the_room_took_it_first(stored: Stored) -> None:
    stored.session.vote_mode = TURNS
    stored.session.open_vote()
    async with serving(stored.server()) as server, phone() as aino, phone() as bo:
        await join(aino, server, "Aino")
        await join(bo, server, "Bo")
        stored.session.cast_vote("Aino", "online")  # Aino's turn, taken on the facilitator's screen
        status, page = await vote(aino, server, "check")
        assert status == 200 and "Your turn to vote was already taken" in page
        status, page = await vote(bo, server, "check")
        assert "Your vote is in." in page
        assert stored.session.next_voter() == "Cai"
        decision = stored.session.decision
        assert decision is not None and decision.ballots.tally() == {"online": 1, "check": 1}


async def test_before_the_reveal_no_page_tells_how_anyone_voted(stored: Stored) -> None:
    stored.session.open_vote()
    async with serving(stored.server()) as server, phone() as aino, phone() as bo:
        await join(aino, server, "Aino")
        await join(bo, server, "Bo")
        _, bo_before = await get(bo, server.url)
        _, code_before = await get(bo, f"{server.base}/")
        stage_before = stage_of(stored.session)
        await vote(aino, server, "online")
        await vote(aino, server, "check")
        _, bo_after = await get(bo, server.url)
        _, code_after = await get(bo, f"{server.base}/")
        assert bo_after == bo_before and code_after == code_before  # Aino's votes change nothing others see
        assert stage_of(stored.session) == stage_before  # so the live stream sends nothing either
        _, aino_page = await get(aino, server.url)
        assert "%" not in aino_page and "%" not in bo_after
        # After the reveal everyone sees the spread, the verdicts and the feedback.
        stored.session.reveal(accept_mismatch=True)
        _, bo_revealed = await get(bo, server.url)
        assert "votes 1 · 100 %" in bo_revealed and "Solution-focused" in bo_revealed
        assert "Friendly but solves nothing." in bo_revealed and "The ideal response: Check the system." in bo_revealed
        _, aino_revealed = await get(aino, server.url)
        assert "Your vote" in aino_revealed and "Your vote" not in bo_revealed


async def test_a_request_over_the_size_limit_is_refused(stored: Stored) -> None:
    stored.session.open_vote()
    async with serving(stored.server()) as server, phone() as aino:
        page = await join(aino, server, "Aino")
        big = {"form": form_token(page), "option": "check", "padding": "x" * (MAX_REQUEST + 1)}
        status, shown = await post(aino, f"{server.url}/vote", big)
        assert status == 413 and "That message is too long." in shown
        assert stored.session.phone_votes_in() == 0
        async with phone() as other:
            _, join_page = await get(other, server.url)
            status, shown = await post(
                other, f"{server.url}/join", {"form": form_token(join_page), "name": "x" * (MAX_REQUEST + 1)}
            )
            assert status == 413
        assert len(server.access.participants()) == 1


async def test_votes_and_participants_survive_a_restart_of_the_app(stored_anywhere: Stored) -> None:
    stored = stored_anywhere  # on SQLite, then on PostgreSQL
    stored.session.open_vote()
    first = stored.server()
    await first.start()
    port = first.port
    async with phone() as aino:
        await join(aino, first, "Aino")
        await vote(aino, first, "online")
        url = first.url
        await first.stop()  # the app is gone: the vote was saved as it arrived
        again = stored.reopen()
        assert again.session is not stored.session and again.session.phase == Phase.VOTE
        assert again.session.phone_votes_in() == 1
        async with serving(again.server(port)) as second:
            assert second.url == url  # the same link: the phones reconnect by themselves
            status, page = await get(aino, second.url)
            assert status == 200 and "You are in as Aino." in page  # the cookie is still valid
            assert 'value="online" class="choice mine"' in page
            await vote(aino, second, "check")
        decision = again.session.decision
        assert decision is not None and decision.ballots.phones and list(decision.ballots.phones.values()) == ["check"]
        again.store.close()


async def test_a_note_in_the_reflection_reaches_the_question_and_the_store(stored_anywhere: Stored) -> None:
    stored = stored_anywhere  # on SQLite, then on PostgreSQL
    session = stored.session
    async with serving(stored.server()) as server, phone() as aino:
        await join(aino, server, "Aino")
        token = own_form_token(aino, server)
        _, page = await post(aino, f"{server.url}/note", {"form": token, "text": "too early"})
        assert "The reflection question is no longer open." in page and session.notes == ""
        session.open_vote()
        session.phone_vote("x", "check")
        session.reveal(accept_mismatch=True)
        while session.phase != Phase.STORY_END:
            session.continue_with("ideal") if session.phase == Phase.REVEAL else session.open_vote()
            if session.phase == Phase.VOTE:
                session.reveal(accept_mismatch=True)
        session.next_story()
        session.start_reflection()
        _, page = await get(aino, server.url)
        assert "A note for the facilitator" in page
        _, page = await post(
            aino, f"{server.url}/note", {"form": form_token(page), "text": "Ask <b>first</b>, then check"}
        )
        assert "Your note reached the facilitator." in page
        assert session.reflection is not None
        assert session.reflection.notes_with_phones() == "Aino: Ask <b>first</b>, then check"
        again = stored.reopen()
        assert again.session.reflections[0].notes_with_phones() == "Aino: Ask <b>first</b>, then check"
        again.store.close()


async def test_the_live_stream_tells_when_the_session_moves_on(stored: Stored) -> None:
    async with serving(stored.server()) as server, phone() as aino:
        page = await join(aino, server, "Aino")
        assert 'role="timer"' in page and ">2:00</span>" in page  # the discussion's clock on the phone
        async with aino.get(f"{server.url}/events") as stream:
            assert stream.headers["Content-Type"] == "text/event-stream"
            assert await stream.content.readline() == b"retry: 2000\n"
            await stream.content.readline()
            assert await stream.content.readline() == f"data: {stage_of(stored.session)}\n".encode()
            await stream.content.readline()
            assert await stream.content.readline() == b"event: clock\n"  # the discussion's clock, then its changes
            clock = json.loads((await stream.content.readline()).removeprefix(b"data: "))
            assert clock == {"remaining": 120.0, "running": True, "up": False}
            await stream.content.readline()
            stored.session.timer_action("extend")  # +1 min on the shared screen: on every phone too
            assert await stream.content.readline() == b"event: clock\n"
            clock = json.loads((await stream.content.readline()).removeprefix(b"data: "))
            assert clock == {"remaining": 180.0, "running": True, "up": False}
            await stream.content.readline()
            stored.session.open_vote()
            assert await stream.content.readline() == f"data: {stage_of(stored.session)}\n".encode()
            assert stage_of(stored.session).startswith("vote-")


@asynccontextmanager
async def phone_at(address: str) -> AsyncIterator[aiohttp.ClientSession]:
    """A participant's browser on its own address in the room's network (a loopback address of its own)."""
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        yield client


async def type_code(client: aiohttp.ClientSession, server: PhoneServer, code: str) -> tuple[int, str]:
    """Open the address without the link's token and type `code`."""
    _, page = await get(client, f"{server.base}/")
    return await post(client, f"{server.base}/code", {"form": form_token(page), "code": code})


async def test_the_session_code_opens_the_session_until_one_phone_types_too_many_wrong_codes(stored: Stored) -> None:
    async with serving(stored.server()) as server, phone_at("127.0.0.2") as guesser, phone_at("127.0.0.3") as aino:
        code = server.access.code
        _, first = await get(guesser, f"{server.base}/")
        status, shown = await type_code(guesser, server, code.lower())
        assert status == 200 and "Who are you?" in shown
        for _ in range(CODE_TRIES - 1):
            status, shown = await type_code(guesser, server, "WRONG1")
            assert status == 403 and "That code does not match" in shown
        status, shown = await type_code(guesser, server, "WRONG1")
        assert status == 429 and "Too many wrong codes. Join with the QR code or the link" in shown
        assert "<form" not in shown
        status, shown = await post(guesser, f"{server.base}/code", {"form": form_token(first), "code": code})
        assert status == 429, "shut for this phone, even with the right code"
        status, shown = await get(guesser, server.url)
        assert status == 200 and "Who are you?" in shown, "the link itself still works"
        status, shown = await type_code(aino, server, code)
        assert status == 200 and "Who are you?" in shown, "another phone still joins with the code"


async def test_wrong_codes_from_many_phones_together_shut_the_code_for_everyone(
    stored: Stored, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "CODE_TRIES_IN_ALL", 4)
    async with serving(stored.server()) as server, phone_at("127.0.0.9") as aino:
        _, opened = await get(aino, f"{server.base}/")  # Aino has the page open while others guess
        for n in range(2, 6):
            async with phone_at(f"127.0.0.{n}") as guesser:
                status, _ = await type_code(guesser, server, "WRONG1")
                assert status == (429 if n == 5 else 403), "one wrong code each, four in all"
        status, shown = await post(
            aino, f"{server.base}/code", {"form": form_token(opened), "code": server.access.code}
        )
        assert status == 429 and "Too many wrong codes" in shown
        status, shown = await get(aino, server.url)
        assert status == 200 and "Who are you?" in shown


async def test_pages_come_in_the_phones_language_and_escape_what_they_show(stored: Stored) -> None:
    stored.session.team = "<script>alert(1)</script>"
    async with serving(stored.server()) as server, phone() as aino:
        await join(aino, server, "Aino")
        _, page = await get(aino, f"{server.url}?lang=fi")
        assert "Olet mukana nimellä Aino." in page and "Keskustelkaa ensin." in page
        assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        _, page = await get(aino, server.url)
        assert "Olet mukana nimellä Aino." in page  # the choice is remembered
        async with aino.get(server.url) as response:
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
            assert response.headers["Cache-Control"] == "no-store"


def test_the_address_is_found_without_the_network_and_links_are_well_formed() -> None:
    address = lan_address()
    assert address and address != "0.0.0.0"
    assert join_url("192.168.1.5", 8765, "tok") == "http://192.168.1.5:8765/s/tok"
    assert join_url("fe80::1", 8765, "tok") == "http://[fe80::1]:8765/s/tok"


async def test_a_phone_follows_the_sessions_language_not_its_own(stored: Stored) -> None:
    """An English-locale phone in a Finnish session reads Finnish, like the shared screen (issue #26)."""
    stored.session.language = "fi"
    async with serving(stored.server()) as server, phone() as bo:
        async with bo.get(server.url, headers={"Accept-Language": "en-US,en;q=0.9"}) as response:
            page = await response.text()
        assert "Kuka olet?" in page and "Who are you?" not in page
        async with bo.get(f"{server.url}?lang=en", headers={"Accept-Language": "fi"}) as response:
            assert "Who are you?" in await response.text()  # a language picked on the page still wins


async def test_a_customers_message_keeps_its_line_breaks_on_a_phone(stored: Stored) -> None:
    """The style sheet keeps the line breaks of a story's lines (an email's numbered questions)."""
    async with serving(stored.server()) as server, phone() as bo:
        async with bo.get(f"{server.base}/static/phones.css") as response:
            css = await response.text()
    assert re.search(r"\.situation p \{[^}]*white-space: pre-line", css)
