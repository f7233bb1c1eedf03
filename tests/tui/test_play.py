"""Playing from the library to the debrief by pressing keys, in both languages and both modes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from scenarios.engine.views import Beat
from scenarios.store import Store
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.library import LibraryScreen
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.screens.resume import ResumeScreen
from scenarios.tui.widgets.status_line import StatusLine
from tests.tui.conftest import NOW, SIZE, STORIES
from tests.tui.helpers import (
    MakeApp,
    feedback_shown,
    play_screen,
    screen_text,
    search_and_open,
    until,
    until_screen,
)

WORDS = {
    "fi": {
        "search": "ranneke",
        "cue": "Näet: Lyö rannekkeen tiskiin.",
        "mood": "Mieliala: harmistunut (-1)",
        "verdict": "✓ Ratkaisukeskeinen",
        "ending": "Loppu: ratkaistu",
        "score": "Ratkaisukeskeisyys",
        "reflection": "Mitä uutta oivalsin?",
        "ideal": "Ihanteellinen",
    },
    "en": {
        "search": "wristband",
        "cue": "You see: Slaps the wristband on the counter.",
        "mood": "Mood: annoyed (-1)",
        "verdict": "✓ Solution-focused",
        "ending": "Ending: resolved",
        "score": "Solution focus",
        "reflection": "What did I learn that was new to me?",
        "ideal": "Ideal",
    },
}


@pytest.mark.parametrize("mode", ["practice", "exam"])
@pytest.mark.parametrize("language", ["fi", "en"])
async def test_play_from_the_library_to_the_debrief(make_app: MakeApp, language: str, mode: str) -> None:
    words = WORDS[language]
    app = make_app(language=language)
    app.settings = app.settings.model_copy(update={"mode": mode})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, words["search"])
        assert isinstance(app.screen, PlayScreen)
        shown = screen_text(app)
        assert words["cue"] in shown and words["mood"] in shown
        session = play_screen(app).session
        await pilot.press("2")  # by number: the action that pulls the report (ideal)
        await until(pilot, lambda: len(session.play.history) == 1, "the first choice")
        if mode == "practice":
            await until(pilot, lambda: feedback_shown(app), "the feedback")
            assert words["verdict"] in screen_text(app)
            await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(app) and not play_screen(app).busy, "the second decision")
        await pilot.press("down", "up", "enter")  # by arrows and Enter: the first option (ideal)
        await until(pilot, lambda: session.play.is_over, "the second choice")
        if mode == "practice":
            await until(pilot, lambda: feedback_shown(app), "the feedback")
            await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(app), "the end of the story")
        highlighted = app.screen.query_one("#choices", OptionList).highlighted_option
        assert highlighted is not None and highlighted.id == "debrief"
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")
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


async def test_not_ideal_choice_shows_why_and_the_ideal(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "wristband")
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        shown = screen_text(app)
        assert "✗ Not solution-focused" in shown
        assert "Why: The customer already got that answer on the phone." in shown
        assert "The ideal choice: Pull the wristband's report." in shown
        assert "Model answer: “Let us look right away together.”" in shown
        await pilot.press("escape")
        await until(pilot, lambda: not feedback_shown(app), "the next decision")
        assert "annoyed (-1)" not in screen_text(app)
        assert "angry (-2) ↓" in screen_text(app)  # in practice the arrow says how the mood moved


async def test_the_mouse_chooses_too(make_app: MakeApp) -> None:
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "bus card")
        assert await pilot.click("#choices", offset=(4, 1))
        play = play_screen(app).session.play
        await until(pilot, lambda: bool(play.history), "the click to choose")
        assert play.history[0].option_id == "sorry"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("goal net", ["(on the line)", "You hear: Wind can be heard in the background.", "Call in progress 0:00"]),
        ("credentials", ["From: Maija Meikäläinen", "Subject: Credentials", "I would need credentials"]),
        ("bus card", ["Aino has been waiting 0:00", "Aino\nI topped up my card online"]),
    ],
)
async def test_each_channel_looks_like_itself(make_app: MakeApp, query: str, expected: list[str]) -> None:
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, query)
        shown = screen_text(app)
        for text in expected:
            assert text in shown


async def test_an_email_reply_is_composed_as_a_reply(make_app: MakeApp) -> None:
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "credentials")
        await pilot.press("1")
        await until(pilot, lambda: "Thanks a lot!" in screen_text(app), "the customer's answer")
        shown = screen_text(app)
        assert "To: Maija Meikäläinen\nSubject: Re: Credentials\n\nHi Maija!" in shown
        assert "> Hi! I would need credentials for the booking system." in shown
        assert "Subject: Re: Credentials\n\nThanks a lot!" in shown


async def test_chat_shows_the_customer_typing_first(make_app: MakeApp) -> None:
    # What the screen showed is read at the moment Aino's answer comes, not after the key: on a slow machine the
    # whole typing delay may pass before the test looks.
    app = make_app(language="en", typing_delay=1.5)
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "bus card")
        screen = play_screen(app)
        choices = screen.query_one("#choices", OptionList)
        typing = screen.query_one("#typing", Static)
        # Aino types her first message before the options appear.
        await until(pilot, lambda: choices.option_count > 0, "the first options")
        before_answer: list[tuple[bool, str, bool]] = []
        reveal = screen.reveal

        def answer_comes(beat: Beat) -> None:
            before_answer.append((typing.display, str(typing.visual), "Aino says thanks." in screen_text(app)))
            reveal(beat)

        screen.reveal = answer_comes  # type: ignore[method-assign]  # the typing timer calls it when it runs out
        await pilot.press("1")
        await until(pilot, lambda: bool(before_answer), "Aino's answer")
        shown, indicator, answered = before_answer[0]
        assert shown and "Aino is typing…" in indicator and not answered
        await until(pilot, lambda: not typing.display, "the indicator gone")
        assert "Aino says thanks." in screen_text(app)


async def test_escape_leaves_the_story_saved_for_later(make_app: MakeApp) -> None:
    app = make_app(language="en")
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "wristband")
        await pilot.press("2", "escape")
        await until_screen(pilot, LibraryScreen, "the library")
    assert [record.decisions for record in Store().interrupted()] == [1]


class HandClock:
    """A clock the test moves by hand, so timers are tested without waiting."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_the_verdict_is_in_view_at_80x24_after_choosing(make_app: MakeApp) -> None:
    app = make_app(language="fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "ranneke")
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        verdict = app.screen.query_one("#verdict", Static)
        region = verdict.region
        assert region.height == 1 and 0 <= region.y < 24 and region.x + region.width <= 80
        assert "✗ Ei ratkaisukeskeinen" in str(verdict.visual)
        assert app.screen.get_widget_at(region.x + 1, region.y)[0] is verdict  # nothing covers it
        # The ideal choice and the transcript are both still on screen, under and above the verdict.
        assert app.screen.query_one("#transcript").region.height >= 5
        await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(app), "the next decision")
        assert app.screen.query_one("#choices").display


async def test_the_model_answer_is_not_repeated_when_it_is_the_ideal_choice_itself(make_app: MakeApp) -> None:
    from scenarios.engine import Playthrough
    from scenarios.tui.screens.feedback import feedback_body

    app = make_app(language="en")
    story = app.library.get("desk-wristband")
    assert story is not None
    result = Playthrough(story, seed=0).choose_option("empty")
    same = result._replace(model_answer=result.ideal_text)
    text = feedback_body(same, app.tr, lambda value: app.story_text(story, value)).plain
    assert text.count("Pull the wristband's report.") == 1 and "Model answer" not in text
    assert "Model answer" in feedback_body(result, app.tr, lambda value: app.story_text(story, value)).plain


async def test_switching_language_while_the_clock_ticks_does_not_crash(make_app: MakeApp) -> None:
    clock = HandClock()
    app = make_app(language="en", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "goal net")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        for language in ("fi", "en", "fi"):
            app.apply_settings(app.settings.model_copy(update={"language": language}))
            # The timer fires between every step of the rebuild.
            for _ in range(5):
                clock.now += 1
                screen.tick()
                await pilot.pause()  # a turn of the loop between the ticks (nothing is read here)
        await until(pilot, lambda: not screen.rebuilding, "the last rebuild")
        assert app.is_running and app.screen is screen
        assert "Puhelu käynnissä 0:15" in screen_text(app)
        assert "Keskustelu" not in screen_text(app) and "Harjoitus · Päätös 1" in screen_text(app)
        assert screen_text(app).count("Kuulet: Taustalla kuuluu tuulta.") == 1  # the transcript once, in Finnish


async def test_the_status_line_says_mode_decision_clock_and_mood(make_app: MakeApp) -> None:
    clock = HandClock()
    app = make_app(language="en", clock=clock)
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "goal net")
        clock.now += 65
        play_screen(app).tick()
        status = app.screen.query_one(StatusLine).text
        assert status.startswith("Exam · Decision 1 · ☎ Call in progress 1:05")
        await pilot.press("1")
        await until(pilot, lambda: play_screen(app).session.play.is_over, "the end of the call")
        clock.now += 600  # the call has ended: its clock stops at the last choice
        play_screen(app).tick()
        assert "Call ended 1:05" in app.screen.query_one(StatusLine).text


async def test_the_mood_stays_in_view_when_the_customer_says_nothing(make_app: MakeApp, tmp_path: Path) -> None:
    desk = (STORIES / "desk.yaml").read_text(encoding="utf-8")
    said = "    say: {fi: No mitä nyt?, en: So what now?}\n"
    aside = desk.replace(f"  report:\n{said}", f"  report:\n    speaker: colleague\n{said}")
    (tmp_path / "desk.yaml").write_text(aside, encoding="utf-8")
    app = make_app(language="en", paths=[tmp_path])
    app.settings = app.settings.model_copy(update={"mode": "exam"})
    async with app.run_test(size=SIZE) as pilot:
        await search_and_open(app, pilot, "wristband")
        await pilot.press("1")  # the colleague speaks next, not the customer
        await until(pilot, lambda: bool(play_screen(app).session.play.history), "the choice")
        assert play_screen(app).session.play.beat().mood is None
        # In an exam no arrow tells how the mood moved: it would give the verdict away.
        await until(pilot, lambda: "Mood: angry (-2)" in app.screen.query_one(StatusLine).text, "the mood")
        assert "↓" not in app.screen.query_one(StatusLine).text


async def test_the_chat_wait_picks_up_where_it_stopped_after_a_resume(make_app: MakeApp, tmp_path: Path) -> None:
    # The test chat story with a first reply that only says "one moment": the decision stays open.
    chat = (STORIES / "chat.yaml").read_text(encoding="utf-8")
    holding = (
        chat.replace("mood += 2\n        next: end\n", "mood += 2\n        once: yes\n")
        .replace("        ideal: yes\n", "", 1)
        .replace("        solution_focused: no\n", "        solution_focused: no\n        ideal: yes\n", 1)
    )
    (tmp_path / "chat.yaml").write_text(holding, encoding="utf-8")
    clock = HandClock()
    first = make_app(language="en", clock=clock, paths=[tmp_path])
    first.settings = first.settings.model_copy(update={"mode": "exam"})
    async with first.run_test(size=SIZE) as pilot:
        await search_and_open(first, pilot, "bus card")
        clock.now += 20
        await pilot.press("1")  # kept (and offered again) from its first decision on; Aino has not answered
        session = play_screen(first).session
        await until(pilot, lambda: session.record_id is not None, "the first choice to be saved")
        await pilot.press("escape")
        await until_screen(pilot, LibraryScreen, "the library")
    clock.now += 90  # the app stays closed: the story's world waits with it
    second = make_app(language="en", clock=clock, paths=[tmp_path])
    async with second.run_test(size=SIZE) as pilot:
        await until_screen(pilot, ResumeScreen, "the offer to continue")
        await pilot.press("enter")  # continue
        await until_screen(pilot, PlayScreen, "the resumed chat")
        status = second.screen.query_one(StatusLine)
        await until(pilot, lambda: "Aino has been waiting 0:20" in status.text, "the wait as it was")
        clock.now += 5
        await until(pilot, lambda: "Aino has been waiting 0:25" in status.text, "the wait to go on")


async def test_chat_bubbles_keep_a_readable_width_on_a_wide_terminal(make_app: MakeApp) -> None:
    app = make_app(language="en")
    async with app.run_test(size=(200, 50)) as pilot:
        await search_and_open(app, pilot, "bus card")
        bubble = app.screen.query_one(".entry.bubble")
        assert bubble.region.width <= 70


async def test_a_node_spoken_face_to_face_in_an_email_story_gets_the_spoken_prompt(
    make_app: MakeApp, tmp_path: Path
) -> None:
    email = (STORIES / "email.yaml").read_text(encoding="utf-8")
    (tmp_path / "email.yaml").write_text(email.replace("  inbox:\n", "  inbox:\n    medium: face-to-face\n"), "utf-8")
    app = make_app(language="en", paths=[tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "credentials")
        prompt = str(app.screen.query_one("#prompt", Static).visual)
        assert prompt.startswith("What do you say?") and "Compose your reply" not in prompt


async def test_an_action_that_returns_to_its_decision_keeps_the_decisions_number(
    make_app: MakeApp, tmp_path: Path
) -> None:
    # The test desk story with its action returning to the decision (no `next`, once): still decision 1.
    desk = (STORIES / "desk.yaml").read_text(encoding="utf-8")
    returning = desk.replace(
        "effects: [checked = yes, mood += 1]\n        next: report\n", "effects: [checked = yes]\n        once: yes\n"
    )
    (tmp_path / "desk.yaml").write_text(returning, encoding="utf-8")
    app = make_app(language="fi", paths=[tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "ranneke")
        status = app.screen.query_one(StatusLine)
        assert "Päätös 1" in status.text
        screen = play_screen(app)
        action = next(c.number for c in screen.session.play.beat().choices if c.option_id == "check")
        await pilot.press(str(action))
        await until(pilot, lambda: feedback_shown(app), "the action's feedback")
        assert "Päätös 1" in status.text  # the feedback is about the decision just made
        await pilot.press("enter")
        await until(pilot, lambda: not feedback_shown(app), "back at the decision")
        assert "Päätös 1" in status.text and "Päätös 2" not in status.text  # the same decision, after the action
        await pilot.press("1")  # the one reply left moves the story on
        await until(pilot, lambda: feedback_shown(app), "the reply's feedback")
        assert "Päätös 1" in status.text
        await pilot.press("enter")
        await until(pilot, lambda: "Päätös 2" in status.text, "the second decision")


@pytest.mark.parametrize(("language", "said"), [("fi", "Mieliala: huolissaan (-1)"), ("en", "Mood: worried (-1)")])
async def test_the_status_line_shows_the_storys_own_mood_words(
    make_app: MakeApp, tmp_path: Path, language: str, said: str
) -> None:
    desk = (STORIES / "desk.yaml").read_text(encoding="utf-8")
    words = "mood_words:\n  -1: {fi: huolissaan, en: worried}\nnodes:\n"
    (tmp_path / "desk.yaml").write_text(desk.replace("nodes:\n", words, 1), encoding="utf-8")
    app = make_app(language=language, paths=[tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await search_and_open(app, pilot, "wristband" if language == "en" else "ranneke")
        status = app.screen.query_one(StatusLine)
        await until(pilot, lambda: said in status.text, "the story's word for the mood")
        assert "harmistunut" not in status.text and "annoyed" not in status.text
