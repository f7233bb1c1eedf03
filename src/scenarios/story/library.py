"""The story library: the built-in stories, the user's own folder and the team's folders.

The library is, in this order: the stories shipped with the trainer (`built-in`), the user's
own folder `<data dir>/stories/` (`mine`), every folder in `$SCENARIOS_STORY_PATH` (separated
like PATH) and every folder named in the settings (`team`). A user or team story with the id of
a built-in story replaces it (and says so); two user or team files with one id are an error on
the later file naming the earlier one. A broken file is kept with its errors; a folder that
cannot be read is listed as a problem, never fatal. A link that leads out of its folder is listed as
a problem and never read (`scenarios.story.files`).

Only metadata is needed to list the library: it comes from the index cache
(`scenarios.story.library_index`) when the file has not changed, so no YAML is parsed and no story
model is built until a story is opened (`get`, `entries`, `stories`). The module imports the
loader and the model only when it has to.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenarios.story.files import LINK_OUTSIDE, STORY_SUFFIXES, candidates, leaves
from scenarios.story.library_index import FILE_NAME, FileKey, Index, Record

if TYPE_CHECKING:
    from scenarios.story.diagnostics import Diagnostic
    from scenarios.story.loader import LoadResult
    from scenarios.story.model import Story

STORY_PATH_ENV = "SCENARIOS_STORY_PATH"
BUILT_IN, MINE, TEAM, GIVEN = "built-in", "mine", "team", "path"
_READ_LIMIT = 1024 * 1024 + 1  # as the loader: one byte over the limit is enough to report "too big"


def builtin_dir() -> Path:
    """The folder of built-in stories: inside the installed package, else the repository's."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "stories"  # scenarios/stories, beside scenarios/story/
    if packaged.is_dir():
        return packaged
    return here.parents[3] / "stories"  # src/scenarios/story/library.py -> the repository


def user_dir() -> Path:
    """The user's own story folder, `<data dir>/stories/` (not created here)."""
    from scenarios.store.paths import data_dir

    return data_dir() / "stories"


def index_path() -> Path:
    """The library index cache in the data directory."""
    from scenarios.store.paths import data_dir

    return data_dir() / FILE_NAME


@dataclass(frozen=True)
class StoryFolder:
    """One folder of the library and where it comes from (`built-in`, `mine`, `team`, `path`)."""

    path: Path
    kind: str
    required: bool = True
    """False for the user's folder: it need not exist yet."""


@dataclass(frozen=True)
class Origin:
    """Where a story comes from; `replaces` is the built-in file it stands in for, if any."""

    kind: str
    folder: str
    replaces: str | None = None

    @property
    def notable(self) -> bool:
        """True for a story of the user's or a team's folder: worth saying where it comes from."""
        return self.kind in (MINE, TEAM) or self.replaces is not None

    def label(self, language: str, *, short: bool = False) -> str:
        """`built-in`, `mine`, `team: <folder>` in words, with `replaces a built-in story` when it does;
        `short` names a folder by its own name, not its whole path (for a row of a list)."""
        from scenarios.i18n.catalog import t

        if self.kind in (BUILT_IN, MINE):
            text = t(f"library.origin.{self.kind}", language)
        else:
            folder = Path(self.folder).name or self.folder if short else self.folder
            text = t(f"library.origin.{self.kind}", language, folder=folder)
        if self.replaces is not None:
            text += " · " + t("library.origin.replaces", language)
        return text


def folders(settings_folders: Iterable[str] = ()) -> list[StoryFolder]:
    """The library's folders: built-in, mine, `$SCENARIOS_STORY_PATH`, then the settings' folders."""
    found = [StoryFolder(builtin_dir(), BUILT_IN), StoryFolder(user_dir(), MINE, required=False)]
    named = [part for part in os.environ.get(STORY_PATH_ENV, "").split(os.pathsep) if part.strip()]
    named += [str(folder) for folder in settings_folders if str(folder).strip()]
    seen = {same_path(folder.path) for folder in found}
    for raw in named:
        path = Path(raw).expanduser()
        if same_path(path) not in seen:
            seen.add(same_path(path))
            found.append(StoryFolder(path, TEAM))
    return found


def same_path(path: Path) -> str:
    """The path resolved, to tell two spellings of one file or folder apart."""
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


@dataclass(frozen=True)
class StoryInfo:
    """What the library shows of a story without loading it; texts are {language: text} maps."""

    path: str
    origin: Origin
    id: str
    title: dict[str, str]
    summary: dict[str, str]
    channel: str
    customer: str
    customer_description: dict[str, str] | None
    theme: str
    difficulty: str
    minutes: int
    languages: tuple[str, ...]
    fictional: bool
    fictional_note: dict[str, str] | None  # what the story itself says is made up and what is real
    tags: tuple[str, ...]
    source: str
    own_words: int = 0
    """Decisions with a rubric, where the trainee may write their own reply first."""

    def text(self, value: dict[str, str] | None, language: str) -> str:
        """A text of this story in `language`, else in the story's first language that has it."""
        if not value:
            return ""
        for code in (language, "*", *self.languages):
            if code in value:
                return value[code]
        return next(iter(value.values()))

    def language(self, asked: str) -> str:
        """The language to show the story in: the one asked for if provided, else its first."""
        return asked if asked in self.languages else self.languages[0]


@dataclass(frozen=True)
class BrokenInfo:
    """A file (or an unreachable folder) that does not load, with its problems as the index keeps them."""

    path: str
    origin: Origin
    diagnostics: tuple[Diagnostic, ...]


@dataclass
class _Entry:
    """One file (or an unreachable folder) in the library, loaded only when needed."""

    path: str
    origin: Origin
    meta: dict[str, Any] | None
    diagnostics: tuple[dict[str, Any], ...]
    story: Story | None = None
    result: LoadResult | None = field(default=None, repr=False)


class Library:
    """The stories of some folders; broken files and unreachable folders are kept with their errors."""

    def __init__(self, entries: list[_Entry], scanned: list[StoryFolder]) -> None:
        self._entries = entries
        self.folders = tuple(scanned)
        self._results: tuple[LoadResult, ...] | None = None
        self._files_seen = files_seen(scanned)

    # --- building ----------------------------------------------------------------------
    @classmethod
    def load(cls, paths: Sequence[str | Path] | None = None, *, cache: Path | None = None) -> Library:
        """The built-in stories, or the given files and folders (no user or team folders)."""
        if not paths:
            return cls.scan([StoryFolder(builtin_dir(), BUILT_IN)], cache=cache)
        builtin = same_path(builtin_dir())
        scanned = [StoryFolder(Path(p), BUILT_IN if same_path(Path(p)) == builtin else GIVEN) for p in paths]
        return cls.scan(scanned, cache=cache)

    @classmethod
    def discover(cls, settings_folders: Iterable[str] | None = None, *, cache: bool = True) -> Library:
        """The whole library: built-in, mine, `$SCENARIOS_STORY_PATH` and the settings' folders.

        `settings_folders` defaults to the folders stored in the settings; the index cache lives
        in the data directory.
        """
        if settings_folders is None:
            settings_folders = stored_folders()
        return cls.scan(folders(settings_folders), cache=index_path() if cache else None)

    @classmethod
    def scan(cls, scanned: Sequence[StoryFolder], *, cache: Path | None = None) -> Library:
        """Index every story file of `scanned` (through the cache when given) and resolve the ids."""
        index = Index(cache)
        entries: list[_Entry] = []
        for folder in scanned:
            origin = Origin(folder.kind, str(folder.path))
            files, problem = _files(folder)
            if problem is not None:
                entries.append(_Entry(str(folder.path), origin, None, (problem,)))
            entries += [_index_file(path, origin, index, folder.path) for path in files]
        index.save()
        return cls(_resolve(entries), list(scanned))

    # --- metadata (no YAML, no model) --------------------------------------------------------
    @property
    def infos(self) -> list[StoryInfo]:
        """The stories that load, as metadata, in library order."""
        return [_info(entry) for entry in self._entries if entry.meta is not None]

    @property
    def broken_infos(self) -> list[BrokenInfo]:
        """The files and folders that do not load, with their problems (from the index: nothing is parsed)."""
        return [BrokenInfo(e.path, e.origin, _diagnostics(e)) for e in self._entries if e.meta is None]

    def diagnostics(self) -> list[tuple[str, tuple[Diagnostic, ...]]]:
        """(path, diagnostics) of every file, in order, as validate reports them (no story is loaded)."""
        return [(entry.path, _diagnostics(entry)) for entry in self._entries]

    @property
    def paths(self) -> set[str]:
        """Every file of the library, resolved."""
        return {same_path(Path(entry.path)) for entry in self._entries}

    def origin(self, path: str) -> Origin | None:
        """Where the file at `path` comes from, if it is in the library."""
        return next((entry.origin for entry in self._entries if entry.path == path), None)

    def origin_of(self, story_id: str) -> Origin | None:
        """Where the story with this id comes from, if it is in the library."""
        return next((e.origin for e in self._entries if e.meta is not None and e.meta["id"] == story_id), None)

    def changed(self) -> bool:
        """True when a story file or folder has been added, edited or removed since loading (a cheap stat)."""
        return files_seen(list(self.folders)) != self._files_seen

    def reloaded(self, *, cache: Path | None = None) -> Library:
        """The same folders loaded again."""
        return Library.scan(list(self.folders), cache=cache)

    # --- loaded stories ----------------------------------------------------------------------
    @property
    def entries(self) -> tuple[LoadResult, ...]:
        """Every file as loaded: a story when it loads, and its problems (loads every story once)."""
        if self._results is None:
            self._results = tuple(_result(entry) for entry in self._entries)
        return self._results

    @property
    def stories(self) -> list[Story]:
        """The stories that loaded without errors, in library order."""
        return [entry.story for entry in self.entries if entry.story is not None]

    @property
    def broken(self) -> list[LoadResult]:
        """The files (and unreachable folders) that failed to load, as loaded (`broken_infos` without loading)."""
        return [entry for entry in self.entries if entry.story is None]

    def get(self, story_id: str) -> Story | None:
        """The story with this id, if it loads (only this file is read)."""
        loaded = self.open(story_id)
        return loaded.story if loaded is not None else None

    def open(self, story_id: str) -> LoadResult | None:
        """The story with this id loaded now (only this file is read), or None when no listed story has it.

        The result has no story, only the problems, when the file no longer loads (edited since it was listed).
        """
        for entry in self._entries:
            if entry.meta is not None and entry.meta["id"] == story_id:
                return _result(entry)
        return None

    def path_of(self, story_id: str) -> str | None:
        """The file of the story with this id."""
        return next((e.path for e in self._entries if e.meta is not None and e.meta["id"] == story_id), None)


def stored_folders() -> list[str]:
    """The story folders named in the settings (none when the settings cannot be read)."""
    import sqlite3

    try:
        from scenarios.store.folders import read_story_folders
        from scenarios.store.progress import Store

        store = Store()
    except (sqlite3.Error, OSError, Exception):  # a broken database must not hide the library
        return []
    try:
        return read_story_folders(store)
    finally:
        store.close()


def files_seen(scanned: list[StoryFolder]) -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime) of every story file and folder: what changes when an author saves or adds a file."""
    marks: list[tuple[str, int, int]] = []
    for folder in scanned:
        try:
            stat = folder.path.stat()
        except OSError:
            marks.append((str(folder.path), -1, -1))
            continue
        marks.append((str(folder.path), stat.st_size, stat.st_mtime_ns))
        for path in candidates(folder.path) if folder.path.is_dir() else []:
            try:
                stat = path.stat()
            except OSError:
                continue
            marks.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(marks)


def _files(folder: StoryFolder) -> tuple[list[Path], dict[str, Any] | None]:
    """The story files of a folder (or the file itself), or why it cannot be read."""
    path = folder.path
    if path.is_file():
        return [path], None
    if not path.exists():
        if not folder.required:
            return [], None
        if path.suffix in STORY_SUFFIXES:
            return [], _problem(path, "read_error", {"detail": "not found"})
        return [], _problem(path, "folder_unreachable", {"folder": str(path), "detail": "not found"})
    try:
        return candidates(path), None
    except OSError as error:
        return [], _problem(path, "folder_unreachable", {"folder": str(path), "detail": error.strerror or str(error)})


def _problem(path: Path | str, code: str, params: dict[str, Any], line: int = 1, source: str = "") -> dict[str, Any]:
    return {
        "file": str(path),
        "line": line,
        "column": 1,
        "code": code,
        "params": params,
        "source_line": source,
        "severity": "error",
    }


def _index_file(path: Path, origin: Origin, index: Index, folder: Path) -> _Entry:
    """One file's metadata and diagnostics: from the cache when unchanged, else loaded now (a link out of
    `folder`: never read)."""
    name = str(path)
    if _leaves(path, folder):
        return _Entry(name, origin, None, (_problem(path, LINK_OUTSIDE, {"folder": str(folder)}),))
    try:
        raw, key = _read(path)
    except OSError as error:
        return _Entry(name, origin, None, (_problem(path, "read_error", {"detail": error.strerror or str(error)}),))
    hit = index.lookup(key)
    if hit is not None:
        return _Entry(name, origin, hit.meta, hit.diagnostics)
    result = PARSED.load(key, raw)
    meta = _meta(result.story) if result.story is not None else None
    diagnostics = tuple(asdict(d) for d in result.diagnostics)
    index.store(key, Record(meta, diagnostics))
    return _Entry(name, origin, meta, diagnostics, story=result.story, result=result)


def _leaves(path: Path, folder: Path) -> bool:
    """A file found in a folder that leads out of it (a file named on its own is the user's choice)."""
    return folder.is_dir() and leaves(path, folder)


def _read(path: Path) -> tuple[bytes, FileKey]:
    """The bytes of a story file (up to the loader's limit) and the key of this version of it."""
    with open(path, "rb") as handle:
        raw = handle.read(_READ_LIMIT)
    return raw, FileKey.of(path, raw)


class ParsedStories:
    """The files parsed in this process, by version (path, size, mtime and content hash).

    A file read again unchanged is not parsed again: a story opened a second time, the rehearsal's
    stories after the library listed them, a library loaded again after another file changed.
    Stories are frozen models, so one can be shared. Bounded (the oldest go first) and thread-safe:
    the library may load in a worker thread while the screen opens a story.
    """

    LIMIT = 64

    def __init__(self) -> None:
        self._results: dict[FileKey, LoadResult] = {}
        self._lock = threading.Lock()

    def load(self, key: FileKey, raw: bytes) -> LoadResult:
        """The file whose bytes are `raw` loaded (parsed now, or as it was the last time)."""
        with self._lock:
            hit = self._results.get(key)
        if hit is not None:
            return hit
        from scenarios.story.loader import load_bytes

        result = load_bytes(raw, key.path)
        with self._lock:
            self._results[key] = result
            while len(self._results) > self.LIMIT:
                del self._results[next(iter(self._results))]
        return result


PARSED = ParsedStories()


def _meta(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": dict(story.title),
        "summary": dict(story.summary),
        "channel": story.channel.value,
        "customer": story.customer_type,
        "customer_description": dict(story.customer_description) if story.customer_description else None,
        "theme": story.theme.value,
        "difficulty": story.difficulty.value,
        "minutes": story.minutes,
        "languages": list(story.languages),
        "fictional": bool(story.fictional),
        "fictional_note": dict(story.fictional_note) if story.fictional_note is not None else None,
        "tags": list(story.tags),
        "source": story.source,
        "own_words": sum(1 for node in story.nodes.values() if node.rubric is not None and node.options),
    }


def _info(entry: _Entry) -> StoryInfo:
    meta = entry.meta or {}
    return StoryInfo(
        path=entry.path,
        origin=entry.origin,
        id=meta["id"],
        title=meta["title"],
        summary=meta["summary"],
        channel=meta["channel"],
        customer=meta["customer"],
        customer_description=meta["customer_description"],
        theme=meta["theme"],
        difficulty=meta["difficulty"],
        minutes=meta["minutes"],
        languages=tuple(meta["languages"]),
        fictional=meta["fictional"],
        fictional_note=meta["fictional_note"],
        tags=tuple(meta["tags"]),
        source=meta["source"],
        own_words=meta["own_words"],
    )


def _resolve(entries: list[_Entry]) -> list[_Entry]:
    """Apply the id rules: user/team stories replace built-in ones; a second user/team file with an id is an error."""
    built_in = {e.meta["id"]: e for e in entries if e.meta is not None and e.origin.kind == BUILT_IN}
    claimed: dict[str, _Entry] = {}
    replaced: set[int] = set()
    resolved: list[_Entry] = []
    for entry in entries:
        if entry.meta is None or entry.origin.kind == BUILT_IN:
            resolved.append(entry)
            continue
        story_id = entry.meta["id"]
        first = claimed.get(story_id)
        if first is not None:
            line, source = _line_of(entry.path, "id:")
            problem = _problem(entry.path, "duplicate_story_id", {"id": story_id, "other": first.path}, line, source)
            resolved.append(_Entry(entry.path, entry.origin, None, (problem, *entry.diagnostics)))
            continue
        claimed[story_id] = entry
        if story_id in built_in:
            replaced.add(id(built_in[story_id]))
            entry.origin = Origin(entry.origin.kind, entry.origin.folder, replaces=built_in[story_id].path)
        resolved.append(entry)
    return [entry for entry in resolved if id(entry) not in replaced]


def _line_of(path: str, prefix: str) -> tuple[int, str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, ""
    return next(((n, line) for n, line in enumerate(lines, start=1) if line.startswith(prefix)), (1, ""))


def _diagnostics(entry: _Entry) -> tuple[Diagnostic, ...]:
    from scenarios.story.diagnostics import Diagnostic

    return tuple(Diagnostic(**d) for d in entry.diagnostics)


def _result(entry: _Entry) -> LoadResult:
    """The entry as a LoadResult, loading its story now if it loads and was not loaded yet."""
    from scenarios.story.loader import LoadResult

    if entry.result is not None and entry.meta is not None:
        return entry.result
    if entry.meta is None:
        entry.result = LoadResult(entry.path, None, _diagnostics(entry))
        return entry.result
    if entry.result is None:
        if _leaves(Path(entry.path), Path(entry.origin.folder)):  # made a link out since the folder was read
            entry.diagnostics = (_problem(entry.path, LINK_OUTSIDE, {"folder": entry.origin.folder}),)
            entry.result = LoadResult(entry.path, None, _diagnostics(entry))
            return entry.result
        loaded = _load_again(entry.path)
        story = loaded.story if loaded.story is not None and loaded.story.id == entry.meta["id"] else None
        entry.result = loaded if story is not None else LoadResult(entry.path, None, loaded.diagnostics)
        entry.story = story
    return entry.result


def _load_again(path: str) -> LoadResult:
    """The file at `path` loaded now (through `PARSED`: unchanged since it was last parsed, it is not parsed again)."""
    from scenarios.story.loader import load_file

    try:
        raw, key = _read(Path(path))
    except OSError:
        return load_file(path)  # which reports why the file cannot be read
    return PARSED.load(key, raw)


def markdown_table(library: Library) -> str:
    """The library as the Markdown table of `stories/README.md` (generated, never hand-edited)."""
    from scenarios.story.model import THEME_CHAPTERS

    rows = [
        "# The built-in stories",
        "",
        "Generated by `scenarios list --markdown > stories/README.md`; a test fails when it is out of date.",
        "Stories marked *(examples)* declare `fictional: yes`: their prices, opening hours, rules and the names",
        "of places and systems are made-up examples, not the City of Turku's actual ones. Stories marked",
        "*(examples: see below)* say themselves what in them is made up and what is real.",
        "",
        "| id | title (fi / en) | channel | customer | chapter | source | decisions | endings |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for story in sorted(library.stories, key=lambda s: (THEME_CHAPTERS[s.theme], s.id)):
        titles = " / ".join(dict.fromkeys(story.title.get_text(code, story.languages) for code in story.languages))
        customer = story.customer_type
        if story.customer_description is not None:
            customer += f": {story.customer_description.get_text('en', story.languages)}"
        if story.fictional:
            titles += " *(examples: see below)*" if story.fictional_note is not None else " *(examples)*"
        cells = [
            f"`{story.id}`",
            titles,
            story.channel.value,
            customer,
            str(THEME_CHAPTERS[story.theme]),
            story.source,
            str(len(story.decisions())),
            str(len(story.endings())),
        ]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    notes = [(s, note) for s in sorted(library.stories, key=lambda s: s.id) if (note := s.fictional_note) is not None]
    if notes:
        rows += ["", "## What is made up and what is real", ""]
        for story, note in notes:
            rows.append(f"- `{story.id}`")
            for code in story.languages:
                rows.append(f"  - {code}: {' '.join(note.get_text(code, story.languages).split())}")
    return "\n".join(rows) + "\n"
