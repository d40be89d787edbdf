"""Text normalization: width, house spacing, boilerplate lines, sentences — pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Full-width ASCII letters and digits (and a few symbols) become half-width; Chinese punctuation
# (，。：；“”（）《》) is left alone, which is why this is not NFKC.
_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ALNUM.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ALNUM.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH_ALNUM.update({0xFF05: ord("%"), 0xFF0E: ord("."), 0xFF0B: ord("+"), 0xFF0D: ord("-"),
                         0xFF20: ord("@"), 0xFF03: ord("#"), 0xFF06: ord("&"), 0xFF0F: ord("/")})
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD])

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_THEN_ALNUM = re.compile(rf"([{CJK}])[ \u00a0\u3000]*([A-Za-z0-9])")
_ALNUM_THEN_CJK = re.compile(rf"([A-Za-z0-9%])[ \u00a0\u3000]*([{CJK}])")

# Lines that belong to the page, not the story.
_BOILERPLATE_LINE = re.compile(
    r"^\s*[（(【\[]?\s*(来源|稿源|作者|记者|责任编辑|责编|编辑|校对|审核|审校|监制|出品|原标题|文章来源|图片来源|本文来源)"
    r"\s*[:：]\s*[^。！？]{0,60}[)）】\]]?\s*$"
)
# Bylines alone on a line: "澎湃新闻记者 俞凯", "界面新闻 | 界面新闻记者 | 李彪", "文｜邓咏仪", "编辑｜苏建勋".
_BYLINE = re.compile(
    r"^\s*(?:[\u4e00-\u9fffA-Za-z0-9]{0,10}(?:记者|通讯员|实习生|编辑|作者|撰文|文|图|出品)\s*[｜|丨/：:]?\s*"
    r"[\u4e00-\u9fff·A-Za-z]{1,5}(?:\s+[\u4e00-\u9fff·]{2,4}){0,3}"
    r"|[^。，！？：]{1,12}(?:\s*[｜|丨]\s*[^。，！？]{1,12}){1,3})\s*$"
)
_END_MARK = re.compile(r"\s*[（(]\s*完\s*[)）]\s*$")
_SHARE_LINE = re.compile(r"^\s*(分享到|扫一扫|扫码|点击进入|相关阅读|相关新闻|推荐阅读|延伸阅读|热门推荐|上一篇|下一篇|【纠错】|打印本页|关闭窗口)")


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


def strip_boilerplate(paragraphs: list[str]) -> list[str]:
    """Drop 来源/责任编辑/分享 lines and a closing （完）; keep everything that may be news."""
    out: list[str] = []
    for para in paragraphs:
        p = para.strip()
        if not p or _BOILERPLATE_LINE.match(p) or _SHARE_LINE.match(p) or (len(p) <= 30 and _BYLINE.match(p)):
            continue
        p = _END_MARK.sub("", p).strip()
        if p:
            out.append(p)
    return out


def clean_text(text: str, *, rule: str = "none", simplified: bool = False) -> str:
    """The normalize stage for one report's text: paragraphs joined by newlines."""
    text = width(unicodedata.normalize("NFC", text))
    if simplified:
        text = to_simplified(text)
    paras = [re.sub(r"[ \t\u3000]+", " ", p).strip() for p in text.split("\n")]
    return "\n".join(spacing(p, rule) for p in strip_boilerplate(paras))


def clean_line(text: str, *, rule: str = "none") -> str:
    return spacing(re.sub(r"\s+", " ", width(text)).strip(), rule)


_SENTENCE_END = re.compile(r"([。！？!?；]+[”’」』）)]*)")


def sentences(paragraph: str) -> list[str]:
    """Split a Chinese paragraph into sentences, keeping closing quotes with their sentence."""
    parts = _SENTENCE_END.split(paragraph)
    out: list[str] = []
    for i in range(0, len(parts), 2):
        chunk = parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
        if chunk.strip():
            out.append(chunk.strip())
    return out
