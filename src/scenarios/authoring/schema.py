"""`scenarios schema`: the JSON Schema (draft-07) of the story format, for editors.

Generated from the pydantic models, then widened to accept what the loader accepts:
`yes`/`no` for booleans, one effect where a list is expected, one line where `say:`
expects a list, a bare number or flag as a variable, a single language as `languages:`.
Editors' YAML language servers read draft-07, so `$defs` become `definitions`.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

from pydantic.json_schema import PydanticJsonSchemaWarning

from scenarios.model import Story

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_PATH = "docs/story.schema.json"
# yes/no as the loader reads them (case and surrounding spaces ignored).
YES_NO = {
    "type": "string",
    "pattern": r"^\s*([Yy][Ee][Ss]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff]|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\s*$",
}


def story_schema() -> dict[str, Any]:
    """The story format as a draft-07 JSON Schema."""
    with warnings.catch_warnings():
        # The default reflection questions are `Text` objects, not JSON; they are left out.
        warnings.simplefilter("ignore", PydanticJsonSchemaWarning)
        schema = Story.model_json_schema(by_alias=True, mode="validation")
    schema = _draft07(schema)
    schema = _booleans(schema)
    definitions = schema["definitions"]
    text = definitions["Line"]["properties"]["text"]
    say = definitions["Node"]["properties"]["say"]
    line_or_text = {"anyOf": [{"$ref": "#/definitions/Line"}, text]}
    definitions["Node"]["properties"]["say"] = {
        "anyOf": [line_or_text, {"type": "array", "items": line_or_text}, {"type": "null"}],
        "title": say.get("title", "Say"),
        "description": "What is said: a text, or a list of lines (texts, or {text, speaker, if}).",
    }
    effects = definitions["Option"]["properties"]["effects"]
    definitions["Option"]["properties"]["effects"] = {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}],
        "title": effects.get("title", "Effects"),
        "description": "One effect ('mood += 1') or a list of them.",
    }
    steps = definitions["Walkthrough"]["properties"]["choices"]
    step = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    definitions["Walkthrough"]["properties"]["choices"] = {
        "anyOf": [step, {"type": "array", "items": step}],
        "title": steps.get("title", "Choices"),
        "description": "The options to choose, in order: each an option id or the start of its text.",
    }
    state = schema["properties"]["state"]
    state["additionalProperties"] = {
        "anyOf": [{"type": "integer"}, {"type": "boolean"}, YES_NO, {"$ref": "#/definitions/Variable"}]
    }
    languages = schema["properties"]["languages"]
    schema["properties"]["languages"] = {"anyOf": [languages["items"], languages], "title": "Languages"}
    schema["properties"]["reflection"].pop("default", None)
    return {"$schema": DRAFT_07, "$id": "https://scenarios.invalid/story.schema.json", **schema}


def _draft07(value: Any) -> Any:
    """`$defs` → `definitions`, and their references with them."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if key == "$defs":
                result["definitions"] = _draft07(item)
            elif key == "$ref" and isinstance(item, str):
                result[key] = item.replace("#/$defs/", "#/definitions/")
            else:
                result[key] = _draft07(item)
        return result
    if isinstance(value, list):
        return [_draft07(item) for item in value]
    return value


def _booleans(value: Any) -> Any:
    """Every boolean also accepts yes/no written as text."""
    if isinstance(value, dict):
        if value.get("type") == "boolean":
            rest = {key: item for key, item in value.items() if key != "type"}
            return {"anyOf": [{"type": "boolean"}, YES_NO], **rest}
        return {key: _booleans(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_booleans(item) for item in value]
    return value


def schema_text() -> str:
    """The schema as the text committed in docs/story.schema.json."""
    return json.dumps(story_schema(), indent=2, ensure_ascii=False) + "\n"
