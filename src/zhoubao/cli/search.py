"""`zhoubao search QUERY`: the archive's reports, stories and items holding every word of the query."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

KINDS = {"report": "报道", "story": "事件", "item": "条目"}


def register(sub: Any) -> None:
    s = sub.add_parser("search", help="全文检索档案中的报道、事件与周报条目")
    s.add_argument("query", nargs="?", default="", help="检索词（多个词须同时出现）")
    s.add_argument("--json", action="store_true", help="每条结果输出一行 JSON")
    s.add_argument("--from", dest="start", metavar="DATE", help="起始日期 YYYY-MM-DD（含）")
    s.add_argument("--to", dest="end", metavar="DATE", help="截止日期 YYYY-MM-DD（含）")
    s.add_argument("--section", metavar="S", help="只看此栏目")
    s.add_argument("--issue", type=int, metavar="N", help="只看第 N 期（草稿或已发布）的条目与事件")
    s.add_argument("--source", type=int, metavar="ID", help="只看此来源（zhoubao sources list 中的 #）")
    s.add_argument("--limit", type=int, default=50, help="最多显示几条（默认 50）")
    s.add_argument("--reindex", action="store_true", help="从档案重建检索索引")
    s.set_defaults(handler=cmd_search)


def _day(value: str | None, flag: str) -> date | None:
    from zhoubao.cli.main import CliError

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{flag} 的日期应写作 YYYY-MM-DD：{value}") from None


def cmd_search(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, open_settings, out

    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    if args.limit < 1:
        raise CliError("--limit 至少为 1")
    if not args.query.strip() and not args.reindex:
        raise CliError("用法：zhoubao search 检索词 [--json] [--from DATE] [--to DATE] [--section S] [--issue N] "
                       "[--source ID]，或 zhoubao search --reindex")
    settings = open_settings(args)
    from zhoubao.app.search import reindex, search

    if args.reindex:
        done = reindex(settings)
        if not args.json:
            out.print(f"索引已重建：报道 {done.reports} 篇，事件 {done.stories} 个，条目 {done.items} 条，"
                      f"用时 {done.seconds:.1f} 秒。")
        if not args.query.strip():
            return 0
    hits = search(settings, args.query, start=start, end=end, section=args.section, issue=args.issue,
                  source=args.source, limit=args.limit)
    if args.json:
        for h in hits:
            print(json.dumps({"kind": h.kind, "id": h.id, "title": h.title, "snippet": h.snippet.marked(),
                              "url": h.url, "published": h.published, "section": h.section, "issue": h.issue},
                             ensure_ascii=False), flush=True)
        return 0
    from rich.markup import escape
    from rich.table import Table

    table = Table("类型", "#", "日期", "栏目", "期", "标题与摘录", box=None)
    for col in table.columns[:5]:
        col.no_wrap = True
    table.columns[5].overflow = "fold"
    for h in hits:
        cut = "".join(f"[bold yellow]【{escape(t)}】[/bold yellow]" if hit else escape(t) for t, hit in h.snippet.parts)
        lines = [f"[bold]{escape(h.title)}[/bold]", cut] + ([f"[dim]{escape(h.url)}[/dim]"] if h.url else [])
        table.add_row(KINDS.get(h.kind, h.kind), str(h.id), (h.published or "—")[:10], escape(h.section or "—"),
                      str(h.issue) if h.issue else "—", "\n".join(lines))
    if hits:
        out.print(table)
    more = f"（只显示前 {args.limit} 条，可加 --limit 或缩小范围）" if len(hits) >= args.limit else ""
    out.print(f"找到 {len(hits)} 条：{escape(args.query.strip())}{more}" if hits
              else f"没有找到：{escape(args.query.strip())}")
    return 0
