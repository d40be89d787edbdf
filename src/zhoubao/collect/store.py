"""Storing reports: each in its own transaction, once per URL (or source and guid), with what went wrong flagged;
and reports from local files."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from django.db import IntegrityError, transaction

from zhoubao.archive.models import Report, Source
from zhoubao.collect.extract import Extracted, extract_text_file

FILE_SUFFIXES = (".html", ".htm", ".txt", ".md", ".docx", ".pdf", ".eml")


def fingerprint(title: str, text: str) -> str:
    return hashlib.sha1("".join((title + text).split()).encode("utf-8")).hexdigest()


def store(ex: Extracted, *, url: str, source: Source | None, guid: str = "",
          published: datetime | None = None, outlet_kind: str = "") -> Report | None:
    """Store one report in its own transaction; None when it is already stored (by URL or source+guid).

    `published` is a structured date from the feed or news sitemap; it wins over a date found on the page.
    """
    flags: list[str] = []
    if ex.encoding == "feed":
        flags.append("text_from_feed: 正文取自订阅源，网页未能读取")
    elif not ex.encoding_clean:
        flags.append(f"encoding: {ex.encoding_note or 'decoded with replacement characters'}")
    when = published or ex.published
    if when is None:
        flags.append("no_date: 页面没有可识别的发布时间")
    if not ex.text.strip():
        flags.append("no_text: 未能提取正文")
    try:
        with transaction.atomic():
            return Report.objects.create(
                source=source, url=url[:2000], guid=guid[:2000],
                outlet=(ex.outlet or (source.name if source else ""))[:200],
                outlet_kind=(outlet_kind or (source.outlet_kind if source else ""))[:32],
                title=(ex.title or url)[:1000], author=ex.author[:200], published=when, text=ex.text,
                html=ex.html, encoding=ex.encoding[:32], flags=flags, fingerprint=fingerprint(ex.title, ex.text),
            )
    except IntegrityError:
        return None


def iter_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*"))
                       if p.is_file() and p.suffix.lower() in FILE_SUFFIXES and not p.name.startswith((".", "~$")))
        elif path.is_file():
            out.append(path)
    return out


def collect_files(paths: Iterable[Path], *, tz: str, source: Source | None = None) -> list[Report | None]:
    """Store reports from local files (.html .htm .txt .md .docx .pdf .eml), once per file path."""
    out: list[Report | None] = []
    for path in iter_files(paths):
        url = path.resolve().as_uri()
        if Report.objects.filter(url=url).exists():
            out.append(None)
            continue
        ex = extract_text_file(path, tz=tz)
        out.append(store(ex, url=url, source=source))
    return out
