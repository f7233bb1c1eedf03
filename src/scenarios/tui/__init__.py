"""The trainee's terminal app (Textual): library, play, feedback, debrief, progress, settings."""
