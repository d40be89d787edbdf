"""Issue 16, finding 6 and the decoding of finding 7: an editor's listing pattern cannot hang collection (RE2,
matched in a worker), sitemaps are inflated and parsed in workers (the collector stays small), and a mostly-UTF-8
page with a GBK fragment is decoded by its dominant encoding."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.collect.test_collect_sources import collect, serve_articles, settings_for, source
from zhoubao.archive.models import Source
from zhoubao.collect.encoding import decode_bytes
from zhoubao.collect.feedworker import WorkerPool
from zhoubao.collect.pages import RuleError, check_rules, listing_links

EVIL = r"/a/(\d+)+$"


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    p = WorkerPool(2)
    yield p
    p.close()


def test_a_backtracking_pattern_matches_in_linear_time() -> None:
    link = "/a/" + "1" * 50_000 + "x"
    html = f'<a href="{link}">一条链接的文字足够长</a><a href="/a/123">另一条链接的文字也足够长</a>'
    start = time.process_time()
    links = listing_links(html, "http://example.test/list", pattern=EVIL)
    assert time.process_time() - start < 2.0
    assert [lk.url for lk in links] == ["http://example.test/a/123"]


def test_patterns_re2_cannot_run_are_refused_when_saved_with_one_line() -> None:
    for bad in (r"(a)\1", r"(?<=x)y", "(unclosed"):
        with pytest.raises(RuleError) as refused:
            check_rules(bad)
        assert "\n" not in str(refused.value) and "pattern" in str(refused.value)


@pytest.mark.django_db
def test_a_hostile_listing_does_not_hold_up_the_other_sources(server: Any, send_response: Any, pool: WorkerPool,
                                                              tmp_path: Path) -> None:
    base = server.base
    serve_articles(server, send_response, ["/feed/0.html"], prefix="订阅")
    evil = "".join(f'<a href="/a/{"9" * 30_000}{i}x">一条很长很长的链接文字{i}</a>' for i in range(20))
    server.routes["/list.html"] = lambda h: send_response(h, 200, evil.encode(),
                                                          {"Content-Type": "text/html; charset=utf-8"})
    feed = (f'<rss version="2.0"><channel><title>t</title><item><title>订阅0</title><link>{base}/feed/0.html</link>'
            "</item></channel></rss>").encode()
    server.routes["/feed.xml"] = lambda h: send_response(h, 200, feed, {"Content-Type": "application/rss+xml"})
    sources = [source(base + "/list.html", "listing", pattern=EVIL), source(base + "/feed.xml")]
    start = time.monotonic()
    got = collect(settings_for(tmp_path, allow=server.allow), pool, sources)
    assert time.monotonic() - start < 30
    assert got.results[1].new == 1 and not got.results[1].error
    assert not got.results[0].error  # no link matched: a note, not a hang
    # A pattern stored before RE2 (a backreference) is reported on its source, in one line.
    bad = Source.objects.create(name="旧规则", url=base + "/list2.html", kind="listing", options={"pattern": r"(a)\1"})
    server.routes["/list2.html"] = server.routes["/list.html"]
    res = collect(settings_for(tmp_path, allow=server.allow), pool, [bad]).results[0]
    assert "pattern" in res.error and "\n" not in res.error


@pytest.mark.django_db
def test_sitemap_children_are_inflated_in_workers_not_in_the_collector(server: Any, send_response: Any,
                                                                       pool: WorkerPool, tmp_path: Path) -> None:
    base = server.base
    bomb = gzip.compress(b" " * (40 * 1024 * 1024), compresslevel=1)  # 40 MB of nothing per child
    children = "".join(f"<sitemap><loc>{base}/c{i}.xml.gz</loc></sitemap>" for i in range(25))
    index = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'.encode()
    server.routes["/sitemap.xml"] = lambda h: send_response(h, 200, index, {"Content-Type": "application/xml"})
    for i in range(25):
        server.routes[f"/c{i}.xml.gz"] = lambda h: send_response(h, 200, bomb, {"Content-Type": "application/gzip"})
    me = psutil.Process()
    base_rss = me.memory_info().rss
    peak = [base_rss]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.monotonic()
    try:
        res = collect(settings_for(tmp_path, allow=server.allow), pool, [source(base + "/sitemap.xml", "sitemap")])
    finally:
        done.set()
        watcher.join()
    took = time.monotonic() - start
    r = res.results[0]
    assert not r.error and any("子站点地图过多" in n for n in r.notes), r.notes
    assert (peak[0] - base_rss) < 150 * 1024 * 1024, f"collector grew {(peak[0] - base_rss) / 1048576:.0f} MB"
    assert took < 120, f"{took:.0f} s"


def test_a_utf8_page_with_a_gbk_fragment_is_decoded_by_its_dominant_encoding() -> None:
    body = "国家广播电视总局发布通知，要求各平台加强微短剧管理。" * 20
    page = (f'<html><head><meta charset="utf-8"></head><body><p>{body}</p><p>').encode() \
        + "转载：网络视听节目管理办法".encode("gbk") + "</p><p>完。</p></body></html>".encode()
    for ctype in ("text/html", "text/html; charset=gbk", None):
        got = decode_bytes(page, ctype)
        assert body in got.text and "转载：网络视听节目管理办法" in got.text and "完。" in got.text, ctype
        assert got.encoding == "utf-8" and not got.clean and "gb18030" in got.note
    # A page in GBK throughout stays GBK.
    gbk = f"<html><body><p>{body}</p></body></html>".encode("gbk")
    assert body in decode_bytes(gbk).text
