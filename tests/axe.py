"""axe-core, Deque's accessibility engine, run inside the real Chromium on the page as the trainee has it.

axe-core comes from the npm registry (`.ci/run` installs it into `.axe/` of the repository:
`npm install --no-save --prefix .axe axe-core@4.14.1`), or from the file `SCENARIOS_AXE_JS` names. Where it
is missing, the accessibility tests are skipped with a reason, so the README's test command still works on a
machine that has only Python and pip.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

AXE_VERSION = "4.14.1"
ROOT = Path(__file__).resolve().parent.parent
PLACES = (
    ROOT / ".axe" / "node_modules" / "axe-core" / "axe.min.js",
    Path("/usr/share/nodejs/axe-core/axe.min.js"),  # Debian's node-axe-core, where a release has it
)
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
"""What is checked: WCAG 2.0 and 2.1 at levels A and AA, and Deque's best practices (landmarks, one h1, …)."""
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then((results) => done(results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}; ` + v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", "))))
  .catch((error) => done([`axe failed: ${error}`]));
"""


@cache
def axe_source() -> str | None:
    """axe.min.js's text, or None where it is not installed."""
    named = os.environ.get("SCENARIOS_AXE_JS")
    for place in ([Path(named)] if named else []) + list(PLACES):
        if place.is_file():
            return place.read_text(encoding="utf-8")
    return None


def needs_axe() -> str:
    """axe.min.js's text; the test is skipped with the way to install it where it is missing."""
    source = axe_source()
    if source is None:
        pytest.skip(
            f"needs axe-core from the npm registry: npm install --no-save --prefix .axe axe-core@{AXE_VERSION} "
            "(.ci/run does it), or SCENARIOS_AXE_JS=/path/to/axe.min.js"
        )
    return source


def violations(driver: Any) -> list[str]:
    """What axe-core finds against WCAG 2.1 AA on the page as it stands now (each: rule, impact, help, where)."""
    source = needs_axe()
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(source)
    driver.set_script_timeout(60)
    found = driver.execute_async_script(RUN, RULES)
    return [str(line) for line in found]
