"""Reading the web trainer's replies as a trainee would: a page's words, its forms' values, where a form leads."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from scenarios.store.trainee import Trainee, served_trainee
from scenarios.web.actions import WebTrainer
from scenarios.web.pages import Page, Redirect, Reply, Visit

TAGS = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


def words(page: Reply) -> str:
    """What a page says, its markup gone and its spaces made single."""
    assert isinstance(page, Page), page
    return SPACE.sub(" ", html.unescape(TAGS.sub(" ", page.html))).strip()


def location(reply: Reply) -> str:
    """Where a redirect leads (the test fails on anything else)."""
    assert isinstance(reply, Redirect), reply
    return reply.location


def visit_of(name: str, browser: str = "browser-1", language: str = "en") -> Visit:
    """A request of `name`'s browser."""
    return Visit(served_trainee(name), browser, "form-token", language)


@dataclass
class Desk:
    """The web trainer's actions, with the steps a trainee's browser takes."""

    trainer: WebTrainer

    def trainee(self, name: str) -> Trainee:
        return served_trainee(name)

    def start(self, visit: Visit, story: str = "mini", mode: str = "practice") -> str:
        """Start `story` from its page; where it leads (its play page)."""
        return location(self.trainer.begin(visit, story, "start", mode))

    def option_number(self, visit: Visit, story: str, option_id: str) -> int:
        """The number the play page shows for option `option_id` now."""
        session = self.trainer.session(visit, story)
        assert session is not None
        return next(c.number for c in session.play.beat().choices if c.option_id == option_id)

    def choose(self, visit: Visit, option_id: str, story: str = "mini") -> Reply:
        """Choose an option on the play page as it stands (its step and the option's number)."""
        session = self.trainer.session(visit, story)
        assert session is not None
        step = len(session.play.history)
        return self.trainer.choose(visit, story, step, self.option_number(visit, story, option_id))
