"""Listing pages and sitemaps: find the article links a source points to."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from zhoubao.net.url import canonical
from zhoubao.text.cjk import HAN_CHAR

# Paths that are site furniture, not articles.
_NOT_ARTICLE = re.compile(
    r"(/|^)(index|default|list|about|contact|search|login|register|sitemap|rss|feed|tags?|category|"
    r"channel|column|node|help|copyright|privacy|mobile)([._/-]|$)",
    re.I,
)
_ARTICLE_HINT = re.compile(r"(\d{4}[-/]?\d{2}|/\d{5,}|art_\d+|content_\d+|t\d{8}_\d+|/a/|/article|/news/|/p/)", re.I)
_SKIP_HREF = ("#", "javascript:", "mailto:", "tel:", "data:", "about:")
_NOT_PAGE = re.compile(r"\.(jpe?g|png|gif|webp|svg|ico|css|js|zip|rar|7z|exe|apk|mp[34]|avi|mov|flv)$", re.I)

MAX_SITEMAP_URLS = 50_000  # the sitemaps protocol's own limit per file
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # uncompressed, also the protocol's limit


class RuleError(ValueError):
    """A per-source CSS selector or URL pattern that cannot be used; the message says why."""


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    published: datetime | None = None  # publication date (news sitemap)
    lastmod: datetime | None = None  # last change (sitemap lastmod): ordering only, not a publication date


def url_pattern(pattern: str) -> Any:
    """A source's URL pattern compiled by RE2, whose matching time is linear in the URL's length whatever the
    pattern (Python's re backtracks: `/a/(\\d+)+$` against a long digit link would run for hours)."""
    import re2

    options = re2.Options()
    options.log_errors = False  # the refusal below is the one line an editor sees
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        why = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise RuleError(f"pattern 不是有效的正则表达式，或用了不支持的写法（回溯引用、环视）：{why}") from None


def check_rules(pattern: str = "", selector: str = "") -> None:
    """Raise RuleError when a source's pattern or selector does not compile."""
    if pattern:
        url_pattern(pattern)
    if selector:
        from cssselect import SelectorError
        from lxml.cssselect import CSSSelector

        try:
            CSSSelector(selector)
        except (SelectorError, ValueError) as exc:
            raise RuleError(f"selector 不是有效的 CSS 选择器：{exc}") from None


def listing_links(html: str, base_url: str, *, pattern: str = "", selector: str = "") -> list[Link]:
    """Article links of a listing page: by CSS selector and/or URL regex when set, else by heuristics.

    Raises RuleError for a selector or pattern that does not compile.
    """
    check_rules(pattern, selector)
    try:
        doc = lxml.html.fromstring(html or "<html/>")
    except (lxml.etree.ParserError, ValueError):
        return []
    base = doc.xpath("string(//base/@href)").strip() if doc is not None else ""
    base_url = canonical(base, base_url) if base else base_url
    anchors = doc.cssselect(selector) if selector else doc.iter("a")
    base_host = urlsplit(base_url).netloc.lower()
    rx = url_pattern(pattern) if pattern else None
    seen: set[str] = set()
    out: list[Link] = []
    self_url = canonical(base_url)
    for a in anchors:
        if not isinstance(a.tag, str):
            continue  # comments, processing instructions
        if a.tag != "a":
            a = next(a.iter("a"), None)  # a selector may point at the list item
            if a is None:
                continue
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_HREF):
            continue
        url = canonical(href, base_url)
        if not url.lower().startswith(("http://", "https://")) or url in seen or url == self_url:
            continue
        if _NOT_PAGE.search(urlsplit(url).path):
            continue
        text = " ".join(a.text_content().split())[:1000]
        if rx is not None:
            if not rx.search(url):
                continue
        elif not selector and not _looks_like_article(url, text, base_host):
            continue
        seen.add(url)
        out.append(Link(url, text))
    return out


def _looks_like_article(url: str, text: str, base_host: str) -> bool:
    parts = urlsplit(url)
    if parts.netloc.lower() != base_host:
        return False
    path = parts.path
    if _NOT_ARTICLE.search(path) and not _ARTICLE_HINT.search(path):
        return False
    cjk = len(HAN_CHAR.findall(text))
    # A headline-length anchor text is the strongest sign; a dated or numbered path the next.
    return cjk >= 8 or (bool(_ARTICLE_HINT.search(path)) and cjk >= 4)


@dataclass(frozen=True)
class SitemapParse:
    urls: list[Link]
    children: list[str] = field(default_factory=list)  # nested sitemaps (sitemap index), newest first
    error: str = ""


def _gunzip(content: bytes) -> bytes:
    """A gzipped sitemap (sitemap.xml.gz, served without Content-Encoding), inflated up to the cap."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(content, MAX_SITEMAP_BYTES + 1)
    if len(out) > MAX_SITEMAP_BYTES:
        raise ValueError(f"解压后超过 {MAX_SITEMAP_BYTES} 字节")
    return out


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(content: bytes, base_url: str, *, tz: str) -> SitemapParse:
    """URLs (with news:publication_date when given) and child sitemaps of a sitemap or sitemap index.

    Namespaces are matched loosely (by local name), since many sites get them wrong; never raises.
    """
    from zhoubao.text.dates import parse_datetime

    if content[:2] == b"\x1f\x8b":
        try:
            content = _gunzip(content)
        except (zlib.error, ValueError) as exc:
            return SitemapParse([], [], f"站点地图无法解压：{exc}")
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True,
                                  load_dtd=False)
    try:
        root = lxml.etree.fromstring(content, parser=parser)
    except (lxml.etree.XMLSyntaxError, ValueError) as exc:
        return SitemapParse([], [], f"站点地图无法解析：{exc}")
    if root is None:
        return SitemapParse([], [], "站点地图为空或无法解析")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        return SitemapParse([], [], f"不是站点地图（根元素 <{kind or '?'}>）")

    def date(text: str) -> datetime | None:
        try:
            return parse_datetime(text, tz=tz) if text else None
        except Exception:  # a date we cannot read is no date
            return None

    children: list[tuple[datetime | None, str]] = []
    urls: list[Link] = []
    for node in root:
        name = _local(node.tag)
        if name not in ("url", "sitemap"):
            continue
        fields: dict[str, str] = {}
        for child in node.iter():
            local = _local(child.tag)
            if local in ("loc", "lastmod", "publication_date", "title") and local not in fields:
                fields[local] = (child.text or "").strip()
        loc = fields.get("loc", "")
        if not loc:
            continue
        url = canonical(loc, base_url)
        if name == "sitemap":
            children.append((date(fields.get("lastmod", "")), url))
            continue
        if len(urls) >= MAX_SITEMAP_URLS:
            break
        urls.append(Link(url, fields.get("title", "")[:1000], date(fields.get("publication_date", "")),
                         date(fields.get("lastmod", ""))))
    children.sort(key=lambda c: c[0].timestamp() if c[0] else float("-inf"), reverse=True)
    if not urls and not children and len(parser.error_log):
        # recover=True reads what it can; a broken document that yielded nothing is an error, not "no news".
        return SitemapParse([], [], f"站点地图无法解析：{parser.error_log[0].message}"[:300])
    return SitemapParse(urls, [u for _, u in children])


# -- the same, as the worker process answers them (collect/feedworker.py: plain data, under its limits) ----------

def listing_result(content: bytes, url: str, *, content_type: str | None, pattern: str,
                   selector: str) -> dict[str, Any]:
    """A listing page's article links as [url, text] pairs; RuleError propagates (the worker names it)."""
    from zhoubao.collect.encoding import decode_bytes

    html = decode_bytes(content, content_type).text
    return {"links": [[link.url, link.text] for link in listing_links(html, url, pattern=pattern,
                                                                       selector=selector)]}


def sitemap_result(content: bytes, url: str, *, tz: str, keep: int = 0) -> dict[str, Any]:
    """A sitemap's links (the newest `keep` when keep > 0) and child sitemaps, as plain data."""
    got = parse_sitemap(content, url, tz=tz)
    links = got.urls
    if keep > 0 and len(links) > keep:
        def when(link: Link) -> float:
            d = link.published or link.lastmod
            return d.timestamp() if d else float("-inf")

        links = sorted(links, key=when, reverse=True)[:keep]
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {"urls": [[lk.url, lk.text, iso(lk.published), iso(lk.lastmod)] for lk in links],
            "children": list(got.children), "error": got.error, "total": len(got.urls)}


def sitemap_from_result(data: dict[str, Any]) -> SitemapParse:
    def dt(v: Any) -> datetime | None:
        try:
            return datetime.fromisoformat(v) if v else None
        except (TypeError, ValueError):
            return None

    urls = [Link(str(u[0]), str(u[1]), dt(u[2]), dt(u[3])) for u in data.get("urls") or []]
    return SitemapParse(urls, [str(c) for c in data.get("children") or []], str(data.get("error") or ""))
