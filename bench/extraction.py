"""Score article extraction (ours vs trafilatura alone) on the shared Chinese corpora."""

from __future__ import annotations

import argparse
import html as htmllib
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from multiprocessing import Pool
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/extraction.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

DATA = Path(os.environ.get("ZHOUBAO_SHARED_DATA", "/work/shared/data")) / "extraction"

_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")


# --------------------------------------------------------------------------- metric


def char_prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Character-bag precision/recall/F1, whitespace removed."""
    p = Counter(_WS.sub("", pred or ""))
    g = Counter(_WS.sub("", gold or ""))
    if not p and not g:
        return 1.0, 1.0, 1.0
    if not p or not g:
        return 0.0, 0.0, 0.0
    overlap = sum((p & g).values())
    prec = overlap / sum(p.values())
    rec = overlap / sum(g.values())
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


# --------------------------------------------------------------------------- corpora


def daniel_items(limit: int | None = None, sample_every: int = 1) -> list[tuple[str, Path, str]]:
    """(id, html path, reference text) for daniel_zh; references are <p>…</p> lines."""
    root = DATA / "daniel_zh"
    ids = sorted(p.name for p in (root / "html").iterdir())
    ids = ids[::sample_every]
    if limit:
        ids = ids[:limit]
    out = []
    for i in ids:
        ref = (root / "reference" / i).read_text(encoding="utf-8", errors="replace")
        ref = htmllib.unescape(_TAG.sub("\n", ref))
        out.append((i, root / "html" / i, ref))
    return out


def newspaper_items() -> list[tuple[str, Path, str]]:
    root = DATA / "newspaper4k_zh"
    out = []
    for p in sorted((root / "html").glob("*.html")):
        out.append((p.stem, p, (root / "txt" / (p.stem + ".txt")).read_text(encoding="utf-8")))
    return out


def trafilatura_eval_items() -> list[tuple[str, Path, dict]]:
    root = DATA / "trafilatura_eval"
    ann = json.loads((root / "evaldata_zh.json").read_text(encoding="utf-8"))
    return [(url, root / "html" / v["file"], v) for url, v in ann.items()]


# --------------------------------------------------------------------------- extractors


def _ours(data: bytes, url: str) -> str:
    from zhoubao.collect.extract import extract

    return extract(data, url, tz="Asia/Shanghai").text


def _ours_with_title(data: bytes, url: str) -> str:
    from zhoubao.collect.extract import extract

    ex = extract(data, url, tz="Asia/Shanghai")
    return ex.title + "\n" + ex.text


def _traf(data: bytes, url: str, **kw: object) -> str:
    import trafilatura

    return trafilatura.extract(data, url=url or None, **kw) or ""  # type: ignore[arg-type]


def _traf_default(data: bytes, url: str) -> str:
    return _traf(data, url)


def _traf_precision(data: bytes, url: str) -> str:
    return _traf(data, url, favor_precision=True)


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    "ours": _ours,
    "trafilatura": _traf_default,
    "trafilatura_precision": _traf_precision,
}


def _url_for(doc_id: str) -> str:
    # daniel ids look like 20111209_china.huanqiu.com_<hash>: give the host, as a fetcher would.
    parts = doc_id.split("_")
    if len(parts) >= 3 and "." in parts[1]:
        return f"http://{parts[1]}/{parts[2][:12]}.html"
    return ""


def _run_one(args: tuple[str, str, str, str]) -> tuple[str, str, str, float]:
    name, doc_id, path, url = args
    data = Path(path).read_bytes()
    t0 = time.perf_counter()
    try:
        out = EXTRACTORS[name](data, url)
    except Exception as exc:  # count a crash as an empty extraction, and say so
        print(f"  ! {name} crashed on {doc_id}: {exc!r}", file=sys.stderr)
        out = ""
    return name, doc_id, out, time.perf_counter() - t0


def run_extractors(
    names: Iterable[str], items: list[tuple[str, Path, object]], url_of: Callable[[str], str], workers: int
) -> dict[str, dict[str, str]]:
    jobs = [(n, doc_id, str(path), url_of(doc_id)) for n in names for doc_id, path, _ in items]
    results: dict[str, dict[str, str]] = {n: {} for n in names}
    if workers > 1:
        with Pool(workers) as pool:
            for name, doc_id, out, _ in pool.imap_unordered(_run_one, jobs, chunksize=4):
                results[name][doc_id] = out
    else:
        for job in jobs:
            name, doc_id, out, _ = _run_one(job)
            results[name][doc_id] = out
    return results


def score_text(outputs: dict[str, str], items: list[tuple[str, Path, str]]) -> dict[str, float]:
    ps, rs, fs, empty = [], [], [], 0
    for doc_id, _, gold in items:
        pred = outputs.get(doc_id, "")
        if not pred.strip():
            empty += 1
        p, r, f = char_prf(pred, gold)
        ps.append(p)
        rs.append(r)
        fs.append(f)
    n = max(1, len(items))
    return {"P": sum(ps) / n, "R": sum(rs) / n, "F1": sum(fs) / n, "empty": empty, "n": len(items)}


def score_segments(outputs: dict[str, str], items: list[tuple[str, Path, dict]]) -> dict[str, float]:
    """trafilatura's own protocol: 'with' segments must be found, 'without' must not."""
    tp = fn = fp = tn = 0
    for doc_id, _, ann in items:
        pred = _WS.sub("", outputs.get(doc_id, ""))
        for seg in ann.get("with", []):
            if _WS.sub("", seg) in pred:
                tp += 1
            else:
                fn += 1
        for seg in ann.get("without", []):
            if _WS.sub("", seg) in pred:
                fp += 1
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "P": p,
        "R": r,
        "F1": f,
        "with_found": tp,
        "with_total": tp + fn,
        "without_leaked": fp,
        "without_total": fp + tn,
        "n": len(items),
    }


def per_doc(
    outputs: dict[str, str], items: list[tuple[str, Path, str]]
) -> list[tuple[float, float, float, str]]:
    rows = []
    for doc_id, _, gold in items:
        p, r, f = char_prf(outputs.get(doc_id, ""), gold)
        rows.append((f, p, r, doc_id))
    return sorted(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="only the first N daniel_zh pages")
    ap.add_argument(
        "--only",
        choices=[*sorted(EXTRACTORS), "ours_with_title"],
        action="append",
        help="run only these extractors (repeatable)",
    )
    ap.add_argument("--worst", type=int, default=0, help="list the N worst daniel_zh pages for 'ours'")
    ap.add_argument("--dump", type=Path, default=None, help="write per-page outputs as JSON here")
    args = ap.parse_args(argv)

    if not DATA.exists():
        print(f"no benchmark data at {DATA}", file=sys.stderr)
        return 2
    EXTRACTORS["ours_with_title"] = _ours_with_title
    names = args.only or ["ours", "trafilatura", "trafilatura_precision"]

    t0 = time.perf_counter()
    daniel = daniel_items(args.limit)
    npk = newspaper_items()
    tev = trafilatura_eval_items()
    res_d = run_extractors(names, daniel, _url_for, args.workers)  # type: ignore[arg-type]
    res_n = run_extractors(names, npk, lambda _: "", 1)  # type: ignore[arg-type]
    res_t = run_extractors(names, tev, lambda u: u, 1)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - t0

    print(
        f"\nExtraction benchmark (character-bag F1, whitespace removed; macro over pages)  [{elapsed:.0f}s]"
    )
    header = f"{'corpus':<34}{'extractor':<24}{'P':>7}{'R':>7}{'F1':>7}  notes"
    print(header)
    print("-" * len(header))
    for name in names:
        s = score_text(res_d[name], daniel)
        print(
            f"{'daniel_zh (' + str(s['n']) + ' pages)':<34}{name:<24}{s['P']:7.3f}{s['R']:7.3f}{s['F1']:7.3f}"
            f"  empty={s['empty']}"
        )
    for name in names:
        s = score_text(res_n[name], npk)
        print(
            f"{'newspaper4k_zh (' + str(s['n']) + ' pages)':<34}{name:<24}{s['P']:7.3f}{s['R']:7.3f}{s['F1']:7.3f}"
            f"  empty={s['empty']}"
        )
    for name in names:
        s = score_segments(res_t[name], tev)
        print(
            f"{'trafilatura_eval zh (segments)':<34}{name:<24}{s['P']:7.3f}{s['R']:7.3f}{s['F1']:7.3f}"
            f"  with {s['with_found']}/{s['with_total']}, without leaked {s['without_leaked']}/{s['without_total']}"
        )
    if args.worst and "ours" in names:
        print(f"\nworst {args.worst} daniel_zh pages for ours (F1 P R id):")
        for f, p, r, doc_id in per_doc(res_d["ours"], daniel)[: args.worst]:
            print(f"  {f:.3f} {p:.3f} {r:.3f} {doc_id}")
    if args.dump:
        args.dump.write_text(
            json.dumps({"daniel": res_d, "newspaper": res_n, "trafilatura_eval": res_t}, ensure_ascii=False),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
