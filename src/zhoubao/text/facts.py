"""The one fact check: the numbers, dates, works, quoted names, Latin names and organisations of a text that its
sources do not contain. The language-model drafter's guard and the desk's 来源中未见 marks both use it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from zhoubao.text.cjk import HAN
from zhoubao.text.gazetteer import ORGANISATIONS, Lexicon
from zhoubao.text.normalize import to_simplified

_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
_WORK = re.compile(r"《([^《》]{1,40})》")
_QUOTED = re.compile(r"[“\"]([^“”\"]{2,30})[”\"]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*[A-Za-z0-9]|[A-Za-z]")
# Organisation-like names: a run of Han characters ending in a typical suffix.
_ORG = re.compile(rf"[{HAN}]{{2,12}}(?:公司|集团|总局|管理局|委员会|协会|研究院|研究所|电视台|出版社|办公室)")
_SPACE = re.compile(r"\s+")

KINDS = {"date": "日期", "number": "数字", "work": "作品名", "quote": "引语", "latin": "名称", "org": "名称"}


@dataclass(frozen=True)
class Finding:
    """A token of the checked text that no source contains, and what kind of token it is."""

    token: str
    kind: str

    def message(self) -> str:
        return f"{KINDS[self.kind]}“{self.token}”不见于原报道"


def flat(text: str) -> str:
    """Width-, spacing- and script-insensitive form (6 月 1 日 and ６月１日 both become 6月1日; 營收 is 营收): a draft
    printed in simplified is checked against a 繁体 report as stored."""
    if not unicodedata.is_normalized("NFKC", text):  # the quick check: most text needs no change
        text = unicodedata.normalize("NFKC", text)
    return to_simplified(_SPACE.sub("", text))


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


def unsupported(texts: Iterable[str], sources: Iterable[str], published: Iterable[datetime | None] = (), *,
                tz: str, lexicon: Lexicon | None = None) -> list[Finding]:
    """What of `texts` (each checked on its own: a title is not run into its paragraph) no source contains.

    Likewise each of `sources` is searched on its own: pass a report's title and its text as two sources.

    A date also stands when it is a source's day of publication (in `tz`); with a lexicon, the organisations it
    knows are checked by name too.
    """
    if isinstance(texts, str):
        raise TypeError("texts is a sequence of texts (a title, its paragraphs), not one string")
    # Each source is flattened on its own and kept apart by a line break (which flat() would remove): a report's
    # title ending in "1080p" and its text opening with "6月4日" must not make "p6" a token of the sources.
    src = "\n".join(flat(s) for s in sources)
    zone = ZoneInfo(tz)
    local = [d.astimezone(zone) for d in published if d is not None]
    days = {(d.month, d.day) for d in local}
    # A draft writes 明年 as the year it is (draft/faithful.resolve_next_year): that year stands when a source says 明年.
    next_years = {str(d.year + 1) for d in local} if "明年" in src else set()
    found: list[Finding] = []

    def miss(token: str, kind: str) -> None:
        if all(f.token != token for f in found):
            found.append(Finding(token, kind))

    for text in texts:
        body = flat(text)
        for m in _WORK.finditer(body):
            if m.group(0) not in src and m.group(1) not in src:
                miss(m.group(0), "work")
        for m in _DATE.finditer(body):
            month, day = int(m.group(2)), int(m.group(3))
            if m.group(0) not in src and f"{month}月{day}日" not in src and (month, day) not in days:
                miss(m.group(0), "date")
        rest = _DATE.sub(" ", _WORK.sub(" ", body))
        for m in _NUMBER.finditer(rest):
            if not _has_number(src, m.group(0)) and not (m.group(0) in next_years and rest.startswith("年", m.end())):
                miss(m.group(0), "number")
        for m in _LATIN.finditer(body):
            if m.group(0) not in src:
                miss(m.group(0), "latin")
        for m in _QUOTED.finditer(body):
            if m.group(1) not in src:
                miss(m.group(0), "quote")
        for m in _ORG.finditer(body):
            name = m.group(0)
            # Only the tail is a name: try the shortest suffix that still ends in the org word.
            if not any(name[i:] in src for i in range(len(name) - 3)):
                miss(name, "org")
        if lexicon is not None:
            for mention in lexicon.mentions(body):
                if mention.category in ORGANISATIONS and flat(mention.alias) not in src:
                    miss(mention.alias, "org")
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
