"""The story format and how it is read: the model, expressions, texts, checks, safe YAML, the loader,
the library and the glossary."""
