"""Reference checks on a story model: what the shape alone cannot say.

Each problem names a path into the story file (`("nodes", "arrive", "options", 0, "next")`)
so the loader can point at its line and column; checks never read files themselves.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from scenarios.story.expr import MAX_LENGTH, ExprError, parse_condition, parse_effect, repaired
from scenarios.story.lessons import load_lessons
from scenarios.story.model import DEFAULT_SPEAKERS, Next, Story, targets
from scenarios.story.rubric import MAX_ITEMS, MAX_PHRASES, phrase_problem
from scenarios.story.text import Text

Path = tuple[str | int, ...]

MAX_OPTIONS = 50
"""Options one decision may offer: more than a trainee can read, and each one multiplies path exploration."""
MAX_EXPRESSION = MAX_LENGTH  # the expression language's own limit, checked before parsing
"""Characters in one condition or effect: enough for any rule a story needs, small enough to check fast."""
MAX_LESSONS = 3
"""Lessons one decision may test: a decision about everything teaches nothing in particular."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a story: where (a path), what (a catalog code) and details."""

    path: Path
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    on_key: bool = False
    offset: int | None = None
    """Where in the value the problem is (a condition's bad token), in characters; None: the value itself."""


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest valid name to a typo, if any is close enough."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def check_story(story: Story) -> list[Problem]:
    """Every reference problem in a story that has the right shape."""
    problems: list[Problem] = []
    names = list(story.nodes)
    kinds = story.variable_kinds()
    speakers = [*DEFAULT_SPEAKERS, *story.cast]

    def node_ref(path: Path, target: str) -> None:
        if target not in story.nodes:
            problems.append(Problem(path, "unknown_node", {"name": target, "suggestion": suggest(target, names)}))

    def expression(path: Path, source: str, parse: Any) -> None:
        if len(source) > MAX_EXPRESSION:
            problems.append(Problem(path, "expr_too_long", {"length": len(source), "limit": MAX_EXPRESSION}))
            return
        try:
            parse(source, kinds)
        except ExprError as error:
            params = {"source": source, **_expr_params(error)}
            if error.fix is not None:
                params.setdefault("fix", error.fix)
                params.setdefault("suggestion", repaired(source, parse, kinds))
            problems.append(Problem(path, error.code, params, offset=error.at))
        except (RecursionError, ValueError, OverflowError):
            problems.append(Problem(path, "expr_too_complex", {"source": source[:60]}))

    def condition(path: Path, source: str) -> None:
        expression(path, source, parse_condition)

    def speaker(path: Path, name: str) -> None:
        if name not in speakers:
            problems.append(Problem(path, "unknown_speaker", {"name": name, "suggestion": suggest(name, speakers)}))

    def way_on(path: Path, target: Next | None) -> None:
        if target is None:
            return
        if isinstance(target, str):
            node_ref(path, target)
            return
        for index, branch in enumerate(target):
            node_ref((*path, index, "to"), branch.to)
            if branch.if_ is not None:
                condition((*path, index, "if"), branch.if_)
        if not target or target[-1].if_ is not None:
            problems.append(Problem((*path, len(target) - 1) if target else path, "branch_needs_default"))

    if story.start is not None:
        node_ref(("start",), story.start)
    for name in story.state:
        if name in ("and", "or", "not") or not name.isidentifier():
            problems.append(Problem(("state", name), "bad_variable_name", {"name": name}, on_key=True))
    for name, node in story.nodes.items():
        base: Path = ("nodes", name)
        speaker((*base, "speaker"), node.speaker)
        way_on((*base, "next"), node.next)
        for index, line in enumerate(node.say):
            if line.speaker is not None:
                speaker((*base, "say", index, "speaker"), line.speaker)
            if line.if_ is not None:
                condition((*base, "say", index, "if"), line.if_)
        if node.is_decision:
            marked = [index for index, option in enumerate(node.options) if option.ideal]
            if len(marked) != 1:
                problems.append(Problem((*base, "options"), "ideal_count", {"count": len(marked)}))
        elif node.model_answer is not None:
            problems.append(Problem((*base, "model_answer"), "model_answer_without_options", on_key=True))
        if len(node.options) > MAX_OPTIONS:
            problems.append(
                Problem((*base, "options"), "too_many_options", {"count": len(node.options), "limit": MAX_OPTIONS})
            )
        seen_ids: set[str] = set()
        for index, option in enumerate(node.options):
            opath: Path = (*base, "options", index)
            option_id = node.option_id(index)
            if option_id in seen_ids:
                problems.append(Problem((*opath, "id"), "duplicate_option_id", {"id": option_id}))
            seen_ids.add(option_id)
            way_on((*opath, "next"), option.next)
            if option.if_ is not None:
                condition((*opath, "if"), option.if_)
            for number, effect in enumerate(option.effects):
                epath: Path = (*opath, "effects", number) if len(option.effects) > 1 else (*opath, "effects")
                expression(epath, effect, parse_effect)
            if option.next is None and not option.once:
                problems.append(Problem(opath, "action_loops", {"node": name}))
    problems.extend(_passage_loops(story))
    problems.extend(_lessons(story))
    problems.extend(_rubrics(story))
    problems.extend(_missing_languages(story))
    problems.extend(_walkthroughs(story))
    return problems


def step_matches(step: str, option_id: str, text: Text) -> bool:
    """Whether a walkthrough step names this option: by its id or the start of its text."""
    wanted = " ".join(step.split()).casefold()
    if step == option_id:
        return True
    return bool(wanted) and any(" ".join(text[code].split()).casefold().startswith(wanted) for code in text)


def _walkthroughs(story: Story) -> list[Problem]:
    """Declared walkthroughs must name options and endings that exist."""
    problems = []
    options = [
        (node.option_id(index), option.text)
        for node in story.nodes.values()
        for index, option in enumerate(node.options)
    ]
    ids = sorted({option_id for option_id, _ in options})
    # Each option's texts normalized once, as step_matches compares them (not again for every step).
    normalized = [
        (option_id, [" ".join(text[code].split()).casefold() for code in text]) for option_id, text in options
    ]
    endings = story.endings()
    for number, walk in enumerate(story.walkthroughs):
        base: Path = ("walkthroughs", number)
        for step_number, step in enumerate(walk.choices):
            wanted = " ".join(step.split()).casefold()
            if not any(
                step == option_id or (wanted and any(text.startswith(wanted) for text in texts))
                for option_id, texts in normalized
            ):
                path: Path = (*base, "choices", step_number) if len(walk.choices) > 1 else (*base, "choices")
                problems.append(
                    Problem(path, "walkthrough_unknown_choice", {"step": step, "suggestion": suggest(step, ids)})
                )
        if walk.ending is not None and walk.ending not in endings:
            code = "walkthrough_not_ending" if walk.ending in story.nodes else "unknown_node"
            problems.append(
                Problem((*base, "ending"), code, {"name": walk.ending, "suggestion": suggest(walk.ending, endings)})
            )
        if walk.verdicts is not None and len(walk.verdicts) != len(walk.choices):
            problems.append(
                Problem(
                    (*base, "verdicts"),
                    "walkthrough_verdicts",
                    {"verdicts": len(walk.verdicts), "choices": len(walk.choices)},
                )
            )
    return problems


def _lessons(story: Story) -> list[Problem]:
    """`lessons:` on decisions and `breaks:` on options name lessons of the catalog, and only where they mean something.

    The catalog is read only for a story that names lessons at all."""
    tagged = [
        name for name, node in story.nodes.items() if node.lessons or any(option.breaks for option in node.options)
    ]
    if not tagged:
        return []
    known = load_lessons().ids
    problems: list[Problem] = []

    def named(path: Path, ids: tuple[str, ...]) -> None:
        seen: set[str] = set()
        for index, lesson in enumerate(ids):
            if lesson not in known:
                params = {"name": lesson, "suggestion": suggest(lesson, known)}
                problems.append(Problem((*path, index), "unknown_lesson", params))
            elif lesson in seen:
                problems.append(Problem((*path, index), "duplicate_lesson", {"name": lesson}))
            seen.add(lesson)

    for name in tagged:
        node = story.nodes[name]
        base: Path = ("nodes", name)
        if node.lessons and not node.is_decision:
            problems.append(Problem((*base, "lessons"), "lessons_without_options", on_key=True))
        elif len(node.lessons) > MAX_LESSONS:
            problems.append(
                Problem((*base, "lessons"), "too_many_lessons", {"count": len(node.lessons), "limit": MAX_LESSONS})
            )
        named((*base, "lessons"), node.lessons)
        for index, option in enumerate(node.options):
            opath: Path = (*base, "options", index, "breaks")
            if option.breaks and option.ideal:
                problems.append(Problem(opath, "breaks_on_ideal", on_key=True))
            named(opath, option.breaks)
    return problems


def _rubrics(story: Story) -> list[Problem]:
    """A rubric sits on a decision, names each item once, lists matchable phrases in every language, and its
    lessons are the catalog's."""
    problems: list[Problem] = []
    known: tuple[str, ...] | None = None
    for name, node in story.nodes.items():
        rubric = node.rubric
        if rubric is None:
            continue
        base: Path = ("nodes", name, "rubric")
        if not node.is_decision:
            problems.append(Problem(base, "rubric_without_options", on_key=True))
        if len(rubric.items) > MAX_ITEMS:
            problems.append(Problem(base, "too_many_rubric_items", {"count": len(rubric.items), "limit": MAX_ITEMS}))
        seen: set[str] = set()
        for group in ("elements", "avoid"):
            for index, item in enumerate(getattr(rubric, group)):
                ipath: Path = (*base, group, index)
                if item.id in seen:
                    problems.append(Problem((*ipath, "id"), "duplicate_rubric_id", {"id": item.id}))
                seen.add(item.id)
                if item.lesson is not None:
                    known = load_lessons().ids if known is None else known
                    if item.lesson not in known:
                        params = {"name": item.lesson, "suggestion": suggest(item.lesson, known)}
                        problems.append(Problem((*ipath, "lesson"), "unknown_lesson", params))
                problems.extend(_phrases((*ipath, "words"), item.words, story.languages))
    return problems


PHRASE_PROBLEMS = {
    "empty": "rubric_phrase_empty",
    "too_long": "rubric_phrase_too_long",
    "bad_word": "rubric_phrase_bad_word",
}
"""The loader's problem for each reason `phrase_problem` gives."""


def _phrases(path: Path, words: Any, languages: tuple[str, ...]) -> list[Problem]:
    """Each language's phrases: there, not too many, and each one matchable."""
    problems: list[Problem] = []
    if not words.is_universal:
        missing = [code for code in languages if code not in words]
        extra = [code for code in words if code not in languages]
        if missing:
            problems.append(Problem(path, "missing_language", {"languages": ", ".join(missing)}))
        if extra:
            problems.append(Problem(path, "undeclared_language", {"languages": ", ".join(extra)}))
    for code in words:
        phrases = words[code]
        where: Path = path if words.is_universal else (*path, code)
        if not phrases:
            problems.append(Problem(where, "rubric_no_words"))
        if len(phrases) > MAX_PHRASES:
            problems.append(Problem(where, "too_many_phrases", {"count": len(phrases), "limit": MAX_PHRASES}))
        for number, phrase in enumerate(phrases):
            reason = phrase_problem(phrase)
            if reason is not None:
                kind, _, word = reason.partition(":")
                problems.append(Problem((*where, number), PHRASE_PROBLEMS[kind], {"phrase": phrase, "word": word}))
    return problems


def _expr_params(error: ExprError) -> dict[str, Any]:
    params = dict(error.params)
    if error.code == "expr_undeclared":
        known = params.get("known", [])
        names = [str(name) for name in known] if isinstance(known, list) else []
        params["suggestion"] = suggest(str(params.get("name", "")), names)
    return params


def _passage_loops(story: Story) -> list[Problem]:
    """Passages (nodes with only `next`) that can lead back to themselves would never stop."""
    passages = {
        name: [t for t in targets(node.next) if t in story.nodes]
        for name, node in story.nodes.items()
        if not node.is_decision and node.ending is None
    }
    problems: list[Problem] = []
    state: dict[str, int] = {}  # 1: on the current trail, 2: finished
    for root in passages:
        if root in state:
            continue
        trail: list[str] = [root]
        pending: list[list[str]] = [list(passages[root])]
        state[root] = 1
        while trail:  # iterative depth-first search: long chains cannot overflow the stack
            if not pending[-1]:
                state[trail.pop()] = 2
                pending.pop()
                continue
            target = pending[-1].pop()
            if target not in passages or state.get(target) == 2:
                continue
            if state.get(target) == 1:
                loop = [*trail[trail.index(target) :], target]
                problems.append(Problem(("nodes", target, "next"), "passage_loop", {"loop": " → ".join(loop)}))
                continue
            state[target] = 1
            trail.append(target)
            pending.append(list(passages[target]))
    return problems


def _missing_languages(story: Story) -> list[Problem]:
    """Every text map must carry every language the story declares."""
    problems = []
    for path, text in iter_texts(story):
        if text.is_universal:
            continue
        missing = [code for code in story.languages if code not in text]
        extra = [code for code in text if code not in story.languages]
        if missing:
            problems.append(Problem(path, "missing_language", {"languages": ", ".join(missing)}))
        if extra:
            problems.append(Problem(path, "undeclared_language", {"languages": ", ".join(extra)}))
    return problems


def iter_texts(story: Story) -> list[tuple[Path, Text]]:
    """Every text the story's file holds, with its path (the chapter's default reflections excluded)."""
    found: list[tuple[Path, Text]] = []
    for key in ("title", "summary"):
        found.append(((key,), getattr(story, key)))
    if story.customer_description is not None:
        found.append((("customer_description",), story.customer_description))
    if story.fictional_note is not None:
        found.append((("fictional",), story.fictional_note))
    for name, text in story.cast.items():
        found.append((("cast", name), text))
    for mood, text in story.mood_words.items():
        found.append((("mood_words", str(mood)), text))
    found.extend(((("reflection", index), text) for index, text in enumerate(story.reflection)))
    for name, node in story.nodes.items():
        base: Path = ("nodes", name)
        for index, line in enumerate(node.say):
            found.append(((*base, "say", index, "text"), line.text))
            if line.cue is not None:
                found.append(((*base, "say", index, "cue"), line.cue))
        for key in ("cues", "model_answer"):
            value = getattr(node, key)
            if value is not None:
                found.append(((*base, key), value))
        if node.rubric is not None:
            for group in ("elements", "avoid"):
                for number, item in enumerate(getattr(node.rubric, group)):
                    found.append(((*base, "rubric", group, number, "label"), item.label))
        if node.email is not None:
            found.append(((*base, "email", "from"), node.email.sender))
            found.append(((*base, "email", "subject"), node.email.subject))
        for index, option in enumerate(node.options):
            opath: Path = (*base, "options", index)
            found.append(((*opath, option.kind), option.text))
            for key in ("feedback", "result"):
                value = getattr(option, key)
                if value is not None:
                    found.append(((*opath, key), value))
    return found
