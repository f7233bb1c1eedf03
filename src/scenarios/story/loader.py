"""Story files to `Story` models, with every problem at once as `file:line:col` diagnostics."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from scenarios.story import checks
from scenarios.story.checks import Problem, suggest
from scenarios.story.diagnostics import Diagnostic as Diagnostic
from scenarios.story.model import (
    CUSTOMER_TYPES,
    Branch,
    Email,
    Line,
    MinScore,
    Node,
    Option,
    Points,
    Story,
    Variable,
    Walkthrough,
)
from scenarios.story.rubric import Rubric, RubricItem
from scenarios.story.safeyaml import Document, Position, YamlProblem, decode, parse


@dataclass(frozen=True)
class LoadResult:
    """The outcome of loading one file: a story when it is valid, and its problems."""

    path: str
    story: Story | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """True when the story loaded without errors."""
        return self.story is not None and not any(d.severity == "error" for d in self.diagnostics)


def load_file(path: str | Path) -> LoadResult:
    """Load and check one story file. Never raises for a bad file."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(_READ_LIMIT)
    except OSError as error:
        return LoadResult(name, None, (Diagnostic(name, 1, 1, "read_error", {"detail": error.strerror or str(error)}),))
    return load_bytes(raw, name)


_READ_LIMIT = 1024 * 1024 + 1  # one byte over the limit is enough to report "too big"


def load_bytes(raw: bytes, name: str = "<story>") -> LoadResult:
    """Load and check a story from raw bytes, naming it `name` in diagnostics. Never raises for a bad file:
    even a fault of the loader itself comes back as a diagnostic, so the other files still get checked."""
    try:
        try:
            text = decode(raw)
            document = parse(text)
        except YamlProblem as problem:
            shown = raw.decode("utf-8", "replace")
            if problem.code not in ("empty", "too_big") and not _looks_like_a_story(None, shown):
                return _not_a_story(name)
            lines = source_lines(shown)
            return LoadResult(name, None, (_locate(name, lines, problem.position, problem.code, problem.params),))
        return load_document(document, text, name)
    except Exception as error:  # the promise above, RecursionError included
        detail = f"{type(error).__name__}: {str(error)[:200]}"
        return LoadResult(name, None, (Diagnostic(name, 1, 1, "loader_fault", {"detail": detail}),))


def load_text(text: str, name: str = "<story>") -> LoadResult:
    """Load and check a story from text."""
    return load_bytes(text.encode("utf-8"), name)


def load_document(document: Document, text: str, name: str) -> LoadResult:
    """Validate parsed YAML data as a story; report shape and reference problems together.

    A file that is not a story at all (no `id` and no `nodes` at its top) gets one problem that shows
    nothing of it: it may be anyone's file (a configuration, a password file behind a link), and what the
    loader reports is shown in terminals, in the library panel and in browsers.
    """
    if not _looks_like_a_story(document.data, text):
        return _not_a_story(name)
    lines = source_lines(text)

    def at(problem: Problem) -> Diagnostic:
        position = document.position(problem.path, key=problem.on_key)
        if problem.offset is not None:
            position = _within(lines, position, str(problem.params.get("source", "")), problem.offset)
        return _locate(name, lines, position, problem.code, problem.params)

    early = [_locate(name, lines, problem.position, problem.code, problem.params) for problem in document.problems]
    result = _load_data(document, name, at)
    if not early:
        return result
    # What was read in place of the offending values would only be reported again at the same spot.
    taken = {(d.line, d.column) for d in early}
    later = [d for d in result.diagnostics if (d.line, d.column) not in taken]
    return LoadResult(name, None, _sorted([*early, *later]))


def _load_data(document: Document, name: str, at: Any) -> LoadResult:
    data = document.data
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"'{data}'"
        return LoadResult(name, None, (at(Problem((), "not_mapping", {"found": found})),))
    try:
        story = Story.model_validate(data)
    except ValidationError as error:
        problems = _shape_problems(error, data)
        partial = _partial_story(data, problems)
        if partial is not None:
            stand_in, broken_nodes, broken_vars = partial
            problems += [
                p
                for p in checks.check_story(stand_in)
                if not (p.code == "unknown_node" and p.params.get("name") in broken_nodes)
                and not (p.code == "expr_undeclared" and p.params.get("name") in broken_vars)
                # steps through a broken node cannot be checked against it
                and not (broken_nodes and p.code.startswith("walkthrough_"))
            ]
        return LoadResult(name, None, _sorted(at(p) for p in problems))
    problems = checks.check_story(story)
    diagnostics = _sorted(at(p) for p in problems)
    return LoadResult(name, story if not diagnostics else None, diagnostics)


_STORY_KEY = re.compile(r"""^(?:-[ \t]+|\{[ \t]*)?["']?(?:id|nodes)["']?[ \t]*:""", re.MULTILINE)
"""A top-level line that starts a story's `id` or `nodes` (also as a list item or in flow style)."""


def _looks_like_a_story(data: Any, text: str) -> bool:
    """True when the file means to be a story: its top has `id` or `nodes` (or, unparsed, a line starting so)."""
    if isinstance(data, dict):
        return "id" in data or "nodes" in data
    return _STORY_KEY.search(text) is not None


def _not_a_story(name: str) -> LoadResult:
    return LoadResult(name, None, (Diagnostic(name, 1, 1, "not_a_story"),))


def source_lines(text: str) -> list[str]:
    """The file's lines as the parser counts them (`str.splitlines` would also split at U+0085 and U+2028)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def _sorted(diagnostics: Any) -> tuple[Diagnostic, ...]:
    unique: dict[tuple[int, int, str, str], Diagnostic] = {}
    for diagnostic in diagnostics:
        unique.setdefault((diagnostic.line, diagnostic.column, diagnostic.code, repr(diagnostic.params)), diagnostic)
    return tuple(sorted(unique.values(), key=lambda d: (d.line, d.column)))


def _within(lines: list[str], position: Position, source: str, offset: int) -> Position:
    """The position `offset` characters into the value `source` that starts at `position`, when the value
    stands on that line as written (plain or quoted, without escapes); else the value's start."""
    line = lines[position.line - 1] if 0 < position.line <= len(lines) else ""
    start = position.column - 1
    if source and line.startswith(source, start):
        return Position(position.line, position.column + offset)
    if source and line[start : start + 1] in ("'", '"') and line.startswith(source, start + 1):
        return Position(position.line, position.column + 1 + offset)
    return position


def _locate(name: str, lines: list[str], position: Position, code: str, params: dict[str, Any]) -> Diagnostic:
    source = lines[position.line - 1] if 0 < position.line <= len(lines) else ""
    return Diagnostic(name, position.line, position.column, code, params, source)


_PLACEHOLDERS = {
    "id": "x",
    "title": "x",
    "summary": "x",
    "channel": "desk",
    "customer": "young-adult",  # a valid type: the reference checks run on the rest
    "theme": "values",
    "source": "x",
}


def _partial_story(data: dict[str, Any], problems: list[Problem]) -> tuple[Story, set[str], set[str]] | None:
    """A story that stands in for a broken one, so its reference checks can still run.

    Unknown keys are dropped, broken top-level values replaced by placeholders, broken
    nodes and variables left out. Returns the stand-in with the names of the nodes and
    variables left out (references to them are not reported again), or None when too
    much is broken to say anything more.
    """
    data = copy.deepcopy(data)
    broken_nodes: set[str] = set()
    broken_vars: set[str] = set()
    for problem in problems:
        path = problem.path
        if problem.code == "unknown_key":
            parent = _value_at(data, path[:-1])
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
        elif len(path) >= 2 and path[0] == "nodes":
            broken_nodes.add(str(path[1]))
        elif len(path) >= 2 and path[0] == "state":
            broken_vars.add(str(path[1]))
        elif path == () and problem.code == "missing" and problem.params.get("field") in _PLACEHOLDERS:
            data[str(problem.params["field"])] = _PLACEHOLDERS[str(problem.params["field"])]
        elif len(path) >= 1 and path[0] in _PLACEHOLDERS:
            data[str(path[0])] = _PLACEHOLDERS[str(path[0])]
        elif len(path) >= 1 and path[0] not in ("languages", "nodes", "state"):
            data.pop(str(path[0]), None)
        else:
            return None
    nodes, state = data.get("nodes"), data.get("state", {})
    if not isinstance(nodes, dict) or not isinstance(state, dict):
        return None
    data["nodes"] = {key: value for key, value in nodes.items() if key not in broken_nodes}
    data["state"] = {key: value for key, value in state.items() if key not in broken_vars}
    if not data["nodes"]:
        return None
    if data.get("start") in broken_nodes:
        data.pop("start")
    try:
        return Story.model_validate(data), broken_nodes, broken_vars
    except ValidationError:
        return None


def _keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(path: tuple[Any, ...]) -> type[BaseModel] | None:
    """Which model describes the mapping at `path` (for "did you mean" on unknown keys)."""
    shapes: list[tuple[tuple[Any, ...], type[BaseModel]]] = [
        ((), Story),
        (("state", None), Variable),
        (("nodes", None), Node),
        (("nodes", None, "email"), Email),
        (("nodes", None, "say", None), Line),
        (("nodes", None, "options", None), Option),
        (("nodes", None, "options", None, "points"), Points),
        (("nodes", None, "rubric"), Rubric),
        (("nodes", None, "rubric", "elements", None), RubricItem),
        (("nodes", None, "rubric", "avoid", None), RubricItem),
        (("nodes", None, "next", None), Branch),
        (("nodes", None, "options", None, "next", None), Branch),
        (("walkthroughs", None), Walkthrough),
        (("walkthroughs", None, "min_score"), MinScore),
    ]
    for shape, model in shapes:
        if len(shape) == len(path) and all(s is None or s == p for s, p in zip(shape, path, strict=True)):
            return model
    return None


def _shape_problems(error: ValidationError, data: dict[str, Any]) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        problems.append(_shape_problem(item, loc, data))
    return problems


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _shape_problem(item: Any, loc: tuple[Any, ...], data: dict[str, Any]) -> Problem:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    shown = value if isinstance(value, (str, int, float, bool)) else type(value).__name__
    if kind == "missing":
        return Problem(loc[:-1], "missing", {"field": loc[-1]})
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = _keys(model) if model else []
        return Problem(loc, "unknown_key", {"key": loc[-1], "suggestion": suggest(str(loc[-1]), allowed)}, on_key=True)
    if loc and loc[-1] == "[key]":
        return Problem(loc[:-1], "bad_name", {"value": loc[-2] if len(loc) > 1 else shown}, on_key=True)
    if kind in ("enum", "literal_error"):
        if loc == ("format",):
            return Problem(loc, "bad_format", {"value": shown})
        if loc == ("customer",):  # a description written in place of the type
            return Problem(loc, "customer_choice", {"value": shown, "suggestion": suggest(str(value), CUSTOMER_TYPES)})
        expected = str(ctx.get("expected", ""))
        options = [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]
        return Problem(
            loc, "choice", {"value": shown, "allowed": ", ".join(options), "suggestion": suggest(str(value), options)}
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return Problem(loc, "int_expected", {"value": shown})
    if kind in ("bool_type", "bool_parsing"):
        return Problem(_trim_union(loc, data), "bool_expected", {"value": shown})
    if kind == "string_type":
        return Problem(loc, "string_expected", {"value": shown})
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Problem(loc, "map_expected", {"value": shown})
    if kind in ("tuple_type", "list_type"):
        return Problem(loc, "list_expected", {"value": shown})
    if kind in ("greater_than_equal", "greater_than"):
        return Problem(loc, "too_small", {"limit": ctx.get("ge", ctx.get("gt"))})
    if kind in ("less_than_equal", "less_than"):
        return Problem(loc, "too_large", {"limit": ctx.get("le", ctx.get("lt"))})
    if kind in ("string_too_long", "too_long"):
        return Problem(loc, "too_long", {"limit": ctx.get("max_length")})
    if kind == "string_pattern_mismatch":
        return Problem(loc, "bad_id" if loc == ("id",) else "bad_name", {"value": shown})
    if kind == "value_error":
        code, _, arg = str(ctx.get("error", "")).partition(":")
        if code == "customer_other_undescribed":  # checked on the whole story; it is about `customer:`
            loc = ("customer",)
        if code in ("mood_word_key", "mood_word_range"):  # point at the key itself
            return Problem(("mood_words", arg), code, {"arg": arg, "value": arg}, on_key=True)
        if code == "mood_words_without_mood":
            return Problem(("mood_words",), code, {}, on_key=True)
        return Problem(loc, code, {"arg": arg, "value": shown})
    return Problem(loc, "invalid", {"detail": item.get("msg", kind)})


def _trim_union(loc: tuple[Any, ...], data: dict[str, Any]) -> tuple[Any, ...]:
    """Pydantic names union branches in locations (`start`, `bool`); keep the real path."""
    while loc and _value_at(data, loc) is None and isinstance(loc[-1], str) and loc[-1] in ("bool", "int"):
        loc = loc[:-1]
    return loc
