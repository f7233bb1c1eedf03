"""`scenarios lint`: the checks beyond validity, as coded diagnostics (see `codes`).

The loader decides whether a story is valid; lint looks at a valid story as an author's
colleague would: parts nobody reaches, places where a playthrough gets stuck, options
without feedback, an ideal path that does not end well. The checks that depend on what
can happen while playing use the explored state space (`explore`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

from scenarios.authoring import balance
from scenarios.authoring import explore as exploring
from scenarios.authoring.codes import CODES, LintDiagnostic
from scenarios.authoring.paths import best_paths, ideal_walk, scores
from scenarios.authoring.rubric_lint import rubric_findings
from scenarios.i18n.catalog import LANGUAGES, t
from scenarios.i18n.present import says_the_same
from scenarios.story.checks import iter_texts
from scenarios.story.loader import Diagnostic, load_bytes, load_document
from scenarios.story.model import MOOD_RANGE, Story, targets
from scenarios.story.safeyaml import Document, YamlProblem, decode, parse

Path = tuple[str | int, ...]
UI_LANGUAGES = LANGUAGES
EXPECTED_LANGUAGES = ("fi", "en")
"""The languages every story is expected in (SC016). Swedish joins when the built-in library is translated:
the trainer speaks it already, and a story without it is shown in its first language."""


@dataclass(frozen=True)
class Finding:
    """A lint finding before it is located in the file."""

    code: str
    path: Path
    params: dict[str, Any]
    on_key: bool = False


@dataclass(frozen=True)
class LintResult:
    """What lint found in one file: load problems (if it did not load) or findings."""

    path: str
    story: Story | None
    diagnostics: tuple[Diagnostic, ...]
    document: Document | None = field(default=None, compare=False, repr=False)
    """The parsed file, to locate library-level findings in it (None when it did not load)."""

    @property
    def errors(self) -> int:
        """How many diagnostics are errors."""
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        """How many diagnostics are warnings."""
        return sum(1 for d in self.diagnostics if d.severity == "warning")


def lint_file(path: str | FilePath) -> LintResult:
    """Load a story file and lint it. A file that does not load gets the loader's errors."""
    name = str(path)
    try:
        raw = FilePath(path).read_bytes()
    except OSError as error:
        return LintResult(name, None, (Diagnostic(name, 1, 1, "read_error", {"detail": error.strerror or str(error)}),))
    return lint_text_bytes(raw, name)


def lint_text(text: str, name: str = "<story>") -> LintResult:
    """Lint a story given as text."""
    return lint_text_bytes(text.encode("utf-8"), name)


def lint_text_bytes(raw: bytes, name: str) -> LintResult:
    """Lint a story given as raw bytes."""
    try:
        text = decode(raw)
        document = parse(text)
    except YamlProblem:
        return LintResult(name, None, load_bytes(raw, name).diagnostics)
    loaded = load_document(document, text, name)
    if loaded.story is None:
        return LintResult(name, None, loaded.diagnostics)
    findings = lint_story(loaded.story)
    lines = text.splitlines()
    located = sorted((_locate(name, lines, document, f) for f in findings), key=lambda d: (d.line, d.column, d.code))
    return LintResult(name, loaded.story, tuple(located), document)


def _locate(name: str, lines: list[str], document: Document, finding: Finding) -> Diagnostic:
    position = document.position(finding.path, key=finding.on_key)
    source = lines[position.line - 1] if 0 < position.line <= len(lines) else ""
    return LintDiagnostic(
        name, position.line, position.column, finding.code, finding.params, source, CODES[finding.code].severity
    )


def lint_story(story: Story, max_states: int = exploring.MAX_STATES) -> list[Finding]:
    """Every lint finding for a valid story, in file order of the checks."""
    space = exploring.explored(story) if max_states == exploring.MAX_STATES else exploring.explore(story, max_states)
    findings: list[Finding] = []
    findings += _static(story)
    findings += _duplicates(story, space)
    if space.complete:
        findings += _reachability(story, space.nodes_seen)
        findings += _stuck(story, space)
        findings += _conditions(story, space)
        findings += _ideal(story, space)
    else:
        # Without the whole space, nodes that no link leads to are still unreachable.
        findings += _reachability(story, _linked(story))
        params = {"limit": max_states, "depth": exploring.MAX_DEPTH, "paths": space.paths}
        findings.append(Finding("SC014", ("state",), params, on_key=True))
    return findings


def _static(story: Story) -> list[Finding]:
    """The checks that need only the story's text."""
    findings: list[Finding] = []
    for name, node in story.nodes.items():
        if node.is_decision and not node.lessons:
            findings.append(Finding("SC022", ("nodes", name), {"node": name}, on_key=True))
        for index, option in enumerate(node.options):
            opath: Path = ("nodes", name, "options", index)
            if option.feedback is None:
                findings.append(Finding("SC004", opath, {}))
            if option.ideal and not option.solution_focused:
                findings.append(Finding("SC013", (*opath, "solution_focused"), {}))
            elif not option.solution_focused and not option.breaks:
                findings.append(Finding("SC023", (*opath, "solution_focused"), {"option": node.option_id(index)}))
    findings += _translations(story)
    findings += _cue_prefixes(story)
    findings += _mood_bounds(story)
    findings += _model_answers(story)
    findings += [Finding(code, path, params) for code, path, params in rubric_findings(story)]
    for code in story.languages:
        longest = balance.ideal_longest_at_most_decisions(story, code)
        if longest is not None:
            params = {"language": code, "longest": longest[0], "decisions": longest[1]}
            findings.append(Finding("SC017", ("nodes",), params, on_key=True))
    return findings


def _duplicates(story: Story, space: exploring.Space) -> list[Finding]:
    """Options that read the same and are on offer together (without the explored space:
    options that are always on offer)."""
    if space.complete:
        offers = {(state.node, state.choices) for state in space.states if state.choices}
    else:
        offers = {
            (name, tuple(node.option_id(i) for i, option in enumerate(node.options) if option.if_ is None))
            for name, node in story.nodes.items()
        }
    reported: set[tuple[str, int]] = set()
    findings = []
    for name, offered in sorted(offers):
        node = story.nodes[name]
        indices = sorted(i for i in range(len(node.options)) if node.option_id(i) in offered)
        seen: dict[tuple[str, str], int] = {}
        for index in indices:
            option = node.options[index]
            said = {(code, _normal(option.text[code])) for code in option.text}
            other = next((seen[key] for key in sorted(said) if key in seen), None)
            if other is not None and (name, index) not in reported:
                reported.add((name, index))
                params = {"other": node.option_id(other), "text": option.text.get_text("en")}
                findings.append(Finding("SC010", ("nodes", name, "options", index, option.kind), params))
            for key in said:
                seen.setdefault(key, index)
    return findings


def _normal(text: str) -> str:
    """Text as a trainee would read it: case, spacing and final punctuation ignored."""
    return " ".join(text.split()).casefold().rstrip(".!?…")


def _translations(story: Story) -> list[Finding]:
    findings: list[Finding] = []
    for code in EXPECTED_LANGUAGES:
        if code not in story.languages:
            findings.append(
                Finding("SC016", ("languages",), {"language": code, "first": story.languages[0]}, on_key=True)
            )
    if "TODO" in story.source:
        findings.append(Finding("SC015", ("source",), {}))
    for path, text in iter_texts(story):
        if "TODO" in " ".join(text.values()):
            findings.append(Finding("SC015", path, {}))
        if len(story.languages) < 2 or not text.is_universal or path[0] == "cast" or path[-1] == "from":
            continue
        findings.append(Finding("SC005", path, {"languages": ", ".join(story.languages)}))
    return findings


CUE_PREFIXES = ("tui.play.cue_seen", "tui.play.cue_heard", "tui.play.cue")


def _cue_prefixes(story: Story) -> list[Finding]:
    """Cues that begin with the words the trainer already puts before every cue ("You hear:")."""
    cues: list[tuple[Path, Any]] = []
    for name, node in story.nodes.items():
        if node.cues is not None:
            cues.append((("nodes", name, "cues"), node.cues))
        cues += [(("nodes", name, "say", i, "cue"), line.cue) for i, line in enumerate(node.say) if line.cue]
    findings = []
    for path, cue in cues:
        for code in story.languages:
            text = cue.get_text(code, story.languages).strip().casefold()
            for key in CUE_PREFIXES:
                language = code if code in UI_LANGUAGES else "en"
                prefix = t(key, language).rstrip(":").strip()
                if text.startswith(prefix.casefold()) and text[len(prefix) : len(prefix) + 1] in ("", " ", ":", ","):
                    findings.append(Finding("SC018", path, {"prefix": prefix, "language": code}))
                    break
            else:
                continue
            break
    return findings


def _mood_bounds(story: Story) -> list[Finding]:
    """A mood allowed beyond -3…3: the trainer shows only seven moods in words."""
    variable = story.state.get("mood")
    if variable is None or isinstance(variable.start, bool):
        return []
    low, high = MOOD_RANGE
    values = [v for v in (variable.min, variable.max, variable.start) if v is not None]
    outside = [v for v in values if not low <= v <= high]
    if variable.min is None or variable.max is None or outside:
        params = {
            "min": variable.min if variable.min is not None else "—",
            "max": variable.max if variable.max is not None else "—",
        }
        return [Finding("SC019", ("state", "mood"), params)]
    return []


def _model_answers(story: Story) -> list[Finding]:
    """Model answers that only repeat the ideal option's words (the app shows them once; they add nothing)."""
    findings = []
    for name, node in story.nodes.items():
        ideal = node.ideal_index
        if node.model_answer is None or ideal is None:
            continue
        option = node.options[ideal]
        same = [
            code
            for code in story.languages
            if says_the_same(
                node.model_answer.get_text(code, story.languages), option.text.get_text(code, story.languages)
            )
        ]
        if same:
            findings.append(Finding("SC020", ("nodes", name, "model_answer"), {"languages": ", ".join(same)}))
    return findings


def _linked(story: Story) -> set[str]:
    """The nodes some chain of links leads to from the start, conditions aside."""
    seen = {story.start_node}
    stack = [story.start_node]
    while stack:
        node = story.nodes[stack.pop()]
        for way_on in (node.next, *(option.next for option in node.options)):
            for target in targets(way_on):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
    return seen


def _reachability(story: Story, reached: set[str]) -> list[Finding]:
    findings = []
    for name, node in story.nodes.items():
        if name in reached:
            continue
        code = "SC006" if node.ending is not None else "SC001"
        findings.append(Finding(code, ("nodes", name), {"node": name}, on_key=True))
    return findings


def _stuck(story: Story, space: exploring.Space) -> list[Finding]:
    """Dead ends, decisions without an ideal, and loops no playthrough can leave."""
    findings = []
    reported: set[str] = set()
    for state in space.states:
        if state.dead_end and state.node not in reported:
            reported.add(state.node)
            when = _when(story, state.values)
            findings.append(Finding("SC002", ("nodes", state.node), {"node": state.node, "when": when}, on_key=True))
    for name in sorted(space.no_ideal, key=list(story.nodes).index):
        findings.append(Finding("SC003", ("nodes", name, "options"), {"node": name}, on_key=True))
    # States from which no ending and no dead end can be reached are trapped in a loop.
    incoming: list[list[int]] = [[] for _ in space.states]
    for edge in space.edges:
        incoming[edge.target].append(edge.source)
    can_finish = {state.index for state in space.states if state.is_over}
    stack = list(can_finish)
    while stack:
        for source in incoming[stack.pop()]:
            if source not in can_finish:
                can_finish.add(source)
                stack.append(source)
    trapped = [state for state in space.states if state.index not in can_finish]
    if trapped:
        loop_nodes = sorted({state.node for state in trapped}, key=list(story.nodes).index)
        first = min(trapped, key=lambda state: len(state.path))
        findings.append(
            Finding("SC007", ("nodes", first.node), {"node": first.node, "loop": " → ".join(loop_nodes)}, on_key=True)
        )
    return findings


def _when(story: Story, values: dict[str, int | bool]) -> dict[str, str]:
    if not values:
        return {"en": "", "fi": ""}
    shown = ", ".join(f"{name} = {_shown(value)}" for name, value in values.items())
    return {"en": f"(when {shown})", "fi": f"(kun {shown})"}


def _shown(value: int | bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _conditions(story: Story, space: exploring.Space) -> list[Finding]:
    findings = []
    for path, seen in space.conditions.items():
        source = space.sources[path]
        if seen == {False}:
            findings.append(Finding("SC011", path, {"source": source, "what": _what(path)}))
        elif seen == {True}:
            findings.append(Finding("SC012", path, {"source": source}))
    return findings


def _what(path: Path) -> dict[str, str]:
    """What a condition guards, in words: a line, an option or a way on."""
    if "say" in path:
        return {"en": "this line is never shown", "fi": "tätä repliikkiä ei näytetä koskaan"}
    if "next" in path:
        return {"en": "this way on is never taken", "fi": "tähän jatkoon ei päädytä koskaan"}
    return {"en": "this option is never offered", "fi": "tätä vaihtoehtoa ei tarjota koskaan"}


def _ideal(story: Story, space: exploring.Space) -> list[Finding]:
    """The ideal path must end resolved and score at least as high as any other path."""
    walk = ideal_walk(space)
    last = space.states[walk.states[-1]]
    if walk.looped:
        outcome = {
            "en": f"the story goes round in a loop at '{last.node}'",
            "fi": f"tarina kiertää silmukkaa kohdassa '{last.node}'",
        }
        return [Finding("SC008", ("nodes", last.node), {"outcome": outcome}, on_key=True)]
    if last.ending is None:
        outcome = {"en": f"the story stops at '{last.node}'", "fi": f"tarina pysähtyy kohtaan '{last.node}'"}
        return [Finding("SC008", ("nodes", last.node), {"outcome": outcome}, on_key=True)]
    findings = []
    if last.ending.value != "resolved":
        outcome = {
            "en": f"the story ends at '{last.node}' (ending: {last.ending.value})",
            "fi": f"tarina päättyy kohtaan '{last.node}' (ending: {last.ending.value})",
        }
        findings.append(Finding("SC008", ("nodes", last.node, "ending"), {"outcome": outcome}))
    ideal_scores = scores(space, walk.edges)
    for dimension, (best, edges) in best_paths(space).items():
        if best is None or best <= ideal_scores[dimension]:
            continue
        at = next((k for k, e in enumerate(edges) if k >= len(walk.edges) or walk.edges[k] != e), len(edges) - 1)
        edge = space.edges[edges[at]]
        steps = " → ".join(f"{space.edges[e].node}:{space.edges[e].option_id}" for e in edges)
        params: dict[str, Any] = {
            "dimension": {code: t(f"dimension.{dimension}", code) for code in UI_LANGUAGES},
            "ideal": ideal_scores[dimension],
            "best": best,
            "path": steps,
        }
        code = "SC009"
        if _detour(space, walk.edges, edges, at, dimension):
            code = "SC021"
            params["wrong"] = f"{edge.node}:{edge.option_id}"
        findings.append(Finding(code, ("nodes", edge.node, "options", edge.option_index), params))
    return findings


def _detour(space: exploring.Space, ideal: tuple[int, ...], better: list[int], at: int, dimension: str) -> bool:
    """Whether a path that out-scores the ideal does so as a recovery detour: where it leaves the ideal
    path its option scores no more than the ideal option there, and it passes more decisions than the
    ideal path (the recovery's points come on top). Otherwise some option simply scores too much (SC009)."""
    if at >= len(ideal) or len(better) <= len(ideal):
        return False
    return space.edges[better[at]].points[dimension] <= space.edges[ideal[at]].points[dimension]
