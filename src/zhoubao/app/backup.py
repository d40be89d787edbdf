"""Backup and restore of a home's archive: SQLite's online backup API, or pg_dump/pg_restore for PostgreSQL.

A backup is one file: a SQLite database (readable with any SQLite tool) or a pg_dump archive (custom format). It
is taken while the desk and workers run — SQLite's backup API copies a consistent snapshot, pg_dump reads in one
transaction. Restoring replaces the home's archive with the backup's and brings its schema up to date; jobs the
backup caught queued or running are closed (their queue is not in the backup).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from zhoubao.archive.models import Issue, JobRun, Report
from zhoubao.conf.settings import Settings
from zhoubao.errors import ZhoubaoError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
PAGES_PER_STEP = 1024  # SQLite backup pages copied per step (the desk's writes get a turn between steps)


class BackupError(ZhoubaoError):
    """The backup or restore cannot be done as asked; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    bytes: int
    engine: str  # "sqlite" or "postgresql"
    issues: int
    reports: int


def _engine(settings: Settings) -> str:
    url = settings.database.url
    if not url:
        return "sqlite"
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return "postgresql"
    if url.startswith("sqlite"):
        return "sqlite"
    raise BackupError(f"不支持备份这种数据库：{url.split(':', 1)[0]}（只支持 SQLite 与 PostgreSQL）")


def _sqlite_file(settings: Settings) -> Path:
    if settings.database.url:
        name = dj_database_url.parse(settings.database.url)["NAME"]
        return Path(str(name))
    return settings.data_dir / "zhoubao.sqlite3"


def _pg_env(settings: Settings) -> tuple[dict[str, str], str]:
    """libpq's environment for the DATABASE_URL (the password never on a command line) and the database name."""
    db: dict[str, Any] = dict(dj_database_url.parse(settings.database.url))
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env, str(db["NAME"])


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）")
    return path


def backup(settings: Settings, target: Path, progress: Callable[[int], None] | None = None) -> BackupResult:
    """Write the archive to `target` (whole or not at all); progress gets the percent copied."""
    say = progress or (lambda _p: None)
    engine = _engine(settings)
    target = target.expanduser().resolve()
    if target.is_dir():
        raise BackupError(f"{target} 是目录：请给出备份文件的路径，例如 {target / 'zhoubao-backup.sqlite3'}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        if engine == "sqlite":
            source = _sqlite_file(settings)
            if source.resolve() == target:
                raise BackupError("备份文件不能是数据库本身")
            src = sqlite3.connect(source, timeout=30)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst, pages=PAGES_PER_STEP,
                           progress=lambda _s, remaining, total: say(int(100 * (total - remaining) / max(total, 1))))
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                dst.close()
                src.close()
        else:
            env, name = _pg_env(settings)
            done = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), name],
                                  env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise BackupError(f"pg_dump 失败：{done.stderr.strip()[:500]}")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    say(100)
    return BackupResult(target, target.stat().st_size, engine, Issue.objects.count(), Report.objects.count())


def kind_of(path: Path) -> str:
    """"sqlite" or "postgresql" by the file's first bytes; BackupError for anything else."""
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} 不是 zhoubao 的备份文件（既不是 SQLite 数据库，也不是 pg_dump 归档）")


def restore(settings: Settings, source: Path, *, running_workers: int = 0) -> BackupResult:
    """Replace the archive with the backup at `source`, migrate it, close the jobs it caught in flight."""
    source = source.expanduser().resolve()
    if not source.is_file():
        raise BackupError(f"找不到备份文件 {source}")
    if running_workers:
        raise BackupError(f"有 {running_workers} 个 worker 正在运行：先停止 worker 与编辑台，再恢复备份")
    engine, kind = _engine(settings), kind_of(source)
    if engine != kind:
        want = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(f"备份是 {want[kind]} 格式，而本目录使用 {want[engine]}：请在同种数据库的目录中恢复")
    connections.close_all()
    if engine == "sqlite":
        check = sqlite3.connect(source.as_uri() + "?mode=ro", uri=True)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as exc:
            ok = (str(exc),)
        finally:
            check.close()
        if not ok or ok[0] != "ok":
            raise BackupError(f"备份文件已损坏（{ok[0] if ok else '无法检查'}），未恢复")
        src = sqlite3.connect(source.as_uri() + "?mode=ro", uri=True)
        dst = sqlite3.connect(_sqlite_file(settings), timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        env, name = _pg_env(settings)
        done = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                               "--dbname", name, str(source)], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_restore 失败：{done.stderr.strip()[:500]}")
    connections.close_all()
    call_command("migrate", verbosity=0, interactive=False)
    now = timezone.now()
    JobRun.objects.filter(state__in=(JobRun.State.QUEUED, JobRun.State.RUNNING)).update(
        state=JobRun.State.FAILED, finished=now, updated=now,
        message="备份恢复前未完成，已取消：如仍需要，请重新发起")
    return BackupResult(source, source.stat().st_size, engine, Issue.objects.count(), Report.objects.count())
