"""Text helpers shared by the renderers: inert report text, safe links, the masthead's date and number, the footer."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

from zhoubao.compose.document import IssueDoc, ItemDoc, ReportRef

# Characters that must never reach any output: C0/C1 controls (XML and PDF text cannot carry
# them, terminals act on them), bidi overrides/isolates (they disguise text), non-characters,
# lone surrogates. Tabs and line breaks inside one paragraph become spaces.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
_BREAKS = re.compile("[\t\n\r\x0b\x0c]+")


def clean_text(text: str) -> str:
    """Report text made inert for every renderer: no control, bidi or non-characters."""
    return _INVISIBLE.sub("", _BREAKS.sub(" ", text))


def safe_url(url: str) -> str | None:
    """The URL if it is a plain http(s) link with a host, else None (javascript:, file:, data: …)."""
    url = url.strip()
    if not url or _INVISIBLE.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _spaced(doc: IssueDoc, *parts: str) -> str:
    joiner = " " if doc.style.cjk_spacing == "space" else ""
    return joiner.join(parts)


def date_text(doc: IssueDoc) -> str:
    """``2025年6月9日`` (or ``2025 年 6 月 9 日`` in the spaced house style)."""
    d = doc.masthead.date
    return _spaced(doc, str(d.year), "年", str(d.month), "月", str(d.day), "日")


def number_text(doc: IssueDoc) -> str:
    """``第418期`` (or ``第 418 期``)."""
    return _spaced(doc, "第", str(doc.masthead.number), "期")


NAME_SEP = "、"  # between editors' / reviewers' names
LIST_SEP = "，"  # between 报/发 recipients (a recipient may itself contain 、)


def footer_lines(doc: IssueDoc) -> list[tuple[str, str]]:
    """The footer block as (label, value) pairs in print order, empty ones left out."""
    f = doc.footer
    pairs = [
        ("编辑部", clean_text(f.office)),
        ("责编", NAME_SEP.join(clean_text(n) for n in f.editors)),
        ("复核", NAME_SEP.join(clean_text(n) for n in f.reviewers)),
        ("注", clean_text(f.note)),
        ("报", LIST_SEP.join(clean_text(n) for n in f.report_to)),
        ("发", LIST_SEP.join(clean_text(n) for n in f.send_to)),
    ]
    return [(k, v) for k, v in pairs if v]


def item_sources(item: ItemDoc) -> list[ReportRef]:
    """Reports behind an item, first occurrence of each URL kept, in story order."""
    seen: set[str] = set()
    out: list[ReportRef] = []
    for story in item.stories:
        for ref in story.reports:
            if ref.url not in seen:
                seen.add(ref.url)
                out.append(ref)
    return out


def sources_html(item: ItemDoc, *, link_style: str = "") -> str:
    """``来源：新华网 · 人民网`` with links only for http(s) URLs."""
    parts: list[str] = []
    for ref in item_sources(item):
        outlet = escape(clean_text(ref.outlet) or "原文")
        url = safe_url(ref.url)
        if url:
            style = f' style="{link_style}"' if link_style else ""
            parts.append(f'<a href="{escape(url)}" rel="nofollow noopener noreferrer"{style}>{outlet}</a>')
        else:
            parts.append(outlet)
    return "来源：" + " · ".join(parts) if parts else ""
