"""Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) from bytes to entries; bad feeds become values, not exceptions.

Runs inside a worker process (see feedworker.py) under a CPU-time limit; the HTML of summaries
is sanitized with nh3 before it leaves.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import nh3

from zhoubao.net.url import canonical

# feedparser's complaints about headers, not about the feed: not worth showing an editor.
_BENIGN = frozenset({"NonXMLContentType", "CharacterEncodingOverride"})
MAX_ENTRIES = 1000  # a feed with more entries is cut here (newest first is the feed's own order)


@dataclass(frozen=True)
class FeedEntry:
    link: str
    guid: str
    title: str
    published: datetime | None
    summary_html: str  # sanitized
    author: str = ""


@dataclass
class FeedParse:
    title: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    error: str = ""  # "" when the feed was usable (possibly with recoverable problems)
    warning: str = ""


def _struct_to_dt(value: object) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _text(value: object, limit: int = 2000) -> str:
    return " ".join(str(value or "").split())[:limit]


def _http_link(link: str, base: str) -> str:
    """The absolute, canonical link, or "" when it is not an http(s) link."""
    link = (link or "").strip()
    if not link:
        return ""
    url = canonical(link, base or None)
    return url if url.lower().startswith(("http://", "https://")) else ""


def parse_feed(content: bytes, url: str = "", content_type: str | None = None, *, tz: str) -> FeedParse:
    """Parse a feed. JSON Feed by its shape; everything else through feedparser. Never raises.

    A date written without a zone ("2025-06-03 10:00:00", common on Chinese sites) is read in `tz`.
    """
    try:
        head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if head in (b"{", b"["):
            return _parse_json_feed(content, url, tz)
        return _parse_xml_feed(content, url, content_type, tz)
    except Exception as exc:  # the parser's own bug on hostile input is still this feed's problem
        return FeedParse(error=f"订阅源无法解析：{type(exc).__name__}: {exc}"[:300])


_ZONE = re.compile(r"(z|gmt|utc|ut|[+-]\d{2}:?\d{2}|\b[a-z]{3,4}t)\s*$", re.I)


def _zoned(value: datetime | None, raw: object, tz: str) -> datetime | None:
    """feedparser reads a zoneless date as UTC; such dates on Chinese sites are local time."""
    if value is None or not isinstance(raw, str) or not raw.strip() or _ZONE.search(raw.strip()):
        return value
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError):
        return value
    return value.replace(tzinfo=zone).astimezone(UTC)


def _parse_xml_feed(content: bytes, url: str, content_type: str | None, tz: str) -> FeedParse:
    import feedparser

    if not content.strip():
        return FeedParse(error="订阅源为空")
    headers = {"content-location": url} if url else {}
    if content_type:
        headers["content-type"] = content_type
    # No network from here: feedparser would fetch a URL given as a string; bytes are parsed as-is.
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    out = FeedParse(title=_text(parsed.feed.get("title", ""), 500))
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        out.error = f"不是可识别的订阅源{f'：{why!s}' if why else ''}"[:300]
        return out
    if parsed.get("bozo") and not parsed.entries:
        out.error = f"订阅源无法解析：{parsed.get('bozo_exception')!s}"[:300]
        return out
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and type(problem).__name__ not in _BENIGN:
        out.warning = f"订阅源格式有误但已尽量读取：{problem!s}"[:300]
    for e in parsed.entries[:MAX_ENTRIES]:
        raw_link = str(e.get("link", "") or "")
        guid = _text(e.get("id", ""), 2000)
        if not raw_link and guid.lower().startswith(("http://", "https://")):
            raw_link = guid  # RSS <guid isPermaLink="true"> without <link>
        link = _http_link(raw_link, url)
        if not link:
            continue
        if e.get("published_parsed"):
            published = _zoned(_struct_to_dt(e.get("published_parsed")), e.get("published"), tz)
        else:
            published = _zoned(_struct_to_dt(e.get("updated_parsed")), e.get("updated"), tz)
        summary = str(e.get("summary", "") or "")
        if not summary and e.get("content"):
            summary = str(e["content"][0].get("value", "") or "")
        out.entries.append(FeedEntry(link, guid or link, _text(e.get("title", ""), 1000), published,
                                     nh3.clean(summary), _text(e.get("author", ""), 200)))
    return out


def _parse_json_feed(content: bytes, url: str, tz: str) -> FeedParse:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        return FeedParse(error=f"JSON Feed 无法解析：{exc}"[:300])
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return FeedParse(error="JSON Feed 缺少 items 列表")
    out = FeedParse(title=_text(data.get("title", ""), 500))
    version = str(data.get("version", ""))
    if version and "jsonfeed.org" not in version:
        out.warning = f"未知的 JSON Feed 版本：{version[:100]}"
    for item in data["items"][:MAX_ENTRIES]:
        if not isinstance(item, dict):
            continue
        link = _http_link(str(item.get("url") or item.get("external_url") or ""), url)
        if not link:
            continue
        published = None
        raw = item.get("date_published") or item.get("date_modified")
        if isinstance(raw, str):
            try:
                published = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
            except ValueError:
                published = None
            if published is not None and published.tzinfo is None:
                try:
                    published = published.replace(tzinfo=ZoneInfo(tz))
                except (KeyError, ValueError):
                    published = published.replace(tzinfo=UTC)
        html = item.get("content_html") or item.get("summary") or item.get("content_text") or ""
        out.entries.append(FeedEntry(link, _text(item.get("id") or link, 2000), _text(item.get("title", ""), 1000),
                                     published, nh3.clean(str(html)), _json_author(item)))
    return out


def _json_author(item: dict[str, Any]) -> str:
    authors = item.get("authors")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        return _text(authors[0].get("name", ""), 200)
    author = item.get("author")  # JSON Feed 1.0
    if isinstance(author, dict):
        return _text(author.get("name", ""), 200)
    return ""
