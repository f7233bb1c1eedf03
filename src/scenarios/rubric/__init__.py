"""Own words first: which of a decision's rubric elements a trainee's own reply has (headless; no UI).

`match.compile_rubric(rubric, language, lemmas)` makes a decision's rubric ready to check replies against;
`lemmas.shared()` is the process's lemmatizer (simplemma's word lists, opened from the cache folder). Nothing
here is imported until own words are used: the trainer's start and `scenarios --help` never load it.
"""
