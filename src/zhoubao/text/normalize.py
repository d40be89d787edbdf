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


def to_simplified(text: str) -> str:
    """繁→简 with OpenCC (the C++ library's binding, about 20 µs per 500 characters); unchanged if it is missing."""
    global _T2S
    if _T2S is None:
        try:
            import opencc

            _T2S = opencc.OpenCC("t2s")
        except Exception:  # not installed or its data unreadable: text stays as written
            _T2S = False
    return _T2S.convert(text) if _T2S and text else text


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
