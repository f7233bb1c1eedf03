"""`scenarios help`: the authors' guide and the format reference, as installed with the trainer.

The guide (`docs/authoring.md`) and the format reference (`docs/story-format.md`) ship inside the
wheel (as `scenarios/docs/`), so an author who installed the trainer with pip reads the same guide
the skeleton's comments point to, in their language, without the repository.
"""

from __future__ import annotations

from pathlib import Path

from scenarios.i18n.catalog import t

GUIDE, FORMAT = "authoring.md", "story-format.md"
# Each topic: the file, and the headings (`## ...`) its part starts at and stops before (None: the file's end).
_PARTS: dict[str, tuple[str, str | None, str | None]] = {
    "lint": (GUIDE, "## Tarkistusten koodit", "## Komennot"),
    "commands": (GUIDE, "## Komennot", "## Valmis harjoitustarina"),
    "example": (GUIDE, "## Valmis harjoitustarina", None),
    "format": (FORMAT, None, None),
}
_GUIDE_PARTS = {"fi": ("## Suomeksi", "## In English"), "en": ("## In English", "## Tarkistusten koodit")}
TOPICS = ("authoring", "format", "lint", "commands", "example")
SCHEMA_PATH = "docs/story.schema.json"
"""Where the story format's JSON Schema is, in the repository and in a story folder (`scenarios schema`)."""


def docs_dir() -> Path:
    """The folder of the guide and the format reference: inside the installed package, else the repository's."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "docs"  # scenarios/docs, beside scenarios/authoring/
    if packaged.is_dir():
        return packaged
    return here.parents[3] / "docs"  # src/scenarios/authoring/guide.py -> the repository


def topic_text(topic: str, language: str) -> str:
    """The text of a help topic in `language` (the guide's own part in Finnish or English)."""
    start: str | None
    stop: str | None
    if topic == "authoring":
        name, (start, stop) = GUIDE, _GUIDE_PARTS["fi" if language == "fi" else "en"]
    else:
        name, start, stop = _PARTS[topic]
    text = (docs_dir() / name).read_text(encoding="utf-8")
    if start is not None:
        text = text[text.index(start) :]
    if stop is not None:
        text = text[: text.index(stop)]
    text = text.rstrip().removesuffix("---").rstrip() + "\n"
    if topic == "authoring":
        text += "\n" + t("authoring.help.more", language, path=docs_dir() / GUIDE) + "\n"
    return text


def topics_text(language: str) -> str:
    """What `scenarios help` without a topic prints: the topics, and where the files are."""
    lines = [t("authoring.help.title", language)]
    lines += [f"  scenarios help {topic:<10} {t(f'authoring.help.topic.{topic}', language)}" for topic in TOPICS]
    lines += ["", t("authoring.help.files", language, folder=docs_dir())]
    return "\n".join(lines) + "\n"
