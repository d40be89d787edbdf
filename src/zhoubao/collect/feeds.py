"""Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) from bytes to entries; bad feeds become values, not exceptions."""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import nh3


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


def parse_feed(content: bytes, url: str = "", content_type: str | None = None) -> FeedParse:
    """Parse a feed. JSON Feed by its shape; everything else through feedparser."""
    head = content.lstrip()[:1]
    if head in (b"{", b"["):
        return _parse_json_feed(content)
    import feedparser

    headers = {"content-location": url} if url else {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers)
    out = FeedParse(title=str(parsed.feed.get("title", "")))
    if parsed.get("bozo") and not parsed.entries:
        out.error = f"订阅源无法解析：{parsed.get('bozo_exception')!s}"[:300]
        return out
    if parsed.get("bozo"):
        out.warning = f"订阅源格式有误但已尽量读取：{parsed.get('bozo_exception')!s}"[:300]
    for e in parsed.entries:
        link = str(e.get("link", "") or "")
        guid = str(e.get("id", "") or link)
        published = _struct_to_dt(e.get("published_parsed") or e.get("updated_parsed"))
        summary = nh3.clean(str(e.get("summary", "") or ""))
        if link:
            out.entries.append(FeedEntry(link, guid, str(e.get("title", "")), published, summary,
                                         str(e.get("author", "") or "")))
    return out


def _parse_json_feed(content: bytes) -> FeedParse:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return FeedParse(error=f"JSON Feed 无法解析：{exc}")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return FeedParse(error="JSON Feed 缺少 items 列表")
    out = FeedParse(title=str(data.get("title", "")))
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        link = str(item.get("url") or item.get("external_url") or "")
        if not link:
            continue
        published = None
        raw = item.get("date_published") or item.get("date_modified")
        if isinstance(raw, str):
            try:
                published = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                published = None
        summary = nh3.clean(str(item.get("content_html") or item.get("summary") or item.get("content_text") or ""))
        author = item.get("authors", [{}])[0].get("name", "") if item.get("authors") else ""
        out.entries.append(FeedEntry(link, str(item.get("id") or link), str(item.get("title", "")),
                                     published, summary, str(author)))
    return out
