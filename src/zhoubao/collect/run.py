"""The collect stage: poll sources, fetch new articles, extract and store each report on its own.

Shape of a run: fetch threads (at most `[fetch] per_host` at a time per host) poll the sources and
fetch their new articles; feeds are parsed and articles extracted in worker processes under a
CPU-time limit (feedworker.py); the calling thread alone touches the database, storing every
report in its own transaction as soon as it arrives and writing a source's polling state once
all of its articles are done. A run killed at any moment therefore keeps every report it stored,
and the next run finds them by URL and guid instead of storing them twice.
"""

from __future__ import annotations

import queue
import random
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import timezone

from zhoubao.archive.fit import fit
from zhoubao.archive.models import Report, Source
from zhoubao.collect.extract import Extracted
from zhoubao.collect.feedworker import WorkerFailed, WorkerPool
from zhoubao.collect.pages import Link, RuleError, SitemapParse, sitemap_from_result
from zhoubao.collect.store import collect_files, store
from zhoubao.conf.settings import Settings
from zhoubao.net.errors import FetchError
from zhoubao.net.fetcher import Fetcher, FetchResult
from zhoubao.net.policy import policy_for
from zhoubao.net.politeness import HostSlots, Politeness, backoff, estimate_interval, next_interval
from zhoubao.net.url import canonical

MAX_SITEMAPS = 20  # child sitemaps read per sitemap source and run (newest first)
_HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "application/xml", "text/xml")
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/json, " \
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_EPOCH = datetime.min.replace(tzinfo=UTC)


@dataclass
class SourceResult:
    source: str
    new: int = 0
    seen: int = 0
    failed: int = 0
    unchanged: bool = False
    error: str = ""
    skipped: str = ""  # why it was not polled this time ("" when it was)
    notes: list[str] = field(default_factory=list)
    source_id: int | None = None


@dataclass
class CollectSummary:
    results: list[SourceResult] = field(default_factory=list)
    requests: int = 0

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.results if r.error)


Progress = Callable[[str], None]


# --------------------------------------------------------------------------------------------
# What the fetch threads hand back (plain values: no database access off the calling thread)


@dataclass(frozen=True)
class Candidate:
    url: str  # canonical
    guid: str = ""
    published: datetime | None = None
    title: str = ""
    order: datetime | None = None  # for choosing the newest: publication date, else lastmod
    summary_html: str = ""  # the feed's own content of the entry (sanitized), a fallback for the text


@dataclass
class Poll:
    unchanged: bool = False
    error: str = ""
    error_kind: str = ""
    status: int | None = None
    retry_after: float | None = None
    counts_as_failure: bool = True
    candidates: list[Candidate] = field(default_factory=list)
    dates: list[datetime] = field(default_factory=list)  # publication dates the source showed
    etag: str | None = None
    last_modified: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Article:
    extracted: Extracted | None = None
    final_url: str = ""
    error: str = ""
    transient: bool = False  # worth trying again next time (network, 5xx, Retry-After)
    retry_after: float | None = None


@dataclass(frozen=True)
class _Task:
    host: str | None  # host key for per-host limits; None for extraction (no network)
    kind: str  # "poll", "article", "extract"
    run: Callable[[], Any]  # on a worker thread
    on_done: Callable[[Any], None]  # on the calling thread, with run's value


@dataclass(frozen=True)
class _Snapshot:
    id: int
    name: str
    url: str
    kind: str
    options: dict[str, Any]
    etag: str
    last_modified: str


@dataclass
class _Job:
    source: Source
    snap: _Snapshot
    result: SourceResult
    poll: Poll | None = None
    pending: int = 0
    transient: bool = False  # an article failed in a way worth retrying: keep the old validators
    wait: float = 0.0  # seconds a host asked us to wait (Retry-After on an article)
    attempted: int = 0
    first_error: str = ""  # of the articles that failed, the first one's reason


def _snapshot(source: Source) -> _Snapshot:
    return _Snapshot(source.id, source.name, source.url, source.kind, dict(source.options or {}),
                     source.etag or "", source.last_modified or "")


def _transient(exc: FetchError) -> bool:
    if exc.kind in ("timeout", "network", "robots_unavailable", "deferred"):
        return True
    return exc.kind == "http" and (exc.status in (408, 425, 429) or (exc.status or 0) >= 500)


def due_sources(*, every: bool = False, ids: Sequence[int] | None = None,
                now: datetime | None = None) -> tuple[list[Source], list[str]]:
    """Sources to poll now, and a line for each one named in `ids` that will not be polled.

    Default: enabled sources whose next check has come (or that were never checked). `every`:
    every enabled source. `ids`: those sources whatever their schedule. A source a server asked to
    wait (Retry-After) waits in every case.
    """
    now = now or timezone.now()
    notes: list[str] = []
    if ids:
        found = {s.id: s for s in Source.objects.filter(id__in=list(ids))}
        chosen = []
        for sid in ids:
            s = found.get(sid)
            if s is None:
                notes.append(f"没有编号为 {sid} 的来源")
            elif not s.enabled:
                notes.append(f"来源 #{sid} {s.name} 已停用（{s.disabled_reason}）：先运行 zhoubao sources enable {sid}")
            else:
                chosen.append(s)
        return chosen, notes
    qs = Source.objects.filter(enabled=True)
    if not every:
        qs = qs.filter(Q(next_check__isnull=True) | Q(next_check__lte=now))
    return list(qs.order_by("id")), notes


class Collector:
    """Runs the collect stage over sources with one guarded fetcher, politely, with worker processes."""

    def __init__(self, settings: Settings, *, fetcher: Fetcher | None = None, progress: Progress | None = None,
                 workers: int | WorkerPool | None = None, threads: int | None = None,
                 feed_cpu: float | None = None, extract_cpu: float | None = None,
                 sleep: Callable[[float], None] | None = None, rng: random.Random | None = None,
                 slots: HostSlots | None = None):
        self.settings = settings
        self.fetcher = fetcher or Fetcher(policy_for(settings))
        self.progress = progress or (lambda _msg: None)
        self.tz = settings.timezone
        self.max_items = settings.collect.max_items_per_source
        self.disable_after = max(1, settings.collect.disable_after)
        f = settings.fetch
        self.per_host = max(1, f.per_host)
        self.polite = Politeness(self.fetcher, per_host=self.per_host, delay=f.delay,
                                 robots=f.robots, user_agent=f.user_agent,
                                 sleep=sleep or time.sleep, shared=slots)
        c = settings.collect
        pool_kw: dict[str, float] = {"extract_cpu": c.extract_cpu_seconds, "memory_mb": c.extract_memory_mb,
                                     "wall": c.extract_wall_seconds}
        if feed_cpu is not None:
            pool_kw["feed_cpu"] = feed_cpu
        if extract_cpu is not None:
            pool_kw["extract_cpu"] = extract_cpu
            pool_kw.pop("wall")  # a caller's own allowance keeps the wall bound that goes with it
        # A pool passed in is shared (tests, a long-lived worker) and stays open after close().
        self._own_pool = not isinstance(workers, WorkerPool)
        self.workers = WorkerPool(workers, **pool_kw) if not isinstance(workers, WorkerPool) else workers
        self.threads = threads or max(8, min(32, self.workers.size * 8))
        self.rng = rng or random.Random()
        # Per-host dispatch: at most per_host tasks of one host hold a fetch thread, so one slow or
        # delayed host never ties up the pool while other hosts wait. Articles fetched but not yet
        # extracted are bounded too, so fetching never runs far ahead of extraction (memory).
        self._queues: dict[str, deque[_Task]] = {}
        self._ready: OrderedDict[str, None] = OrderedDict()  # hosts with queued tasks
        self._running: dict[str, int] = {}
        self._done: queue.Queue[tuple[_Task, Any, BaseException | None]] = queue.Queue()
        self._outstanding = 0
        self._queued_polls = 0
        self._articles_in_flight = 0  # fetching or extracting
        self.max_in_flight = max(8, self.workers.size * 4)
        self._inflight: set[str] = set()
        self._fetch_pool: ThreadPoolExecutor | None = None
        self._extract_pool: ThreadPoolExecutor | None = None

    def close(self) -> None:
        if self._own_pool:
            self.workers.close()
        self.fetcher.close()

    # -- running ------------------------------------------------------------------------------

    def run(self, sources: Iterable[Source]) -> CollectSummary:
        summary = CollectSummary()
        now = timezone.now()
        results: dict[int, SourceResult] = {}
        order: list[Source] = []
        net: list[Source] = []
        for source in sources:
            order.append(source)
            if source.retry_after_until and source.retry_after_until > now:
                results[source.id] = SourceResult(
                    source.name, source_id=source.id,
                    skipped=f"站点要求 {source.retry_after_until.astimezone():%m-%d %H:%M} 后再访问（Retry-After）")
            elif source.kind == "files":
                self.progress(source.name)
                results[source.id] = self._files(source)
            else:
                net.append(source)
        if net:
            for r in self._run_network(net):
                results[r.source_id or 0] = r
        summary.results = [results[s.id] for s in order if s.id in results]
        summary.requests = self.polite.requests
        return summary

    def collect_source(self, source: Source) -> SourceResult:
        return self.run([source]).results[0]

    def _run_network(self, sources: list[Source]) -> list[SourceResult]:
        self.workers.start()
        self._inflight = set()
        for s in sources:
            if s.robots_checked is not None:
                self.polite.seed_robots(s.url, s.robots_txt, s.robots_checked)
        finished: list[SourceResult] = []
        self._fetch_pool = ThreadPoolExecutor(self.threads, thread_name_prefix="zhoubao-fetch")
        # One thread per worker process: each blocks while its worker extracts.
        self._extract_pool = ThreadPoolExecutor(self.workers.size, thread_name_prefix="zhoubao-extract")
        try:
            for s in sources:
                job = _Job(s, _snapshot(s), SourceResult(s.name, source_id=s.id))
                self._enqueue(_Task(self._host(s.url), "poll", lambda snap=job.snap: self._poll(snap),  # type: ignore[misc]
                                    lambda poll, job=job: self._polled(job, poll, finished)))  # type: ignore[misc]
            self._pump()
            while self._outstanding:
                task, value, exc = self._done.get()
                self._outstanding -= 1
                if task.host is not None:
                    self._running[task.host] -= 1
                if exc is not None:
                    raise exc
                task.on_done(value)
                self._pump()
        finally:
            for pool in (self._fetch_pool, self._extract_pool):
                pool.shutdown(wait=False, cancel_futures=True)
            self._fetch_pool = self._extract_pool = None
        return finished

    def _host(self, url: str) -> str:
        try:
            return Politeness.host_key(url)
        except FetchError:
            return "?"

    def _enqueue(self, task: _Task) -> None:
        assert task.host is not None
        self._queues.setdefault(task.host, deque()).append(task)
        self._running.setdefault(task.host, 0)
        self._ready[task.host] = None
        self._outstanding += 1
        self._queued_polls += task.kind == "poll"

    def _pump(self) -> None:
        """Start queued fetches while their host has a free slot and (for articles) the run has room."""
        for _ in range(len(self._ready)):
            if self._articles_in_flight >= self.max_in_flight and not self._queued_polls:
                return
            key, _ = self._ready.popitem(last=False)
            pending = self._queues[key]
            while pending and self._running[key] < self.per_host:
                task = pending[0]
                if task.kind == "article":
                    if self._articles_in_flight >= self.max_in_flight:
                        break
                    self._articles_in_flight += 1
                else:
                    self._queued_polls -= 1
                pending.popleft()
                self._running[key] += 1
                assert self._fetch_pool is not None
                self._fetch_pool.submit(self._call, task)
            if pending:
                self._ready[key] = None  # back of the line: hosts take turns

    def _extract_later(self, task: _Task) -> None:
        self._outstanding += 1
        assert self._extract_pool is not None
        self._extract_pool.submit(self._call, task)

    def _call(self, task: _Task) -> None:
        try:
            value = task.run()
        except BaseException as exc:  # handed to the calling thread, which re-raises it
            self._done.put((task, None, exc))
            return
        self._done.put((task, value, None))

    # -- polling (fetch threads) --------------------------------------------------------------

    def _poll(self, snap: _Snapshot) -> Poll:
        poll = Poll()
        try:
            if snap.kind == "feed":
                self._poll_feed(snap, poll)
            elif snap.kind == "listing":
                self._poll_listing(snap, poll)
            elif snap.kind == "sitemap":
                self._poll_sitemap(snap, poll)
            elif snap.kind == "page":
                poll.candidates.append(Candidate(canonical(snap.url)))
            else:
                poll.error = f"未知的来源类型 {snap.kind!r}"
        except FetchError as exc:
            poll.error, poll.error_kind, poll.status = str(exc), exc.kind, exc.status
            poll.retry_after = exc.retry_after
            # A rate limit or a host's request to wait is not the source being broken.
            poll.counts_as_failure = not (exc.kind == "deferred" or (exc.kind == "http" and exc.status == 429))
        except WorkerFailed as exc:
            what = {"feed": "订阅源", "sitemap": "站点地图"}.get(snap.kind, "")
            poll.error, poll.error_kind = (f"{what}解析失败：{exc.reason}" if what else exc.reason), "parse"
        except RuleError as exc:
            poll.error, poll.error_kind = str(exc), "rules"
        return poll

    def _conditional(self, snap: _Snapshot, poll: Poll, accept: str) -> FetchResult | None:
        got = self.polite.get(snap.url, etag=snap.etag or None, last_modified=snap.last_modified or None,
                              accept=accept)
        if got.not_modified:
            poll.unchanged = True
            return None
        poll.etag = got.headers.get("etag", "")[:500]
        poll.last_modified = got.headers.get("last-modified", "")[:100]
        return got

    def _poll_feed(self, snap: _Snapshot, poll: Poll) -> None:
        got = self._conditional(snap, poll, _FEED_ACCEPT)
        if got is None:
            return
        parsed = self.workers.parse_feed(got.content, got.url, got.headers.get("content-type"), tz=self.tz)
        if parsed.error:
            poll.error, poll.error_kind = parsed.error, "parse"
            return
        if parsed.warning:
            poll.notes.append(parsed.warning)
        for e in parsed.entries:
            if e.published:
                poll.dates.append(e.published)
            poll.candidates.append(Candidate(canonical(e.link), e.guid, e.published, e.title, e.published,
                                             e.summary_html))

    def _poll_listing(self, snap: _Snapshot, poll: Poll) -> None:
        got = self._conditional(snap, poll, _PAGE_ACCEPT)
        if got is None:
            return
        # Read in a worker under its limits: the page and the editor's pattern are both outside input.
        try:
            data = self.workers.call("listing", {"url": got.url, "content_type": got.headers.get("content-type"),
                                                 "pattern": str(snap.options.get("pattern", "")),
                                                 "selector": str(snap.options.get("selector", ""))},
                                     got.content, cpu=self.workers.feed_cpu)
        except WorkerFailed as exc:
            if exc.error_type == "RuleError":
                raise RuleError(exc.reason) from None
            raise WorkerFailed(f"列表页解析失败：{exc.reason}") from None
        links = [Link(str(u), str(t)) for u, t in data.get("links") or []]
        if not links:
            poll.notes.append("列表页上没有找到文章链接：可在来源上设置 pattern 或 selector")
        # A listing is in page order, newest first on nearly every site: keep that order.
        poll.candidates.extend(Candidate(link.url, title=link.text) for link in links)

    def _poll_sitemap(self, snap: _Snapshot, poll: Poll) -> None:
        got = self._conditional(snap, poll, "application/xml, text/xml;q=0.9, */*;q=0.5")
        if got is None:
            return
        first = self._sitemap(got.content, got.url)
        if first.error:
            poll.error, poll.error_kind = first.error, "parse"
            return
        links: list[Link] = list(first.urls)
        seen = {canonical(snap.url), canonical(got.url)}
        todo = deque(first.children)
        read = 0
        while todo and read < MAX_SITEMAPS:
            child = todo.popleft()
            if child in seen:
                continue
            seen.add(child)
            read += 1
            try:
                sub = self._sitemap(self.polite.get(child).content, child)
            except FetchError as exc:  # a bad child (refused, 404…) is noted; the others still count
                poll.notes.append(f"子站点地图 {child}：{exc}")
                continue
            except WorkerFailed as exc:  # a bomb or a hang: that child only
                poll.notes.append(f"子站点地图 {child}：{exc.reason}")
                continue
            if sub.error:
                poll.notes.append(f"子站点地图 {child}：{sub.error}")
                continue
            links.extend(sub.urls)
            todo.extend(sub.children)
        if todo:
            poll.notes.append(f"子站点地图过多，本次只读取 {MAX_SITEMAPS} 个")
        for link in links:
            if link.published:
                poll.dates.append(link.published)
            poll.candidates.append(Candidate(link.url, "", link.published, link.text, link.published or link.lastmod))

    def _sitemap(self, content: bytes, url: str) -> SitemapParse:
        """A sitemap read in a worker (inflating and parsing under its limits); only the newest links return."""
        data = self.workers.call("sitemap", {"url": url, "tz": self.tz, "keep": self.max_items}, content,
                                 cpu=self.workers.feed_cpu)
        return sitemap_from_result(data)

    # -- articles (fetch threads) -------------------------------------------------------------

    def _fetch_article(self, cand: Candidate) -> FetchResult | Article:
        try:
            got = self.polite.get(cand.url, accept=_PAGE_ACCEPT)
        except FetchError as exc:
            return Article(error=str(exc), transient=_transient(exc), retry_after=exc.retry_after)
        ctype = got.headers.get("content-type", "")
        if ctype and not ctype.lower().lstrip().startswith(_HTML_TYPES):
            return Article(error=f"不是网页（{ctype[:60]}）：{cand.url}")
        return got

    def _extract(self, cand: Candidate, got: FetchResult) -> Article:
        try:
            ex = self.workers.extract(got.content, got.url, content_type=got.headers.get("content-type") or None,
                                      reference=cand.published, tz=self.tz)
        except WorkerFailed as exc:
            return Article(error=f"正文提取失败：{exc.reason}（{cand.url}）")
        return Article(extracted=ex, final_url=canonical(got.url))

    def _fetched(self, job: _Job, cand: Candidate, got: FetchResult | Article,
                 finished: list[SourceResult]) -> None:
        if isinstance(got, Article):
            self._articles_in_flight -= 1
            self._stored(job, cand, got, finished)
            return

        def done(art: Article) -> None:
            self._articles_in_flight -= 1
            self._stored(job, cand, art, finished)

        self._extract_later(_Task(None, "extract", lambda: self._extract(cand, got), done))

    # -- the calling thread: database and bookkeeping -----------------------------------------

    def _polled(self, job: _Job, poll: Poll, finished: list[SourceResult]) -> None:
        job.poll = poll
        result = job.result
        result.notes.extend(poll.notes)
        if poll.error:
            result.error = poll.error
        elif poll.unchanged:
            result.unchanged = True
        else:
            todo = self._new_candidates(job, poll.candidates)
            for cand in todo:
                job.pending += 1
                job.attempted += 1
                self._inflight.add(cand.url)
                self._enqueue(_Task(self._host(cand.url), "article",
                                    lambda c=cand: self._fetch_article(c),  # type: ignore[misc]
                                    lambda got, c=cand: self._fetched(job, c, got, finished)))  # type: ignore[misc]
        if job.pending == 0:
            self._finish(job, finished)

    def _new_candidates(self, job: _Job, candidates: list[Candidate]) -> list[Candidate]:
        """The newest max_items candidates, minus those stored already (by URL or guid) or taken this run."""
        unique: dict[str, Candidate] = {}
        for c in candidates:
            if c.url:
                unique.setdefault(c.url, c)
        cands = list(unique.values())
        if any(c.order for c in cands):
            cands.sort(key=lambda c: c.order or _EPOCH, reverse=True)
        cands = cands[: self.max_items]
        urls = [c.url for c in cands]
        guids = [c.guid for c in cands if c.guid]
        known_urls: set[str] = set()
        known_guids: set[str] = set()
        for i in range(0, len(urls), 500):
            known_urls.update(Report.objects.filter(url__in=urls[i:i + 500]).values_list("url", flat=True))
        for i in range(0, len(guids), 500):
            known_guids.update(Report.objects.filter(source_id=job.snap.id, guid__in=guids[i:i + 500])
                               .values_list("guid", flat=True))
        todo = []
        for c in cands:
            if c.url in known_urls or (c.guid and c.guid in known_guids) or c.url in self._inflight:
                job.result.seen += 1
            else:
                todo.append(c)
        return todo

    def _stored(self, job: _Job, cand: Candidate, art: Article, finished: list[SourceResult]) -> None:
        job.pending -= 1
        result = job.result
        fallback = _from_feed(cand)
        if fallback is not None and not art.transient and (art.extracted is None or not art.extracted.text.strip()):
            # The page could not be read (blocked, gone, not HTML) but the feed carries the article.
            art = Article(extracted=fallback, final_url=art.final_url)
        if art.extracted is None:
            result.failed += 1
            job.first_error = job.first_error or art.error
            if len(result.notes) < 20:
                result.notes.append(art.error)
            job.transient = job.transient or art.transient
            if art.retry_after:
                job.wait = max(job.wait, art.retry_after)
        else:
            ex = art.extracted
            if not ex.title and cand.title:
                ex.title = cand.title
            if art.final_url and art.final_url != cand.url and Report.objects.filter(url=art.final_url).exists():
                result.seen += 1  # two links that redirect to one article
            elif store(ex, url=cand.url, source=job.source, guid=cand.guid, published=cand.published) is None:
                result.seen += 1
            else:
                result.new += 1
        if job.pending == 0:
            self._finish(job, finished)

    def _finish(self, job: _Job, finished: list[SourceResult]) -> None:
        source, result, poll = job.source, job.result, job.poll
        assert poll is not None
        now = timezone.now()
        if not Source.objects.filter(id=source.id).exists():  # deleted while we were fetching
            finished.append(result)
            return
        source.last_checked = now
        update = ["last_checked", "next_check", "error_count", "last_error", "etag", "last_modified",
                  "last_success", "retry_after_until", "publish_interval", "enabled", "disabled_reason",
                  "robots_txt", "robots_checked"]
        all_failed = job.attempted > 0 and result.failed == job.attempted and not result.seen
        if not result.error and all_failed and not job.transient:
            result.error = f"全部 {result.failed} 篇文章都无法抓取，例如：{job.first_error}"
        if result.error:
            self._record_failure(source, poll, result, now)
        else:
            source.error_count = 0
            source.last_error = (f"{result.failed} 篇文章未能抓取，例如：{job.first_error}"
                                 if result.failed else "")[:1000]
            source.last_success = now
            source.retry_after_until = None
            if poll.etag is not None and not job.transient:
                # Only once everything the new version listed is stored: otherwise the next poll
                # would get a 304 and never retry what failed.
                source.etag, source.last_modified = poll.etag, poll.last_modified or ""
            dates = poll.dates if len(poll.dates) >= 2 else list(
                Report.objects.filter(source_id=source.id, published__isnull=False)
                .order_by("-published").values_list("published", flat=True)[:10])
            measured = estimate_interval([d for d in dates if d is not None], now)
            if measured is not None:
                old = source.publish_interval
                source.publish_interval = measured if old is None else 0.5 * old + 0.5 * measured
            wait = next_interval(source.publish_interval, rng=self.rng)
            if job.wait:
                wait = max(wait, timedelta(seconds=job.wait))
            source.next_check = now + wait
        robots = self.polite.robots_record(source.url)
        if robots is not None:
            source.robots_txt, source.robots_checked = robots
        fit(source)  # an update() is not a save(): no NUL (a hostile robots.txt may hold one), no over-long text
        Source.objects.filter(id=source.id).update(**{f: getattr(source, f) for f in update})
        finished.append(result)
        self.progress(source.name)

    def _record_failure(self, source: Source, poll: Poll, result: SourceResult, now: datetime) -> None:
        source.last_error = result.error[:1000]
        if poll.retry_after is not None:
            source.retry_after_until = now + timedelta(seconds=poll.retry_after)
        if not poll.counts_as_failure:
            wait = timedelta(seconds=poll.retry_after or 0) or backoff(max(source.error_count, 1), rng=self.rng)
            source.next_check = now + wait
            return
        source.error_count += 1
        wait = backoff(source.error_count, rng=self.rng)
        if poll.retry_after is not None:
            wait = max(wait, timedelta(seconds=poll.retry_after))
        source.next_check = now + wait
        if source.error_count >= self.disable_after:
            source.enabled = False
            source.disabled_reason = f"连续 {source.error_count} 次失败，最后一次：{result.error}"[:500]

    # -- files --------------------------------------------------------------------------------

    def _files(self, source: Source) -> SourceResult:
        result = SourceResult(source=source.name, source_id=source.id)
        now = timezone.now()
        root = Path(source.url)
        if not root.exists():
            result.error = f"找不到文件或目录 {root}"
            source.error_count += 1
            source.last_error = result.error
            if source.error_count >= self.disable_after:
                source.enabled = False
                source.disabled_reason = f"连续 {source.error_count} 次失败：{result.error}"[:500]
        else:
            for got in collect_files([root], tz=self.tz, source=source, pool=self.workers,
                                     max_bytes=self.settings.collect.max_file_bytes):
                if got.status == "refused":
                    result.failed += 1
                    result.notes.append(f"{got.path.name}：{got.reason}")
                elif got.status == "known":
                    result.seen += 1
                else:
                    result.new += 1
            source.error_count = 0
            source.last_error = ""
            source.last_success = now
        source.last_checked = now
        source.next_check = now  # a folder is cheap to look at: due at every run
        source.save(update_fields=["error_count", "last_error", "last_success", "last_checked", "next_check",
                                   "enabled", "disabled_reason"])
        return result


MIN_FEED_TEXT = 80  # characters: a feed summary shorter than this is a teaser, not the article


def _from_feed(cand: Candidate) -> Extracted | None:
    """The article as the feed gave it, when the feed carries enough of it."""
    if not cand.summary_html:
        return None
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{cand.summary_html}</div>")
    except (ValueError, lxml.etree.ParserError):
        return None
    lines = [" ".join(el.text_content().split()) for el in root.iter("p", "li", "h2", "h3", "blockquote")]
    lines = [ln for ln in lines if ln] or [" ".join(root.text_content().split())]
    text = "\n".join(lines)
    if len("".join(text.split())) < MIN_FEED_TEXT:
        return None
    return Extracted(title=cand.title, text=text, published=cand.published, outlet="", author="",
                     html=cand.summary_html, encoding="feed", encoding_clean=True, encoding_note="", dateline="")
