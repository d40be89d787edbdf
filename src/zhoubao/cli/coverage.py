"""`zhoubao sources report`: the week's coverage before a build — quiet, failed, disabled and falling sources."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any


def register(sources_sub: Any) -> None:
    r = sources_sub.add_parser("report", help="本周来源覆盖：无新报道、抓取失败、已停用、提取率下降的来源与沉默的机构")
    r.add_argument("--week", metavar="DATE", help="周报日期 YYYY-MM-DD（默认今天）：看这一期窗口内的覆盖")
    r.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    r.set_defaults(handler=cmd_sources_report)


def cmd_sources_report(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, open_settings, out

    day = None
    if args.week:
        try:
            day = date.fromisoformat(args.week)
        except ValueError:
            raise CliError(f"--week 的日期应写作 YYYY-MM-DD：{args.week}") from None
    settings = open_settings(args)
    from rich.markup import escape
    from rich.table import Table

    from zhoubao.app.coverage import coverage, week_window

    start, end = week_window(settings, day)
    report = coverage(settings, start, end)
    if args.json:
        sys.stdout.write(json.dumps(report.as_json(), ensure_ascii=False) + "\n")
        return 0
    out.print(f"来源覆盖：{start:%Y-%m-%d} 至 {end:%Y-%m-%d}，对比此前 {report.baseline_weeks} 周")
    if report.problems:
        table = Table("#", "来源", "状态", "本周", "此前周均", "提取率", box=None)
        table.add_column("问题", overflow="fold")
        for s in report.problems:
            rate = "—" if s.week_yield is None else f"{s.week_yield:.0%}"
            if s.baseline_yield is not None:
                rate += f"（此前 {s.baseline_yield:.0%}）"
            table.add_row(str(s.id), escape(s.name), s.label, str(s.week_reports), f"{s.baseline_mean:.1f}", rate,
                          escape(s.problem))
        out.print(table)
    if report.silent_entities:
        names = "、".join(f"{e.name}（此前 {e.weeks_seen} 周出现）" for e in report.silent_entities[:20])
        out.print(f"本周未见的常见机构与公司：{escape(names)}")
    out.print(report.summary())
    return 0
