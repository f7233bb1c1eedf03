"""The plain player: a line-by-line front end for pipes, scripts and screen readers."""

from __future__ import annotations

import re
import sqlite3
import textwrap
from collections.abc import Callable, Iterator
from typing import TextIO

from scenarios.engine import Beat, Debrief, OwnReply, Playthrough, Result
from scenarios.i18n.catalog import quoted, t
from scenarios.i18n.present import choice_prompt, customer_label, mood_label, says_the_same, speaker_label, text_in
from scenarios.store import Store
from scenarios.store.problems import STORE_ERRORS, store_message, wait_briefly, write_locked
from scenarios.story.lessons import verdict_line
from scenarios.story.model import Story
from scenarios.trainer.own_words import MarkLine, OwnWords, asks_own_words, checklist_lines, kept_lines, own_reply
from scenarios.trainer.session import PlaySession, Trainer
from scenarios.visible import visible

Ask = Callable[[str], str]
# Spaces a line is never broken at: in an amount or a number and its unit ("140 €", "1 500 euroa",
# "30 min", "klo 16"), and between groups of digits ("040 123 4567").
_UNBREAKABLE = re.compile(
    r"(?<=\d) (?=[€%$£\d])|(?<=\d) (?=(?:e|euroa?|snt|senttiä|min|h|kk|pv|km|m|kg|krt|cents?|euros?)\b)"
    r"|(?<=\bklo) (?=\d)"
)
_GLUE = "\x00"  # stands for such a space while wrapping (visible() has escaped any real control character)


class PlainProgress:
    """Keeps a line-mode playthrough through the trainer layer (`scenarios.trainer.session`), as the app does:
    stored with its first decision, saved after each choice with its learning records, finished once,
    and left (unfinished: a `suspended` statement) when the input ends.

    A store that cannot be opened or written says so once on `err` and the story goes on (each later
    save tries again with everything). A store another program is writing to is told at once, before the
    first choice, and then each save waits for it only a moment instead of five seconds.
    """

    def __init__(self, story: Story, language: str, err: TextIO, store: Store | None = None) -> None:
        self.story = story
        self.language = language
        self.err = err
        self.store = store
        self.session: PlaySession | None = None
        self.told = False

    def _tell(self, detail: str) -> None:
        if not self.told:
            print(t("plain.not_saved", self.language, detail=detail), file=self.err)
            self.told = True

    def start(self, play: Playthrough) -> None:
        """Take the new playthrough into a trainer session (practice: line mode gives the feedback at once)."""
        try:
            store = self.store if self.store is not None else Store()
        except STORE_ERRORS as error:
            self._tell(store_message(error, self.language))
            return
        self.store = store
        try:
            if write_locked(store.conn):
                self._busy()
        except STORE_ERRORS as error:
            self._tell(store_message(error, self.language, store.path))
        title = text_in(self.story.title, self.language, self.story)
        self.session = PlaySession(
            Trainer(store), self.story, play, title=title, language=self.language, mode="practice"
        )

    def chosen(self, play: Playthrough) -> None:
        """Save after a choice; at the end, record the finished playthrough."""
        if self.session is None:
            return
        done = self.session.finish() if play.is_over else self.session.save()
        problem = self.session.problem
        if not done and problem is not None:
            if problem.code == "busy":
                self._busy()
            elif problem.code == "taken":  # another window took the story over: nothing more of it is kept here
                if not self.told:
                    print(t("tui.save.refused", self.language), file=self.err)
                    self.told = True
            else:
                path = self.store.path if self.store is not None else None
                self._tell(store_message(sqlite3.OperationalError(problem.detail), self.language, path))

    def _busy(self) -> None:
        """Another program holds the store: say so, and from now on wait for it only a moment per save."""
        assert self.store is not None
        self._tell(store_message(sqlite3.OperationalError("database is locked"), self.language, self.store.path))
        wait_briefly(self.store.conn)

    def leave(self) -> None:
        """The line mode ends: the session stops playing (left unfinished, it says so in the records)."""
        if self.session is not None:
            self.session.leave()

    @property
    def kept(self) -> bool:
        """True when the playthrough is in the store with a choice made: only then is it offered again
        (a story opened and left at once is not, as in the app)."""
        return self.session is not None and self.session.record_id is not None and bool(self.session.play.history)


class PlainPlayer:
    """Prints beats, results and the debrief; reads numbers from `answers` or `ask`."""

    def __init__(
        self, story: Story, language: str, out: TextIO, *, width: int = 78, own_words: OwnWords | None = None
    ) -> None:
        self.story = story
        self.language = language
        self.out = out
        self.width = width
        self.own_words = own_words
        """With a checker, the trainee writes their own reply first at each decision with a rubric."""

    def say(self, text: str = "", indent: str = "", hang: str = "") -> None:
        """Print a paragraph, wrapped to the width; `hang` indents the wrapped lines more. Control
        characters are shown as escapes (`scenarios.visible`), whatever the output."""
        if not text:
            print(file=self.out)
            return
        for paragraph in visible(text).split("\n"):
            glued = _UNBREAKABLE.sub(_GLUE, paragraph)
            wrapped = textwrap.wrap(glued, self.width, initial_indent=indent, subsequent_indent=indent + hang)
            print("\n".join(wrapped).replace(_GLUE, " ") if wrapped else "", file=self.out)

    def tr(self, value: object) -> str:
        """A story text in the player's language."""
        return text_in(value, self.language, self.story)  # type: ignore[arg-type]

    def intro(self) -> None:
        """The story's title, channel, customer and summary."""
        story, lang = self.story, self.language
        self.say(self.tr(story.title))
        self.say(
            t(
                "plain.channel_line",
                lang,
                channel=t(f"channel.{story.channel.value}", lang),
                customer=customer_label(story, lang),
                theme=t(f"theme.{story.theme.value}", lang),
            )
        )
        self.say()
        self.say(self.tr(story.summary))
        if story.fictional:
            note = story.fictional_note
            self.say(self.tr(note) if note is not None else t("story.fictional", lang))
        self.say()

    def beat(self, beat: Beat, ask: Ask | None = None) -> OwnReply | None:
        """What is said and seen now, then the numbered options. With `ask` and own words first, at a decision
        with a rubric the trainee writes their reply and sees its checklist before the options: the reply."""
        lang = self.language
        self.said(beat)
        if beat.mood is not None and beat.choices:
            self.say(t("plain.mood", lang, mood=mood_label(beat.mood, lang, self.story)))
        own = None
        if ask is not None and self.own_words is not None and beat.choices and not beat.returned:
            if asks_own_words(self.story, beat.node):
                own = self.write_own(beat.node, ask)
        self.options(beat)
        return own

    def write_own(self, node: str, ask: Ask) -> OwnReply:
        """The trainee's own reply (lines up to an empty one), its checklist, and their corrections to it."""
        assert self.own_words is not None
        lang = self.language
        self.say()
        self.say(t("plain.own.prompt", lang))
        lines: list[str] = []
        while True:
            try:
                line = ask("> ")
            except EOFError:
                if not lines:
                    raise
                break
            if line.strip():
                lines.append(line.rstrip())
            elif lines:
                break
            else:
                self.say(t("plain.own.empty", lang))
        text = "\n".join(lines)
        checklist = self.own_words.check(self.story, node, lang, text)
        rubric = self.story.nodes[node].rubric
        assert rubric is not None
        corrected: set[str] = set()
        shown = checklist_lines(rubric, checklist)
        self.checklist(shown)
        count = len(shown)
        while True:
            try:
                raw = ask(t("plain.own.correct", lang))
            except EOFError:
                raw = ""
            numbers = _numbers(raw, count)
            if numbers is None:
                self.say(t("plain.own.bad_correct", lang, count=count))
                continue
            if not numbers:
                break
            corrected ^= {shown[number - 1].id for number in numbers}
            shown = checklist_lines(rubric, checklist, corrected)
            self.checklist(shown)
            count = len(shown)
        self.say(t("plain.own.now_choose", lang))
        return own_reply(text, checklist, corrected)

    def checklist(self, lines: list[MarkLine], indent: str = "") -> None:
        """The checklist, numbered: sign, label, the reply's words that showed it, and a correction's note."""
        lang = self.language
        self.say(t("plain.own.checklist", lang), indent=indent)
        for number, line in enumerate(lines, start=1):
            self.say(self.mark(line, f"{number}. " if not indent else ""), indent=indent + "  ", hang="     ")

    def mark(self, line: MarkLine, prefix: str = "") -> str:
        """One mark as a line of text."""
        text = f"{prefix}{line.sign} {self.tr(line.label)}"
        if line.words:
            text += ": " + ", ".join(quoted(words, self.language) for words in line.words)
        if line.corrected:
            text += " " + t("own.corrected", self.language)
        return text

    def options(self, beat: Beat) -> None:
        """The beat's numbered options under the question."""
        lang = self.language
        if beat.choices:
            self.say()
            self.say(choice_prompt(self.story, beat, lang))
            for choice in beat.choices:
                self.say(
                    f"{choice.number}. [{t(f'kind.{choice.kind}', lang)}] {self.tr(choice.text)}",
                    indent="  ",
                    hang="   ",
                )

    def said(self, beat: Beat) -> None:
        """What is said and seen in a beat: an email's header, the lines and the cues."""
        lang = self.language
        if beat.email is not None:
            self.say(t("plain.email_from", lang, sender=self.tr(beat.email.sender)))
            self.say(t("plain.email_subject", lang, subject=self.tr(beat.email.subject)))
        for line in beat.lines:
            if line.text is not None:
                who = speaker_label(self.story, line.speaker, lang)
                self.say(f"{who}: {self.tr(line.text)}" if who else self.tr(line.text))
            if line.cue is not None:
                self.say(t("plain.cue", lang, cue=self.tr(line.cue)), indent="  ")

    def result(self, result: Result) -> None:
        """The verdict, why, what happened, and the ideal response when not chosen."""
        lang = self.language
        self.say()
        self.say(t("plain.you_chose", lang, text=self.tr(result.text)))
        self.say(t("plain.verdict", lang, verdict=t(f"verdict.{'yes' if result.solution_focused else 'no'}", lang)))
        if result.feedback is not None:
            self.say(t("plain.feedback", lang, text=self.tr(result.feedback)))
        lesson = verdict_line(self.story, result.node, result.option_id, lang)
        if lesson:
            self.say(lesson)
        if result.is_ideal:
            self.say(t("plain.ideal_chosen", lang))
        # After an own reply the ideal is shown beside it, also when the option closest to it was the ideal.
        beside = result.own is not None
        if beside:
            assert result.own is not None
            self.say(t("plain.own.yours", lang, text=result.own.text))
        if beside or not result.is_ideal:
            self.say(t("plain.ideal", lang, text=self.tr(result.ideal_text)))
        answer = self.tr(result.model_answer) if result.model_answer is not None else None
        shown = beside or not result.is_ideal
        if answer is not None and shown and not says_the_same(answer, self.tr(result.ideal_text)):
            self.say(t("plain.model_answer", lang, text=answer))
        if result.result is not None:
            self.say()
            self.say(self.tr(result.result))
        self.say()

    def debrief(self, report: Debrief) -> None:
        """The path beside the ideal, the scores, the ending and the reflection questions."""
        lang = self.language
        self.say()
        if report.outcome is not None:
            self.say(t("plain.ending", lang, outcome=t(f"outcome.{report.outcome.value}", lang)))
        self.say()
        self.say(t("plain.debrief", lang))
        for number, d in enumerate(report.decisions, start=1):
            self.say(t("plain.decision", lang, number=number))
            self.say(t("plain.chosen", lang, text=self.tr(d.text)), indent="  ", hang="  ")
            verdict = t(f"verdict.{'yes' if d.solution_focused else 'no'}", lang)
            self.say(t("plain.verdict", lang, verdict=verdict), indent="  ")
            lesson = verdict_line(self.story, d.node, d.option_id, lang)
            if lesson:
                self.say(lesson, indent="  ", hang="  ")
            if d.is_ideal:
                self.say(t("plain.same_as_ideal", lang), indent="  ")
            else:
                self.say(t("plain.ideal_line", lang, text=self.tr(d.ideal_text)), indent="  ", hang="  ")
            if d.feedback is not None:
                self.say(self.tr(d.feedback), indent="    ")
            if d.own is not None:
                self.say(t("plain.own.yours", lang, text=d.own.text), indent="  ", hang="  ")
                for line in kept_lines(self.story, d.own, d.node):
                    self.say(self.mark(line), indent="    ", hang="  ")
        self.say()
        self.say(t("plain.scores", lang))
        label = t("dimension.solution_focus", lang)
        self.say(t("plain.score_sf", lang, label=label, got=report.solution_focused, of=report.total))
        for score in report.scores:
            self.say(
                t(
                    "plain.score_dim",
                    lang,
                    label=t(f"dimension.{score.dimension}", lang),
                    got=score.got,
                    ideal=score.ideal,
                )
            )
        self.say()
        self.say(t("plain.reflection", lang))
        for question in report.reflection:
            self.say(f"- {self.tr(question)}", indent="  ", hang="  ")

    def play(
        self, play: Playthrough, answers: Iterator[int], ask: Ask | None, progress: PlainProgress | None = None
    ) -> Debrief:
        """Play to the end: scripted answers first, then numbers read with `ask`; `progress` keeps it.

        Raises `ScriptedChoiceError` for a scripted number that is not on offer, `ChoicesRanOutError`
        when the scripted answers end before the story does and there is no `ask` (a script never waits
        for input), and `EOFError` (from `ask`) when the input ends before the story does.
        """
        self.intro()
        if progress is not None:
            progress.start(play)
        step = 0
        while not play.is_over:
            beat = play.beat()
            own = self.beat(beat, ask)
            step += 1
            count = len(beat.choices)
            number = next(answers, None)
            if number is not None:
                if not 1 <= number <= count:
                    raise ScriptedChoiceError(step, number, count)
                self.say(t("plain.prompt", self.language, count=count) + str(number))
            if number is None and ask is None:
                raise ChoicesRanOutError(step, count)
            while number is None:
                assert ask is not None
                number = _number(ask(t("plain.prompt", self.language, count=count)), count)
                if number is None:
                    self.say(t("plain.bad_number", self.language, count=count))
            self.result(play.choose(number, own=own))
            if progress is not None:
                progress.chosen(play)
        final = play.beat()
        self.beat(final)
        if final.dead_end:
            self.say(t("plain.dead_end", self.language))
        report = play.debrief()
        self.debrief(report)
        return report


class ScriptedChoiceError(ValueError):
    """A number given with --choices that the decision does not offer."""

    def __init__(self, step: int, number: int, count: int) -> None:
        super().__init__(f"no option {number} at decision {step}")
        self.step, self.number, self.count = step, number, count


def _numbers(raw: str, count: int) -> list[int] | None:
    """The mark numbers typed ("2", "1,3", "1 3"; nothing: none), or None when one is not a number on offer."""
    parts = raw.replace(",", " ").split()
    if not all(part.rstrip(".").isdigit() and 1 <= int(part.rstrip(".")) <= count for part in parts):
        return None
    return [int(part.rstrip(".")) for part in parts]


class ChoicesRanOutError(ValueError):
    """--choices ended before the story did (decision `step` offers 1-`count`)."""

    def __init__(self, step: int, count: int) -> None:
        super().__init__(f"no number given for decision {step}")
        self.step, self.count = step, count


def _number(raw: str, count: int) -> int | None:
    raw = raw.strip().rstrip(".")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= count else None
