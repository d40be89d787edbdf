"""Hostile URLs refused through every entry point of collect, with a canary that must never be reached.

Entry points: `zhoubao sources add` (the command), redirects of an article, links of a listing page,
links of a feed, URLs and child sitemaps of a sitemap. The hostile forms are test_fetch.py's own
lists. Host names resolve only through the tests' table (a missing name does not resolve at all),
so not even a DNS query leaves the machine.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from tests import pg
from tests.collect.test_collect_sources import collect, rss, serve_articles, settings_for, source
from tests.collect.test_fetch import BAD_URLS, HOSTILE_NAMES, HOSTILE_URLS, SCHEME_URLS, Resolver
from tests.unit.test_cli import zb
from zhoubao.archive.models import Report
from zhoubao.collect import run as run_mod
from zhoubao.collect.feedworker import WorkerPool

FIXTURES = Path(__file__).parent / "fixtures" / "collect"
ALL_FORMS = HOSTILE_URLS + BAD_URLS + SCHEME_URLS


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    p = WorkerPool(2)
    yield p
    p.close()


def forms(port: int) -> list[str]:
    return [t.format(port=port) for t in ALL_FORMS]


def test_enough_forms() -> None:
    assert len(ALL_FORMS) >= 60


def test_sources_add_refuses_every_form(canary: Any, tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert zb("init", str(home)).returncode == 0
    urls = forms(canary.port)
    (tmp_path / "urls.json").write_text(json.dumps(urls), encoding="utf-8")
    (tmp_path / "hosts.json").write_text(json.dumps(HOSTILE_NAMES), encoding="utf-8")
    env = pg.child_env({k: v for k, v in os.environ.items() if k not in ("ZHOUBAO_HOME", "DJANGO_SETTINGS_MODULE")})
    res = subprocess.run([sys.executable, str(FIXTURES / "cli_driver.py"), str(home), str(tmp_path / "urls.json"),
                          str(tmp_path / "hosts.json")], capture_output=True, text=True, env=env, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    got = json.loads(res.stdout.strip().splitlines()[-1])
    assert got["attempts"] == []
    refused = [u for u, rc in zip(urls, got["rc"], strict=True) if rc == 2]
    assert refused == urls, set(urls) - set(refused)
    assert res.stderr.count("错误：") == len(urls)
    with pg.archive(home, env) as db:
        assert db.execute("select count(*) from archive_source").fetchone()[0] == 0
    assert canary.connections() == 0


def test_sources_add_command_exits_2_with_one_line(canary: Any, tmp_path: Path) -> None:
    """The same refusal from the installed command in its own process."""
    home = tmp_path / "h"
    assert zb("init", str(home)).returncode == 0
    res = zb("sources", "add", f"http://[::ffff:127.0.0.1]:{canary.port}/feed", home=home)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误：不能添加")
    assert canary.connections() == 0


def _location(h: Any, target: str) -> None:
    """302 to `target` written raw (UTF-8), as a hostile server would, not re-encoded by http.server."""
    h.send_response(302)
    h._headers_buffer.append(f"Location: {target}\r\n".encode())
    h.send_header("Content-Length", "0")
    h.end_headers()


def _check(result: Any, server: Any, canary: Any, connect_log: Any, tried: int) -> None:
    assert result.new == 0 and Report.objects.count() == 0
    assert result.failed >= tried, (result.failed, result.notes[:5])
    assert canary.connections() == 0
    assert set(connect_log.calls) <= {("127.0.0.1", server.port)}


@pytest.mark.django_db
def test_redirects_to_every_form_refused(server: Any, send_response: Any, canary: Any, connect_log: Any,
                                         pool: WorkerPool, tmp_path: Path) -> None:
    targets = forms(canary.port)
    for i, target in enumerate(targets):
        server.routes[f"/r/{i}"] = lambda h, t=target: _location(h, t)
    body = rss([(f"/r/{i}", f"r{i}") for i in range(len(targets))], base=server.base)
    server.routes["/feed.xml"] = lambda h: send_response(h, 200, body)
    settings = settings_for(tmp_path, allow=server.allow, collect__max_items_per_source=500)
    res = collect(settings, pool, [source(server.base + "/feed.xml")], resolver=Resolver(HOSTILE_NAMES)).results[0]
    _check(res, server, canary, connect_log, len(targets))
    assert sum(server.hits(f"/r/{i}") for i in range(len(targets))) == len(targets)


@pytest.mark.django_db
def test_listing_links_to_every_form_refused(server: Any, send_response: Any, canary: Any, connect_log: Any,
                                             pool: WorkerPool, tmp_path: Path) -> None:
    links = "".join(f'<li><a href="{html.escape(u)}">一条足够长的新闻标题用来测试链接{i}</a></li>'
                    for i, u in enumerate(forms(canary.port)))
    page = f"<html><body><ul>{links}</ul></body></html>".encode()
    server.routes["/list.html"] = lambda h: send_response(h, 200, page, {"Content-Type": "text/html; charset=utf-8"})
    settings = settings_for(tmp_path, allow=server.allow, collect__max_items_per_source=500)
    s = source(server.base + "/list.html", "listing", selector="a")
    res = collect(settings, pool, [s], resolver=Resolver(HOSTILE_NAMES)).results[0]
    # javascript:, data:, file: and other non-http links are never even tried; the rest are refused.
    _check(res, server, canary, connect_log, 60)


@pytest.mark.django_db
def test_feed_links_to_every_form_refused(server: Any, send_response: Any, canary: Any, connect_log: Any,
                                          pool: WorkerPool, tmp_path: Path) -> None:
    items = "".join(f"<item><title>t{i}</title><link>{escape(u)}</link><guid>g{i}</guid></item>"
                    for i, u in enumerate(forms(canary.port)))
    body = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    server.routes["/feed.xml"] = lambda h: send_response(h, 200, body)
    settings = settings_for(tmp_path, allow=server.allow, collect__max_items_per_source=500)
    res = collect(settings, pool, [source(server.base + "/feed.xml")], resolver=Resolver(HOSTILE_NAMES)).results[0]
    _check(res, server, canary, connect_log, 60)


@pytest.mark.django_db
def test_sitemap_children_and_urls_of_every_form_refused(server: Any, send_response: Any, canary: Any,
                                                         connect_log: Any, pool: WorkerPool, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_mod, "MAX_SITEMAPS", 500)
    hostile = forms(canary.port)
    serve_articles(server, send_response, ["/ok.html"])
    children = "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in hostile)
    children += f"<sitemap><loc>{server.base}/child.xml</loc></sitemap>"
    index = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'.encode()
    urls = "".join(f"<url><loc>{escape(u)}</loc></url>" for u in hostile)
    child = (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}'
             f"<url><loc>{server.base}/ok.html</loc></url></urlset>").encode()
    server.routes["/sitemap.xml"] = lambda h: send_response(h, 200, index)
    server.routes["/child.xml"] = lambda h: send_response(h, 200, child)
    settings = settings_for(tmp_path, allow=server.allow, collect__max_items_per_source=500)
    s = source(server.base + "/sitemap.xml", "sitemap")
    res = collect(settings, pool, [s], resolver=Resolver(HOSTILE_NAMES)).results[0]
    refused_children = [n for n in res.notes if n.startswith("子站点地图")]
    assert len(refused_children) >= 60  # every child was tried and refused
    assert res.new == 1 and Report.objects.count() == 1  # the one good URL of the good child
    assert res.failed >= 60
    assert canary.connections() == 0
    assert set(connect_log.calls) <= {("127.0.0.1", server.port)}
