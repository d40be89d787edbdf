"""`zhoubao worker`, `run` (desk and worker together), `status [--json]`, `backup PATH` and `restore PATH`."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from zhoubao.cli.desk import desk_options


def register(sub: Any) -> None:
    w = sub.add_parser("worker", help="运行任务：按计划抓取、生成草稿，执行编辑台发起的生成与发布（SIGTERM 停止）")
    w.add_argument("--threads", type=int, default=None, help="同时运行的任务数（默认：[jobs] threads）")
    w.set_defaults(handler=cmd_worker)

    r = sub.add_parser("run", help="同时启动编辑台与一个 worker（单机办公室）")
    desk_options(r)
    r.set_defaults(handler=cmd_run)

    s = sub.add_parser("status", help="任务队列、进行中的任务、上次与下次运行、出错的来源、来源/报道/期刊数")
    s.add_argument("--json", action="store_true", help="以 JSON 输出（顶层有 reports 等计数）")
    s.set_defaults(handler=cmd_status)

    b = sub.add_parser("backup", help="备份数据库到一个文件（SQLite 在线备份；PostgreSQL 用 pg_dump）")
    b.add_argument("path", metavar="PATH", help="备份文件")
    b.set_defaults(handler=cmd_backup)

    e = sub.add_parser("restore", help="用备份文件替换本目录的数据库（先停止编辑台与 worker）")
    e.add_argument("path", metavar="PATH", help="备份文件")
    e.set_defaults(handler=cmd_restore)


def say(text: str) -> None:
    """One line for the user: plain text (a "[jobs] allow" in a message is not rich markup)."""
    from zhoubao.cli.main import out

    out.print(text, markup=False)


def _queue(settings: Any) -> Any:
    from zhoubao.app.jobs import JobError
    from zhoubao.cli.main import CliError
    from zhoubao.jobs.tasks import queue

    try:
        return queue(settings)
    except JobError as exc:
        raise CliError(str(exc)) from None


def cmd_worker(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import open_settings

    settings = open_settings(args)
    from zhoubao.jobs.worker import run_worker, setup_logging

    _queue(settings)
    setup_logging()
    return run_worker(settings, threads=args.threads, say=say)


def cmd_run(args: argparse.Namespace) -> int:
    from zhoubao.cli.desk import desk_server, prepare_desk

    app, settings = prepare_desk(args)
    _queue(settings)
    from zhoubao.jobs.worker import run_worker, setup_logging

    setup_logging()
    server = desk_server(args, app)
    web = threading.Thread(target=server.run, name="zhoubao-desk", daemon=True)
    web.start()
    try:
        return run_worker(settings, say=say)
    finally:
        server.close()
        web.join(timeout=5)


def _when(value: str | None) -> str:
    if not value:
        return "—"
    return datetime.fromisoformat(value).astimezone().strftime("%m-%d %H:%M")


def cmd_status(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import open_settings

    settings = open_settings(args)
    from zhoubao.app.schedule import status

    note = ""
    try:
        depth = _queue(settings).depth()
    except Exception as exc:  # the status still shows what the database knows
        depth, note = None, str(exc)
    st = status(settings, queue_depth=depth)
    if note:
        st["queue"]["error"] = note
    if args.json:
        sys.stdout.write(json.dumps(st, ensure_ascii=False, indent=2) + "\n")
        return 0
    q = st["queue"]
    shown_depth = "无法连接" if q["depth"] is None else str(q["depth"])
    say(f"任务队列 {st['broker']}：队列中 {shown_depth}，排队 {q['queued']}，进行中 {q['running']}，"
              f"24 小时内失败 {q['failed_24h']}" + (f"（{note}）" if note else ""))
    if st["workers"]:
        for w in st["workers"]:
            say(f"worker {w['name']}：{w['threads']} 个线程，最近心跳 {_when(w['seen'])}"
                      + ("（正在停止）" if w["stopping"] else ""))
    else:
        say("没有正在运行的 worker：运行 zhoubao worker（或 zhoubao run 同时启动编辑台与 worker）")
    for r in st["running"]:
        say(f"进行中 #{r['id']} {r['kind']} {r['progress']}%：{r['message']}（{r['worker']}）")
    labels = {"collect": "抓取", "build": "生成草稿", "publish": "发布"}
    for kind, label in labels.items():
        r = st["last_runs"].get(kind)
        if r:
            say(f"上次{label} #{r['id']}（{_when(r['finished'])}，{'完成' if r['state'] == 'done' else '失败'}）："
                      f"{r['message']}")
    n = st["next_runs"]
    say(f"计划：上次检查来源 {_when(st['last_runs']['collect_tick'])}，下次 {_when(n['collect_tick'])}；"
              f"最早到期的来源 {_when(n['source_check'])}；下次按计划生成草稿 {_when(n['weekly_build'])}")
    for s in st["failing_sources"][:20]:
        why = s["disabled_reason"] if not s["enabled"] else s["last_error"]
        say(f"{'已停用' if not s['enabled'] else '出错'}来源 #{s['id']} {s['name']}"
                  f"（连续失败 {s['error_count']} 次）：{why}")
    say(f"来源 {st['sources']} 个（启用 {st['enabled_sources']}），报道 {st['reports']} 篇，期刊 {st['issues']} 期。")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import open_settings

    settings = open_settings(args)
    from zhoubao.app.backup import backup
    from zhoubao.cli.main import out

    with out.status("备份中…") as status:
        res = backup(settings, Path(args.path), progress=lambda p: status.update(f"备份中… {p}%"))
    say(f"已备份到 {res.path}（{res.bytes:,} 字节，{res.engine}）：期刊 {res.issues} 期，报道 {res.reports} 篇。"
              f"恢复：zhoubao restore {res.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import open_settings

    settings = open_settings(args)
    from zhoubao.app.backup import restore
    from zhoubao.app.jobs import live_workers
    from zhoubao.cli.main import out

    with out.status("恢复中…"):
        res = restore(settings, Path(args.path), running_workers=len(live_workers()))
    say(f"已从 {res.path} 恢复（{res.engine}）：期刊 {res.issues} 期，报道 {res.reports} 篇。"
              "已发布的文件（data/published）不在备份中，如需要请一并复制。")
    return 0
