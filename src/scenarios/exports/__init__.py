"""Exports a user keeps: the Markdown and debrief files written from a playthrough."""
