"""Learning records: xAPI statements of playthroughs, an outbox in the store, and sync to an LRS."""

MODES = ("practice", "exam")
"""The modes a report keeps apart: practice (feedback after each choice) and exam (feedback at the end)."""

MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
"""cmi5's moveOn criteria a course package may give its units."""
