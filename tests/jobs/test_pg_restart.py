"""PostgreSQL restarted while a worker collects a batch of loopback sources: the worker reconnects, the job whose
connection died is run again (never half-stored), and the batch completes — every source collected once, every
report stored once, the archive's integrity clean. PostgreSQL only: the SQLite run has no server to restart."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests import pg
from tests.conftest import ROOT
from tests.jobs.helpers import env, until
from tests.jobs.test_many_workers import CountingSite, _args
from zhoubao.archive.integrity import problems

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not pg.enabled(), reason="a PostgreSQL server restarted mid-batch: runs on the "
                                 "PostgreSQL run of the suite (ZHOUBAO_TEST_DATABASE=postgres) only")]

HOSTS, SOURCES_PER_HOST, ARTICLES = 2, 8, 2


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as con:
        return [tuple(r) for r in con.execute(sql).fetchall()]


def test_a_worker_reconnects_after_postgresql_restarts_and_the_batch_completes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    log = tmp_path / "worker.log"
    begun = time.monotonic()
    with pg.own_cluster() as cluster, \
            CountingSite("甲站", SOURCES_PER_HOST, ARTICLES, delay=0.4) as a, \
            CountingSite("乙站", SOURCES_PER_HOST, ARTICLES, delay=0.4) as b:
        sites = [a, b]
        db = cluster.create_database("restart")
        cenv = env({"ZHOUBAO_HOME": str(home), "DATABASE_URL": db})
        res = subprocess.run([sys.executable, "-m", "zhoubao", "init", str(home)], capture_output=True, text=True,
                             env=cenv, cwd=ROOT, timeout=120)
        assert res.returncode == 0, res.stderr
        cfg = home / "zhoubao.toml"
        allow = ", ".join(f'"127.0.0.1:{s.port}"' for s in sites)
        cfg.write_text(cfg.read_text(encoding="utf-8").replace("allow = []", f"allow = [{allow}]", 1),
                       encoding="utf-8")
        csv = tmp_path / "sources.csv"
        csv.write_text("url,kind,name\n" + "".join(f"{u},feed,{s.name}{n}\n" for s in sites
                                                   for n, u in enumerate(s.feeds())), encoding="utf-8")
        res = subprocess.run([sys.executable, "-m", "zhoubao", "sources", "import", str(csv)], capture_output=True,
                             text=True, env=cenv, cwd=ROOT, timeout=120)
        assert res.returncode == 0, res.stderr
        total = HOSTS * SOURCES_PER_HOST
        assert _rows(db, "select count(*) from archive_source")[0][0] == total

        def collected() -> int:
            return int(_rows(db, "select count(*) from archive_source where last_success is not null")[0][0])

        # One article of 甲站's third source answers slowly: the restart comes while its job is surely in flight
        # (between its queries, holding a connection the restart cuts), with sources stored before it.
        slow = "/a/2/0.html"
        a.slow.add(slow)
        a.slow_delay = 6.0
        with log.open("ab") as fh:
            worker = subprocess.Popen([sys.executable, "-m", "zhoubao", "worker", "--threads", "2"], stdout=fh,
                                      stderr=subprocess.STDOUT, env=cenv, cwd=ROOT, start_new_session=True)
        try:
            until(lambda: a.hits.get(slow), timeout=100, every=0.1, what="甲站's slow article asked for")
            assert 2 <= collected() < total - 2
            before = sum(sum(s.hits.values()) for s in sites)
            cluster.restart(down=2.0)
            a.slow.clear()  # the job run again finds the site quick
            restarted = time.monotonic()
            until(lambda: collected() == total, timeout=90, every=0.5, what="every source collected after the restart")
            assert sum(sum(s.hits.values()) for s in sites) > before  # the worker went on after the restart
            assert time.monotonic() - restarted < 90

            def all_done() -> bool:
                states = [r[0] for r in _rows(db, "select state from archive_jobrun where kind = 'collect'")]
                return len(states) >= total and all(s == "done" for s in states)

            until(all_done, timeout=30, every=0.5, what="every collect job done")
        finally:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(10)
        text = log.read_text(encoding="utf-8", errors="replace")
        assert worker.returncode == 0, text

        # Every source collected exactly once: one collect run each, done; none failed on the lost connection.
        runs = _rows(db, "select args, state, attempts, message from archive_jobrun where kind = 'collect'")
        third = int(_rows(db, f"select id from archive_source where url = '{a.feeds()[2]}'")[0][0])
        # The jobs cut by the restart (the slow one, and whatever the other thread held) were claimed a second time
        # and completed; none a third time.
        again = {int(_args(r[0])["source_id"]): r[2] for r in runs if r[2] != 1}
        assert third in again and set(again.values()) == {2} and len(again) <= 2, runs
        per_source: dict[int, int] = {}
        for r in runs:
            sid = int(_args(r[0])["source_id"])
            per_source[sid] = per_source.get(sid, 0) + 1
        assert len(per_source) == total and set(per_source.values()) == {1}, runs
        assert all(r[1] == "done" for r in runs), runs
        # Nothing duplicated, nothing missing, nothing half-stored.
        urls = sorted(r[0] for r in _rows(db, "select url from archive_report"))
        assert urls == sorted(f"{s.base}/a/{n}/{i}.html" for s in sites for n in range(SOURCES_PER_HOST)
                              for i in range(ARTICLES))
        import psycopg

        with psycopg.connect(db, autocommit=True) as con:
            assert problems(con) == []
        assert "数据库连接中断" in text and "重新放入队列" in text, text
        assert a.hits[slow] == 2  # fetched again by the retried job: what the cut job stored was not kept half
    assert time.monotonic() - begun < 240
