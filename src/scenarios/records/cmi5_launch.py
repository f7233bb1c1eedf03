"""The server's side of a cmi5 launch, without the web: check the launch URL, do the AU's part of the launch with
the LMS (`cmi5.begin`), and keep the launch in the store for the app process that plays it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scenarios.i18n.catalog import LANGUAGES
from scenarios.records.cmi5 import Http, Launch, LaunchError, begin, http_request, parse_launch
from scenarios.records.outbox import keep_launch
from scenarios.store import Store
from scenarios.store.connection import Location


def start_launch(
    records: Location, query: Mapping[str, str], lms: Sequence[str], *, http: Http = http_request
) -> Launch:
    """A launch of the story the query names, begun with its LMS and kept in the store at `records`.

    Raises LaunchError: cmi5 is not enabled (no LMS trusted), the query is not a launch, the story is not in the
    library, the LMS is not one the server trusts, or the LMS refuses the token or has no launch data.
    Blocking (the LMS's answers, the store): a server calls it in a thread.
    """
    if not lms:
        raise LaunchError("not_enabled")
    params = parse_launch(query)
    from scenarios.story.library import Library  # the library index only when a launch comes

    if Library.discover().get(params.story) is None:
        raise LaunchError("no_story", params.story)
    launch = begin(params, lms, LANGUAGES, http=http)
    store = Store(records)
    try:
        keep_launch(store, launch)
    finally:
        store.close()
    return launch
