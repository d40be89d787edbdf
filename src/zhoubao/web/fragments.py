"""Rendered pieces of the issue page, cached by what they show.

The issue page repeats one partial per item and per candidate; rendering them is most of the page's cost.
A cached piece is keyed by a digest of *everything its template can read*: the template is rendered from
plain data only (no model instances, no request, no context processors), so a change to anything shown
— an item's text, a report, a comment, the issue's version or state, the user's right to edit — gives a
new key. Nothing is ever invalidated by hand and nothing stale can be served; old entries just age out.

The CSRF token differs per visitor, so pieces are rendered with a placeholder that is replaced by the
request's token on the way out. The placeholder contains ``<``: page text is autoescaped, so no user text
can ever contain it.

The cache is per process and bounded in entries and bytes; behind it, the pieces of a page are also kept in the
database (zhoubao.app.derived's table, one row per piece, the older versions of a piece dropped as a new one is
stored), so a piece rendered by one server process is read, not rendered again, by the others (issue 15's
bench: 4 processes each rendered every issue's 30 items once). The key also digests the desk's templates
themselves, so a piece stored by an older version of the desk is never read by a newer one.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from zhoubao.app import derived

V = TypeVar("V")

CSRF_PLACEHOLDER = mark_safe("<zb-csrf-token>")


class LRU(Generic[V]):
    """A small thread-safe least-recently-used map bounded by entry count and total size."""

    def __init__(self, max_entries: int, max_bytes: int = 0, size: Callable[[V], int] = lambda _v: 1) -> None:
        self.max_entries, self.max_bytes, self._size = max_entries, max_bytes, size
        self._data: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            got = self._data.get(key)
            if got is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return got[0]

    def put(self, key: Hashable, value: V) -> None:
        n = self._size(value)
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._data[key] = (value, n)
            self._bytes += n
            while len(self._data) > self.max_entries or (self.max_bytes and self._bytes > self.max_bytes
                                                         and len(self._data) > 1):
                _k, (_v, m) = self._data.popitem(last=False)
                self._bytes -= m

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        got = self.get(key)
        if got is None:
            got = make()  # outside the lock: two threads may both make it, which is harmless
            self.put(key, got)
        return got

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._data)


# About 6 KB per item piece: 64 MB holds every item of a few hundred issues, per worker process.
PIECES: LRU[str] = LRU(20_000, 64 * 1024 * 1024, size=len)


def digest(*parts: Any) -> str:
    """A key for plain data (str, int, float, bool, None, datetime, and lists, tuples and dicts of them)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _templates_digest() -> str:
    """A digest of the desk's template files (read once per process): a stored piece is of these templates."""
    root = Path(__file__).resolve().parent / "templates"
    h = hashlib.blake2b(digest_size=20)
    for f in sorted(root.rglob("*.html")):
        h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


_TEMPLATES: list[str] = []


def _key(template_name: str, data: dict[str, Any]) -> str:
    if not _TEMPLATES:
        _TEMPLATES.append(_templates_digest())
    # Dates are shown in the current time zone, links under the current script prefix: both are part of it.
    return digest(_TEMPLATES[0], template_name, timezone.get_current_timezone_name(), get_script_prefix(),
                  get_language(), data)


def render_piece(template_name: str, data: dict[str, Any]) -> SafeString:
    """Render a partial from plain data, or return it from the cache; the CSRF token is still a placeholder."""
    return render_pieces(template_name, [(data, "")])[0]


def render_pieces(template_name: str, pieces: list[tuple[dict[str, Any], str]], *,
                  shared: bool = False) -> list[SafeString]:
    """Render partials from plain data, each from the process's cache, else from the database's (one query for
    all), else rendered and stored in both. Each piece comes with the name of what it shows (e.g. "item:12"):
    storing a piece drops the older pieces of that name ("" : kept in this process only). `shared`: make sure the
    database holds every named piece, even those this process has (the build preparing them for the servers)."""
    keys = [_key(template_name, data) for data, _name in pieces]
    out: list[str | None] = [PIECES.get(k) for k in keys]
    wanted = {k for k, got, (_d, name) in zip(keys, out, pieces, strict=True) if (got is None or shared) and name}
    stored = derived.read_many(wanted) if wanted else {}
    made: dict[str, tuple[str, str]] = {}  # key → (name, html) to store
    for n, (key, (data, name)) in enumerate(zip(keys, pieces, strict=True)):
        if out[n] is not None:
            if shared and name and key in wanted and key not in stored:
                made[key] = (f"piece:{template_name}:{name}", str(out[n]))
            continue
        html = stored.get(key)
        if not isinstance(html, str):
            html = str(get_template(template_name).render({**data, "csrf_token": CSRF_PLACEHOLDER}))
            if name:
                made[key] = (f"piece:{template_name}:{name}", html)
        PIECES.put(key, html)
        out[n] = html
    if made:
        derived.store_many(made)
    return [mark_safe(html or "") for html in out]


def with_token(request: Any, html: str) -> SafeString:
    """Put the request's CSRF token where the cached pieces hold the placeholder."""
    if CSRF_PLACEHOLDER not in html:
        return mark_safe(html)
    token = getattr(request, "_zhoubao_csrf_token", None)
    if token is None:  # one masked token per request, as {% csrf_token %} gives one per rendered page
        token = request._zhoubao_csrf_token = get_token(request)
    return mark_safe(html.replace(CSRF_PLACEHOLDER, token))
