"""`scenarios test --transcripts`: every path through a story, written out as the trainee would read it.

A walkthrough checks what its author thought of; a transcript lets the author read what they did
not: on each path, in order, what the customer says (only the lines whose conditions hold there),
what the trainee chose with its verdict, what happened, and how it ends. A later reply that speaks
of something this path never told shows up when it is read through.

Paths are found by playing the real engine: at every decision each option on offer is tried in
turn (an action that returns to its decision is a choice like any other). The ideal path comes
first, then the rest in the story's order of options. A story whose paths would be too many to
read (past `MAX_PATHS`, or longer than `MAX_CHOICES` choices) is cut there, and says so.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from scenarios.authoring.explore import explore
from scenarios.authoring.paths import ideal_walk
from scenarios.engine import Beat, Playthrough, Result
from scenarios.i18n.catalog import LANGUAGES, t
from scenarios.i18n.present import customer_label, mood_label, speaker_label, story_language, text_in
from scenarios.story.model import Story
from scenarios.visible import visible

MAX_PATHS = 500
"""Paths written for one story: more than anyone reads through, and each is replayed on the engine."""
MAX_CHOICES = 40
"""Choices on one path: a path longer than this goes round a loop; it is written up to here."""
WIDTH = 78


@dataclass(frozen=True)
class Paths:
    """The paths through a story as option ids, the ideal one first; `cut` when there were more."""

    paths: tuple[tuple[str, ...], ...]
    cut: bool


def _clock() -> float:
    return 0.0


def replay(story: Story, choices: tuple[str, ...]) -> Playthrough:
    """A playthrough of `story` after choosing these options (seed 0, a still clock)."""
    play = Playthrough(story, seed=0, clock=_clock)
    for option_id in choices:
        play.choose_option(option_id)
    return play


def all_paths(story: Story, limit: int = MAX_PATHS) -> Paths:
    """Every way through `story` from its start to an end (a path that stops short of one included)."""
    found: list[tuple[str, ...]] = []
    cut = False
    stack: list[tuple[str, ...]] = [()]
    while stack:
        prefix = stack.pop()
        play = replay(story, prefix)
        if play.is_over or len(prefix) >= MAX_CHOICES:
            cut = cut or not play.is_over
            found.append(prefix)
            if len(found) >= limit:
                cut = cut or bool(stack)
                break
            continue
        stack.extend((*prefix, option_id) for option_id in reversed(play.available()))
    ideal = _ideal_choices(story)
    found.sort(key=lambda path: path != ideal)  # stable: the rest keep the story's order
    return Paths(tuple(found), cut)


def _ideal_choices(story: Story) -> tuple[str, ...]:
    space = explore(story)
    return tuple(space.edges[number].option_id for number in ideal_walk(space).edges)


def transcripts(story: Story, language: str) -> tuple[str, int]:
    """Every path of `story` as plain text in `language` (the story's texts fall back to its own first),
    and how many paths there are."""
    lang = story_language(story, language)
    ui = language if language in LANGUAGES else "en"
    found = all_paths(story)
    outcomes: dict[str, int] = {}
    bodies: list[str] = []
    for number, path in enumerate(found.paths, start=1):
        text, outcome = _path_text(story, path, number, len(found.paths), lang, ui)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        bodies.append(text)
    head = [
        text_in(story.title, lang, story),
        t(
            "plain.channel_line",
            ui,
            channel=t(f"channel.{story.channel.value}", ui),
            customer=customer_label(story, lang),
            theme=t(f"theme.{story.theme.value}", ui),
        ),
        "",
        *_wrapped(text_in(story.summary, lang, story)),
        "",
        t("transcripts.count", ui, count=len(found.paths)),
        *(f"  {outcome}: {count}" for outcome, count in outcomes.items()),
    ]
    if found.cut:
        head.append(t("transcripts.cut", ui, limit=MAX_PATHS, choices=MAX_CHOICES))
    return visible("\n".join([*head, "", *bodies]).rstrip() + "\n"), len(found.paths)


def _path_text(story: Story, path: tuple[str, ...], number: int, total: int, lang: str, ui: str) -> tuple[str, str]:
    play = Playthrough(story, seed=0, clock=_clock)
    lines: list[str] = []
    verdicts = ""
    for option_id in path:
        lines += _beat(story, play.beat(), lang, ui)
        result = play.choose_option(option_id)
        verdicts += "✓" if result.solution_focused else "✗"
        lines += _result(story, result, lang, ui)
    final = play.beat()
    lines += _beat(story, final, lang, ui)
    if final.ending is not None:
        outcome = t(f"outcome.{final.ending.value}", ui)
    else:
        outcome = t("transcripts.no_end", ui)
    lines.append("")
    lines.append(t("plain.ending", ui, outcome=outcome) + f" ({final.node})")
    solution_focused = sum(1 for result in play.history if result.solution_focused)
    title = t("transcripts.path", ui, number=number, total=total, verdicts=verdicts or "-", outcome=outcome)
    steps = " → ".join(f"{result.node}:{result.option_id}" for result in play.history) or "-"
    head = [
        title,
        t("transcripts.steps", ui, steps=steps, got=solution_focused, of=len(play.history)),
        "─" * WIDTH,
    ]
    return "\n".join([*head, *lines, "", ""]), outcome


def _beat(story: Story, beat: Beat, lang: str, ui: str) -> Iterator[str]:
    if beat.email is not None:
        yield t("plain.email_from", ui, sender=text_in(beat.email.sender, lang, story))
        yield t("plain.email_subject", ui, subject=text_in(beat.email.subject, lang, story))
    for line in beat.lines:
        if line.text is not None:
            who = speaker_label(story, line.speaker, lang)
            said = text_in(line.text, lang, story)
            yield from _wrapped(f"{who}: {said}" if who else said)
        if line.cue is not None:
            yield from _wrapped(t("plain.cue", ui, cue=text_in(line.cue, lang, story)), "  ", " ")
    if beat.mood is not None and beat.choices:
        yield f"  {t('plain.mood', ui, mood=mood_label(beat.mood, ui, story))}"


def _result(story: Story, result: Result, lang: str, ui: str) -> Iterator[str]:
    verdict = "✓" if result.solution_focused else "✗"
    kind = t(f"kind.{result.kind}", ui)
    yield ""
    yield from _wrapped(f"▶ {verdict} [{kind}] {text_in(result.text, lang, story)}", hang="    ")
    if result.result is not None:
        yield from _wrapped(text_in(result.result, lang, story), "    ", "")
    yield ""


def _wrapped(text: str, indent: str = "", hang: str = "  ") -> list[str]:
    """`text` with its own line breaks (an email's), each line wrapped to the width when longer; the lines
    after the first indented under it."""
    lines: list[str] = []
    inner = indent + hang
    for number, line in enumerate(text.split("\n")):
        first = indent if number == 0 else inner
        width = WIDTH + len(first)  # the indent never breaks a line the author wrote to fit
        lines += textwrap.wrap(line, width, initial_indent=first, subsequent_indent=inner) or [""]
    return lines
