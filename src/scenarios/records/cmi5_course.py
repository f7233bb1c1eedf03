"""A cmi5 course package for an LMS (cmi5 sections 13 and 14): `cmi5.xml`, one assignable unit per story, in a
ZIP. The AUs are played on `scenarios serve`: each AU's URL is the server's launch route for its story, and its
id is the story's activity id under the base of activity ids (the `grouping` activity an LMS puts in the
statements' context template)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote
from xml.etree import ElementTree

from scenarios.records.statements import SIMULATION, RecordContext, story_languages

if TYPE_CHECKING:
    from scenarios.story.model import Story
    from scenarios.story.text import Text

NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
LAUNCH_PATH = "/cmi5/launch"
CHAPTER = re.compile(r"\s*(\d+)")


@dataclass(frozen=True)
class Course:
    """What the package says beside the stories: its title and description, and how an AU is satisfied."""

    title: dict[str, str]
    description: dict[str, str]
    move_on: str = "Passed"
    mastery: float | None = None
    """A mastery score for every AU (then passed means this share of solution-focused choices)."""
    by_chapter: bool = False
    """Group the AUs in one block per chapter of the material."""


def launch_url(server: str, story_id: str) -> str:
    """An AU's launch URL: the server's launch route for the story (the LMS appends the launch parameters)."""
    return server.rstrip("/") + LAUNCH_PATH + "?story=" + quote(story_id, safe="")


def course_structure(stories: Sequence[Story], course: Course, server: str, base: str) -> bytes:
    """`cmi5.xml` for `stories` played on `server`, with ids under `base` (UTF-8, with its declaration)."""
    ctx = RecordContext("course", {}, base=base)
    ElementTree.register_namespace("", NAMESPACE)
    root = ElementTree.Element(f"{{{NAMESPACE}}}courseStructure")
    head = _element(root, "course", id=ctx.iri("course"))
    _texts(head, "title", course.title)
    _texts(head, "description", course.description)
    if course.by_chapter:
        chapters: dict[str, list[Story]] = {}
        for story in stories:
            found = CHAPTER.match(story.source)
            chapters.setdefault(found.group(1) if found else "0", []).append(story)
        for chapter, held in sorted(chapters.items(), key=lambda item: int(item[0])):
            block = _element(root, "block", id=ctx.iri("course", "chapters", chapter))
            words = {"fi": f"Luku {chapter}", "en": f"Chapter {chapter}", "sv": f"Kapitel {chapter}"}
            _texts(block, "title", words)
            _texts(block, "description", words)
            for story in held:
                _au(block, story, course, server, ctx)
    else:
        for story in stories:
            _au(root, story, course, server, ctx)
    ElementTree.indent(root)
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def package(stories: Sequence[Story], course: Course, server: str, base: str) -> bytes:
    """The course package: a ZIP with `cmi5.xml` at its root (cmi5 14.1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cmi5.xml", course_structure(stories, course, server, base))
    return buffer.getvalue()


def _element(parent: ElementTree.Element, name: str, **attributes: str) -> ElementTree.Element:
    return ElementTree.SubElement(parent, f"{{{NAMESPACE}}}{name}", attributes)


def _texts(parent: ElementTree.Element, name: str, texts: dict[str, str]) -> None:
    holder = _element(parent, name)
    for lang, text in texts.items():
        _element(holder, "langstring", lang=lang).text = text


def _story_texts(text: Text, story: Story) -> dict[str, str]:
    return {lang: " ".join(text.get_text(lang, story.languages).split()) for lang in story_languages(story)}


def _au(parent: ElementTree.Element, story: Story, course: Course, server: str, ctx: RecordContext) -> None:
    attributes = {
        "id": ctx.iri("stories", story.id),
        "moveOn": course.move_on,
        "launchMethod": "AnyWindow",
        "activityType": SIMULATION,
    }
    if course.mastery is not None:
        attributes["masteryScore"] = f"{course.mastery:g}"
    au = _element(parent, "au", **attributes)
    _texts(au, "title", _story_texts(story.title, story))
    _texts(au, "description", _story_texts(story.summary, story))
    _element(au, "url").text = launch_url(server, story.id)
