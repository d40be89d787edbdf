"""One tokenizer for dedupe, sections and search: 《》 titles taken out whole, then rjieba with the beat's dictionary."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

from zhoubao.text.cjk import HAN
from zhoubao.text.gazetteer import Lexicon, default_lexicon

WORK = re.compile(r"《([^《》\n]{1,40})》")
_KEEP = re.compile(rf"[{HAN}A-Za-z0-9]")
_STOP = frozenset(
    ["的", "了", "和", "与", "及", "在", "是", "为", "将", "对", "等", "也", "并", "于", "由", "以", "从", "把", "被", "就", "都", "而", "或", "其", "该", "这", "那", "之", "上", "下", "中", "后", "前", "年", "月", "日", "已", "已经", "正式", "相关", "进行", "开展", "表示", "介绍", "记者", "获悉", "消息", "据", "今日", "近日", "日前", "当天", "此次", "本次", "一个", "一些", "我们", "他们"]
)

_lock = threading.Lock()
_segmenters: dict[int, Any] = {}


def _segmenter(lex: Lexicon) -> Any:
    """A private rjieba instance whose dictionary holds every name and alias of the lexicon."""
    import rjieba

    key = id(lex)
    with _lock:
        seg = _segmenters.get(key)
        if seg is None:
            seg = rjieba.Jieba()
            for word, _cat in lex.words():
                if len(word) > 1:
                    seg.add_word(word, 20000, None)
            _segmenters[key] = seg
        return seg


def works(text: str) -> list[str]:
    """Titles of works (series, films, reports, laws) in 《》, in order, without repeats."""
    return list(dict.fromkeys(m.group(1).strip() for m in WORK.finditer(text) if m.group(1).strip()))


def words(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Words of text: each 《》 title as one token (with its brackets), the rest segmented by rjieba."""
    lex = lexicon or default_lexicon()
    seg = _segmenter(lex)
    out: list[str] = []
    pos = 0
    for m in WORK.finditer(text):
        out.extend(seg.cut(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.extend(seg.cut(text[pos:]))
    return [w for w in (t.strip() for t in out) if w and _KEEP.search(w)]


def content_words(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Words without stop words and single characters (what keywords and similarity are made of)."""
    return [w for w in words(text, lexicon) if len(w) > 1 and w not in _STOP]


def keywords(texts: Iterable[str], k: int = 8, lexicon: Lexicon | None = None) -> list[str]:
    """The k most frequent content words over texts, names of the lexicon and works counted double."""
    lex = lexicon or default_lexicon()
    counts: dict[str, float] = {}
    for text in texts:
        for w in content_words(text, lex):
            weight = 2.0 if (w.startswith("《") or lex.canonical(w) != w or lex.knows(w)) else 1.0
            counts[w] = counts.get(w, 0.0) + weight
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]
