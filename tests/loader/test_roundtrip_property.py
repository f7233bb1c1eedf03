"""Property: any valid story, written out as YAML an author could have typed, loads back equal."""

from __future__ import annotations

import io

from hypothesis import given, settings
from ruamel.yaml import YAML

from scenarios.story.loader import load_text
from scenarios.story.model import Story
from tests.engine.strategies import stories


def as_yaml(data: object) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


@settings(max_examples=80, deadline=None)
@given(stories())
def test_a_story_written_as_yaml_loads_back_equal(story: Story) -> None:
    text = as_yaml(story.model_dump(mode="json", by_alias=True, exclude_defaults=True))
    result = load_text(text, "generated.yaml")
    assert result.ok, [d.format("en") for d in result.diagnostics]
    assert result.story == story
