"""Hostile or broken files get one clear, located error: never a traceback, hang or blow-up."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.story import safeyaml
from scenarios.story.loader import LoadResult, load_bytes, load_file, load_text
from scenarios.story.safeyaml import MAX_BYTES, MAX_DEPTH


@pytest.fixture(autouse=True, params=["c-parser", "pure-parser"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every hostile case is refused the same way by both YAML parsers the loader may use."""
    kind: str = request.param  # pytest's params are untyped: one of the two names above
    if kind == "pure-parser":
        monkeypatch.setattr(safeyaml, "_c_parser", lambda: None)
    elif safeyaml._c_parser() is None:
        pytest.skip("libyaml's C parser is not installed here")
    return kind


def only_code(result: LoadResult) -> str:
    assert result.story is None
    assert len(result.diagnostics) == 1, [d.format() for d in result.diagnostics]
    return result.diagnostics[0].code


def test_empty_file_says_it_is_empty() -> None:
    for text in ("", "   \n\n", "# only a comment\n", "---\n"):
        result = load_text(text, "empty.yaml")
        assert only_code(result) == "empty"
        assert "is empty" in result.diagnostics[0].message("en")


def test_a_list_or_a_scalar_is_not_a_story() -> None:
    assert only_code(load_text("- id: x\n  nodes: {}\n")) == "not_mapping"  # a story written as a list
    result = load_text("id:x\n")
    assert only_code(result) == "not_mapping"
    assert "'id:x'" in result.diagnostics[0].message("en")


@pytest.mark.parametrize(
    "text",
    [
        "- a\n- b\n",
        "just words\n",
        "root:*:19000:0:99999:7:::\n",  # /etc/shadow
        "db_host: x\ndb_password: hunter2\n",  # someone's configuration
        "password: [unclosed hunter2\n",  # not even YAML
        "-----BEGIN PRIVATE KEY-----\n\tMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n",
        "secret\x00hunter2\n",
    ],
)
def test_a_file_that_is_not_a_story_is_named_so_and_nothing_of_it_is_shown(text: str) -> None:
    result = load_text(text, "config.yaml")
    assert only_code(result) == "not_a_story"
    shown = result.diagnostics[0].format("en") + result.diagnostics[0].format("fi")
    assert "hunter2" not in shown and "root" not in shown and "MIIE" not in shown and "words" not in shown
    assert "'id:'" in shown and " | " not in shown  # says what a story starts with; no line of the file


def test_syntax_error_points_at_the_line() -> None:
    result = load_text("id: x\ntitle: [unclosed\nchannel: desk\n", "broken.yaml")
    assert only_code(result) == "syntax"
    assert result.diagnostics[0].line >= 2
    assert result.diagnostics[0].format().startswith("broken.yaml:")


def test_an_unclosed_quote_points_at_where_it_opens() -> None:
    result = load_text('id: x\ntitle: "unclosed\nchannel: desk\n')
    assert only_code(result) == "syntax"
    diagnostic = result.diagnostics[0]
    assert (diagnostic.line, diagnostic.column) == (2, 8)
    assert "quoted scalar" in diagnostic.message("en")


def test_tab_indentation_is_named_with_line_and_column() -> None:
    result = load_text("id: x\nnodes:\n\tstart: {}\n")
    assert only_code(result) == "tab"
    diagnostic = result.diagnostics[0]
    assert (diagnostic.line, diagnostic.column) == (3, 1)
    assert "replace the tab with spaces" in diagnostic.message("en")


def test_duplicate_keys_are_reported_at_the_second_key() -> None:
    result = load_text("id: a\ntitle: x\nid: b\n")
    assert result.story is None
    duplicate = next(d for d in result.diagnostics if d.code == "duplicate_key")
    assert duplicate.line == 3
    assert "'id'" in duplicate.message("en")


def test_non_utf8_bytes_are_located() -> None:
    result = load_bytes("id: x\ntitle: Hyv\xe4\n".encode("latin-1"))
    assert only_code(result) == "not_utf8"
    assert (result.diagnostics[0].line, result.diagnostics[0].column) == (2, 11)


def test_nul_bytes_mean_not_text() -> None:
    assert only_code(load_bytes(b"id: x\x00\n")) == "nul_byte"


def test_binary_garbage_is_refused_cleanly() -> None:
    garbage = bytes(range(256)) * 8
    assert only_code(load_bytes(b"id: x\n" + garbage)) in ("nul_byte", "not_utf8")
    assert only_code(load_bytes(garbage)) == "not_a_story"


def test_alias_bomb_is_refused_fast_and_small() -> None:
    bomb = ["id: x", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        bomb.append(f"{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]")
    text = "\n".join(bomb) + "\n"
    assert len(text) < 600
    tracemalloc.start()
    started = time.perf_counter()
    result = load_text(text)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert only_code(result) == "anchor"
    assert result.diagnostics[0].line == 2
    assert peak < 20 * 1024 * 1024  # expanded, this would be gigabytes
    assert elapsed < 5


def test_explicit_python_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'id: x\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'
    result = load_text(text)
    assert only_code(result) == "tag"
    assert not marker.exists()
    assert only_code(load_text("id: !custom x\n")) == "tag"


def test_deep_nesting_is_refused_without_recursion_errors() -> None:
    depth = 100_000
    result = load_text("id: x\na: " + "[" * depth + "]" * depth + "\n")
    assert only_code(result) == "too_deep"
    assert str(MAX_DEPTH) in result.diagnostics[0].message("en")
    nested = "id: x\n" + "".join("  " * level + f"k{level}:\n" for level in range(MAX_DEPTH + 5))
    nested += "  " * (MAX_DEPTH + 5) + "v\n"
    assert only_code(load_text(nested)) == "too_deep"


def test_files_over_the_size_limit_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"id: x\n" + b"# padding\n" * (MAX_BYTES // 10 + 1))
    result = load_file(path)
    assert only_code(result) == "too_big"


def test_several_documents_in_one_file() -> None:
    assert only_code(load_text("id: a\n---\nid: b\n")) == "many_documents"


def test_control_characters_are_named() -> None:
    result = load_text("id: x\x07\n")
    assert only_code(result) == "control_char"
    assert "U+0007 (BEL)" in result.diagnostics[0].message("en")
    assert "\x07" not in result.diagnostics[0].format("en")


def test_a_missing_file_is_a_read_error(tmp_path: Path) -> None:
    result = load_file(tmp_path / "nope.yaml")
    assert only_code(result) == "read_error"


def test_a_directory_named_as_a_file_is_a_read_error(tmp_path: Path) -> None:
    os.mkdir(tmp_path / "dir.yaml")
    assert only_code(load_file(tmp_path / "dir.yaml")) == "read_error"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    result = load_bytes(raw, "fuzz.yaml")
    assert result.story is None
    assert result.diagnostics
    for diagnostic in result.diagnostics:
        assert diagnostic.format("en")
        assert diagnostic.format("fi")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n  ,?%@`\t1yn")), max_size=120))
def test_arbitrary_yamlish_text_never_raises(text: str) -> None:
    result = load_text(text, "fuzz.yaml")
    assert result.story is None
    assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)


def test_a_bracket_left_open_to_the_end_points_at_where_it_opens() -> None:
    result = load_text("id: x\ntitle: [unclosed\n", "broken.yaml")
    assert only_code(result) == "syntax"
    diagnostic = result.diagnostics[0]
    assert (diagnostic.line, diagnostic.column) == (2, 8)
    assert "while parsing a flow sequence" in diagnostic.message("en")
