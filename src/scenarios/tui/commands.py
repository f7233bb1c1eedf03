"""The command palette's main actions, and every story to play, matched safely as plain text."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from scenarios.i18n.catalog import LANGUAGES, language_name

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def highlight(matcher: Matcher, candidate: str) -> Content:
    """`candidate` as plain Content with the matched letters styled (Matcher.highlight parses markup)."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


Command = tuple[str, str, Callable[[], object]]


@runtime_checkable
class HasCommands(Protocol):
    """A screen with commands of its own for the palette (the debrief: export, play again)."""

    def palette_commands(self) -> list[Command]:
        """(name, help, callback) for each of the screen's commands, in the trainee's language."""
        ...


class MainCommands(Provider):
    """The screen's own commands, then library, progress, lessons, review, glossary, settings, rehearsal, language,
    mode, quit, and `Play: <story>` for each story."""

    def commands(self) -> list[Command]:
        """(name, help, callback) for every command, in the trainee's language: the screen's own first."""
        app: ScenariosApp = self.app  # type: ignore[assignment]
        other_mode = "exam" if app.settings.mode == "practice" else "practice"
        found: list[Command] = list(self.screen.palette_commands()) if isinstance(self.screen, HasCommands) else []
        found += [
            (app.tr("tui.key.library"), app.tr("tui.command.library"), app.action_library),
            (app.tr("tui.key.progress"), app.tr("tui.command.progress"), app.action_progress),
            (app.tr("tui.key.lessons"), app.tr("tui.command.lessons"), app.action_lessons),
            (app.tr("tui.key.review"), app.tr("tui.command.review"), app.action_review),
            (app.tr("tui.key.glossary"), app.tr("tui.command.glossary"), app.action_glossary),
            (app.tr("tui.key.settings"), app.tr("tui.command.settings"), app.action_settings),
            (app.tr("rehearsal.title"), app.tr("tui.command.rehearse"), app.action_rehearse),
            *(
                (
                    app.tr("tui.command.language", name=language_name(other, app.language)),
                    app.tr("tui.command.language_help"),
                    partial(app.apply_settings, app.settings.model_copy(update={"language": other})),
                )
                for other in LANGUAGES
                if other != app.language
            ),
            (
                app.tr("tui.command.mode", mode=app.tr(f"tui.mode_name.{other_mode}")),
                app.tr("tui.command.mode_help"),
                partial(app.apply_settings, app.settings.model_copy(update={"mode": other_mode})),
            ),
            (app.tr("tui.key.quit"), app.tr("tui.command.quit"), app.exit),
        ]
        if app.store.trainee.served:  # the team rehearsal is not offered in a browser (see check_action)
            found = [command for command in found if command[2] != app.action_rehearse]
        self.main_count = len(found)
        # Metadata only: a story is loaded when its command is chosen.
        for info in app.library.infos:
            title = info.text(info.title, app.language)
            where = f"{info.id} · {info.origin.label(app.language)}" if info.origin.notable else info.id
            found.append((app.tr("tui.command.play", title=title), where, partial(app.open_story_by_id, info.id)))
        return found

    async def discover(self) -> Hits:
        """The main actions, before anything is typed."""
        commands = self.commands()
        for name, help_text, callback in commands[: self.main_count]:
            yield DiscoveryHit(Content(name), callback, text=name, help=Content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        """Every command whose name matches `query`, story titles shown literally; when none does, the way to
        search the library for it (in the trainee's words, where Textual would say "No matches found")."""
        matcher = self.matcher(query)
        found = False
        for name, help_text, callback in self.commands():
            # The help counts too: "exam" and "practice" both find the mode switch.
            score = max(matcher.match(name), matcher.match(help_text) * 0.9)
            if score > 0:
                found = True
                yield Hit(score, highlight(matcher, name), callback, text=name, help=Content(help_text))  # type: ignore[arg-type]
        if not found and query.strip():
            app: ScenariosApp = self.app  # type: ignore[assignment]
            name = app.tr("tui.command.no_match", query=query.strip())
            help_text = app.tr("tui.command.no_match_help", query=query.strip())
            search = partial(app.search_library, query.strip())
            yield Hit(1.0, Content(name), search, text=name, help=Content(help_text))  # type: ignore[arg-type]
