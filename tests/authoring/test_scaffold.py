"""`scenarios new`, and the proof: a story from the skeleton to validated, linted, drawn and tested."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.authoring.lint import lint_text
from scenarios.authoring.scaffold import schema_reference, skeleton
from scenarios.authoring.walkthroughs import coverage, run_walkthrough
from scenarios.cli.main import main
from scenarios.story.loader import load_text
from scenarios.story.model import Theme
from tests.authoring.authoring_support import ROOT


@pytest.mark.parametrize("channel", ["desk", "phone", "email", "chat"])
@pytest.mark.parametrize("languages", [["fi", "en"], ["fi"], ["en", "fi", "sv"]])
def test_the_skeleton_validates_plays_and_tests_as_it_is(channel: str, languages: list[str]) -> None:
    text = skeleton("new-story", channel, languages, "../docs/story.schema.json")
    assert text.startswith("# yaml-language-server: $schema=../docs/story.schema.json\n")
    story = load_text(text).story
    assert story is not None
    results = [run_walkthrough(story, number) for number in range(len(story.walkthroughs))]
    assert len(results) == 2 and all(result.passed for result in results)
    missed = coverage(story, results)
    assert missed.nodes == () and missed.options == ()
    codes = {d.code for d in lint_text(text).diagnostics}
    # What is left is the author's to-do list: the placeholders (and a missing trainer language).
    assert codes == ({"SC015"} if "en" in languages else {"SC015", "SC016"})


def test_the_skeleton_names_the_lessons_its_decisions_test_and_its_weak_options_break() -> None:
    story = load_text(skeleton("s", "desk", ["fi", "en"], "x")).story
    assert story is not None
    for name in story.decisions():
        node = story.nodes[name]
        assert node.lessons
        assert all(option.breaks for option in node.options if not option.solution_focused)
    for comments, words in (
        ("fi", "`scenarios lessons` luettelee opit"),
        ("en", "`scenarios lessons` lists the lessons"),
    ):
        text = skeleton("s", "desk", ["fi", "en"], "x", comments=comments)
        assert words in text and "solution_focused: no`" in text


def test_the_skeleton_has_channel_specific_parts() -> None:
    assert "email:" in skeleton("s", "email", ["fi"], "x") and "cues:" not in skeleton("s", "email", ["fi"], "x")
    assert "what you hear" in skeleton("s", "phone", ["en"], "x")
    assert "Puhelimessa ei ole kehonkieltä" in skeleton("s", "phone", ["fi"], "x", comments="fi")
    assert "On the phone there is no body language" in skeleton("s", "phone", ["fi"], "x", comments="en")


def test_schema_reference_is_relative_to_the_new_file(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    schema = tmp_path / "docs" / "story.schema.json"
    assert schema_reference(tmp_path / "stories" / "a.yaml", schema) == "../docs/story.schema.json"
    assert schema_reference(tmp_path / "a.yaml", schema) == "docs/story.schema.json"


def test_new_writes_into_stories_and_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "story.schema.json").write_text("{}", encoding="utf-8")
    assert main(["--lang", "en", "new", "lost-card", "--channel", "desk"]) == 0
    written = tmp_path / "stories" / "lost-card.yaml"
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../docs/story.schema.json")
    assert "Wrote stories/lost-card.yaml" in capsys.readouterr().out
    assert main(["--lang", "en", "new", "lost-card", "--channel", "desk"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "lost-card", "--channel", "desk", "--force", "--languages", "fi"]) == 0
    assert main(["new", "Lost Card", "--channel", "desk"]) == 2
    assert main(["new", "x", "--channel", "desk", "--languages", "fi,,EN"]) == 2
    with pytest.raises(SystemExit):
        main(["new", "x", "--channel", "fax"])


# The author's edits: the words between the quotes replaced, as the guide says.
FILLED = {
    "TODO: tarinan nimi": "Rikkinäinen maaliverkko",
    "TODO: the story's title": "The broken goal net",
    "TODO: yksi kappale: mikä tilanne on ja kuka asiakas on": "Asiakas soittaa: maalin verkko oli eilen rikki.",
    "TODO: one paragraph: what the situation is and who the customer is": "A customer calls: the goal net was torn.",
    "TODO: luku ja tarina, esim. 5.1, arkinen tarina 6": "5.1, arkinen tarina 7",
    "TODO: mitä soittaja sanoo": "Maalin verkko oli eilen ihan rikki!",
    "TODO: what the caller says": "The goal net was completely torn yesterday!",
    "TODO: mitä kuulet: äänensävy, huokaukset, taustaäänet": "Harmistunut ääni, taustalla liikennettä.",
    "TODO: what you hear: tone of voice, sighs, background noise": "An annoyed voice, traffic behind.",
    "TODO: koko ihanteellinen vastaus ja mitä teet seuraavaksi": "Kiitos, että ilmoititte. Välitän tiedon eteenpäin.",
    "TODO: the whole ideal response and what you do next": "Thanks for telling us. I will pass it on.",
    "TODO: jotain, mitä teet, esim. katsot varauksen järjestelmästä": "Hae varaus järjestelmästä ja kerro ääneen.",
    "TODO: something you do, e.g. look up the booking": "Look up the booking, saying what you do.",
    "TODO: mitä toiminto paljastaa": "Kenttä 2, eilen klo 18.",
    "TODO: what the action reveals": "Field 2, yesterday at 6 pm.",
    "TODO: miksi tämä auttaa tätä asiakasta": "Puhelimessa kerrot ääneen, mitä teet.",
    "TODO: why this helps this customer": "On the phone you say aloud what you do.",
    "TODO: ratkaisukeskeinen vastaus": "Välitän tiedon tänään. Haluatteko tiedon korjauksesta?",
    "TODO: the solution-focused reply": "I'll pass it on today. Shall we tell you when it's fixed?",
    "TODO: miksi tämä on ratkaisukeskeinen": "Viet asian eteenpäin ja kysyt asiakkaan toiveen.",
    "TODO: why this is solution-focused": "You take it forward and ask what the customer wants.",
    "TODO: ystävällinen mutta ei ratkaisukeskeinen vastaus": (
        "Voi harmi! Tällaiset viat ilmoitetaan aina nettisivujen palautelomakkeella. "
        "Laittaisitteko palautteen sinne, kiitos!"
    ),
    "TODO: a friendly reply that solves nothing": (
        "Oh no! Faults like this are always reported through the form on our website. "
        "Could you send feedback there, thanks!"
    ),
    "TODO: miksi ystävällisyys ei tässä riitä": "Ystävällistä, mutta työ siirtyy asiakkaalle.",
    "TODO: why friendliness is not enough here": "Friendly, but it hands the work back to the customer.",
    "TODO: mitä asiakas sanoo tyytyväisenä": "Kiitos! Ehtiikö se torstaiksi?",
    "TODO: what the customer says when pleased": "Thanks! Will it be fixed by Thursday?",
    "TODO: mitä asiakas sanoo harmistuneena": "Niin, mutta torstaina pelataan taas.",
    "TODO: what the customer says when annoyed": "Right, but we play again on Thursday.",
    "TODO: toisen päätöskohdan mallivastaus": "En voi luvata päivää, mutta merkitsen asian kiireelliseksi.",
    "TODO: the model answer at the second decision": "I can't promise the day, but I'll mark it urgent.",
    "TODO: vastaus, joka ratkaisee asian": "Merkitsen kiireelliseksi; soitamme, jos se ei ehdi.",
    "TODO: the reply that settles the matter": "I'll mark it urgent; we'll call if it isn't ready.",
    "TODO: miksi tämä ratkaisee asian": "Rehellinen vastaus ja varasuunnitelma.",
    "TODO: why this settles the matter": "An honest answer with a fallback.",
    "TODO: vastaus, joka siirtää asiakkaan muualle": "Soittakaa kenttähuoltoon.",
    "TODO: a reply that sends the customer elsewhere": "Call field maintenance.",
    "TODO: miksi asiakas jää tyhjän päälle": "Asiakas joutuu soittamaan uudelleen.",
    "TODO: why this leaves the customer with nothing": "The customer has to call again.",
    "TODO: miten asiakas lähtee, ja mitä tästä voi oppia": "Asiakas kiittää; palaute on matkalla.",
    "TODO: how the customer leaves, and what to take from it": "The customer thanks you; the report is on its way.",
    "TODO: miten asiakas lähtee ilman ratkaisua": "Asiakas huokaisee ja lopettaa puhelun.",
    "TODO: how the customer leaves without a solution": "The customer sighs and hangs up.",
}

# A third option and a third ending, and a walkthrough for them.
PROMISE = """      - id: promise
        reply:
          fi: Kyllä se torstaiksi korjataan!
          en: I'm sure it'll be fixed by Thursday!
        solution_focused: no
        breaks: check-before-promising
        feedback:
          fi: Lupaus, jota et voi pitää.
          en: A promise you cannot keep.
        next: half_solved
  half_solved:
    ending: partly
    say:
      fi: Asiakas on tyytyväinen, mutta lupaus jää ilmaan.
      en: The customer is pleased, but the promise hangs in the air.
"""


def test_proof_from_the_skeleton_to_a_finished_tested_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "story.schema.json").write_text((ROOT / "docs" / "story.schema.json").read_text("utf-8"))
    assert main(["new", "rikki-maaliverkko", "--channel", "phone"]) == 0
    path = tmp_path / "stories" / "rikki-maaliverkko.yaml"
    text = path.read_text(encoding="utf-8")
    for placeholder, written in FILLED.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, written)
    text = text.replace("customer: young-adult", "customer: retired-couple")
    before_endings = text.index("  # Loput:")
    text = text[:before_endings] + PROMISE + "\n" + text[before_endings:]
    text = text.replace(
        "    verdicts: [no, no]\n",
        "    verdicts: [no, no]\n  - name: a promise\n    choices: [check, help, promise]\n    ending: half_solved\n",
    )
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()

    assert main(["--lang", "en", "validate", str(path)]) == 0
    assert main(["--lang", "en", "lint", str(path)]) == 0
    assert "Files linted: 1; nothing to report." in capsys.readouterr().out
    assert main(["graph", str(path), "--format", "mermaid"]) == 0
    graph = capsys.readouterr().out
    assert 'n_half_solved(["half_solved · partly"]):::partly' in graph
    assert 'n_follow_up -->|"promise: Kyllä se torstaiksi korjataan!"| n_half_solved' in graph
    assert main(["--lang", "en", "test", str(path)]) == 0
    out = capsys.readouterr().out
    assert "3/3 walkthroughs passed" in out and "coverage: nodes 5/5, options 6/6" in out
    assert main(["play", str(path), "--choices", "1,1,1", "--lang", "en"]) == 0


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_skeleton_names_every_theme_and_keeps_its_comments_short(language: str) -> None:
    text = skeleton("new-story", "desk", ["fi", "en"], "story.schema.json", comments=language)
    for theme in Theme:
        assert f"{theme.value} (" in text
    assert "..." not in text
    assert max(len(line) for line in text.splitlines() if line.lstrip().startswith("#")) <= 100
