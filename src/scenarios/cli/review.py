"""`scenarios review`: the day's review in line mode (`--plain`, or in a pipe), and the trainee's lessons (`--lessons`).
In a terminal without either, the command line opens the app on the review instead (`cli.main`).

Each decision of the round is shown where its story stands (the conversation so far, then the decision), answered
by its number, and judged as in `play --plain`; every answer is kept at once, with its learning records, through
the trainer layer (`scenarios.trainer.review`), as in the app.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from scenarios.i18n.catalog import LANGUAGES, t

# What the command runs is imported when it runs: `scenarios --help` builds this parser without it.
if TYPE_CHECKING:
    from scenarios.mastery.rule import Change
    from scenarios.trainer.lessons import Overview
    from scenarios.trainer.review import DecisionRound

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
Ask = Callable[[str], str]


def add_command(commands: Any, language: str) -> None:
    """Add `review` to the CLI's subcommands."""
    review = commands.add_parser("review", help=t("cli.help.review", language))
    review.add_argument("--plain", action="store_true", help=t("cli.help.review.plain", language))
    review.add_argument("--lessons", action="store_true", help=t("cli.help.review.lessons", language))
    review.add_argument("--seed", type=int, help=t("cli.help.play.seed", language))
    review.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)


def print_lessons(view: Overview, language: str, out: TextIO) -> None:
    """The trainee's lessons by chapter: each with its state and when it was last practised, and what next."""
    from scenarios.i18n.present import lesson_names
    from scenarios.story.lessons import chapter_heading
    from scenarios.trainer.wording import STATE_MARKS, state_words, when

    total = len(view.lessons)
    print(t("mastery.summary", language, seen=view.seen, total=total, mastered=view.mastered), file=out)
    if view.due:
        print(t("mastery.due", language, count=view.due), file=out)
    if view.next:
        print(file=out)
        print(t("mastery.next", language), file=out)
        for line in view.next:
            print(f"  {lesson_names([line.lesson], language)}: {state_words(line, language)}", file=out)
    width = max(len(t(f"mastery.state.{state}", language)) for state in STATE_MARKS)
    for chapter, lines in view.chapters():
        print(file=out)
        print(chapter_heading(chapter, language), file=out)
        for line in lines:
            state = t(f"mastery.state.{line.state}", language)
            last = t("mastery.last", language, date=when(line.last_at, language)) if line.last_at is not None else ""
            title = line.lesson.title.get_text(language)
            print(f"  {STATE_MARKS[line.state]} {state:<{width}}  {title}" + (f" ({last})" if last else ""), file=out)


def run(args: argparse.Namespace, language: str) -> int:
    """Show the lessons, or play the day's review line by line."""
    from scenarios.store import Store
    from scenarios.store.clock import now
    from scenarios.store.problems import STORE_ERRORS, store_message
    from scenarios.story.library import Library
    from scenarios.trainer.lessons import overview
    from scenarios.trainer.review import DecisionRound
    from scenarios.trainer.session import Trainer

    try:
        store = Store()
    except STORE_ERRORS as error:
        print(store_message(error, language), file=sys.stderr)
        return EXIT_ERRORS
    try:
        library = Library.discover()
        trainer = Trainer(store, clock=now)
        book = trainer.lessons
        book.catch_up(library.get)
        stories = library.stories
        if args.lessons:
            print_lessons(overview(book, stories), language, sys.stdout)
            return EXIT_OK
        items = book.plan(stories)
        seed = args.seed if args.seed is not None else random.randrange(1 << 30)
        return play_round(DecisionRound(book, items, library.get, seed=seed, language=language), language)
    except STORE_ERRORS as error:
        print(store_message(error, language, store.path), file=sys.stderr)
        return EXIT_ERRORS
    finally:
        store.close()


def play_round(round_: DecisionRound, language: str, out: TextIO | None = None, ask: Ask | None = None) -> int:
    """Play the round to its end (or until the input ends); the summary and the lessons that changed last."""
    from scenarios.trainer.wording import changed_lines, round_intro

    out = out or sys.stdout
    ask = ask or _ask(out)
    if not round_.items:
        print(t("review.nothing", language), file=out)
        return EXIT_OK
    print(round_intro(round_.items, language), file=out)
    changes: list[Change] = []
    try:
        while round_.open_next():
            changes += play_item(round_, language, out, ask)
    except EOFError:
        round_.end()
        print(t("plain.input_ended", language), file=sys.stderr)
        print(t("review.left", language, right=round_.right, count=round_.answered), file=out)
        return EXIT_ERRORS
    round_.end()
    print(file=out)
    print(t("review.done", language, right=round_.right, count=round_.answered), file=out)
    lines = changed_lines(changes, language)
    if lines:
        print(t("review.changed", language), file=out)
        for line in lines:
            print(f"  {line}", file=out)
    return EXIT_OK


def play_item(round_: DecisionRound, language: str, out: TextIO, ask: Ask) -> list[Change]:
    """One decision of the round: where it stands, why it is here, the options, the verdict (until the story moves
    on from it). Returns the changes of the lessons' states it made."""
    from scenarios.cli.plain import PlainPlayer
    from scenarios.i18n.present import story_language, text_in
    from scenarios.trainer.wording import item_why

    story, play, item = round_.story, round_.play, round_.item
    assert story is not None and play is not None and item is not None
    lang = story_language(story, language)
    player = PlainPlayer(story, lang, out)
    title = text_in(story.title, lang, story)
    print(file=out)
    print(t("review.item", language, number=round_.position + 1, count=round_.count, title=title), file=out)
    why = item_why(item, language)
    if why:
        print(why, file=out)
    events = round_.so_far()
    if len(events) > 1:
        print(t("review.so_far", language), file=out)
    for beat, result in events[:-1]:
        player.said(beat)
        assert result is not None
        key = "review.you_did" if result.kind == "action" else "review.you"
        player.say(t(key, language, text=player.tr(result.text)))
        if result.result is not None:
            player.say(player.tr(result.result))
    player.say()
    player.beat(play.beat())
    changes: list[Change] = []
    while not round_.item_done:
        count = len(play.beat().choices)
        number = None
        while number is None:
            raw = ask(t("plain.prompt", language, count=count)).strip().rstrip(".")
            number = int(raw) if raw.isdigit() and 1 <= int(raw) <= count else None
            if number is None:
                player.say(t("plain.bad_number", language, count=count))
        result = round_.choose(number)
        changes += round_.changes
        player.result(result)
        if round_.problem is not None:
            print(t("review.not_saved", language, detail=round_.problem), file=sys.stderr)
        if not round_.item_done:
            player.beat(play.beat())
    return changes


def _ask(out: TextIO) -> Ask:
    def ask(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        line = sys.stdin.readline()
        if not line:
            out.write("\n")
            raise EOFError
        return line

    return ask
