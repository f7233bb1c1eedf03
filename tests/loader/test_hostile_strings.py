"""Control characters, huge numbers and runaway sizes in a story are refused at load, located, never raised."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios.story import checks
from scenarios.story.loader import load_bytes, load_text
from scenarios.story.safeyaml import parse
from scenarios.visible import UNSAFE, char_name, json_visible, visible
from tests.conftest import MINI

FORBIDDEN = [chr(c) for c in range(0x20) if chr(c) not in "\n\t"] + ["\x7f"]
FORBIDDEN += [chr(c) for c in range(0x80, 0xA0)]
FORBIDDEN += [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
PAYLOADS = [
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;ZXZpbA==\x1b\\",
    "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[6n",
    "\x9b31m",
    "\u202eevil",
]
# Anything printed or written must be free of these (newline and tab are fine).
LEAK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

hostile = st.one_of(
    st.sampled_from(PAYLOADS),
    st.builds(
        lambda a, c, b: a + c + b, st.text("abc ", max_size=3), st.sampled_from(FORBIDDEN), st.text("xyz", max_size=3)
    ),
)


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], bool]]:
    """Every scalar value and every key of the story, as (path, is_key)."""
    found: list[tuple[tuple[Any, ...], bool]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append(((*path, key), True))
            found.extend(_places(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_places(value, (*path, index)))
    else:
        found.append((path, False))
    return found


STORY = parse(MINI).data
PLACES = _places(STORY)


def _inject(data: Any, path: tuple[Any, ...], is_key: bool, text: str) -> Any:
    if not path:
        return text
    head, rest = path[0], path[1:]
    if isinstance(data, list):
        return [_inject(item, rest, is_key, text) if index == head else item for index, item in enumerate(data)]
    result = {}
    for key, value in data.items():
        if key == head and is_key and not rest:
            result[text] = value
        elif key == head:
            result[key] = _inject(value, rest, is_key, text)
        else:
            result[key] = value
    return result


def test_every_forbidden_character_is_in_the_sanitiser() -> None:
    for char in FORBIDDEN:
        assert UNSAFE.search(char), char_name(char)
    assert UNSAFE.search("\n") is None and UNSAFE.search("\t") is None
    assert visible("a\x1bb\x9bc\u202ed") == "a\\x1bb\\x9bc\\u202ed"
    assert json.loads(json_visible(json.dumps("x\x9b\u202e", ensure_ascii=False))) == "x\x9b\u202e"


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(PLACES), text=hostile)
def test_a_control_character_anywhere_is_refused_with_its_place(place: tuple[tuple[Any, ...], bool], text: str) -> None:
    path, is_key = place
    # JSON is YAML: every string goes in double quotes with `\u001b` escapes, unescaped by the YAML reader.
    source = json.dumps(_inject(STORY, path, is_key, text), indent=2)
    result = load_text(source, "hostile.yaml")
    assert result.story is None
    flagged = [d for d in result.diagnostics if d.code == "control_char_text"]
    assert flagged, [d.format() for d in result.diagnostics]
    line = next(number for number, row in enumerate(source.split("\n"), start=1) if json.dumps(text) in row)
    assert flagged[0].line == line
    assert char_name(next(c for c in text if UNSAFE.search(c))) in flagged[0].message("en")
    for diagnostic in result.diagnostics:
        for language in ("en", "fi"):
            assert not LEAK.search(diagnostic.format(language))


@pytest.mark.parametrize(
    "written",
    [r'"\e[2J"', r'"\x1b]0;pwned\x07"', r'"\u009b"', r'"\x1b]52;c;ZXZpbA==\x1b\\"', r'"\e[6n"', r'"\u202e"'],
)
def test_yaml_escapes_of_control_characters_are_refused(written: str) -> None:
    result = load_text(MINI.replace('source: "4"', f"source: {written}"), "story.yaml")
    assert result.story is None
    (diagnostic,) = result.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("control_char_text", 8, 9)
    assert "U+" in diagnostic.message("fi")


def test_a_raw_c1_character_is_located_and_named() -> None:
    raw = MINI.replace('source: "4"', 'source: "4 \u009b"').encode("utf-8")
    (diagnostic,) = load_bytes(raw, "c1.yaml").diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("control_char", 8, 12)
    assert "U+009B (CSI)" in diagnostic.message("en")
    assert "colon" not in diagnostic.message("en")
    shown = diagnostic.format("en")
    assert "\x9b" not in shown and '"4 \\x9b"' in shown
    assert shown.splitlines()[-1].index("^") == shown.splitlines()[-2].index("\\x9b")


def test_a_file_name_with_escape_is_shown_inert() -> None:
    (diagnostic,) = load_text("id: x\x07\n", "evil\x1b]0;pwned\x07.yaml").diagnostics
    assert not LEAK.search(diagnostic.format("en"))
    assert "evil\\x1b]0;pwned\\x07.yaml:1:6:" in diagnostic.format("en")


@pytest.mark.parametrize(
    "number", ["9" * 5000, "-" + "9" * 5000, "0x" + "f" * 5000, "9223372036854775808", "-9223372036854775809"]
)
def test_numbers_beyond_64_bits_are_refused_where_they_are(number: str) -> None:
    result = load_text(MINI.replace("start: 0,", f"start: {number},"), "big.yaml")
    assert result.story is None
    (diagnostic,) = result.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("number_out_of_range", 10, 17)
    assert len(diagnostic.format("en")) < 1000


def test_the_largest_64_bit_number_is_still_a_number() -> None:
    result = load_text(MINI.replace("start: 0,", "start: 9223372036854775807,"))
    assert all(d.code != "number_out_of_range" for d in result.diagnostics)


@pytest.mark.parametrize("text, char", [(r'"T \[escaped]"', "["), (r'"C:\Users"', "U"), (r'"\o/"', "o")])
def test_a_backslash_in_double_quotes_is_explained(text: str, char: str) -> None:
    (diagnostic,) = load_text(MINI.replace('source: "4"', f"source: {text}")).diagnostics
    assert diagnostic.code == "bad_escape"
    assert diagnostic.line == 8 and diagnostic.source_line[diagnostic.column - 1] == "\\"
    message = diagnostic.message("en")
    assert f"'\\{char}'" in message and "single quotes" in message and "colon" not in message
    assert "kenoviiva" in diagnostic.message("fi").lower()


def test_a_duplicate_key_does_not_hide_other_problems() -> None:
    text = MINI.replace("  looked: no", "  looked: no\n  mood: 1").replace("ending: unresolved", "ending: partial")
    codes = {(d.code, d.line) for d in load_text(text).diagnostics}
    assert ("duplicate_key", 12) in codes
    assert ("choice", 52) in codes


def test_too_many_options_are_refused() -> None:
    option = "      - id: o{n}\n        reply: Hei {n}\n        solution_focused: no\n        next: bad\n"
    many = "".join(option.format(n=n) for n in range(checks.MAX_OPTIONS + 1))
    text = MINI.replace("    options:\n      - id: online", "    options:\n" + many + "      - id: online", 1)
    codes = [d.code for d in load_text(text).diagnostics]
    assert "too_many_options" in codes


def test_a_long_condition_is_refused_without_parsing_it() -> None:
    condition = " and ".join(["looked"] * 200)
    result = load_text(MINI.replace("      - if: looked\n", f"      - if: {condition}\n"))
    assert [d.code for d in result.diagnostics] == ["expr_too_long"]


def test_a_deeply_nested_condition_is_a_located_problem() -> None:
    condition = "(" * 240 + "looked" + ")" * 240
    result = load_text(MINI.replace("      - if: looked\n", f"      - if: {condition}\n"))
    assert result.story is None
    assert [d.line for d in result.diagnostics] == [34]


def test_a_fault_inside_the_loader_becomes_a_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(story: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(checks, "check_story", broken)
    result = load_text(MINI, "ok.yaml")
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "loader_fault" and "boom" in diagnostic.message("en")


def test_validate_reports_every_file_of_a_folder_whatever_one_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scenarios.cli.main import main

    (tmp_path / "a-huge.yaml").write_text(MINI.replace("start: 0,", f"start: {'9' * 5000},"), encoding="utf-8")
    (tmp_path / "b-deep.yaml").write_text(
        MINI.replace("      - if: looked\n", f"      - if: {'(' * 240}looked{')' * 240}\n"), encoding="utf-8"
    )
    (tmp_path / "c-hex.yaml").write_text(MINI.replace("start: 0,", f"start: 0x{'f' * 5000},"), encoding="utf-8")
    (tmp_path / "d-good.yaml").write_text(MINI.replace("id: mini", "id: good"), encoding="utf-8")
    assert main(["validate", str(tmp_path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "a-huge.yaml:10:17:" in out and "b-deep.yaml:34:" in out and "c-hex.yaml:10:17:" in out
    assert "valid: 1, with errors: 3" in out
