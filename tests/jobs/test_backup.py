"""`zhoubao backup PATH` and `zhoubao restore PATH`: a backup taken from a home with issues, restored into a fresh
home, finds every issue (and its items and reports); bad files and running workers are refused in one line."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.jobs.helpers import env, query, zb

SEED = """
import sys
from datetime import date
from pathlib import Path
from zhoubao.app.home import open_settings
home = Path(sys.argv[1])
settings = open_settings(home)
from tests.desk.conftest import at, make_week, report
from zhoubao.app import build as building
make_week()
building.build(settings, issue_date=date(2025, 6, 9))
# The next week brings a story of its own (a week with nothing new takes no number).
report("https://ent.example.com/12.html", "优酷网络剧《长河落日》定档6月20日",
       "6月12日，优酷宣布网络剧《长河落日》定档6月20日播出，全剧共40集。", at(12), "优酷", "company")
building.build(settings, issue_date=date(2025, 6, 16))
"""


def _one_line_error(res: subprocess.CompletedProcess[str], needle: str) -> None:
    assert res.returncode == 2, res.stdout + res.stderr
    lines = [ln for ln in res.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误：") and needle in lines[0], res.stderr
    assert "Traceback" not in res.stderr


def test_backup_restores_into_a_fresh_home_with_every_issue(tmp_path: Path) -> None:
    old, new, path = tmp_path / "old", tmp_path / "new", tmp_path / "backups" / "zhoubao.sqlite3"
    assert zb(tmp_path, "init", str(old)).returncode == 0
    seeded = subprocess.run([sys.executable, "-c", SEED, str(old)], env=env(), cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr
    issues = query(old, "select number, date, state, version from archive_issue order by number")
    items = query(old, "select count(*) from archive_item")[0][0]
    reports = query(old, "select count(*) from archive_report")[0][0]
    assert len(issues) == 2 and items > 0 and reports > 0

    res = zb(old, "backup", str(path))
    assert res.returncode == 0, res.stderr
    assert "已备份" in res.stdout and "期刊 2 期" in res.stdout
    assert path.read_bytes()[:16] == b"SQLite format 3\x00" and not path.with_name(path.name + ".part").exists()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    assert zb(tmp_path, "init", str(new)).returncode == 0
    res = zb(new, "restore", str(path))
    assert res.returncode == 0, res.stderr
    assert "期刊 2 期" in res.stdout
    assert query(new, "select number, date, state, version from archive_issue order by number") == issues
    assert query(new, "select count(*) from archive_item")[0][0] == items
    assert query(new, "select count(*) from archive_report")[0][0] == reports
    # The restored home is a working home: the command line reads and exports its issues.
    out = tmp_path / "1.json"
    assert zb(new, "export", "1", "--format", "json", "-o", str(out)).returncode == 0 and out.stat().st_size > 0
    st = zb(new, "status", "--json")
    assert st.returncode == 0 and '"issues": 2' in st.stdout


def test_bad_backups_and_running_workers_are_refused(tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert zb(tmp_path, "init", str(home)).returncode == 0
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all")
    _one_line_error(zb(home, "restore", str(junk)), "不是 zhoubao 的备份文件")
    _one_line_error(zb(home, "restore", str(tmp_path / "missing.sqlite3")), "找不到备份文件")
    _one_line_error(zb(home, "backup", str(tmp_path)), "是目录")
    good = tmp_path / "good.sqlite3"
    assert zb(home, "backup", str(good)).returncode == 0
    # A backup cut short is caught before it replaces anything.
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 3])
    _one_line_error(zb(home, "restore", str(broken)), "备份文件已损坏")
    assert zb(home, "status").returncode == 0  # the home's own archive was left as it was
    # While a worker beats, restoring is refused (it would pull the archive from under its jobs).
    con = sqlite3.connect(home / "data" / "zhoubao.sqlite3")
    con.execute("insert into archive_workerbeat (name, host, pid, threads, started, seen, stopping) "
                "values ('w:1', 'w', 1, 1, datetime('now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), 0)")
    con.commit()
    con.close()
    _one_line_error(zb(home, "restore", str(good)), "worker 正在运行")
