"""The debrief as a Markdown document (no Textual: usable from any front end); story text escaped by `md`."""

from __future__ import annotations

from scenarios.engine import Debrief
from scenarios.exports.markdown import md_line
from scenarios.i18n.catalog import moment_text, t
from scenarios.i18n.present import story_language, text_in
from scenarios.story.lessons import verdict_line
from scenarios.story.model import Story
from scenarios.story.rubric import mark_lines


def exam_passed(debrief: Debrief) -> bool:
    """An exam is passed when the story ends resolved (the learning records' rule when no mastery score is set)."""
    return debrief.outcome is not None and debrief.outcome.value == "resolved"


def exam_line(debrief: Debrief, language: str) -> str:
    """What an exam's debrief says first: passed or not, and why."""
    return t("tui.debrief.exam_passed" if exam_passed(debrief) else "tui.debrief.exam_failed", language)


def debrief_markdown(story: Story, debrief: Debrief, language: str, mode: str, played_at: float | None = None) -> str:
    """The whole debrief: date, ending and its words, path beside the ideal with model answers and the lesson behind
    each verdict, scores, reflection."""
    lang = story_language(story, language)

    def tr(key: str, **params: object) -> str:
        return t(key, language, **params)

    def text(value: object) -> str:
        """Story text as inert Markdown on one line: it is data, never markup."""
        return md_line(text_in(value, lang, story))  # type: ignore[arg-type]

    out = [f"# {tr('plain.debrief')}: {text(story.title)}", ""]
    out.append(f"- {tr('tui.card.channel')}: {tr(f'channel.{story.channel.value}')}")
    out.append(f"- {tr('tui.settings.mode')}: {tr(f'tui.mode_name.{mode}')}")
    if mode == "exam" and debrief.decisions:
        out.append(f"- {exam_line(debrief, language)}")
    if played_at is not None:
        out.append(f"- {tr('tui.progress.date')}: {moment_text(played_at, language)}")
    if debrief.outcome is not None:
        out.append(f"- {tr('plain.ending', outcome=tr(f'outcome.{debrief.outcome.value}'))}")
    if story.fictional:
        note = story.fictional_note
        out.append(f"- {text(note) if note is not None else tr('story.fictional')}")
    out.append("")
    if debrief.ending_lines:
        out += [f"> {text(line)}" for line in debrief.ending_lines] + [""]
    out += [f"## {tr('tui.debrief.path')}", ""]
    for number, decision in enumerate(debrief.decisions, start=1):
        verdict = tr("verdict.yes" if decision.solution_focused else "verdict.no")
        out.append(f"{number}. **{tr('tui.debrief.yours')}:** {text(decision.text)} ({verdict})")
        if decision.is_ideal:
            out.append(f"   - {tr('plain.ideal_chosen')}")
        else:
            out.append(f"   - **{tr('tui.debrief.ideal')}:** {text(decision.ideal_text)}")
        if decision.model_answer is not None:
            out.append(f"   - {tr('plain.model_answer', text=text(decision.model_answer))}")
        if decision.feedback is not None:
            out.append(f"   - {text(decision.feedback)}")
        if decision.own is not None:
            out.append(f"   - {tr('plain.own.yours', text=md_line(decision.own.text))}")
            at = story.nodes.get(decision.node)
            rubric = at.rubric if at is not None else None
            for mark in [] if rubric is None else mark_lines(rubric, decision.own.marked, decision.own.corrected):
                turned = f" {tr('own.corrected')}" if mark.corrected else ""
                out.append(f"     - {mark.sign} {text(mark.label)}{turned}")
        lesson = verdict_line(story, decision.node, decision.option_id, language)
        if lesson:
            out.append(f"   - {md_line(lesson)}")
    out += ["", f"## {tr('plain.scores')}", ""]
    out.append(f"- {tr('dimension.solution_focus')}: {debrief.solution_focused}/{debrief.total}")
    for score in debrief.scores:  # the same `got/ideal` as solution focus and the screen
        out.append(f"- {tr(f'dimension.{score.dimension}')}: {score.got}/{score.ideal}")
    out += ["", f"## {tr('plain.reflection')}", ""]
    out += [f"- {text(question)}" for question in debrief.reflection]
    return "\n".join(out) + "\n"
