"""The words: the Finnish and English message catalogs (UI and loader) and the labels every front end shows."""
