"""The layering, as contracts checked on every run (read from the source: imports inside functions count too).

engine      → story.model, story.expr, story.text only (pure: no I/O, no UI)
mastery     → the engine and the stories' model only (pure: no store, no records, no I/O, no UI); the trainer, the
              records and the front ends use it
core        → never textual, rich, scenarios.tui or scenarios.cli: story (the format and how it is read),
              i18n (the words), exports, engine, store, trainer, records, rehearsal, authoring, phones
phones      → the web server for participants' phones; the only package that imports aiohttp and segno,
              and nothing of ours imports it but the rehearsal screens and the command line
cli         → may open the app; the app never imports the command line
serve       → the web server: never textual, scenarios.tui or scenarios.cli (each browser's app runs in a process
              of its own); aiohttp and textual-serve only in `serve.server` (which only the `serve` command
              imports) and `serve.sessions` (which only the server and the command import)
web         → the web trainer, a front end beside tui and cli that drives `scenarios.trainer`: never textual,
              rich, scenarios.tui, scenarios.cli or scenarios.serve (serve mounts it); aiohttp only in
              `web.server`, which only `serve.server` imports; nothing of the core imports it
no cycles   → between any two of our modules, nor between any two of our packages (`scenarios.records` may
              not import `scenarios.rehearsal` when the rehearsal imports the records)
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.architecture.imports import cycles, external, graph

GRAPH = graph()
UI = ("textual", "rich")
CORE = (
    "scenarios.story",
    "scenarios.i18n",
    "scenarios.exports",
    "scenarios.engine",
    "scenarios.mastery",
    "scenarios.store",
    "scenarios.trainer",
    "scenarios.rehearsal",
    "scenarios.authoring",
    "scenarios.records",
    "scenarios.phones",
    "scenarios.visible",
    "scenarios.output",
)


def modules_of(package: str) -> list[str]:
    return sorted(name for name in GRAPH if name == package or name.startswith(f"{package}."))


def test_the_graph_is_read() -> None:
    assert "scenarios.tui.app" in GRAPH and "scenarios.engine.playthrough" in GRAPH
    assert "scenarios.trainer.session" in GRAPH["scenarios.tui.app"]


def test_no_module_imports_itself_back_through_others() -> None:
    assert cycles(GRAPH) == []


def package_of(module: str) -> str:
    """`scenarios.rehearsal` for `scenarios.rehearsal.story_records` (a top-level module is its own package)."""
    return ".".join(module.split(".")[:2])


def test_no_package_imports_itself_back_through_others() -> None:
    packages: dict[str, set[str]] = {}
    for name, imported in GRAPH.items():
        here = package_of(name)
        packages.setdefault(here, set()).update(package_of(m) for m in imported if package_of(m) != here)
    assert cycles(packages) == []


def test_the_engine_imports_only_the_story_model_expressions_and_texts() -> None:
    allowed = {"scenarios.story.model", "scenarios.story.expr", "scenarios.story.text"}
    for name in modules_of("scenarios.engine"):
        outside = {m for m in GRAPH[name] if not m.startswith("scenarios.engine")}
        assert outside <= allowed, f"{name} imports {sorted(outside - allowed)}"
        assert not external(name) & {"sqlite3", "os", "socket", *UI}, name


def test_mastery_is_pure_over_the_engine_and_the_stories_model() -> None:
    for name in modules_of("scenarios.mastery"):
        outside = {m for m in GRAPH[name] if not m.startswith("scenarios.mastery")}
        assert all(m.startswith(("scenarios.engine", "scenarios.story.model")) for m in outside), (
            f"{name} imports {sorted(outside)}"
        )
        assert not external(name) & {"sqlite3", "os", "socket", *UI}, name


@pytest.mark.parametrize("package", CORE)
def test_the_core_never_imports_the_ui(package: str) -> None:
    for name in modules_of(package):
        assert not external(name) & set(UI), f"{name} imports {sorted(external(name) & set(UI))}"
        assert not any(m.startswith("scenarios.tui") for m in GRAPH[name]), f"{name} imports the TUI"
        assert not any(m.startswith("scenarios.cli") for m in GRAPH[name]), f"{name} imports the command line"


def test_the_app_never_imports_the_command_line() -> None:
    for name in modules_of("scenarios.tui"):
        assert not any(m.startswith("scenarios.cli") for m in GRAPH[name]), name


def test_only_the_phones_serve_the_web_and_only_the_rehearsal_screens_open_them() -> None:
    own_servers = ("scenarios.serve.server", "scenarios.web.server")
    for name in GRAPH:
        if not name.startswith("scenarios.phones"):
            # `scenarios serve` has its own aiohttp server (the next tests); segno is the phones' alone.
            web = external(name) & ({"segno"} if name in own_servers else {"aiohttp", "segno"})
            assert not web, f"{name} imports {sorted(web)}"
            if any(m.startswith("scenarios.phones") for m in GRAPH[name]):
                assert name.startswith(("scenarios.tui.rehearse", "scenarios.cli")), f"{name} imports the phones"
    for name in modules_of("scenarios.phones"):
        outside = {m for m in GRAPH[name] if not m.startswith("scenarios.phones")}
        assert all(m.startswith(("scenarios.rehearsal", "scenarios.store", "scenarios.i18n", "scenarios.visible",
                                 "scenarios.exports.html"))
                   for m in outside), f"{name} imports {sorted(outside)}"  # fmt: skip


@pytest.mark.parametrize(
    "package",
    ["scenarios.trainer", "scenarios.store", "scenarios.mastery", "scenarios.rehearsal", "scenarios.phones.server"],
)
def test_importing_a_headless_package_loads_no_textual(package: str) -> None:
    code = f"import sys, {package}; print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_web_server_never_imports_the_app_or_the_command_line() -> None:
    for name in modules_of("scenarios.serve"):
        assert "textual" not in external(name), name
        assert not any(m.startswith(("scenarios.tui", "scenarios.cli")) for m in GRAPH[name]), name
    web = {"aiohttp", "aiohttp_jinja2", "textual_serve"}
    for name in GRAPH:
        if external(name) & web and not name.startswith("scenarios.phones"):  # the phones' own server: above
            allowed = ("scenarios.serve.server", "scenarios.serve.sessions", "scenarios.web.server")
            assert name in allowed, f"{name} imports web packages"
    importers = {name for name, imported in GRAPH.items() if "scenarios.serve.server" in imported}
    assert importers == {"scenarios.serve.command"}
    importers = {name for name, imported in GRAPH.items() if "scenarios.serve.sessions" in imported}
    assert importers <= {"scenarios.serve.server", "scenarios.serve.command"}


def test_the_web_trainer_is_a_front_end_over_the_trainer_that_only_serve_mounts() -> None:
    for name in modules_of("scenarios.web"):
        assert not external(name) & set(UI), f"{name} imports {sorted(external(name) & set(UI))}"
        outside = {m for m in GRAPH[name] if m.startswith(("scenarios.tui", "scenarios.cli", "scenarios.serve"))}
        assert not outside, f"{name} imports {sorted(outside)}"
        if name != "scenarios.web.server":
            assert "aiohttp" not in external(name), f"{name} imports aiohttp (only the routes do)"
    assert "scenarios.trainer.session" in GRAPH["scenarios.web.actions"]  # it drives the session layer
    importers = {name for name, imported in GRAPH.items() if any(m.startswith("scenarios.web") for m in imported)}
    assert {name for name in importers if not name.startswith("scenarios.web")} == {"scenarios.serve.server"}


def test_the_web_trainer_s_actions_load_no_textual_and_no_web_server() -> None:
    loaded = "{m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'aiohttp'}"
    code = f"import sys, scenarios.web.actions; print(sorted({loaded}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
