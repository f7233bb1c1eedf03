"""scenarios: an interactive customer-service scenario trainer for the terminal."""

__version__ = "0.1.0"
