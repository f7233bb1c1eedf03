"""Every Markdown export escapes story text with the one `md` function; HTML exports are autoescaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from scenarios.engine import Playthrough
from scenarios.exports.debrief import debrief_markdown
from scenarios.exports.html import html_templates
from scenarios.exports.markdown import md
from scenarios.rehearsal.cards import Deal, deal, to_html, to_markdown
from scenarios.story.loader import load_text
from scenarios.visible import visible
from tests.conftest import MINI

SCRIPT = "<script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3)) **bold**"


def hostile_mini() -> str:
    text = MINI.replace("title: {fi: Pieni tarina, en: A small story}", f"title: '{SCRIPT}'")
    return text.replace("Look it up online.", "<script>online()</script>").replace("Smiles.", "'# Heading'")


def test_the_debrief_export_writes_no_live_html_or_links() -> None:
    story = load_text(hostile_mini()).story
    assert story is not None
    play = Playthrough(story, seed=0)
    play.choose_option("online")
    text = debrief_markdown(story, play.debrief(), "en", "practice")
    assert not re.search(r"(?<!\\)[<\[]", text)  # every tag and link opener escaped
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "\\<script\\>online()\\</script\\>" in text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>[]()*_`|\\#-=+1. \n&!~ax\x1b\x9b")), max_size=40))
def test_md_leaves_no_tag_no_link_and_no_control_character(text: str) -> None:
    shown = md(text)
    assert not re.search(r"(?<!\\)<", shown)
    assert not re.search(r"(?<!\\)\[", shown)
    assert "\x1b" not in shown and "\x9b" not in shown
    assert not re.search(r"^\s*[#>+=-]", shown, re.MULTILINE)


@pytest.mark.parametrize("render", [to_markdown, to_html])
def test_cards_show_hostile_names_as_text(render: Callable[[Deal, str], str]) -> None:
    story = load_text(hostile_mini()).story
    assert story is not None
    sheet = render(deal(["Aino <b>x</b>\x1b]0;t\x07", "Bo", "Cai"], [story], seed=1), "en")
    assert "<b>x</b>" not in sheet and "\x1b" not in sheet and "<script>" not in sheet
    assert "x1b" in sheet and "x07" in sheet


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8") | st.sampled_from(list("\x00\x1b\x7f\x9b\u202e\u2066\ufffe\n\t")),
        max_size=30,
    )
)
def test_a_page_shows_any_text_with_its_control_characters_made_visible(text: str) -> None:
    page = html_templates(Path(__file__).parent).from_string("{{ text }}").render(text=text)
    assert page == str(escape(visible(text)))
