"""The day's review (F7) in the app: what the round holds, then each decision where its story stands (the conversation
so far, then the options) with the verdict and feedback as in practice, and at the end what was practised and when
each decision comes back. A decision opened from the lessons view is a round of one, played the same way.

The round is `scenarios.trainer.review.DecisionRound` (which keeps every answer); a decision is shown by the play
screen itself (`ReviewScreen` is a `PlayScreen` over a `RoundSession`), so it looks as the story does in practice.
"""

from __future__ import annotations

import random
import sqlite3
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from scenarios.i18n.present import lesson_name, lesson_names
from scenarios.story.lessons import Lesson, decision_lessons
from scenarios.trainer.review import DecisionRound, RoundSession
from scenarios.trainer.wording import changed_lines, comes_back, item_why, round_intro
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.screens.play import PlayScreen
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.header import Header
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def todays_round(app: ScenariosApp) -> DecisionRound | None:
    """The trainee's review for today over the library (answers of playthroughs from before read first); None, said
    in a notice, when the store is busy."""
    book = app.trainer.lessons
    try:
        book.catch_up(app.library.get)
        items = book.plan(app.library.stories)
    except sqlite3.Error:
        app.notify(app.tr("tui.error.busy"), severity="warning", markup=False)
        return None
    seed = app.seed if app.seed is not None else random.randrange(1 << 30)
    return DecisionRound(book, items, app.library.get, seed=seed, language=app.language)


def play_round(
    app: ScenariosApp, round_: DecisionRound, *, lesson: Lesson | None = None, replace: bool = False
) -> None:
    """Show the round's next decision (over the screen on show, or in its place), or its end when none is left.
    `lesson`: the round practises that lesson (opened from the lessons view), not the day's review."""
    if round_.open_next():
        screen: Screen[None] = ReviewScreen.of(app, round_, lesson)
    else:
        round_.end()
        screen = RoundEnd(round_, lesson)
    if replace:
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


class RoundIntro(Screen[None]):
    """What the day's review holds (how many decisions, about how long, how many missed and how many new); Enter
    begins it. With nothing to review, says so."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "begin", "begin", id="begin"),
        Binding("escape", "app.pop_screen", "close", id="close"),
    ]

    app: ScenariosApp

    def __init__(self, round_: DecisionRound) -> None:
        super().__init__()
        self.round = round_

    @classmethod
    def today(cls, app: ScenariosApp) -> RoundIntro | None:
        """The intro of today's review (None when the store is busy)."""
        round_ = todays_round(app)
        return cls(round_) if round_ is not None else None

    def compose(self) -> ComposeResult:
        """The title, what the round holds, and the way in."""
        app, items = self.app, self.round.items
        yield Header()
        with VerticalScroll(classes="page", id="review-intro"):
            yield Static(Content(app.tr("tui.review.title")), classes="heading")
            yield Static(Content(round_intro(items, app.language) if items else app.tr("review.nothing")), id="intro")
            if items:
                begin = Button(Content(app.tr("tui.review.begin")), id="begin", variant="primary", compact=True)
                begin.can_focus = False  # Enter is the screen's key, a click the button's
                yield begin
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        """Words for the keys; the page has the focus."""
        localize_bindings(self, self.app.language)
        self.query_one("#review-intro").focus()

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language."""
        self.round.language = message.language
        self.refresh(recompose=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter begins only a round with decisions."""
        return bool(self.round.items) if action == "begin" else True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The begin button."""
        event.stop()
        self.action_begin()

    def action_begin(self) -> None:
        """The first decision, in place of the intro."""
        if self.round.items and self.round.position < 0:
            play_round(self.app, self.round, replace=True)


def round_title(app: ScenariosApp, lesson: Lesson | None) -> str:
    """What a round is called: the day's review, or the lesson it practises."""
    return lesson_name(lesson, app.language) if lesson is not None else app.tr("tui.review.title")


class ReviewScreen(PlayScreen):
    """One decision of a round, shown as the play screen shows a story in practice: the conversation so far (the way
    the trainee went when they missed it, else the ideal path), why the decision is here, the options; after a choice
    the verdict and feedback, then the next decision (an action that comes back to the same decision goes on there).
    Escape ends the round: what was answered is kept."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave_review", "leave", id="leave_review"),
    ]

    def __init__(self, round_: DecisionRound, session: RoundSession, lesson: Lesson | None = None) -> None:
        super().__init__(session, resumed=True)
        self.round = round_
        self.lesson = lesson
        """The lesson the round practises (from the lessons view), or None for the day's review."""

    @classmethod
    def of(cls, app: ScenariosApp, round_: DecisionRound, lesson: Lesson | None = None) -> ReviewScreen:
        """The screen of the round's current decision."""
        assert round_.story is not None
        title = app.story_text(round_.story, round_.story.title)
        return cls(round_, RoundSession(app.trainer, round_, title=title, language=app.language), lesson)

    def on_mount(self) -> None:
        """Why the decision is in the round, on a line over the prompt."""
        why = Static(id="review-why", markup=False)
        self.query_one("#below").mount(why, before="#prompt-row")
        self.show_why()

    def show_why(self) -> None:
        """Say why the decision is here (missed on a day, or a lesson not met yet); practising a lesson, which
        lessons the decision tests."""
        item, story, language = self.round.item, self.round.story, self.app.language
        words = ""
        if item is not None and story is not None and self.lesson is not None:
            tested = lesson_names(decision_lessons(story, item.node), language)
            words = self.app.tr("review.why_tests", lessons=tested) if tested else ""
        elif item is not None:
            words = item_why(item, language)
        for line in self.query("#review-why").results(Static):
            line.update(words)
            line.display = bool(words)

    def show_words(self) -> None:
        """The play screen's words, the status line saying where the round is."""
        super().show_words()
        self.status.mode = self.app.tr("tui.status.mode.review")
        self.show_why()

    def tick(self) -> None:
        """The play screen's status line, with the round's place in place of the story's decision number."""
        super().tick()
        self.status.decision = self.app.tr("tui.review.status", number=self.round.position + 1, count=self.round.count)

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The round's records follow the trainee's language."""
        self.round.language = message.language

    def advance(self) -> None:
        """After the feedback: the next decision once the story has moved on (or ended), else the same decision."""
        if self.round.item_done:
            play_round(self.app, self.round, lesson=self.lesson, replace=True)
        else:
            super().advance()

    def action_leave_review(self) -> None:
        """End the round here: its end says what was answered (nothing answered: back at once)."""
        self.round.end()
        if self.round.answered:
            self.app.switch_screen(RoundEnd(self.round, self.lesson))
        else:
            self.app.pop_screen()


class RoundEnd(Screen[None]):
    """The end of a round: how many went right, each decision answered with its lessons and when it comes back,
    and the lessons whose state changed. Enter or Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,escape", "app.pop_screen", "close", id="close")]

    app: ScenariosApp

    def __init__(self, round_: DecisionRound, lesson: Lesson | None = None) -> None:
        super().__init__()
        self.round = round_
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        """The result, what was practised, what changed."""
        app, round_ = self.app, self.round
        language = app.language
        yield Header()
        with VerticalScroll(classes="page", id="review-end"):
            yield Static(Content(round_title(app, self.lesson)), classes="heading")
            key = "review.done" if round_.done else "review.left"
            yield Static(Content(app.tr(key, right=round_.right, count=round_.answered)), id="review-result")
            try:
                back = round_.comes_back()
            except sqlite3.Error:
                back = []
            if back:
                yield Static(Content(app.tr("review.practised")), classes="subheading")
            for index, (item, card) in zip(round_.played, back, strict=False):
                story = app.library.get(item.story)
                title = app.story_text(story, story.title) if story is not None else item.story
                lessons = lesson_names(decision_lessons(story, item.node), language) if story is not None else ""
                mark = "✗" if index in round_.missed_now else "✓"
                parts: list[str | tuple[str, str]] = [(f"{mark} {title}", "bold")]
                if lessons:
                    parts += ["\n", lessons]
                parts += ["\n", (comes_back(card, language), "italic")]
                yield Static(Content.assemble(*parts), classes="practised")
            lines = changed_lines(round_.changed, language)
            if lines:
                yield Static(Content(app.tr("review.changed")), classes="subheading")
                yield Static(Content("\n".join(lines)), id="review-changed")
            close = Button(Content(app.tr("tui.review.back")), id="close", variant="primary", compact=True)
            close.can_focus = False
            yield close
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        """Words for the keys; the page has the focus (the arrows scroll a long end)."""
        localize_bindings(self, self.app.language)
        self.query_one("#review-end").focus()

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language."""
        self.refresh(recompose=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The back button."""
        event.stop()
        self.app.pop_screen()
