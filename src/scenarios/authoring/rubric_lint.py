"""Lint of own-words rubrics: each element met by the decision's own ideal reply and missed by a weak one.

SC029 an element that no example reply meets (the ideal option's reply and the model answer): either its
words are not the words the ideal uses, or the element is not the ideal's. SC030 an element that every weak
option also meets: it cannot tell a good reply from a weak one. SC031 a mistake the example reply makes.
The lemmatizer is loaded only for a story that has a rubric.
"""

from __future__ import annotations

from typing import Any

from scenarios.story.model import Node, Story
from scenarios.story.text import Text

Path = tuple[str | int, ...]


def rubric_findings(story: Story) -> list[tuple[str, Path, dict[str, Any]]]:
    """(code, path, params) of every rubric finding, in file order."""
    decisions = [(name, node) for name, node in story.nodes.items() if node.rubric is not None and node.options]
    if not decisions:
        return []
    from scenarios.rubric.lemmas import shared
    from scenarios.rubric.match import compile_rubric

    lemmas = shared()
    found: list[tuple[str, Path, dict[str, Any]]] = []
    for name, node in decisions:
        assert node.rubric is not None
        examples = _examples(node)
        weak = [option.text for option in node.options if not option.solution_focused and option.kind == "reply"]
        for language in story.languages:
            compiled = compile_rubric(node.rubric, language, lemmas)
            example = compiled.check("\n".join(_in(text, language) for text in examples)).found()
            weak_found = [compiled.check(_in(text, language)).found() for text in weak]
            for group in ("elements", "avoid"):
                for index, item in enumerate(getattr(node.rubric, group)):
                    path: Path = ("nodes", name, "rubric", group, index, "id")
                    params = {"item": item.id, "language": language}
                    if group == "elements" and item.id not in example:
                        found.append(("SC029", path, params))
                    if group == "elements" and weak_found and all(item.id in ids for ids in weak_found):
                        found.append(("SC030", path, params))
                    if group == "avoid" and item.id in example:
                        found.append(("SC031", path, params))
    return found


def _examples(node: Node) -> list[Text]:
    """The decision's example replies: the model answer and the ideal option's words."""
    texts = [node.model_answer] if node.model_answer is not None else []
    ideal = node.ideal_index
    if ideal is not None:
        texts.append(node.options[ideal].text)
    return texts


def _in(text: Text, language: str) -> str:
    return text.get_text(language)
