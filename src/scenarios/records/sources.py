"""Where a report's statements come from: the local store, exported files, or an LRS's statements API."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from scenarios.records.outbox import LrsConfig, LrsError, waiting_statements
from scenarios.store.progress import Store

PAGE = 500


@dataclass(frozen=True)
class FileProblem:
    """A line of a statements file that could not be read (skipped; the rest is read)."""

    path: str
    line: int
    reason: str


def from_store(store: Store) -> list[dict[str, Any]]:
    """Every statement this installation made (sent or not)."""
    return waiting_statements(store, include_sent=True)


def from_file(path: Path, problems: list[FileProblem]) -> list[dict[str, Any]]:
    """The statements of a file: JSON lines (`records export --format xapi`), a JSON array, one statement,
    or an LRS page (`{"statements": [...]}`). Lines that are not a statement are noted in `problems` and skipped.

    Raises OSError when the file cannot be read, UnicodeDecodeError when it is not text.
    """
    text = path.read_text(encoding="utf-8-sig")
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        try:
            whole = json.loads(text)
        except (ValueError, RecursionError):
            whole = None  # JSON lines: read line by line below
        if isinstance(whole, list):
            return [s for s in whole if _statement(s, str(path), 1, problems)]
        if isinstance(whole, dict) and isinstance(whole.get("statements"), list):
            return [s for s in whole["statements"] if _statement(s, str(path), 1, problems)]
        if isinstance(whole, dict):  # one statement, perhaps written over several lines
            return [whole] if _statement(whole, str(path), 1, problems) else []
    found: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            problems.append(FileProblem(str(path), number, str(error)))
            continue
        except RecursionError:  # e.g. 100,000 `[`: Python's JSON reader gives up on nesting that deep
            problems.append(FileProblem(str(path), number, "nested too deeply"))
            continue
        if _statement(item, str(path), number, problems):
            found.append(item)
    return found


def _statement(item: Any, path: str, line: int, problems: list[FileProblem]) -> bool:
    if isinstance(item, dict) and isinstance(item.get("actor"), dict) and isinstance(item.get("object"), dict):
        return True
    problems.append(FileProblem(path, line, "not an xAPI statement"))
    return False


Fetch = Callable[[str, dict[str, str]], bytes]


def http_get(url: str, headers: dict[str, str], timeout: float = 30.0) -> bytes:
    """The body of a GET (raises LrsError when unreachable or answered with an error)."""
    request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as error:
        raise LrsError(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise LrsError(str(getattr(error, "reason", error))) from None


def from_lrs(config: LrsConfig, *, since: date | None = None, fetch: Fetch = http_get) -> list[dict[str, Any]]:
    """Every statement the LRS gives these credentials, following `more` pages.

    The report filters by the statements' own `timestamp`; xAPI's `since` and `until` filter by the time the
    LRS *stored* them, which for a statement that waited in an outbox is later than its timestamp. So only
    `since` is asked for, a day early (a statement is never stored before it happened; the day allows for
    clocks that differ), and never `until`: an LRS that follows xAPI would drop what waited.

    Raises LrsError when the LRS cannot be reached, refuses, or answers with something that is not a page.
    """
    if not config.url:
        raise LrsError("no_lrs")
    query: dict[str, str] = {"limit": str(PAGE)}
    if since is not None:
        query["since"] = f"{(since - timedelta(days=1)).isoformat()}T00:00:00Z"
    url = config.statements_url + "?" + urllib.parse.urlencode(query)
    headers = {k: v for k, v in config.headers().items() if k != "Content-Type"}
    found: list[dict[str, Any]] = []
    while url:
        try:
            page = json.loads(fetch(url, headers))
        except ValueError:
            raise LrsError("not an xAPI statements page") from None
        if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
            raise LrsError("not an xAPI statements page")
        found.extend(s for s in page["statements"] if isinstance(s, dict))
        more = page.get("more")
        url = urllib.parse.urljoin(config.statements_url, more) if isinstance(more, str) and more else ""
    return found


def check_connection(config: LrsConfig, *, fetch: Fetch = http_get) -> str | None:
    """Whether the LRS answers these credentials: None when it does, else why not (e.g. `HTTP 401`).

    Reads one statement (`GET statements?limit=1`), which needs the same rights as the report.
    """
    if not config.url:
        return "no_lrs"
    headers = {k: v for k, v in config.headers().items() if k != "Content-Type"}
    try:
        page = json.loads(fetch(config.statements_url + "?limit=1", headers))
    except LrsError as error:
        return str(error)
    except ValueError:
        return "not an xAPI statements page"
    return None if isinstance(page, dict) and "statements" in page else "not an xAPI statements page"
