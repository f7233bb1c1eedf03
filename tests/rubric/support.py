"""The rubric tests' story and labelled replies, and one lemmatizer for them all."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from scenarios.rubric.lemmas import Lemmas, cache_folder
from scenarios.story.loader import load_file
from scenarios.story.model import Story

HERE = Path(__file__).parent


@cache
def measure_story() -> Story:
    """The tests' own story of five decisions with rubrics (rubrics.yaml)."""
    result = load_file(HERE / "rubrics.yaml")
    assert result.story is not None, [d.message() for d in result.diagnostics]
    return result.story


@cache
def labelled() -> dict[str, dict[str, list[list[str]]]]:
    """The labelled replies (labelled.yaml): decision → language → [kind, ids, reply]."""
    data: Any = YAML(typ="safe").load(HERE / "labelled.yaml")
    return dict(data)


@cache
def lemmas() -> Lemmas:
    """simplemma's word lists over the tests' shared cache folder."""
    return Lemmas(cache_folder())
