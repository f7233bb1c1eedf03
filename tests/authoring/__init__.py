"""Tests of the authoring toolkit: lint, schema, graph, scaffold and walkthroughs."""
