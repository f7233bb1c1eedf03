"""What each page of the web trainer does and shows (no web imports: the server hands in a `Visit` and the
form's values, and sends the `Reply`). Every decision is the session layer's (`scenarios.trainer`: starting,
resuming, choosing, saving, the leases); this module only puts its answers on pages.

Runs in one thread, the store's: the store connection, the library and the browsers' sessions are used
from there only, so a page never waits for the event loop and the event loop never waits for the store.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scenarios.engine import ChoiceError, SaveError, from_json
from scenarios.exports.debrief import debrief_markdown
from scenarios.i18n.catalog import LANGUAGES, in_language, language_name, moment_text, page_language, t
from scenarios.i18n.messages import render as render_problem
from scenarios.i18n.present import language_fallback, source_label, story_language, text_in
from scenarios.records.background import outbox_note
from scenarios.store import FINISHED, Settings, Store, save_settings
from scenarios.store.folders import read_story_folders
from scenarios.store.settings import THEMES, stored_settings
from scenarios.story import browse
from scenarios.story.glossary import GlossaryError, load_glossary
from scenarios.story.library import Library, StoryInfo
from scenarios.story.model import Story
from scenarios.trainer.due import due_count
from scenarios.trainer.own_words import SHARED as OWN_WORDS
from scenarios.trainer.own_words import OwnDraft, asks_own_words, warm_up
from scenarios.trainer.resume import CannotResume, Offer, Resumed, Start, Step, StoreBusy, answer, at_launch, opening
from scenarios.trainer.session import PlaySession, TakenOverError, Trainer
from scenarios.web.browsers import Browser, Browsers, Limits
from scenarios.web.pages import THEMES as PAGE_THEMES
from scenarios.web.pages import Download, Frame, Look, Page, Redirect, Reply, Visit, render
from scenarios.web.views import debrief_view, draft_rubric, feedback_view, own_view, play_view

MODES = ("practice", "exam")
NOTES = ("closed", "stale", "saved", "left", "taken", "refused")
"""What a page may be asked to tell after a redirect (`?note=`): the story was no longer open here, the page
was out of date, the settings were saved, the story was left for now, another window took the story over (and
a choice made here was refused)."""
OWN_REPLY_MAX = 4000
"""Characters of an own reply kept (a reply is a few sentences; the form's limit says so too)."""
LIBRARY_CHECK = 5.0
"""Seconds between looks at whether a story folder changed (a stat of each file)."""


class WebTrainer:
    """The web trainer over one store: its pages and what their forms do."""

    def __init__(
        self,
        store: Store,
        *,
        paths: Sequence[str | Path] | None = None,
        limits: Limits | None = None,
        language: str = "fi",
        clock: Callable[[], float] = time.time,
        seed: int | None = None,
    ) -> None:
        self.store = store
        self.paths = list(paths) if paths else None
        self.browsers = Browsers(store, limits)
        self.language = language
        """The server's language: for a browser that asks for none of ours."""
        self.clock = clock
        self.seed = seed
        self._library: Library | None = None
        self._checked = 0.0
        self._serving = False
        self._held: tuple[Visit, Settings, bool] | None = None
        """The settings read in the request under way (`request`), with the visit they were read for."""

    # --- the library of stories --------------------------------------------------------
    @property
    def library(self) -> Library:
        """The stories (loaded on first use; read again when a story folder changed)."""
        if self._library is None:
            self._library = Library.load(self.paths) if self.paths else Library.discover(read_story_folders(self.store))
        return self._library

    def check_library(self) -> None:
        """Read the story folders again when a file was added, edited or removed (at most every few seconds)."""
        now = time.monotonic()
        if self._library is not None and now - self._checked >= LIBRARY_CHECK:
            self._checked = now
            if self._library.changed():
                self._library = self._library.reloaded()

    def infos(self, language: str) -> list[StoryInfo]:
        """The stories that load, in title order in `language`."""
        return sorted(self.library.infos, key=lambda info: browse.story_text(info, info.title, language).casefold())

    # --- who is asking -------------------------------------------------------------------
    def look(self, visit: Visit) -> Look:
        """The trainee's language, theme and mode: their settings once they have chosen, else the browser's
        language (the theme and mode of a trainee who chose nothing are the trainer's defaults)."""
        settings, chosen = self.stored_settings(visit)
        language = settings.language if chosen else page_language(visit.accept_language, self.language)
        return Look(language, PAGE_THEMES[settings.theme], settings.mode, chosen)

    def stored_settings(self, visit: Visit) -> tuple[Settings, bool]:
        """The trainee's settings as stored (their own, else the installation's, else the defaults), and whether
        they are their own; read once per request (`request`), not by each part of a page that asks."""
        held = self._held
        if held is not None and held[0] is visit:
            return held[1], held[2]
        try:
            settings, chosen = stored_settings(self.store.as_trainee(visit.trainee))
        except sqlite3.Error:
            settings, chosen = Settings(), False
        if self._serving:
            self._held = (visit, settings, chosen)
        return settings, chosen

    @contextmanager
    def request(self) -> Iterator[None]:
        """One request's actions: the trainee's settings are read once in it (and again by the next request)."""
        self._serving, self._held = True, None
        try:
            yield
        finally:
            self._serving, self._held = False, None

    def frame(self, visit: Visit, section: str | None = None, note: str | None = None) -> Frame:
        """The layout's part of a page, with the sentence a redirect asked it to tell."""
        look = self.look(visit)
        notices = [t(f"web.note.{note}", look.language)] if note in NOTES else []
        return Frame(visit, look, section, notices)

    def browser(self, visit: Visit) -> Browser | None:
        """The browser's place, if it has a story open."""
        return self.browsers.find(visit.browser, visit.trainee)

    def session(self, visit: Visit, story_id: str) -> PlaySession | None:
        """The playthrough of `story_id` this browser plays now (one another window took over is played here no
        longer: it is closed, and None)."""
        playing = self.playing(visit, story_id)
        return playing if isinstance(playing, PlaySession) else None

    def playing(self, visit: Visit, story_id: str, *, taken: str = "taken") -> PlaySession | Redirect:
        """The playthrough of `story_id` this browser plays now, or the story's page saying why it plays none: it
        is no longer open here, or another window took it over (the note `taken`; it is then closed here, and its
        page offers to go on with it from where the other window left it)."""
        browser = self.browser(visit)
        session = browser.session(story_id) if browser is not None else None
        if browser is None or session is None:
            return Redirect(f"/stories/{story_id}?note=closed")
        if session.taken:
            browser.close(story_id)
            return Redirect(f"/stories/{story_id}?note={taken}")
        return session

    # --- the library ---------------------------------------------------------------------
    def library_page(self, visit: Visit, search: browse.Search, note: str | None = None) -> Reply:
        """The library: the search and filters, the stories found, and the story left unfinished last."""
        frame = self.frame(visit, "library", note)
        language = frame.look.language
        trainer = self.browsers.trainer_for(visit.browser, visit.trainee)
        infos = self.infos(language)
        shown = browse.found(infos, search, language)
        try:
            best = trainer.store.best()
            waiting = {record.story_id for record in trainer.store.interrupted()}
        except sqlite3.Error:
            best, waiting = {}, set()
        own_words = self.settings_of(visit).own_words == "on"
        stories = [self.story_row(info, best.get(info.id), info.id in waiting, language, own_words) for info in shown]
        broken = [
            {"path": item.path, "problems": [d.format(language) for d in item.diagnostics]}
            for item in self.library.broken_infos
            if browse.path_matches(item.path, search)
        ]
        return render(
            "library.html.j2",
            frame,
            title=t("web.library.title", language),
            search=search,
            channels=browse.channels(infos, language),
            customers=browse.customers(infos, language),
            themes=browse.themes(infos, language),
            stories=stories,
            broken=broken,
            resume=self.resume_offer(visit, trainer, language),
            due=due_words(trainer, {info.id for info in infos}, language),
        )

    def story_row(
        self, info: StoryInfo, best: Any, unfinished: bool, language: str, own_words: bool = False
    ) -> dict[str, Any]:
        """One story of the library list: its title, details, best result, whether one is unfinished, and (with
        own words first on) whether it asks for the trainee's own replies. A story not in the trainee's language says
        first which it is shown in ("på finska"), as the terminal's library does."""
        shown = info.language(language)
        return {
            "id": info.id,
            "title": browse.story_text(info, info.title, language),
            "summary": browse.story_text(info, info.summary, language),
            "lang": shown,
            "details": " · ".join(
                (
                    *([in_language(shown, language)] if shown != language else []),
                    t(f"channel.{info.channel}", language),
                    browse.customer_of(info, language),
                    t(f"difficulty.{info.difficulty}", language),
                    t("tui.library.minutes", language, minutes=info.minutes),
                )
            ),
            "origin": info.origin.label(language, short=True) if info.origin.notable else "",
            "best": t("tui.library.best", language, got=best.solution_focused, of=best.decisions)
            if best is not None
            else t("tui.library.not_played", language),
            "unfinished": unfinished,
            "own_words": t("tui.library.own_words", language) if own_words and info.own_words else "",
        }

    def resume_offer(self, visit: Visit, trainer: Trainer, language: str) -> dict[str, Any] | None:
        """The story left unfinished last that no other window plays (the terminal app offers it at start)."""
        browser = self.browser(visit)
        playing = next((s for s in reversed(browser.open.values()) if not s.play.is_over), None) if browser else None
        if playing is not None:
            title = text_in(playing.story.title, story_language(playing.story, language), playing.story)
            return {"story": playing.story.id, "title": title, "open": True, "decisions": len(playing.play.history)}
        step = at_launch(trainer, lambda record: self.library.get(record.story_id))
        if not isinstance(step, Offer) or step.story is None:
            return None
        record, story = step.record, step.story
        title = text_in(story.title, story_language(story, language), story)
        return {"story": story.id, "title": title, "open": False, "decisions": record.decisions}

    # --- a story -------------------------------------------------------------------------
    def story_page(self, visit: Visit, story_id: str, note: str | None = None) -> Reply:
        """A story's page: what it is about, and how to begin it (start, or go on with an unfinished one)."""
        frame = self.frame(visit, "library", note)
        language = frame.look.language
        loaded = self.library.open(story_id)
        if loaded is None:
            return self.not_found(visit)
        info = next((i for i in self.library.infos if i.id == story_id), None)
        if loaded.story is None or info is None:
            problems = [d.format(language) for d in loaded.diagnostics]
            return render(
                "broken.html.j2",
                frame,
                title=t("tui.library.broken_title", language),
                problems=problems,
                path=loaded.path,
                status_code=409,
            )
        story = loaded.story
        open_here = self.session(visit, story_id)
        step: Step = None
        if open_here is None or open_here.play.is_over:
            step = opening(self.browsers.trainer_for(visit.browser, visit.trainee), story)
        return render(
            "story.html.j2",
            frame,
            title=browse.story_text(info, info.title, language),
            card=self.card(visit, info, language),
            open_here=open_here is not None and not open_here.play.is_over,
            step=self.step_view(step, language),
            mode=frame.look.mode,
            modes=MODES,
        )

    def card(self, visit: Visit, info: StoryInfo, language: str) -> dict[str, Any]:
        """The story's details, as the terminal's library card has them, with the trainee's best result."""
        try:
            record = self.store.as_trainee(visit.trainee).best().get(info.id)
        except sqlite3.Error:
            record = None
        best = (
            t("tui.card.best_value", language, got=record.solution_focused, of=record.decisions)
            if record is not None
            else t("tui.library.not_played", language)
        )
        rows = [
            (t("tui.card.channel", language), t(f"channel.{info.channel}", language)),
            (t("tui.card.customer", language), browse.customer_of(info, language)),
            (t("tui.card.theme", language), t(f"theme.{info.theme}", language)),
            (t("tui.card.difficulty", language), t(f"difficulty.{info.difficulty}", language)),
            (t("tui.card.minutes", language), t("tui.library.minutes", language, minutes=info.minutes)),
            (t("tui.card.source", language), source_label(info.source, language)),
            (t("tui.card.best", language), best),
        ]
        if info.origin.notable:
            rows.append((t("library.origin.label", language), info.origin.label(language)))
        shown = info.language(language)
        fictional = ""
        if info.fictional:
            fictional = info.text(info.fictional_note, shown) if info.fictional_note else t("story.fictional", language)
        return {
            "id": info.id,
            "summary": info.text(info.summary, shown),
            "rows": rows,
            "fictional": fictional,
            "lang": shown,
            "fallback": language_fallback(language, shown) if shown != language else "",
        }

    def step_view(self, step: Step, language: str) -> dict[str, Any]:
        """The way into a story: start it, or the offer about its unfinished playthrough, or why it cannot go on."""
        if isinstance(step, Offer):
            record = step.record
            when = moment_text(record.updated_at, language)
            title = text_in(step.story.title, story_language(step.story, language), step.story) if step.story else ""
            if step.kind == "elsewhere":
                body = t("tui.resume.elsewhere_body", language, story=title, decisions=record.decisions)
            else:
                body = t("tui.resume.body", language, story=title, decisions=record.decisions, when=when)
                if step.kind == "changed":
                    body += " " + t("tui.resume.changed", language)
            labels = {
                "resume": "tui.resume.continue",
                "discard": "tui.resume.start_again",
                "later": "tui.resume.later",
                "fresh": "tui.resume.fresh",
                "take_over": "tui.resume.take_over",
            }
            heading = "tui.resume.elsewhere_title" if step.kind == "elsewhere" else "tui.resume.title"
            answers = [(choice, t(labels[choice], language)) for choice in step.answers]
            return {"kind": "offer", "heading": t(heading, language), "body": body, "answers": answers}
        if isinstance(step, CannotResume):
            reason = render_problem(step.error.code, step.error.params, language)
            return {"kind": "cannot", "body": t("tui.resume.cannot", language, reason=reason)}
        return {"kind": "start"}

    def begin(self, visit: Visit, story_id: str, given: str, mode: str | None) -> Reply:
        """The story page's form: start the story, or answer the offer about its unfinished playthrough. An
        answer the offer no longer takes (it changed meanwhile) shows the story page again."""
        story = self.library.get(story_id)
        if story is None:
            return self.not_found(visit)
        if given == "later":
            return Redirect("/")
        browser = self.browsers.place(visit.browser, visit.trainee)
        open_here = browser.session(story_id)
        if given == "restart" and open_here is not None:
            record = open_here.record_id if not open_here.finished else None
            browser.close(story_id)
            if record is not None:
                browser.trainer.abandon(record)
        step = opening(browser.trainer, story)
        if isinstance(step, Offer):
            if given not in step.answers:
                return Redirect(f"/stories/{story_id}")
            step = answer(browser.trainer, step, given)
        elif isinstance(step, Start) and given not in ("start", "restart", "discard", "fresh"):
            return Redirect(f"/stories/{story_id}")
        return self.take(visit, browser, story, step, mode)

    def take(self, visit: Visit, browser: Browser, story: Story, step: Step, mode: str | None) -> Reply:
        """Go where the step leads: the new or resumed playthrough, or the page that says why not."""
        if isinstance(step, Start):
            language = self.look(visit).language
            seed = self.seed if self.seed is not None else random.randrange(1 << 30)
            title = text_in(story.title, story_language(story, language), story)
            chosen = mode if mode in MODES else self.look(visit).mode
            session = browser.trainer.start(story, title=title, language=language, mode=chosen, seed=seed)
            browser.play(session, limit=self.browsers.limits.stories)
            return Redirect(f"/play/{story.id}")
        if isinstance(step, Resumed):
            browser.play(step.session, limit=self.browsers.limits.stories)
            return Redirect(f"/play/{story.id}")
        if isinstance(step, StoreBusy):
            frame = self.frame(visit, "library")
            return render(
                "message.html.j2",
                frame,
                title=t("web.busy.title", frame.look.language),
                message=t("tui.error.busy", frame.look.language),
                back=f"/stories/{story.id}",
                status_code=503,
            )
        if step is None:
            return Redirect("/")
        return Redirect(f"/stories/{story.id}")  # an offer again, or one that cannot go on: the page says so

    # --- playing -------------------------------------------------------------------------
    def play_page(self, visit: Visit, story_id: str, note: str | None = None) -> Reply:
        """The playthrough as it stands: the conversation, the status and the options (or the way to the debrief)."""
        session = self.playing(visit, story_id)
        if isinstance(session, Redirect):
            return session
        frame = self.frame(visit, "library", note)
        self.tell_problem(session, frame)
        view = play_view(session, frame.look.language)
        view["own"] = None
        if self.own_words_on(visit, session):
            view["own"] = own_view(session, frame.look.language)
            if view["own"]["state"] != "write":
                view["new_from"] = None  # the focus goes to the reply's checklist, or to the options after it
            if session.own_draft is None:
                warm_up([story_language(session.story, frame.look.language)])  # lists open while the trainee writes
        return render("play.html.j2", frame, title=view["story"]["title"], **view)

    # --- own words first -------------------------------------------------------------------
    def own_words_on(self, visit: Visit, session: PlaySession) -> bool:
        """Whether the trainee writes their own reply first at the decision the story stands at (the setting, in
        practice mode, at a decision with a rubric, not when an action brought the trainee back to it)."""
        play = session.play
        if session.mode != "practice" or play.is_over or play.beat().returned:
            return False
        if not asks_own_words(session.story, play.node):
            return False
        return self.settings_of(visit).own_words == "on"

    def own_send(self, visit: Visit, story_id: str, step: int, text: str) -> Reply:
        """The trainee sent their own reply: it is checked against the decision's rubric, and the play page shows
        its checklist. An empty reply, or one from a page made before the story moved on, changes nothing."""
        session = self.playing(visit, story_id)
        if isinstance(session, Redirect):
            return session
        play = session.play
        if step != len(play.history) or play.is_over or not self.own_words_on(visit, session):
            return Redirect(f"/play/{story_id}?note=stale")
        text = text.replace("\r\n", "\n").strip()[:OWN_REPLY_MAX]
        if text:
            language = story_language(session.story, self.look(visit).language)
            checklist = OWN_WORDS.check(session.story, play.node, language, text)
            session.own_draft = OwnDraft(play.node, step, text, checklist)
        return Redirect(f"/play/{story_id}#own")

    def own_done(self, visit: Visit, story_id: str, step: int, turned: set[str]) -> Reply:
        """The trainee read the checklist (turning over the marks in `turned`) and goes on to the options."""
        session = self.playing(visit, story_id)
        if isinstance(session, Redirect):
            return session
        draft = session.own_draft
        if draft is None or draft.step != step or step != len(session.play.history):
            return Redirect(f"/play/{story_id}?note=stale")
        known = {item.id for item in draft_rubric(session).items}
        draft.corrected = turned & known
        draft.ready = True
        return Redirect(f"/play/{story_id}#choices")

    def tell_problem(self, session: PlaySession, frame: Frame) -> None:
        """Say on the page when the last save did not reach the store (busy, failed, or taken over elsewhere)."""
        problem = session.problem
        if problem is not None:
            frame.notices.append(t(f"tui.save.{problem.code}", frame.look.language, detail=problem.detail))

    def choose(self, visit: Visit, story_id: str, step: int, number: int) -> Reply:
        """The trainee chose option `number` on the page made at choice `step`: choose and save, then the verdict
        (practice) or the next beat (exam). A page made before the story moved on is not chosen from, nor one of a
        story another window took over (nothing of the choice is kept: the story's page says so)."""
        session = self.playing(visit, story_id, taken="refused")
        if isinstance(session, Redirect):
            return session
        play = session.play
        if step != len(play.history) or play.is_over:
            return Redirect(f"/play/{story_id}?note=stale")
        draft = session.own_draft
        own = draft.reply() if draft is not None and draft.ready and draft.step == step else None
        if own is None and self.own_words_on(visit, session):
            return Redirect(f"/play/{story_id}#own")  # the reply comes first, then the options
        try:
            session.choose(number, own=own)
        except ChoiceError:
            return Redirect(f"/play/{story_id}?note=stale")
        except TakenOverError:  # another window took the story over: nothing of this choice is kept
            browser = self.browser(visit)
            if browser is not None:
                browser.close(story_id)
            return Redirect(f"/stories/{story_id}?note=refused")
        session.own_draft = None
        if play.is_over:
            session.finish()
        if session.mode == "practice":
            return Redirect(f"/play/{story_id}/verdict/{len(play.history)}#verdict")
        return Redirect(f"/play/{story_id}")

    def verdict_page(self, visit: Visit, story_id: str, number: int) -> Reply:
        """The verdict on choice `number` (practice only: an exam keeps its verdicts for the debrief)."""
        session = self.playing(visit, story_id)
        if isinstance(session, Redirect):
            return session
        if session.mode != "practice" or not 1 <= number <= len(session.play.history):
            return Redirect(f"/play/{story_id}")
        frame = self.frame(visit, "library")
        self.tell_problem(session, frame)
        view = feedback_view(session, number, frame.look.language)
        return render("verdict.html.j2", frame, title=view["verdict"]["words"], **view)

    def leave(self, visit: Visit, story_id: str) -> Reply:
        """The trainee leaves the story for now (it is kept, to go on with later, here or in the terminal)."""
        browser = self.browser(visit)
        if browser is not None:
            browser.close(story_id)
        return Redirect("/?note=left")

    def debrief_page(self, visit: Visit, story_id: str) -> Reply:
        """The debrief of the story just played to its end."""
        session = self.playing(visit, story_id)
        if isinstance(session, Redirect):
            return session
        if not session.play.is_over:
            return Redirect(f"/play/{story_id}")
        frame = self.frame(visit, "library")
        self.tell_problem(session, frame)
        view = debrief_view(session.story, session.play, session.mode, frame.look.language)
        return render(
            "debrief.html.j2",
            frame,
            title=t("plain.debrief", frame.look.language),
            again=True,
            download=f"/play/{story_id}/debrief.md",
            **view,
        )

    def debrief_file(self, visit: Visit, story_id: str) -> Reply:
        """The debrief as a Markdown file, downloaded by the browser (never written on the server)."""
        session = self.session(visit, story_id)
        if session is None or not session.play.is_over:
            return Redirect(f"/play/{story_id}")
        return self.markdown(visit, session.story, session.play, session.mode)

    def markdown(self, visit: Visit, story: Story, play: Any, mode: str) -> Download:
        """A debrief file named by the story and the time it was asked for."""
        language = self.look(visit).language
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self.clock()))
        text = debrief_markdown(story, play.debrief(), language, mode, played_at=play.started_at)
        return Download(text, f"{story.id}-{stamp}.md")

    def alive(self, visit: Visit) -> None:
        """An open page says it is still there: its browser keeps its stories open."""
        self.browser(visit)

    # --- progress, glossary, settings ----------------------------------------------------
    def progress_page(self, visit: Visit) -> Reply:
        """The best result per story and every finished playthrough, each opening its debrief."""
        frame = self.frame(visit, "progress")
        language = frame.look.language
        store = self.store.as_trainee(visit.trainee)
        try:
            history, best = store.history(), store.best()
        except sqlite3.Error:
            history, best = [], {}
            frame.notices.append(t("tui.error.busy", language))

        def row(record: Any) -> dict[str, Any]:
            story = self.library.get(record.story_id)
            title = text_in(story.title, story_language(story, language), story) if story else record.title
            return {
                "id": record.id,
                "date": moment_text(record.updated_at, language),
                "title": title,
                "mode": t(f"tui.mode_name.{record.mode}", language) if record.mode in MODES else record.mode,
                "result": t("tui.progress.score", language, got=record.solution_focused, of=record.decisions),
                "ideal": f"{record.ideal}/{record.decisions}",
                "ending": t(f"outcome.{record.outcome}", language) if record.outcome else "–",
            }

        return render(
            "progress.html.j2",
            frame,
            title=t("tui.progress.title", language),
            best=[row(r) for r in best.values()],
            history=[row(r) for r in history],
            outbox=outbox_note(store, language),
        )

    def past_debrief(self, visit: Visit, record_id: int, *, as_file: bool = False) -> Reply:
        """The debrief of one of the trainee's finished playthroughs (or its file)."""
        frame = self.frame(visit, "progress")
        language = frame.look.language
        store = self.store.as_trainee(visit.trainee)
        record = store.get(record_id)
        if record is None or record.status != FINISHED:
            return self.not_found(visit)
        story = self.library.get(record.story_id)
        if story is None:
            return self.problem(frame, t("tui.resume.story_missing", language, story=record.title), "/progress")
        try:
            play = from_json(story, record.save, clock=self.clock, allow_changed=True)
        except SaveError as error:
            reason = render_problem(error.code, error.params, language)
            return self.problem(frame, t("tui.progress.cannot_open", language, reason=reason), "/progress")
        if as_file:
            return self.markdown(visit, story, play, record.mode)
        view = debrief_view(story, play, record.mode, language)
        return render(
            "debrief.html.j2",
            frame,
            title=t("plain.debrief", language),
            again=False,
            download=f"/progress/{record_id}/debrief.md",
            **view,
        )

    def glossary_page(self, visit: Visit) -> Reply:
        """The material's core concepts (chapter 2)."""
        frame = self.frame(visit, "glossary")
        language = frame.look.language
        try:
            glossary = load_glossary()
            terms = [
                {
                    "term": term.term.get_text(language, glossary.languages),
                    "definition": term.definition.get_text(language, glossary.languages),
                    "examples": [example.get_text(language, glossary.languages) for example in term.examples],
                }
                for term in glossary.terms
            ]
        except GlossaryError:
            terms = []
        return render("glossary.html.j2", frame, title=t("tui.glossary.title", language), terms=terms)

    def settings_page(self, visit: Visit, note: str | None = None, problem: str | None = None) -> Reply:
        """The trainee's language, mode and theme (the same settings as in the terminal app)."""
        frame = self.frame(visit, "settings", note)
        language = frame.look.language
        settings = self.settings_of(visit)
        groups = [
            ("language", [(code, language_name(code, code)) for code in LANGUAGES]),
            ("mode", [(mode, t(f"tui.mode.{mode}", language)) for mode in MODES]),
            ("own_words", [(value, t(f"tui.own_words.{value}", language)) for value in ("off", "on")]),
            ("theme", [(theme, t(f"tui.theme.{theme}", language)) for theme in THEMES]),
        ]
        return render(
            "settings.html.j2",
            frame,
            title=t("tui.settings.title", language),
            groups=groups,
            current=settings.model_dump(),
            problem=problem,
            status_code=503 if problem else 200,
        )

    def settings_of(self, visit: Visit) -> Settings:
        """The trainee's settings, with the language their pages are shown in."""
        settings, _ = self.stored_settings(visit)
        return settings.model_copy(update={"language": self.look(visit).language})

    def save_settings(self, visit: Visit, given: dict[str, str], back: str = "/settings") -> Reply:
        """Keep the settings given (each one the form did not send stays as it was); said only once kept."""
        current = self.settings_of(visit).model_dump()
        changed = {name: value for name, value in given.items() if name in current}
        try:
            settings = Settings(**{**current, **changed})  # type: ignore[arg-type]
        except ValueError:
            return self.settings_page(visit)
        self._held = None  # read again, as saved
        try:
            save_settings(self.store.as_trainee(visit.trainee), settings)
        except sqlite3.Error:
            return self.settings_page(visit, problem=t("tui.error.busy", self.look(visit).language))
        separator = "&" if "?" in back else "?"
        return Redirect(f"{back}{separator}note=saved" if back == "/settings" else back)

    # --- what every page may need ----------------------------------------------------------
    def not_found(self, visit: Visit) -> Page:
        """The page for an address that is nothing of ours."""
        frame = self.frame(visit)
        language = frame.look.language
        return render(
            "message.html.j2",
            frame,
            title=t("web.not_found.title", language),
            message=t("web.not_found", language),
            back="/",
            status_code=404,
        )

    def expired(self, visit: Visit) -> Page:
        """A form this browser did not get from us, or got before its cookies were cleared: nothing was done."""
        frame = self.frame(visit)
        language = frame.look.language
        return render(
            "message.html.j2",
            frame,
            title=t("web.expired.title", language),
            message=t("web.expired", language),
            back="/",
            status_code=403,
        )

    def problem(self, frame: Frame, message: str, back: str) -> Page:
        """A page that says why something cannot be shown, with the way back."""
        return render(
            "message.html.j2",
            frame,
            title=t("web.problem.title", frame.look.language),
            message=message,
            back=back,
            status_code=409,
        )

    def chores(self) -> None:
        """Every few seconds: leave the stories of browsers gone silent, renew the others' leases, and look at
        the story folders."""
        self.browsers.sweep()
        self.browsers.heartbeat()
        self.check_library()

    def close(self) -> None:
        """The server stops: every open playthrough is left (kept, to go on with later)."""
        self.browsers.close()


def due_words(trainer: Trainer, stories: set[str], language: str) -> str:
    """How many of the trainee's missed decisions are due for review today, as the library says it ('' for none)."""
    count = due_count(trainer.store, stories, trainer.clock)
    return t("mastery.due", language, count=count) if count else ""
