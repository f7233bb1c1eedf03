"""The Learning Record Store's settings (endpoint, key and secret or token, base IRI, team) with a connection test."""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static
from textual.worker import Worker, WorkerState

from scenarios.records.outbox import ENV as LRS_ENVIRONMENT
from scenarios.records.statements import is_base_iri

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp

FIELDS = ("url", "key", "secret", "token", "base", "team")
SECRET_FIELDS = ("secret", "token")
"""The environment variable that wins over each field (as `scenarios.records.outbox.load_config` reads them)."""
SETTING_KEY = "records"
TEST_WORKER = "lrs-test"


class LrsSettings(Vertical):
    """Where learning records go: one input per field (secrets masked), Save, and Test connection.

    A field its environment variable sets is shown read-only with a note: the environment wins.
    """

    DEFAULT_CSS = """
    LrsSettings { height: auto; margin-top: 1; }
    LrsSettings Input { width: 60; background: $boost; }
    LrsSettings .lrs-label { margin-top: 1; }
    LrsSettings .lrs-env { color: $text-muted; }
    LrsSettings Horizontal { height: auto; margin-top: 1; }
    LrsSettings #lrs-result { margin-top: 1; }
    """

    app: ScenariosApp

    def compose(self) -> ComposeResult:
        """The heading, the fields, the buttons and the result line."""
        app = self.app
        stored = self.stored()
        yield Static(Content(app.tr("tui.settings.lrs")))
        yield Static(Content(app.tr("tui.settings.lrs.hint")), classes="lrs-env")
        for field in FIELDS:
            variable = LRS_ENVIRONMENT[field]
            overridden = bool(os.environ.get(variable))
            yield Static(Content(app.tr(f"tui.settings.lrs.{field}")), classes="lrs-label")
            value = os.environ[variable] if overridden and field not in SECRET_FIELDS else str(stored.get(field) or "")
            yield Input(
                value="" if overridden and field in SECRET_FIELDS else value,
                placeholder=app.tr("tui.settings.lrs.secret_from_env") if overridden and field in SECRET_FIELDS else "",
                password=field in SECRET_FIELDS,
                disabled=overridden,
                id=f"lrs-{field}",
                compact=True,
            )
            if overridden:
                yield Static(Content(app.tr("tui.settings.lrs.env_wins", variable=variable)), classes="lrs-env")
            if overridden and field == "base" and not is_base_iri(value):
                yield Static(Content(app.tr("tui.settings.lrs.bad_base", base=value)), classes="lrs-env")
        with Horizontal():
            yield Button(Content(app.tr("tui.settings.lrs.save")), id="lrs-save", compact=True)
            yield Button(Content(app.tr("tui.settings.lrs.test")), id="lrs-test", compact=True)
        yield Static(Content(""), id="lrs-result")

    def stored(self) -> dict[str, Any]:
        """The stored `records` setting (empty when none, or the database is busy)."""
        try:
            held = self.app.store.read_setting(SETTING_KEY)
        except sqlite3.Error:
            return {}
        return dict(held) if isinstance(held, dict) else {}

    def say(self, text: str) -> None:
        """Show the result of the last action under the buttons."""
        self.query_one("#lrs-result", Static).update(Content(text))

    @on(Input.Submitted)
    @on(Button.Pressed, "#lrs-save")
    def save(self) -> None:
        """Keep the fields that are not set by the environment; the next background sync uses them."""
        values = self.stored()
        base = self.query_one("#lrs-base", Input)
        if not base.disabled and base.value.strip() and not is_base_iri(base.value.strip()):
            self.say(self.app.tr("tui.settings.lrs.bad_base", base=base.value.strip()))
            base.focus()
            return
        for field in FIELDS:
            field_input = self.query_one(f"#lrs-{field}", Input)
            if field_input.disabled:
                continue
            text = field_input.value.strip()
            if text:
                values[field] = text
            else:
                values.pop(field, None)
        try:
            self.app.store.write_setting(SETTING_KEY, values)
        except sqlite3.Error:
            self.say(self.app.tr("tui.error.busy"))
            return
        self.say(self.app.tr("tui.settings.lrs.saved"))
        self.app.sync_schedule = None  # a new LRS: try at once, without the old backoff
        self.app.sync_records()

    @on(Button.Pressed, "#lrs-test")
    def test_connection(self) -> None:
        """Save, then ask the LRS for one statement in a worker thread (the screen stays live)."""
        from scenarios.records.outbox import load_config
        from scenarios.records.sources import check_connection

        self.save()
        config = load_config(self.app.store)
        if not config.url:
            self.say(self.app.tr("tui.settings.lrs.no_url"))
            return
        self.say(self.app.tr("tui.settings.lrs.testing", url=config.url))
        self.run_worker(lambda: check_connection(config), name=TEST_WORKER, thread=True, exclusive=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The connection test ended: say how it went."""
        if event.worker.name != TEST_WORKER or event.state != WorkerState.SUCCESS:
            return
        problem = event.worker.result
        self.say(
            self.app.tr("tui.settings.lrs.works")
            if problem is None
            else self.app.tr("tui.settings.lrs.fails", error=str(problem))
        )
