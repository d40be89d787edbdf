"""Understanding benchmark: every metric of `zhoubao eval` on the labelled weeks, and speed at 5k–40k reports.

Run as `python -m bench.understand` (or through `make bench`). Metrics are measured twice per week: with the
section classifier learned from the *other* weeks only (held out, what an unseen week gets) and with the
classifier zhoubao ships (learned from all weeks, so optimistic for these). Speed runs each size in its own
process (for a clean peak memory) on synthetic weeks made by perturbing the labelled reports: normalization,
dedupe, classification, ranking, drafting and composing, without the database; bare rjieba segmentation of the
same text is timed in the same process for the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"dev-a": ROOT / "corpus" / "dev-a", "dev-b": ROOT / "corpus" / "dev-b",
           "demo": ROOT / "src" / "zhoubao" / "demo" / "week", "dev-c": ROOT / "corpus" / "dev-c",
           "dev-d": ROOT / "corpus" / "dev-d"}
METRICS = ["story_recall", "story_precision", "split_stories", "false_merges", "offbeat_leaks",
           "out_of_window_leaks", "duplicates_merged", "section_accuracy", "highlight_overlap", "title_rouge_l",
           "paragraph_rouge_l", "grouped_items", "group_recall", "group_precision"]


def metrics() -> None:
    home = Path(tempfile.mkdtemp(prefix="zhoubao-bench-understand-"))
    from zhoubao.archive.db import open_home

    open_home(home, create=True)
    from zhoubao.app.evaluate import evaluate, learn_home_model
    from zhoubao.archive.models import Issue, Report, Story
    from zhoubao.classify.learn import model_path
    from zhoubao.conf.settings import load
    from zhoubao.evaluate.corpus import load_corpus

    settings = load(home)
    present = {k: p for k, p in CORPORA.items() if (p / "stories.jsonl").is_file()}
    rows: dict[str, dict[str, object]] = {}
    for mode in ("held-out", "shipped"):
        for name, path in present.items():
            Issue.objects.all().delete()
            Story.objects.all().delete()
            Report.objects.all().delete()
            mp = model_path(settings.data_dir)
            if mp.exists():
                mp.unlink()
            if mode == "held-out":
                learn_home_model(settings, [load_corpus(p) for n, p in present.items() if n != name])
            ev = evaluate(settings, path)
            rows[f"{name} ({mode})"] = {**ev.scores.as_dict(), "build_s": round(ev.seconds, 2)}
    names = list(rows)
    print(f"{'metric':22}" + "".join(f"{n:>20}" for n in names))
    for m in [*METRICS, "build_s"]:
        cells = []
        for n in names:
            v = rows[n][m]
            cells.append(f"{v:>20.3f}" if isinstance(v, float) else f"{v!s:>20}")
        print(f"{m:22}" + "".join(cells))
    print(json.dumps({n: {k: v for k, v in r.items() if k != "details"} for n, r in rows.items()},
                     ensure_ascii=False))


def synthetic(n: int, seed: int = 7) -> list[dict[str, object]]:
    """n reports from the labelled weeks, each copy with its works, figures and days changed (new events)."""
    from zhoubao.evaluate.corpus import load_corpus

    base = []
    for p in CORPORA.values():
        if (p / "reports.jsonl").is_file():
            base += load_corpus(p).reports
    rnd = random.Random(seed)
    out: list[dict[str, object]] = []
    copy = 0
    while len(out) < n:
        copy += 1
        tag = f"{copy}"

        def work(m: re.Match[str], tag: str = tag) -> str:
            return f"《{m.group(1)}{tag}》"

        def figure(m: re.Match[str], c: int = copy) -> str:
            return str(int(m.group(0)) * (c % 17 + 2) + c)

        for r in base:
            if len(out) >= n:
                break
            shift = timedelta(days=rnd.randint(0, 6), hours=rnd.randint(0, 12))
            title = re.sub(r"\d+", figure, re.sub(r"《([^》]{1,20})》", work, str(r["title"])))
            text = re.sub(r"\d+", figure, re.sub(r"《([^》]{1,20})》", work, str(r["text"])))
            out.append({"title": title, "text": text, "outlet": r["outlet"], "outlet_kind": r["outlet_kind"],
                        "published": datetime.fromisoformat(str(r["published"])) + shift})
    return out


def speed_one(n: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="zhoubao-bench-speed-"))
    from zhoubao.archive.db import open_home

    open_home(home, create=True)  # the use cases import the models; the stages timed use no database
    from zhoubao.conf.settings import load

    settings = load(home, env={})
    import rjieba

    from zhoubao.app import build as understanding
    from zhoubao.compose.compose import Candidate, compose

    reports = synthetic(n)
    recs = [understanding.ReportIn(str(r["title"]), str(r["text"]), r["published"], str(r["outlet"]),  # type: ignore[arg-type]
                              str(r["outlet_kind"])) for r in reports]
    dates = [r.published for r in recs if r.published]
    end = max(dates)
    start = end - timedelta(days=7)
    from zhoubao.classify.learn import model_for

    model_for(settings.data_dir, [s.name for s in settings.profile.sections])  # learned once, as in a warm worker
    t0 = time.perf_counter()
    stories = understanding.understand(settings, recs, start=start, end=end)
    cands = [Candidate(i, u.section, u.score, u.draft_title, u.paragraphs, u.sources[0].text if u.sources else "",
                       u.authority) for i, u in enumerate(stories) if u.included]
    compose(settings.profile, cands, max_per_section=settings.build.max_items_per_section)
    took = time.perf_counter() - t0
    t1 = time.perf_counter()
    seg = rjieba.Jieba()
    for r in recs:
        seg.cut(r.title)
        seg.cut(r.text)
    bare = time.perf_counter() - t1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"reports": n, "stories": len(stories), "seconds": round(took, 2), "reports_per_s": round(n / took, 1),
            "peak_mb": round(peak, 1), "rjieba_s": round(bare, 2), "ratio": round(took / bare, 1)}


def speed(sizes: list[int]) -> None:
    print(f"{'reports':>8} {'stories':>8} {'seconds':>8} {'reports/s':>10} {'peak MB':>8} {'rjieba s':>9} {'ratio':>6}")
    for n in sizes:
        out = subprocess.run([sys.executable, "-m", "bench.understand", "--speed-one", str(n)], capture_output=True,
                             text=True, env=dict(os.environ), cwd=ROOT)
        if out.returncode:
            print(f"{n:>8} failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['reports']:>8} {r['stories']:>8} {r['seconds']:>8} {r['reports_per_s']:>10} {r['peak_mb']:>8} "
              f"{r['rjieba_s']:>9} {r['ratio']:>6}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.understand")
    ap.add_argument("--sizes", default="5000,10000,20000,40000")
    ap.add_argument("--skip-metrics", action="store_true")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--speed-one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--make-seed", action="store_true", help="rewrite classify/seed.jsonl from the labelled weeks")
    args = ap.parse_args(argv)
    if args.speed_one:
        print(json.dumps(speed_one(args.speed_one)))
        return 0
    if args.make_seed:
        from zhoubao.evaluate.corpus import write_seed

        paths = [p for p in CORPORA.values() if (p / "stories.jsonl").is_file()]
        n = write_seed(paths, ROOT / "src" / "zhoubao" / "classify" / "seed.jsonl")
        print(f"seed.jsonl: {n} examples from {', '.join(p.name for p in paths)}")
        return 0
    if not args.skip_metrics:
        metrics()
    if not args.skip_speed:
        speed([int(x) for x in args.sizes.split(",") if x])
    return 0


if __name__ == "__main__":
    sys.exit(main())
