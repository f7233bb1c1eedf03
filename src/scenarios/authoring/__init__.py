"""Tools for story authors: lint, graph export, scaffolding, schema and walkthroughs.

Headless like the engine: nothing here imports a UI.
"""
