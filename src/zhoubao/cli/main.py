"""The zhoubao command: parse arguments, call the use cases (zhoubao.app), show progress and a one-line summary."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from zhoubao import __version__
from zhoubao.conf.settings import Settings
from zhoubao.errors import ZhoubaoError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class CliError(ZhoubaoError):
    """A problem the user can fix: printed as one line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="zhoubao", description="周报：从公开报道汇编行业动态周报。")
    p.add_argument("--version", action="version", version=f"zhoubao {__version__}")
    p.add_argument("--home", help="zhoubao 目录（默认：环境变量 ZHOUBAO_HOME，否则当前目录）")
    p.add_argument("--debug", action="store_true", help="出错时显示完整的错误堆栈")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("init", help="创建 zhoubao 目录：zhoubao.toml 与 data/")
    s.add_argument("dir", nargs="?", default=None, help="目录（默认：--home 或当前目录）")

    src = sub.add_parser("sources", help="管理来源：add / list / import / enable / report").add_subparsers(dest="sources_cmd",
                                                                                   metavar="ACTION")
    a = src.add_parser("add", help="添加一个来源（网址或本地文件、目录）")
    a.add_argument("url")
    a.add_argument("--kind", choices=["feed", "listing", "page", "sitemap", "files"],
                   help="类型：feed 订阅源、listing 列表页、page 单页、sitemap 站点地图、files 文件（默认按网址判断）")
    a.add_argument("--name")
    a.add_argument("--outlet-kind", default="", help="来源性质：regulator 监管部门、ministry 部委、state_media 中央媒体、"
                   "company 企业、media 媒体、wechat 微信公众号、research 研究机构、blog 博客、association 行业协会")
    a.add_argument("--pattern", default="", help="列表页：文章网址须匹配的正则表达式")
    a.add_argument("--selector", default="", help="列表页：文章链接的 CSS 选择器")
    src.add_parser("list", help="列出来源及其状态")
    i = src.add_parser("import", help="从 OPML、CSV 或 TOML 文件导入来源")
    i.add_argument("file")
    en = src.add_parser("enable", help="重新启用已停用的来源（清除失败计数）")
    en.add_argument("ids", nargs="+", type=int, metavar="ID")
    import importlib

    importlib.import_module("zhoubao.cli.coverage").register(src)  # `sources report` lives in its own module

    c = sub.add_parser("collect", help="抓取到了检查时间的来源（首次运行时即全部来源）")
    c.add_argument("--files", nargs="+", metavar="PATH", help="只导入这些本地文件或目录")
    c.add_argument("--all", action="store_true", help="抓取所有启用的来源，不论是否到了检查时间")
    c.add_argument("--source", type=int, action="append", metavar="ID", help="只抓取这个来源（可重复）")

    b = sub.add_parser("build", help="生成某日的周报草稿")
    b.add_argument("--date", required=True, help="出刊日期 YYYY-MM-DD")
    b.add_argument("--days", type=int, default=None, help="向前取几天的报道（默认 7）")
    b.add_argument("--number", type=int, default=None, help="期号（默认：接上一期）")
    b.add_argument("--force", action="store_true", help="允许不连续的期号")
    b.add_argument("--rebuild", action="store_true",
                   help="确认重新生成已有编辑修改的草稿（编辑过的条目保留，新报道加入候选）")
    b.add_argument("--undo", action="store_true", help="撤销该日期草稿最近一次重新生成，恢复之前的条目")

    e = sub.add_parser("export", help="导出一期周报")
    e.add_argument("number", type=int)
    e.add_argument("--format", required=True, choices=["json", "md", "html", "email", "wechat", "docx", "pdf"])
    e.add_argument("-o", "--output", required=True, help="输出文件")

    pb = sub.add_parser("publish", help="发布已批准的一期（生成全部格式）；允许自审时也可由草稿直接提交、批准、发布")
    pb.add_argument("number", type=int)

    x = sub.add_parser("extract", help="从 HTML、DOCX、PDF、TXT、EML 文件中提取正文（每个文件输出一行 JSON）")
    x.add_argument("files", nargs="+")

    m = sub.add_parser("import-issue", help="导入往期周报（PDF 或 Word），存为已发布的一期")
    m.add_argument("files", nargs="+", metavar="FILE")
    m.add_argument("--force", action="store_true", help="期号已存在时替换")

    d = sub.add_parser("demo", help="用内置的示例周运行全流程")
    d.add_argument("--dir", default=".", help="在此目录下创建 demo-home 与 demo-out（默认当前目录）")

    # Further commands live in their own modules: each has register(sub) that sets a handler with
    # set_defaults(handler=fn), where fn(args) -> int runs after the home is resolved.
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return p


# Modules that add subcommands (see _parser); a plugin could append its own.
COMMAND_MODULES: list[str] = ["zhoubao.cli.desk", "zhoubao.cli.understand", "zhoubao.cli.jobs",
                              "zhoubao.cli.recipients", "zhoubao.cli.send", "zhoubao.cli.search",
                              "zhoubao.cli.proofread"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return int(_dispatch(args) or 0)
    except KeyboardInterrupt:
        err.print("已中断。已保存的内容不会丢失，可重新运行。")
        return 130
    except Exception as exc:  # every error ends as one line unless --debug
        if args.debug:
            raise
        # The message is text, not markup: "[jobs] allow" in it must print as written.
        err.print(f"[red]错误：[/red]{escape(_describe(exc))}", markup=True, soft_wrap=True)
        return 2 if _is_user_error(exc) else 1


def _is_user_error(exc: BaseException) -> bool:
    from zhoubao.errors import ZhoubaoError

    if isinstance(exc, ZhoubaoError | FileNotFoundError | PermissionError | IsADirectoryError):
        return True
    # Network failures are about the source, not the program (zhoubao.net does not import Django).
    return type(exc).__name__ == "FetchError"


def _describe(exc: BaseException) -> str:
    try:
        if _is_user_error(exc):
            return str(exc).replace("\n", " ")
        return f"{type(exc).__name__}: {exc}".replace("\n", " ") + "（加 --debug 查看详情；若是程序缺陷请报告）"
    except Exception:  # the error path itself must never print a traceback
        return repr(exc)


def _home(args: argparse.Namespace) -> Path:
    from zhoubao.conf.settings import resolve_home

    return resolve_home(args.home)


def open_settings(args: argparse.Namespace, flags: dict[str, dict[str, Any]] | None = None) -> Settings:
    """Resolve the home, load and validate its settings (the command's flags on top), open its database (for
    command modules)."""
    from zhoubao.app.home import open_settings as open_home_settings

    return open_home_settings(_home(args), flags)


_open = open_settings


def _dispatch(args: argparse.Namespace) -> int:
    cmd = args.command
    handler = getattr(args, "handler", None)
    if handler is not None:
        return int(handler(args) or 0)
    if cmd == "init":
        return cmd_init(Path(args.dir).resolve() if args.dir else _home(args))
    if cmd == "extract":
        return cmd_extract(args)
    if cmd == "demo":
        from zhoubao.demo.run import run_demo

        return run_demo(Path(args.dir).resolve(), console=out)
    if cmd == "sources":
        if not args.sources_cmd:
            raise CliError("用法：zhoubao sources add|list|import|enable|report")
        return {"add": cmd_sources_add, "list": cmd_sources_list, "import": cmd_sources_import,
                "enable": cmd_sources_enable}[args.sources_cmd](args)
    return {"collect": cmd_collect, "build": cmd_build, "export": cmd_export, "publish": cmd_publish,
            "import-issue": cmd_import_issue}[cmd](args)


def cmd_init(home: Path) -> int:
    from zhoubao.app.home import init_home

    _, created = init_home(home)
    what = "已创建" if created else "已存在，未改动"
    out.print(f"{home / 'zhoubao.toml'} {what}；数据库在 {home / 'data'}。下一步：zhoubao --home {home} sources add 网址")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from zhoubao.app.files import FileRefused, read_file
    from zhoubao.conf.settings import load

    files = args.files
    missing = [f for f in files if not Path(f).is_file()]
    if missing:
        raise CliError(f"找不到文件：{', '.join(missing)}")
    settings = load(_home(args))  # no archive is opened: extraction needs the time zone only
    refused = 0
    for f in files:
        try:
            ex = read_file(settings, Path(f))
        except FileRefused as exc:  # one line for the file, the others still read
            refused += 1
            err.print(f"跳过 {f}：{exc}")
            continue
        rec = {"path": f, "title": ex.title, "published": ex.published.isoformat() if ex.published else None,
               "outlet": ex.outlet, "text": ex.text}
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 2 if refused else 0


def cmd_sources_add(args: argparse.Namespace) -> int:
    settings = _open(args)
    from zhoubao.app.sources import SourceSpec, add_source

    source, created = add_source(settings, SourceSpec(args.url, args.kind or "", args.name or "", args.outlet_kind,
                                                      args.pattern, args.selector))
    out.print(f"{'已添加' if created else '已存在'}来源 #{source.id} {source.name}（{source.get_kind_display()}）{source.url}")
    return 0


def cmd_sources_list(args: argparse.Namespace) -> int:
    from rich.table import Table

    _open(args)
    from django.utils import timezone

    from zhoubao.app.sources import source_rows

    now = timezone.now()
    table = Table("#", "名称", "类型", "性质", "状态", "报道数", "上次抓取", "下次检查", "网址", box=None)
    rows = sorted(source_rows(now), key=lambda r: r.source.id)
    for r in rows:
        s = r.source
        when = s.last_checked.astimezone().strftime("%m-%d %H:%M") if s.last_checked else "—"
        if not s.enabled:
            nxt = "—"
        elif s.next_check is None or s.next_check <= now:
            nxt = "现在"
        else:
            nxt = s.next_check.astimezone().strftime("%m-%d %H:%M")
        table.add_row(str(s.id), s.name, s.get_kind_display(), s.outlet_kind_label or "—", r.state, str(r.total),
                      when, nxt, s.url)
    out.print(table)
    for r in rows:  # the table may fold long reasons; each problem also gets a whole line
        if not r.source.enabled or r.source.error_count:
            out.print(f"#{r.source.id} {r.source.name}：{r.state}")
    disabled = sum(1 for r in rows if not r.source.enabled)
    out.print(f"共 {len(rows)} 个来源" + (f"，其中 {disabled} 个已停用（zhoubao sources enable ID 重新启用）" if disabled else "")
              + "。")
    return 0


def cmd_sources_enable(args: argparse.Namespace) -> int:
    _open(args)
    from zhoubao.app.sources import enable

    for sid in args.ids:
        source = enable(sid)
        out.print(f"已启用来源 #{source.id} {source.name}：下次 zhoubao collect 时抓取。")
    return 0


def cmd_sources_import(args: argparse.Namespace) -> int:
    settings = _open(args)
    from zhoubao.app.sources import import_sources

    result = import_sources(settings, Path(args.file))
    for line in result.refused:
        err.print(f"跳过：{line}")
    out.print(f"导入完成：新增 {result.added}，已存在 {result.existed}，拒绝 {len(result.refused)}。")
    return 0 if not result.refused else 2


def cmd_collect(args: argparse.Namespace) -> int:
    settings = _open(args)
    from zhoubao.app import collect as collecting

    if args.files:
        paths = [Path(p) for p in args.files]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CliError(f"找不到文件：{', '.join(missing)}")
        with out.status("读取文件…"):
            done = collecting.import_files(settings, paths)
        for got in done:
            if got.status == "refused":
                err.print(f"跳过 {got.path}：{got.reason}")
        new = sum(1 for g in done if g.status == "new")
        known = sum(1 for g in done if g.status == "known")
        refused = len(done) - new - known
        out.print(f"导入文件 {len(done)} 个：新增报道 {new}，已存在 {known}" + (f"，未读取 {refused}（原因见上）" if refused else "")
                  + "。")
        return 2 if refused and not new and not known else 0
    sources, notes, waiting = collecting.due(every=args.all, ids=args.source)
    for note in notes:
        err.print(note)
    if args.source and not sources:
        raise CliError("没有可抓取的来源")
    with out.status("抓取中…") as status:
        summary = collecting.collect(settings, sources=sources, progress=lambda name: status.update(f"抓取 {name}…"))
    for r in summary.results:
        if r.skipped:
            out.print(f"· {r.source}：{r.skipped}")
        elif r.error:
            out.print(f"[red]✗[/red] {r.source}：{r.error}")
        elif r.unchanged:
            out.print(f"· {r.source}：未更新")
        else:
            extra = f"，失败 {r.failed}" if r.failed else ""
            out.print(f"[green]✓[/green] {r.source}：新增 {r.new}，已有 {r.seen}{extra}")
    tail = f"；{waiting} 个来源未到检查时间（--all 全部抓取）" if waiting > 0 else ""
    tried = [r for r in summary.results if not r.skipped]
    if tried and all(r.error for r in tried):
        err.print(f"抓取失败：尝试的 {len(tried)} 个来源全部出错，没有新增报道{tail}。"
                  "请检查网络与来源网址（原因见上，或 zhoubao sources list）。")
        return 1
    out.print(f"抓取完成：{len(summary.results)} 个来源，新增报道 {summary.new} 篇，出错来源 {summary.errors} 个{tail}。")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    try:
        issue_date = date.fromisoformat(args.date)
    except ValueError:
        raise CliError(f"日期格式应为 YYYY-MM-DD：{args.date}") from None
    settings = _open(args)
    from zhoubao.app.build import build, draft_of, undo_rebuild

    if args.undo:
        draft = draft_of(settings, issue_date)
        if draft is None:
            raise CliError(f"{issue_date} 没有草稿可撤销")
        n = undo_rebuild(settings, draft)
        out.print(f"已撤销第{draft.number}期草稿的重新生成：恢复条目 {n} 条（撤销前的条目也已保留，可再次 --undo）。")
        sys.stdout.write(f"{draft.number}\n")
        return 0
    with out.status("生成中…") as status:
        res = build(settings, issue_date=issue_date, days=args.days, number=args.number, force=args.force,
                    rebuild=args.rebuild, progress=lambda m: status.update(m + "…"))
    if res.kept:
        out.print(f"已重新生成第{res.issue.number}期草稿（{issue_date}）：编辑过的 {res.items} 条保留不变，"
                  f"新报道已加入候选（报道 {res.reports} 篇，事件 {res.stories} 个）；撤销：--undo。")
    else:
        verb = "已重新生成" if res.rebuilt else "已生成"
        out.print(f"{verb}第{res.issue.number}期草稿（{issue_date}）：报道 {res.reports} 篇，事件 {res.stories} 个，"
                  f"条目 {res.items} 条。"
                  + (f"其中待定 {res.pending} 条（排在各栏末尾，请在编辑台逐条保留或删除）。" if res.pending else "")
                  + ("撤销：--undo。" if res.rebuilt else ""))
    # The number alone on the last line, for scripts.
    sys.stdout.write(f"{res.issue.number}\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = _open(args)
    from zhoubao.app.issues import find_issue
    from zhoubao.app.publish import export

    issue = find_issue(settings, args.number)
    if issue is None:
        raise CliError(f"没有第{args.number}期：先运行 zhoubao build --date YYYY-MM-DD")
    target = Path(args.output)
    size = export(settings, issue, args.format, target)
    out.print(f"已导出第{issue.number}期（{args.format}）：{target}（{size:,} 字节）")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    settings = _open(args)
    from zhoubao.app.publish import publish_from_command_line, published_dir

    with out.status("发布中…") as status:
        issue, files = publish_from_command_line(settings, args.number, progress=lambda m: status.update(m + "…"))
    for f in files:
        if "file" not in f:
            err.print(f"未生成 {f['format']}：{f.get('error', '')}")
    written = [f["file"] for f in files if "file" in f]
    out.print(f"已发布第{issue.number}期：{published_dir(settings.home, issue)}/ 下 {len(written)} 个文件："
              f"{'、'.join(written)}")
    return 0


def cmd_import_issue(args: argparse.Namespace) -> int:
    paths = [Path(f) for f in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise CliError(f"找不到文件：{', '.join(missing)}")
    bad = [str(p) for p in paths if p.suffix.lower() not in (".pdf", ".docx")]
    if bad:
        raise CliError(f"只能导入 .pdf 或 .docx 文件：{', '.join(bad)}")
    settings = _open(args)
    from zhoubao.app.issues import import_issue
    from zhoubao.errors import ZhoubaoError

    done = 0
    refused: list[str] = []
    for path in paths:
        try:
            got = import_issue(settings, path, force=args.force)
        except ZhoubaoError as exc:
            if len(paths) == 1:
                raise
            # An office's archive is imported by the folder: one unreadable file says why and the rest go on.
            err.print(f"[red]未导入[/red] {escape(path.name)}：{escape(str(exc))}", markup=True, soft_wrap=True)
            refused.append(path.name)
            continue
        out.print(f"已导入 {path.name}：第{got.issue.number}期（{got.issue.date}），{got.sections} 个栏目，{got.items} 条。")
        done += 1
    if refused:
        raise CliError(f"导入 {done} 期；{len(refused)} 个文件未导入（原因见上）：{'、'.join(refused)}")
    out.print(f"导入完成：{done} 期。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
