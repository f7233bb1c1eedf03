"""The command line: its commands and the plain (no-TUI) mode."""
