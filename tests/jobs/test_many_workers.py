"""Several workers, as several machines run them: three `zhoubao worker` processes on one Redis (a redis-server the
test starts) and one database (the PostgreSQL run's, else the home's SQLite file). Sources spread over three
loopback sites that count the requests they serve at once: the per-host limit holds across the workers (its
slots live in Redis), every source is collected once, no run is run twice, and the job of a worker killed with
kill -9 in the middle of it is handed back and completed by another worker."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests import pg
from tests.conftest import ROOT
from tests.jobs.helpers import ARTICLE, env, until, zb
from zhoubao.conf.settings import ConfigError, load
from zhoubao.net.broker import RedisHostSlots, broker_pool
from zhoubao.net.fetcher import Fetcher
from zhoubao.net.policy import FetchPolicy
from zhoubao.net.politeness import Politeness

pytestmark = pytest.mark.e2e

PER_HOST = 2  # [fetch] per_host of the test's home
HOSTS, SOURCES_PER_HOST, ARTICLES = 3, 3, 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server(folder: Path) -> Iterator[int]:
    """A redis-server of the test's own on a free loopback port, nothing saved to disk; stopped afterwards."""
    exe = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(exe).exists():
        pytest.fail("redis-server is not installed (make test-deps installs it)")
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    with (folder / "redis.log").open("ab") as log:
        proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                 "--dir", str(folder)], stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    try:
        until(lambda: _pong(port) or proc.poll() is not None, timeout=20, every=0.1, what="redis-server answering")
        assert proc.poll() is None, (folder / "redis.log").read_text(errors="replace")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


class CountingSite:
    """Feeds and articles on one loopback port that count how many requests they serve at the same moment."""

    def __init__(self, name: str, sources: int, articles: int, delay: float = 0.3) -> None:
        self.name, self.sources, self.articles, self.delay = name, sources, articles, delay
        self.slow: set[str] = set()  # article paths that answer after `slow_delay` instead
        self.slow_delay = 60.0
        self.now = self.peak = 0
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                with site.lock:
                    site.hits[path] = site.hits.get(path, 0) + 1
                    site.now += 1
                    site.peak = max(site.peak, site.now)
                self.counted = True
                try:
                    site.answer(self, path)
                finally:
                    site.served(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def served(self, h: BaseHTTPRequestHandler) -> None:
        """The request no longer counts as served at this moment. Called before the answer's first byte is sent:
        once a client has its answer it may send the next request, which must not overlap a handler still
        finishing its write (a race of the count, not of the client; seen on a loaded machine)."""
        if getattr(h, "counted", False):
            h.counted = False  # type: ignore[attr-defined]
            with self.lock:
                self.now -= 1

    def answer(self, h: BaseHTTPRequestHandler, path: str) -> None:
        if path.startswith("/feed/"):
            s = path.rsplit("/", 1)[-1].split(".")[0]
            body, ctype = self.feed(s).encode(), "application/rss+xml; charset=utf-8"
        elif path.startswith("/a/"):
            if not self.wait(h, self.slow_delay if path in self.slow else self.delay):
                return
            title = f"{self.name}报道{path.strip('/').replace('/', '-')}"
            body = ARTICLE.format(title=title, day="6月3日").encode()
            ctype = "text/html; charset=utf-8"
        else:
            h.send_error(404)
            return
        self.served(h)
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    @staticmethod
    def wait(h: BaseHTTPRequestHandler, seconds: float) -> bool:
        """Wait before answering; False as soon as the client hung up (a killed worker's request then no longer
        counts as one served at the same moment)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([h.connection], [], [], min(left, 0.05))
            if ready and not h.connection.recv(1, socket.MSG_PEEK):
                return False
        return True

    def feed(self, s: str) -> str:
        now = datetime.now(UTC)
        items = "".join(
            f"<item><title>{self.name}报道a-{s}-{i}</title><link>{self.base}/a/{s}/{i}.html</link>"
            f"<guid>{self.base}/a/{s}/{i}.html</guid><pubDate>{format_datetime(now - timedelta(hours=i + 1))}"
            "</pubDate></item>" for i in range(self.articles))
        return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{self.name}</title>"
                f"<link>{self.base}/</link><description>测试</description>{items}</channel></rss>")

    def feeds(self) -> list[str]:
        return [f"{self.base}/feed/{s}.xml" for s in range(self.sources)]

    def __enter__(self) -> CountingSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- the shared slots themselves --------------------------------------------------------------------------------

def test_redis_slots_hold_the_per_host_limit_across_processes(tmp_path: Path) -> None:
    """Two Politeness objects stand for two worker processes: each alone keeps per_host, only the slots in Redis
    keep it for both together."""
    with redis_server(tmp_path / "redis") as port, CountingSite("站", 1, 0, delay=0.0) as site:
        site.slow_delay = 0.3
        urls = [f"{site.base}/a/x/{i}.html" for i in range(12)]
        site.slow.update(u.removeprefix(site.base) for u in urls)
        pool = broker_pool(f"redis://127.0.0.1:{port}/0", frozenset({f"127.0.0.1:{port}"}))

        def peak(shared: bool) -> int:
            site.peak = 0
            fetchers = [Fetcher(FetchPolicy(allow=frozenset({f"127.0.0.1:{site.port}"}), timeout=10.0))
                        for _ in range(2)]
            polite = [Politeness(f, per_host=1, robots=False,
                                 shared=RedisHostSlots(pool, hold_for=15.0) if shared else None) for f in fetchers]
            errors: list[Exception] = []

            def fetch(p: Politeness, url: str) -> None:
                try:
                    p.get(url)
                except Exception as exc:  # pragma: no cover - reported below
                    errors.append(exc)

            threads = [threading.Thread(target=fetch, args=(polite[i % 2], u)) for i, u in enumerate(urls[:8])]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            for f in fetchers:
                f.close()
            assert not errors, errors
            return site.peak

        assert peak(shared=False) == 2  # the control: one slot in each process is two at the host
        assert peak(shared=True) == 1
        pool.disconnect()


def test_how_long_a_silent_worker_counts_as_alive_is_a_setting(tmp_path: Path) -> None:
    assert load(tmp_path).jobs.stale_after == 120.0
    assert load(tmp_path, env={"ZHOUBAO_JOBS_STALE_AFTER": "10"}).jobs.stale_after == 10.0
    with pytest.raises(ConfigError, match="stale_after"):
        load(tmp_path, env={"ZHOUBAO_JOBS_STALE_AFTER": "3"})  # shorter than two beats: live workers look dead


# -- three workers ----------------------------------------------------------------------------------------------

def _rows(home: Path, cenv: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    with pg.archive(home, cenv) as con:
        return [tuple(r) for r in con.execute(sql).fetchall()]


def _args(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else json.loads(value)


def test_three_workers_share_the_hosts_run_each_job_once_and_retry_a_killed_workers_job(tmp_path: Path) -> None:
    home = tmp_path / "home"
    logs = [tmp_path / f"worker{i}.log" for i in range(3)]
    begun = time.monotonic()
    pid = -1
    held: dict[int, int] = {}
    with redis_server(tmp_path / "redis") as port, \
            CountingSite("甲站", SOURCES_PER_HOST, ARTICLES) as a, \
            CountingSite("乙站", SOURCES_PER_HOST, ARTICLES) as b, \
            CountingSite("丙站", SOURCES_PER_HOST, ARTICLES) as c:
        sites = [a, b, c]
        assert zb(tmp_path, "init", str(home)).returncode == 0
        cfg = home / "zhoubao.toml"
        allow = ", ".join(f'"127.0.0.1:{s.port}"' for s in sites)
        cfg.write_text(cfg.read_text(encoding="utf-8").replace("allow = []", f"allow = [{allow}]", 1),
                       encoding="utf-8")
        cenv = pg.child_env(env({
            "ZHOUBAO_HOME": str(home),
            "ZHOUBAO_JOBS_BROKER": f"redis://127.0.0.1:{port}/0",
            "ZHOUBAO_JOBS_ALLOW": f"127.0.0.1:{port}",
            "ZHOUBAO_JOBS_STALE_AFTER": "10",  # a killed worker counts as gone 10 s after its last beat
            "ZHOUBAO_FETCH_PER_HOST": str(PER_HOST),
        }), home)
        for s in sites:
            for n, url in enumerate(s.feeds()):
                res = subprocess.run([sys.executable, "-m", "zhoubao", "sources", "add", url, "--kind", "feed",
                                      "--name", f"{s.name}{n}"], capture_output=True, text=True, env=cenv, cwd=ROOT,
                                     timeout=120)
                assert res.returncode == 0, res.stderr
        # The first article of 丙站's first source hangs until its worker is killed.
        c.slow.add("/a/0/0.html")
        workers = []
        for log in logs:
            with log.open("ab") as fh:
                workers.append(subprocess.Popen(
                    [sys.executable, "-m", "zhoubao", "worker", "--threads", "2"], stdout=fh,
                    stderr=subprocess.STDOUT, env=cenv, cwd=ROOT, start_new_session=True))
        try:
            until(lambda: c.hits.get("/a/0/0.html"), timeout=90, every=0.1, what="丙站's slow article fetched")
            # Kill so that the worker is silent for stale_after before the next minute's tick: that tick hands
            # its job back (ticks come at the top of each minute).
            if datetime.now().second > 42:
                until(lambda: datetime.now().second < 5, timeout=30, every=0.2, what="the next minute")
            killed_run, killed_name = _running_run_of(home, cenv, c.feeds()[0])
            pid = int(killed_name.rsplit(":", 1)[-1])
            assert pid in [w.pid for w in workers]
            os.kill(pid, signal.SIGKILL)
            killed = next(w for w in workers if w.pid == pid)
            killed.wait(30)
            c.slow.clear()  # the retried job finds the site quick again
            # Every run the dead worker held (it runs two at a time): each must be handed back and run again.
            held = {int(r[0]): int(_args(r[1])["source_id"]) for r in _rows(
                home, cenv, "select id, args, worker from archive_jobrun where state = 'running'")
                if r[2] == killed_name}
            assert killed_run in held, held

            total = HOSTS * SOURCES_PER_HOST

            def all_done() -> bool:
                rows = _rows(home, cenv, "select state from archive_jobrun where kind = 'collect'")
                return len(rows) == total and all(r[0] == "done" for r in rows)

            until(all_done, timeout=110, every=0.5, what="every source's job done, the killed one retried")
        finally:
            codes = []
            for w in workers:
                if w.poll() is None:
                    w.send_signal(signal.SIGTERM)
            for w in workers:
                try:
                    codes.append(w.wait(60))
                except subprocess.TimeoutExpired:
                    os.killpg(w.pid, signal.SIGKILL)
                    codes.append(w.wait(10))
        texts = [log.read_text(encoding="utf-8", errors="replace") for log in logs]
        live = [w for w in workers if w.pid != pid]
        assert [w.returncode for w in live] == [0, 0], texts
        assert all("Traceback" not in t for t in texts), texts

        # Per-host politeness held across the three workers.
        assert [s.peak for s in sites] and max(s.peak for s in sites) <= PER_HOST, [s.peak for s in sites]
        # Every source collected once, its job run once — except the killed one, claimed a second time.
        runs = _rows(home, cenv, "select id, args, state, attempts, worker from archive_jobrun where kind = 'collect'")
        by_source: dict[int, list[tuple[Any, ...]]] = {}
        for r in runs:
            by_source.setdefault(int(_args(r[1])["source_id"]), []).append(r)
        assert len(by_source) == total and all(len(v) == 1 for v in by_source.values()), runs
        assert {r[0]: r[3] for r in runs} == {r[0]: (2 if r[0] in held else 1) for r in runs}
        assert all(r[2] == "done" and r[4] != killed_name for r in runs if r[0] in held)  # by another worker
        sources = _rows(home, cenv, "select count(*) from archive_source where last_success is not null")[0][0]
        assert sources == total
        held_urls = {str(r[0]) for r in _rows(home, cenv, "select url from archive_source where id in ("
                                                     + ",".join(str(v) for v in held.values()) + ")")}
        reports = _rows(home, cenv, "select url from archive_report")
        expected = {f"{s.base}/a/{n}/{i}.html" for s in sites for n in range(SOURCES_PER_HOST) for i in range(ARTICLES)}
        assert sorted(r[0] for r in reports) == sorted(expected)  # no report missing, none twice
        # No page was fetched twice, but the killed job's feed and the article it was waiting for.
        for s in sites:
            again = {p: n for p, n in s.hits.items() if n > 1 and p != "/robots.txt"}
            # A handed-back job fetches its feed again, and the articles its undone transaction had not kept.
            redone = {f"/feed/{n}.xml" for n, url in enumerate(s.feeds()) if url in held_urls}
            redone |= {f"/a/{n}/{i}.html" for n, url in enumerate(s.feeds()) if url in held_urls
                       for i in range(ARTICLES)}
            assert set(again) <= redone and all(n == 2 for n in again.values()), (s.name, again)
            assert {f"/feed/{n}.xml" for n, url in enumerate(s.feeds()) if url in held_urls} <= set(again)
        assert {"/feed/0.xml", "/a/0/0.html"} <= {p for p, n in c.hits.items() if n == 2}
    assert time.monotonic() - begun < 150


def _running_run_of(home: Path, cenv: dict[str, str], feed: str) -> tuple[int, str]:
    """The running collect run of the source with this feed URL, and the worker holding it."""
    sid = int(_rows(home, cenv, f"select id from archive_source where url = '{feed}'")[0][0])
    running = _rows(home, cenv, "select id, worker, args from archive_jobrun where state = 'running'")
    found = [(int(r[0]), str(r[1])) for r in running if _args(r[2]).get("source_id") == sid]
    assert len(found) == 1, running
    return found[0]
