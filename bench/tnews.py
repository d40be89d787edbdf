"""TNEWS (FewCLUE): learn from train_few_all, score on test_public, with the code that learns the sections.

Run as `python -m bench.tnews` (or through `make bench`). The data is read from ../shared/data (never copied
into the project). Published on this split: fine-tuned RoBERTa 49.0, PET 54.5, humans 71.0 (FewCLUE).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from zhoubao.classify.learn import TextModel

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "classification" / "tnews_fewclue"


def _load(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    if not (DATA / "train_few_all.json").is_file():
        print(f"TNEWS data not found at {DATA}; skipped")
        return 0
    train, test = _load("train_few_all.json"), _load("test_public.json")
    rows = []
    inputs = [("sentence", lambda r: str(r["sentence"])),
              ("sentence + keywords", lambda r: f"{r['sentence']} {str(r['keywords']).replace(',', ' ')}")]
    for (name, text), emb in [(i, e) for e in (False, True) for i in inputs]:
        t0 = time.perf_counter()
        # With emb, a second head over multilingual sentence embeddings, mixed half and half (not tuned here).
        model = TextModel.fit([text(r) for r in train], [str(r["label_desc"]) for r in train], embeddings=emb)
        if emb and model.emb_coef is None:
            continue  # the sentence encoder is not installed
        name = name + (" +emb" if emb else "")
        fit = time.perf_counter() - t0
        t1 = time.perf_counter()
        pred = model.predict([text(r) for r in test])
        acc = sum(p == r["label_desc"] for p, r in zip(pred, test, strict=True)) / len(test)
        rows.append((name, acc, fit, time.perf_counter() - t1))
    print(f"TNEWS FewCLUE: train {len(train)}, test_public {len(test)}; char 1-3-gram TF-IDF + logistic regression"
          " (+emb: and a head over sentence embeddings)")
    print(f"{'input':28} {'accuracy':>9} {'fit s':>7} {'predict s':>10}")
    for name, acc, fit, pred_s in rows:
        print(f"{name:28} {acc * 100:>8.1f}% {fit:>7.1f} {pred_s:>10.2f}")
    print("published: fine-tuned RoBERTa 49.0, PET 54.5, humans 71.0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
