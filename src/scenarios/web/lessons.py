"""The trainee's lessons and the day's review in the browser (no web imports: `server` routes to these, in the
store's thread): the material's lessons by chapter with what to practise next, a lesson's page with the decisions
that test it (each to play where its story stands), and the day's review decision by decision, with the verdict
after each choice and at the end what was practised and when each decision comes back.

Everything said here comes from the layer the terminal's F6 and F7 use: `scenarios.trainer.lessons` (the overview,
the decisions testing a lesson), `scenarios.trainer.review` (the round, which keeps every answer) and
`scenarios.trainer.wording` (the words); this module only puts it on pages. A round lives in the browser's place
(`Browser.review`), as an open story does, and is ended when the browser is left.
"""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from typing import Any

from scenarios.engine import ChoiceError
from scenarios.i18n.catalog import t
from scenarios.i18n.present import LESSON_FALLBACKS, lesson_name, lesson_names
from scenarios.story.lessons import chapter_heading, decision_lessons, load_lessons
from scenarios.trainer.lessons import LessonBook, LessonLine, Overview, decisions_testing, overview
from scenarios.trainer.review import DecisionRound, RoundSession, lesson_round
from scenarios.trainer.wording import (
    STATE_MARKS,
    changed_lines,
    comes_back,
    decision_place,
    item_why,
    round_intro,
    shortened,
    state_words,
    when,
)
from scenarios.web.actions import WebTrainer
from scenarios.web.browsers import Browser, WebRound
from scenarios.web.pages import Frame, Page, Redirect, Reply, Visit, render
from scenarios.web.views import play_view, verdict, words


class LessonPages:
    """The lessons' and the review's pages of one web trainer (its library, its browsers' places)."""

    def __init__(self, web: WebTrainer) -> None:
        self.web = web

    # --- reading ---------------------------------------------------------------------------
    def book(self, visit: Visit) -> LessonBook:
        """The trainee's lessons (through the browser's trainer, or one made for reading)."""
        return self.web.browsers.trainer_for(visit.browser, visit.trainee).lessons

    def overview_of(self, visit: Visit, frame: Frame) -> Overview | None:
        """The trainee's lessons over the library (answers of playthroughs from before read first); None, said on the
        page, when the store is busy."""
        book = self.book(visit)
        try:
            book.catch_up(self.web.library.get)
            return overview(book, self.web.library.stories)
        except sqlite3.Error:
            frame.notices.append(t("tui.error.busy", frame.look.language))
            return None

    def held(self, visit: Visit) -> tuple[Browser, WebRound] | None:
        """The browser's place and the round it plays, if any."""
        browser = self.web.browser(visit)
        if browser is None or browser.review is None:
            return None
        return browser, browser.review

    # --- the lessons -----------------------------------------------------------------------
    def lessons_page(self, visit: Visit) -> Reply:
        """Every lesson of the material by chapter, each with its state (at a glance and in words) and when it was
        last practised; first what to practise next and what is due for review."""
        frame = self.web.frame(visit, "lessons")
        language = frame.look.language
        view = self.overview_of(visit, frame)
        lines = view.lessons if view is not None else ()
        return render(
            "lessons.html.j2",
            frame,
            title=t("web.lessons.title", language),
            summary=t("mastery.summary", language, seen=view.seen, total=len(lines), mastered=view.mastered)
            if view is not None
            else "",
            due=t("mastery.due", language, count=view.due) if view is not None and view.due else "",
            upcoming=[self.lesson_view(line, language) for line in view.next] if view is not None else [],
            chapters=[
                (chapter_heading(chapter, language), [self.lesson_view(x, language) for x in held])
                for chapter, held in (view.chapters() if view is not None else [])
            ],
        )

    def lesson_view(self, line: LessonLine, language: str) -> dict[str, Any]:
        """One lesson as the lessons page lists it."""
        return {
            "id": line.lesson.id,
            "mark": STATE_MARKS[line.state],
            "state": line.state,
            "state_words": t(f"mastery.state.{line.state}", language),
            "title": line.lesson.title.get_text(language, LESSON_FALLBACKS),
            "name": lesson_name(line.lesson, language),
            "why": state_words(line, language),
            "last": t("mastery.last", language, date=when(line.last_at, language)) if line.last_at is not None else "",
        }

    def lesson_page(self, visit: Visit, lesson_id: str) -> Reply:
        """One lesson: what the material says, the trainee's state in it, and the library's decisions that test it
        (the story, where in it, the first words said there, whether it is in review), each to play."""
        lesson = load_lessons().get(lesson_id)
        if lesson is None:
            return self.web.not_found(visit)
        frame = self.web.frame(visit, "lessons")
        language = frame.look.language
        view = self.overview_of(visit, frame)
        line = next((held for held in view.lessons if held.lesson.id == lesson_id), None) if view else None
        book = self.book(visit)
        try:
            cards = book.cards()
        except sqlite3.Error:
            cards = {}
        today = book.today()
        decisions = []
        for story, decision in decisions_testing(self.web.library.stories, lesson_id):
            shown, text = words(story, language)
            said = next((text(said.text) for said in story.nodes[decision.node].say), "")
            place = decision_place(decision, cards.get((story.id, decision.node)), today, language, keys=False)
            decisions.append(
                {
                    "value": f"{story.id} {decision.node}",
                    "id": f"{story.id}-{decision.node}",
                    "title": text(story.title),
                    "lang": shown,
                    "where": place,
                    "said": shortened(said),
                }
            )
        return render(
            "lesson.html.j2",
            frame,
            title=lesson_name(lesson, language),
            lesson_id=lesson_id,
            text=lesson.text.get_text(language, LESSON_FALLBACKS),
            line=self.lesson_view(line, language) if line is not None else None,
            decisions=decisions,
        )

    def play_lesson(self, visit: Visit, lesson_id: str, decision: str) -> Reply:
        """Play a decision that tests the lesson (`story node`), where its story stands: a round of one."""
        story_id, _, node = decision.partition(" ")
        story = self.web.library.get(story_id)
        if story is None or node not in story.nodes or lesson_id not in story.nodes[node].lessons:
            return Redirect(f"/lessons/{lesson_id}")
        browser = self.web.browsers.place(visit.browser, visit.trainee)
        language = self.web.look(visit).language
        round_ = lesson_round(
            browser.trainer.lessons, story, node, self.web.library.get, seed=self.seed(), language=language
        )
        return self.open(browser, WebRound(round_, lesson_id), language)

    def seed(self) -> int:
        """The seed of a round's option order (the web trainer's own in tests)."""
        return self.web.seed if self.web.seed is not None else random.randrange(1 << 30)

    # --- the day's review ------------------------------------------------------------------
    def review_page(self, visit: Visit) -> Reply:
        """What today's review holds (or that there is nothing to review), the way in, and the round under way."""
        frame = self.web.frame(visit, "review")
        language = frame.look.language
        book = self.book(visit)
        try:
            book.catch_up(self.web.library.get)
            items = book.plan(self.web.library.stories)
        except sqlite3.Error:
            items = []
            frame.notices.append(t("tui.error.busy", language))
        held = self.held(visit)
        going = None
        if held is not None and not held[1].round.ended and held[1].round.item is not None:
            round_ = held[1].round
            going = t("web.review.going", language, number=round_.position + 1, count=round_.count)
        return render(
            "review.html.j2",
            frame,
            title=t("tui.review.title", language),
            intro=round_intro(items, language) if items else t("review.nothing", language),
            can_begin=bool(items),
            going=going,
        )

    def begin(self, visit: Visit) -> Reply:
        """Begin today's review (a round under way in this browser ends first, what it answered kept)."""
        browser = self.web.browsers.place(visit.browser, visit.trainee)
        language = self.web.look(visit).language
        book = browser.trainer.lessons
        try:
            book.catch_up(self.web.library.get)
            items = book.plan(self.web.library.stories)
        except sqlite3.Error:
            return self.busy(visit)
        if not items:
            return Redirect("/review")
        round_ = DecisionRound(book, items, self.web.library.get, seed=self.seed(), language=language)
        return self.open(browser, WebRound(round_), language)

    def open(self, browser: Browser, held: WebRound, language: str) -> Reply:
        """Play `held` in the browser, from its first decision."""
        if browser.review is not None:
            browser.review.end()
        browser.review = held
        return self.next_item(browser, held, language)

    def next_item(self, browser: Browser, held: WebRound, language: str) -> Reply:
        """The round's next decision, or its end when none is left."""
        if held.session is not None:
            held.session.leave()
            held.session = None
        round_ = held.round
        if not round_.open_next():
            held.end()
            return Redirect("/review/done")
        assert round_.story is not None
        title = words(round_.story, language)[1](round_.story.title)
        held.session = RoundSession(browser.trainer, round_, title=title, language=language)
        held.shown = round_.choices
        return Redirect("/review/play")

    def play_page(self, visit: Visit) -> Reply:
        """The round's decision: why it is here, the conversation so far, then the options; after a choice, its
        verdict and the way on."""
        found = self.held(visit)
        if found is None:
            return Redirect("/review")
        _, held = found
        round_, session = held.round, held.session
        if session is None or round_.play is None or round_.item is None:
            return Redirect("/review/done" if round_.ended else "/review")
        frame = self.web.frame(visit, "review")
        language = frame.look.language
        if round_.problem is not None:
            frame.notices.append(t("review.not_saved", language, detail=round_.problem))
        view = play_view(session, language)
        view["status"] = dataclasses.replace(
            view["status"],
            mode=t("tui.status.mode.review", language),
            decision=t("tui.review.status", language, number=round_.position + 1, count=round_.count),
        )
        answered = round_.choices > held.shown and bool(round_.play.history)
        result = verdict(round_.play.story, round_.play.history[-1], language) if answered else None
        lesson = load_lessons().get(held.lesson) if held.lesson else None
        if lesson is not None:
            tested = lesson_names(decision_lessons(round_.play.story, round_.item.node), language)
            why = t("review.why_tests", language, lessons=tested) if tested else ""
        else:
            why = item_why(round_.item, language)
        return render(
            "review_play.html.j2",
            frame,
            title=lesson_name(lesson, language) if lesson is not None else t("tui.review.title", language),
            why=why,
            verdict=result,
            changed=changed_lines(round_.changes, language) if result else [],
            after="same" if not round_.item_done else ("next" if not round_.done else "end"),
            **view,
        )

    def choose(self, visit: Visit, step: int, number: int) -> Reply:
        """The trainee chose option `number` on the page made at choice `step` (the answer is kept at once); then
        its verdict. A page made before the round moved on is not chosen from."""
        found = self.held(visit)
        if found is None:
            return Redirect("/review")
        _, held = found
        round_ = held.round
        play = round_.play
        if play is None or held.session is None or round_.ended:
            return Redirect("/review")
        if step != len(play.history) or round_.item_done or round_.choices > held.shown:
            return Redirect("/review/play")
        try:
            round_.choose(number)
        except ChoiceError:  # a number the page did not offer
            return Redirect("/review/play")
        return Redirect("/review/play#verdict")

    def next(self, visit: Visit) -> Reply:
        """After the verdict: the next decision once the story has moved on (or the round's end), else the same
        decision goes on."""
        found = self.held(visit)
        if found is None:
            return Redirect("/review")
        browser, held = found
        round_ = held.round
        if round_.ended or round_.play is None:
            return Redirect("/review/done")
        held.shown = round_.choices
        if round_.item_done:
            return self.next_item(browser, held, self.web.look(visit).language)
        return Redirect("/review/play")

    def end(self, visit: Visit) -> Reply:
        """End the round here: what was answered is kept (nothing answered: back where it was opened)."""
        found = self.held(visit)
        if found is None:
            return Redirect("/review")
        browser, held = found
        held.end()
        if held.round.answered:
            return Redirect("/review/done")
        browser.review = None
        return Redirect(f"/lessons/{held.lesson}" if held.lesson else "/review")

    def done_page(self, visit: Visit) -> Reply:
        """The round's end: how many went right, each decision answered with its lessons and when it comes back,
        and the lessons whose state changed."""
        found = self.held(visit)
        if found is None:
            return Redirect("/review")
        _, held = found
        round_ = held.round
        if not round_.ended:
            return Redirect("/review/play")
        frame = self.web.frame(visit, "review")
        language = frame.look.language
        try:
            back = round_.comes_back()
        except sqlite3.Error:
            back = []
            frame.notices.append(t("tui.error.busy", language))
        practised = []
        for index, (item, card) in zip(round_.played, back, strict=False):
            story = self.web.library.get(item.story)
            title, shown = item.story, language
            if story is not None:
                shown, text = words(story, language)
                title = text(story.title)
            practised.append(
                {
                    "right": index not in round_.missed_now,
                    "title": title,
                    "lang": shown,
                    "lessons": lesson_names(decision_lessons(story, item.node), language) if story else "",
                    "back": comes_back(card, language),
                }
            )
        lesson = load_lessons().get(held.lesson) if held.lesson else None
        key = "review.done" if round_.done else "review.left"
        return render(
            "review_done.html.j2",
            frame,
            title=lesson_name(lesson, language) if lesson is not None else t("tui.review.title", language),
            result=t(key, language, right=round_.right, count=round_.answered),
            practised=practised,
            changed=changed_lines(round_.changed, language),
            lesson_id=held.lesson,
        )

    def busy(self, visit: Visit) -> Page:
        """The store is busy: nothing was begun, try again."""
        frame = self.web.frame(visit, "review")
        language = frame.look.language
        return render(
            "message.html.j2",
            frame,
            title=t("web.busy.title", language),
            message=t("tui.error.busy", language),
            back="/review",
            status_code=503,
        )
