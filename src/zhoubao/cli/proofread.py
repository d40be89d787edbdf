"""`zhoubao proofread N`: the 校对 findings of issue N (names, titles, banned words, dates, sources, punctuation)."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(sub: Any) -> None:
    s = sub.add_parser("proofread", help="校对第 N 期：姓名职务、机构名称、禁用词、相对日期、来源中未见、标点空格、重复报道")
    s.add_argument("number", type=int, help="期号")
    s.add_argument("--json", action="store_true", help="输出 JSON：{issue, count, findings: [...]}")
    s.set_defaults(handler=cmd_proofread)


def cmd_proofread(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, open_settings, out

    settings = open_settings(args)
    from zhoubao.app.issues import find_issue
    from zhoubao.app.proofread import check

    issue = find_issue(settings, args.number)
    if issue is None:
        raise CliError(f"没有第{args.number}期。")
    result = check(settings, issue)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        return 0
    if not result.findings:
        out.print(f"第{issue.number}期校对：未发现问题。")
        return 0
    out.print(f"第{issue.number}期校对：{result.open} 处待查。", markup=False)
    for f in result.findings:
        where = "标题" if f.field == "title" else f"正文第{int(f.field.split(':')[1]) + 1}段"
        fix = "" if f.suggestion is None else f" → “{f.suggestion}”" if f.suggestion else " → 删去"
        out.print(f"  [{f.as_dict()['kind_name']}] {result.titles.get(f.item, '')[:30]}（{where}）："
                  f"“{f.text}”{fix}；{f.note}", markup=False, soft_wrap=True)
    return 0
