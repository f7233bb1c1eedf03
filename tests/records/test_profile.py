"""The xAPI Profile in docs/ is the one the code makes, is shaped as the Profiles specification asks, and
describes the statements the trainer really makes: each matches one Statement Template and its rules, uses
only the profile's extensions (with values their schemas allow), and each registration follows a Pattern."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scenarios.cli.main import main
from scenarios.engine import Playthrough
from scenarios.records.outbox import waiting_statements
from scenarios.records.profile import profile, profile_text
from scenarios.records.statements import (
    DEFAULT_BASE,
    RecordContext,
    account_actor,
    pause_statement,
    playthrough_statements,
)
from scenarios.store import Store
from scenarios.story.library import Library
from scenarios.story.loader import load_file
from scenarios.story.model import Story
from tests.mastery.stories import practise
from tests.records.test_team_statements import rehearse
from tests.support import WriteStory

DOCS = Path(__file__).parents[2] / "docs" / "xapi-profile.jsonld"
BASE = "https://training.turku.example/xapi/"
PATTERN_KINDS = ("alternates", "optional", "oneOrMore", "sequence", "zeroOrMore")


def values_at(statement: Any, location: str) -> list[Any]:
    """The values a JSONPath location of a Statement Template Rule finds (the subset the specification allows:
    children by name or ['quoted name'], array members by index or *)."""
    found = [statement]
    steps = re.findall(r"\.([A-Za-z_][\w-]*)|\['([^']*)'\]|\[(\*|\d+)\]", location.removeprefix("$"))
    for name, quoted, index in steps:
        after = []
        for value in found:
            key = name or quoted
            if key and isinstance(value, dict) and key in value:
                after.append(value[key])
            elif index == "*" and isinstance(value, list):
                after.extend(value)
            elif index.isdigit() and isinstance(value, list) and int(index) < len(value):
                after.append(value[int(index)])
        found = after
    return found


def broken_rules(statement: dict[str, Any], template: dict[str, Any]) -> list[str]:
    """The rules of a Statement Template the statement does not fulfil."""
    broken = []
    for rule in template.get("rules", []):
        found = values_at(statement, rule["location"])
        presence = rule.get("presence")
        if (presence == "included" and not found) or (presence == "excluded" and found):
            broken.append(f"{rule['location']} {presence}")
        elif presence != "recommended" or found:
            if "any" in rule and not any(v in rule["any"] for v in found):
                broken.append(f"{rule['location']} any of {rule['any']}")
            if "all" in rule and not all(v in rule["all"] for v in found):
                broken.append(f"{rule['location']} all in {rule['all']}")
            if "none" in rule and any(v in rule["none"] for v in found):
                broken.append(f"{rule['location']} none of {rule['none']}")
    return broken


def template_of(statement: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The one Statement Template whose determining properties the statement has."""
    parents = {
        (a.get("definition") or {}).get("type")
        for a in (statement.get("context") or {}).get("contextActivities", {}).get("parent", [])
    }
    matching: list[dict[str, Any]] = [
        template
        for template in document["templates"]
        if template["verb"] == statement["verb"]["id"]
        and template["objectActivityType"] == statement["object"]["definition"]["type"]
        and set(template.get("contextParentActivityType", [])) <= parents
    ]
    assert len(matching) == 1, (statement["verb"]["id"], [t["id"] for t in matching])
    return matching[0]


def pattern_regex(document: dict[str, Any], letters: dict[str, str]) -> dict[str, str]:
    """Each primary Pattern as a regular expression over one letter per Statement Template."""
    patterns = {p["id"]: p for p in document["patterns"]}

    def regex(ident: str) -> str:
        if ident in letters:
            return letters[ident]
        pattern = patterns[ident]
        (kind,) = [k for k in PATTERN_KINDS if k in pattern]
        value = pattern[kind]
        if kind == "sequence":
            return "(?:" + "".join(regex(v) for v in value) + ")"
        if kind == "alternates":
            return "(?:" + "|".join(regex(v) for v in value) + ")"
        return "(?:" + regex(value) + ")" + {"optional": "?", "zeroOrMore": "*", "oneOrMore": "+"}[kind]

    return {p["id"]: regex(p["id"]) for p in document["patterns"] if p.get("primary")}


def ticking() -> Callable[[], float]:
    """A clock three seconds further at each reading."""
    times = iter(range(1_700_000_000, 1_700_009_000, 3))
    return lambda: float(next(times))


def made_statements(story: Story, base: str) -> list[dict[str, Any]]:
    """Statements as the trainer makes them: practice, an exam played ideally and one played badly, and a
    playthrough left and taken up again."""
    made = []
    for number, mode in enumerate(("practice", "exam", "practice", "exam")):
        ctx = RecordContext(f"learner/{story.id}/{number}", account_actor(base, "learner"), base=base, mode=mode)
        play = Playthrough(story, seed=number, clock=ticking())
        while not play.is_over:
            choice = play.ideal_choice() if number == 1 else len(play.beat().choices)
            assert choice is not None
            play.choose(choice)
            if number == 2 and len(play.history) == 1 and not play.is_over:
                made += playthrough_statements(play, ctx)
                made.append(pause_statement(story, ctx, "suspended", play.clock(), 1))
                made.append(pause_statement(story, ctx, "resumed", play.clock(), 1))
        made += playthrough_statements(play, ctx)
    return made


def test_the_profile_in_docs_is_the_one_the_code_makes_and_records_profile_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert DOCS.read_text(encoding="utf-8") == profile_text(DEFAULT_BASE)
    assert main(["records", "profile"]) == 0
    assert capsys.readouterr().out == profile_text(DEFAULT_BASE)
    monkeypatch.setenv("SCENARIOS_XAPI_BASE", BASE)
    target = tmp_path / "profile.jsonld"
    assert main(["--lang", "en", "records", "profile", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == BASE + "profile"
    assert f"Wrote the xAPI Profile to {target} (base {BASE})" in capsys.readouterr().err


def test_the_profile_is_shaped_as_the_profiles_specification_asks() -> None:
    document = profile(BASE)
    for key in ("@context", "id", "type", "conformsTo", "prefLabel", "definition", "versions", "author"):
        assert key in document, key
    version = document["versions"][0]["id"]
    ids = {c["id"] for c in document["concepts"]} | {t["id"] for t in document["templates"]}
    ids |= {p["id"] for p in document["patterns"]}
    assert len(ids) == len(document["concepts"]) + len(document["templates"]) + len(document["patterns"])
    for item in (*document["concepts"], *document["templates"], *document["patterns"]):
        assert item["inScheme"] == version
    for concept in document["concepts"]:
        assert set(concept["prefLabel"]) == set(concept["definition"]) == {"en", "fi"}
        jsonschema.Draft202012Validator.check_schema(json.loads(concept["inlineSchema"]))
    for template in document["templates"]:
        for rule in template["rules"]:
            assert {"presence", "any", "all", "none"} & set(rule), rule
    patterns = {p["id"]: p for p in document["patterns"]}
    for pattern in document["patterns"]:
        kinds = [k for k in PATTERN_KINDS if k in pattern]
        assert len(kinds) == 1, pattern["id"]
        members = pattern[kinds[0]] if isinstance(pattern[kinds[0]], list) else [pattern[kinds[0]]]
        assert all(m in ids for m in members), pattern["id"]
        if kinds[0] == "alternates":  # the specification: no optional or zeroOrMore directly inside alternates
            assert not any(m in patterns and ({"optional", "zeroOrMore"} & set(patterns[m])) for m in members)
        if pattern.get("primary"):
            assert "prefLabel" in pattern and "definition" in pattern


def test_every_statement_the_trainer_makes_follows_the_profile(write: WriteStory, mini_text: str) -> None:
    document = profile(BASE)
    concepts = {c["id"]: c for c in document["concepts"]}
    letters = {t["id"]: chr(ord("a") + i) for i, t in enumerate(document["templates"])}
    primaries = pattern_regex(document, letters)
    statements: list[dict[str, Any]] = []
    for story in Library.load().stories:
        statements += made_statements(story, BASE)
    store = Store()
    store.write_setting("records", {"base": BASE})
    mini = load_file(write(mini_text)).story
    assert mini is not None
    rehearse(store, mini)
    practise(store)  # lessons' states and review rounds
    statements += waiting_statements(store)  # a team rehearsal's, and practice that adapts
    by_registration: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for statement in statements:
        template = template_of(statement, document)
        assert not broken_rules(statement, template), (template["id"], broken_rules(statement, template))
        for holder in (statement.get("context") or {}, statement.get("result") or {}):
            for key, value in (holder.get("extensions") or {}).items():
                assert key in concepts, key
                jsonschema.validate(value, json.loads(concepts[key]["inlineSchema"]))
        by_registration[statement["context"]["registration"]][statement["id"]] = statement
    for registration, held in by_registration.items():
        ordered = sorted(held.values(), key=lambda s: s["timestamp"])  # stable: same time keeps the made order
        word = "".join(letters[template_of(s, document)["id"]] for s in ordered)
        assert any(re.fullmatch(regex, word) for regex in primaries.values()), (registration, word)
    used = {template_of(s, document)["id"] for s in statements}
    assert used == set(letters)  # no template describes what the trainer never sends
