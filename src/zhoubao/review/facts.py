"""Numbers and names in an item's text that its source reports do not contain (shown to editors)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from zhoubao.text.cjk import HAN

_DATE = re.compile(r"(\d{1,2})月(\d{1,2})日")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
_WORK = re.compile(r"《[^《》]{1,40}》")
_QUOTED = re.compile(r"[“\"]([^“”\"]{2,30})[”\"]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+\-]{1,}")
# Organisation-like names: a run of CJK characters ending in a typical suffix.
_ORG = re.compile(rf"[{HAN}]{{2,12}}(?:公司|集团|总局|管理局|委员会|协会|研究院|研究所|电视台|出版社|办公室)")


def _flat(text: str) -> str:
    """Width- and spacing-insensitive form (6 月 1 日 and ６月１日 both become 6月1日)."""
    if not unicodedata.is_normalized("NFKC", text):  # the quick check: most text needs no change
        text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub("", text)


_SPACE = re.compile(r"\s+")


def _has_number(src: str, token: str) -> bool:
    r"""`token` occurs in `src` as a number of its own: not right after a digit or a point, nor before a digit.

    The same test as re.search(rf"(?<![\d.]){re.escape(token)}(?![\d])", src), without compiling a pattern
    per token (str.isdecimal is exactly \d for str patterns)."""
    n, i = len(token), src.find(token)
    while i != -1:
        before = src[i - 1] if i else ""
        after = src[i + n] if i + n < len(src) else ""
        if not (before.isdecimal() or before == ".") and not after.isdecimal():
            return True
        i = src.find(token, i + 1)
    return False


def unsupported(text: str, sources: Iterable[str], published: Iterable[datetime | None] = (), *,
                tz: str) -> list[str]:
    """Tokens of `text` (numbers, dates, 《works》, quoted names, Latin names, organisations) missing from sources."""
    body = _flat(text)
    src = _flat("\n".join(sources))
    zone = ZoneInfo(tz)
    days = {(d.astimezone(zone).month, d.astimezone(zone).day) for d in published if d is not None}
    found: list[str] = []

    def miss(token: str) -> None:
        if token not in found:
            found.append(token)

    for m in _DATE.finditer(body):
        if m.group(0) not in src and (int(m.group(1)), int(m.group(2))) not in days:
            miss(m.group(0))
    rest = _DATE.sub(" ", body)
    for m in _NUMBER.finditer(rest):
        tok = m.group(0)
        if not _has_number(src, tok):
            miss(tok)
    for pattern in (_WORK, _LATIN):
        for m in pattern.finditer(body):
            if m.group(0) not in src:
                miss(m.group(0))
    for m in _QUOTED.finditer(body):
        if m.group(1) not in src:
            miss(m.group(0))
    for m in _ORG.finditer(body):
        name = m.group(0)
        # Only the tail is a name: try the shortest suffix that still ends in the org word.
        if not any(name[i:] in src for i in range(len(name) - 3)):
            miss(name)
    return found


def mark(text: str, tokens: Iterable[str]) -> list[tuple[str, bool]]:
    """Split text into (piece, is_unsupported) for highlighting; tokens found verbatim only."""
    toks = sorted({t for t in tokens if t and t in text}, key=len, reverse=True)
    if not toks:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(t) for t in toks))
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out
