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

from scenarios.authoring.guide import SCHEMA_PATH as SCHEMA_PATH
from scenarios.story.checks import MAX_LESSONS
from scenarios.story.lessons import load_lessons
from scenarios.story.model import Story

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

# yes/no as the loader reads them (case and surrounding spaces ignored).
YES_NO = {
    "type": "string",
    "pattern": r"^\s*([Yy][Ee][Ss]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff]|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\s*$",
}


# Hover help in editors: what each key means (from docs/story-format.md).
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Story": {
        "id": "The story's name in commands: lower-case letters, digits and '-'.",
        "format": "The format version (1).",
        "languages": "The languages the story provides, e.g. [fi, en]. Every text needs each of them.",
        "title": "The story's title.",
        "summary": "One paragraph: what the situation is.",
        "channel": "The service channel: desk, phone, email or chat.",
        "customer": (
            "One of the material's four customers: young-adult, retired-couple, wheelchair-user,"
            " foreign-language-family; or other, described in customer_description."
        ),
        "customer_description": (
            "Who the customer is, in each language, e.g. {fi: kollega nuorisopalveluista, en: a colleague from"
            " youth services}. Required with customer: other; with one of the four types, detail shown beside it."
        ),
        "theme": "The chapter of the material the story belongs to.",
        "source": 'The chapter and story of the material it comes from, e.g. "5.1, haastava tarina 1".',
        "difficulty": "easy, medium or hard.",
        "minutes": "Estimated playing time, 1-120.",
        "tags": "Words for searching.",
        "cast": "Display names for speakers, e.g. {customer: Aino}.",
        "state": "The story's variables and their starting values: a number, yes/no, or {start, min, max}.",
        "mood_words": (
            "The story's own words for the customer's moods, by mood -3..3, e.g. {-1: {fi: huolissaan, en: worried}};"
            " the moods not named keep the trainer's words (furious, angry, annoyed, neutral, ...)."
        ),
        "start": "The first node (default: the first node in 'nodes').",
        "shuffle": "Show each decision's options in a shuffled order (default yes).",
        "fictional": (
            "yes when the story's local details (prices, opening hours, rules, names of places and systems)"
            " are made-up examples: the app and stories/README.md say so in a generic note (default no). Or a"
            " text in each language saying exactly what is made up and what is real, shown instead of the note."
        ),
        "reflection": "Reflection questions for the debrief (default: the material's six).",
        "nodes": "The story's nodes, by name: decisions (options), passages (next) and endings (ending).",
        "walkthroughs": "Playthroughs that 'scenarios test' runs and checks.",
    },
    "Node": {
        "speaker": "Who says the lines: customer (default), colleague, narrator, or a name from 'cast'.",
        "say": "What is said: a text, or a list of lines.",
        "cues": "Non-verbal cues: body language at the desk, what you hear on the phone.",
        "email": "For an incoming email: {from, subject}.",
        "options": "The decision's options: replies and actions.",
        "model_answer": (
            "The whole ideal response, in more words than the ideal option: what you say and do next."
            " Leave it out rather than repeat the option."
        ),
        "next": "The next node (passages), or branches [{if, to}, ..., {to}].",
        "ending": "Makes this node an ending: resolved, partly or unresolved.",
        "medium": (
            "How the trainee answers here when it is not the story's channel: face-to-face, phone, email or chat"
            " (changes only the question over the options)."
        ),
        "lessons": "The lessons of the material this decision tests: 1-3 ids ('scenarios lessons' lists them).",
        "rubric": (
            "For 'own words first': the ideal reply's elements and the mistakes to avoid, each with the words"
            " that show it. Optional."
        ),
    },
    "Rubric": {
        "elements": "What a good reply here has: each an id, a label and the words that show it.",
        "avoid": "The mistakes to avoid: each an id, a label and the words that show it.",
    },
    "RubricItem": {
        "id": "A stable name for the item (used in records and reports).",
        "label": "A short label, shown in the checklist, e.g. {fi: Sopii soittoajan, en: Agrees when to call}.",
        "words": (
            "The words and phrases that show it, several alternatives: {fi: [soitan huomenna, palaan asiaan], en:"
            " [...]}. Inflected forms, compounds and typos are found too; '*' at a word's end matches its beginning."
        ),
        "lesson": "The lesson of the material this element shows, or this mistake breaks ('scenarios lessons').",
    },
    "Line": {
        "speaker": "Who says this line, if not the node's speaker: customer, colleague, narrator, or a 'cast' name.",
        "cue": "A non-verbal cue that goes with this line.",
        "if": "Show the line only when this condition holds, e.g. 'mood < 0'.",
    },
    "Branch": {
        "to": "The node to go to.",
        "if": "Go there only when this condition holds; the last branch has none.",
    },
    "Variable": {
        "start": "The starting value: a whole number, or yes/no for a flag.",
        "min": "The least the number can become; effects never go below it.",
        "max": "The most the number can become; effects never go above it.",
    },
    "Points": {
        "encounter": "The customer encounter (ch. 3: fair, equal, aware of the situation), -3..3.",
        "interaction": "Interaction (ch. 3: present, polite, positive), -3..3.",
        "expert": "The expert at work (ch. 3: values their own work, a professional grip), -3..3.",
        "positivity": "Customer-positivity (ch. 5), -3..3.",
    },
    "Option": {
        "reply": "What the trainee says or writes.",
        "action": "What the trainee does: looks something up, asks a colleague.",
        "id": "A stable name for the option, used in walkthroughs and saves.",
        "solution_focused": "The verdict: yes or no (chapter 4).",
        "ideal": "yes on the single ideal option of the decision.",
        "feedback": "Why this helps or does not help this customer.",
        "points": "Points on encounter, interaction, expert (ch. 3) and positivity (ch. 5), each -3..3.",
        "result": "What happens or what the action reveals.",
        "effects": "Changes to the state: 'mood += 1', 'flag = yes', or a list of them.",
        "if": "Offer the option only when this condition holds, e.g. 'mood >= 0'.",
        "once": "yes: the option disappears after it has been chosen.",
        "next": "The node that follows (without it, the story stays at this decision).",
        "breaks": "The lesson (or lessons) this option breaks: needed on a weak option, never on the ideal.",
    },
    "Walkthrough": {
        "name": "What this walkthrough shows, e.g. 'the ideal path'.",
        "ending": "The ending node it must reach.",
        "outcome": "The outcome it must reach: resolved, partly or unresolved.",
        "verdicts": "yes/no per choice: whether each must be judged solution-focused.",
        "min_score": "The least it must score: solution_focused, encounter, interaction, expert, positivity.",
    },
    "MinScore": {
        "solution_focused": "The least number of choices judged solution-focused.",
        "encounter": "The least points on the customer encounter.",
        "interaction": "The least points on interaction.",
        "expert": "The least points on the expert at work.",
        "positivity": "The least points on customer-positivity.",
    },
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
    catalog = load_lessons()
    definitions["LessonId"] = {
        "type": "string",
        "description": "A lesson of the material ('scenarios lessons' lists them).",
        "enum": list(catalog.ids),
        # Shown beside each id by editors that read them (VS Code's YAML and JSON support).
        "enumDescriptions": [
            f"{item.title.get_text('fi')} / {item.title.get_text('en')} (ch. {item.chapter})"
            for item in catalog.lessons
        ],
    }
    lesson = {"$ref": "#/definitions/LessonId"}
    for owner, key, most in (("Node", "lessons", MAX_LESSONS), ("Option", "breaks", None)):
        title = definitions[owner]["properties"][key].get("title", key.title())
        many: dict[str, Any] = {"type": "array", "items": lesson, "uniqueItems": True}
        if most is not None:
            many["maxItems"] = most
        definitions[owner]["properties"][key] = {"anyOf": [lesson, many, {"type": "null"}], "title": title}
    item = definitions["RubricItem"]["properties"]["lesson"]
    definitions["RubricItem"]["properties"]["lesson"] = {
        "anyOf": [lesson, {"type": "null"}],
        "title": item.get("title"),
    }
    state = schema["properties"]["state"]
    state["additionalProperties"] = {
        "anyOf": [{"type": "integer"}, {"type": "boolean"}, YES_NO, {"$ref": "#/definitions/Variable"}]
    }
    schema["properties"]["mood_words"]["propertyNames"] = {"enum": [str(mood) for mood in range(-3, 4)]}
    languages = schema["properties"]["languages"]
    schema["properties"]["languages"] = {"anyOf": [languages["items"], languages], "title": "Languages"}
    schema["properties"]["reflection"].pop("default", None)
    for owner, texts in DESCRIPTIONS.items():
        properties = schema["properties"] if owner == "Story" else definitions[owner]["properties"]
        for key, text in texts.items():
            properties[key]["description"] = text
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
