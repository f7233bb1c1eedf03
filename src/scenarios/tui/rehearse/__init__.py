"""The team rehearsal's screens: setup, the session, notes, the debrief, the reflection and the export."""
