"""Politeness against loopback servers: robots.txt, per-host limits, delay, Retry-After, conditional GET, back-off."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.collect.test_collect_sources import (
    article_html,
    collect,
    reload,
    rss,
    serve_articles,
    settings_for,
    source,
)
from tests.unit.test_cli import zb
from zhoubao.collect.feedworker import WorkerPool
from zhoubao.collect.run import due_sources
from zhoubao.collect.sources import enable, state
from zhoubao.net.fetcher import Fetcher, FetchPolicy
from zhoubao.net.politeness import (
    MAX_INTERVAL,
    MIN_INTERVAL,
    PoliteError,
    Politeness,
    backoff,
    estimate_interval,
    next_interval,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    p = WorkerPool(2)
    yield p
    p.close()


def _feed(server: Any, send: Any, n: int, *, path: str = "/feed.xml", prefix: str = "/a/",
          headers: dict[str, str] | None = None) -> list[str]:
    paths = [f"{prefix}{i}.html" for i in range(n)]
    serve_articles(server, send, paths)
    body = rss([(p, f"t{i}") for i, p in enumerate(paths)], base=server.base)
    server.routes[path] = lambda h: send(h, 200, body, {"Content-Type": "application/rss+xml", **(headers or {})})
    return paths


# --------------------------------------------------------------------------------------------
# robots.txt


def test_robots_disallow_is_obeyed_and_cached(server: Any, send_response: Any, pool: WorkerPool,
                                              tmp_path: Path) -> None:
    robots = b"User-agent: *\nDisallow: /a/private/\n"
    server.routes["/robots.txt"] = lambda h: send_response(h, 200, robots, {"Content-Type": "text/plain"})
    serve_articles(server, send_response, ["/a/private/1.html", "/a/public/2.html"])
    body = rss([("/a/private/1.html", "p"), ("/a/public/2.html", "q")], base=server.base)
    server.routes["/feed.xml"] = lambda h: send_response(h, 200, body)
    s = source(server.base + "/feed.xml")
    settings = settings_for(tmp_path, allow=server.allow)
    res = collect(settings, pool, [s]).results[0]
    assert (res.new, res.failed, res.error) == (1, 1, "")
    assert any("robots.txt" in n for n in res.notes)
    assert server.hits("/a/private/1.html") == 0 and server.hits("/a/public/2.html") == 1
    assert server.hits("/robots.txt") == 1
    s = reload(s)
    assert "Disallow" in s.robots_txt and s.robots_checked is not None
    # A later run trusts the stored copy (fresh for a day) and does not ask again.
    collect(settings, pool, [s])
    assert server.hits("/robots.txt") == 1
    assert server.hits("/a/private/1.html") == 0


def test_nul_in_robots_txt_and_pages_is_dropped_not_fatal(server: Any, send_response: Any, pool: WorkerPool,
                                                          tmp_path: Path) -> None:
    """PostgreSQL refuses NUL in text, SQLite keeps it: both store the same, without it."""
    robots = b"User-agent: *\x00\nDisallow: /a/private/\n"
    server.routes["/robots.txt"] = lambda h: send_response(h, 200, robots, {"Content-Type": "text/plain"})
    page = article_html("含有空字符的报道", 1).replace("第1段".encode(), "第\x001段".encode())
    server.routes["/a/1.html"] = lambda h: send_response(h, 200, page, {"Content-Type": "text/html; charset=utf-8"})
    body = rss([("/a/1.html", "t")], base=server.base)
    server.routes["/feed.xml"] = lambda h: send_response(h, 200, body)
    s = source(server.base + "/feed.xml")
    res = collect(settings_for(tmp_path, allow=server.allow), pool, [s]).results[0]
    assert (res.new, res.error) == (1, "")
    s = reload(s)
    assert "Disallow: /a/private/" in s.robots_txt and "\x00" not in s.robots_txt
    (report,) = s.reports.all()
    assert "\x00" not in report.text + report.html and "含有空字符的报道" in report.title


def test_robots_group_for_our_agent(server: Any, send_response: Any, pool: WorkerPool, tmp_path: Path) -> None:
    robots = b"User-agent: zhoubao\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    server.routes["/robots.txt"] = lambda h: send_response(h, 200, robots)
    _feed(server, send_response, 2)
    s = source(server.base + "/feed.xml")
    res = collect(settings_for(tmp_path, allow=server.allow), pool, [s]).results[0]
    assert "robots.txt" in res.error
    assert server.hits("/feed.xml") == 0
    assert reload(s).error_count == 1


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_robots_4xx_allows_everything(server: Any, send_response: Any, pool: WorkerPool, tmp_path: Path,
                                      status: int) -> None:
    server.routes["/robots.txt"] = lambda h: send_response(h, status, b"no")
    _feed(server, send_response, 2)
    res = collect(settings_for(tmp_path, allow=server.allow), pool, [source(server.base + "/feed.xml")])
    assert res.new == 2


@pytest.mark.parametrize("status", [500, 503])
def test_robots_5xx_backs_off(server: Any, send_response: Any, pool: WorkerPool, tmp_path: Path,
                              status: int) -> None:
    server.routes["/robots.txt"] = lambda h: send_response(h, status, b"down")
    _feed(server, send_response, 2)
    s = source(server.base + "/feed.xml")
    res = collect(settings_for(tmp_path, allow=server.allow), pool, [s]).results[0]
    assert "robots.txt" in res.error
    assert server.hits("/feed.xml") == 0
    s = reload(s)
    assert s.error_count == 1 and s.next_check is not None and s.next_check > timezone.now() + timedelta(minutes=10)


def test_robots_can_be_turned_off(server: Any, send_response: Any, pool: WorkerPool, tmp_path: Path) -> None:
    server.routes["/robots.txt"] = lambda h: send_response(h, 200, b"User-agent: *\nDisallow: /\n")
    _feed(server, send_response, 1)
    settings = settings_for(tmp_path, allow=server.allow, fetch__robots=False)
    assert collect(settings, pool, [source(server.base + "/feed.xml")]).new == 1
    assert server.hits("/robots.txt") == 0


def test_crawl_delay_is_honoured() -> None:
    class FakeFetcher:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def get(self, url: str, **kw: Any) -> Any:
            self.calls.append(url)
            from zhoubao.net.fetcher import FetchResult

            if url.endswith("/robots.txt"):
                return FetchResult(url, 200, {}, b"User-agent: *\nCrawl-delay: 5\n")
            return FetchResult(url, 200, {}, b"ok")

    now = [1000.0]
    sleeps: list[float] = []

    def sleep(s: float) -> None:
        sleeps.append(s)
        now[0] += s

    polite = Politeness(FakeFetcher(), per_host=2, delay=1.0, clock=lambda: now[0], sleep=sleep)  # type: ignore[arg-type]
    for i in range(3):
        polite.get(f"http://site.test/{i}")
    # robots.txt first, [fetch] delay after it (the Crawl-delay was not known yet), then the
    # Crawl-delay, larger than [fetch] delay, between the starts of later requests.
    assert sleeps == [pytest.approx(1.0), pytest.approx(5.0), pytest.approx(5.0)]


# --------------------------------------------------------------------------------------------
# Per-host concurrency and delay


def test_per_host_concurrency(server: Any, send_response: Any, pool: WorkerPool, tmp_path: Path) -> None:
    lock = threading.Lock()
    active: dict[str, int] = {}
    peak: dict[str, int] = {}
    overall = {"now": 0, "peak": 0}
    page = article_html("并发测试用的一篇新闻稿件标题")

    def slow(h: Any) -> None:
        host = h.headers["Host"].split(":")[0]
        with lock:
            active[host] = active.get(host, 0) + 1
            peak[host] = max(peak.get(host, 0), active[host])
            overall["now"] += 1
            overall["peak"] = max(overall["peak"], overall["now"])
        time.sleep(0.15)
        with lock:
            active[host] -= 1
            overall["now"] -= 1
        send_response(h, 200, page, {"Content-Type": "text/html; charset=utf-8"})

    for i in range(8):
        server.routes[f"/a/{i}.html"] = slow
        server.routes[f"/b/{i}.html"] = slow
    port = server.port
    for name, prefix in (("a", "/a/"), ("b", "/b/")):
        body = rss([(f"http://{name}.test:{port}{prefix}{i}.html", f"t{i}") for i in range(8)])
        server.routes[f"/{name}.xml"] = lambda h, b=body: send_response(h, 200, b)
    allow = frozenset({f"a.test:{port}", f"b.test:{port}"})
    resolver = {"a.test": ["127.0.0.1"], "b.test": ["127.0.0.1"]}
    settings = settings_for(tmp_path, allow=allow, fetch__per_host=2)
    sources = [source(f"http://a.test:{port}/a.xml"), source(f"http://b.test:{port}/b.xml")]
    res = collect(settings, pool, sources, resolver=lambda h, p: resolver[h])
    assert res.new == 16
    assert peak == {"a.test": 2, "b.test": 2}
    assert overall["peak"] >= 3  # the two hosts were fetched side by side


def test_delay_between_requests_to_one_host(server: Any, send_response: Any, pool: WorkerPool,
                                            tmp_path: Path) -> None:
    starts: list[float] = []
    page = article_html("延迟测试用的一篇新闻稿件标题")

    def timed(h: Any) -> None:
        starts.append(time.monotonic())
        send_response(h, 200, page, {"Content-Type": "text/html; charset=utf-8"})

    for i in range(4):
        server.routes[f"/d/{i}.html"] = timed
    body = rss([(f"/d/{i}.html", f"t{i}") for i in range(4)], base=server.base)
    server.routes["/feed.xml"] = lambda h: send_response(h, 200, body)
    settings = settings_for(tmp_path, allow=server.allow, fetch__delay=0.25, fetch__per_host=2)
    assert collect(settings, pool, [source(server.base + "/feed.xml")]).new == 4
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(gaps) == 3 and min(gaps) >= 0.2, gaps


# --------------------------------------------------------------------------------------------
# Retry-After


def test_429_with_retry_after_is_honoured(server: Any, send_response: Any, pool: WorkerPool,
                                          tmp_path: Path) -> None:
    server.routes["/feed.xml"] = lambda h: send_response(h, 429, b"slow down", {"Retry-After": "3600"})
    s = source(server.base + "/feed.xml")
    settings = settings_for(tmp_path, allow=server.allow)
    res = collect(settings, pool, [s]).results[0]
    assert "429" in res.error
    s = reload(s)
    assert s.error_count == 0  # a rate limit is not a broken source
    assert s.retry_after_until is not None
    assert timedelta(minutes=55) < s.retry_after_until - timezone.now() <= timedelta(hours=1)
    assert s.next_check is not None and s.next_check >= s.retry_after_until - timedelta(seconds=1)
    # Not due, and even a forced run (--all) leaves it alone until then.
    assert s not in due_sources()[0]
    assert s in due_sources(every=True)[0]
    again = collect(settings, pool, due_sources(every=True)[0]).results[0]
    assert again.skipped and "Retry-After" in again.skipped
    assert server.hits("/feed.xml") == 1


def test_503_with_retry_after_counts_as_a_failure(server: Any, send_response: Any, pool: WorkerPool,
                                                  tmp_path: Path) -> None:
    server.routes["/feed.xml"] = lambda h: send_response(h, 503, b"", {"Retry-After": "7200"})
    s = source(server.base + "/feed.xml")
    collect(settings_for(tmp_path, allow=server.allow), pool, [s])
    s = reload(s)
    assert s.error_count == 1 and "503" in s.last_error
    assert s.retry_after_until is not None and s.retry_after_until > timezone.now() + timedelta(minutes=110)


def test_article_429_defers_the_rest_of_the_host(server: Any, send_response: Any, pool: WorkerPool,
                                                 tmp_path: Path) -> None:
    paths = _feed(server, send_response, 4, headers={"ETag": '"v1"'})
    server.routes[paths[0]] = lambda h: send_response(h, 429, b"", {"Retry-After": "600"})
    settings = settings_for(tmp_path, allow=server.allow, fetch__per_host=1)
    s = source(server.base + "/feed.xml")
    res = collect(settings, pool, [s]).results[0]
    assert res.new == 0 and res.failed == 4 and not res.error
    assert sum(server.hits(p) for p in paths) == 1  # the other three were not asked for
    s = reload(s)
    assert s.etag == ""  # the feed is read again next time, so nothing listed is lost
    assert s.next_check is not None and s.next_check > timezone.now() + timedelta(minutes=9)


# --------------------------------------------------------------------------------------------
# Conditional GET


def test_unchanged_feed_costs_a_304_and_no_parsing(server: Any, send_response: Any, pool: WorkerPool,
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [f"/a/{i}.html" for i in range(3)]
    serve_articles(server, send_response, paths)
    body = rss([(p, "t") for p in paths], base=server.base)
    lm = "Tue, 03 Jun 2025 10:00:00 GMT"

    def feed(h: Any) -> None:
        if h.headers.get("If-None-Match") == '"v1"' and h.headers.get("If-Modified-Since") == lm:
            send_response(h, 304, b"", {"ETag": '"v1"'})
        else:
            send_response(h, 200, body, {"ETag": '"v1"', "Last-Modified": lm})

    server.routes["/feed.xml"] = feed
    s = source(server.base + "/feed.xml")
    settings = settings_for(tmp_path, allow=server.allow)
    assert collect(settings, pool, [s]).new == 3
    s = reload(s)
    assert (s.etag, s.last_modified) == ('"v1"', lm)
    parses: list[str] = []
    real = pool.parse_feed

    def counting(*a: Any, **k: Any) -> Any:
        parses.append("x")
        return real(*a, **k)

    monkeypatch.setattr(pool, "parse_feed", counting)
    res = collect(settings, pool, [s]).results[0]
    assert res.unchanged and res.new == 0 and not res.error
    assert parses == []
    assert server.requests[-1][1]["if-none-match"] == '"v1"'
    assert reload(s).last_success is not None


def test_validators_kept_until_every_article_is_in(server: Any, send_response: Any, pool: WorkerPool,
                                                   tmp_path: Path) -> None:
    paths = _feed(server, send_response, 2, headers={"ETag": '"v1"'})
    good = server.routes[paths[1]]
    server.routes[paths[1]] = lambda h: send_response(h, 500, b"")
    s = source(server.base + "/feed.xml")
    settings = settings_for(tmp_path, allow=server.allow)
    first = collect(settings, pool, [s]).results[0]
    assert (first.new, first.failed) == (1, 1)
    assert reload(s).etag == ""
    server.routes[paths[1]] = good
    second = collect(settings, pool, [reload(s)]).results[0]
    assert (second.new, second.seen) == (1, 1)
    assert reload(s).etag == '"v1"'


# --------------------------------------------------------------------------------------------
# Back-off, disable, schedule


def test_backoff_then_disable_with_reason(server: Any, send_response: Any, pool: WorkerPool,
                                          tmp_path: Path) -> None:
    server.routes["/feed.xml"] = lambda h: send_response(h, 500, b"")
    s = source(server.base + "/feed.xml")
    settings = settings_for(tmp_path, allow=server.allow, collect__disable_after=3)
    waits = []
    for n in (1, 2, 3):
        collect(settings, pool, [reload(s)])
        fresh = reload(s)
        assert fresh.error_count == n
        assert fresh.next_check is not None
        waits.append((fresh.next_check - timezone.now()).total_seconds())
    assert 0.85 * 15 * 60 < waits[0] < 1.15 * 15 * 60
    assert waits[1] > 1.5 * waits[0]
    fresh = reload(s)
    assert not fresh.enabled
    assert "连续 3 次失败" in fresh.disabled_reason and "500" in fresh.disabled_reason
    assert state(fresh).startswith("停用：连续 3 次失败")
    assert fresh not in due_sources(every=True)[0]
    chosen, notes = due_sources(ids=[fresh.id])
    assert chosen == [] and "sources enable" in notes[0]
    enable(fresh.id)
    fresh = reload(s)
    assert fresh.enabled and fresh.error_count == 0 and fresh in due_sources()[0]


def test_malformed_sources_never_stop_the_batch(server: Any, send_response: Any, pool: WorkerPool,
                                                tmp_path: Path) -> None:
    bad = {
        "/garbage.xml": b"\x00\x01\x02 not xml at all \xff\xfe",
        "/html.xml": b"<html><body><h1>Not a feed</h1></body></html>",
        "/empty.xml": b"",
        "/json.json": b'{"items": "nope"}',
        "/truncated-sitemap.xml": b"<urlset><url><loc>",
    }
    for path, body in bad.items():
        server.routes[path] = lambda h, b=body: send_response(h, 200, b)
    server.routes["/list.html"] = lambda h: send_response(h, 200, b"<html><<<<a href='x'>\x00</a>")
    _feed(server, send_response, 2, path="/good.xml")
    sources = [source(server.base + p) for p in ("/garbage.xml", "/html.xml", "/empty.xml", "/json.json")]
    sources.append(source(server.base + "/truncated-sitemap.xml", "sitemap"))
    sources.append(source(server.base + "/list.html", "listing", selector="ul["))  # a broken rule, too
    sources.append(source(server.base + "/good.xml"))
    res = collect(settings_for(tmp_path, allow=server.allow), pool, sources)
    assert [bool(r.error) for r in res.results] == [True] * 6 + [False]
    assert res.results[-1].new == 2
    for s in sources[:-1]:
        fresh = reload(s)
        assert fresh.error_count == 1 and fresh.last_error and fresh.enabled


def test_interval_estimates() -> None:
    now = datetime(2025, 6, 9, 12, tzinfo=UTC)
    hourly = [now - timedelta(hours=i + 1) for i in range(20)]
    assert estimate_interval(hourly, now) == pytest.approx(3600)
    assert estimate_interval([now], now) is None
    assert estimate_interval([now + timedelta(days=1), now - timedelta(hours=1)], now) is None  # future ignored
    quiet = [now - timedelta(days=30 + i) for i in range(5)]
    assert (estimate_interval(quiet, now) or 0) > 6 * 24 * 3600  # gone quiet: looks slow
    assert next_interval(None) == pytest.approx(timedelta(hours=1), rel=0.11)
    assert next_interval(3600.0) == pytest.approx(timedelta(minutes=30), rel=0.11)
    assert next_interval(60.0) >= MIN_INTERVAL * 0.9
    assert next_interval(30 * 86400.0) <= MAX_INTERVAL * 1.1
    assert backoff(1) < backoff(3) < backoff(5) and backoff(30) <= timedelta(hours=24) * 1.1


def test_next_check_follows_publication(server: Any, send_response: Any, pool: WorkerPool, tmp_path: Path) -> None:
    _feed(server, send_response, 12)  # one item an hour
    s = source(server.base + "/feed.xml")
    collect(settings_for(tmp_path, allow=server.allow), pool, [s])
    s = reload(s)
    assert s.publish_interval == pytest.approx(3600, rel=0.1)
    assert s.next_check is not None
    assert timedelta(minutes=25) < s.next_check - timezone.now() < timedelta(minutes=35)
    assert s not in due_sources()[0]


def test_politeness_defers_a_blocked_host() -> None:
    polite = Politeness(Fetcher(FetchPolicy()), robots=False)
    polite.block("http://site.test/a", 60)
    with pytest.raises(PoliteError) as info:
        polite.get("http://site.test/b")
    assert info.value.kind == "deferred"
    assert polite.requests == 0


# --------------------------------------------------------------------------------------------
# The command line


def test_cli_due_all_disable_shown(server: Any, send_response: Any, tmp_path: Path) -> None:
    _feed(server, send_response, 2)
    server.routes["/broken.xml"] = lambda h: send_response(h, 500, b"")
    home = tmp_path / "h"
    assert zb("init", str(home)).returncode == 0
    env = {"ZHOUBAO_FETCH_ALLOW": f"127.0.0.1:{server.port}", "ZHOUBAO_COLLECT_DISABLE_AFTER": "1"}
    (tmp_path / "s.toml").write_text(
        f'[[source]]\nurl = "{server.base}/feed.xml"\nkind = "feed"\n'
        f'[[source]]\nurl = "{server.base}/broken.xml"\nkind = "feed"\nname = "坏源"\n', encoding="utf-8")
    assert zb("sources", "import", str(tmp_path / "s.toml"), home=home, env=env).returncode == 0
    first = zb("collect", home=home, env=env)
    assert first.returncode == 0, first.stderr
    assert "新增报道 2 篇" in first.stdout and "出错来源 1 个" in first.stdout
    listed = zb("sources", "list", home=home, env=env).stdout
    assert "#2 坏源：停用：连续 1 次失败" in listed and "HTTP 500" in listed and "1 个已停用" in listed
    second = zb("collect", home=home, env=env)  # nothing is due yet
    assert "0 个来源" in second.stdout and "1 个来源未到检查时间" in second.stdout
    forced = zb("collect", "--all", home=home, env=env)  # every enabled source: the feed, not the disabled one
    assert "1 个来源" in forced.stdout and "新增报道 0 篇" in forced.stdout
    assert server.hits("/broken.xml") == 1 and server.hits("/feed.xml") == 2
