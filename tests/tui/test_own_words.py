"""Own words first in the app: at a decision with a rubric the trainee types a reply, reads its checklist, turns a
mark over, then chooses; the feedback and the debrief show the reply beside the ideal, and the save keeps it."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static

from scenarios.engine import OwnReply
from scenarios.tui.screens.debrief import DebriefScreen
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.widgets.own_words import OwnWordsPanel, ReplyArea
from tests.rubric.support import measure_story
from tests.tui.helpers import AppPilot, MakeApp, feedback_shown, screen_text, to_first_decision, until, until_screen

REPLY = "Katson heti tapahtumat, harmillista"


def keys(text: str) -> list[str]:
    """The keys a trainee presses to type `text` (letters, spaces and commas)."""
    names = {" ": "space", ",": "comma"}
    return [names.get(char, char) for char in text]


async def write_and_send(pilot: AppPilot, text: str) -> None:
    app = pilot.app
    await until(pilot, lambda: app.screen.query_one(OwnWordsPanel).display, "the editor")
    await pilot.press(*keys(text))
    await until(pilot, lambda: app.screen.query_one(ReplyArea).text == text, "the reply typed")
    await pilot.press("enter")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_reply_typed_first_gets_its_checklist_a_correction_and_goes_with_the_choice(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    app = make_app(story=measure_story(), language="fi")
    app.settings = app.settings.model_copy(update={"own_words": "on", "mode": "practice"})
    async with app.run_test(size=size) as pilot:
        await to_first_decision(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert not screen.query_one("#choices").display, "no options before the reply"
        await until(pilot, lambda: screen.query_one(ReplyArea).has_focus, "the editor")
        await pilot.press("1")  # a number key is typed into the reply while the editor is open: nothing is chosen
        await until(pilot, lambda: screen.query_one(ReplyArea).text == "1", "the digit typed")
        await pilot.press("backspace")
        assert not screen.session.play.history
        await write_and_send(pilot, REPLY)
        checklist = screen.query_one("#own-checklist", OptionList)
        await until(pilot, lambda: checklist.display and checklist.option_count == 4, "the checklist")
        shown = screen_text(app)
        assert "✓ Katsoo rannekkeen tapahtumat — “Katson”, “tapahtumat”" in shown
        assert "○ Tarjoaa tien eteenpäin" in shown
        panel = screen.query_one(OwnWordsPanel)
        assert panel.region.bottom <= size[1] and checklist.region.bottom <= size[1], "it fits the terminal"
        await pilot.press("down", "down", "enter")  # the third mark: the trainee disagrees
        await until(pilot, lambda: "✓ Tarjoaa tien eteenpäin (korjasit)" in screen_text(app), "the correction")
        await pilot.press("down", "enter")  # on to the options
        await until(pilot, lambda: screen.query_one("#choices").display, "the options")
        assert "Valitse nyt vaihtoehdoista se, joka on lähimpänä omaa vastaustasi." in screen_text(app)
        await pilot.press("1")
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        said = str(screen.query_one("#feedback-text", Static).visual).strip().splitlines()
        assert said[0] == f"Oma vastauksesi: ”{REPLY}”", "the reply first, seen before any scrolling"
        assert said[2].startswith("Ihanteellinen valinta:"), "the ideal beside the reply, though it was chosen"
        body = screen.query_one("#feedback-body", VerticalScroll)
        assert body.region.bottom < size[1], "the feedback fits the terminal"
        (result,) = screen.session.play.history
        assert result.own == OwnReply(REPLY, ("feeling", "look"), ("next",))
        assert '"corrected": ["next"]' in app.store.get(screen.session.record_id).save  # type: ignore[arg-type, union-attr]


def over(screen: PlayScreen) -> bool:
    return screen.session.play.is_over


async def test_the_debrief_shows_each_reply_beside_the_ideal(make_app: MakeApp) -> None:
    app = make_app(story=measure_story(), language="en")
    app.settings = app.settings.model_copy(update={"own_words": "on", "mode": "practice"})
    async with app.run_test(size=(120, 40)) as pilot:
        await to_first_decision(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        for number in range(5):
            await write_and_send(pilot, f"Let me check reply {number}")
            await until(pilot, lambda: screen.query_one("#own-checklist").display, "the checklist")
            await pilot.press("end", "enter")
            await until(pilot, lambda: screen.query_one("#choices").display, "the options")
            await pilot.press("1")
            await until(pilot, lambda: feedback_shown(app), "the feedback")
            await pilot.press("enter")
            await until(pilot, lambda: over(screen) or screen.query_one(OwnWordsPanel).display, "the next decision")
        await until(pilot, lambda: app.screen.query_one("#choices", OptionList).option_count > 0, "the way out")
        await pilot.press("enter")
        await until_screen(pilot, DebriefScreen, "the debrief")
        shown = screen_text(app)
        assert all(f"Your own reply: “Let me check reply {number}”" in shown for number in range(5))
        assert "✓ Looks up the wristband's history" in shown


async def test_a_long_feedback_scrolls_at_80x24_and_begins_with_the_reply_beside_the_ideal(make_app: MakeApp) -> None:
    from scenarios.story.library import builtin_dir
    from scenarios.story.loader import load_file

    story = load_file(builtin_dir() / "senior-bus-card.yaml").story
    assert story is not None
    app = make_app(story=story, language="fi")
    app.settings = app.settings.model_copy(update={"own_words": "on", "mode": "practice"})
    async with app.run_test(size=(80, 24)) as pilot:
        await to_first_decision(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await write_and_send(pilot, "Huomenta, kiitos, hetkinen")
        await until(pilot, lambda: screen.query_one("#own-checklist").display, "the checklist")
        await pilot.press("end", "enter")
        await until(pilot, lambda: screen.query_one("#choices").display, "the options")
        ideal = next(
            choice.number for choice in screen.session.play.beat().choices if choice.option_id == "greet_and_load"
        )
        await pilot.press(str(ideal))
        await until(pilot, lambda: feedback_shown(app), "the feedback")
        said = str(screen.query_one("#feedback-text", Static).visual).strip().splitlines()
        assert said[0] == "Oma vastauksesi: ”Huomenta, kiitos, hetkinen”"
        panel, body = screen.query_one("#feedback"), screen.query_one("#feedback-body", VerticalScroll)
        assert body.region.bottom <= panel.region.bottom - 1, "the explanation stays inside its frame"
        assert body.max_scroll_y > 0, "what does not fit scrolls, never cut off"
        await pilot.press("end")
        await until(pilot, lambda: body.scroll_y == body.max_scroll_y, "the end of the explanation")


@pytest.mark.parametrize("own_words", ["on", "off"])
async def test_the_library_marks_the_stories_that_ask_for_own_words_when_the_setting_is_on(
    make_app: MakeApp, own_words: str
) -> None:
    from scenarios.tui.screens.library import LibraryScreen
    from tests.rubric.support import HERE
    from tests.tui.conftest import STORIES

    app = make_app(language="en", paths=[HERE / "rubrics.yaml", STORIES / "desk.yaml"])
    app.settings = app.settings.model_copy(update={"own_words": own_words})
    async with app.run_test(size=(120, 40)) as pilot:
        await until_screen(pilot, LibraryScreen, "the library")
        stories = app.screen.query_one("#stories", OptionList)
        await until(pilot, lambda: stories.option_count == 2, "both stories")
        rows = {str(option.prompt).split("\n")[0]: str(option.prompt) for option in stories.options}
        marked = [title for title, prompt in rows.items() if "✎ own words first" in prompt]
        assert marked == (["The rubrics' measure  ✎ own words first"] if own_words == "on" else [])
        stories.highlighted = next(
            index for index, option in enumerate(stories.options) if "rubrics" in str(option.prompt)
        )
        card = app.screen.query_one("#card-body", Static)
        await until(pilot, lambda: "The rubrics' measure" in str(card.visual), "the story's card")
        assert "Own words first: a checklist for your own reply at 5 decisions" in str(card.visual)
