"""An Atom 1.0 feed (RFC 4287) of published issues, built with the standard library's ElementTree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from zhoubao.render.text import clean_text

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
# Atom as the default namespace: <feed xmlns="…">, not <ns0:feed>.
ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Enclosure:
    """A file of the entry (rel="enclosure"): a published PDF, Word file …"""

    href: str
    media_type: str
    title: str
    length: int | None = None


@dataclass(frozen=True)
class FeedEntry:
    id: str  # a stable URL of the page: it never changes once published
    title: str
    link: str
    updated: datetime  # aware; written in its own zone
    summary: str
    published: datetime | None = None
    enclosures: Sequence[Enclosure] = field(default_factory=tuple)


def rfc3339(when: datetime) -> str:
    """2025-06-09T18:00:00+08:00: RFC 3339 with the offset of the time's zone (naive times are refused)."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("an Atom date needs a time zone")
    return when.isoformat(timespec="seconds")


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    el.text = clean_text(text) if tag != "summary" else "\n".join(clean_text(t) for t in text.split("\n"))
    return el


def _link(parent: ET.Element, href: str, rel: str, media_type: str = "", title: str = "",
          length: int | None = None) -> None:
    attrs = {"rel": rel, "href": href}
    if media_type:
        attrs["type"] = media_type
    if title:
        attrs["title"] = clean_text(title)
    if length is not None:
        attrs["length"] = str(length)
    ET.SubElement(parent, f"{{{ATOM}}}link", attrs)


def feed(*, feed_id: str, title: str, subtitle: str, author: str, self_url: str, html_url: str,
         updated: datetime, entries: Sequence[FeedEntry], generator: str = "zhoubao") -> bytes:
    """The feed as UTF-8 XML; entries are written in the order given (newest first by the caller)."""
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _text(root, "id", feed_id)
    _text(root, "title", title)
    if subtitle:
        _text(root, "subtitle", subtitle)
    _text(root, "updated", rfc3339(updated))
    _link(root, self_url, "self", "application/atom+xml")
    _link(root, html_url, "alternate", "text/html")
    who = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(who, "name", author)
    _text(root, "generator", generator)
    for e in entries:
        el = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(el, "id", e.id)
        _text(el, "title", e.title)
        _text(el, "updated", rfc3339(e.updated))
        if e.published is not None:
            _text(el, "published", rfc3339(e.published))
        _link(el, e.link, "alternate", "text/html")
        for enc in e.enclosures:
            _link(el, enc.href, "enclosure", enc.media_type, enc.title, enc.length)
        if e.summary:
            _text(el, "summary", e.summary, type="text")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data
