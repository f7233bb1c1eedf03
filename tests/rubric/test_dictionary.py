"""simplemma's word lists through the cached block index: the same answers as simplemma's own reader."""

from __future__ import annotations

from pathlib import Path

from simplemma.strategies.dictionaries import StreamDictionaryFactory

from scenarios.rubric.dictionary import cache_name, open_language


def sample(language: str) -> list[str]:
    reference = StreamDictionaryFactory().get_dictionary(language)
    keys = [key for number, key in enumerate(reference) if number % 997 == 0]
    return [*keys, "", "zzzzzzzz", "aaaa-not-a-word", "ääliömäisyydestäänkin"]


def test_the_index_answers_as_simplemma_and_is_kept_for_the_next_session(tmp_path: Path) -> None:
    reference = StreamDictionaryFactory().get_dictionary("en")
    built = open_language("en", tmp_path)
    cached = tmp_path / cache_name("en")
    assert cached.is_file()
    stamp = cached.stat().st_mtime_ns
    reopened = open_language("en", tmp_path)
    assert cached.stat().st_mtime_ns == stamp, "the second session reads the index, not the list"
    for word in sample("en"):
        assert built.get(word) == reference.get(word) == reopened.get(word), word
    assert len(reopened) == len(reference)


def test_a_damaged_index_is_built_again_and_no_folder_means_memory_only(tmp_path: Path) -> None:
    cached = tmp_path / cache_name("en")
    cached.write_bytes(b"SCNLEMMA2\n" + b"\x00" * 40)
    assert open_language("en", tmp_path).get("houses") == "house"
    assert cached.stat().st_size > 1000
    assert open_language("en", None).get("called") == "call"
