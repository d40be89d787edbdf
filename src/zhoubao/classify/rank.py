"""Rank: a story's score from source authority, coverage, recency and section."""

from __future__ import annotations

import math
from datetime import datetime

# A regulator or ministry outranks a blog: weights by the outlet kind of a source.
AUTHORITY = {
    "regulator": 1.0, "ministry": 1.0, "state_media": 0.85, "company": 0.6, "research": 0.6,
    "media": 0.5, "wechat": 0.4, "blog": 0.3, "": 0.45,
    # A trade association is not a regulator (issue 15), but its own page is where its group standards and the
    # sector's reference reports first appear: as authoritative a source of those as a regulator's is of its acts.
    "association": 1.0,
}


def authority(outlet_kind: str) -> float:
    return AUTHORITY.get(outlet_kind, AUTHORITY[""])


def score(*, outlet_kinds: list[str], outlets: int, published: datetime | None, window_end: datetime,
          section_weight: float, days: int = 7, entities: int = 0) -> float:
    """Higher is more important: authority counts most, then coverage, the section (its profile weight), names
    and recency."""
    auth = max((authority(k) for k in outlet_kinds), default=AUTHORITY[""])
    coverage = math.log2(1 + max(outlets, 1))
    recency = 0.5
    if published is not None:
        age = max((window_end - published).total_seconds() / 86400.0, 0.0)
        recency = max(0.0, 1.0 - age / max(days + 1, 1))
    names = 0.3 * math.log2(1 + max(entities, 0))
    return round(2.0 * auth + 1.0 * coverage + 0.5 * recency + section_weight + names, 4)
