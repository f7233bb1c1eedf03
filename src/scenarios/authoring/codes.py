"""The lint diagnostics: code, name and severity. Their messages, like every user-facing string,
are in the one catalog (`scenarios.i18n.catalog`, keys `lint.<code>` and `walk.<code>`) in each language.

Diagnostics are data. Every code here is documented with an example in
docs/authoring.md and has an example story under tests/authoring/lint_examples/ that
makes it fire (a test checks both); a library-level code (checked over every story linted
together, see `library_lint`) has an example library there instead, a folder named after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios.i18n.catalog import CATALOGS, t
from scenarios.story.loader import Diagnostic


@dataclass(frozen=True)
class Code:
    """One lint diagnostic: its code, a short name, severity and message templates."""

    code: str
    name: str
    severity: str
    library: bool = False
    """Checked over a whole library (every story linted together), not one story."""

    def message(self, language: str) -> str:
        """The message template in `language`, from the one catalog (`lint.<code>`)."""
        template = CATALOGS[language if language in CATALOGS else "en"][f"lint.{self.code}"]
        assert isinstance(template, str)
        return template


CODES: dict[str, Code] = {
    entry.code: entry
    for entry in (
        Code("SC001", "unreachable-node", "warning"),
        Code("SC002", "dead-end", "error"),
        Code("SC003", "no-ideal-option", "error"),
        Code("SC004", "no-feedback", "warning"),
        Code("SC005", "missing-translation", "warning"),
        Code("SC006", "unreachable-ending", "warning"),
        Code("SC007", "loop-without-exit", "error"),
        Code("SC008", "ideal-path-not-resolved", "warning"),
        Code("SC009", "ideal-path-not-highest", "warning"),
        Code("SC010", "duplicate-option-text", "error"),
        Code("SC011", "condition-never-true", "warning"),
        Code("SC012", "condition-always-true", "warning"),
        Code("SC013", "ideal-not-solution-focused", "error"),
        Code("SC014", "too-many-states", "warning"),
        Code("SC015", "placeholder-text", "warning"),
        Code("SC016", "missing-trainer-language", "warning"),
        Code("SC017", "ideal-is-longest", "warning"),
        Code("SC018", "cue-repeats-prefix", "warning"),
        Code("SC019", "mood-out-of-range", "warning"),
        Code("SC020", "model-answer-repeats-ideal", "warning"),
        Code("SC021", "recovery-outscores-ideal", "warning"),
        Code("SC022", "decision-without-lessons", "warning"),
        Code("SC023", "weak-option-without-breaks", "warning"),
        Code("SC024", "ideal-only-question", "warning", library=True),
        Code("SC025", "ideal-only-action", "warning", library=True),
        Code("SC026", "ideal-only-apology", "warning", library=True),
        Code("SC027", "ideal-only-name", "warning", library=True),
        Code("SC028", "lesson-not-covered", "warning", library=True),
        Code("SC029", "rubric-element-unmet", "warning"),
        Code("SC030", "rubric-element-in-weak-options", "warning"),
        Code("SC031", "rubric-mistake-in-ideal", "warning"),
    )
}

SEVERITIES = ("error", "warning")


def render_code(code: str, params: dict[str, Any], language: str) -> str:
    """`warning SC001: ...` in `language` (English when not Finnish)."""
    entry = CODES[code]
    template = entry.message(language)
    values = {key: "" if value is None else value for key, value in params.items()}
    localized = {
        key: value[language] if isinstance(value, dict) and language in value else value
        for key, value in values.items()
    }
    localized = {
        key: value["en"] if isinstance(value, dict) and "en" in value else value for key, value in localized.items()
    }
    return f"{t('authoring.severity.' + entry.severity, language)} {code}: {template.format(**localized)}"


@dataclass(frozen=True)
class LintDiagnostic(Diagnostic):
    """A lint finding: formatted like the loader's diagnostics, with a code and severity."""

    def message(self, language: str = "en") -> str:
        """`severity CODE: the sentence saying what is wrong and what to do`."""
        return render_code(self.code, self.params, language)


@dataclass(frozen=True)
class WalkDiagnostic(Diagnostic):
    """A failed walkthrough expectation, formatted like every other diagnostic."""

    def message(self, language: str = "en") -> str:
        """`walkthrough 'name': what did not follow`."""
        template = CATALOGS[language if language in CATALOGS else "en"][f"walk.{self.code}"]
        assert isinstance(template, str)
        text = template.format(**self.params)
        return t("authoring.walkthrough_failed", language, name=self.params.get("walkthrough", "")) + " " + text
