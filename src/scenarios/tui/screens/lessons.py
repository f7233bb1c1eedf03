"""The trainee's lessons (F6): the material's chapters with their lessons, each with its state and when it was last
practised, and what to practise next at the top; Enter on a lesson shows the decisions that test it, to play one
where its story stands (as the day's review does).

What the screens show comes from `scenarios.trainer.lessons` (the overview, the decisions testing a lesson) and is
said as line mode says it (`scenarios.trainer.wording`); a decision is played through `scenarios.trainer.review`.
"""

from __future__ import annotations

import random
import sqlite3
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from scenarios.i18n.present import LESSON_FALLBACKS, lesson_name
from scenarios.mastery.schedule import local_day
from scenarios.story.lessons import chapter_heading, load_lessons
from scenarios.trainer.lessons import LessonLine, Overview, decisions_testing, overview
from scenarios.trainer.review import lesson_round
from scenarios.trainer.wording import SAID_LENGTH, STATE_MARKS, decision_place, shortened, state_words, when
from scenarios.tui.messages import LanguageChanged
from scenarios.tui.screens.review import play_round
from scenarios.tui.text import localize_bindings
from scenarios.tui.widgets.header import Header
from scenarios.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def read_overview(app: ScenariosApp) -> Overview | None:
    """The trainee's lessons over the library (answers of playthroughs from before read first); None, said in a
    notice, when the store is busy."""
    book = app.trainer.lessons
    try:
        book.catch_up(app.library.get)
        return overview(book, app.library.stories)
    except sqlite3.Error:
        app.notify(app.tr("tui.error.busy"), severity="warning", markup=False)
        return None


class LessonsScreen(Screen[None]):
    """Every lesson of the material by chapter, with its state (not seen, learning, mastered) and when it was last
    practised; what to practise next first. Enter on a lesson opens it; F7 starts the day's review; F3 shows Progress
    in its place (and F6 there comes back)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "close", id="close"),
        Binding("f3", "app.progress", "progress", id="progress"),  # its neighbour: the playthroughs
        Binding("f7", "app.review", "review", id="review"),
    ]

    app: ScenariosApp

    def compose(self) -> ComposeResult:
        """The summary, what is due, the list of lessons and how to open one."""
        yield Header()
        with Vertical(classes="page", id="lessons-page"):
            yield Static(id="lessons-summary", classes="heading", markup=False)
            yield Static(id="lessons-due", markup=False)
            yield OptionList(id="lessons")
            yield Static(Content(self.app.tr("tui.lessons.hint")), id="lessons-hint")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        """Words for the keys, and the lessons."""
        localize_bindings(self, self.app.language)
        self.fill()

    def on_screen_resume(self) -> None:
        """Back from a lesson or the review: the states may have changed."""
        self.fill()

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language."""
        self.refresh(recompose=True)
        self.call_after_refresh(self.fill)

    def fill(self) -> None:
        """Read the trainee's lessons and list them, keeping the highlighted one."""
        app = self.app
        view = read_overview(app)
        if view is None:
            return
        total = len(view.lessons)
        self.query_one("#lessons-summary", Static).update(
            app.tr("mastery.summary", seen=view.seen, total=total, mastered=view.mastered)
        )
        due = self.query_one("#lessons-due", Static)
        due.update(f"{app.tr('mastery.due', count=view.due)} {app.tr('tui.lessons.review_key')}" if view.due else "")
        due.display = bool(view.due)
        options = self.query_one("#lessons", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option is not None else None
        options.clear_options()
        items: list[Option] = []
        if view.next:
            items.append(Option(Content.styled(app.tr("mastery.next"), "bold"), disabled=True))
            items += [Option(self.next_prompt(line), id=f"next:{line.lesson.id}") for line in view.next]
        width = max(len(app.tr(f"mastery.state.{state}")) for state in STATE_MARKS)
        for chapter, lines in view.chapters():
            heading = chapter_heading(chapter, app.language)
            items.append(Option(Content.styled(heading, "bold"), disabled=True))
            items += [Option(self.lesson_prompt(line, width), id=f"lesson:{line.lesson.id}") for line in lines]
        options.add_options(items)
        ids = [item.id for item in items]
        if highlighted is not None and highlighted in ids:
            options.highlighted = ids.index(highlighted)
        else:
            options.highlighted = next((i for i, item in enumerate(items) if not item.disabled), None)
        options.focus()

    def next_prompt(self, line: LessonLine) -> Content:
        """A lesson to practise next: its name and why (due decisions, answers of late, not met yet)."""
        language = self.app.language
        return Content.assemble(
            f"{STATE_MARKS[line.state]} ",
            lesson_name(line.lesson, language),
            (f" – {state_words(line, language)}", "dim"),
        )

    def lesson_prompt(self, line: LessonLine, width: int) -> Content:
        """A lesson in its chapter: its state at a glance and in words, its title, when last practised."""
        app = self.app
        state = app.tr(f"mastery.state.{line.state}")
        title = line.lesson.title.get_text(app.language, LESSON_FALLBACKS)
        last = f" · {app.tr('mastery.last', date=when(line.last_at, app.language))}" if line.last_at is not None else ""
        return Content.assemble(f"{STATE_MARKS[line.state]} {state:<{width}}  ", title, (last, "dim"))

    @on(OptionList.OptionSelected, "#lessons")
    def _open(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a lesson: the decisions that test it."""
        option_id = event.option.id or ""
        if ":" in option_id:
            self.app.push_screen(LessonScreen(option_id.split(":", 1)[1]))


class LessonScreen(Screen[None]):
    """One lesson: what the material says, the trainee's state in it, and the decisions of the library that test it
    (the story, where in it); Enter plays the highlighted one where its story stands."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "close", id="close")]

    app: ScenariosApp

    def __init__(self, lesson: str) -> None:
        super().__init__()
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        """The lesson, its state, and its decisions."""
        yield Header()
        with Vertical(classes="page", id="lesson-page"):
            yield Static(id="lesson-name", classes="heading", markup=False)
            yield Static(id="lesson-text", markup=False)
            yield Static(id="lesson-state", markup=False)
            yield Static(Content(self.app.tr("tui.lesson.decisions")), id="lesson-decisions-heading")
            yield OptionList(id="lesson-decisions")
            yield Static(id="lesson-hint", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        """Words for the keys, and the lesson."""
        localize_bindings(self, self.app.language)
        self.fill()

    def on_screen_resume(self) -> None:
        """Back from playing one of its decisions: the state may have changed."""
        self.fill()

    def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language."""
        self.refresh(recompose=True)
        self.call_after_refresh(self.fill)

    def fill(self) -> None:
        """The lesson's words, the trainee's state in it, and the decisions that test it."""
        app, language = self.app, self.app.language
        lesson = load_lessons().get(self.lesson)
        view = read_overview(app)
        line = next((line for line in view.lessons if line.lesson.id == self.lesson), None) if view else None
        if lesson is None or line is None:
            return
        self.query_one("#lesson-name", Static).update(lesson_name(lesson, language))
        self.query_one("#lesson-text", Static).update(lesson.text.get_text(language, LESSON_FALLBACKS))
        state = [app.tr(f"mastery.state.{line.state}"), state_words(line, language)]
        if line.last_at is not None:
            state.append(app.tr("mastery.last", date=when(line.last_at, app.language)))
        self.query_one("#lesson-state", Static).update(f"{STATE_MARKS[line.state]} {' · '.join(state)}")
        options = self.query_one("#lesson-decisions", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        found = decisions_testing(app.library.stories, self.lesson)
        try:
            held = app.trainer.lessons.cards()
        except sqlite3.Error:
            held = {}
        today = local_day(app.clock())
        for story, decision in found:
            where = decision_place(decision, held.get((story.id, decision.node)), today, language)
            said = next((app.story_text(story, said.text) for said in story.nodes[decision.node].say), "")
            prompt = Content.assemble((app.story_text(story, story.title), "bold"), f" · {where}")
            if said:
                prompt = Content.assemble(prompt, "\n", (shortened(said, SAID_LENGTH), "dim"))
            options.add_option(Option(prompt, id=f"{story.id} {decision.node}"))
        options.display = bool(found)
        self.query_one("#lesson-decisions-heading").display = bool(found)
        hint = self.query_one("#lesson-hint", Static)
        hint.update(app.tr("tui.lesson.play_hint" if found else "tui.lesson.none"))
        if found:
            options.highlighted = min(highlighted or 0, len(found) - 1)
            options.focus()

    @on(OptionList.OptionSelected, "#lesson-decisions")
    def _play(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a decision: play it where its story stands."""
        app = self.app
        story_id, _, node = (event.option.id or "").partition(" ")
        story = app.library.get(story_id)
        if story is None or node not in story.nodes:
            return
        seed = app.seed if app.seed is not None else random.randrange(1 << 30)
        round_ = lesson_round(app.trainer.lessons, story, node, app.library.get, seed=seed, language=app.language)
        play_round(app, round_, lesson=load_lessons().get(self.lesson))
