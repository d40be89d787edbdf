"""Results computed from the archive, kept in the database until what they depend on changes (issue 15).

A result is stored under a key that digests *everything it was computed from*: its arguments and a fingerprint
of the rows it read (for reports, which are only ever added, their count and highest id in the window read).
A change to any of them gives a new key, so a stale result is never read and nothing is invalidated by hand;
storing a result removes the older ones of the same scope. The table is shared by every server process and
kept across restarts, so a result is computed once per change of its data, not once per process or request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import DatabaseError, IntegrityError, connection, transaction

from zhoubao.archive.models import Derived

T = TypeVar("T")

__all__ = ["digest", "kept", "read_many", "store_many"]


def digest(*parts: Any) -> str:
    """A key for plain data (str, int, float, bool, None, and lists, tuples and dicts of them)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def kept(scope: str, key: str, make: Callable[[], T], *, dump: Callable[[T], Any] = lambda v: v,
         load: Callable[[Any], T] = lambda v: v) -> T:
    """The result stored under `key`, else `make()` stored under it (as `dump` gives it; `load` reads it back)."""
    row = Derived.objects.filter(key=key).values_list("value", flat=True).first()
    if row is not None:
        return load(row)
    # Read back as it is stored (JSON), so a result made now and one read later are the same.
    stored = json.loads(json.dumps(dump(make())))
    try:
        with transaction.atomic():
            Derived.objects.filter(scope=scope[:200]).exclude(key=key).delete()
            Derived.objects.create(key=key, scope=scope[:200], value=stored)
    except IntegrityError:  # another process stored the same result meanwhile: it is the same value
        pass
    return load(stored)


def read_many(keys: set[str]) -> dict[str, Any]:
    """The stored values of those of `keys` that are stored (one query)."""
    return dict(Derived.objects.filter(key__in=keys).values_list("key", "value"))


def store_many(values: dict[str, tuple[str, Any]]) -> None:
    """Store each key's (scope, value), dropping the older values of those scopes. A cache only, written from
    page views: when the database cannot take the write at once (on SQLite, another writer — a save — holds
    it), the values are not stored rather than the page made to wait; a later view stores them."""
    scopes = {scope[:200] for scope, _v in values.values()}
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    try:
        with _no_wait(sqlite), transaction.atomic():
            Derived.objects.filter(scope__in=scopes).exclude(key__in=values).delete()
            Derived.objects.bulk_create([Derived(key=k, scope=scope[:200], value=v) for k, (scope, v) in values.items()],
                                        ignore_conflicts=True)
    except DatabaseError:
        pass


@contextmanager
def _no_wait(sqlite: bool) -> Iterator[None]:
    """On SQLite, give up at once instead of waiting out the busy timeout when another connection writes."""
    if not sqlite:
        yield
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA busy_timeout")
        before = int(cur.fetchone()[0])
        cur.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA busy_timeout = {before}")
