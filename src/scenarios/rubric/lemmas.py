"""Words to their dictionary forms (lemmas) with simplemma, for Finnish, English and Swedish.

simplemma is pure Python and ships its word lists in its wheel (fi 3.5 million forms, en 0.2 million). Its
lists are opened through `dictionary.IndexedDictionaryFactory`: the first session on a machine builds an
index in the cache folder (seconds), every later one opens it in milliseconds. Other languages are folded to
lower case only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from platformdirs import user_cache_dir
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy

from scenarios.rubric.dictionary import IndexedDictionaryFactory

CACHE_ENV_VAR = "SCENARIOS_CACHE_DIR"
KNOWN_CACHE = 65536
"""Words whose membership is remembered (as simplemma remembers lemmas)."""
LANGUAGES = frozenset({"fi", "en", "sv"})
"""The languages whose word lists simplemma ships and own words use."""


def cache_folder() -> Path:
    """Where the word lists' indexes are kept: `$SCENARIOS_CACHE_DIR`, else the platform's cache folder."""
    override = os.environ.get(CACHE_ENV_VAR)
    return Path(override) if override else Path(user_cache_dir("scenarios", appauthor=False))


class Lemmas:
    """Lemmas and dictionary membership of words, per language."""

    def __init__(self, folder: Path | None) -> None:
        self._factory = IndexedDictionaryFactory(folder)
        self._lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=self._factory))
        self._lock = threading.Lock()
        self._known: dict[tuple[str, str], bool] = {}

    def lemma(self, word: str, language: str) -> str:
        """The word's lemma in lower case (the word itself, folded, when it is not known)."""
        if language not in LANGUAGES or not word:
            return word.casefold()
        with self._lock:
            return self._lemmatizer.lemmatize(word, language).casefold()

    def known(self, word: str, language: str) -> bool:
        """Whether the word, as written, is a form in the language's word list (a misspelling is not)."""
        if language not in LANGUAGES or not word:
            return False
        key = (word, language)
        answer = self._known.get(key)
        if answer is None:
            with self._lock:
                dictionary = self._factory.get_dictionary(language)
                answer = dictionary.get(word) is not None or dictionary.get(word.casefold()) is not None
            if len(self._known) > KNOWN_CACHE:
                self._known.clear()
            self._known[key] = answer
        return answer

    def load(self, languages: Iterable[str]) -> None:
        """Open the languages' word lists now (a thread may do this while the trainee reads and types)."""
        for language in languages:
            if language in LANGUAGES:
                with self._lock:
                    self._factory.get_dictionary(language)


_SHARED: Lemmas | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> Lemmas:
    """The process's lemmatizer, over the cache folder."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Lemmas(cache_folder())
        return _SHARED


def warm_up(languages: Iterable[str]) -> threading.Thread:
    """Open the word lists in a background thread; `join()` it (or just match: that waits on the same lock)."""
    wanted = tuple(languages)
    thread = threading.Thread(target=lambda: shared().load(wanted), name="lemmas-warm-up", daemon=True)
    thread.start()
    return thread
