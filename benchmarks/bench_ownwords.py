"""Own words first: matching a trainee's reply against a decision's rubric, and the first match of a session.

Four figures, each beside an anchor measured in the same run:

- a match: a 1,000-character Finnish reply (with typos) against a decision's rubric, once the word lists
  are open, against the naive match (every phrase looked for as a substring of the reply in lower case);
- the first match of a session: a fresh Python process that imports the matcher, opens the Finnish word
  list from the cache folder, compiles the rubric and checks the reply, against a fresh Python process
  that only starts (`python -c pass`);
- the one-time build of the cache (the first session on a machine), against simplemma's own way of opening
  the Finnish list (its whole dictionary in memory), both in fresh processes;
- the peak memory of those processes.

Goals (issue #33): a match under 20 ms, the first match of a session under 500 ms. Not a test.

    .venv/bin/python benchmarks/bench_ownwords.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUBRIC_STORY = ROOT / "tests" / "rubric" / "rubrics.yaml"
DECISION = "callback"
SENTENCES = (
    "Pahoittelen todella, että ette ole päässeet läpi kolmeen päivään, se on ollut varmasti turhauttavaa.",
    "Katson nyt heti hakemuksenne tilanteen varhaiskasvatuksen järjestelmästä, hetki vain.",
    "Hakemus on saapunut ja se on käsittelyssä, mutta en voi vielä luvata tiettyä päiväkotia.",
    "soitan teille huomena aamupäivällä kymmenen jälkeen kun olen tarkistanut asian palveluohjaajalta",
    "Onko puhelinumeronne sama kuin hakemuksessa, vai tavoitanko teidät paremmin toisesta numerosta?",
    "Jos tilanne muuttuu sitä ennen, otan yhteyttä heti, ettei teidän tarvitse soitella uudestaan.",
    "Kiitos kärsivällisyydestä, ja vielä kerran anteeksi että jouduitte odottamaan näin kauan.",
    "Palaan asiaan viimeistään perjantaihin mennessä, vaikka en olisikaan saanut vielä vastausta.",
    "Kirjaan tämän puhelun tiedot järjestelmään, jotta kollegatkin näkevät mitä on sovittu.",
    "Tämän lisäksi kerron, että kesäaikaan jonot ovat pidempiä, mutta se ei ole teidän vikanne.",
    "Jos haluatte, voin myös lähettää tekstiviestin, kun päätös on tehty.",
    "Hyvää päivänjatkoa, ja kuulemiin huomenna.",
)
REPLY = " ".join(SENTENCES)[:1000]
REPLIES = [" ".join(SENTENCES[shift:] + SENTENCES[:shift])[:1000] for shift in range(len(SENTENCES))]
"""The same sentences in other orders: each match reads a reply it has not read before."""


def child(kind: str) -> None:
    """One fresh process: print its wall seconds from start to the end of `kind`, and its peak memory."""
    import resource

    started = time.perf_counter()
    if kind == "first-match":
        from scenarios.story.loader import load_file

        story = load_file(RUBRIC_STORY).story  # the session has its story loaded: the anchor
        assert story is not None and story.nodes[DECISION].rubric is not None
        loaded = time.perf_counter()
        from scenarios.rubric.lemmas import shared
        from scenarios.rubric.match import compile_rubric

        checklist = compile_rubric(story.nodes[DECISION].rubric, "fi", shared()).check(REPLY)
        assert checklist.found()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(f"{time.perf_counter() - loaded:.6f} {usage.ru_maxrss / 1024:.1f} {loaded - started:.6f}")
        return
    elif kind == "simplemma-full":
        import simplemma

        assert simplemma.lemmatize("varausjärjestelmästä", lang="fi")
    elif kind == "build":
        from scenarios.rubric.lemmas import shared

        assert shared().lemma("varausjärjestelmästä", "fi")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{time.perf_counter() - started:.6f} {usage.ru_maxrss / 1024:.1f}")


def spawn(kind: str, cache: str, *, code: str | None = None) -> tuple[float, float, float]:
    """Seconds of a fresh process (wall from spawning to its exit; for a first match, from the story loaded to
    the checklist), its peak memory in MiB, and (for a first match) the seconds its story took to load."""
    env = {**os.environ, "SCENARIOS_CACHE_DIR": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-c", code] if code else [sys.executable, __file__, "child", kind]
    started = time.perf_counter()
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout.split()
    wall = time.perf_counter() - started
    if kind == "first-match":
        return float(out[0]), float(out[1]), float(out[2])
    return wall, float(out[1]) if len(out) > 1 else 0.0, 0.0


def main(runs: int) -> None:
    from scenarios.rubric.lemmas import Lemmas
    from scenarios.rubric.match import compile_rubric
    from scenarios.story.loader import load_file

    with tempfile.TemporaryDirectory(prefix="bench-ownwords-") as cache:
        story = load_file(RUBRIC_STORY).story
        assert story is not None
        rubric = story.nodes[DECISION].rubric
        assert rubric is not None
        print(f"replies: {len(REPLY)} characters; rubric: {len(rubric.items)} items")

        build = [spawn("build", cache) for _ in range(1)]
        for name in os.listdir(cache):  # the cold build once more, for a median of two
            os.unlink(os.path.join(cache, name))
        build.append(spawn("build", cache))
        full = [spawn("simplemma-full", cache) for _ in range(2)]
        first = [spawn("first-match", cache) for _ in range(runs)]
        matches, loads = [], []
        for _ in range(runs):
            for reply in REPLIES:  # a lemmatizer of its own for each: no word of the reply is remembered
                lemmas = Lemmas(Path(cache))
                lemmas.load(["fi"])
                compiled = compile_rubric(rubric, "fi", lemmas)
                started = time.perf_counter()
                compiled.check(reply)
                matches.append(time.perf_counter() - started)
            started = time.perf_counter()
            load_file(RUBRIC_STORY)
            loads.append(time.perf_counter() - started)

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    match, load = ms(matches), ms(loads)
    print(f"a match:              {match:8.2f} ms  ({match / load:5.2f}x loading the decision's story, {load:.1f} ms)")
    first_match, first_load = ms([w for w, _, _ in first]), ms([a for _, _, a in first])
    peak = statistics.median(m for _, m, _ in first)
    print(
        f"first match of a session: {first_match:8.1f} ms after the story is loaded ({first_match / first_load:5.2f}x"
        f" loading it in that process, {first_load:.1f} ms); peak memory {peak:.0f} MiB"
    )
    build_wall, full_wall = ms([w for w, _, _ in build]), ms([w for w, _, _ in full])
    print(
        f"one-time cache build:  {build_wall:8.1f} ms  ({build_wall / full_wall:5.2f}x simplemma opening its whole "
        f"Finnish list, {full_wall:.1f} ms, {statistics.median(m for _, m, _ in full):.0f} MiB); build peak "
        f"{statistics.median(m for _, m, _ in build):.0f} MiB"
    )
    print("goals: a match under 20 ms; the first match of a session under 500 ms")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "child":
        child(sys.argv[2])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
