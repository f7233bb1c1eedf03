"""Export buttons for the rehearsal screens: the session record as Markdown, HTML or CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from scenarios.output import OutputError, write_output
from scenarios.rehearsal.export import FORMATS, export
from scenarios.store import exports_dir

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scenarios.tui.app import ScenariosApp


def export_buttons(app: ScenariosApp) -> Iterator[Button]:
    """One button per format."""
    for fmt in FORMATS:
        yield Button(app.tr("rehearsal.tui.export", format=fmt.upper()), id=f"export-{fmt}", compact=True)


def export_pressed(screen: Screen[Any], button_id: str) -> None:
    """Write the record for an export button into the exports folder and say where (`#exported`)."""
    if button_id.startswith("export-"):
        export_records(screen, button_id.removeprefix("export-"))


def export_records(screen: Screen[Any], *formats: str) -> None:
    """Write the record in each of `formats` (all of them when none is named) into the exports folder and say
    where (`#exported`): the last step of a session, one key (F7) for all three."""
    run = screen.run  # type: ignore[attr-defined]
    app = screen.app
    written: list[str] = []
    try:
        for fmt in formats or FORMATS:
            path = exports_dir() / f"rehearsal-{run.session_id}.{fmt}"
            text = export(run.session, fmt, app.language)  # type: ignore[attr-defined]
            write_output(path, text, force=True, private=True)
            written.append(str(path))
        message = app.tr("rehearsal.tui.exported", path=", ".join(written))  # type: ignore[attr-defined]
    except OutputError as error:
        message = app.tr(error.key, **error.params)  # type: ignore[attr-defined]
    screen.query_one("#exported", Static).update(Content(message))
