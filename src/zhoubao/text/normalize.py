"""Text normalization: width, house spacing, boilerplate lines, sentences — pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from zhoubao.text.boilerplate import strip_report
from zhoubao.text.cjk import HAN

# Full-width ASCII letters and digits (and a few symbols) become half-width; Chinese punctuation
# (，。：；“”（）《》) is left alone, which is why this is not NFKC.
_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ALNUM.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ALNUM.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH_ALNUM.update({0xFF05: ord("%"), 0xFF0E: ord("."), 0xFF0B: ord("+"), 0xFF0D: ord("-"),
                         0xFF20: ord("@"), 0xFF03: ord("#"), 0xFF06: ord("&"), 0xFF0F: ord("/")})
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD])

_CJK_THEN_ALNUM = re.compile(rf"([{HAN}])[ \u00a0\u3000]*([A-Za-z0-9])")
_ALNUM_THEN_CJK = re.compile(rf"([A-Za-z0-9%])[ \u00a0\u3000]*([{HAN}])")


def width(text: str) -> str:
    """Full-width letters and digits to half-width; invisible characters dropped; NBSP to space."""
    text = text.translate(_FULLWIDTH_ALNUM).translate(_INVISIBLE)
    return text.replace("\u00a0", " ")


def spacing(text: str, rule: str = "none") -> str:
    """Apply the house rule between CJK and digits/Latin letters: "none" (6月1日) or "space" (6 月 1 日)."""
    if rule == "space":
        text = _CJK_THEN_ALNUM.sub(r"\1 \2", text)
        return _ALNUM_THEN_CJK.sub(r"\1 \2", text)
    text = _CJK_THEN_ALNUM.sub(r"\1\2", text)
    return _ALNUM_THEN_CJK.sub(r"\1\2", text)


_T2S: Any = None
_PHRASES: Any = None
# Words OpenCC's Taiwan phrases turn into another sense in a weekly's news: 影片 is a film as often as a video,
# 資料 material as often as data, 新增 is not 添加, 程序 a procedure as often as a process; they keep their words.
_KEEP = re.compile(r"(影片|資料|资料|新增|程序)")
_IP = re.compile(r"智慧財產權?|智慧财产权?")


def to_simplified(text: str) -> str:
    """繁→简 with OpenCC (the C++ library's binding, about 20 µs per 500 characters): a text in 繁体 is also given
    the mainland's words for Taiwan's (晶片 → 芯片, 伺服器 → 服务器, 軟體 → 软件, 輝達 → 英伟达); a text in 简体 is left as
    written (the phrase table read over it would turn 小程序 into 小进程); unchanged if OpenCC is missing."""
    global _T2S, _PHRASES
    if _T2S is None:
        try:
            import opencc

            _T2S, _PHRASES = opencc.OpenCC("t2s"), opencc.OpenCC("tw2sp")
        except Exception:  # not installed or its data unreadable: text stays as written
            _T2S = False
    if not _T2S or not text or _T2S.convert(text) == text:
        return text
    text = _IP.sub("知识产权", text)
    return "".join((_T2S if i % 2 else _PHRASES).convert(part) for i, part in enumerate(_KEEP.split(text)))


def clean_text(text: str, *, rule: str = "none", simplified: bool = False) -> str:
    """The normalize stage for one report's text: paragraphs joined by newlines."""
    text = width(unicodedata.normalize("NFC", text))
    if simplified:
        text = to_simplified(text)
    paras = [re.sub(r"[ \t\u3000]+", " ", p).strip() for p in text.split("\n")]
    return "\n".join(spacing(p, rule) for p in strip_report(paras))


def clean_line(text: str, *, rule: str = "none") -> str:
    return spacing(re.sub(r"\s+", " ", width(text)).strip(), rule)


_SENTENCE_END = re.compile(r"([。！？!?；]+[”’」』）)]*)")


def sentences(paragraph: str) -> list[str]:
    """Split a Chinese paragraph into sentences, keeping closing quotes with their sentence."""
    parts = _SENTENCE_END.split(paragraph)
    out: list[str] = []
    carry = ""
    for i in range(0, len(parts), 2):
        chunk = carry + parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
        # A work's title may hold a stop (《这！就是街舞》): no sentence ends inside 《》.
        if chunk.count("《") > chunk.count("》") and i + 2 < len(parts):
            carry = chunk
            continue
        carry = ""
        if chunk.strip():
            out.append(chunk.strip())
    return out
