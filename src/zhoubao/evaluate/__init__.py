"""Scoring the fuzzy stages against labelled corpora (docs/corpus-format.md)."""
