"""The Atom writer on its own: required elements, RFC 3339 times in the given zone, text kept as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest

from zhoubao.deliver import atom

A = "{http://www.w3.org/2005/Atom}"
TZ = ZoneInfo("Asia/Shanghai")


def _feed(entries: list[atom.FeedEntry]) -> bytes:
    return atom.feed(feed_id="https://w.example.org/archive/", title="周报\x07", subtitle="协会",
                     author="协会", self_url="https://w.example.org/archive/feed.atom",
                     html_url="https://w.example.org/archive/", updated=datetime(2025, 6, 9, 18, 5, tzinfo=TZ),
                     entries=entries)


def test_required_elements_and_times() -> None:
    e = atom.FeedEntry(id="https://w.example.org/archive/1/", title="第1期", link="https://w.example.org/archive/1/",
                       updated=datetime(2025, 6, 9, 18, 5, 7, 123456, tzinfo=TZ), summary="一\n二 <b>&",
                       enclosures=[atom.Enclosure("https://w.example.org/archive/1/files/1.pdf", "application/pdf",
                                                  "PDF", 1234)])
    data = _feed([e])
    root = ET.fromstring(data)
    assert root.tag == f"{A}feed" and data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=")
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{tag}") is not None, tag
    assert root.findtext(f"{A}title") == "周报"  # a control character never reaches the XML
    entry = root.find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}updated") == "2025-06-09T18:05:07+08:00"
    assert entry.findtext(f"{A}summary") == "一\n二 <b>&"
    parsed = feedparser.parse(data)
    assert not parsed.bozo and parsed.version == "atom10"
    assert parsed.entries[0].enclosures[0].length == "1234"


def test_a_time_without_zone_is_refused() -> None:
    e = atom.FeedEntry(id="x", title="t", link="https://w.example.org/", updated=datetime(2025, 6, 9), summary="")
    with pytest.raises(ValueError):
        _feed([e])
