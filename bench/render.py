"""Render benchmark: time and peak memory per format for a 40-item issue; import accuracy.

Run: ``PYTHONPATH=src .venv/bin/python -m bench.render`` (``--issues N`` for the import corpus).
Each format is measured in a fresh interpreter so its peak RSS is its own; the Python-side peak
comes from tracemalloc (Typst's Rust allocations only show in RSS).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

FORMATS = ["pdf", "docx", "html", "email", "md", "json"]


def _measure_one(fmt: str, runs: int) -> dict[str, Any]:
    from tests.render.samples import make_issue

    from zhoubao.render import registry

    renderer = registry.get(fmt)
    doc = make_issue(4, items=40)
    warm_doc = make_issue(5, items=40)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    renderer.render(warm_doc)  # first call: loads fonts / templates
    cold = time.perf_counter() - start
    times = []
    for n in range(runs):
        d = make_issue(1000 + n, items=40)
        start = time.perf_counter()
        out = renderer.render(d)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    out = renderer.render(doc)
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "format": fmt, "cold_s": cold, "median_s": statistics.median(times), "max_s": max(times),
        "py_peak_mb": py_peak / 2**20, "rss_peak_mb": rss_after / 1024,
        "rss_growth_mb": (rss_after - rss_before) / 1024, "bytes": len(out),
    }


def measure(fmt: str, runs: int) -> dict[str, Any]:
    """One format in a fresh interpreter (so peak RSS is not another format's)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.render", "--one", fmt, "--runs", str(runs)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        return {"format": fmt, "error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def import_accuracy(count: int) -> list[dict[str, Any]]:
    from tests.render.samples import make_corpus

    from zhoubao.render.docx import render_docx
    from zhoubao.render.importer import read_issue
    from zhoubao.render.pdf import render_pdf
    from zhoubao.render.read_pdf import read_pdf

    docs = make_corpus(count, start=100)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, suffix, render, read in [
            ("pdf (pdfplumber)", "pdf", render_pdf, read_issue),
            ("pdf (pypdf fallback)", "pdf", render_pdf,
             lambda p: read_pdf(Path(p), engine="pypdf")),
            ("docx (python-docx)", "docx", render_docx, read_issue),
        ]:
            items_ok = items_all = issues_ok = rest_ok = pages = 0
            seconds = 0.0
            for i, doc in enumerate(docs):
                path = Path(tmp) / f"{i}.{suffix}"
                data = render(doc)
                path.write_bytes(data)
                if suffix == "pdf":
                    pages += data.count(b"/Type /Page\n") or data.count(b"/Type/Page")
                start = time.perf_counter()
                try:
                    back = read(path)
                except Exception:
                    items_all += len(doc.items())
                    continue
                seconds += time.perf_counter() - start
                want = [(it.title, it.paragraphs) for it in doc.items()]
                got = [(it.title, it.paragraphs) for it in back.items()]
                matched = sum(1 for w, g in zip(want, got, strict=False) if w == g) if len(want) == len(got) else 0
                items_ok += matched
                items_all += len(want)
                issues_ok += want == got
                rest_ok += (back.masthead == doc.masthead and back.highlights == doc.highlights
                            and back.footer == doc.footer and back.style == doc.style)
            rows.append({
                "reader": label, "issues": len(docs), "items": items_all,
                "items_exact": items_ok / items_all if items_all else 1.0,
                "issues_exact": issues_ok / len(docs), "masthead_summary_footer": rest_ok / len(docs),
                "read_s_per_issue": seconds / len(docs),
            })
    return rows


def _bare(text: str) -> str:
    return "".join(text.split())


def office_accuracy() -> list[dict[str, Any]]:
    """Past issues laid out by offices, not by zhoubao: corpus/dev-*/past (issues.jsonl the truth) and the layouts of
    tests/render/office_layouts.py, as Word and as LibreOffice PDF (when soffice is there). Whitespace aside."""
    import shutil

    from tests.render.office_layouts import LAYOUTS

    from zhoubao.render.importer import read_issue

    cases: list[tuple[str, Path, list[tuple[str, list[str]]]]] = []
    for jsonl in sorted(Path("corpus").glob("dev-*/past/issues.jsonl")):
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                w = json.loads(line)
                want = [(it["title"], it["paragraphs"]) for sec in w["sections"] for it in sec["items"]]
                cases.append((f"corpus {Path(w['file']).suffix[1:]}", jsonl.parent / w["file"], want))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        own = {kind: make(Path(tmp) / f"{kind}.docx").items() for kind, make in LAYOUTS.items()}
        cases += [("own layouts docx", Path(tmp) / f"{k}.docx", want) for k, want in own.items()]
        if shutil.which("soffice"):
            subprocess.run(["soffice", f"-env:UserInstallation={Path(tmp, 'lo').as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, *(str(Path(tmp) / f"{k}.docx") for k in own)],
                           capture_output=True, timeout=300, check=True)
            cases += [("own layouts pdf", Path(tmp) / f"{k}.pdf", want) for k, want in own.items()]
        for label in dict.fromkeys(c[0] for c in cases):
            found = expected = titles = whole = files = refused = 0
            seconds = 0.0
            for _l, path, want in (c for c in cases if c[0] == label):
                files += 1
                expected += len(want)
                start = time.perf_counter()
                try:
                    got = [(it.title, it.paragraphs) for it in read_issue(path).items()]
                except Exception:
                    refused += 1
                    continue
                seconds += time.perf_counter() - start
                found += len(got)
                pairs = list(zip(got, want, strict=False)) if len(got) == len(want) else []
                titles += sum(_bare(g[0]) == _bare(w[0]) for g, w in pairs)
                whole += sum([_bare(t) for t in (g[0], *g[1])] == [_bare(t) for t in (w[0], *w[1])] for g, w in pairs)
            rows.append({"files": label, "n": files, "refused": refused, "found": found, "expected": expected,
                         "titles": titles, "whole": whole, "read_s": seconds / max(files - refused, 1)})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--issues", type=int, default=60, help="issues in the import-accuracy corpus (≥ 50)")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(_measure_one(args.one, args.runs)))
        return

    print(f"Render, 40-item issue ({args.runs} runs after one warm-up; fresh interpreter per format)")
    print(f"{'format':<7} {'cold s':>8} {'median s':>9} {'max s':>8} {'py peak MB':>11} {'RSS peak MB':>12} {'RSS +MB':>8} {'bytes':>9}")
    for fmt in FORMATS:
        r = measure(fmt, args.runs)
        if "error" in r:
            print(f"{fmt:<7} error: {r['error']}")
            continue
        print(f"{fmt:<7} {r['cold_s']:>8.3f} {r['median_s']:>9.4f} {r['max_s']:>8.4f} {r['py_peak_mb']:>11.1f} "
              f"{r['rss_peak_mb']:>12.1f} {r['rss_growth_mb']:>8.1f} {r['bytes']:>9}")
    print()
    print(f"Import accuracy over {args.issues} generated issues (render, then read back)")
    print(f"{'reader':<22} {'issues':>6} {'items':>6} {'items exact':>12} {'issues exact':>13} {'masthead/摘要/footer':>20} {'read s':>7}")
    for r in import_accuracy(args.issues):
        print(f"{r['reader']:<22} {r['issues']:>6} {r['items']:>6} {r['items_exact']:>12.1%} {r['issues_exact']:>13.1%} "
              f"{r['masthead_summary_footer']:>20.1%} {r['read_s_per_issue']:>7.3f}")
    print()
    print("Import of issues laid out by offices' Word/WPS (layout alone, no section names given)")
    print(f"{'files':<18} {'n':>3} {'refused':>8} {'items found/expected':>21} {'titles exact':>13} {'items exact':>12} {'read s':>7}")
    for r in office_accuracy():
        print(f"{r['files']:<18} {r['n']:>3} {r['refused']:>8} {r['found']:>10}/{r['expected']:<10} {r['titles']:>13} "
              f"{r['whole']:>12} {r['read_s']:>7.3f}")


if __name__ == "__main__":
    main()
