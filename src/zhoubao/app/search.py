"""Search the archive: reports, stories and items holding every word of a query (zhoubao search, the desk)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from zhoubao.app.profile import current_profile
from zhoubao.archive import search as index
from zhoubao.archive.search import Filters, Hit
from zhoubao.conf.settings import Settings

__all__ = ["Filters", "Hit", "Reindexed", "reindex", "search"]


def search(settings: Settings, query: str, *, start: date | None = None, end: date | None = None,
           section: str | None = None, issue: int | None = None, source: int | None = None,
           kinds: tuple[str, ...] = (), limit: int = 50) -> list[Hit]:
    """The best hits for query in the home's archive (its weekly's stories and items, every report)."""
    profile = current_profile(settings)
    filters = Filters(start=start, end=end, section=section or None, issue=issue, source=source,
                      profile=profile.pk, kinds=kinds)
    return index.search(query, filters, limit=limit)


@dataclass(frozen=True)
class Reindexed:
    reports: int
    stories: int
    items: int
    seconds: float


def reindex(settings: Settings) -> Reindexed:
    """Rebuild the whole search index from the archive (one transaction: searches meanwhile see the old one)."""
    from django.db import transaction

    began = time.monotonic()
    with transaction.atomic():
        counts = index.reindex()
    return Reindexed(counts["report"], counts["story"], counts["item"], time.monotonic() - began)
