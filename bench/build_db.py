"""A week of 20,000 reports built on SQLite and on PostgreSQL: seconds and peak memory (RSS) of `zhoubao build`.

    python -m bench.build_db [--reports 20000] [--databases sqlite,postgres]

Each database gets a fresh home filled with the same generated week (bench.understand's synthetic reports: the
labelled corpora's reports with their works, figures and days changed, all published inside the one week), then
`zhoubao build --date D` runs as a child process, as an editor runs it; its wall time and its peak resident memory
(wait4's rusage: the process and every child it waited for) are measured. PostgreSQL is a throw-away cluster the
bench starts (tests/pg.py's, from Debian's postgresql: tuned for tests — fsync off — as on SQLite the page cache
absorbs the writes). Run by `make bench`, never by the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ISSUE_DATE = date(2025, 6, 9)  # a Monday; the week built is the seven days before it


def _env(database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ZHOUBAO_HOME", "DJANGO_SETTINGS_MODULE",
                                                            "DATABASE_URL")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def generate(home: Path, n: int) -> int:
    """Child mode: store n generated reports of the week in the home's archive (its DATABASE_URL or SQLite)."""
    from zhoubao.archive.db import open_home

    open_home(home)
    from django.db import transaction
    from django.utils import timezone

    from bench.understand import synthetic
    from zhoubao.archive.models import Report, Source
    from zhoubao.collect.store import fingerprint

    rnd = random.Random(12)
    end = timezone.make_aware(datetime.combine(ISSUE_DATE, datetime.min.time()))
    start = end - timedelta(days=7)
    with transaction.atomic():
        sources = Source.objects.bulk_create([Source(name=f"来源{i}", url=f"https://s{i}.example.com/feed.xml")
                                              for i in range(50)])
        rows = []
        for i, r in enumerate(synthetic(n)):
            when = start + timedelta(seconds=rnd.randrange(7 * 86400 - 3600))
            title, text = str(r["title"]), str(r["text"])
            rows.append(Report(source=sources[i % 50], url=f"https://r.example.com/{i}.html", outlet=str(r["outlet"]),
                               outlet_kind=str(r["outlet_kind"]), title=title, published=when, text=text,
                               fingerprint=fingerprint(title, text)))
        Report.objects.bulk_create(rows, batch_size=2000)
    return Report.objects.count()


def measure(database: str, n: int, work: Path, pg: Any) -> dict[str, Any]:
    home = work / database / "home"
    url = pg.create_database(f"bench_build_{int(time.time())}") if database == "postgres" else ""
    env = _env(url)
    res = subprocess.run([sys.executable, "-m", "zhoubao", "init", str(home)], capture_output=True, text=True,
                         env=env, timeout=600)
    if res.returncode:
        raise SystemExit(f"init failed: {res.stderr[-800:]}")
    t0 = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "bench.build_db", "--child-generate", str(home), str(n)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=3600)
    if res.returncode:
        raise SystemExit(f"generating the week failed: {res.stderr[-800:]}")
    filled = time.monotonic() - t0
    log = work / f"build-{database}.log"
    with log.open("wb") as fh:
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "zhoubao", "--home", str(home), "build", "--date",
                                 ISSUE_DATE.isoformat()], stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode:
        raise SystemExit(f"zhoubao build on {database} failed ({proc.returncode}):\n{out[-1500:]}")
    return {"database": database, "reports": n, "seconds_to_fill": round(filled, 1),
            "build_seconds": round(seconds, 1), "build_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.build_db", description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=20_000)
    ap.add_argument("--databases", default="sqlite,postgres")
    ap.add_argument("--child-generate", nargs=2, metavar=("HOME", "N"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child_generate:
        print(generate(Path(a.child_generate[0]), int(a.child_generate[1])))
        return 0
    names = [d for d in a.databases.split(",") if d]
    work = Path(tempfile.mkdtemp(prefix="zhoubao-bench-build-"))
    results = []
    try:
        with contextlib.ExitStack() as stack:
            pg = None
            if "postgres" in names:
                sys.path.insert(0, str(ROOT))
                from tests.pg import own_cluster

                pg = stack.enter_context(own_cluster())
            for name in names:
                out = measure(name, a.reports, work, pg)
                print(json.dumps(out, ensure_ascii=False), flush=True)
                results.append(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'database':>9} {'reports':>8} {'build s':>8} {'cpu s':>7} {'peak RSS MB':>12}")
    for r in results:
        print(f"{r['database']:>9} {r['reports']:>8} {r['build_seconds']:>8} {r['build_cpu_seconds']:>7} "
              f"{r['peak_rss_mb']:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
