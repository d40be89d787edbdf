"""kill -9 during `zhoubao collect`, many times at random moments: nothing stored is lost, nothing is doubled."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

from tests import pg
from tests.collect.test_collect_sources import rss, serve_articles
from tests.unit.test_cli import zb

FEEDS, PER_FEED, KILLS = 6, 20, 8


def _stored(home: Path, env: dict[str, str]) -> dict[str, tuple[int, int | None, str]]:
    with pg.archive(home, env) as con:
        rows = con.execute("select url, id, source_id, guid from archive_report").fetchall()
    out: dict[str, tuple[int, int | None, str]] = {}
    for url, rid, sid, guid in rows:
        assert url not in out, f"duplicate report for {url}"
        out[url] = (rid, sid, guid)
    return out


def _count(home: Path, env: dict[str, str]) -> int:
    try:
        with pg.archive(home, env) as con:
            return int(con.execute("select count(*) from archive_report").fetchone()[0])
    except (sqlite3.Error, psycopg.Error):  # not migrated yet or locked: nothing counted yet
        return 0


def _orphans(home: Path) -> list[int]:
    """Worker processes of runs in this home that are still alive."""
    found = []
    marker = f"ZHOUBAO_HOME={home}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"zhoubao.collect.feedworker" in (entry / "cmdline").read_bytes() and \
                    marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_kill_9_loses_nothing_and_doubles_nothing(server: Any, send_response: Any, tmp_path: Path) -> None:
    rng = random.Random(20250609)
    paths = [f"/f{f}/a{i}.html" for f in range(FEEDS) for i in range(PER_FEED)]
    serve_articles(server, send_response, paths)
    for f in range(FEEDS):
        # Each article is linked with a tracking parameter: stored under its canonical URL.
        body = rss([(f"/f{f}/a{i}.html?utm_source=rss&spm=1", f"t{i}") for i in range(PER_FEED)], base=server.base)
        server.routes[f"/f{f}.xml"] = lambda h, b=body: send_response(h, 200, b, {"ETag": '"1"'})
    home = tmp_path / "home"
    assert zb("init", str(home)).returncode == 0
    lines = [f'[[source]]\nurl = "{server.base}/f{f}.xml"\nkind = "feed"\n' for f in range(FEEDS)]
    (tmp_path / "s.toml").write_text("".join(lines), encoding="utf-8")
    env = pg.child_env({k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)})
    env.update({"ZHOUBAO_HOME": str(home), "ZHOUBAO_FETCH_ALLOW": f"127.0.0.1:{server.port}"})
    assert zb("sources", "import", str(tmp_path / "s.toml"), home=home, env=env).returncode == 0
    cmd = [sys.executable, "-m", "zhoubao", "collect"]

    before: dict[str, tuple[int, int | None, str]] = {}
    kills = 0
    for attempt in range(KILLS):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # A random moment: three times during start-up, the other times while reports are being
        # stored (after a random number of new ones, plus a random few milliseconds).
        if attempt in (1, 4, 6):
            deadline = time.monotonic() + rng.uniform(0.2, 1.5)
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.01)
        else:
            target = len(before) + rng.randint(1, 25)
            deadline = time.monotonic() + 30
            while proc.poll() is None and time.monotonic() < deadline and _count(home, env) < target:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.05))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait(30)
        assert proc.stderr is not None
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        assert "Traceback" not in err, err
        now = _stored(home, env)
        lost = {u for u in before if u not in now or now[u] != before[u]}
        assert not lost, f"reports lost or changed after a kill: {sorted(lost)[:3]}"
        before = now
        if len(now) == len(paths):
            break
    assert kills >= 3  # the run really was interrupted, more than once
    final = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    stored = _stored(home, env)
    assert set(before) <= set(stored)
    assert all(stored[u] == before[u] for u in before)
    assert sorted(stored) == sorted(server.base + p for p in paths)
    pairs = [(sid, guid) for _, sid, guid in stored.values()]
    assert len(pairs) == len(set(pairs)) == FEEDS * PER_FEED
    with pg.archive(home, env) as con:
        assert con.execute("select count(*) from archive_report where text = ''").fetchone()[0] == 0
        done = con.execute("select count(*) from archive_source where last_success is not null").fetchone()[0]
    assert done == FEEDS
    # Workers of killed runs saw their pipe close and left.
    for _ in range(50):
        if not _orphans(home):
            break
        time.sleep(0.1)
    assert _orphans(home) == []
