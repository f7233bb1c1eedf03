"""Finding stories in the library: the search words and the channel, customer and theme filters (no UI here).

Every front end's library asks here which stories a search shows and which filter values there are to
offer, so a trainee finds the same stories with the same words in the terminal and in the browser. It reads
the library's metadata only (`StoryInfo`): no story file is parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scenarios.i18n.catalog import t
from scenarios.story.kinds import CustomerType, Theme
from scenarios.story.library import StoryInfo


@dataclass(frozen=True)
class Search:
    """What the trainee asked the library for: words (all must be found) and filters (None: any)."""

    text: str = ""
    channel: str | None = None
    customer: str | None = None
    theme: str | None = None

    @property
    def filtering(self) -> bool:
        """A channel, customer or theme is chosen."""
        return bool(self.channel or self.customer or self.theme)

    @property
    def empty(self) -> bool:
        """Nothing asked for: every story is shown."""
        return not self.text.split() and not self.filtering


def story_text(info: StoryInfo, value: dict[str, str] | None, language: str) -> str:
    """A text of the story in `language` (or the story's own first language)."""
    return info.text(value, info.language(language))


def customer_of(info: StoryInfo, language: str) -> str:
    """The customer: the story's own description if it has one, else the customer type in words."""
    if info.customer_description:
        return story_text(info, info.customer_description, language)
    return t(f"customer.{info.customer}", language)


def matches(info: StoryInfo, search: Search, language: str) -> bool:
    """The story passes the filters, and every word is in its id, title, summary, customer, channel, theme, tags
    or (for a story of the trainee's or a team's folder) where it comes from."""
    if search.channel and info.channel != search.channel:
        return False
    if search.customer and info.customer != search.customer:
        return False
    if search.theme and info.theme != search.theme:
        return False
    words = search.text.casefold().split()
    if not words:
        return True
    haystack = " ".join(
        (
            info.id,
            story_text(info, info.title, language),
            story_text(info, info.summary, language),
            customer_of(info, language),
            t(f"channel.{info.channel}", language),
            t(f"theme.{info.theme}", language),
            " ".join(info.tags),
            info.origin.label(language) if info.origin.notable else "",  # "tiimi" finds the team's
        )
    ).casefold()
    return all(word in haystack for word in words)


def path_matches(path: str, search: Search) -> bool:
    """A file that does not load is found by the words of its path (and shown only when nothing is filtered)."""
    return not search.filtering and all(word in path.casefold() for word in search.text.casefold().split())


def found(infos: Iterable[StoryInfo], search: Search, language: str) -> list[StoryInfo]:
    """The stories the search shows: those told in the trainee's language first, else in the library's order."""
    shown = [info for info in infos if matches(info, search, language)]
    return sorted(shown, key=lambda info: info.language(language) != language)


def channels(infos: Sequence[StoryInfo], language: str) -> list[tuple[str, str]]:
    """(value, label) of each channel some story is in."""
    return [(channel, t(f"channel.{channel}", language)) for channel in sorted({info.channel for info in infos})]


def customers(infos: Sequence[StoryInfo], language: str) -> list[tuple[str, str]]:
    """(value, label) of each customer type some story has, in the material's order."""
    present = {info.customer for info in infos}
    return [(kind.value, t(f"customer.{kind.value}", language)) for kind in CustomerType if kind.value in present]


def themes(infos: Sequence[StoryInfo], language: str) -> list[tuple[str, str]]:
    """(value, label) of each theme some story has, in the material's order."""
    present = {info.theme for info in infos}
    return [(theme.value, t(f"theme.{theme.value}", language)) for theme in Theme if theme.value in present]
