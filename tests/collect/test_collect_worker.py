"""Feed parsing and extraction in reusable worker processes under a CPU-time limit."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.collect.test_collect_sources import (
    article_html,
    collect,
    reload,
    rss,
    serve_articles,
    settings_for,
    source,
)
from zhoubao.collect.feedworker import WorkerFailed, WorkerPool


def heavy_feed(items: int = 12_000) -> bytes:
    """A feed that costs feedparser several CPU seconds (a legal but pathological size)."""
    entry = ("<item><title>标题{i}</title><link>http://a.test/{i}</link><description>&lt;p&gt;"
             + "内容" * 60 + "&lt;/p&gt;</description></item>")
    body = "".join(entry.format(i=i) for i in range(items))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()


@pytest.fixture(scope="module")
def tight() -> Iterator[WorkerPool]:
    """Two workers allowed one CPU second per feed."""
    p = WorkerPool(2, feed_cpu=1.0)
    yield p
    p.close()


def test_workers_are_reused(tight: WorkerPool) -> None:
    pids = {tight.call("ping", {}, cpu=5)["pid"] for _ in range(20)}
    for _ in range(30):
        tight.parse_feed(rss([("http://a.test/1", "t")]), "http://a.test/feed", None, tz="Asia/Shanghai")
    assert len(pids) <= 2
    assert set(tight.pids()) == pids and tight.restarts == 0


def test_runaway_task_is_killed_and_the_pool_goes_on(tight: WorkerPool) -> None:
    t0 = time.monotonic()
    with pytest.raises(WorkerFailed) as info:
        tight.call("spin", {"seconds": 60}, cpu=1.0)
    assert info.value.cpu_limit or "CPU" in info.value.reason
    assert time.monotonic() - t0 < 10
    before = tight.restarts
    assert tight.call("ping", {}, cpu=5)["pid"] > 0
    assert tight.restarts == before


def test_pathological_feed_is_stopped(tight: WorkerPool) -> None:
    t0 = time.monotonic()
    with pytest.raises(WorkerFailed) as info:
        tight.parse_feed(heavy_feed(), "http://a.test/feed", None, tz="Asia/Shanghai")
    assert "CPU" in info.value.reason
    assert time.monotonic() - t0 < 10
    assert not tight.parse_feed(rss([("http://a.test/1", "t")]), "http://a.test/feed", None, tz="Asia/Shanghai").error


def test_a_worker_killed_from_outside_is_replaced(tight: WorkerPool) -> None:
    tight.call("ping", {}, cpu=5)
    for pid in tight.pids():
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.1)
    # Dead workers are noticed when next taken and replaced; tasks keep succeeding.
    for _ in range(4):
        assert tight.call("ping", {}, cpu=5)["pid"] > 0


def test_extraction_in_the_worker(tight: WorkerPool) -> None:
    ex = tight.extract(article_html("工作进程里提取的一篇新闻稿件"), "http://a.test/x.html",
                       content_type="text/html; charset=utf-8", reference=None, tz="Asia/Shanghai")
    assert "工作进程里提取" in ex.title and "记者从有关方面获悉" in ex.text
    assert ex.published is not None and ex.encoding_clean


@pytest.mark.django_db
def test_collect_records_the_killed_feed_and_goes_on(server: Any, send_response: Any, tight: WorkerPool,
                                                     tmp_path: Path) -> None:
    big = heavy_feed()
    server.routes["/heavy.xml"] = lambda h: send_response(h, 200, big, {"Content-Type": "application/rss+xml"})
    serve_articles(server, send_response, ["/a/1.html", "/a/2.html"])
    good = rss([("/a/1.html", "a"), ("/a/2.html", "b")], base=server.base)
    server.routes["/good.xml"] = lambda h: send_response(h, 200, good)
    heavy, fine = source(server.base + "/heavy.xml"), source(server.base + "/good.xml")
    res = collect(settings_for(tmp_path, allow=server.allow), tight, [heavy, fine])
    assert "CPU" in res.results[0].error
    assert res.results[1].new == 2 and not res.results[1].error
    h = reload(heavy)
    assert h.error_count == 1 and "CPU" in h.last_error and h.next_check is not None
