"""Playthroughs to JSON and back, checked against the story they were made with."""

from __future__ import annotations

import hashlib
import json
import math
import weakref
from typing import Any

from scenarios.engine.playthrough import ChoiceError, Clock, Origin, Playthrough
from scenarios.engine.views import OwnReply, Result
from scenarios.story.model import Story

# Format 2 adds `origin`, for a playthrough that began at a node other than the start
# (a story reloaded by `play --watch`). Saves without one are still written as format 1,
# so a trainer that reads only format 1 loads them; it refuses the others.
SAVE_FORMAT = 2
MIN_SAVE_FORMAT = 1
MAX_TIME = 1e12  # seconds since 1970: far beyond any real clock, well inside a float's exact range


class SaveError(ValueError):
    """A save that cannot be loaded. `code` names the message in the catalog."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_FINGERPRINT_KEY = "engine.fingerprint"


def fingerprint(story: Story) -> str:
    """A hash of everything in the story that could change how a save replays (worked out once per story object
    and kept with it, as the plan is: dumping a story takes milliseconds, and every save and load asks)."""
    kept = story.derived.get(_FINGERPRINT_KEY)
    if kept is not None and kept[0]() is story:  # a copy of the story shares `derived`: see `plan_of`
        held: str = kept[1]
        return held
    canonical = json.dumps(story.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
    made = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    story.derived[_FINGERPRINT_KEY] = (weakref.ref(story), made)
    return made


def to_json(play: Playthrough) -> str:
    """The playthrough as versioned JSON: the seed, the start time, the origin if any, and the choices."""
    data: dict[str, Any] = {
        "format": 1 if play.origin is None else SAVE_FORMAT,
        "story": play.story.id,
        "fingerprint": fingerprint(play.story),
        "seed": play.seed,
        "started_at": play.started_at,
    }
    if play.origin is not None:
        data["origin"] = {"node": play.origin.node, "state": dict(play.origin.state)}
    data["choices"] = [_choice(r) for r in play.history]
    return json.dumps(data, ensure_ascii=False)


def _choice(result: Result) -> dict[str, Any]:
    """One choice of a save: its node, option and time, and the trainee's own reply when they wrote one (a key
    that readers from before own words leave alone, so the format stays)."""
    entry: dict[str, Any] = {"node": result.node, "option": result.option_id, "at": result.at}
    own = result.own
    if own is not None:
        entry["own"] = {"text": own.text, "found": list(own.found), "corrected": list(own.corrected)}
    return entry


def _own(raw: object) -> OwnReply | None:
    """A saved own reply, or None when there is none or it is not one (a reply edited by hand into something
    else is dropped: the choice it came with still counts)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        return None
    lists = [raw.get(key) or [] for key in ("found", "corrected")]
    if not all(isinstance(ids, list) for ids in lists):
        return None
    found, corrected = (tuple(item for item in ids if isinstance(item, str)) for ids in lists)
    return OwnReply(raw["text"], found, corrected)


def from_json(story: Story, text: str, *, clock: Clock | None = None, allow_changed: bool = False) -> Playthrough:
    """Rebuild a playthrough exactly as it was saved, or raise `SaveError`.

    When the story has changed since the save, loading fails with `story_changed`
    unless `allow_changed` is set; then the choices are replayed by node and option
    id, and loading fails only if one of them no longer fits.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise SaveError("save_corrupt") from None
    if not isinstance(data, dict) or not isinstance(data.get("choices"), list):
        raise SaveError("save_corrupt")
    version = data.get("format")
    if not isinstance(version, int) or not MIN_SAVE_FORMAT <= version <= SAVE_FORMAT:
        raise SaveError("save_format", found=version, supported=SAVE_FORMAT)
    if data.get("story") != story.id:
        raise SaveError("save_other_story", found=data.get("story"), story=story.id)
    if data.get("fingerprint") != fingerprint(story) and not allow_changed:
        raise SaveError("story_changed", story=story.id)
    seed, started = data.get("seed", 0), data.get("started_at", 0.0)
    if not isinstance(seed, int) or not _is_time(started):
        raise SaveError("save_corrupt")
    kwargs: dict[str, Any] = {"seed": seed, "started_at": float(started), "origin": _origin(data.get("origin"))}
    if clock is not None:
        kwargs["clock"] = clock
    try:
        play = Playthrough(story, **kwargs)
    except ChoiceError:
        raise SaveError("save_origin", node=kwargs["origin"].node) from None
    for number, entry in enumerate(data["choices"], start=1):
        if not isinstance(entry, dict):
            raise SaveError("save_corrupt")
        node, option, at = entry.get("node"), entry.get("option"), entry.get("at")
        if not _is_time(at):
            raise SaveError("save_corrupt")
        if play.node != node or not isinstance(option, str) or not isinstance(at, (int, float)):
            raise SaveError("save_replay", step=number, node=node)
        try:
            play.choose_option(option, at=float(at), own=_own(entry.get("own")))
        except ChoiceError:
            raise SaveError("save_replay", step=number, node=node) from None
    return play


def _is_time(value: object) -> bool:
    """A clock reading: a finite number (JSON lets NaN and Infinity through; a bool is not a time)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return abs(value) < MAX_TIME if isinstance(value, int) else math.isfinite(value) and abs(value) < MAX_TIME


def _origin(raw: object) -> Origin | None:
    """The saved origin, or None; `save_corrupt` when it is there but malformed."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("node"), str) or not isinstance(raw.get("state"), dict):
        raise SaveError("save_corrupt")
    return Origin(raw["node"], raw["state"])
