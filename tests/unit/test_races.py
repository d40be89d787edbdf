"""Two processes at once on one archive (SQLite, and PostgreSQL on the suite's second run): two builds of one week
make one issue, two builds of two weeks take two numbers, two publishes of one issue publish it once.

Each process waits for the other at the racy point (after its unlocked first look, before it writes), so the race
is run every time, not only when the scheduler happens to interleave the two.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests import pg
from tests.netbelt.loopback_belt import subprocess_pythonpath

ROOT = Path(__file__).resolve().parents[2]
BARRIER_SECONDS = 90


def _meet(barrier: Path, name: str) -> bool:
    """Say this process has arrived and wait for the other one; False if it never came."""
    (barrier / name).touch()
    deadline = time.monotonic() + BARRIER_SECONDS
    while len(list(barrier.iterdir())) < 2:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# -- run in child processes -------------------------------------------------------------------------------------

def prepare(home: str, publish: bool) -> None:
    """A home with the desk tests' week (and a second week); for the publish race, its issue approved."""
    from datetime import date

    from zhoubao.archive.db import open_home

    open_home(Path(home), create=True)
    from tests.desk.conftest import at, make_user, make_week, report
    from zhoubao.app import build as building
    from zhoubao.conf.settings import load
    from zhoubao.review import workflow

    make_week()
    report("https://ent.example.com/20.html", "芒果TV上线纪录片《海上丝路》",
           "6月12日，芒果TV上线纪录片《海上丝路》，共6集。", at(12), "芒果TV", "company")
    report("https://biz.example.com/21.html", "快手发布第一季度财报：营收310亿元",
           "6月13日，快手公布第一季度财报，总营收310亿元，同比增长16%。", at(13), "界面新闻", "media")
    if not publish:
        return
    issue = building.build(load(Path(home)), issue_date=date(2025, 6, 9)).issue
    editor, reviewer = make_user("ed", "editor"), make_user("rv", "reviewer")
    workflow.transition(issue.pk, "submit", editor, version=issue.version)
    issue.refresh_from_db()
    workflow.transition(issue.pk, "approve", reviewer, version=issue.version)


def build_racer(home: str, barrier: str, name: str, day: str) -> None:
    """`zhoubao build --date DAY`, held after its first look at the archive until the other build got there."""
    from zhoubao.archive.db import open_home

    open_home(Path(home))  # as the command does first (models are importable once the archive is open)
    from zhoubao.app import build as building
    from zhoubao.cli.main import main

    understand, met = building.understand, []

    def waiting(*args: Any, **kwargs: Any) -> Any:
        out = understand(*args, **kwargs)
        met.append(_meet(Path(barrier), name))
        return out

    building.understand = waiting  # type: ignore[assignment]
    code = main(["--home", home, "build", "--date", day])
    print(json.dumps({"code": code, "met": met}))


def publish_racer(home: str, barrier: str, name: str) -> None:
    """Publish the approved issue as the reviewer, held after its unlocked check until the other one got there."""
    from zhoubao.archive.db import open_home

    open_home(Path(home))
    from django.contrib.auth import get_user_model

    from zhoubao.app import publish
    from zhoubao.archive.models import Issue
    from zhoubao.conf.settings import load
    from zhoubao.errors import DeskError

    render_all, met = publish.render_all, []

    def waiting(*args: Any, **kwargs: Any) -> Any:
        met.append(_meet(Path(barrier), name))
        return render_all(*args, **kwargs)

    publish.render_all = waiting  # type: ignore[assignment]
    issue = Issue.objects.get()
    user = get_user_model().objects.get(username="rv")
    try:
        publish.publish(load(Path(home)), issue.pk, user, version=issue.version)
        result: dict[str, Any] = {"ok": True}
    except DeskError as exc:
        result = {"ok": False, "error": str(exc)}
    print(json.dumps({**result, "met": met}))


# -- the tests --------------------------------------------------------------------------------------------------

def _env(home: Path) -> dict[str, str]:
    env = pg.child_env({k: v for k, v in os.environ.items() if not k.startswith(("ZHOUBAO_", "DJANGO_"))}, home)
    env.update(ZHOUBAO_HOME=str(home), DJANGO_SETTINGS_MODULE="zhoubao.conf.django_settings",
               PYTHONPATH=subprocess_pythonpath(os.pathsep.join([str(ROOT), str(ROOT / "src")])))
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _both(codes: list[str], env: dict[str, str]) -> list[dict[str, Any]]:
    procs = [_python(c, env) for c in codes]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (stdout, stderr) in zip(procs, outs, strict=True):
        assert p.returncode == 0, stderr[-3000:]
        assert "Traceback" not in stderr and "IntegrityError" not in stdout + stderr, stderr[-3000:]
    results = [json.loads(stdout.strip().splitlines()[-1]) for stdout, _ in outs]
    assert all(r["met"] == [True] for r in results), results  # the race was really run
    return results


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    return tmp_path / "home", _env(tmp_path / "home")


def _prepare(home: Path, env: dict[str, str], *, publish: bool) -> None:
    done = subprocess.run([sys.executable, "-c", f"from tests.unit.test_races import prepare; "
                           f"prepare({str(home)!r}, {publish})"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.parametrize(("days", "numbers"), [(("2025-06-09", "2025-06-09"), [1]),
                                               (("2025-06-09", "2025-06-16"), [1, 2])],
                         ids=["one-week", "two-weeks"])
def test_two_builds_at_once(home: tuple[Path, dict[str, str]], tmp_path: Path, days: tuple[str, str],
                            numbers: list[int]) -> None:
    path, env = home
    _prepare(path, env, publish=False)
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    _both([f"from tests.unit.test_races import build_racer; build_racer({str(path)!r}, {str(barrier)!r}, "
           f"{name!r}, {day!r})" for name, day in zip("ab", days, strict=True)], env)
    with pg.archive(path, env) as con:
        got = sorted(r[0] for r in con.execute("select number from archive_issue").fetchall())
        actions = sorted(r[0] for r in con.execute("select action from archive_auditentry").fetchall())
        # The second build of a week takes over the stories the first stored for the same reports.
        orphans = con.execute("select count(*) from archive_story s where not exists "
                              "(select 1 from archive_report r where r.story_id = s.id)").fetchone()[0]
    assert got == numbers
    assert actions == (["build", "rebuild"] if len(numbers) == 1 else ["build", "build"])
    assert orphans == 0


def test_two_publishes_at_once_publish_once(home: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, env = home
    _prepare(path, env, publish=True)
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    results = _both([f"from tests.unit.test_races import publish_racer; publish_racer({str(path)!r}, "
                     f"{str(barrier)!r}, {name!r})" for name in "ab"], env)
    assert sorted(r["ok"] for r in results) == [False, True], results
    loser = next(r for r in results if not r["ok"])
    assert "已发布" in loser["error"] or "刷新" in loser["error"], loser
    with pg.archive(path, env) as con:
        assert con.execute("select state from archive_issue").fetchall() == [("published",)]
        assert con.execute("select count(*) from archive_auditentry where action = 'publish'").fetchone()[0] == 1
        assert con.execute("select count(*) from archive_issuesnapshot where kind = 'published'").fetchone()[0] == 1
        files = con.execute("select published_files from archive_issuesignoff").fetchone()[0]
    files = json.loads(files) if isinstance(files, str) else files  # SQLite gives the text, psycopg the value
    folder = path / "data" / "published" / "1"
    written = [f for f in files if "file" in f]
    assert written and sorted(p.name for p in folder.iterdir()) == sorted(f["file"] for f in written)
    for f in written:  # the winner's files, whole; the loser's rendering never reached them
        assert (folder / f["file"]).stat().st_size == int(f["bytes"])
