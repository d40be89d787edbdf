"""Dedupe: group reports into stories — exact fingerprints, MinHash-LSH over character shingles, title checks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from datasketch import MinHash, MinHashLSH

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


@dataclass(frozen=True)
class Doc:
    """What dedupe needs of a report (already normalized)."""

    key: int
    title: str
    text: str
    published: datetime | None
    fingerprint: str = ""


def _chars(text: str) -> str:
    return "".join(_KEEP.findall(text))


def shingles(text: str, k: int = 3) -> set[str]:
    s = _chars(text)
    return {s[i : i + k] for i in range(max(len(s) - k + 1, 1))} if s else set()


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _title_sim(a: str, b: str) -> float:
    return jaccard(shingles(a, 2), shingles(b, 2))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster(docs: Sequence[Doc], *, threshold: float = 0.5, num_perm: int = 64,
            max_days: float = 4.0) -> list[list[int]]:
    """Groups of indices into docs, each group one story; stable order (by first member)."""
    n = len(docs)
    uf = _UnionFind(n)
    by_fp: dict[str, int] = {}
    for i, d in enumerate(docs):
        if d.fingerprint:
            if d.fingerprint in by_fp:
                uf.union(by_fp[d.fingerprint], i)
            else:
                by_fp[d.fingerprint] = i
    # Body shingles over the lead (where rewrites of one release agree most), so a long tail does not dilute it.
    sets = [shingles(d.title + d.text[:600]) for d in docs]
    lsh = MinHashLSH(threshold=threshold * 0.8, num_perm=num_perm)
    hashes: list[MinHash] = []
    for i, s in enumerate(sets):
        m = MinHash(num_perm=num_perm, seed=7)
        m.update_batch([x.encode("utf-8") for x in s])
        hashes.append(m)
        lsh.insert(str(i), m)
    for i in range(n):
        for key in lsh.query(hashes[i]):
            j = int(key)
            if j <= i or uf.find(i) == uf.find(j):
                continue
            if not _close_in_time(docs[i], docs[j], max_days):
                continue
            if jaccard(sets[i], sets[j]) >= threshold:
                uf.union(i, j)
    # Same headline told by two outlets with different bodies: near-identical titles on nearby days.
    for i in range(n):
        for j in range(i + 1, n):
            if uf.find(i) != uf.find(j) and _close_in_time(docs[i], docs[j], max_days) \
                    and _title_sim(docs[i].title, docs[j].title) >= 0.8:
                uf.union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _close_in_time(a: Doc, b: Doc, max_days: float) -> bool:
    if a.published is None or b.published is None:
        return True
    return abs((a.published - b.published).total_seconds()) <= max_days * 86400
