"""The collect stage: poll sources, fetch new articles, extract and store each report on its own."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhoubao.archive.models import Report, Source
from zhoubao.collect.extract import Extracted, extract, extract_text_file
from zhoubao.collect.feeds import parse_feed
from zhoubao.collect.fetch import Fetcher, FetchError, FetchPolicy
from zhoubao.collect.pages import Link, listing_links, parse_sitemap
from zhoubao.collect.urls import canonical
from zhoubao.conf.settings import Settings

FILE_SUFFIXES = (".html", ".htm", ".txt", ".md", ".docx", ".pdf", ".eml")


@dataclass
class SourceResult:
    source: str
    new: int = 0
    seen: int = 0
    failed: int = 0
    unchanged: bool = False
    error: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class CollectSummary:
    results: list[SourceResult] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.results if r.error)


Progress = Callable[[str], None]


def policy_for(settings: Settings) -> FetchPolicy:
    f = settings.raw["fetch"]
    return FetchPolicy(
        allow=settings.fetch_allow,
        user_agent=f["user_agent"],
        timeout=float(f["timeout"]),
        max_bytes=int(f["max_bytes"]),
        max_redirects=int(f["max_redirects"]),
    )


def fingerprint(title: str, text: str) -> str:
    return hashlib.sha1("".join((title + text).split()).encode("utf-8")).hexdigest()


def store(ex: Extracted, *, url: str, source: Source | None, guid: str = "",
          published: datetime | None = None, outlet_kind: str = "") -> Report | None:
    """Store one report in its own transaction; None when it is already stored (by URL or source+guid)."""
    flags: list[str] = []
    if not ex.encoding_clean:
        flags.append(f"encoding: {ex.encoding_note or 'decoded with replacement characters'}")
    when = ex.published or published
    if when is None:
        flags.append("no_date: 页面没有可识别的发布时间")
    if not ex.text.strip():
        flags.append("no_text: 未能提取正文")
    try:
        with transaction.atomic():
            return Report.objects.create(
                source=source, url=url, guid=guid[:2000], outlet=(ex.outlet or (source.name if source else ""))[:200],
                outlet_kind=outlet_kind or (source.outlet_kind if source else ""), title=(ex.title or url)[:1000],
                author=ex.author[:200], published=when, text=ex.text, html=ex.html,
                encoding=ex.encoding[:32], flags=flags, fingerprint=fingerprint(ex.title, ex.text),
            )
    except IntegrityError:
        return None


def _known(source: Source, url: str, guid: str) -> bool:
    if Report.objects.filter(url=url).exists():
        return True
    return bool(guid) and Report.objects.filter(source=source, guid=guid).exists()


class Collector:
    """Runs the collect stage over sources with one guarded fetcher."""

    def __init__(self, settings: Settings, *, fetcher: Fetcher | None = None, progress: Progress | None = None):
        self.settings = settings
        self.fetcher = fetcher or Fetcher(policy_for(settings))
        self.progress = progress or (lambda _msg: None)
        self.tz = settings.timezone
        self.max_items = int(settings.raw["collect"]["max_items_per_source"])
        self.disable_after = int(settings.raw["collect"]["disable_after"])

    def close(self) -> None:
        self.fetcher.close()

    def run(self, sources: Iterable[Source]) -> CollectSummary:
        summary = CollectSummary()
        for source in sources:
            self.progress(source.name)
            summary.results.append(self.collect_source(source))
        return summary

    def collect_source(self, source: Source) -> SourceResult:
        result = SourceResult(source=source.name)
        try:
            handler = {"feed": self._feed, "listing": self._listing, "page": self._page,
                       "sitemap": self._sitemap, "files": self._files}[source.kind]
            handler(source, result)
        except FetchError as exc:
            result.error = str(exc)
        self._record(source, result)
        return result

    # -- polling state ------------------------------------------------------------------------

    def _record(self, source: Source, result: SourceResult) -> None:
        now = timezone.now()
        source.last_checked = now
        if result.error:
            source.error_count += 1
            source.last_error = result.error[:1000]
            # Exponential back-off so a broken source is not hammered; disabled after N failures in a row.
            source.next_check = now + timedelta(minutes=min(15 * 2 ** (source.error_count - 1), 24 * 60))
            if source.error_count >= self.disable_after:
                source.enabled = False
                source.disabled_reason = f"连续 {source.error_count} 次失败：{result.error}"[:500]
        else:
            source.error_count = 0
            source.last_error = ""
            source.last_success = now
            source.next_check = now + timedelta(hours=1)
        source.save()

    # -- kinds ----------------------------------------------------------------------------------

    def _article(self, source: Source, url: str, result: SourceResult, *, guid: str = "",
                 published: datetime | None = None, title_hint: str = "") -> None:
        url = canonical(url)
        if _known(source, url, guid):
            result.seen += 1
            return
        try:
            got = self.fetcher.get(url)
        except FetchError as exc:
            result.failed += 1
            result.notes.append(f"{url}: {exc}")
            return
        ex = extract(got.content, got.url, content_type=got.headers.get("content-type"), tz=self.tz)
        if not ex.title and title_hint:
            ex.title = title_hint
        report = store(ex, url=url, source=source, guid=guid, published=published)
        if report is None:
            result.seen += 1
        else:
            result.new += 1

    def _feed(self, source: Source, result: SourceResult) -> None:
        got = self.fetcher.get(source.url, etag=source.etag or None, last_modified=source.last_modified or None)
        if got.not_modified:
            result.unchanged = True
            return
        parsed = parse_feed(got.content, got.url, got.headers.get("content-type"))
        if parsed.error:
            result.error = parsed.error
            return
        if parsed.warning:
            result.notes.append(parsed.warning)
        entries = sorted(parsed.entries, key=lambda e: e.published or datetime.min.replace(tzinfo=UTC),
                         reverse=True)[: self.max_items]
        for entry in entries:
            self._article(source, entry.link, result, guid=entry.guid, published=entry.published,
                          title_hint=entry.title)
        source.etag = got.headers.get("etag", "")[:500]
        source.last_modified = got.headers.get("last-modified", "")[:100]

    def _listing(self, source: Source, result: SourceResult) -> None:
        got = self.fetcher.get(source.url)
        from zhoubao.collect.encoding import decode_bytes

        html = decode_bytes(got.content, got.headers.get("content-type")).text
        links = listing_links(html, got.url, pattern=source.options.get("pattern", ""),
                              selector=source.options.get("selector", ""))
        if not links:
            result.notes.append("列表页上没有找到文章链接：可在来源上设置 pattern 或 selector")
        for link in links[: self.max_items]:
            self._article(source, link.url, result, title_hint=link.text)

    def _sitemap(self, source: Source, result: SourceResult) -> None:
        todo, seen_maps, links = [source.url], set[str](), list[Link]()
        while todo and len(seen_maps) < 20:
            url = todo.pop(0)
            seen_maps.add(url)
            parsed = parse_sitemap(self.fetcher.get(url).content, url)
            if parsed.error:
                result.error = parsed.error
                return
            links.extend(parsed.urls)
            todo.extend(c for c in parsed.children if c not in seen_maps)
        links.sort(key=lambda link: link.published or datetime.min.replace(tzinfo=UTC), reverse=True)
        for link in links[: self.max_items]:
            self._article(source, link.url, result, published=link.published, title_hint=link.text)

    def _page(self, source: Source, result: SourceResult) -> None:
        self._article(source, source.url, result)

    def _files(self, source: Source, result: SourceResult) -> None:
        root = Path(source.url)
        if not root.exists():
            result.error = f"找不到文件或目录 {root}"
            return
        for report in collect_files([root], source=source):
            if report is None:
                result.seen += 1
            else:
                result.new += 1


def iter_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in FILE_SUFFIXES)
        elif path.is_file():
            out.append(path)
    return out


def collect_files(paths: Iterable[Path], *, source: Source | None = None) -> list[Report | None]:
    """Store reports from local files (.html .txt .md .docx .pdf .eml), once per file path."""
    out: list[Report | None] = []
    for path in iter_files(paths):
        ex = extract_text_file(path)
        out.append(store(ex, url=path.resolve().as_uri(), source=source))
    return out
