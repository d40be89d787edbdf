"""Subcommands of understanding: `learn` (a section classifier from labelled examples) and `eval` (score an issue)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    lp = sub.add_parser("learn", help="从标注样本学习栏目分类器（JSONL 文件或标注语料目录），保存在 data/models/")
    lp.add_argument("files", nargs="+", metavar="FILE",
                    help="JSONL（每行 title、text、section；section 为空表示不属于本刊领域）或语料目录")
    lp.add_argument("--no-seed", action="store_true", help="不加入 zhoubao 自带的标注样本")
    lp.add_argument("--no-corrections", action="store_true", help="不加入编辑台里编辑对栏目的修正")
    lp.set_defaults(handler=cmd_learn)

    ep = sub.add_parser("eval", help="用标注语料给导出的一期周报（JSON）打分")
    ep.add_argument("labels", metavar="LABELS", help="标注语料目录（corpus.toml、reports.jsonl、stories.jsonl）")
    ep.add_argument("issue", metavar="ISSUE.json", nargs="?",
                    help="zhoubao export --format json 导出的文件；省略时先用语料的报道在临时目录里生成这一期再打分")
    ep.add_argument("--json", action="store_true", help="输出 JSON（供程序读取）")
    ep.add_argument("--save", metavar="FILE", help="省略 ISSUE.json 时：把生成的这一期（JSON）另存到 FILE")
    ep.set_defaults(handler=cmd_eval)


def cmd_learn(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, open_settings, out

    settings = open_settings(args)
    from zhoubao.classify.learn import correction_examples, learn, model_path, read_examples, seed_examples

    examples: list[dict[str, str]] = []
    for f in args.files:
        path = Path(f)
        if not path.exists():
            raise CliError(f"找不到 {f}")
        try:
            got = read_examples(path)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        examples += got
    given = len(examples)
    corrections = [] if args.no_corrections else correction_examples()
    examples += corrections
    if not args.no_seed:
        examples += seed_examples()
    names = [s.name for s in settings.profile.sections]
    unknown = sorted({e["section"] for e in examples if e["section"] and e["section"] not in names})
    try:
        model = learn(examples, sections=names, embeddings=bool(settings.raw["classify"]["embeddings"]))
    except ValueError as exc:
        raise CliError(f"无法学习：{exc}") from None
    target = model_path(settings.data_dir)
    model.save(target)
    extra = f"；忽略了不在本刊栏目中的样本：{'、'.join(unknown)}" if unknown else ""
    out.print(f"已学习栏目分类器：样本 {model.examples} 条（文件 {given}，编辑修正 {len(corrections)}，"
              f"自带 {0 if args.no_seed else len(seed_examples())}），栏目 {len(model.labels)} 个；保存到 {target}{extra}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from zhoubao.cli.main import CliError, out
    from zhoubao.evaluate.corpus import CorpusError, load_corpus
    from zhoubao.evaluate.score import LABELS, score_issue

    try:
        corpus = load_corpus(Path(args.labels))
    except CorpusError as exc:
        raise CliError(str(exc)) from None
    if args.issue is None:
        issue = _build_week(args, corpus)
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


def _build_week(args: argparse.Namespace, corpus: Any) -> dict[str, Any]:
    """The labelled week's issue, built from its reports in a throw-away home (no HTTP, nothing of yours touched).

    The home's zhoubao.toml and learned section model are used when there is one, so the score is that of your
    settings; otherwise the defaults and the shipped model.
    """
    import shutil
    import tempfile

    from zhoubao.archive.db import open_home
    from zhoubao.classify.learn import model_path
    from zhoubao.cli.main import _home, err
    from zhoubao.conf.settings import load
    from zhoubao.evaluate.run import evaluate

    mine = _home(args)
    tmp = Path(tempfile.mkdtemp(prefix="zhoubao-eval-"))
    try:
        if (mine / "zhoubao.toml").is_file():
            shutil.copy(mine / "zhoubao.toml", tmp / "zhoubao.toml")
        settings = load(tmp)
        theirs = model_path(load(mine).data_dir) if (mine / "zhoubao.toml").is_file() else None
        if theirs is not None and theirs.is_file():
            target = model_path(settings.data_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(theirs, target)
        open_home(tmp, create=True)
        # Progress goes to stderr: stdout carries the scores (JSON with --json).
        err.print(f"用 {len(corpus.reports)} 篇报道生成 {corpus.issue_date} 这一期……")
        ev = evaluate(settings, corpus)
        sections = ev.issue.get("sections")
        err.print(f"已生成：{len(sections) if isinstance(sections, list) else 0} 个栏目，用时 {ev.seconds:.1f} 秒")
        if args.save:
            Path(args.save).write_text(json.dumps(ev.issue, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return dict(ev.issue)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
