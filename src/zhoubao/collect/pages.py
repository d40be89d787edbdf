"""Listing pages and sitemaps: find the article links a source points to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from zhoubao.collect.urls import canonical

# Paths that are site furniture, not articles.
_NOT_ARTICLE = re.compile(
    r"(/|^)(index|default|list|about|contact|search|login|register|sitemap|rss|feed|tags?|category|"
    r"channel|column|node|help|copyright|privacy|mobile)([._/-]|$)",
    re.I,
)
_ARTICLE_HINT = re.compile(r"(\d{4}[-/]?\d{2}|/\d{5,}|art_\d+|content_\d+|t\d{8}_\d+|/a/|/article|/news/|/p/)", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    published: datetime | None = None


def listing_links(html: str, base_url: str, *, pattern: str = "", selector: str = "") -> list[Link]:
    """Article links of a listing page: by CSS selector and/or URL regex when set, else by heuristics."""
    try:
        doc = lxml.html.fromstring(html or "<html/>")
    except (lxml.etree.ParserError, ValueError):
        return []
    anchors = doc.cssselect(selector) if selector else doc.iter("a")
    base_host = urlsplit(base_url).netloc.lower()
    rx = re.compile(pattern) if pattern else None
    seen: set[str] = set()
    out: list[Link] = []
    for a in anchors:
        if a.tag != "a":
            a = next(a.iter("a"), None)  # a selector may point at the list item
            if a is None:
                continue
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = canonical(href, base_url)
        if not url.startswith(("http://", "https://")) or url in seen or url == canonical(base_url):
            continue
        text = " ".join(a.text_content().split())
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
    cjk = len(_CJK.findall(text))
    # A headline-length anchor text is the strongest sign; a dated or numbered path the next.
    return cjk >= 8 or (bool(_ARTICLE_HINT.search(path)) and cjk >= 4)


_SM_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


@dataclass(frozen=True)
class SitemapParse:
    urls: list[Link]
    children: list[str]  # nested sitemaps (sitemap index)
    error: str = ""


def parse_sitemap(content: bytes, base_url: str) -> SitemapParse:
    """URLs (with news:publication_date when given) and child sitemaps of a sitemap or sitemap index."""
    from zhoubao.text.dates import parse_datetime

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = lxml.etree.fromstring(content, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        return SitemapParse([], [], f"站点地图无法解析：{exc}")
    if root is None:
        return SitemapParse([], [], "站点地图为空")
    children = [canonical(t.strip(), base_url) for t in root.xpath("//sm:sitemap/sm:loc/text()", namespaces=_SM_NS)]
    urls = []
    for node in root.xpath("//sm:url", namespaces=_SM_NS):
        loc = node.xpath("string(sm:loc)", namespaces=_SM_NS).strip()
        if not loc:
            continue
        title = node.xpath("string(news:news/news:title)", namespaces=_SM_NS).strip()
        date = node.xpath("string(news:news/news:publication_date)", namespaces=_SM_NS).strip() or \
            node.xpath("string(sm:lastmod)", namespaces=_SM_NS).strip()
        urls.append(Link(canonical(loc, base_url), title, parse_datetime(date) if date else None))
    return SitemapParse(urls, children)
