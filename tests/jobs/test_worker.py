"""`zhoubao worker` as an office runs it: sources on a loopback server are collected with nobody typing, `status`
shows it, and SIGTERM stops the worker cleanly — the job in flight finished, or handed back and run again."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from tests.jobs.helpers import SlowSite, init_home, query, start_worker, until, zb
from zhoubao.demo.run import demo_sources
from zhoubao.demo.server import DemoServer

pytestmark = pytest.mark.e2e


def _stop(worker: object, timeout: float = 60) -> int:
    worker.send_signal(signal.SIGTERM)  # type: ignore[attr-defined]
    return int(worker.wait(timeout))  # type: ignore[attr-defined]


def test_a_worker_collects_with_nobody_typing_and_status_shows_it(tmp_path: Path) -> None:
    home, log = tmp_path / "home", tmp_path / "worker.log"
    with DemoServer() as server:
        init_home(home, f"127.0.0.1:{server.port}")
        feeds = [s for s in demo_sources() if s.get("kind") == "feed"][:4]
        for s in feeds:
            assert zb(home, "sources", "add", server.rewrite(s["url"]), "--kind", "feed", "--name", s["name"]).returncode == 0
        worker = start_worker(home, log)
        try:
            # No command is typed: the worker's first tick finds every source due and collects them one by one.
            until(lambda: query(home, "select count(*) from archive_source where last_success is not null")[0][0]
                  == len(feeds), timeout=150, every=1.0, what="every source collected by the worker")
            st = json.loads(zb(home, "status", "--json").stdout)
        finally:
            code = _stop(worker)
    text = log.read_text(encoding="utf-8")
    assert code == 0, text
    reports = query(home, "select count(*) from archive_report")[0][0]
    assert reports > 0 and st["reports"] == reports
    assert st["sources"] == len(feeds) and st["issues"] == 0 and st["failing_sources"] == []
    assert st["queue"]["queued"] == 0 and isinstance(st["queue"]["depth"], int)
    assert [w["threads"] for w in st["workers"]] == [2]
    assert st["last_runs"]["collect"]["state"] == "done" and st["last_runs"]["collect_tick"]
    assert st["next_runs"]["collect_tick"] and st["next_runs"]["weekly_build"]
    assert set(st) >= {"queue", "workers", "running", "last_runs", "next_runs", "failing_sources", "sources",
                       "reports", "issues", "broker"}
    runs = query(home, "select state, attempts, origin from archive_jobrun where kind = 'collect'")
    assert len(runs) == len(feeds) and {r[0] for r in runs} == {"done"} and {r[1] for r in runs} == {1}
    assert {r[2] for r in runs} == {"schedule"}
    assert "✓ 抓取" in text and "已停止" in text and "Traceback" not in text
    # The stopped worker left no heartbeat behind; status says so and what to run.
    after = zb(home, "status")
    assert after.returncode == 0 and "没有正在运行的 worker" in after.stdout and f"报道 {reports} 篇" in after.stdout


def _running(home: Path) -> bool:
    return bool(query(home, "select 1 from archive_jobrun where state = 'running'"))


def test_sigterm_lets_the_job_in_flight_finish(tmp_path: Path) -> None:
    home, log = tmp_path / "home", tmp_path / "worker.log"
    with SlowSite(articles=1, delay=8.0) as site:
        init_home(home, f"127.0.0.1:{site.port}")
        assert zb(home, "sources", "add", f"{site.base}/feed.xml", "--kind", "feed", "--name", "慢站").returncode == 0
        worker = start_worker(home, log)
        try:
            until(lambda: site.hits.get("/a/0.html"), timeout=90, every=0.1, what="the article being fetched")
            assert _running(home)
        finally:
            code = _stop(worker)  # the article answers 8 s later; the job ends before the worker does
    text = log.read_text(encoding="utf-8")
    assert code == 0, text
    state, attempts, message = query(home, "select state, attempts, message from archive_jobrun where kind = 'collect'")[0]
    assert (state, attempts) == ("done", 1), message
    assert query(home, "select count(*) from archive_report")[0][0] == 1
    assert "没有未完成的任务" in text


def test_sigterm_hands_back_a_job_that_does_not_end_in_time_and_it_runs_again(tmp_path: Path) -> None:
    home, log = tmp_path / "home", tmp_path / "worker.log"
    fast = {"ZHOUBAO_JOBS_STOP_TIMEOUT": "1"}
    with SlowSite(articles=1, delay=15.0) as site:
        init_home(home, f"127.0.0.1:{site.port}")
        assert zb(home, "sources", "add", f"{site.base}/feed.xml", "--kind", "feed", "--name", "慢站").returncode == 0
        worker = start_worker(home, log, fast)
        try:
            until(lambda: site.hits.get("/a/0.html"), timeout=90, every=0.1, what="the article being fetched")
        finally:
            code = _stop(worker, timeout=30)
        assert code == 0, log.read_text(encoding="utf-8")
        state, message, worker_name = query(home, "select state, message, worker from archive_jobrun "
                                                  "where kind = 'collect'")[0]
        assert state == "queued" and "交回" in message and worker_name == ""
        assert query(home, "select count(*) from archive_report")[0][0] == 0  # nothing half-stored
        assert "1 个未完成的任务已交回队列" in log.read_text(encoding="utf-8")
        # The next worker (the site is quick now) runs the handed-back job from the start, once.
        site.delay = 0.0
        worker = start_worker(home, log)
        try:
            until(lambda: query(home, "select state from archive_jobrun where kind = 'collect'")[0][0] == "done",
                  timeout=120, every=0.5,
                  what="the handed-back job done by the next worker")
        finally:
            assert _stop(worker) == 0
    # Collect runs only: the worker's tick may also start the week's scheduled build when the test runs on the
    # profile's build day and hour (a Monday morning in Asia/Shanghai), which is not this test's business.
    runs = query(home, "select state, attempts from archive_jobrun where kind = 'collect'")
    assert runs == [("done", 2)], query(home, "select kind, state, attempts, message from archive_jobrun")
    assert query(home, "select count(*) from archive_report")[0][0] == 1


def test_run_starts_the_desk_and_a_worker_together(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import urllib.request

    from tests.conftest import ROOT
    from tests.jobs.helpers import env

    home, log = tmp_path / "home", tmp_path / "run.log"
    assert zb(tmp_path, "init", str(home)).returncode == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with log.open("ab") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "zhoubao", "--home", str(home), "run", "--port", str(port)],
                                stdout=fh, stderr=subprocess.STDOUT, env=env(), cwd=ROOT)
    try:
        def up() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                    return resp.status == 200
            except OSError:
                return False

        until(up, timeout=60, every=0.5, what="the desk answering")
        until(lambda: query(home, "select count(*) from archive_workerbeat")[0][0] == 1, timeout=30,
              what="the worker beating")
        st = json.loads(zb(home, "status", "--json").stdout)
        assert len(st["workers"]) == 1 and st["last_runs"]["collect_tick"]  # its first tick has run
    finally:
        code = _stop(proc)
    text = log.read_text(encoding="utf-8")
    assert code == 0 and "编辑台已启动" in text and "worker" in text and "已停止" in text, text
    assert not up()
