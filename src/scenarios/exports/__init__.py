"""Exports a user keeps: the Markdown, HTML and CSV files written from playthroughs, rehearsals and reports."""
