"""Storing reports: each in its own transaction, once per URL (or source and guid), with what went wrong flagged;
and reports from local files."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import IntegrityError, transaction

from zhoubao.archive.models import Report, Source
from zhoubao.collect.extract import Extracted
from zhoubao.collect.feedworker import WorkerPool
from zhoubao.collect.limited import FileRefused, read_limited

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


@dataclass
class FileOutcome:
    """What became of one local file: stored ("new"), already stored ("known"), or refused with its reason."""

    path: Path
    status: str
    reason: str = ""
    report: Report | None = None


def iter_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """The readable files under the paths (folders walked), and the entries refused on the way: links that lead
    out of their folder (a link to a home's secret must not become a report)."""
    out: list[Path] = []
    refused: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for p in sorted(path.rglob("*")):
                if p.name.startswith((".", "~$")) or p.suffix.lower() not in FILE_SUFFIXES:
                    continue
                try:
                    real = p.resolve(strict=True)
                except (OSError, RuntimeError):
                    refused.append(FileOutcome(p, "refused", "链接指向的文件不存在"))
                    continue
                if not real.is_relative_to(root):
                    refused.append(FileOutcome(p, "refused", "链接指向目录之外，未读取"))
                    continue
                if real.is_file():
                    out.append(p)
        elif path.is_file():
            out.append(path)
    return out, refused


def collect_files(paths: Iterable[Path], *, tz: str, pool: WorkerPool, max_bytes: int,
                  source: Source | None = None) -> list[FileOutcome]:
    """Store reports from local files (.html .htm .txt .md .docx .pdf .eml), once per file path, each read in a
    worker under its limits. A file that cannot be read is refused with its reason and not stored: when a good
    copy arrives at the same path it is read then."""
    files, out = iter_files(paths)
    for path in files:
        url = path.resolve().as_uri()
        if Report.objects.filter(url=url).exists():
            out.append(FileOutcome(path, "known"))
            continue
        try:
            ex = read_limited(path, tz=tz, pool=pool, max_bytes=max_bytes)
        except FileRefused as exc:
            out.append(FileOutcome(path, "refused", str(exc)))
            continue
        report = store(ex, url=url, source=source)
        out.append(FileOutcome(path, "new" if report is not None else "known", report=report))
    return out
