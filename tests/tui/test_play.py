"""Playing from the library to the debrief by pressing keys, in both languages and both modes."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from scenarios.store import Store
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.feedback import FeedbackScreen
from scenarios.tui.screens.play import PlayScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import screen_text, search_and_open

WORDS = {
    "fi": {
        "search": "ranneke",
        "cue": "Näet: Lyö rannekkeen tiskiin.",
        "mood": "Asiakkaan mieliala: harmistunut (-1)",
        "verdict": "✓ Ratkaisukeskeinen",
        "ending": "Loppu: ratkaistu",
        "score": "Ratkaisukeskeisyys",
        "reflection": "Mitä uutta oivalsin?",
        "ideal": "Ihanteellinen",
    },
    "en": {
        "search": "wristband",
        "cue": "You see: Slaps the wristband on the counter.",
        "mood": "Customer's mood: annoyed (-1)",
        "verdict": "✓ Solution-focused",
        "ending": "Ending: resolved",
        "score": "Solution focus",
        "reflection": "What did I learn that was new to me?",
        "ideal": "Ideal",
    },
}


@pytest.mark.parametrize("mode", ["practice", "exam"])
@pytest.mark.parametrize("language", ["fi", "en"])
async def test_play_from_the_library_to_the_debrief(make_app, language: str, mode: str) -> None:  # type: ignore[no-untyped-def]
    words = WORDS[language]
    app = make_app(language=language)
    app.settings = app.settings.model_copy(update={"mode": mode})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, words["search"])
        assert isinstance(app.screen, PlayScreen)
        shown = screen_text(app)
        assert words["cue"] in shown and words["mood"] in shown
        await pilot.press("2")  # by number: the action that pulls the report (ideal)
        await pilot.pause()
        if mode == "practice":
            assert isinstance(app.screen, FeedbackScreen)
            assert words["verdict"] in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("down", "up", "enter")  # by arrows and Enter: the first option (ideal)
        await pilot.pause()
        if mode == "practice":
            assert isinstance(app.screen, FeedbackScreen)
            await pilot.press("enter")
            await pilot.pause()
        assert app.screen.query_one("#choices", OptionList).highlighted_option.id == "debrief"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        shown = screen_text(app)
        for key in ("ending", "score", "reflection", "ideal"):
            assert words[key] in shown
    record = Store().history()[0]
    assert (record.story_id, record.mode, record.decisions, record.ideal, record.outcome) == (
        "desk-wristband",
        mode,
        2,
        2,
        "resolved",
    )


async def test_not_ideal_choice_shows_why_and_the_ideal(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "wristband")
        await pilot.press("1")
        await pilot.pause()
        shown = screen_text(app)
        assert "✗ Not solution-focused" in shown
        assert "Why: The customer already got that answer on the phone." in shown
        assert "The ideal choice: Pull the wristband's report." in shown
        assert "Model answer: “Let us look right away together.”" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert "annoyed (-1)" not in screen_text(app)
        assert "angry (-2) ↓" in screen_text(app)


async def test_the_mouse_chooses_too(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "bus card")
        assert await pilot.click("#choices", offset=(4, 1))
        await pilot.pause()
        assert app.screen.session.play.history[0].option_id == "sorry"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("goal net", ["(on the line)", "You hear: Wind can be heard in the background.", "Call in progress 0:00"]),
        ("credentials", ["From: Maija Meikäläinen", "Subject: Credentials", "I would need credentials"]),
        ("bus card", ["Aino has been waiting 0:00", "Aino\nI topped up my card online"]),
    ],
)
async def test_each_channel_looks_like_itself(make_app, query: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, query)
        shown = screen_text(app)
        for text in expected:
            assert text in shown


async def test_an_email_reply_is_composed_as_a_reply(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "credentials")
        await pilot.press("1")
        await pilot.pause()
        shown = screen_text(app)
        assert "To: Maija Meikäläinen\nSubject: Re: Credentials\n\nHi Maija!" in shown
        assert "> Hi! I would need credentials for the booking system." in shown
        assert "Subject: Re: Credentials\n\nThanks a lot!" in shown


async def test_chat_shows_the_customer_typing_first(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en", typing_delay=0.3)
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "bus card")
        await pilot.press("1")
        typing = app.screen.query_one("#typing")
        assert typing.display and "Aino is typing…" in str(typing.visual)
        await pilot.pause(0.5)
        assert not typing.display
        assert "Aino says thanks." in screen_text(app)


async def test_escape_leaves_the_story_saved_for_later(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "wristband")
        await pilot.press("2", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, PlayScreen)
    assert [record.decisions for record in Store().interrupted()] == [1]
