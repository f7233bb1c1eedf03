"""Own words first in line mode (`play --own-words`): the reply is written before the options, its checklist
shown and corrected, and the reply kept with the choice, in the debrief and in the store."""

from __future__ import annotations

import json
import subprocess
import sys

from scenarios.engine import from_json
from scenarios.store import Store
from tests.rubric.support import HERE, measure_story
from tests.support import WriteStory

STORY = HERE / "rubrics.yaml"
REPLIES = [
    "ymmärrän että harmittaa, tarkistn heti tapahtumat",  # a typo: still found
    "En voi luvata paikkaa.\nSoitan teille huomenna kymmeneltä.",  # the negation undoes the promise
    "Mitä tarvitset?",
    "Varaan tulkin.",
    "Katson tilauksen.",
]


def play(lines: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scenarios", "play", str(STORY), "--own-words", "--lang", "fi", "--seed", "0", *extra],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_reply_is_written_checked_corrected_and_kept_with_the_choice() -> None:
    # Each decision: the reply, an empty line to send it, corrections (at the first: mark 3 turned over, then
    # Enter), the option.
    lines = [REPLIES[0], "", "9", "3", "", "1"]
    for reply in REPLIES[1:]:
        lines += [reply, "", "", "1"]
    done = play(lines, "--json")
    assert done.returncode == 0, done.stderr
    said = done.stderr  # with --json the playthrough is told on stderr
    first = said.index("Kirjoita ensin oma vastauksesi")
    assert first < said.index("Mitä sanot?"), "the reply comes before the options"
    assert "✓ Katsoo rannekkeen tapahtumat: ”tarkistn”" in said
    assert "3. ○ Tarjoaa tien eteenpäin" in said
    assert "3. ✓ Tarjoaa tien eteenpäin (korjasit)" in said
    assert "Kirjoita merkintöjen numeroita väliltä 1–3" in said, "9 is no mark"
    assert "✗ Lupaa paikan" not in said, "'en voi luvata' is no promise"
    assert "Oma vastauksesi: ”En voi luvata paikkaa.\nSoitan teille huomenna kymmeneltä.”" in said
    decisions = json.loads(done.stdout)["decisions"]
    assert [d["own_reply"]["text"] for d in decisions] == REPLIES
    assert decisions[0]["own_reply"]["corrected"] == ["next"]
    assert set(decisions[0]["own_reply"]["marked"]) == {"look", "feeling", "next"}
    assert "promise" not in decisions[1]["own_reply"]["marked"] and "when" in decisions[1]["own_reply"]["marked"]
    store = Store()
    try:
        (record,) = store.history()
        kept = from_json(measure_story(), record.save)
    finally:
        store.close()
    assert [result.own.text for result in kept.history if result.own is not None] == REPLIES


def test_an_empty_reply_is_asked_again_and_a_story_without_rubrics_says_so(write: WriteStory, mini_text: str) -> None:
    done = play(["", "Katson.", "", "", "1"], "--no-save")
    assert "Vastaus on tyhjä." in done.stdout
    assert "1. ✓ Katsoo rannekkeen tapahtumat: ”Katson”" in done.stdout
    plain = subprocess.run(
        [sys.executable, "-m", "scenarios", "play", str(write(mini_text)), "--own-words", "--no-save"],
        input="1\n1\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Tässä tarinassa ei ole päätöksiä, joissa kirjoitetaan ensin oma vastaus" in plain.stdout
