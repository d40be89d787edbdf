"""`zhoubao recipients import FILE` and `recipients list [--json]`: the address book the issue is sent to."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    r = sub.add_parser("recipients", help="通讯录：import 导入收件人（CSV）/ list 列出")
    acts = r.add_subparsers(dest="recipients_cmd", metavar="ACTION")
    i = acts.add_parser("import", help="从 CSV 导入收件人（列 list,unit,name,email；有一行出错则整个文件不导入）")
    i.add_argument("file", metavar="FILE")
    i.set_defaults(handler=cmd_import)
    ls = acts.add_parser("list", help="列出收件人")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出（每人 list、unit、name、email）")
    ls.set_defaults(handler=cmd_list)
    r.set_defaults(handler=cmd_usage)


def cmd_usage(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError

    raise CliError("用法：zhoubao recipients import FILE | list [--json]")


def cmd_import(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, open_settings, out

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"找不到文件：{path}")
    settings = open_settings(args)
    from zhoubao.app.recipients import import_recipients

    got = import_recipients(settings, path)
    out.print(f"导入完成：新增 {got.added}，更新 {got.updated}，未变 {got.unchanged}。", markup=False)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import open_settings, out

    open_settings(args)
    from zhoubao.app.recipients import recipients

    people = recipients()
    if args.json:
        rows = [{"list": r.list, "unit": r.unit, "name": r.name, "email": r.email} for r in people]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    from rich.table import Table

    table = Table("名单", "单位", "姓名", "邮箱", box=None)
    for r in people:
        table.add_row(r.list, r.unit, r.name, r.email)
    out.print(table)
    lists = len({r.list for r in people})
    out.print(f"共 {len(people)} 位收件人，{lists} 个名单。", markup=False)
    return 0
