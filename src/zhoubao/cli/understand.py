"""Subcommands of understanding: `learn` (a section classifier from labelled examples) and `eval` (score an issue)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    lp = sub.add_parser("learn", help="从标注样本和已发布（含导入）的往期学习栏目分类器，保存在 data/models/")
    lp.add_argument("files", nargs="*", metavar="FILE",
                    help="JSONL（每行 title、text、section；section 为空表示不属于本刊领域）或语料目录；"
                         "省略时只从往期学习")
    lp.add_argument("--no-seed", action="store_true", help="不加入 zhoubao 自带的标注样本")
    lp.add_argument("--no-corrections", action="store_true", help="不加入编辑台里编辑对栏目的修正")
    lp.add_argument("--no-archive", action="store_true", help="不加入已发布（含 import-issue 导入）往期的条目")
    lp.set_defaults(handler=cmd_learn)

    ep = sub.add_parser("eval", help="用标注语料给导出的一期周报（JSON）打分")
    ep.add_argument("labels", metavar="LABELS", help="标注语料目录（corpus.toml、reports.jsonl、stories.jsonl）")
    ep.add_argument("issue", metavar="ISSUE.json", nargs="?",
                    help="zhoubao export --format json 导出的文件；省略时先用语料的报道在临时目录里生成这一期再打分")
    ep.add_argument("--json", action="store_true", help="输出 JSON（供程序读取）")
    ep.add_argument("--save", metavar="FILE", help="省略 ISSUE.json 时：把生成的这一期（JSON）另存到 FILE")
    ep.set_defaults(handler=cmd_eval)


def cmd_learn(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import open_settings, out

    settings = open_settings(args)  # opens the archive: app.learn reads its models
    from zhoubao.app.learn import learn_home

    r = learn_home(settings, [Path(f) for f in args.files], seed=not args.no_seed, corrections=not args.no_corrections,
                   archive=not args.no_archive)
    extra = f"；忽略了不在本刊栏目中的样本：{'、'.join(r.ignored)}" if r.ignored else ""
    out.print(f"已学习栏目分类器：样本 {r.examples} 条（文件 {r.given}，往期 {r.past}，编辑修正 {r.corrections}，"
              f"自带 {r.shipped}），栏目 {r.sections} 个；保存到 {r.path}{extra}")
    w = r.ways
    if w and w.items:
        out.print(f"往期 {w.issues} 期 {w.items} 条：" + "、".join(f"{s} {n}" for s, n in w.per_section.items()))
        out.print(f"标题：“主体：事件” 占 {w.subject_titles:.0%}，长度中位数 {w.title_chars} 字")
        if w.grouped:
            out.print("合并条目：" + "；".join(f"{s}（{'、'.join(g[:6])}）" for s, g in w.grouped.items()))
        renamed = {c: f for c, f in w.naming.items() if c != f}
        if renamed:
            out.print("机构写法：" + "、".join(f"{c} 写作 {f}" for c, f in renamed.items()))
        if w.unknown_sections:
            out.print(f"往期中有本刊设置里没有的栏目：{'、'.join(w.unknown_sections)}（这些条目未用于学习）")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from zhoubao.app.evaluate import LABELS, evaluate_scratch, load_corpus, score_issue
    from zhoubao.cli.main import CliError, _home, err, out

    corpus = load_corpus(Path(args.labels))
    if args.issue is None:
        # Progress goes to stderr: stdout carries the scores (JSON with --json).
        ev = evaluate_scratch(corpus, mine=_home(args), progress=err.print)
        sections = ev.issue.get("sections")
        err.print(f"已生成：{len(sections) if isinstance(sections, list) else 0} 个栏目，用时 {ev.seconds:.1f} 秒")
        if args.save:
            Path(args.save).write_text(json.dumps(ev.issue, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        issue: dict[str, Any] = dict(ev.issue)
    else:
        path = Path(args.issue)
        if not path.is_file():
            raise CliError(f"找不到 {args.issue}")
        try:
            issue = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CliError(f"{args.issue} 不是有效的 JSON：{exc}") from None
    scores = score_issue(corpus, issue)
    if args.json:
        sys.stdout.write(json.dumps(scores.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return 0
    from rich.table import Table

    table = Table("指标", "metric", "值", box=None)
    for key, label in LABELS.items():
        value = getattr(scores, key)
        table.add_row(label, key, f"{value:.3f}" if isinstance(value, float) else str(value))
    out.print(f"语料 {scores.corpus}：")
    out.print(table)
    for name, lines in scores.details.items():
        if lines:
            out.print(f"{name}: " + "；".join(str(x) for x in lines[:20]))
    return 0
