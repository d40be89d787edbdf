"""Jobs: the scheduler's tick over many sources, and one `zhoubao worker` collecting sources spread over many
loopback hosts — reports per second and the most requests any one host saw at once (never above [fetch] per_host).

python -m bench.jobs [--sources 200] [--hosts 20] [--articles 3] [--threads 4] [--workers 1] [--broker sqlite]
                    [--database sqlite] [--limit 1800]
Everything is on this machine: each host is its own 127.0.0.x address with a small HTTP server. `--workers N`
runs N worker processes on the home (as N machines would; `--workers 1,2,4` runs the batch once for each count,
each on a fresh home); `--broker redis` puts the queue (and the per-host slots) in a redis-server the bench starts
on a free loopback port and stops; `--database postgres` puts the archive in a throw-away PostgreSQL cluster the
bench starts (tests/pg.py's, from Debian's postgresql) — a fresh database for each run.

The issue's measure: python -m bench.jobs --sources 2000 --hosts 50 --workers 1,2,4 --broker redis --database postgres
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("<html><head><meta charset='utf-8'><title>{t}</title></head><body><article><h1>{t}</h1>"
           "<p>6月3日，{t}。国家广播电视总局发布通知，要求各网络视听平台加强微短剧管理，落实主体责任。</p>"
           "<p>通知指出，各平台应当对上线的微短剧进行备案，未经备案的节目不得上线播出。</p></article></body></html>")


class Host:
    """One loopback host: feeds /f/<n>.xml with `articles` items each, articles /a/<n>/<i>.html (50 ms each)."""

    def __init__(self, ip: str, articles: int) -> None:
        self.now = 0
        self.peak = 0
        self.requests = 0
        lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                with lock:
                    host.now += 1
                    host.requests += 1
                    host.peak = max(host.peak, host.now)
                try:
                    self._answer()
                finally:
                    with lock:
                        host.now -= 1

            def _answer(self) -> None:
                base = f"http://{ip}:{host.port}"
                parts = self.path.strip("/").split("/")
                if parts[0] == "f":
                    n = parts[1].split(".")[0]
                    when = datetime.now(UTC)
                    items = "".join(f"<item><title>{ip} 源{n} 第{i}条</title><link>{base}/a/{n}/{i}.html</link>"
                                    f"<pubDate>{format_datetime(when - timedelta(hours=i))}</pubDate></item>"
                                    for i in range(articles))
                    body = (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>源{n}</title>"
                            f"<link>{base}/</link><description>b</description>{items}</channel></rss>").encode()
                    ctype = "application/rss+xml; charset=utf-8"
                elif parts[0] == "a":
                    time.sleep(0.05)
                    body = ARTICLE.format(t=f"{ip} 源{parts[1]} 第{parts[2].split('.')[0]}条").encode()
                    ctype = "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((ip, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def zb(home: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zhoubao", "--home", str(home), *args], capture_output=True,
                          text=True, env=env, timeout=600)


def start_redis(work: Path) -> tuple[subprocess.Popen[bytes], int]:
    """A redis-server of the bench's own: loopback, a free port, nothing saved."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    exe = shutil.which("redis-server") or "/usr/bin/redis-server"
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(work)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work)
    end = time.monotonic() + 20
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("redis-server did not start")


class Archive:
    """The bench home's database: its SQLite file, or a database of the bench's own PostgreSQL cluster."""

    def __init__(self, home: Path, url: str = "") -> None:
        self.home, self.url = home, url

    def count(self, sql: str) -> Any:
        if self.url:
            import psycopg

            with psycopg.connect(self.url, autocommit=True, connect_timeout=30) as con:
                return con.execute(sql).fetchall()
        con = sqlite3.connect(self.home / "data" / "zhoubao.sqlite3", timeout=30)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


def run_once(a: argparse.Namespace, workers: int, work: Path, pg: Any = None) -> dict[str, Any]:
    """One batch: a fresh home (and database), every source polled once by `workers` worker processes."""
    home = work / "home"
    redis: subprocess.Popen[bytes] | None = None
    hosts: list[Host] = []
    env = {k: v for k, v in os.environ.items() if k not in ("ZHOUBAO_HOME", "DJANGO_SETTINGS_MODULE",
                                                            "DATABASE_URL")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    if pg is not None:
        env["DATABASE_URL"] = pg.create_database(f"bench_jobs_{workers}_{int(time.time())}")
    try:
        hosts = [Host(f"127.0.0.{k + 2}", a.articles) for k in range(a.hosts)]
        assert zb(work, "init", str(home), env=env).returncode == 0
        allow = ", ".join(f'"{h.httpd.server_address[0]}:{h.port}"' for h in hosts)
        cfg = home / "zhoubao.toml"
        cfg.write_text(cfg.read_text(encoding="utf-8").replace("allow = []", f"allow = [{allow}]", 1)
                       .replace("robots = true", "robots = false", 1), encoding="utf-8")
        lines = ["url,kind,name"]
        for n in range(a.sources):
            h = hosts[n % len(hosts)]
            lines.append(f"http://{h.httpd.server_address[0]}:{h.port}/f/{n}.xml,feed,源{n}")
        (work / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        res = zb(home, "sources", "import", str(work / "sources.csv"), env=env)
        assert res.returncode == 0, res.stderr
        db = Archive(home, env.get("DATABASE_URL", ""))

        if a.broker == "redis":
            redis, port = start_redis(work)
            env.update({"ZHOUBAO_JOBS_BROKER": f"redis://127.0.0.1:{port}/0", "ZHOUBAO_JOBS_ALLOW": f"127.0.0.1:{port}"})
        log = (work / "worker.log").open("wb")
        started = time.monotonic()
        procs = [subprocess.Popen([sys.executable, "-m", "zhoubao", "--home", str(home), "worker", "--threads",
                                   str(a.threads)], env=env, stdout=log, stderr=subprocess.STDOUT)
                 for _ in range(max(1, workers))]
        first = None
        while time.monotonic() - started < a.limit:
            time.sleep(1)
            done = db.count("select count(*) from archive_source where last_checked is not null")[0][0]
            if done and first is None:
                first = time.monotonic() - started
            if done >= a.sources:
                break
        elapsed = time.monotonic() - started
        for worker in procs:
            worker.send_signal(signal.SIGTERM)
        for worker in procs:
            worker.wait(120)
        reports = db.count("select count(*) from archive_report")[0][0]
        runs = dict(db.count("select state, count(*) from archive_jobrun group by state"))
        twice = db.count("select count(*) from archive_jobrun where attempts > 1")[0][0]
        per_host = 2  # the default [fetch] per_host
        after = max(elapsed - (first or 0), 0.1)
        return {"sources": a.sources, "hosts": a.hosts, "articles_per_source": a.articles, "threads": a.threads,
                "workers": len(procs), "broker": a.broker, "database": a.database,
                "seconds_to_first_source": round(first or 0, 1), "seconds_all_sources": round(elapsed, 1),
                "reports": reports, "reports_per_second": round(reports / elapsed, 2),
                # From the first source stored on: the workers' start (imports, the first tick) left out.
                "reports_per_second_after_start": round(reports / after, 2),
                "requests": sum(h.requests for h in hosts), "peak_requests_one_host": max(h.peak for h in hosts),
                "per_host_limit": per_host, "runs": runs, "runs_claimed_twice": twice,
                "complete": reports == a.sources * a.articles}
    finally:
        for h in hosts:
            h.httpd.shutdown()
            h.httpd.server_close()
        if redis is not None:
            redis.terminate()
            redis.wait(10)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=200)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--articles", type=int, default=3)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--workers", default="1", help="worker processes on the one home; a list (1,2,4) runs the "
                    "batch once for each, on a fresh home")
    ap.add_argument("--broker", choices=("sqlite", "redis"), default="sqlite")
    ap.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite",
                    help="postgres: a throw-away cluster the bench starts (Debian's postgresql, as the tests do)")
    ap.add_argument("--limit", type=float, default=1800.0, help="seconds one batch may take at most")
    a = ap.parse_args(argv)
    counts = [int(x) for x in str(a.workers).split(",") if x.strip()]
    results = []
    with contextlib.ExitStack() as stack:
        pg = None
        if a.database == "postgres":
            sys.path.insert(0, str(ROOT))
            from tests.pg import own_cluster

            pg = stack.enter_context(own_cluster())
        for n in counts:
            work = Path(tempfile.mkdtemp(prefix="zhoubao-bench-jobs-"))
            try:
                out = run_once(a, n, work, pg)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            print(json.dumps(out, ensure_ascii=False, indent=2), flush=True)
            results.append(out)
    if len(results) > 1:
        print(f"{'workers':>7} {'seconds':>8} {'reports':>8} {'reports/s':>10} {'after start':>12} {'peak/host':>10}")
        for r in results:
            print(f"{r['workers']:>7} {r['seconds_all_sources']:>8} {r['reports']:>8} {r['reports_per_second']:>10} "
                  f"{r['reports_per_second_after_start']:>12} {r['peak_requests_one_host']:>7} / {r['per_host_limit']}")
    ok = all(r["peak_requests_one_host"] <= r["per_host_limit"] and r["complete"] for r in results)
    print("OK" if ok else "LIMIT EXCEEDED OR REPORTS MISSING")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
