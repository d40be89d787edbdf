"""The issue page's 来源中未见 check of each item against its sources, cached in the process and in the database.

Keyed by the exact text checked (so never stale): a page of 30 items would otherwise normalise and scan every
source text on each view, and the first open of an issue would check every item while other editors wait — the
build stores the checks for every server process (issue 15, zhoubao.web.prime).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from zhoubao.app import derived, desk
from zhoubao.web import fragments

FACTS: fragments.LRU[tuple[str, ...]] = fragments.LRU(50_000)


def _key(title: str, paragraphs: list[str], sources: list[str], dates: list[datetime | None], tz: str) -> str:
    return fragments.digest("facts/1", title, paragraphs, sources, dates, tz)


def unsupported(title: str, paragraphs: list[str], sources: list[str], dates: list[datetime | None],
                tz: str) -> list[str]:
    """The tokens of one item its sources lack (the 校对 panel's and a saved item's check)."""
    key = _key(title, paragraphs, sources, dates, tz)
    return list(FACTS.get_or_make(key, lambda: tuple(desk.unsupported(title, paragraphs, sources, dates, tz=tz))))


def check(views: Sequence[Any], tz: str, *, shared: bool = False) -> None:
    """Set each item view's unsupported tokens and marked text: from this process's cache, else from the database's
    (one query for the page), else checked now and stored there. `shared`: make sure the database holds every
    check, even those this process has (the build preparing them for the servers)."""
    keys: dict[int, str] = {}
    for v in views:
        c = v.checked
        if c.sources:
            keys[v.pk] = _key(c.title, list(c.paragraphs), list(c.sources), list(c.published), tz)
    known = {k: got for k in keys.values() if (got := FACTS.get(k)) is not None}
    wanted = set(keys.values()) if shared else set(keys.values()) - set(known)
    stored = derived.read_many(wanted) if wanted else {}
    made: dict[str, tuple[str, Any]] = {}
    for v in views:
        key = keys.get(v.pk)
        if key is None:
            v.unsupported = []
        else:
            got = known.get(key)
            if got is None and isinstance(stored.get(key), list):
                got = tuple(str(t) for t in stored[key])
            elif got is None:
                c = v.checked
                got = tuple(desk.unsupported(c.title, list(c.paragraphs), list(c.sources), list(c.published), tz=tz))
            if key in wanted and key not in stored:
                made[key] = (f"facts:item:{v.pk}", list(got))
            FACTS.put(key, got)
            v.unsupported = list(got)
        v.title_marked = desk.mark(v.title, v.unsupported)
        v.paragraphs_marked = [desk.mark(p, v.unsupported) for p in v.paragraphs]
    if made:
        derived.store_many(made)
