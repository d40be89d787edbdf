"""Helpers for the worker tests: the command line in a child process, a home's database read directly, and a
loopback feed whose articles answer as slowly as a test wants."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.conftest import ROOT


def env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The child's environment: its own home, on its own SQLite file (these tests read that file directly, so a
    suite run against PostgreSQL does not hand its database to the children)."""
    drop = ("ZHOUBAO_HOME", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ZHOUBAO_DATABASE_URL")
    out = {k: v for k, v in os.environ.items() if k not in drop}
    out.update(extra or {})
    return out


def zb(home: Path, *args: str, extra: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zhoubao", "--home", str(home), *args], capture_output=True,
                          text=True, env=env(extra), cwd=ROOT, timeout=timeout)


def start_worker(home: Path, log: Path, extra: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    fh = log.open("ab")
    return subprocess.Popen([sys.executable, "-m", "zhoubao", "--home", str(home), "worker", "--threads", "2"],
                            stdout=fh, stderr=subprocess.STDOUT, env=env(extra), cwd=ROOT)


def init_home(home: Path, allow: str) -> None:
    res = zb(home.parent, "init", str(home))
    assert res.returncode == 0, res.stderr
    cfg = home / "zhoubao.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("allow = []", f'allow = ["{allow}"]', 1),
                   encoding="utf-8")


def query(home: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Read the home's archive directly (the test process's Django is on its own scratch database)."""
    con = sqlite3.connect(home / "data" / "zhoubao.sqlite3", timeout=30)
    try:
        return list(con.execute(sql, params))
    finally:
        con.close()


def until(check: Callable[[], Any], *, timeout: float, every: float = 0.3, what: str = "") -> Any:
    end = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > end:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(every)


ARTICLE = ("<html><head><meta charset='utf-8'><title>{title}</title></head><body><article><h1>{title}</h1>"
           "<p>{day}，国家广播电视总局发布通知，要求各网络视听平台加强微短剧管理，落实平台主体责任，建立健全审核制度。</p>"
           "<p>通知指出，各平台应当对上线的微短剧进行备案，未经备案的节目不得上线播出。通知自发布之日起施行。</p>"
           "<p>业内人士表示，新规将推动微短剧行业规范发展，提升内容质量。</p></article></body></html>")


class SlowSite:
    """An RSS feed on 127.0.0.1 whose article pages answer after `delay` seconds (changeable while it runs)."""

    def __init__(self, articles: int = 1, delay: float = 0.0) -> None:
        self.delay = delay
        self.articles = articles
        self.hits: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                site.hits[path] = site.hits.get(path, 0) + 1
                if path == "/feed.xml":
                    body, ctype = site.feed().encode(), "application/rss+xml; charset=utf-8"
                elif path.startswith("/a/"):
                    time.sleep(site.delay)
                    n = path.rsplit("/", 1)[-1].split(".")[0]
                    body = ARTICLE.format(title=f"广电总局发布微短剧管理通知之{n}", day="6月3日").encode()
                    ctype = "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def feed(self) -> str:
        now = datetime.now(UTC)
        items = "".join(
            f"<item><title>广电总局发布微短剧管理通知之{i}</title><link>{self.base}/a/{i}.html</link>"
            f"<guid>{self.base}/a/{i}.html</guid><pubDate>{format_datetime(now - timedelta(hours=i))}</pubDate></item>"
            for i in range(self.articles))
        return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>慢站</title>"
                f"<link>{self.base}/</link><description>测试</description>{items}</channel></rss>")

    def __enter__(self) -> SlowSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
