"""Properties of judging a reply against a rubric: the same text always gets the same checklist, more said in a
sentence of its own never loses what was found, the letters' case does not matter, and every phrase of a rubric
written alone is found."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.rubric.match import CompiledRubric, compile_rubric
from tests.rubric.support import lemmas, measure_story

LANGUAGES = ("fi", "en")
DECISIONS = ("wristband", "callback", "credentials", "interpreter", "promise")


def compiled(node: str, language: str) -> CompiledRubric:
    rubric = measure_story().nodes[node].rubric
    assert rubric is not None
    return compile_rubric(rubric, language, lemmas())


def vocabulary(language: str) -> list[str]:
    """The rubrics' own words, so random replies often hit them, and some that are not."""
    words = {
        word.rstrip("*")
        for node in DECISIONS
        for item in measure_story().nodes[node].rubric.items  # type: ignore[union-attr]
        for phrase in item.words.phrases(language)
        for word in phrase.split()
    }
    return [*sorted(words), "asiakas", "tänään", "customer", "today", "en", "not", "mutta", "but", "kiitos"]


def replies(language: str) -> st.SearchStrategy[str]:
    word = st.sampled_from(vocabulary(language)) | st.text("abcdefghijklmnoprstuvyäö", min_size=1, max_size=9)
    sentence = st.lists(word, min_size=1, max_size=12).map(" ".join)
    joiner = st.sampled_from([" ", ", ", ". ", "\n"])
    return st.lists(st.tuples(sentence, joiner), min_size=1, max_size=4).map(
        lambda parts: "".join(text + join for text, join in parts)
    )


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DECISIONS), st.sampled_from(LANGUAGES), st.data())
def test_the_same_reply_always_gets_the_same_checklist(node: str, language: str, data: st.DataObject) -> None:
    reply = data.draw(replies(language))
    rubric = compiled(node, language)
    first = rubric.check(reply)
    for other in data.draw(st.lists(replies(language), max_size=3)):
        rubric.check(other)
    assert compiled(node, language).check(reply) == first == rubric.check(reply)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DECISIONS), st.sampled_from(LANGUAGES), st.data())
def test_a_sentence_more_never_loses_what_was_found(node: str, language: str, data: st.DataObject) -> None:
    reply, more = data.draw(replies(language)), data.draw(replies(language))
    rubric = compiled(node, language)
    assert rubric.check(reply).found() <= rubric.check(f"{reply}\n{more}").found()
    assert rubric.check(more).found() <= rubric.check(f"{reply}\n{more}").found()


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(DECISIONS), st.sampled_from(LANGUAGES), st.data())
def test_capital_letters_change_nothing(node: str, language: str, data: st.DataObject) -> None:
    reply = data.draw(replies(language))
    rubric = compiled(node, language)
    assert rubric.check(reply.upper()).found() == rubric.check(reply).found() == rubric.check(reply.title()).found()


def test_every_phrase_of_a_rubric_written_alone_is_found() -> None:
    for node in DECISIONS:
        for language in LANGUAGES:
            rubric = compiled(node, language)
            for item in rubric.rubric.items:
                for phrase in item.words.phrases(language):
                    words = phrase.split()
                    reply = " ".join(word.rstrip("*") + ("lla" if word.endswith("*") else "") for word in words)
                    assert item.id in rubric.check(reply).found(), (node, language, item.id, phrase)
