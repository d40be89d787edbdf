"""`zhoubao send N [--only email|webhook] [--list NAME] [--test ADDRESS] [--dry-run] [--again]`: a published issue
by email and to the IM group robots."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    s = sub.add_parser("send", help="把已发布的一期通过邮件发给通讯录中的收件人、推送到群机器人（已发送过的不重发）")
    s.add_argument("number", type=int)
    s.add_argument("--only", choices=("email", "webhook"), default="",
                   help="只发邮件（email）或只推送群机器人（webhook）；默认都发（已配置的）")
    s.add_argument("--list", action="append", default=[], metavar="NAME",
                   help="只发给这个名单（可重复；默认全部名单）")
    s.add_argument("--test", default="", metavar="ADDRESS", help="只向这个地址试发一封，不记入发送记录")
    s.add_argument("--dry-run", action="store_true", help="只列出谁会收到什么，不发送")
    s.add_argument("--again", action="store_true", help="已发送过也再发一遍（新一轮）")
    s.set_defaults(handler=cmd_send)


def cmd_send(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, open_settings

    if args.test and (args.again or args.list):
        raise CliError("--test 只向一个地址试发，不能与 --again、--list 同用")
    if args.only == "webhook" and (args.test or args.list):
        raise CliError("--test、--list 只用于邮件，不能与 --only webhook 同用")
    settings = open_settings(args)
    from zhoubao.app.send import send_issue
    from zhoubao.app.webhooks import channels

    email, robots = channels(settings, "email" if args.test or args.list else args.only)
    code = 0
    if email:
        code = _send_email(args, settings, send_issue)
    if robots:
        code = max(code, _push(args, settings))
    return code


def _push(args: argparse.Namespace, settings: Any) -> int:
    from zhoubao.app.webhooks import push_issue
    from zhoubao.cli.main import out

    with out.status("推送中…") as status:
        report = push_issue(settings, args.number, dry_run=args.dry_run, again=args.again,
                            progress=lambda m: status.update(m))
    if args.dry_run:
        for target, text, skip in report.planned:
            mark = "跳过（已推送过）" if skip else "将推送"
            out.print(f"{mark}：{target}（{len(text.encode('utf-8'))} 字节）", markup=False)
        out.print(f"试运行：将推送 {len(report.planned) - report.skipped} 条群消息，跳过 {report.skipped} 条；"
                  "未推送任何消息。", markup=False)
        return 0
    for target, reply in report.failures:
        out.print(f"失败：{target}：{reply}", markup=False)
    out.print(report.summary, markup=False)
    return 1 if report.failed else 0


def _send_email(args: argparse.Namespace, settings: Any, send_issue: Any) -> int:
    from zhoubao.cli.main import out

    with out.status("发送中…") as status:
        report = send_issue(settings, args.number, lists=tuple(args.list), test_address=args.test,
                            dry_run=args.dry_run, again=args.again, progress=lambda m: status.update(m))
    attached = "、".join(report.attachments) or "无附件"
    if args.dry_run:
        for p in report.planned:
            who = " ".join(x for x in (p.unit, p.name) if x)
            mark = "跳过（已发送过）" if p.skip else "将发送"
            out.print(f"{mark}：{p.email}（{who or '—'}，{p.lists}）", markup=False)
        todo = len(report.planned) - report.skipped
        out.print(f"试运行：{report.subject}（附件 {attached}）将发给 {todo} 人，跳过 {report.skipped} 人；"
                  "未发送任何邮件。", markup=False)
        return 0
    for email, reply in report.failures:
        out.print(f"失败：{email}：{reply}", markup=False)
    out.print(report.summary, markup=False)
    return 1 if report.failed else 0
