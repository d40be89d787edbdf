"""Search tokens: the one tokenizer the archive's full-text index uses when it stores a text and when it asks.

A text becomes: rjieba words of three Han characters or more, the bigrams of every run of Han characters (so
融资 and 芯片 match inside 完成B轮融资 and 芯片厂商, whatever rjieba made of them), a run of a single Han character
as itself, a run's last character joined to the Latin/number term right after it, and Latin/number terms
lower-cased, a model name such as GPT-4o or Qwen2.5 whole and also its parts.
Every token is made of Han characters, a–z, 0–9 and the joiners - _ . + only, never a space, so the token text
(tokens joined by spaces) reads the same to SQLite's FTS5 (unicode61 with those joiners as token characters)
and to PostgreSQL (array_to_tsvector over the split text).

A query is read the same way, but what must match (AND) is its bigrams and Latin terms: rjieba may cut a phrase
alone differently from the same phrase inside a sentence, bigrams do not depend on context. The words as typed
are kept too, as phrases (a Han run's bigrams in order): the index ranks the texts that hold them first, ahead of
those that hold the bigrams apart or only the full name of an alias typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from zhoubao.text.cjk import CJK_PUNCT, HAN
from zhoubao.text.gazetteer import Lexicon, default_lexicon
from zhoubao.text.tokenize import words

_HAN_RUN = re.compile(f"[{HAN}]+")
_HAN_ONLY = re.compile(f"^[{HAN}]+$")
# A Latin or number term: letters and digits, joined by - _ . + inside (GPT-4o, qwen2.5, c++ is "c").
_LATIN = re.compile(r"[a-z0-9]+(?:[-_.+][a-z0-9]+)*")
_JOINER = re.compile(r"[-_.+]")
# A space after CJK punctuation or between two CJK characters (a line break of the original): the snippet
# reads on without it.
_CJK_GAP = re.compile(f"(?<=[{CJK_PUNCT}]) |(?<=[{HAN}]) (?=[{HAN}{CJK_PUNCT}])")


def fold(text: str) -> str:
    """Full-width forms to half-width, compatibility characters to their plain form, Latin lower-cased."""
    return unicodedata.normalize("NFKC", text).lower()


def _latin(text: str) -> list[str]:
    out: list[str] = []
    for m in _LATIN.finditer(text):
        term = m.group(0)
        out.append(term)
        if _JOINER.search(term):
            out.extend(p for p in _JOINER.split(term) if p)
    return out


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _plain_tokens(folded: str, lex: Lexicon) -> list[str]:
    out: list[str] = []
    for w in words(folded, lex):
        w = w.strip("《》")
        if len(w) >= 3 and _HAN_ONLY.match(w):
            out.append(w)
    for m in _HAN_RUN.finditer(folded):
        out.extend(_han_tokens(folded, m))
    out.extend(_latin(folded))
    return out


def _han_tokens(folded: str, m: re.Match[str]) -> list[str]:
    """A Han run's bigrams and, when a Latin or number term follows it, the run's last character joined to that
    term (《山海长歌17》 gives 歌17 after 长歌): the phrase 山海长歌17 is then a run of tokens, not found in
    《山海长歌170》 or in 山海长歌 … 17日."""
    run = m.group(0)
    tail = _LATIN.match(folded, m.end())
    return _bigrams(run) + ([run[-1] + tail.group(0)] if tail else [])


def search_tokens(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The tokens of text as the index stores them (repeats kept: they weigh in the ranking), and once each the
    tokens of the full name of every alias the lexicon knows in it: a text that says B站 or 广电总局 is found by
    哔哩哔哩 or 国家广播电视总局 too."""
    lex = lexicon or default_lexicon()
    folded = fold(text)
    out = _plain_tokens(folded, lex)
    for name in dict.fromkeys(m.name for m in lex.mentions(folded) if fold(m.name) != fold(m.alias)):
        out.extend(t for t in _plain_tokens(fold(name), lex) if t)
    return out


def token_text(text: str) -> str:
    """The tokens of text joined by single spaces: what the full-text index is built over."""
    return " ".join(search_tokens(text))


@dataclass(frozen=True)
class Query:
    """What a query asks: terms that must all be present, prefixes (a lone Han character) and the needles the
    snippet looks for in the original text."""

    terms: tuple[str, ...]
    prefixes: tuple[str, ...]
    needles: tuple[str, ...]
    # The words as typed, each a run of consecutive index tokens (a Han run's bigrams, a Latin term): a text holding
    # them so ranks first. Empty when they ask no more than the terms (one bigram or Latin term a word, no alias).
    phrases: tuple[tuple[str, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.terms or self.prefixes)


def _full_name(segment: str, lex: Lexicon) -> str:
    """The full name for a query word that is an unambiguous enough alias (with a Latin letter, as B站, or of three
    characters or more, as 广电总局), else the word: the index holds a text's aliases under the full name too."""
    for form in (segment, segment.upper()):
        if lex.knows(form):
            name = fold(lex.canonical(form))
            if name != segment and (len(segment) >= 3 or any("a" <= c <= "z" for c in segment)):
                return name
    return segment


def parse_query(query: str, lexicon: Lexicon | None = None) -> Query:
    """The query's tokens: bigrams of its Han runs and its Latin terms must all match; a lone Han character matches
    as the start of a token. A word that is an alias of a name the lexicon knows is asked by the full name."""
    lex = lexicon or default_lexicon()
    segments = fold(query).split()
    asked = [_full_name(seg, lex) for seg in segments]
    folded = " ".join(asked)
    terms: list[str] = []
    prefixes: list[str] = []
    needles: list[str] = [seg for seg, name in zip(segments, asked, strict=True) if seg != name]
    for m in _HAN_RUN.finditer(folded):
        run = m.group(0)
        needles.append(run)
        if len(run) == 1:
            prefixes.append(run)
        else:
            terms.extend(_bigrams(run))
    for term in _latin(folded):
        terms.append(term)
        if not any(term in n for n in needles):
            needles.append(term)
    phrases: list[tuple[str, ...]] = []
    for seg in segments:
        phrases += [tuple(t) for m in _HAN_RUN.finditer(seg) if len(t := _han_tokens(seg, m)) > 1]
        phrases += [(term,) for term in _latin(seg)]
    phrases = list(dict.fromkeys(phrases))
    if asked == segments and all(len(p) == 1 for p in phrases):
        phrases = []
    return Query(tuple(dict.fromkeys(terms)), tuple(dict.fromkeys(prefixes)), tuple(needles), tuple(phrases))


@dataclass(frozen=True)
class Snippet:
    """A piece of the original text: (text, is_match) segments, in order."""

    parts: tuple[tuple[str, bool], ...]

    def marked(self, before: str = "【", after: str = "】") -> str:
        return "".join(f"{before}{t}{after}" if hit else t for t, hit in self.parts)

    @property
    def plain(self) -> str:
        return "".join(t for t, _ in self.parts)


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return fold(ch)


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """text folded character by character, and for each folded character the index of its original one."""
    table = {ord(ch): _fold_char(ch) for ch in set(text)}
    if all(len(f) == 1 for f in table.values()):  # the usual case, one character for one: no walk in Python
        return text.translate(table), list(range(len(text)))
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch)
        chars.append(f)
        where.extend([i] * len(f))
    return "".join(chars), where


def _spans(folded: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the needles (or, for a Han run not found whole, its bigrams) occur in the folded text."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        found = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), folded)]
        if not found and len(needle) > 2 and _HAN_ONLY.match(needle):
            for bg in _bigrams(needle):
                found += [(m.start(), m.end()) for m in re.finditer(re.escape(bg), folded)]
        spans.extend(found)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def snippet(text: str, query: Query, width: int = 80, before: int = 24) -> Snippet:
    """A window of the original text around the first match (its start when nothing matches), matches marked."""
    text = _CJK_GAP.sub("", " ".join(text.split()))
    folded, where = _folded_with_map(text)
    spans = [(where[s], where[e - 1] + 1) for s, e in _spans(folded, query.needles)] if where else []
    first = spans[0][0] if spans else 0
    start = max(0, first - before)
    end = min(len(text), start + width)
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("…", False))
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > pos:
            parts.append((text[pos:s], False))
        parts.append((text[s:e], True))
        pos = e
    if pos < end:
        parts.append((text[pos:end], False))
    if end < len(text):
        parts.append(("…", False))
    return Snippet(tuple(parts))
