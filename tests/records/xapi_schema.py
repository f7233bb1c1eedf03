"""A compact JSON Schema for the parts of an xAPI 1.0.3 statement the trainer emits.

Written from the xAPI 1.0.3 specification (Data, section 2.4): the required properties, the
Agent/Group identification by account, language maps, Activity definitions with choice
interactions, Result with score bounds and ISO 8601 durations, and extensions keyed by IRIs.
"""

from __future__ import annotations

from typing import Any

IRI = {"type": "string", "pattern": r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$"}
UUID = {"type": "string", "pattern": r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"}
LANGUAGE_MAP = {
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"pattern": r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"},
    "additionalProperties": {"type": "string"},
}
EXTENSIONS = {"type": "object", "propertyNames": {"pattern": IRI["pattern"]}}
ACCOUNT = {
    "type": "object",
    "required": ["homePage", "name"],
    "properties": {"homePage": IRI, "name": {"type": "string", "minLength": 1}},
    "additionalProperties": False,
}
AGENT = {
    "type": "object",
    "required": ["account"],
    "properties": {"objectType": {"const": "Agent"}, "name": {"type": "string"}, "account": ACCOUNT},
    "additionalProperties": False,
}
GROUP = {
    "type": "object",
    "required": ["objectType"],
    # An anonymous Group lists its members; an identified one has an account (members optional).
    "anyOf": [{"required": ["member"]}, {"required": ["account"]}],
    "properties": {
        "objectType": {"const": "Group"},
        "name": {"type": "string"},
        "account": ACCOUNT,
        "member": {"type": "array", "items": AGENT},
    },
    "additionalProperties": False,
}
INTERACTION_COMPONENT = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string", "pattern": r"^\S+$"}, "description": LANGUAGE_MAP},
    "additionalProperties": False,
}
ACTIVITY = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "objectType": {"const": "Activity"},
        "id": IRI,
        "definition": {
            "type": "object",
            "properties": {
                "name": LANGUAGE_MAP,
                "description": LANGUAGE_MAP,
                "type": IRI,
                "moreInfo": IRI,
                "interactionType": {
                    "enum": [
                        "true-false",
                        "choice",
                        "fill-in",
                        "long-fill-in",
                        "matching",
                        "performance",
                        "sequencing",
                        "likert",
                        "numeric",
                        "other",
                    ]
                },
                "correctResponsesPattern": {"type": "array", "items": {"type": "string"}},
                "choices": {"type": "array", "items": INTERACTION_COMPONENT},
                "extensions": EXTENSIONS,
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
DURATION = {"type": "string", "pattern": r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"}
SCORE = {
    "type": "object",
    "properties": {
        "scaled": {"type": "number", "minimum": -1, "maximum": 1},
        "raw": {"type": "number"},
        "min": {"type": "number"},
        "max": {"type": "number"},
    },
    "additionalProperties": False,
}
RESULT = {
    "type": "object",
    "properties": {
        "score": SCORE,
        "success": {"type": "boolean"},
        "completion": {"type": "boolean"},
        "response": {"type": "string"},
        "duration": DURATION,
        "extensions": EXTENSIONS,
    },
    "additionalProperties": False,
}
CONTEXT = {
    "type": "object",
    "properties": {
        "registration": UUID,
        "instructor": {"oneOf": [AGENT, GROUP]},
        "team": GROUP,
        "language": {"type": "string", "pattern": r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"},
        "contextActivities": {
            "type": "object",
            "propertyNames": {"enum": ["parent", "grouping", "category", "other"]},
            "additionalProperties": {"type": "array", "items": ACTIVITY},
        },
        "extensions": EXTENSIONS,
    },
    "additionalProperties": False,
}
TIMESTAMP = {
    "type": "string",
    "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$",
}
STATEMENT: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "actor", "verb", "object"],
    "properties": {
        "id": UUID,
        "actor": {"oneOf": [AGENT, GROUP]},
        "verb": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": IRI, "display": LANGUAGE_MAP},
            "additionalProperties": False,
        },
        "object": ACTIVITY,
        "result": RESULT,
        "context": CONTEXT,
        "timestamp": TIMESTAMP,
        # A statement may leave its version out (the LRS sets it); if it has one, 1.0.3 says "1.0.0" (Data 2.4.10).
        "version": {"const": "1.0.0"},
    },
    "additionalProperties": False,
}
