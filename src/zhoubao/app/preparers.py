"""What the desk computes of a fresh draft, done by the build: preparations the desk's app registers (web.prime).

A small module of its own so that registering (at Django's start, in every process) imports nothing heavy."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# Each takes a stored draft (archive.models.Issue) and stores what its page would otherwise compute on first open.
DESK_PREPARERS: list[Callable[[Any], None]] = []


def prepare(issue: Any) -> None:
    """Run every registered preparation. One that fails costs the first editor's page its time, never the build."""
    for preparation in DESK_PREPARERS:
        try:
            preparation(issue)
        except Exception:  # a cache left empty: the page computes it when first opened
            log.warning("preparing the desk's pages of issue %s failed", getattr(issue, "pk", issue), exc_info=True)
