"""Presentation helpers every front end shares: labels in the trainee's language."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scenarios.i18n.catalog import in_language, t

if TYPE_CHECKING:  # not imported at run time: the app's first frame does without pydantic
    from collections.abc import Sequence

    from scenarios.engine import Beat
    from scenarios.story.lessons import Lesson
    from scenarios.story.model import Story
    from scenarios.story.text import Text


def story_language(story: Story, asked: str) -> str:
    """The language to show `story` in: the one asked for if provided, else its first."""
    return asked if asked in story.languages else story.languages[0]


def language_fallback(asked: str, shown: str) -> str:
    """The note that a story is shown in another language than the one asked for ("Berättelsen finns inte på
    svenska; den visas på finska."), in the language asked for."""
    return t("plain.language_fallback", asked, asked=in_language(asked, asked), shown=in_language(shown, asked))


def text_in(text: Text | None, language: str, story: Story) -> str:
    """A story text in `language`, falling back to the story's other languages."""
    return "" if text is None else text.get_text(language, story.languages)


def customer_label(story: Story, language: str) -> str:
    """The customer: the story's own description if it has one, else the customer type in words."""
    if story.customer_description is not None:
        return text_in(story.customer_description, language, story)
    return t(f"customer.{story.customer_type}", language)


def speaker_label(story: Story, speaker: str, language: str) -> str:
    """Who speaks: the story's cast name if given, else the catalog's word."""
    if speaker in story.cast:
        return text_in(story.cast[speaker], language, story)
    if speaker == "narrator":
        return ""  # the narration has no speaker's name
    return t(f"speaker.{speaker}", language) if speaker in ("customer", "colleague") else speaker


def mood_label(mood: int, language: str, story: Story | None = None) -> str:
    """The customer's mood in words (never by colour alone), e.g. 'annoyed (-1)': the story's own word
    for it (`mood_words`, 'worried (-1)') when it names one, else the trainer's."""
    clamped = max(-3, min(3, mood))
    own = story.mood_words.get(clamped) if story is not None else None
    word = text_in(own, language, story) if own is not None and story is not None else t(f"mood.{clamped}", language)
    return f"{word} ({mood:+d})" if mood else f"{word} (0)"


def source_label(source: str, language: str) -> str:
    """Where a story comes from in the trainee's language: `source:` is written in Finnish ("5.1, haastava tarina 4").

    In another language the chapter number is kept and said in words; the Finnish details are left out.
    """
    if language == "fi":
        return source
    chapter = re.match(r"\s*(\d+(?:\.\d+)*)", source)
    if chapter is None:
        return t("source.package", language)
    return t("source.chapter", language, chapter=chapter.group(1))


# How the trainee answers in each channel, by value (the enums live in scenarios.story.model).
CHANNEL_MEDIUM = {"desk": "face-to-face", "phone": "phone", "email": "email", "chat": "chat"}
MEDIUM_CHANNEL = {medium: channel for channel, medium in CHANNEL_MEDIUM.items()}


def lines_channel(story: Story, node_name: str) -> str:
    """The channel whose ways a node's spoken lines are shown in: its `medium` if it has one (a colleague face to
    face in a phone story is not "on the line", and what is seen of her is body language), else the story's."""
    node = story.nodes.get(node_name)
    return MEDIUM_CHANNEL[node.medium.value] if node is not None and node.medium is not None else story.channel.value


def choice_prompt(story: Story, beat: Beat, language: str) -> str:
    """The question over a beat's options, fitting what they are and how the trainee answers there.

    Replies are answered in the node's `medium` (else the story's channel): "What do you say on the phone?";
    options that are all actions ask "What do you do?"; replies and actions together, "What do you say or do?".
    """
    return decision_question(story, beat.node, {choice.kind for choice in beat.choices}, language)


def decision_question(story: Story, node_name: str, kinds: set[str], language: str) -> str:
    """The question over options of `kinds` (`reply`, `action`) at the node (see `choice_prompt`)."""
    node = story.nodes.get(node_name)
    medium = node.medium.value if node is not None and node.medium is not None else CHANNEL_MEDIUM[story.channel.value]
    if kinds == {"action"}:
        return t("prompt.action", language)
    if "action" in kinds:
        return t("prompt.mixed", language)
    return t(f"prompt.reply.{medium}", language)


def says_the_same(one: str, other: str) -> bool:
    """Two texts that read the same (quotes, case and spacing aside): a model answer that repeats the
    ideal option is shown once, and lint points it out (SC020)."""
    return _plain(one) == _plain(other)


def _plain(text: str) -> str:
    """A text as read: quotes, case and the spacing between words aside."""
    return " ".join(text.strip().strip('“”"').split()).casefold()


LESSON_FALLBACKS = ("en", "fi")
"""The lessons' languages to fall back on when the trainee's is not in the catalog."""


def lesson_name(lesson: Lesson, language: str) -> str:
    """A lesson by its title and chapter: "Tarkista ennen kuin lupaat (luku 4)"."""
    title = lesson.title.get_text(language, LESSON_FALLBACKS)
    return t("lesson.named", language, title=title, chapter=t("lesson.chapter", language, chapter=lesson.chapter))


def lesson_names(lessons: Sequence[Lesson], language: str) -> str:
    """Lessons by title and chapter, joined with '; ' ('' when there are none)."""
    return "; ".join(lesson_name(lesson, language) for lesson in lessons)


def lesson_line(lessons: Sequence[Lesson], language: str) -> str:
    """The line naming the lessons behind a verdict: "Oppi: Tarkista ennen kuin lupaat (luku 4)" ('' when none)."""
    if not lessons:
        return ""
    key = "lesson.line.one" if len(lessons) == 1 else "lesson.line.many"
    return t(key, language, names=lesson_names(lessons, language))


def clock_text(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`) for a duration: a call's length, a chat's wait."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def mood_arrow(mood: int, previous: int | None) -> str:
    """` ↑` or ` ↓` for the mood's last move ('' when it has not moved)."""
    return "" if previous is None or previous == mood else (" ↑" if mood > previous else " ↓")


def mood_scale(mood: int) -> str:
    """The mood on a scale of seven, e.g. `○○●○○○○` for -1."""
    clamped = max(-3, min(3, mood))
    return "".join("●" if value == clamped else "○" for value in range(-3, 4))
